// The explorer in a real browser against a real node.
//
// 1. Starts `depin-node --dev` on free loopback ports (allowing the page's origin with
//    `--rpc-cors http://127.0.0.1:PORT`) and puts a simulated fleet on it with
//    `depin simulate --sudo --hotspots 40 --gpus 3 --epochs 2`; then the tenant closes one lease
//    (its GPU is offered again) and Bob posts an order, so the market has one of each.
// 2. Serves explorer/dist: with a small static server here, or with
//    `depin explorer --dir DIST --listen ADDR` when DEPIN_EXPLORER_SERVE=1.
// 3. In headless Chromium: the hexes drawn at resolutions 4, 6 and 10 are exactly the hexes of
//    the fleet's hotspots (read from the chain by this test: depin_regions + depin_hexesUnder,
//    and from the fleet's cells with h3-js); a real click on a hex lists its hotspots; a click on
//    a hotspot with refused receipts shows them with their reasons; the GPU market lists every
//    offer (depin_offers), order and lease; each tokenomics chart has a point per ended epoch
//    (depin_epochHistory); a new block updates the best block; search by device id, device key,
//    account, H3 cell (both forms) and lat,lng works and unknown input says so.
// 4. Pointed at a closed port, the page shows what failed and what to check.
// 5. Saves a screenshot of each view to DEPIN_ARTEFACTS (default target/explorer-screenshots).
// 6. Always stops what it started (node, simulator, server, browser), also on failure.
//
// Run from explorer/: `npm test` (builds dist first). Environment:
//   DEPIN_NODE            the node binary (default ~/.cache/depin/target/debug/depin-node)
//   DEPIN_CLIENT          the `depin` binary (default: next to the node)
//   DEPIN_EXPLORER_SERVE  1: serve dist with `depin explorer` instead of this script's server
//   DEPIN_ARTEFACTS       where screenshots go
//   CHROMIUM              the browser (default /usr/bin/chromium)
// Exits 0 when everything holds, 1 with the reason (and the node log's tail) otherwise.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { cellToLatLng, cellToParent, latLngToCell } from 'h3-js';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';
import { serveDir } from './serve.mjs';
import { freePorts } from '../../tests/js/ports.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const EXPLORER = resolve(HERE, '..');
const REPO = resolve(EXPLORER, '..');
const DIST = join(EXPLORER, 'dist');
const NODE_BIN = process.env.DEPIN_NODE || join(homedir(), '.cache/depin/target/debug/depin-node');
const CLIENT_BIN = process.env.DEPIN_CLIENT || join(dirname(NODE_BIN), 'depin');
const ARTEFACTS = process.env.DEPIN_ARTEFACTS || join(REPO, 'target/explorer-screenshots');

const HOTSPOTS = 40;
const GPUS = 3;
const EPOCHS = 2;
/** The simulator's seed (its default): its tenant is `//sim/tenant`. */
const SEED = 'sim';
/** The whole test's limit: it fails rather than hangs. */
const TEST_TIMEOUT_MS = 6 * 60_000;
const STOP_GRACE_MS = 10_000;
const LOG_TAIL_LINES = 40;
/** Offers searched with any requirements for this term (the page's default). */
const TERM = 600;
const ANY = { model: null, minVramGib: 0, gpuCount: 1, region: null, maxPricePerHour: '340282366920938463463374607431768211455' };

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (line) => console.log(`[${elapsed()}] ${line}`);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// ---- processes ------------------------------------------------------------------------------

/** Everything started, stopped in reverse order by `cleanUp`. */
const owned = [];
const children = new Set();
let nodeLog = null;

function executable(path, what) {
	try {
		accessSync(path, constants.X_OK);
	} catch {
		throw new Error(`no executable ${what} at ${path}`);
	}
}

/** Spawns a process we own; `stop()` ends it (SIGTERM, then SIGKILL). */
function own(binary, args, options) {
	const child = spawn(binary, args, options);
	children.add(child);
	const exited = new Promise((done) => {
		child.once('exit', (code, signal) => {
			children.delete(child);
			done({ code, signal });
		});
		child.once('error', (error) => {
			children.delete(child);
			done({ error });
		});
	});
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
		await exited;
		clearTimeout(timer);
	};
	return { child, exited, stop };
}

