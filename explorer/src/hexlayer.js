// The hex layer: which hexes to draw at the map's view, read from the node and drawn.
//
// Resolution 4 draws every region (`depin_regions`, all pages). A finer resolution draws, for
// each region in view (the nearest MAX_REGIONS to the centre), the hexes under it
// (`depin_hexesUnder`, all pages, merged by cell). Answers are cached per (region, resolution):
// a new block reads a region's hexes again when its count changed, and all every 10th block.
import { mapLimit, MissingMethod } from './api.js';
import { cellBounds, centre, getResolution, MIN_RESOLUTION, resolutionForZoom, ring, toChain, toH3, zoomForResolution } from './cells.js';
import { setData } from './map.js';

/** The most regions whose finer hexes are read for one view. */
export const MAX_REGIONS = 64;
/** Every how many refreshes the hexes of unchanged regions are read again too. */
const FULL_REFRESH_EVERY = 10;
/** How many regions are read at once. */
const CONCURRENCY = 4;

export class HexLayer {
	/**
	 * @param {import('maplibre-gl').Map} map
	 * @param {() => import('./api.js').Depin | null} depin the connection's reader, if any
	 * @param {{onChange: Function, onSelect: Function, onHover: Function}} hooks
	 */
	constructor(map, depin, hooks) {
		this.map = map;
		this.depin = depin;
		this.hooks = hooks;
		/** @type {Map<string, any>} region chain cell → HexCountView */
		this.regions = new Map();
		this.regionsLoaded = false;
		/** @type {Map<string, Promise<Map<string, any>>>} "region|res" → chain cell → HexCountView */
		this.cache = new Map();
		this.locked = null;
		this.resolution = MIN_RESOLUTION;
		/** @type {Map<string, any>} chain cell → HexCountView, drawn now */
		this.drawn = new Map();
		this.loading = false;
		this.generation = 0;
		this.lastDrawMs = null;
		this.lastDataMs = null;
		this.notice = '';
		this.error = null;
		this.selected = null;
		this.hovered = null;
		this.fitted = false;
		map.on('moveend', () => this.update());
		map.on('click', (event) => this.click(event));
		map.on('mousemove', (event) => this.hover(event));
		map.on('mouseleave', 'hex-fill', () => this.hover(null));
	}

	/** The resolution the view draws: the locked one, or the zoom's. */
	currentResolution() {
		return this.locked ?? resolutionForZoom(this.map.getZoom());
	}

	/** Locks the drawn resolution (4 to 10), or follows the zoom again with null. */
	setResolution(resolution) {
		this.locked = resolution === null || resolution === 'auto' ? null : Number(resolution);
		return this.update();
	}

	/**
	 * Reads the view again (a new block): the regions, and the hexes of each region whose count
	 * changed; every FULL_REFRESH_EVERY-th time the hexes of every region (a hotspot may move
	 * within its region, a transmit scale change with the epoch).
	 */
	async refresh() {
		const before = new Map([...this.regions].map(([cell, hex]) => [cell, hex.count]));
		await this.loadRegions();
		this.refreshes = (this.refreshes ?? 0) + 1;
		if (this.refreshes % FULL_REFRESH_EVERY === 0) this.cache.clear();
		else {
			for (const key of [...this.cache.keys()]) {
				const region = key.split('|')[0];
				if (before.get(region) !== this.regions.get(region)?.count) this.cache.delete(key);
			}
		}
		if (!this.fitted && this.regions.size > 0) {
			this.fitted = true;
			this.fitToRegions({ animate: false });
		}
		await this.update();
	}

	/** Clears everything (the connection changed). */
	reset() {
		this.regions.clear();
		this.regionsLoaded = false;
		this.cache.clear();
		this.drawn.clear();
		this.fitted = false;
		this.firstDrawn = {};
		this.error = null;
		this.notice = '';
		this.generation += 1;
		this.loading = false;
		this.draw([]);
		setData(this.map, 'regions', { type: 'FeatureCollection', features: [] });
		this.hooks.onChange(this);
	}

