// Proof-of-coverage activity (`depin_coverageActivity`): the feed of recent events, and the
// events naming one hotspot.
import { h, link } from './dom.js';
import { block, integer, short, words } from './format.js';

/** One event as a line; device ids are links to their hotspot. */
export function describe(event, selectHotspot) {
	const hotspot = (id) => link(`#${id}`, () => selectHotspot(id), { title: `hotspot ${id}` });
	const beacon = h('span', { class: 'mono muted', title: event.beacon }, short(event.beacon, 8, 4));
	switch (event.kind) {
		case 'beaconAccepted':
			return ['Hotspot ', hotspot(event.beaconer), ' beaconed ', beacon, `; receipts until ${block(event.closesAt)}`];
		case 'receiptsCounted':
			return [`${integer(event.count)} witness receipts counted for `, beacon];
		case 'beaconRewarded':
			return [
				'Beacon of ',
				hotspot(event.beaconer),
				` rewarded in epoch ${event.epoch}: ${integer(event.validWitnesses)} valid witnesses, ${integer(event.shares)} shares`,
			];
		case 'witnessInvalid':
			return ['Receipt of ', hotspot(event.witness), ` refused: ${words(event.reason)} (beacon `, beacon, ')'];
		default:
			return [`${event.kind}`];
	}
}

/** Renders the feed of `activity` into `body`, at most `max` events. */
export function renderFeed(body, activity, selectHotspot, max = 80) {
	const items = [];
	for (const entry of activity.blocks) {
		for (const event of entry.events) {
			if (items.length >= max) break;
			items.push(
				h('li', { testid: 'activity-item' }, h('span', { class: 'at' }, block(entry.block)), h('span', {}, describe(event, selectHotspot))),
			);
		}
	}
	if (items.length === 0) {
		return [h('p', { class: 'empty' }, `No coverage events in blocks ${block(activity.from)} to ${block(activity.to)}.`)];
	}
	return [h('ul', { class: 'feed' }, items)];
}

/**
 * The events of `activity` naming hotspot `id`: its beacons (accepted and rewarded, with the
 * receipts counted for them) and its witness receipts (rewarded or refused).
 */
export function eventsOf(activity, id) {
	const beacons = new Set();
	const mine = [];
	// Oldest first, so a beacon is known before its later events.
	for (const entry of [...activity.blocks].reverse()) {
		for (const event of entry.events) {
			const named =
				event.beaconer === id ||
				event.witness === id ||
				(event.kind === 'beaconRewarded' && event.witnesses?.some((w) => w.id === id)) ||
				(event.kind === 'receiptsCounted' && beacons.has(event.beacon));
			if (event.kind === 'beaconAccepted' && event.beaconer === id) beacons.add(event.beacon);
			if (named) mine.push({ block: entry.block, event });
		}
	}
	return mine.reverse();
}
