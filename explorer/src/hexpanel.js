// The panel of a selected hex: its coverage record (`depin_hexCoverage`) and its hotspots
// (`depin_hotspotsUnder`, paged, a page of rows at a time).
import { getResolution, toH3 } from './cells.js';
import { card, facts, h, link, problem, table } from './dom.js';
import { integer } from './format.js';

/** Rows of hotspots shown at first, and added by "Show more". */
const ROWS = 100;

export class HexPanel {
	/**
	 * @param {HTMLElement} slot
	 * @param {{depin: () => any, selectHotspot: Function, close: Function}} ctx
	 */
	constructor(slot, ctx) {
		this.slot = slot;
		this.ctx = ctx;
		this.cell = null;
		this.rows = [];
		this.next = null;
		this.shown = ROWS;
	}

	/** Opens the panel on `cell` (chain form); `drawn` is the map's HexCountView, if any. */
	async open(cell, drawn) {
		this.cell = cell;
		this.drawn = drawn;
		this.shown = ROWS;
		this.slot.replaceChildren(card(this.title(), { testid: 'hex-panel' }, h('p', { class: 'empty' }, 'Loading…')));
		this.slot.scrollIntoView({ block: 'nearest' });
		await this.refresh();
	}

	close() {
		this.cell = null;
		this.slot.replaceChildren();
	}

	title() {
		return [
			h('span', {}, `Hex `, h('span', { class: 'mono' }, this.cell), h('span', { class: 'muted' }, ` · res ${getResolution(toH3(this.cell))}`)),
			h('button', { type: 'button', class: 'close', title: 'Close', onclick: () => this.ctx.close() }, '×'),
		];
	}

	/** Reads the hex again (a new block), keeping as many rows as were shown. */
	async refresh() {
		const cell = this.cell;
		const depin = this.ctx.depin();
		if (!cell || !depin) return;
		let coverage = null;
		let coverageError = null;
		let list = { hotspots: [], next: null };
		let listError = null;
		await Promise.all([
			depin.hexCoverage(cell).then((c) => (coverage = c), (e) => (coverageError = e)),
			depin.hotspotsUnder(cell, null, this.shown).then((l) => (list = l), (e) => (listError = e)),
		]);
		if (cell !== this.cell) return;
		this.rows = list.hotspots;
		this.next = list.next;
		this.coverage = coverage;
		this.render(coverageError, listError);
	}

	async more() {
		const depin = this.ctx.depin();
		if (!depin || this.next === null) return;
		const cell = this.cell;
		const page = await depin.hotspotsUnder(cell, this.next, ROWS);
		if (cell !== this.cell) return;
		this.rows.push(...page.hotspots);
		this.next = page.next;
		this.shown = this.rows.length;
		this.render(null, null);
	}

	render(coverageError, listError) {
		const c = this.coverage;
		const count = c?.count ?? this.drawn?.count;
		const scale = c?.transmitScale ?? this.drawn?.transmitScale ?? null;
		const summary = facts([
			['Active hotspots', h('b', { testid: 'hex-hotspot-count' }, count === undefined ? '—' : integer(count))],
			...(scale !== null ? [['Transmit scale', h('span', { testid: 'hex-scale' }, `${Number(scale).toFixed(3)}${c?.scaleFixedForEpoch ? ' (fixed for the epoch)' : ' (if the epoch ended now)'}`)]] : []),
		]);
		const rows = table(
			[
				['Hotspot', (r) => link(`#${r.id}`, () => this.ctx.selectHotspot(r.id)), ''],
				['Location', (r) => h('span', { class: 'mono' }, r.location.cell), ''],
				['Res', (r) => r.location.resolution, 'num'],
			],
			this.rows,
			{
				rowTestid: 'hotspot-row',
				rowAttrs: (r) => ({ 'data-id': r.id }),
				onRow: (r) => this.ctx.selectHotspot(r.id),
				empty: 'No active, located hotspot under this hex.',
				testid: 'hex-hotspots',
			},
		);
		this.slot.replaceChildren(
			card(
				this.title(),
				{ testid: 'hex-panel', 'data-cell': this.cell },
				coverageError ? problem(coverageError) : summary,
				h('h3', {}, `Hotspots${this.next === null ? ` (${this.rows.length})` : ` (first ${this.rows.length})`}`),
				listError ? problem(listError) : h('div', { class: 'table-scroll short' }, rows),
				this.next !== null
					? h('button', { type: 'button', class: 'more', testid: 'hex-more', onclick: () => this.more() }, 'Show more')
					: null,
			),
		);
	}
}

