// The map: MapLibre with an offline base map (country shapes from world-atlas, drawn from a
// GeoJSON source; no tiles, glyphs or sprites are fetched) and the hex and region layers the
// hex layer module fills.
import { Map as MapLibre, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { feature, mesh } from 'topojson-client';
import countries from 'world-atlas/countries-50m.json';

setWorkerUrl(workerUrl);

export const COLORS = {
	background: '#0a1020',
	land: '#18233a',
	border: '#2c3b5a',
	coast: '#3a4d73',
	selected: '#ffffff',
};

/** Hex fill by active hotspot count (resolutions 4 to 9): [count at least, colour]. */
export const COUNT_STEPS = [
	[1, '#2b6cb0'],
	[2, '#2f9e8f'],
	[5, '#48bb78'],
	[10, '#d6bc3a'],
	[25, '#ed8936'],
	[100, '#e53e3e'],
];

/** Hex fill by transmit scale (resolution 10): [scale at least, colour]. */
export const SCALE_STEPS = [
	[0, '#e53e3e'],
	[0.25, '#ed8936'],
	[0.5, '#d6bc3a'],
	[0.75, '#9ae66e'],
	[1, '#48bb78'],
];

const empty = () => ({ type: 'FeatureCollection', features: [] });

/**
 * A ring made continuous across the antimeridian (world-atlas rings are spherical: they jump
 * from +180 to −180), for a flat map; a ring around a pole (Antarctica) is closed along it.
 */
function unwrapRing(ring) {
	let offset = 0;
	const out = [ring[0]];
	for (let i = 1; i < ring.length; i += 1) {
		const step = ring[i][0] - ring[i - 1][0];
		if (step > 180) offset -= 360;
		else if (step < -180) offset += 360;
		out.push([ring[i][0] + offset, ring[i][1]]);
	}
	if (offset !== 0) {
		// The ring went once around the globe: close it through the nearer pole.
		const pole = out.reduce((sum, p) => sum + p[1], 0) < 0 ? -85.05 : 85.05;
		const last = out[out.length - 1];
		out.push([last[0], pole], [ring[0][0], pole], ring[0]);
	}
	return out;
}

/** Land polygons with their rings unwrapped. */
function flatLand(collection) {
	for (const country of collection.features) {
		const geometry = country.geometry;
		if (!geometry) continue;
		if (geometry.type === 'Polygon') geometry.coordinates = geometry.coordinates.map(unwrapRing);
		else if (geometry.type === 'MultiPolygon') geometry.coordinates = geometry.coordinates.map((polygon) => polygon.map(unwrapRing));
	}
	return collection;
}

/** Lines split where they jump across the antimeridian. */
function flatLines(multi) {
	const lines = [];
	for (const line of multi.coordinates) {
		let current = [line[0]];
		for (let i = 1; i < line.length; i += 1) {
			if (Math.abs(line[i][0] - line[i - 1][0]) > 180) {
				lines.push(current);
				current = [];
			}
			current.push(line[i]);
		}
		lines.push(current);
	}
	return { type: 'MultiLineString', coordinates: lines.filter((l) => l.length > 1) };
}

/** The style: a plain background, land and borders, built here rather than fetched. */
function baseStyle() {
	const land = flatLand(feature(countries, countries.objects.countries));
	const borders = flatLines(mesh(countries, countries.objects.countries, (a, b) => a !== b));
	const coast = flatLines(mesh(countries, countries.objects.countries, (a, b) => a === b));
	const countFill = ['step', ['get', 'count'], COUNT_STEPS[0][1]];
	for (const [at, colour] of COUNT_STEPS.slice(1)) countFill.push(at, colour);
	const scaleFill = ['step', ['coalesce', ['get', 'scale'], 1], SCALE_STEPS[0][1]];
	for (const [at, colour] of SCALE_STEPS.slice(1)) scaleFill.push(at, colour);
	return {
		version: 8,
		sources: {
			land: { type: 'geojson', data: land },
			borders: { type: 'geojson', data: borders },
			coast: { type: 'geojson', data: coast },
			hexes: { type: 'geojson', data: empty(), promoteId: 'cell' },
			regions: { type: 'geojson', data: empty(), promoteId: 'cell' },
			'hex-points': { type: 'geojson', data: empty(), promoteId: 'cell' },
			selected: { type: 'geojson', data: empty() },
		},
		layers: [
			{ id: 'background', type: 'background', paint: { 'background-color': COLORS.background } },
			{ id: 'land', type: 'fill', source: 'land', paint: { 'fill-color': COLORS.land } },
			{ id: 'borders', type: 'line', source: 'borders', paint: { 'line-color': COLORS.border, 'line-width': 0.7 } },
			{ id: 'coast', type: 'line', source: 'coast', paint: { 'line-color': COLORS.coast, 'line-width': 0.8 } },
			{
				id: 'hex-fill',
				type: 'fill',
				source: 'hexes',
				paint: {
					'fill-color': ['case', ['==', ['get', 'byScale'], true], scaleFill, countFill],
					'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.9, 0.68],
				},
			},
			{
				id: 'hex-line',
				type: 'line',
				source: 'hexes',
				paint: { 'line-color': '#0a1020', 'line-width': 0.8, 'line-opacity': 0.8 },
			},
			{
				// Hexes as dots where they are too small to see (a fine resolution zoomed out);
				// the hex layer sets this layer's zoom range for the resolution drawn.
				id: 'hex-dots',
				type: 'circle',
				source: 'hex-points',
				paint: {
					'circle-color': ['case', ['==', ['get', 'byScale'], true], scaleFill, countFill],
					'circle-radius': 3.5,
					'circle-stroke-color': '#0a1020',
					'circle-stroke-width': 1,
				},
			},
			{
				// Regions as dots where their hexes are too small to see (the world view).
				id: 'region-dots',
				type: 'circle',
				source: 'regions',
				maxzoom: 6,
				paint: {
					'circle-color': countFill,
					'circle-radius': ['interpolate', ['linear'], ['ln', ['+', ['get', 'count'], 1]], 0, 4, 7, 14],
					'circle-stroke-color': '#e2e8f0',
					'circle-stroke-width': 1,
					'circle-opacity': 0.85,
				},
			},
			{ id: 'selected-line', type: 'line', source: 'selected', paint: { 'line-color': COLORS.selected, 'line-width': 3 } },
		],
	};
}

/** Creates the map in `container`; resolves once its style is loaded. */
export function createMap(container) {
	const map = new MapLibre({
		container,
		style: baseStyle(),
		center: [0, 20],
		zoom: 1.3,
		minZoom: 0.5,
		maxZoom: 18,
		renderWorldCopies: false,
		attributionControl: false,
		dragRotate: false,
		pitchWithRotate: false,
		canvasContextAttributes: { preserveDrawingBuffer: true },
	});
	map.touchZoomRotate.disableRotation();
	return new Promise((resolve, reject) => {
		map.once('load', () => resolve(map));
		map.once('error', (event) => reject(event.error ?? new Error('the map failed to load')));
	});
}

/** Replaces a GeoJSON source's data. */
export function setData(map, source, data) {
	map.getSource(source).setData(data);
}
