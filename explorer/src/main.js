// The app shell: the connection to the node (address field and `?node=`), the best block and the
// refresh on each new block (one refresh in flight at most), the tabs, the search box, and the
// `window.explorer` handle that tests and benchmarks drive.
import './style.css';
import { Depin, MissingMethod } from './api.js';
import { drawn as chartPoints } from './charts.js';
import { h } from './dom.js';
import { integer } from './format.js';
import { GpuView } from './gpu.js';
import { MapView } from './mapview.js';
import { RpcClient } from './rpc.js';
import { Search } from './search.js';
import { TokenomicsView } from './tokenomics.js';

const DEFAULT_NODE = 'ws://127.0.0.1:9944';
const RETRY_MS = 5000;
const VIEWS = ['map', 'gpu', 'tokenomics'];

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

const state = {
	url: null,
	rpc: null,
	depin: null,
	connected: false,
	seq: 0,
	best: null,
	view: 'map',
	refreshing: null,
	again: false,
	stale: new Set(VIEWS),
	retry: null,
	heads: null,
};

const depin = () => (state.connected ? state.depin : null);

// ---- views ----------------------------------------------------------------------------------

const views = {};
const app = {
	depin,
	searchOwner: (account) => search.owner(account).catch((error) => message(`Could not list the devices of ${account}: ${error.message}`)),
	showHotspot: (id) => {
		showView('map');
		return views.map.selectHotspot(id);
	},
	showCell: (cell) => {
		showView('map');
		return views.map.showCell(cell);
	},
};
views.map = new MapView(document.querySelector('section[data-view="map"]'), app);
views.gpu = new GpuView(document.querySelector('section[data-view="gpu"]'), app);
views.tokenomics = new TokenomicsView(document.querySelector('section[data-view="tokenomics"]'), app);

/** Shows a view (`map`, `gpu`, `tokenomics`); reads it if a block came since it last did. */
function showView(name) {
	if (!VIEWS.includes(name)) return;
	state.view = name;
	for (const section of document.querySelectorAll('main > section.view')) section.hidden = section.dataset.view !== name;
	for (const tab of document.querySelectorAll('.tabs button')) tab.setAttribute('aria-selected', String(tab.dataset.view === name));
	const params = new URLSearchParams(location.search);
	if (name === 'map') params.delete('view');
	else params.set('view', name);
	history.replaceState(null, '', `${location.pathname}?${params}`);
	if (name === 'map') views.map.map?.resize();
	if (state.stale.has(name)) requestRefresh();
}

for (const tab of document.querySelectorAll('.tabs button')) tab.addEventListener('click', () => showView(tab.dataset.view));

/** Shows a device: a hotspot on the map with its panel, another device in the GPU view. */
async function showDevice(device) {
	if (device.class === 'hotspot') {
		showView('map');
		if (device.location) await views.map.showCell(device.location.cell).catch(() => {});
		await views.map.selectHotspot(device.id, device);
	} else {
		showView('gpu');
		await views.gpu.showDevice(device.id, device);
	}
}

let toastTimer = null;
/** A short message under the top bar (search results that are not found, …). */
function message(text) {
	const element = $('search-message');
	element.textContent = text;
	element.hidden = false;
	clearTimeout(toastTimer);
	toastTimer = setTimeout(() => (element.hidden = true), 8000);
}

const search = new Search($('search-form'), {
	depin,
	showDevice,
	showCell: app.showCell,
	resolution: () => views.map.layer?.resolution ?? 4,
	message,
});

// ---- refresh --------------------------------------------------------------------------------

/** Reads the visible view again; with one in flight, once more after it. */
function requestRefresh() {
	if (!state.connected) return;
	if (state.refreshing) {
		state.again = true;
		return;
	}
	state.refreshing = (async () => {
		do {
			state.again = false;
			const seq = state.seq;
			try {
				// Every read of one refresh is at the same block.
				state.depin.at = state.best === null ? null : await state.rpc.request('chain_getBlockHash', [state.best]);
				const view = state.view;
				state.stale.delete(view);
				await views[view].refresh();
			} catch (error) {
				if (seq === state.seq && state.connected) console.warn('refresh failed', error);
			}
		} while (state.again && state.connected);
		state.refreshing = null;
	})();
}

function onHead(header) {
	const number = parseInt(header.number, 16);
	if (state.best !== null && number <= state.best) return;
	state.best = number;
	$('best-block').textContent = `#${integer(number)}`;
	for (const view of VIEWS) state.stale.add(view);
	requestRefresh();
}

