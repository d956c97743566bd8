// The panel of one device (`depin_device`): for a hotspot (`data-testid="hotspot-panel"`) its
// coverage record (`depin_hotspotCoverage`) with refused receipts, and its beacons and witness
// receipts among the recent coverage events (`depin_coverageActivity`); for a GPU
// (`data-testid="device-panel"`) its attributes.
import { cellToParent } from 'h3-js';
import { describe, eventsOf } from './activity.js';
import { getResolution, toH3 } from './cells.js';
import { card, facts, h, link, problem, table } from './dom.js';
import { block, dpn, integer, words } from './format.js';

/** How many blocks of coverage events a hotspot's panel searches. */
const ACTIVITY_BLOCKS = 100;

/** A device status as a pill. */
export function statusPill(status) {
	if (!status) return '—';
	const type = status.type ?? status;
	const cls = type === 'active' ? 'good' : type === 'suspended' ? 'bad' : 'warn';
	const extra = status.reason ? ` (${words(status.reason)})` : '';
	return h('span', { class: `pill ${cls}` }, `${words(type)}${extra}`);
}

export class DevicePanel {
	/**
	 * @param {HTMLElement} slot
	 * @param {{depin: () => any, selectHotspot: Function, selectHex: Function, searchOwner: Function, close: Function}} ctx
	 */
	constructor(slot, ctx) {
		this.slot = slot;
		this.ctx = ctx;
		this.id = null;
	}

	async open(id, device = null) {
		this.id = id;
		this.slot.replaceChildren(card(this.title('Device'), { testid: 'device-loading' }, h('p', { class: 'empty' }, 'Loading…')));
		await this.refresh(device);
		if (id === this.id) this.slot.scrollIntoView({ block: 'nearest' });
	}

	close() {
		this.id = null;
		this.device = null;
		this.slot.replaceChildren();
	}

	/** Whether the device shown is located in hex `cell` (chain form). */
	isIn(cell) {
		const location = this.device?.location?.cell;
		if (!location) return false;
		const hex = toH3(cell);
		const resolution = getResolution(hex);
		const at = toH3(location);
		return getResolution(at) >= resolution && cellToParent(at, resolution) === hex;
	}

	title(kind) {
		return [
			h('span', {}, `${kind} `, h('span', { class: 'mono' }, `#${this.id}`)),
			h('button', { type: 'button', class: 'close', title: 'Close', onclick: () => this.ctx.close() }, '×'),
		];
	}

	async refresh(known = null) {
		const id = this.id;
		const depin = this.ctx.depin();
		if (id === null || !depin) return;
		let device = known;
		try {
			device ??= await depin.device(id);
		} catch (error) {
			if (id === this.id) this.slot.replaceChildren(card(this.title('Device'), { testid: 'device-panel' }, problem(error)));
			return;
		}
		if (id !== this.id) return;
		this.device = device;
		if (!device) {
			this.slot.replaceChildren(card(this.title('Device'), { testid: 'device-panel' }, h('p', { class: 'empty' }, `No device ${id} on this chain.`)));
			return;
		}
		if (device.class !== 'hotspot') {
			this.slot.replaceChildren(card(this.title(words(device.class).replace(/^./, (c) => c.toUpperCase())), { testid: 'device-panel' }, this.basics(device), this.attributes(device)));
			return;
		}
		let coverage = null;
		let coverageError = null;
		let activity = null;
		let activityError = null;
		await Promise.all([
			depin.hotspotCoverage(id).then((c) => (coverage = c), (e) => (coverageError = e)),
			depin.coverageActivity(ACTIVITY_BLOCKS).then((a) => (activity = a), (e) => (activityError = e)),
		]);
		if (id !== this.id) return;
		this.slot.replaceChildren(
			card(
				this.title('Hotspot'),
				{ testid: 'hotspot-panel', 'data-device': String(id) },
				this.basics(device),
				h('h3', {}, 'Proof of coverage'),
				coverageError ? problem(coverageError) : this.coverage(coverage),
				h('h3', {}, 'Refused receipts'),
				coverageError ? null : this.refusals(coverage),
				h('h3', {}, `Recent beacons and receipts`),
				activityError ? problem(activityError) : this.activity(activity),
			),
		);
	}