	async loadRegions() {
		const depin = this.depin();
		if (!depin) return;
		try {
			const hexes = await depin.regions();
			this.regions = new Map(hexes.map((hex) => [hex.hex.cell, hex]));
			this.regionsLoaded = true;
			this.error = null;
		} catch (error) {
			this.error = error instanceof MissingMethod ? error.message : `could not read the regions: ${error.message}`;
			this.regions.clear();
			this.regionsLoaded = false;
		}
		setData(this.map, 'regions', {
			type: 'FeatureCollection',
			features: [...this.regions.values()].map((hex) => ({
				type: 'Feature',
				properties: { cell: hex.hex.cell, count: hex.count },
				geometry: { type: 'Point', coordinates: centre(toH3(hex.hex.cell)) },
			})),
		});
	}

	/** Fits the map to every region. */
	fitToRegions(options = {}) {
		if (this.regions.size === 0) return;
		let [w, s, e, n] = [180, 90, -180, -90];
		for (const cell of this.regions.keys()) {
			const [cw, cs, ce, cn] = this.boundsOf(cell);
			w = Math.min(w, cw);
			s = Math.min(s, cs);
			e = Math.max(e, ce);
			n = Math.max(n, cn);
		}
		this.map.fitBounds([[w, s], [e, n]], { padding: 60, maxZoom: 9, ...options });
	}

	/** The regions in view, nearest the centre first. */
	visibleRegions() {
		const bounds = this.map.getBounds();
		const [west, south, east, north] = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
		const { lng, lat } = this.map.getCenter();
		const visible = [];
		for (const cell of this.regions.keys()) {
			const [w, s, e, n] = this.boundsOf(cell);
			if (e < west || w > east || n < south || s > north) continue;
			const [cx, cy] = centre(toH3(cell));
			visible.push({ cell, distance: (cx - lng) ** 2 + (cy - lat) ** 2 });
		}
		visible.sort((a, b) => a.distance - b.distance);
		return visible.map((v) => v.cell);
	}

	/** A region's bounds, computed once. */
	boundsOf(cell) {
		this.bounds ??= new Map();
		let bounds = this.bounds.get(cell);
		if (!bounds) {
			bounds = cellBounds(toH3(cell));
			this.bounds.set(cell, bounds);
		}
		return bounds;
	}

	/** Reads what the view needs and draws it. */
	async update() {
		const generation = ++this.generation;
		const started = performance.now();
		const resolution = this.currentResolution();
		this.resolution = resolution;
		const depin = this.depin();
		if (!depin || !this.regionsLoaded) {
			this.drawn = new Map();
			this.draw([]);
			this.hooks.onChange(this);
			return;
		}
		this.loading = true;
		this.notice = '';
		this.hooks.onChange(this);
		let hexes;
		try {
			if (resolution === MIN_RESOLUTION) {
				hexes = [...this.regions.values()];
			} else {
				let regions = this.visibleRegions();
				if (regions.length > MAX_REGIONS) {
					this.notice = `${regions.length} regions in view: showing the ${MAX_REGIONS} nearest the centre; zoom in for the rest`;
					regions = regions.slice(0, MAX_REGIONS);
				}
				const parts = await mapLimit(regions, CONCURRENCY, async (region) => {
					const key = `${region}|${resolution}`;
					// The promise is cached, so views that overlap share one read.
					let part = this.cache.get(key);
					if (!part) {
						part = depin.hexesUnder(region, resolution).then((list) => new Map(list.map((hex) => [hex.hex.cell, hex])));
						part.catch(() => this.cache.get(key) === part && this.cache.delete(key));
						this.cache.set(key, part);
					}
					return part;
				});
				const merged = new Map();
				for (const part of parts) for (const [cell, hex] of part) merged.set(cell, hex);
				hexes = [...merged.values()];
			}
			this.error = null;
		} catch (error) {
			if (generation !== this.generation) return;
			this.error = error instanceof MissingMethod ? error.message : `could not read the hexes: ${error.message}`;
			hexes = [];
		}
		if (generation !== this.generation) return;
		this.lastDataMs = performance.now() - started;
		this.drawn = new Map(hexes.map((hex) => [hex.hex.cell, hex]));
		this.draw(hexes);
		// Drawn once the map has rendered it (or after 5 s, e.g. with the map hidden).
		await new Promise((resolve) => {
			const timer = setTimeout(resolve, 5000);
			this.map.once('idle', () => {
				clearTimeout(timer);
				resolve();
			});
			this.map.triggerRepaint();
		});
		if (generation !== this.generation) return;
		this.loading = false;
		this.lastDrawMs = performance.now() - started;
		this.hooks.onChange(this);
		const detail = { resolution, hexes: this.drawn.size, ms: this.lastDrawMs, dataMs: this.lastDataMs, at: performance.now() };
		// The first full draw of each resolution, timed from the page's start (the benchmark's).
		this.firstDrawn ??= {};
		if (this.regionsLoaded && !this.firstDrawn[resolution]) this.firstDrawn[resolution] = detail;
		window.dispatchEvent(new CustomEvent('explorer:drawn', { detail }));
	}

