// The GPU market view: offers that meet a tenant's requirements (`depin_offers`, with each
// offer's GPU from `depin_device`), open orders (`depin_orders`) and leases (`depin_leases`).
import { ANY_REQUIREMENTS, mapLimit } from './api.js';
import { DevicePanel } from './devicepanel.js';
import { card, h, link, problem, table } from './dom.js';
import { block, creditsShort as credits, integer, short, words } from './format.js';

/** The default lease term searched for: 600 blocks (an hour of 6-second blocks). */
export const DEFAULT_TERM = 600;

const account = (ss58, onclick) => link(short(ss58), onclick, { title: ss58, class: 'link nowrap' });

function leaseState(state) {
	if (!state) return '—';
	switch (state.type) {
		case 'active':
			return h('span', { class: 'pill good', testid: 'lease-state' }, 'active');
		case 'paused':
			return h('span', { class: 'pill warn', testid: 'lease-state' }, `paused since ${block(state.since)}`);
		case 'closed':
			return h('span', { class: 'pill bad', testid: 'lease-state' }, `closed at ${block(state.at)}: ${words(state.reason)}`);
		default:
			return h('span', { class: 'pill', testid: 'lease-state' }, state.type);
	}
}

export class GpuView {
	/**
	 * @param {HTMLElement} root the view's section
	 * @param {{depin: () => any, searchOwner: Function, showHotspot: Function, showCell: Function}} app
	 */
	constructor(root, app) {
		this.root = root;
		this.app = app;
		/** GPU attributes never change after onboarding: device records are kept by id. */
		this.devices = new Map();
		this.filters = { model: '', minVramGib: '', gpuCount: '', region: '', maxPrice: '', term: String(DEFAULT_TERM) };
		this.build();
	}

	build() {
		const input = (key, label, attributes = {}) =>
			h('label', {}, label, h('input', { name: key, value: this.filters[key], testid: `filter-${key}`, ...attributes }));
		this.form = h(
			'form',
			{
				class: 'filters',
				testid: 'offer-filters',
				onsubmit: (event) => {
					event.preventDefault();
					for (const element of this.form.elements) if (element.name) this.filters[element.name] = element.value.trim();
					this.refresh();
				},
			},
			input('model', 'Model', { placeholder: 'any, e.g. H100' }),
			input('minVramGib', 'Min VRAM (GiB)', { type: 'number', min: '0', placeholder: '0' }),
			input('gpuCount', 'Min GPUs', { type: 'number', min: '1', placeholder: '1' }),
			input('region', 'Region', { placeholder: 'any, e.g. us-east' }),
			input('maxPrice', 'Max credits / hour', { type: 'number', min: '1', placeholder: 'any' }),
			input('term', 'Term (blocks)', { type: 'number', min: '1' }),
			h('button', { type: 'submit', testid: 'offer-search' }, 'Find offers'),
		);
		this.deviceSlot = h('div', { class: 'wide' });
		this.offersBody = h('div', { class: 'table-scroll' }, h('p', { class: 'empty' }, 'Waiting for the node…'));
		this.ordersBody = h('div', { class: 'table-scroll' }, h('p', { class: 'empty' }, 'Waiting for the node…'));
		this.leasesBody = h('div', { class: 'table-scroll' }, h('p', { class: 'empty' }, 'Waiting for the node…'));
		this.offersCount = h('span', { class: 'muted', testid: 'offer-count' });
		this.ordersCount = h('span', { class: 'muted' });
		this.leasesCount = h('span', { class: 'muted' });
		this.root.replaceChildren(
			h('div', { class: 'page-head' }, h('h2', {}, 'GPU market'), h('span', { class: 'muted' }, 'Machines for lease, what tenants ask for, and the leases running')),
			h(
				'div',
				{ class: 'page-grid' },
				this.deviceSlot,
				card([h('span', {}, 'Offers ', this.offersCount)], { class: 'card wide', testid: 'offers-card' }, this.form, h('div', { style: 'height:10px' }), this.offersBody),
				card([h('span', {}, 'Open orders ', this.ordersCount)], { class: 'card wide', testid: 'orders-card' }, this.ordersBody),
				card([h('span', {}, 'Leases ', this.leasesCount)], { class: 'card wide', testid: 'leases-card' }, this.leasesBody),
			),
		);
		this.devicePanel = new DevicePanel(this.deviceSlot, {
			depin: this.app.depin,
			selectHotspot: (id) => this.app.showHotspot(id),
			selectHex: (cell) => this.app.showCell(cell),
			searchOwner: this.app.searchOwner,
			close: () => this.devicePanel.close(),
		});
	}

	/** The requirements the form describes. */
	requirements() {
		const f = this.filters;
		return {
			...ANY_REQUIREMENTS,
			model: f.model || null,
			minVramGib: f.minVramGib ? Number(f.minVramGib) : 0,
			gpuCount: f.gpuCount ? Math.max(1, Number(f.gpuCount)) : 1,
			region: f.region || null,
			maxPricePerHour: f.maxPrice ? String(f.maxPrice) : ANY_REQUIREMENTS.maxPricePerHour,
		};
	}

