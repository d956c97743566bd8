// Benchmark (not a test): how the explorer copes with a chain of many located hotspots.
//
//   node bench/scale.mjs --node ws://127.0.0.1:9944 [--center LAT,LNG --zoom Z] [--runs N]
//
// For resolutions 4 and 8, loads explorer/dist (run `npm run build` first) in headless Chromium
// with `?res=R` (and the view given, else the whole network fitted; at 8 the hexes of the 64
// regions in view nearest the centre are read) and reports, as one JSON line:
//   ms         time from navigation to the first full draw (the map rendered every hex),
//   dataMs     of which reading the node (regions, hexes) and building the polygons,
//   hexes      hexes drawn, regions the network's regions,
//   rpcCalls   JSON-RPC calls the page made until then,
//   heapMB     the page's JS heap then (CDP Performance.getMetrics JSHeapUsedSize).
// The node must allow the page's origin (`--rpc-cors all`, or the printed origin).
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS } from '../tests/chromium.mjs';
import { serveDir } from '../tests/serve.mjs';

const args = Object.fromEntries(
	process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const node = args.node ?? process.env.DEPIN_URL ?? 'ws://127.0.0.1:9944';
const runs = Number(args.runs ?? 1);
const timeoutMs = Number(args.timeout ?? 600_000);
const dist = new URL('../dist/', import.meta.url).pathname;

const server = await serveDir(dist, Number(args.port ?? 0));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const result = { node, page: server.url, runs, resolutions: {} };
try {
	for (const resolution of [4, 8]) {
		const samples = [];
		for (let run = 0; run < runs; run += 1) {
			const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
			const page = await context.newPage();
			const cdp = await context.newCDPSession(page);
			await cdp.send('Performance.enable');
			const query = new URLSearchParams({ node, res: String(resolution) });
			if (args.center && args.zoom) {
				query.set('center', args.center);
				query.set('zoom', args.zoom);
			}
			await page.goto(`${server.url}?${query}`);
			const handle = await page.waitForFunction(
				(r) => {
					const s = window.explorer?.status();
					const first = s?.firstDrawn?.[r];
					if (s?.missing?.length) return { error: `the node does not serve ${s.missing.join(', ')}` };
					if (!first) return null;
					return { ...first, rpcCalls: s.rpcCalls, regions: s.regions };
				},
				resolution,
				{ timeout: timeoutMs, polling: 100 },
			);
			const drawn = await handle.jsonValue();
			if (drawn.error) throw new Error(drawn.error);
			const { metrics } = await cdp.send('Performance.getMetrics');
			const metric = (name) => metrics.find((m) => m.name === name)?.value ?? null;
			samples.push({
				ms: Math.round(drawn.at),
				drawMs: Math.round(drawn.ms),
				dataMs: Math.round(drawn.dataMs),
				hexes: drawn.hexes,
				regions: drawn.regions,
				rpcCalls: drawn.rpcCalls,
				heapMB: +((metric('JSHeapUsedSize') ?? 0) / 2 ** 20).toFixed(1),
				heapTotalMB: +((metric('JSHeapTotalSize') ?? 0) / 2 ** 20).toFixed(1),
			});
			await context.close();
		}
		samples.sort((a, b) => a.ms - b.ms);
		result.resolutions[resolution] = { ...samples[Math.floor(samples.length / 2)], samples: runs > 1 ? samples.map((s) => s.ms) : undefined };
	}
	console.log(JSON.stringify(result));
} finally {
	await browser.close();
	await server.close();
}