/** Runs the client to completion; resolves its standard output, rejects with its error. */
async function client(args, what) {
	const out = [];
	const err = [];
	const run = own(CLIENT_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	run.child.stdout.on('data', (chunk) => out.push(chunk));
	run.child.stderr.on('data', (chunk) => err.push(chunk));
	owned.push({ what, stop: run.stop });
	const { code, signal, error } = await run.exited;
	if (error || code !== 0) {
		const tail = Buffer.concat(err).toString().trim().split('\n').slice(-15).join('\n');
		throw new Error(`${what} failed (${error?.message ?? `code ${code}, signal ${signal}`}):\n${tail}`);
	}
	return Buffer.concat(out).toString();
}

async function startNode(ports, webOrigin) {
	executable(NODE_BIN, 'node binary (build it, or set DEPIN_NODE)');
	const [rpcPort, p2pPort, prometheusPort] = ports;
	const dir = mkdtempSync(join(tmpdir(), 'depin-explorer-test-'));
	nodeLog = join(dir, 'node.log');
	const args = [
		'--dev',
		'--base-path', join(dir, 'base'),
		'--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
		'--rpc-port', String(rpcPort),
		'--prometheus-port', String(prometheusPort),
		// The page's origin, as the README suggests (this node does not check a WebSocket's
		// Origin, so the page would connect without it too).
		'--rpc-cors', webOrigin,
		'--no-mdns', '--no-telemetry', '--allow-private-ip', '--discover-local',
	];
	const log = openSync(nodeLog, 'a');
	const node = own(NODE_BIN, args, { stdio: ['ignore', log, log] });
	owned.push({
		what: 'node',
		stop: async () => {
			await node.stop();
			rmSync(dir, { recursive: true, force: true });
		},
	});
	node.exited.then(({ code, signal }) => {
		if (!stopping) fail(new Error(`the node exited early (code ${code}, signal ${signal})`));
	});
	say(`started ${NODE_BIN} (pid ${node.child.pid}), RPC on 127.0.0.1:${rpcPort}, CORS ${webOrigin}, log ${nodeLog}`);
}

/** Serves dist on `port`: `depin explorer` with DEPIN_EXPLORER_SERVE=1, else a node:http server. */
async function startServer(port) {
	if (process.env.DEPIN_EXPLORER_SERVE === '1') {
		// The client's own server (`depin explorer --dir DIR --listen ADDR`).
		executable(CLIENT_BIN, 'depin client (set DEPIN_CLIENT)');
		const server = own(CLIENT_BIN, ['explorer', '--dir', DIST, '--listen', `127.0.0.1:${port}`, '--url', wsUrlOf()], { stdio: ['ignore', 'inherit', 'inherit'] });
		owned.push({ what: 'depin explorer', stop: server.stop });
		const url = `http://127.0.0.1:${port}/`;
		for (let i = 0; i < 100; i += 1) {
			const ok = await fetch(url).then((r) => r.ok, () => false);
			if (ok) return url;
			await sleep(100);
		}
		throw new Error(`depin explorer did not serve ${url} within 10 s`);
	}
	const server = await serveDir(DIST, port);
	owned.push({ what: 'static server', stop: server.close });
	return server.url;
}

// ---- the node's JSON-RPC, from the test -------------------------------------------------------

let rpcUrl = null;
const wsUrlOf = () => rpcUrl.replace(/^http/, 'ws');
let rpcId = 0;

/** One JSON-RPC call over HTTP (the node serves HTTP and WebSocket on one port). */
async function rpc(method, params = []) {
	const response = await fetch(rpcUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
	});
	const body = await response.json();
	if (body.error) throw new Error(`${method}: ${body.error.message} (${body.error.code})`);
	return body.result;
}

async function waitForNode() {
	for (let i = 0; i < 600; i += 1) {
		const header = await rpc('chain_getHeader').catch(() => null);
		if (header && parseInt(header.number, 16) >= 1) return;
		await sleep(200);
	}
	throw new Error('the node did not produce a block within 120 s');
}

