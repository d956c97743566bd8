// The map view: the map with its hex layer, toolbar, legend and tooltip, the panels of the
// selected hex and hotspot, and the recent-activity feed.
import { renderFeed } from './activity.js';
import { cellToParent } from 'h3-js';
import { centre, getResolution, MAX_RESOLUTION, MIN_RESOLUTION, toChain, toH3, zoomForResolution } from './cells.js';
import { DevicePanel } from './devicepanel.js';
import { h, fill, problem } from './dom.js';
import { HexLayer } from './hexlayer.js';
import { HexPanel } from './hexpanel.js';
import { block, integer } from './format.js';
import { COUNT_STEPS, createMap, SCALE_STEPS } from './map.js';

/** How many blocks of coverage events the feed shows. */
const FEED_BLOCKS = 20;

export class MapView {
	/**
	 * @param {HTMLElement} root the map view's section
	 * @param {{depin: () => any, searchOwner: Function, showDevice: Function}} app
	 */
	constructor(root, app) {
		this.root = root;
		this.app = app;
		this.q = (testid) => root.querySelector(`[data-testid="${testid}"]`);
		const ctx = {
			depin: app.depin,
			selectHotspot: (id) => this.selectHotspot(id),
			selectHex: (cell) => this.showCell(cell),
			searchOwner: app.searchOwner,
			close: null,
		};
		this.hexPanel = new HexPanel(root.querySelector('[data-slot="hex"]'), {
			...ctx,
			close: () => {
				this.hexPanel.close();
				this.layer?.unselect();
			},
		});
		this.devicePanel = new DevicePanel(root.querySelector('[data-slot="hotspot"]'), {
			...ctx,
			close: () => this.devicePanel.close(),
		});
		this.feed = root.querySelector('[data-testid="activity"]');
		this.layer = null;
		this.legend(MIN_RESOLUTION);
		this.ready = this.init();
	}

	async init() {
		try {
			this.map = await createMap(this.root.querySelector('#map'));
		} catch (error) {
			this.mapError = error;
			fill(this.q('map'), problem(new Error(`The map cannot be drawn in this browser (${error.message}); WebGL is needed. The panels and other views still work.`)));
			return;
		}
		this.layer = new HexLayer(this.map, this.app.depin, {
			onChange: () => this.toolbar(),
			onSelect: (cell, drawn) => {
				// A hotspot elsewhere no longer goes with the selection.
				if (!this.devicePanel.isIn(cell)) this.devicePanel.close();
				return this.hexPanel.open(cell, drawn);
			},
			onHover: (hex, point) => this.tooltip(hex, point),
		});
		// `?res=4..10` locks the resolution; `?center=LAT,LNG&zoom=Z` opens there instead of
		// fitting the network.
		const params = new URLSearchParams(location.search);
		const res = Number(params.get('res'));
		if (res >= MIN_RESOLUTION && res <= MAX_RESOLUTION) this.layer.locked = res;
		const [lat, lng] = (params.get('center') ?? '').split(',').map(Number);
		const zoom = Number(params.get('zoom'));
		if (Number.isFinite(lat) && Number.isFinite(lng) && params.get('center') && zoom > 0) {
			this.map.jumpTo({ center: [lng, lat], zoom });
			this.layer.fitted = true;
		}
		this.q('resolution-select').addEventListener('change', (event) => this.layer.setResolution(event.target.value));
		this.q('fit').addEventListener('click', () => this.layer.fitToRegions());
		this.legend(MIN_RESOLUTION);
		this.toolbar();
	}

	toolbar() {
		const layer = this.layer;
		if (!layer) return;
		this.q('resolution').textContent = String(layer.resolution);
		this.q('hex-count').textContent = integer(layer.drawn.size);
		this.q('map-loading').hidden = !layer.loading;
		const select = this.q('resolution-select');
		select.value = layer.locked === null ? 'auto' : String(layer.locked);
		const notice = layer.error ?? layer.notice;
		const element = this.q('map-notice');
		element.hidden = !notice;
		element.textContent = notice ?? '';
		if (!layer.loading && layer.regionsLoaded && layer.regions.size === 0) {
			element.hidden = false;
			element.textContent = 'No active, located hotspot on this chain yet.';
		}
		this.legend(layer.resolution);
	}

