// The search box: a device id, a device key, an account, an H3 cell or a position.
import { latLngToCell } from 'h3-js';
import { parseCell } from './cells.js';
import { h, link, table } from './dom.js';
import { short } from './format.js';
import { statusPill } from './devicepanel.js';

const DEVICE_KEY = /^(ed25519|sr25519):0x[0-9a-f]{64}$/i;
const SS58 = /^[1-9A-HJ-NP-Za-km-z]{46,48}$/;
const LAT_LNG = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/;

/** What a search text is: `{kind, value}`, or null. */
export function classify(text) {
	const t = text.trim();
	// A 15-digit number that is a valid H3 index is a cell; other numbers are device ids.
	if (/^\d{1,20}$/.test(t) && !(t.length === 15 && parseCell(t))) return { kind: 'device', value: Number(t) };
	if (DEVICE_KEY.test(t)) return { kind: 'key', value: t.replace(/^(\w+):0x/i, (_, scheme) => `${scheme.toLowerCase()}:0x`).toLowerCase() };
	const cell = parseCell(t);
	if (cell) return { kind: 'cell', value: cell };
	const position = LAT_LNG.exec(t);
	if (position) {
		const [lat, lng] = [Number(position[1]), Number(position[2])];
		if (Math.abs(lat) <= 90 && Math.abs(lng) <= 180) return { kind: 'position', value: [lat, lng] };
	}
	if (SS58.test(t)) return { kind: 'account', value: t };
	return null;
}

export class Search {
	/**
	 * @param {HTMLFormElement} form
	 * @param {{depin: () => any, showDevice: Function, showCell: Function, resolution: () => number, message: Function}} ctx
	 */
	constructor(form, ctx) {
		this.form = form;
		this.ctx = ctx;
		this.input = form.querySelector('[data-testid="search"]');
		this.results = form.querySelector('[data-testid="search-results"]');
		form.addEventListener('submit', (event) => {
			event.preventDefault();
			this.run(this.input.value);
		});
		document.addEventListener('click', (event) => {
			if (!form.contains(event.target)) this.results.hidden = true;
		});
		document.addEventListener('keydown', (event) => {
			if (event.key === 'Escape') this.results.hidden = true;
		});
	}

	/** Runs a search; resolves once its result is shown. */
	async run(text) {
		this.results.hidden = true;
		const query = classify(text);
		const depin = this.ctx.depin();
		if (!query) {
			this.ctx.message(
				text.trim()
					? `"${text.trim()}" is not a device id, device key (ed25519:0x… / sr25519:0x…), account, H3 cell (0x + 16 hex digits, or 15) or lat,lng.`
					: 'Type a device id, device key, account, H3 cell or lat,lng.',
			);
			return;
		}
		if (!depin && query.kind !== 'cell' && query.kind !== 'position') {
			this.ctx.message('Not connected to a node.');
			return;
		}
		try {
			switch (query.kind) {
				case 'device': {
					const device = await depin.device(query.value);
					if (!device) this.ctx.message(`No device ${query.value} on this chain.`);
					else await this.ctx.showDevice(device);
					break;
				}
				case 'key': {
					const device = await depin.deviceByKey(query.value);
					if (!device) this.ctx.message(`No device registered with the key ${short(query.value, 16, 6)}.`);
					else await this.ctx.showDevice(device);
					break;
				}
				case 'cell':
					await this.ctx.showCell(query.value);
					break;
				case 'position': {
					const [lat, lng] = query.value;
					await this.ctx.showCell(latLngToCell(lat, lng, this.ctx.resolution()));
					break;
				}
				case 'account':
					await this.owner(query.value);
					break;
			}
		} catch (error) {
			this.ctx.message(`Search failed: ${error.message}`);
		}
	}

	/** Lists an account's devices under the search box. */
	async owner(account) {
		const depin = this.ctx.depin();
		const devices = await depin.devicesOf(account);
		this.input.value = account;
		this.results.replaceChildren(
			h('div', { class: 'card-head' }, h('span', {}, 'Devices of ', h('span', { class: 'mono', title: account }, short(account, 8, 6))), h('span', { class: 'muted' }, `${devices.length}${devices.length >= 500 ? '+' : ''}`)),
			table(
				[
					['Device', (d) => link(`#${d.id}`, () => this.pick(d)), ''],
					['Class', (d) => d.class, ''],
					['Status', (d) => statusPill(d.status), ''],
					['Location', (d) => (d.location ? h('span', { class: 'mono' }, d.location.cell) : h('span', { class: 'muted' }, '—')), ''],
				],
				devices,
				{ rowTestid: 'search-result', rowAttrs: (d) => ({ 'data-id': d.id }), onRow: (d) => this.pick(d), empty: 'This account owns no device.' },
			),
		);
		this.results.hidden = false;
	}

	pick(device) {
		this.results.hidden = true;
		this.ctx.showDevice(device);
	}
}