const toH3 = (cell) => cell.replace(/^0x/, '').replace(/^0+/, '').padStart(15, '0');
const toChain = (h3) => `0x${h3.padStart(16, '0')}`;

/** Every region, paged, at block `at`. */
async function regionsAt(at) {
	const hexes = [];
	let startAfter = null;
	do {
		const page = await rpc('depin_regions', [startAfter, 1000, at]);
		hexes.push(...page.hexes);
		startAfter = page.next;
	} while (startAfter !== null);
	return hexes;
}

/** The hexes at `resolution` of every region (merged by cell), at block `at`. */
async function hexesAt(resolution, at) {
	const regions = await regionsAt(at);
	if (resolution === 4) return new Map(regions.map((hex) => [hex.hex.cell, hex]));
	const hexes = new Map();
	for (const region of regions) {
		let startAfter = null;
		do {
			const page = await rpc('depin_hexesUnder', [region.hex.cell, resolution, startAfter, 1000, at]);
			for (const hex of page.hexes) hexes.set(hex.hex.cell, hex);
			startAfter = page.next;
		} while (startAfter !== null);
	}
	return hexes;
}

/** Pages a method whose short page is the last. */
async function allPages(method, head, limit, key, at = null) {
	const items = [];
	let startAfter = null;
	for (;;) {
		const page = await rpc(method, [...head, startAfter, limit, at]);
		items.push(...page);
		if (page.length < limit) return items;
		startAfter = key(page[page.length - 1]);
	}
}

