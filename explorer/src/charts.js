// Small SVG charts, one point element per epoch (`data-testid="point"`): lines, bars and
// stacked bars over the epochs. What each chart drew is kept for `chartPoints(name)`.
import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
/** The width drawn when the box has none yet (hidden); the box's own width otherwise. */
const DEFAULT_WIDTH = 760;
const HEIGHT = 210;
const MARGIN = { top: 12, right: 14, bottom: 28, left: 62 };

/** What each chart drew, by name: `[{epoch, values: {series: number|null}}]`. */
export const drawn = new Map();

function svg(tag, attributes = {}, ...children) {
	const element = document.createElementNS(SVG, tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === null || value === undefined) continue;
		if (name === 'testid') element.setAttribute('data-testid', value);
		else element.setAttribute(name, String(value));
	}
	for (const child of children.flat()) if (child) element.append(child);
	return element;
}

/** Round tick values covering [min, max]. */
function ticks(min, max, count = 4) {
	if (min === max) {
		const pad = Math.abs(min) * 0.1 || 1;
		min -= pad;
		max += pad;
	}
	const step0 = (max - min) / count;
	const magnitude = 10 ** Math.floor(Math.log10(step0));
	const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= step0) ?? step0;
	const start = Math.floor(min / step) * step;
	const end = Math.ceil(max / step) * step;
	const values = [];
	for (let v = start; v <= end + step / 2; v += step) values.push(Number(v.toPrecision(12)));
	return values;
}

/** A short number: 1.2k, 3.4M, 5.6B. */
export function compact(value) {
	if (value === null || value === undefined || Number.isNaN(value)) return '—';
	const abs = Math.abs(value);
	const units = [
		[1e12, 'T'],
		[1e9, 'B'],
		[1e6, 'M'],
		[1e3, 'k'],
	];
	for (const [at, suffix] of units) if (abs >= at) return `${+(value / at).toPrecision(3)}${suffix}`;
	if (abs === 0) return '0';
	if (abs < 0.01) return value.toExponential(1);
	return `${+value.toPrecision(3)}`;
}

/**
 * Draws a chart into `element`.
 * @param {HTMLElement} element the chart's box (`data-testid="chart-<name>"`)
 * @param {object} spec
 * @param {string} spec.name
 * @param {number[]} spec.epochs ascending
 * @param {{key: string, label: string, color: string, values: (number|null)[]}[]} spec.series
 * @param {'line' | 'bars' | 'stacked'} spec.kind
 * @param {(v: number) => string} [spec.format] the value as tooltip text
 * @param {boolean} [spec.zero] whether the y axis starts at zero (bars always do)
 */
