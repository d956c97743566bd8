// Small DOM helpers.

/**
 * Creates an element: `h('td', {class: 'num', dataset: {testid: 'x'}, onclick}, 'text', child)`.
 * Attributes named `data-*`, `on*` (listeners) and `class` are handled; children may be text,
 * nodes, arrays or null.
 */
export function h(tag, attributes = {}, ...children) {
	const element = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes ?? {})) {
		if (value === null || value === undefined || value === false) continue;
		if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
		else if (name === 'class') element.className = value;
		else if (name === 'testid') element.dataset.testid = value;
		else if (name === 'html') element.innerHTML = value;
		else element.setAttribute(name, value === true ? '' : value);
	}
	append(element, children);
	return element;
}

function append(element, children) {
	for (const child of children) {
		if (child === null || child === undefined || child === false) continue;
		if (Array.isArray(child)) append(element, child);
		else element.append(child instanceof Node ? child : String(child));
	}
}

/** Replaces an element's children. */
export function fill(element, ...children) {
	element.replaceChildren();
	append(element, children);
	return element;
}

/**
 * A table: `columns` are `[heading, (row) => cell content, className?]`; each row gets
 * `rowTestid` and the attributes `rowAttrs(row)` gives and, with `onRow`, is clickable.
 */
export function table(columns, rows, { rowTestid, rowAttrs, onRow, empty = 'Nothing to show.', testid } = {}) {
	if (rows.length === 0) return h('p', { class: 'empty', testid: testid ? `${testid}-empty` : null }, empty);
	return h(
		'table',
		{ class: 'grid', testid },
		h('thead', {}, h('tr', {}, columns.map(([heading, , cls]) => h('th', { class: cls }, heading)))),
		h(
			'tbody',
			{},
			rows.map((row) =>
				h(
					'tr',
					{
						testid: rowTestid,
						class: onRow ? 'clickable' : null,
						tabindex: onRow ? '0' : null,
						onclick: onRow ? () => onRow(row) : null,
						onkeydown: onRow ? (event) => event.key === 'Enter' && onRow(row) : null,
						...(rowAttrs ? rowAttrs(row) : {}),
					},
					columns.map(([, cell, cls]) => h('td', { class: cls }, cell(row))),
				),
			),
		),
	);
}

/** A definition list from `[term, value]` pairs. */
export function facts(pairs) {
	return h('dl', { class: 'facts' }, pairs.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

/** A link-styled button. */
export function link(text, onclick, attributes = {}) {
	return h('button', { type: 'button', class: 'link', ...attributes, onclick }, text);
}

/** A card: a titled box. */
export function card(title, attributes, ...children) {
	return h('section', { class: 'card', ...attributes }, h('header', { class: 'card-head' }, title), ...children);
}

/** A note that a view's data could not be read: a missing method or an error. */
export function problem(error) {
	return h('p', { class: 'problem', testid: 'view-problem' }, error?.message ?? String(error));
}