/** Polls `check` (returning a truthy value when done) until `ms` pass; then fails with `what`. */
async function until(what, check, ms = 30_000, every = 250) {
	const deadline = Date.now() + ms;
	let last;
	for (;;) {
		try {
			last = await check();
			if (last) return last;
		} catch (error) {
			last = error;
		}
		if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s (last: ${last?.message ?? JSON.stringify(last)})`);
		await sleep(every);
	}
}

const sameSet = (a, b) => a.length === b.length && [...a].every((x) => b.includes(x));

// ---- the test -------------------------------------------------------------------------------

async function run() {
	if (!existsSync(join(DIST, 'index.html'))) throw new Error(`no ${DIST}/index.html: run \`npm run build\` first`);
	executable(CLIENT_BIN, 'depin client (set DEPIN_CLIENT)');
	executable(CHROMIUM, 'Chromium (apt-get install chromium, or set CHROMIUM)');
	mkdirSync(ARTEFACTS, { recursive: true });

	const [rpcPort, p2pPort, prometheusPort, webPort, closedPort] = await freePorts(5);
	const origin = `http://127.0.0.1:${webPort}`;
	rpcUrl = `http://127.0.0.1:${rpcPort}`;
	const wsUrl = `ws://127.0.0.1:${rpcPort}`;
	await startNode([rpcPort, p2pPort, prometheusPort], origin);
	const pageUrl = await startServer(webPort);
	say(`serving ${DIST} at ${pageUrl}${process.env.DEPIN_EXPLORER_SERVE === '1' ? ' (depin explorer)' : ''}`);
	await waitForNode();

	// 1. The fleet.
	say(`simulating ${HOTSPOTS} hotspots and ${GPUS} GPUs for ${EPOCHS} epochs…`);
	const common = ['--url', wsUrl, '--wait', 'in-block'];
	const report = JSON.parse(
		await client(
			[...common, '--suri', '//Alice', '--json', 'simulate', '--sudo', '--hotspots', String(HOTSPOTS), '--gpus', String(GPUS), '--epochs', String(EPOCHS), '--seed', SEED],
			'depin simulate',
		),
	);
	const fleet = report.hotspots;
	assert.equal(fleet.length, HOTSPOTS, 'the simulator reports every hotspot');
	const refused = report.epochs.reduce((sum, e) => sum + Object.values(e.refused).reduce((a, b) => a + b, 0), 0);
	say(`simulated: ${report.beacons.length} rewarded beacons, ${refused} receipts refused, GPUs ${report.gpus.map((g) => g.id).join(', ')}`);
	// One GPU offered again (the tenant closes its lease) and one order, so the market has both.
	const active = (await allPages('depin_leases', [], 100, (l) => l.id)).filter((l) => l.state.type === 'active');
	const closing = active[0];
	if (closing) await client([...common, '--suri', `//${SEED}/tenant`, 'lease', 'close', String(closing.id)], 'depin lease close');
	await client([...common, '--suri', '//Bob', 'bme', 'burn', '10'], 'depin bme burn');
	await client([...common, '--suri', '//Bob', 'lease', 'order', '--max-price', '100000', '--duration', String(TERM), '--model', 'H100'], 'depin lease order');
	say(`${closing ? `lease ${closing.id} closed by the tenant` : 'no lease was active'}; Bob posted an order`);

	// What the chain says, at one block.
	const best = parseInt((await rpc('chain_getHeader')).number, 16);
	const at = await rpc('chain_getBlockHash', [best]);
	const expected = {};
	for (const resolution of [4, 6, 10]) {
		const fromChain = [...(await hexesAt(resolution, at)).keys()].sort();
		const fromFleet = [...new Set(fleet.map((h) => toChain(cellToParent(toH3(h.cell), resolution))))].sort();
		assert.deepEqual(fromChain, fromFleet, `resolution ${resolution}: depin_regions/depin_hexesUnder give the fleet's hexes`);
		expected[resolution] = fromChain;
	}
	say(`the chain at #${best}: ${expected[4].length} regions, ${expected[6].length} hexes at 6, ${expected[10].length} at 10`);
	// A hotspot with refused receipts.
	const coverage = new Map();
	for (const h of fleet) coverage.set(h.id, await rpc('depin_hotspotCoverage', [h.id, at]));
	// The one with the most kinds of refusal.
	const kinds = (h) => new Set(coverage.get(h.id).refusals.map((r) => r.reason)).size;
	const refusing = [...fleet].sort((a, b) => kinds(b) - kinds(a))[0];
	assert.ok(refusing && kinds(refusing) > 0, 'some hotspot has refused receipts (depin_hotspotCoverage refusals)');
	const refusals = coverage.get(refusing.id).refusals;
	say(`hotspot ${refusing.id} has ${refusals.length} refusals: ${refusals.map((r) => r.reason).join(', ')}`);

	// 2, 3. The browser.
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
	owned.push({ what: 'browser', stop: () => browser.close() });
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const page = await context.newPage();
	const pageErrors = [];
	page.on('pageerror', (error) => pageErrors.push(error.message));
	page.setDefaultTimeout(30_000);
	await page.goto(`${pageUrl}?node=${encodeURIComponent(wsUrl)}`);
	await until('the page connects and reads the regions', () => page.evaluate(() => window.explorer?.status().regions > 0));
	const status = await page.evaluate(() => window.explorer.idle());
	assert.equal(status.mapError, null, 'the map draws (WebGL works)');
	assert.deepEqual(status.missing, [], 'the node serves every method the page uses');
	say(`page connected: best #${status.best}, ${status.regions} regions, ${status.hexCount} hexes at resolution ${status.resolution}`);

	// Hexes per resolution, with the whole network in view.
	await page.evaluate(() => window.explorer.fit());
	for (const resolution of [4, 6, 10]) {
		const drawn = await page.evaluate((r) => window.explorer.setResolution(r).then(() => window.explorer.drawnHexes()), resolution);
		assert.ok(sameSet(drawn, expected[resolution]), `resolution ${resolution}: drew ${drawn.length} hexes, the chain has ${expected[resolution].length}`);
		assert.equal(await page.textContent('[data-testid="hex-count"]'), String(expected[resolution].length));
		assert.equal(await page.textContent('[data-testid="resolution"]'), String(resolution));
		say(`resolution ${resolution}: ${drawn.length} hexes drawn, as on the chain`);
	}

	// A real click on a hex (resolution 4, where hexes are large), at the refusing hotspot.
	await page.evaluate(() => window.explorer.setResolution(4).then(() => window.explorer.fit()));
	await page.evaluate(() => window.explorer.idle());
	const [lat, lng] = cellToLatLng(toH3(refusing.cell));
	const point = await page.evaluate(([lng, lat]) => {
		const map = window.explorer.map;
		const p = map.project([lng, lat]);
		const box = map.getCanvas().getBoundingClientRect();
		return { x: box.left + p.x, y: box.top + p.y };
	}, [lng, lat]);
	await page.mouse.click(point.x, point.y);
	const region = toChain(cellToParent(toH3(refusing.cell), 4));
	await page.waitForSelector(`[data-testid="hex-panel"][data-cell="${region}"] [data-testid="hotspot-row"]`);
	const regionCount = fleet.filter((h) => toChain(cellToParent(toH3(h.cell), 4)) === region).length;
	assert.equal(await page.locator('[data-testid="hotspot-row"]').count(), regionCount, 'the clicked hex lists its hotspots');
	say(`clicked region ${region}: ${regionCount} hotspots listed`);

	// A click on the refusing hotspot: its refusals with reasons.
	await page.click(`[data-testid="hotspot-row"][data-id="${refusing.id}"]`);
	const panel = `[data-testid="hotspot-panel"][data-device="${refusing.id}"]`;
	await page.waitForSelector(`${panel} [data-testid="refusal-row"]`);
	const rows = await page.$$eval(`${panel} [data-testid="refusal-row"]`, (trs) => trs.map((tr) => ({ reason: tr.dataset.reason, text: tr.textContent })));
	assert.equal(rows.length, refusals.length, 'every refusal is listed');
	for (const refusal of refusals) {
		const row = rows.find((r) => r.reason === refusal.reason && r.text.includes(`#${refusal.beaconer}`));
		assert.ok(row, `refusal by beaconer ${refusal.beaconer} (${refusal.reason}) is listed`);
		const words = refusal.reason.replace(/([A-Z])/g, ' $1').toLowerCase();
		assert.ok(row.text.includes(words), `the reason reads "${words}"`);
	}
	const cov = coverage.get(refusing.id);
	const shown = await page.textContent(`${panel} [data-testid="last-beacon"]`);
	assert.equal(shown.replace(/,/g, ''), cov.lastBeacon === null ? '—' : `#${cov.lastBeacon}`, 'last beacon');
	assert.ok((await page.textContent(`${panel} [data-testid="device-class"]`)).includes('hotspot'));
	say(`hotspot ${refusing.id}: ${rows.length} refusal rows with reasons`);
	await page.waitForSelector('[data-testid="activity"] [data-testid="activity-item"], [data-testid="activity"] .empty');
	// The map as a visitor sees it: the resolution following the zoom, the panels open.
	await page.evaluate(() => window.explorer.setResolution(null));
	await page.screenshot({ path: join(ARTEFACTS, 'map.png') });

	// The debug handle selects a resolution-10 hex too.
	await page.evaluate(() => window.explorer.setResolution(10));
	const fine = toChain(cellToParent(toH3(refusing.cell), 10));
	await page.evaluate((cell) => window.explorer.selectHex(cell), fine);
	await page.waitForSelector(`[data-testid="hex-panel"][data-cell="${fine}"] [data-testid="hotspot-row"][data-id="${refusing.id}"]`);
	const fineCount = fleet.filter((h) => toChain(cellToParent(toH3(h.cell), 10)) === fine).length;
	assert.equal(await page.locator(`[data-testid="hex-panel"] [data-testid="hotspot-row"]`).count(), fineCount);

	// A new block updates the best block.
	const before = await page.textContent('[data-testid="best-block"]');
	await until('a new block shows as the best block', async () => (await page.textContent('[data-testid="best-block"]')) !== before, 20_000);
	say(`best block went from ${before} to ${await page.textContent('[data-testid="best-block"]')}`);

	// GPU market.
	await page.click('[data-testid="tab-gpu"]');
	await page.waitForSelector('[data-testid="gpu-market"]:not([hidden])');
	const market = await until(
		'the GPU market lists every offer, order and lease',
		async () => {
			const [offers, orders, leases] = await Promise.all([
				allPages('depin_offers', [ANY, TERM], 100, (o) => o.device),
				allPages('depin_orders', [], 100, (o) => o.id),
				allPages('depin_leases', [], 100, (l) => l.id),
			]);
			const shown = await page.evaluate(() => ({
				offers: [...document.querySelectorAll('[data-testid="offer-row"]')].map((tr) => Number(tr.dataset.device)),
				orders: document.querySelectorAll('[data-testid="order-row"]').length,
				leases: document.querySelectorAll('[data-testid="lease-row"]').length,
			}));
			const ok =
				sameSet(shown.offers, offers.map((o) => o.device)) && shown.orders === orders.length && shown.leases === leases.length;
			return ok ? { offers, orders, leases } : null;
		},
		30_000,
		500,
	);
	assert.ok(market.offers.length >= 1, 'the closed lease left an offer');
	assert.ok(market.orders.length >= 1, "Bob's order is open");
	assert.ok(market.leases.length >= 1, 'the simulated leases are listed');
	const offerRow = await page.textContent(`[data-testid="offer-row"][data-device="${market.offers[0].device}"]`);
	for (const text of ['NVIDIA H100', '80', market.offers[0].region]) assert.ok(offerRow.includes(text), `the offer row shows ${text}: ${offerRow}`);
	say(`GPU market: ${market.offers.length} offers, ${market.orders.length} orders, ${market.leases.length} leases, as on the chain`);
	await page.screenshot({ path: join(ARTEFACTS, 'gpu-market.png') });

	// Tokenomics: a point per ended epoch in every chart.
	await page.click('[data-testid="tab-tokenomics"]');
	const charts = ['price', 'credits', 'burn-mint', 'pools', 'issuance'];
	const epochs = await until(
		'every chart has a point per ended epoch',
		async () => {
			const history = await allPages('depin_epochHistory', [], 64, (e) => e.epoch);
			const counts = await page.evaluate(
				(names) =>
					names.map((name) => [
						window.explorer.chartPoints(name).length,
						document.querySelectorAll(`[data-testid="chart-${name}"] [data-testid="point"]`).length,
					]),
				charts,
			);
			return counts.every(([points, dom]) => points === history.length && dom === history.length) ? history : null;
		},
		30_000,
		500,
	);
	const hash = await rpc('chain_getBlockHash', [parseInt((await rpc('chain_getHeader')).number, 16)]);
	const [emissions, history] = await Promise.all([rpc('depin_emissions', [hash]), allPages('depin_epochHistory', [], 64, (e) => e.epoch, hash)]);
	// The runtime keeps the last 128 ended epochs (pallet-bme's EPOCH_HISTORY).
	assert.equal(history.length, Math.min(emissions.currentEpoch, 128), 'the history holds every ended epoch');
	assert.ok(epochs.length >= EPOCHS, `at least the ${EPOCHS} simulated epochs ended`);
	say(`tokenomics: ${epochs.length} epochs charted in ${charts.length} charts (running epoch ${emissions.currentEpoch})`);
	// Tall enough for every chart.
	await page.setViewportSize({ width: 1440, height: 1300 });
	await page.screenshot({ path: join(ARTEFACTS, 'tokenomics.png') });
	await page.setViewportSize({ width: 1440, height: 900 });

	// Search.
	const search = async (text) => {
		await page.fill('[data-testid="search"]', text);
		await page.press('[data-testid="search"]', 'Enter');
	};
	await search(String(refusing.id));
	await page.waitForSelector(`[data-testid="map-view"]:not([hidden]) [data-testid="hotspot-panel"][data-device="${refusing.id}"]`);
	const device = await rpc('depin_device', [fleet[1].id]);
	await search(`${device.key.type}:${device.key.publicKey}`);
	await page.waitForSelector(`[data-testid="hotspot-panel"][data-device="${fleet[1].id}"]`);
	const cell10 = toChain(cellToParent(toH3(fleet[2].cell), 10));
	await search(cell10);
	await page.waitForSelector(`[data-testid="hex-panel"][data-cell="${cell10}"]`);
	await page.evaluate(() => window.explorer.idle());
	await page.screenshot({ path: join(ARTEFACTS, 'map-resolution-10.png') });
	const cell8 = cellToParent(toH3(fleet[3].cell), 8);
	await search(cell8);
	await page.waitForSelector(`[data-testid="hex-panel"][data-cell="${toChain(cell8)}"]`);
	const resolution = Number(await page.textContent('[data-testid="resolution"]'));
	const [plat, plng] = cellToLatLng(toH3(fleet[4].cell));
	await search(`${plat.toFixed(6)},${plng.toFixed(6)}`);
	const target = toChain(latLngToCell(Number(plat.toFixed(6)), Number(plng.toFixed(6)), resolution));
	await page.waitForSelector(`[data-testid="hex-panel"][data-cell="${target}"]`);
	const ownedDevices = await allPages('depin_devicesOf', [fleet[0].owner], 100, (d) => d.id);
	await search(fleet[0].owner);
	await page.waitForSelector('[data-testid="search-results"]:not([hidden]) [data-testid="search-result"]');
	assert.equal(await page.locator('[data-testid="search-result"]').count(), ownedDevices.length, "an account's devices are listed");
	await search('no such thing');
	await page.waitForSelector('[data-testid="search-message"]:not([hidden])');
	assert.match(await page.textContent('[data-testid="search-message"]'), /is not a device id/);
	say(`search: device id, device key, H3 cell (0x and 15-digit forms), lat,lng at resolution ${resolution} and account (${ownedDevices.length} devices) work; unknown input is explained`);

	// 4. A closed port: a clear message, not a blank page.
	const down = await context.newPage();
	await down.goto(`${pageUrl}?node=${encodeURIComponent(`ws://127.0.0.1:${closedPort}`)}`);
	await down.waitForSelector('[data-testid="connection-error"]:not([hidden])', { timeout: 20_000 });
	const message = await down.textContent('[data-testid="connection-error"]');
	for (const text of [`ws://127.0.0.1:${closedPort}`, 'Is the node running', 'Is the address right', '--rpc-cors all', `--rpc-cors ${origin}`]) {
		assert.ok(message.includes(text), `the error mentions ${text}: ${message}`);
	}
	assert.ok(await down.isVisible('[data-testid="map"]'), 'the page is not blank');
	await until('the base map draws without a node', () => down.evaluate(() => window.explorer.status().mapReady), 20_000);
	await down.screenshot({ path: join(ARTEFACTS, 'connection-error.png') });
	say('a closed port shows what failed and what to check');

	assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
	return { screenshots: ['map.png', 'map-resolution-10.png', 'gpu-market.png', 'tokenomics.png', 'connection-error.png'].map((f) => join(ARTEFACTS, f)) };
}

// ---- lifecycle ------------------------------------------------------------------------------

let stopping = false;
let cleaning = null;
let failed = false;

function cleanUp() {
	stopping = true;
	cleaning ??= (async () => {
		for (const { what, stop } of owned.reverse()) {
			await Promise.race([stop(), sleep(STOP_GRACE_MS + 2000)]).catch((error) => console.error(`stopping ${what}: ${error.message}`));
		}
	})();
	return cleaning;
}

function logTail() {
	try {
		return readFileSync(nodeLog, 'utf8').trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
	} catch (error) {
		return `(no log: ${error.message})`;
	}
}

async function fail(error) {
	if (failed) return;
	failed = true;
	console.error(`\nFAIL after ${elapsed()}: ${error?.stack ?? error}`);
	if (nodeLog) console.error(`\n---- the last ${LOG_TAIL_LINES} lines of ${nodeLog} ----\n${logTail()}\n----`);
	await cleanUp();
	process.exit(1);
}

process.on('SIGINT', () => fail(new Error('interrupted (SIGINT)')));
process.on('SIGTERM', () => fail(new Error('terminated (SIGTERM)')));
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
// The last resort: never leave a process running.
process.on('exit', () => {
	for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

const limit = setTimeout(() => fail(new Error(`the test took longer than ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS);
try {
	const { screenshots } = await run();
	await cleanUp();
	clearTimeout(limit);
	console.log(`\nscreenshots:\n${screenshots.map((s) => `  ${s}`).join('\n')}`);
	say('PASS: the explorer draws the chain, its panels, market, charts and search in Chromium');
	process.exit(0);
} catch (error) {
	await fail(error);
}