export function drawChart(element, spec) {
	const { name, epochs, series, kind } = spec;
	// Drawn at the box's width in pixels, so text keeps its size; again when the box resizes.
	const WIDTH = Math.max(320, Math.round(element.clientWidth) || DEFAULT_WIDTH);
	element.chartSpec = spec;
	element.chartWidth = WIDTH;
	if (!element.chartObserver && typeof ResizeObserver !== 'undefined') {
		element.chartObserver = new ResizeObserver(() => {
			const width = Math.round(element.clientWidth);
			if (width > 0 && Math.abs(width - element.chartWidth) > 8) drawChart(element, element.chartSpec);
		});
		element.chartObserver.observe(element);
	}
	const format = spec.format ?? compact;
	const points = epochs.map((epoch, i) => ({
		epoch,
		values: Object.fromEntries(series.map((s) => [s.key, s.values[i] ?? null])),
	}));
	drawn.set(name, points);

	const inner = { w: WIDTH - MARGIN.left - MARGIN.right, h: HEIGHT - MARGIN.top - MARGIN.bottom };
	const totals = points.map((p) =>
		kind === 'stacked' ? series.reduce((sum, s) => sum + (p.values[s.key] ?? 0), 0) : null,
	);
	const all = kind === 'stacked' ? totals : points.flatMap((p) => series.map((s) => p.values[s.key])).filter((v) => v !== null);
	let lo = all.length ? Math.min(...all) : 0;
	let hi = all.length ? Math.max(...all) : 1;
	if (kind !== 'line' || spec.zero) lo = Math.min(0, lo);
	if (kind === 'line' && !spec.zero) {
		const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.05 || 1;
		lo -= pad;
		hi += pad;
	}
	const yTicks = ticks(lo, hi);
	const [y0, y1] = [yTicks[0], yTicks[yTicks.length - 1]];
	const y = (v) => MARGIN.top + inner.h - ((v - y0) / (y1 - y0 || 1)) * inner.h;
	const band = inner.w / Math.max(points.length, 1);
	const x = (i) => MARGIN.left + band * (i + 0.5);
	const barWidth = Math.max(1, Math.min(36, band * 0.7));

	const grid = yTicks.map((v) =>
		svg(
			'g',
			{ class: 'axis' },
			svg('line', { class: 'grid-line', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(v), y2: y(v) }),
			svg('text', { x: MARGIN.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, document.createTextNode(compact(v))),
		),
	);
	const every = Math.max(1, Math.ceil(points.length / 10));
	const xLabels = points
		.map((p, i) =>
			i % every === 0 || i === points.length - 1
				? svg('text', { x: x(i), y: HEIGHT - 8, 'text-anchor': 'middle' }, document.createTextNode(String(p.epoch)))
				: null,
		)
		.filter(Boolean);

	const marks = [];
	if (kind === 'line') {
		for (const s of series) {
			let d = '';
			let pen = false;
			points.forEach((p, i) => {
				const v = p.values[s.key];
				if (v === null) {
					pen = false;
					return;
				}
				d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
				pen = true;
			});
			if (d) marks.push(svg('path', { d, fill: 'none', stroke: s.color, 'stroke-width': 2 }));
		}
	}
	const pointElements = points.map((p, i) => {
		const text = `epoch ${p.epoch}\n${series.map((s) => `${s.label}: ${p.values[s.key] === null ? '—' : format(p.values[s.key])}`).join('\n')}`;
		const children = [svg('title', {}, document.createTextNode(text))];
		if (kind === 'line') {
			for (const s of series) {
				const v = p.values[s.key];
				if (v !== null) children.push(svg('circle', { cx: x(i), cy: y(v), r: points.length > 60 ? 1.5 : 3, fill: s.color }));
			}
		} else if (kind === 'bars') {
			const w = barWidth / series.length;
			series.forEach((s, k) => {
				const v = p.values[s.key];
				if (v === null) return;
				const left = x(i) - barWidth / 2 + k * w;
				children.push(svg('rect', { x: left, width: Math.max(w - 1, 0.5), y: Math.min(y(v), y(0)), height: Math.max(Math.abs(y(0) - y(v)), 0.5), fill: s.color }));
			});
		} else {
			let base = 0;
			for (const s of series) {
				const v = p.values[s.key] ?? 0;
				if (v > 0) {
					children.push(svg('rect', { x: x(i) - barWidth / 2, width: barWidth, y: y(base + v), height: Math.max(y(base) - y(base + v), 0.5), fill: s.color }));
				}
				base += v;
			}
		}
		// A transparent column makes the whole epoch hoverable.
		children.unshift(svg('rect', { x: x(i) - band / 2, y: MARGIN.top, width: band, height: inner.h, fill: 'transparent' }));
		return svg('g', { testid: 'point', 'data-epoch': p.epoch }, children);
	});

	const chart = svg(
		'svg',
		{ viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': spec.title ?? name },
		grid,
		svg('line', { class: 'axis', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(Math.max(y0, Math.min(0, y1))), y2: y(Math.max(y0, Math.min(0, y1))), stroke: '#3a4d73' }),
		svg('g', { class: 'axis' }, xLabels),
		marks,
		pointElements,
	);
	const legend =
		series.length > 1
			? h('div', { class: 'chart-legend' }, series.map((s) => h('span', {}, h('span', { class: 'swatch', style: `background:${s.color}` }), s.label)))
			: null;
	const empty = points.length === 0 ? h('p', { class: 'empty' }, 'No epoch has ended yet.') : null;
	element.replaceChildren(...[empty ?? chart, legend].filter(Boolean));
}
