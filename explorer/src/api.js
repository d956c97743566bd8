// The node's depin_* methods, paged: every read asks for at most a method's page limit and
// follows the method's cursor. A method the node does not serve throws a MissingMethod, which
// the views show as "this node does not serve depin_X".
import { RpcError } from './rpc.js';

/** Page limits of the methods (the most each accepts). */
export const LIMITS = {
	regions: 1000,
	hexesUnder: 1000,
	hotspotsUnder: 1000,
	offers: 100,
	orders: 100,
	leases: 100,
	devicesOf: 100,
	epochHistory: 64,
};

/** The requirements of an offer search that accept any machine at any price. */
export const ANY_REQUIREMENTS = {
	model: null,
	minVramGib: 0,
	gpuCount: 1,
	region: null,
	maxPricePerHour: '340282366920938463463374607431768211455',
};

export class MissingMethod extends Error {
	constructor(method) {
		super(`this node does not serve ${method}`);
		this.name = 'MissingMethod';
		this.method = method;
	}
}

export class Depin {
	/** @param {import('./rpc.js').RpcClient} rpc */
	constructor(rpc) {
		this.rpc = rpc;
		/** Methods the node answered "method not found" to. */
		this.missing = new Set();
		/** The block hash reads are pinned to (null: the best block). */
		this.at = null;
	}

	/** Calls `method`; `params` get the pinned block hash appended. */
	async call(method, params = [], { pinned = true } = {}) {
		if (this.missing.has(method)) throw new MissingMethod(method);
		const all = pinned && this.at ? [...params, this.at] : params;
		try {
			return await this.rpc.request(method, all);
		} catch (error) {
			if (error instanceof RpcError && error.methodNotFound) {
				this.missing.add(method);
				throw new MissingMethod(method);
			}
			throw error;
		}
	}

	/** Every resolution-4 region holding an active, located hotspot. */
	async regions() {
		const hexes = [];
		let startAfter = null;
		for (;;) {
			const page = await this.call('depin_regions', [startAfter, LIMITS.regions]);
			hexes.push(...page.hexes);
			if (page.next === null || page.next === undefined) return hexes;
			startAfter = page.next;
		}
	}

	/**
	 * The hexes at `resolution` under `parent`, merged by cell: a hex may recur on a later page,
	 * each time with its whole count, so the latest answer stands.
	 */
	async hexesUnder(parent, resolution) {
		const byCell = new Map();
		let startAfter = null;
		for (;;) {
			const page = await this.call('depin_hexesUnder', [parent, resolution, startAfter, LIMITS.hexesUnder]);
			for (const hex of page.hexes) byCell.set(hex.hex.cell, hex);
			if (page.next === null || page.next === undefined) return [...byCell.values()];
			startAfter = page.next;
		}
	}

	/**
	 * Hotspots under `cell` after `startAfter`, following `next` until `want` are found or none
	 * are left: `{hotspots, next}` (`next` null when all are listed).
	 */
	async hotspotsUnder(cell, startAfter = null, want = 100) {
		const hotspots = [];
		let next = startAfter;
		do {
			const page = await this.call('depin_hotspotsUnder', [cell, next, LIMITS.hotspotsUnder]);
			hotspots.push(...page.hotspots);
			next = page.next ?? null;
		} while (next !== null && hotspots.length < want);
		return { hotspots, next };
	}

	/** Pages a method whose cursor is the last item's key and whose short page is the last. */
	async pages(method, head, limit, key, max) {
		const items = [];
		let startAfter = null;
		for (;;) {
			const page = await this.call(method, [...head, startAfter, limit]);
			items.push(...page);
			if (page.length < limit || items.length >= max) return items;
			startAfter = key(page[page.length - 1]);
		}
	}

	/** Offers that meet `requirements` for a term of `duration` blocks (at most `max`). */
	offers(requirements, duration, max = 1000) {
		return this.pages('depin_offers', [requirements, duration], LIMITS.offers, (o) => o.device, max);
	}

	/** Open orders (at most `max`). */
	orders(max = 1000) {
		return this.pages('depin_orders', [], LIMITS.orders, (o) => o.id, max);
	}

	/** Leases (at most `max`). */
	leases(max = 1000) {
		return this.pages('depin_leases', [], LIMITS.leases, (l) => l.id, max);
	}

	/** An owner's devices (at most `max`). */
	devicesOf(owner, max = 500) {
		return this.pages('depin_devicesOf', [owner], LIMITS.devicesOf, (d) => d.id, max);
	}

	/** Ended epochs, newest first, up to `max`. */
	async epochHistory(max = 1024) {
		const epochs = [];
		let before = null;
		for (;;) {
			const page = await this.call('depin_epochHistory', [before, LIMITS.epochHistory]);
			epochs.push(...page);
			if (page.length < LIMITS.epochHistory || epochs.length >= max) return epochs;
			before = page[page.length - 1].epoch;
			if (before === 0) return epochs;
		}
	}

	device(id) {
		return this.call('depin_device', [id]);
	}

	deviceByKey(key) {
		return this.call('depin_deviceByKey', [key]);
	}

	hexCoverage(cell) {
		return this.call('depin_hexCoverage', [cell]);
	}

	hotspotCoverage(id) {
		return this.call('depin_hotspotCoverage', [id]);
	}

	coverageActivity(blocks = 20) {
		return this.call('depin_coverageActivity', [blocks]);
	}

	price() {
		return this.call('depin_price');
	}

	emissions() {
		return this.call('depin_emissions');
	}
}

/** Runs `work` over `items` with at most `limit` at once; returns the results in order. */
export async function mapLimit(items, limit, work) {
	const results = new Array(items.length);
	let next = 0;
	const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await work(items[index], index);
		}
	});
	await Promise.all(lanes);
	return results;
}