	basics(device) {
		const location = device.location;
		return facts([
			['Owner', link(device.owner, () => this.ctx.searchOwner(device.owner), { testid: 'device-owner', title: 'Devices of this owner' })],
			['Class', h('span', { testid: 'device-class' }, device.class)],
			['Status', h('span', { testid: 'device-status' }, statusPill(device.status))],
			[
				'Location',
				location
					? link(location.cell, () => this.ctx.selectHex(location.cell), { testid: 'device-location', title: 'Show on the map' })
					: h('span', { class: 'muted', testid: 'device-location' }, 'not located'),
			],
			['Key', h('span', { class: 'mono', title: device.key.publicKey }, `${device.key.type}:${device.key.publicKey.slice(0, 12)}…`)],
			['Maker', `#${device.maker}`],
			['Onboarded', block(device.onboardedAt)],
			['Bond', dpn(device.bond)],
		]);
	}

	attributes(device) {
		const a = device.attributes ?? {};
		if (a.type === 'gpu') {
			return [
				h('h3', {}, 'GPU'),
				facts([
					['Model', `${a.vendor} ${a.model}`],
					['VRAM', `${a.vramGib} GiB per GPU`],
					['GPUs', integer(a.count)],
					['Interface', String(a.interface).toUpperCase()],
				]),
			];
		}
		const pairs = Object.entries(a).filter(([k]) => k !== 'type').map(([k, v]) => [words(k), String(v)]);
		return pairs.length ? [h('h3', {}, 'Attributes'), facts(pairs)] : null;
	}

	coverage(c) {
		return facts([
			['Last beacon', h('span', { testid: 'last-beacon' }, block(c.lastBeacon))],
			['Last beacon with witness', h('span', { testid: 'last-beacon-with-witness' }, block(c.lastBeaconWithWitness))],
			['Last valid witness', h('span', { testid: 'last-valid-witness' }, block(c.lastValidWitness))],
			['Shares this epoch', h('span', { testid: 'epoch-shares' }, `${integer(c.epochShares)} (epoch ${c.currentEpoch})`)],
			[
				'Counted at',
				c.countedAt
					? link(c.countedAt.cell, () => this.ctx.selectHex(c.countedAt.cell), { title: 'Show on the map' })
					: h('span', { class: 'muted' }, 'not counted'),
			],
		]);
	}

	refusals(c) {
		return table(
			[
				['Block', (r) => block(r.at), 'num'],
				['Beaconer', (r) => link(`#${r.beaconer}`, () => this.ctx.selectHotspot(r.beaconer)), ''],
				['Reason', (r) => h('span', { class: 'pill warn', testid: 'refusal-reason', title: r.reason }, words(r.reason)), ''],
			],
			[...c.refusals].sort((a, b) => b.at - a.at),
			{ rowTestid: 'refusal-row', rowAttrs: (r) => ({ 'data-reason': r.reason, 'data-block': r.at }), testid: 'refusals', empty: 'None remembered.' },
		);
	}

	activity(activity) {
		const mine = eventsOf(activity, this.id);
		if (mine.length === 0) {
			return h('p', { class: 'empty', testid: 'hotspot-activity' }, `Nothing in blocks ${block(activity.from)} to ${block(activity.to)}.`);
		}
		return h(
			'ul',
			{ class: 'feed', testid: 'hotspot-activity' },
			mine.slice(0, 40).map(({ block: at, event }) =>
				h('li', { testid: 'hotspot-event' }, h('span', { class: 'at' }, block(at)), h('span', {}, this.line(event))),
			),
		);
	}

	/** An event as this hotspot's line: its own rewards read as such. */
	line(event) {
		if (event.kind === 'beaconRewarded' && event.beaconer !== this.id) {
			const mine = event.witnesses.find((w) => w.id === this.id);
			return [
				'Witnessed the beacon of ',
				link(`#${event.beaconer}`, () => this.ctx.selectHotspot(event.beaconer)),
				`: ${integer(mine?.shares ?? 0)} shares in epoch ${event.epoch}`,
			];
		}
		return describe(event, (id) => this.ctx.selectHotspot(id));
	}
}