// ---- connection -----------------------------------------------------------------------------

function setStatus(kind, text) {
	const status = $('status');
	status.className = `status ${kind}`;
	status.querySelector('.status-text').textContent = text;
}

/** Shows what failed and what to check. */
function showError(kind, url, detail) {
	const origin = location.origin && location.origin !== 'null' ? location.origin : null;
	const banner = $('connection-error');
	const checks = [
		h('li', {}, 'Is the node running? For example ', h('code', {}, 'depin-node --dev --rpc-cors all'), '.'),
		h('li', {}, 'Is the address right? It is the node\u2019s JSON-RPC WebSocket, ', h('code', {}, 'ws://HOST:PORT'), ' (', h('code', {}, '--rpc-port'), ', 9944 by default).'),
		h(
			'li',
			{},
			'Does the node (or a proxy in front of it) allow this page\u2019s origin? Where origins are filtered, start the node with ',
			h('code', {}, '--rpc-cors all'),
			' or ',
			h('code', {}, `--rpc-cors ${origin ?? 'http://HOST:PORT'}`),
			' (the address this page is served from). A node on another machine also needs ',
			h('code', {}, '--rpc-external'),
			'.',
		),
	];
	const titles = {
		refused: `Cannot connect to the node at ${url}`,
		timeout: `The node at ${url} does not answer`,
		closed: `Lost the connection to the node at ${url}`,
		'not-depin': `${url} is not a DePIN node`,
		invalid: `"${url}" is not a node address`,
		failed: `The node at ${url} failed to answer`,
	};
	const retrying = kind !== 'not-depin' && kind !== 'invalid';
	banner.replaceChildren(
		h('h2', { testid: 'connection-error-title' }, titles[kind] ?? titles.failed),
		h('p', {}, detail),
		kind === 'not-depin'
			? h('p', {}, 'Check that the address points at a ', h('code', {}, 'depin-node'), ', not another chain\u2019s node.')
			: kind === 'invalid'
				? h('p', {}, 'Use ', h('code', {}, 'ws://HOST:PORT'), ' or ', h('code', {}, 'wss://HOST:PORT'), ', e.g. ', h('code', {}, DEFAULT_NODE), '.')
				: h('ul', {}, checks),
		h(
			'p',
			{},
			retrying ? `Trying again every ${RETRY_MS / 1000} s. ` : '',
			h('button', { type: 'button', testid: 'retry', onclick: () => connect(state.url) }, 'Retry now'),
		),
	);
	banner.hidden = false;
	setStatus('offline', kind === 'not-depin' ? 'not a DePIN node' : 'offline');
	clearTimeout(state.retry);
	if (retrying) {
		const seq = state.seq;
		state.retry = setTimeout(() => seq === state.seq && connect(state.url, { quiet: true }), RETRY_MS);
	}
}

function hideError() {
	$('connection-error').hidden = true;
	clearTimeout(state.retry);
}

function teardown() {
	clearTimeout(state.retry);
	state.connected = false;
	state.heads = null;
	if (state.rpc) {
		state.rpc.onclose = null;
		state.rpc.close();
	}
	state.rpc = null;
	state.depin = null;
}