	legend(resolution) {
		const byScale = resolution === MAX_RESOLUTION;
		const key = byScale ? 'scale' : 'count';
		if (this.legendKey === key) return;
		this.legendKey = key;
		const steps = byScale ? SCALE_STEPS : COUNT_STEPS;
		const label = (i) => {
			const [at] = steps[i];
			const next = steps[i + 1]?.[0];
			if (byScale) {
				if (next === undefined) return `${at} (full power)`;
				return i === 0 ? `below ${next}` : `${at} to below ${next}`;
			}
			if (next === undefined) return `${at}+`;
			return next - 1 === at ? `${at}` : `${at} – ${next - 1}`;
		};
		fill(
			this.q('legend'),
			h('div', { class: 'title' }, byScale ? 'Transmit scale (resolution 10)' : 'Active hotspots per hex'),
			steps.map((step, i) => h('div', { class: 'row' }, h('span', { class: 'swatch', style: `background:${step[1]}` }), label(i))),
		);
	}

	tooltip(hex, point) {
		const element = this.q('tooltip');
		if (!hex || !point) {
			element.hidden = true;
			return;
		}
		element.hidden = false;
		element.style.left = `${point.x + 14}px`;
		element.style.top = `${point.y + 14}px`;
		const scale = hex.transmitScale ? ` · scale ${Number(hex.transmitScale).toFixed(3)}` : '';
		fill(element, h('div', { class: 'mono' }, hex.hex.cell), h('div', {}, `res ${hex.hex.resolution} · ${integer(hex.count)} active hotspot${hex.count === 1 ? '' : 's'}${scale}`));
	}

	/** A new connection: forget everything. */
	reset() {
		this.layer?.reset();
		this.hexPanel.close();
		this.devicePanel.close();
		fill(this.feed.querySelector('[data-role="body"]'), h('p', { class: 'empty' }, 'Waiting for the node…'));
	}

	/** Reads everything shown again (a new block). */
	async refresh() {
		await this.ready;
		await Promise.all([this.layer?.refresh(), this.hexPanel.refresh(), this.devicePanel.refresh(), this.refreshFeed()]);
	}

	async refreshFeed() {
		const depin = this.app.depin();
		if (!depin) return;
		const body = this.feed.querySelector('[data-role="body"]');
		try {
			const activity = await depin.coverageActivity(FEED_BLOCKS);
			this.feed.querySelector('[data-role="range"]').textContent = `blocks ${block(activity.from)}–${block(activity.to)}`;
			fill(body, renderFeed(body, activity, (id) => this.selectHotspot(id)));
		} catch (error) {
			fill(body, problem(error));
		}
	}

	/** Opens hotspot (or any device) `id`'s panel. */
	selectHotspot(id, device = null) {
		return this.devicePanel.open(Number(id), device);
	}

	/**
	 * Shows `cell` (chain or h3-js form; finer than 10 shows its resolution-10 parent): flies to
	 * it, draws its resolution and selects it.
	 */
	async showCell(cell) {
		await this.ready;
		let h3 = toH3(cell);
		let resolution = getResolution(h3);
		if (resolution < MIN_RESOLUTION) throw new Error(`H3 cell ${cell} has resolution ${resolution}; the map starts at ${MIN_RESOLUTION}`);
		if (resolution > MAX_RESOLUTION) {
			h3 = cellToParent(h3, MAX_RESOLUTION);
			resolution = MAX_RESOLUTION;
		}
		if (!this.layer) {
			await this.hexPanel.open(toChain(h3), null);
			return;
		}
		// Follow the zoom again unless a resolution is locked: then lock this one.
		if (this.layer.locked !== null) this.layer.locked = resolution;
		this.map.jumpTo({ center: centre(h3), zoom: zoomForResolution(resolution) });
		await this.layer.update();
		await this.layer.select(h3);
	}
}
