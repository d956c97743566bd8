// H3 cells as the chain writes them ("0x" + 16 hex digits) and as h3-js does (15 hex digits,
// no prefix), and the map zoom ↔ H3 resolution mapping.
import { cellToBoundary, cellToLatLng, getResolution, isValidCell } from 'h3-js';

/** The lowest and highest resolution the map draws. */
export const MIN_RESOLUTION = 4;
export const MAX_RESOLUTION = 10;

/** h3-js's form of a chain cell: `"0x08c2a1072b59b9ff"` → `"8c2a1072b59b9ff"`. */
export function toH3(chainCell) {
	const digits = String(chainCell).replace(/^0x/i, '').replace(/^0+/, '').toLowerCase();
	return digits.padStart(15, '0');
}

/** The chain's form of an h3-js cell: `"8c2a1072b59b9ff"` → `"0x08c2a1072b59b9ff"`. */
export function toChain(h3Cell) {
	return `0x${String(h3Cell).replace(/^0x/i, '').toLowerCase().padStart(16, '0')}`;
}

/** A search text as an h3-js cell, or null: `0x` + 16 hex digits, or h3-js's 15. */
export function parseCell(text) {
	const t = text.trim();
	let h3;
	if (/^0x[0-9a-f]{16}$/i.test(t)) h3 = toH3(t);
	else if (/^[0-9a-f]{15}$/i.test(t)) h3 = t.toLowerCase();
	else return null;
	return isValidCell(h3) ? h3 : null;
}

/** The cell's outline as a GeoJSON ring ([lng, lat] pairs), unwrapped across the antimeridian. */
export function ring(h3Cell) {
	const points = cellToBoundary(h3Cell, true);
	const lngs = points.map((p) => p[0]);
	if (Math.max(...lngs) - Math.min(...lngs) > 180) {
		return points.map(([lng, lat]) => [lng < 0 ? lng + 360 : lng, lat]);
	}
	return points;
}

/** [west, south, east, north] of a cell's outline. */
export function cellBounds(h3Cell) {
	const points = ring(h3Cell);
	let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
	for (const [lng, lat] of points) {
		w = Math.min(w, lng);
		e = Math.max(e, lng);
		s = Math.min(s, lat);
		n = Math.max(n, lat);
	}
	return [w, s, e, n];
}

/** The cell's centre as [lng, lat]. */
export function centre(h3Cell) {
	const [lat, lng] = cellToLatLng(h3Cell);
	return [lng, lat];
}

export { getResolution, isValidCell };

/**
 * The H3 resolution drawn at a map zoom: `clamp(round(0.72 × zoom − 1.04), 4, 10)`.
 *
 * One resolution step shrinks a hex's edge by √7 ≈ 2.65 and one zoom step halves the metres per
 * pixel, so a resolution lasts 1 / log2(√7) ≈ 1.4 zoom levels (0.72 resolutions a zoom). The
 * offset puts resolution 4 (22.6 km edges) at zoom 7, where its hexes are ~18 px across, and
 * resolution 10 (66 m) from zoom 15.3: zoom ≤ 7.7 → 4, 8.4 → 5, 9.8 → 6, 11.2 → 7,
 * 12.6 → 8, 14.0 → 9, ≥ 15.3 → 10.
 */
export function resolutionForZoom(zoom) {
	const r = Math.round(0.72 * zoom - 1.04);
	return Math.min(MAX_RESOLUTION, Math.max(MIN_RESOLUTION, r));
}

/** The zoom at which `resolutionForZoom` first gives `resolution` (its middle). */
export function zoomForResolution(resolution) {
	return (resolution + 1.04) / 0.72;
}