	reset() {
		this.devices.clear();
		this.devicePanel.close();
	}

	/** Shows device `id` (a GPU) above the tables. */
	showDevice(id, device = null) {
		this.root.scrollTop = 0;
		return this.devicePanel.open(Number(id), device);
	}

	async refresh() {
		const depin = this.app.depin();
		if (!depin) return;
		await Promise.all([this.refreshOffers(depin), this.refreshOrders(depin), this.refreshLeases(depin), this.devicePanel.refresh()]);
	}

	async device(depin, id) {
		if (!this.devices.has(id)) {
			const device = await depin.device(id);
			if (device) this.devices.set(id, device);
			return device;
		}
		return this.devices.get(id);
	}

	async refreshOffers(depin) {
		let offers;
		try {
			offers = await depin.offers(this.requirements(), Number(this.filters.term) || DEFAULT_TERM);
			await mapLimit(offers, 8, (offer) => this.device(depin, offer.device).catch(() => null));
		} catch (error) {
			this.offersBody.replaceChildren(problem(error));
			this.offersCount.textContent = '';
			return;
		}
		const gpu = (offer) => this.devices.get(offer.device)?.attributes ?? {};
		this.offersCount.textContent = `(${integer(offers.length)})`;
		this.offersBody.replaceChildren(
			table(
				[
					['Device', (o) => link(`#${o.device}`, () => this.showDevice(o.device)), ''],
					['Model', (o) => (gpu(o).model ? `${gpu(o).vendor} ${gpu(o).model}` : '—'), ''],
					['VRAM GiB', (o) => gpu(o).vramGib ?? '—', 'num'],
					['GPUs', (o) => gpu(o).count ?? '—', 'num'],
					['Region', (o) => o.region, ''],
					['Credits / hour', (o) => credits(o.pricePerHour), 'num'],
					['Term (blocks)', (o) => `${integer(o.minDuration)} – ${integer(o.maxDuration)}`, 'num'],
					['Provider', (o) => account(o.provider, () => this.app.searchOwner(o.provider)), ''],
				],
				offers,
				{ rowTestid: 'offer-row', rowAttrs: (o) => ({ 'data-device': o.device }), testid: 'offers', empty: `No offer can be leased now for a term of ${this.filters.term} blocks with these requirements.` },
			),
		);
	}

	async refreshOrders(depin) {
		let orders;
		try {
			orders = await depin.orders();
		} catch (error) {
			this.ordersBody.replaceChildren(problem(error));
			this.ordersCount.textContent = '';
			return;
		}
		this.ordersCount.textContent = `(${integer(orders.length)})`;
		const wants = (r) =>
			[r.model ?? 'any model', r.minVramGib ? `≥ ${r.minVramGib} GiB` : null, `≥ ${r.gpuCount ?? 1} GPU${(r.gpuCount ?? 1) === 1 ? '' : 's'}`, r.region ?? 'any region'].filter(Boolean).join(' · ');
		this.ordersBody.replaceChildren(
			table(
				[
					['Order', (o) => `#${o.id}`, ''],
					['Tenant', (o) => account(o.tenant, () => this.app.searchOwner(o.tenant)), ''],
					['Wants', (o) => wants(o.requirements), ''],
					['Max credits / hour', (o) => credits(o.requirements.maxPricePerHour), 'num'],
					['Term', (o) => `${integer(o.duration)} blocks`, 'num'],
					['Escrow (credits)', (o) => credits(o.escrow), 'num'],
					['Expires', (o) => block(o.expiresAt), 'num'],
					['Bids', (o) => integer(o.bids), 'num'],
				],
				orders,
				{ rowTestid: 'order-row', rowAttrs: (o) => ({ 'data-id': o.id }), testid: 'orders', empty: 'No open orders.' },
			),
		);
	}

	async refreshLeases(depin) {
		let leases;
		try {
			leases = await depin.leases();
		} catch (error) {
			this.leasesBody.replaceChildren(problem(error));
			this.leasesCount.textContent = '';
			return;
		}
		this.leasesCount.textContent = `(${integer(leases.length)})`;
		this.leasesBody.replaceChildren(
			table(
				[
					['Lease', (l) => `#${l.id}`, ''],
					['Device', (l) => link(`#${l.device}`, () => this.showDevice(l.device)), ''],
					['Tenant', (l) => account(l.tenant, () => this.app.searchOwner(l.tenant)), ''],
					['Provider', (l) => account(l.provider, () => this.app.searchOwner(l.provider)), ''],
					['Credits / hour', (l) => credits(l.pricePerHour), 'num'],
					['Owed (credits)', (l) => credits(l.owed), 'num'],
					['Blocks', (l) => `${block(l.startedAt)} – ${block(l.endsAt)}`, 'num'],
					['State', (l) => leaseState(l.state), ''],
				],
				leases,
				{ rowTestid: 'lease-row', rowAttrs: (l) => ({ 'data-id': l.id, 'data-state': l.state?.type }), testid: 'leases', empty: 'No leases.' },
			),
		);
	}
}