/** Connects to `url`; `quiet` keeps the shown error while retrying. */
async function connect(address, { quiet = false } = {}) {
	// An http(s):// address of the node means its ws(s):// one.
	const url = address.replace(/^http(s?):\/\//i, 'ws$1://');
	const seq = ++state.seq;
	const changed = url !== state.url;
	teardown();
	state.url = url;
	$('node-url').value = url;
	const params = new URLSearchParams(location.search);
	params.set('node', url);
	history.replaceState(null, '', `${location.pathname}?${params}`);
	if (changed || !quiet) {
		state.best = null;
		$('best-block').textContent = '—';
		for (const view of Object.values(views)) view.reset();
	}
	if (!quiet) hideError();
	setStatus('connecting', 'connecting…');
	if (!/^wss?:\/\/[^\s/]+/i.test(url)) {
		showError('invalid', url, 'A node address starts with ws:// or wss://.');
		return;
	}
	const rpc = new RpcClient(url);
	try {
		await rpc.open();
	} catch (error) {
		if (seq !== state.seq) return;
		if (error.kind === 'timeout') showError('timeout', url, `${error.message}: something accepted the connection but did not complete a WebSocket handshake (a firewall, or not a node).`);
		else showError('refused', url, `${error.message}: the connection was refused or the WebSocket handshake failed.`);
		return;
	}
	if (seq !== state.seq) return rpc.close();
	const reader = new Depin(rpc);
	try {
		await reader.call('depin_emissions', [], { pinned: false });
	} catch (error) {
		rpc.close();
		if (seq !== state.seq) return;
		if (error instanceof MissingMethod) showError('not-depin', url, `It answers JSON-RPC but does not serve depin_emissions (method not found).`);
		else showError(error.kind === 'timeout' ? 'timeout' : 'failed', url, error.message);
		return;
	}
	if (seq !== state.seq) return rpc.close();
	state.rpc = rpc;
	state.depin = reader;
	state.connected = true;
	rpc.onclose = () => {
		if (seq !== state.seq) return;
		state.connected = false;
		showError('closed', url, 'The WebSocket closed: the node stopped or the network dropped.');
	};
	hideError();
	setStatus('connected', 'connected');
	window.explorer.rpcCallsAtConnect = rpc.calls;
	try {
		state.heads = await rpc.subscribe('chain_subscribeNewHeads', [], 'chain_unsubscribeNewHeads', onHead);
		onHead(await rpc.request('chain_getHeader', []));
	} catch (error) {
		if (seq === state.seq) showError('failed', url, `Could not follow new blocks: ${error.message}`);
	}
}

$('node-form').addEventListener('submit', (event) => {
	event.preventDefault();
	connect($('node-url').value.trim());
});

// ---- the handle for tests and benchmarks ----------------------------------------------------

/** Resolves once no refresh is in flight and the map has drawn. */
async function idle() {
	for (;;) {
		await views.map.ready;
		while (state.refreshing) await state.refreshing;
		if (!views.map.layer?.loading) return status();
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

function status() {
	const layer = views.map.layer;
	return {
		connected: state.connected,
		url: state.url,
		best: state.best,
		view: state.view,
		resolution: layer?.resolution ?? null,
		locked: layer?.locked ?? null,
		hexCount: layer?.drawn.size ?? 0,
		regions: layer?.regions.size ?? 0,
		loading: layer?.loading ?? false,
		refreshing: Boolean(state.refreshing),
		lastDrawMs: layer?.lastDrawMs ?? null,
		lastDataMs: layer?.lastDataMs ?? null,
		firstDrawn: layer?.firstDrawn ?? {},
		rpcCalls: state.rpc?.calls ?? 0,
		missing: state.depin ? [...state.depin.missing] : [],
		mapReady: Boolean(views.map.layer),
		mapError: views.map.mapError?.message ?? null,
	};
}

window.explorer = {
	status,
	idle,
	connect: (url) => connect(url),
	showView,
	/** Locks the drawn H3 resolution (4 to 10; null or 'auto' follows the zoom); resolves drawn. */
	async setResolution(resolution) {
		await views.map.ready;
		await views.map.layer.setResolution(resolution);
		return idle();
	},
	/** The cells drawn now, in the chain's form ("0x" + 16 hex digits). */
	drawnHexes: () => [...(views.map.layer?.drawn.keys() ?? [])],
	/** The HexCountViews drawn now. */
	drawnViews: () => [...(views.map.layer?.drawn.values() ?? [])],
	/** Selects a hex (chain or h3-js form): drawn ones in place, others by flying to them. */
	async selectHex(cell) {
		showView('map');
		await views.map.ready;
		const layer = views.map.layer;
		const chain = `0x${String(cell).replace(/^0x/i, '').toLowerCase().padStart(16, '0')}`;
		if (layer?.drawn.has(chain)) await layer.select(chain);
		else await views.map.showCell(chain);
	},
	selectHotspot: (id) => app.showHotspot(id),
	/** Fits the map to every region. */
	fit: () => views.map.layer?.fitToRegions({ animate: false }),
	search: (text) => search.run(text),
	chartPoints: (name) => chartPoints.get(name) ?? [],
	get lastDrawMs() {
		return views.map.layer?.lastDrawMs ?? null;
	},
	get rpcCalls() {
		return state.rpc?.calls ?? 0;
	},
	get map() {
		return views.map.map;
	},
};

// ---- start ----------------------------------------------------------------------------------

const params = new URLSearchParams(location.search);
showView(params.get('view') ?? 'map');
connect(params.get('node') || DEFAULT_NODE);