	/** Draws `hexes` (HexCountViews) as polygons. */
	draw(hexes) {
		const features = hexes.map((hex) => {
			const h3 = toH3(hex.hex.cell);
			const scale = hex.transmitScale === null || hex.transmitScale === undefined ? null : Number(hex.transmitScale);
			return {
				type: 'Feature',
				properties: { cell: hex.hex.cell, count: hex.count, scale, byScale: hex.hex.resolution === 10 },
				geometry: { type: 'Polygon', coordinates: [[...ring(h3), ring(h3)[0]]] },
			};
		});
		setData(this.map, 'hexes', { type: 'FeatureCollection', features });
		setData(this.map, 'hex-points', {
			type: 'FeatureCollection',
			features: hexes.map((hex, i) => ({
				type: 'Feature',
				properties: features[i].properties,
				geometry: { type: 'Point', coordinates: centre(toH3(hex.hex.cell)) },
			})),
		});
		// Dots while the hexes are under ~4 px across; resolution 4 has the region dots.
		const resolution = hexes[0]?.hex.resolution ?? this.resolution;
		const dotsUntil = resolution === MIN_RESOLUTION ? 0 : zoomForResolution(resolution) - 2.5;
		this.map.setLayerZoomRange('hex-dots', 0, Math.max(dotsUntil, 0.01));
	}

	/** The drawn hex at a map event's point, if any. */
	cellAt(event) {
		const features = this.map.queryRenderedFeatures(event.point, { layers: ['hex-fill', 'hex-dots', 'region-dots'] });
		return features[0]?.properties?.cell ?? null;
	}

	click(event) {
		const cell = this.cellAt(event);
		if (cell) this.select(cell);
	}

	hover(event) {
		const cell = event ? this.cellAt(event) : null;
		if (cell !== this.hovered) {
			if (this.hovered && this.drawn.has(this.hovered)) {
				this.map.setFeatureState({ source: 'hexes', id: this.hovered }, { hover: false });
			}
			if (cell && this.drawn.has(cell)) this.map.setFeatureState({ source: 'hexes', id: cell }, { hover: true });
			this.hovered = cell;
		}
		this.map.getCanvas().style.cursor = cell ? 'pointer' : '';
		const hex = cell ? (this.drawn.get(cell) ?? this.regions.get(cell)) : null;
		this.hooks.onHover(hex, event?.point ?? null);
	}

	/** Selects a hex (chain or h3-js form): outlines it and tells the app. */
	select(cell) {
		const chain = toChain(toH3(cell));
		this.selected = chain;
		const h3 = toH3(chain);
		setData(this.map, 'selected', {
			type: 'Feature',
			properties: {},
			geometry: { type: 'LineString', coordinates: [...ring(h3), ring(h3)[0]] },
		});
		return this.hooks.onSelect(chain, this.drawn.get(chain) ?? (getResolution(h3) === 4 ? this.regions.get(chain) : null));
	}

	/** Clears the selection outline. */
	unselect() {
		this.selected = null;
		setData(this.map, 'selected', { type: 'FeatureCollection', features: [] });
	}
}
