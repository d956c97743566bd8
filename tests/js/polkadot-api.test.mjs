// Standard clients: @polkadot/api works with the DePIN chain with no custom type definitions.
//
// Starts a `--dev` node of the built `depin-node`, connects `@polkadot/api` with nothing but a
// `WsProvider` (no `types`, `typesBundle` or `rpc` options) and checks, from the runtime's own
// metadata:
//
// 1. every call of the DePIN pallets (`registry`, `coverage`, `leases`, `bme`) has argument types
//    that resolve, and a call built from their default values encodes and decodes back to itself;
//    every event, error and storage item resolves too (and so do the other pallets' ones, and the
//    DePIN runtime APIs);
// 2. Alice's signed `bme.burnForCredits` (after sudo makes Alice and Bob price feeders and both
//    submit a price) reaches a finalized block, and its `bme.CreditsBought` event decodes with
//    its fields, matching storage, the runtime API and the `depin_credits` JSON-RPC;
// 3. the block's extrinsics and events decode, and every storage item of the DePIN pallets reads
//    and decodes at that block;
// 4. the `depin_*` JSON-RPC answers through the standard provider (`provider.send`).
//
// Run from the repository root after `npm ci --prefix tests/js`:
//   node tests/js/polkadot-api.test.mjs
// `DEPIN_NODE` names the node binary (default `~/.cache/depin/target/debug/depin-node`).
// Exits 0 when everything holds, 1 with the reason and the node log's tail otherwise.

import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { freePorts } from './ports.mjs';

/** The DePIN pallets with their pinned runtime indices. */
const DEPIN_PALLETS = { registry: 40, coverage: 41, leases: 42, bme: 43 };
/** The DePIN runtime APIs, as named in the metadata. */
const DEPIN_APIS = ['RegistryApi', 'CoverageApi', 'LeasesApi', 'BmeApi'];
/** Pallets of the governance and the rest of the runtime that must be there too. */
const REQUIRED_PALLETS = [
	'system', 'balances', 'utility', 'sudo', 'collatorSelection', 'session', 'treasury',
	'scheduler', 'preimage', 'referenda', 'convictionVoting', 'whitelist', 'technicalCommittee',
];

/** One DPN in base units (12 decimals). */
const DPN = 10n ** 12n;
/** `FixedU128`'s denominator: a price of 1 USD/DPN. */
const FIXED_ONE = 10n ** 18n;
/** The DPN/USD price the feeders submit, as in the Rust end-to-end tests. */
const PRICE = 2n * FIXED_ONE;
/** What Alice burns for credits. */
const BURN = 100n * DPN;
/** The hex-density table's rules: resolutions 4 to 10. */
const DENSITY_RULES = 7;

const READY_TIMEOUT_MS = 60_000;
const TX_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;
const LOG_TAIL_LINES = 60;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const say = (line) => console.log(`[${elapsed()}] ${line}`);
const json = (value) => JSON.stringify(value);

// ---- the node ---------------------------------------------------------------------------------

/** The node: its process, when it exited, whether we stopped it, its directory and log file. */
const node = { child: null, exited: null, stopping: false, dir: null, log: null };

/** Starts `depin-node --dev` with the flags of the Rust e2e harness (`tests/src/lib.rs`). */
async function startNode() {
	const binary =
		process.env.DEPIN_NODE || join(homedir(), '.cache/depin/target/debug/depin-node');
	try {
		accessSync(binary, constants.X_OK);
	} catch {
		throw new Error(`no executable node binary at ${binary} (build it, or set DEPIN_NODE)`);
	}
	const [rpcPort, p2pPort, prometheusPort] = await freePorts(3);
	node.dir = mkdtempSync(join(tmpdir(), 'depin-polkadot-api-'));
	node.log = join(node.dir, 'node.log');
	// `--listen-addr` replaces `--port` (the node refuses both); the base path is ours to remove.
	const args = [
		'--dev',
		'--base-path', join(node.dir, 'base'),
		'--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
		'--rpc-port', String(rpcPort),
		'--prometheus-port', String(prometheusPort),
		'--rpc-cors', 'all',
		'--no-mdns', '--no-telemetry', '--allow-private-ip', '--discover-local',
	];
	const log = openSync(node.log, 'a');
	node.child = spawn(binary, args, { stdio: ['ignore', log, log] });
	node.exited = new Promise((resolve) => {
		node.child.once('exit', (code, signal) => resolve({ code, signal }));
		node.child.once('error', (error) => resolve({ error }));
	});
	say(`started ${binary} (pid ${node.child.pid}), RPC on 127.0.0.1:${rpcPort}, log ${node.log}`);
	return rpcPort;
}

/** Rejects when the node exits before the test is over (never, once we stop it). */
async function nodeDied() {
	const { code, signal, error } = await node.exited;
	if (node.stopping) return new Promise(() => {});
	throw new Error(
		error
			? `the node could not start: ${error.message}`
			: `the node exited early (code ${code}, signal ${signal})`,
	);
}

/** Stops the node: SIGTERM, then SIGKILL after a grace period. */
async function stopNode() {
	const child = node.child;
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	node.stopping = true;
	child.kill('SIGTERM');
	const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
	await node.exited;
	clearTimeout(kill);
}

/** The last lines of the node's log. */
function logTail() {
	try {
		const lines = readFileSync(node.log, 'utf8').trimEnd().split('\n');
		return lines.slice(-LOG_TAIL_LINES).join('\n');
	} catch (error) {
		return `(no log: ${error.message})`;
	}
}

/** Waits until the node answers `system_health` over HTTP on `rpcPort`. */
async function waitForRpc(rpcPort) {
	const deadline = Date.now() + READY_TIMEOUT_MS;
	const body = json({ id: 1, jsonrpc: '2.0', method: 'system_health', params: [] });
	for (;;) {
		try {
			const response = await fetch(`http://127.0.0.1:${rpcPort}`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body,
				signal: AbortSignal.timeout(2_000),
			});
			if ((await response.json()).result) return;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) {
			throw new Error(`the node did not answer JSON-RPC within ${READY_TIMEOUT_MS / 1000} s`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** `promise`, or a rejection naming `what` after `ms`. */
function withTimeout(promise, ms, what) {
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---- metadata ---------------------------------------------------------------------------------

function assert(condition, message) {
	if (!condition) throw new Error(message);
}

/**
 * Throws unless `typeName`, as polkadot-js names a type, is fully known: polkadot-js names what
 * it cannot resolve `Unknown` and builds it as `DoNotConstruct<…>` (which throws when built).
 */
function assertKnown(typeName, where) {
	assert(
		typeof typeName === 'string' &&
			typeName.length > 0 &&
			!/\bUnknown\b|DoNotConstruct/.test(typeName),
		`${where}: the type "${typeName}" did not resolve`,
	);
}

/**
 * Resolves the metadata type `id` to a polkadot-js type and builds its default value; a type that
 * cannot be resolved or built throws here, named by `where`.
 */
function buildLookupType(api, id, where) {
	assertKnown(api.registry.lookup.getTypeDef(id).type, where);
	const value = api.registry.createType(api.registry.createLookupType(id));
	assertKnown(value.toRawType(), where);
	return value;
}

/**
 * Runs `check` on each `[name, item]`, collecting every failure as `prefix.name: why` so that one
 * run reports them all. Returns how many passed.
 */
function eachItem(failures, prefix, items, check) {
	let passed = 0;
	for (const [name, item] of items) {
		try {
			check(name, item);
			passed += 1;
		} catch (error) {
			failures.push(`${prefix}.${name}: ${error.message}`);
		}
	}
	return passed;
}

/** A pallet's name in `api.tx`, `api.query` and the rest: its metadata name in camelCase. */
const sectionName = (pallet) => pallet.name.toString().replace(/^./, (c) => c.toLowerCase());

/** The pallet's metadata entry, by its section name. */
function metadataPallet(api, pallet) {
	const found = api.runtimeMetadata.asLatest.pallets.find((p) => sectionName(p) === pallet);
	assert(found, `pallet ${pallet} is not in the metadata`);
	return found;
}

/** Every call: its argument types resolve, and a call of default arguments round-trips. */
function checkCalls(api, pallet, failures) {
	const index = metadataPallet(api, pallet).index.toNumber();
	const calls = Object.entries(api.tx[pallet] ?? {});
	return eachItem(failures, `tx.${pallet}`, calls, (name, fn) => {
		const args = fn.meta.args.map((arg, i) => {
			const type = arg.type.toString();
			assertKnown(type, `argument ${arg.name}`);
			buildLookupType(api, fn.meta.fields[i].type, `argument ${arg.name}`);
			return api.createType(type);
		});
		const call = fn(...args).method;
		assert(call.callIndex[0] === index, `call index ${call.callIndex}, not in pallet ${index}`);
		const decoded = api.createType('Call', call.toU8a());
		assert(
			decoded.section === pallet && decoded.method === name,
			`decodes as ${decoded.section}.${decoded.method}`,
		);
		assert(decoded.toHex() === call.toHex(), 'does not re-encode to the same bytes');
	});
}

/** Every event has its name and fields whose types resolve. */
function checkEvents(api, pallet, failures) {
	const events = Object.entries(api.events[pallet] ?? {});
	return eachItem(failures, `events.${pallet}`, events, (name, event) => {
		assert(event.meta.name.toString() === name, `named "${event.meta.name}" in the metadata`);
		event.meta.fields.forEach((field, i) => {
			const fieldName = field.name.isSome ? field.name.unwrap().toString() : String(i);
			buildLookupType(api, field.type, `field ${fieldName}`);
		});
	});
}

/** Every error has its name, and its module error index decodes back to it. */
function checkErrors(api, pallet, failures) {
	const index = metadataPallet(api, pallet).index.toNumber();
	const errors = Object.entries(api.errors[pallet] ?? {});
	return eachItem(failures, `errors.${pallet}`, errors, (name, error) => {
		assert(error.meta.name.toString() === name, `named "${error.meta.name}" in the metadata`);
		const module = new Uint8Array([index, error.meta.index.toNumber()]);
		const found = api.registry.findMetaError(module);
		assert(
			found.section === pallet && found.name === name,
			`its index decodes as ${found.section}.${found.name}`,
		);
	});
}

/** A storage item's key argument types (none for a value) and value type: metadata type ids. */
function storageTypes(api, entry) {
	const type = entry.creator.meta.type;
	if (type.isPlain) return { keys: [], value: type.asPlain };
	const { hashers, key, value } = type.asMap;
	const keys = hashers.length === 1 ? [key] : api.registry.lookup.getSiType(key).def.asTuple;
	return { keys: [...keys], value };
}

/** Every storage item: key and value types resolve, and a key of default arguments encodes. */
function checkStorage(api, pallet, failures) {
	// `palletVersion` is polkadot-js's own addition, not the metadata's.
	const items = Object.entries(api.query[pallet] ?? {}).filter(([n]) => n !== 'palletVersion');
	return eachItem(failures, `query.${pallet}`, items, (name, entry) => {
		const { keys, value } = storageTypes(api, entry);
		buildLookupType(api, value, 'value');
		const args = keys.map((id, i) => buildLookupType(api, id, `key ${i}`));
		assert(entry.key(...args).startsWith(entry.keyPrefix()), 'a key outside its prefix');
	});
}

/**
 * Checks the calls, events, errors and storage of every pallet, the DePIN runtime APIs and the
 * transaction extensions; throws with every item that did not decode.
 */
function checkMetadata(api) {
	const failures = [];
	const depin = {};
	for (const [pallet, index] of Object.entries(DEPIN_PALLETS)) {
		try {
			const found = metadataPallet(api, pallet);
			assert(found.index.toNumber() === index, `at index ${found.index}, not ${index}`);
			for (const [kind, section] of [
				['calls', api.tx[pallet]],
				['events', api.events[pallet]],
				['errors', api.errors[pallet]],
				['storage', api.query[pallet]],
			]) {
				assert(Object.keys(section ?? {}).length > 0, `has no ${kind}`);
			}
		} catch (error) {
			failures.push(`pallet ${pallet}: ${error.message}`);
			continue;
		}
		depin[pallet] = {
			calls: checkCalls(api, pallet, failures),
			events: checkEvents(api, pallet, failures),
			errors: checkErrors(api, pallet, failures),
			storage: checkStorage(api, pallet, failures),
		};
	}

	// Every other pallet of the runtime: the same checks, totalled.
	const pallets = api.runtimeMetadata.asLatest.pallets.map(sectionName);
	for (const pallet of REQUIRED_PALLETS) {
		if (!pallets.includes(pallet)) failures.push(`pallet ${pallet} is not in the metadata`);
	}
	const others = { pallets: 0, calls: 0, events: 0, errors: 0, storage: 0 };
	for (const pallet of pallets) {
		if (pallet in DEPIN_PALLETS) continue;
		others.pallets += 1;
		others.calls += checkCalls(api, pallet, failures);
		others.events += checkEvents(api, pallet, failures);
		others.errors += checkErrors(api, pallet, failures);
		others.storage += checkStorage(api, pallet, failures);
	}

	// The DePIN runtime APIs, from the metadata's `apis`.
	let apiMethods = 0;
	for (const name of DEPIN_APIS) {
		const found = api.registry.metadata.apis.find((a) => a.name.toString() === name);
		if (!found) {
			failures.push(`runtime API ${name} is not in the metadata`);
			continue;
		}
		const methods = found.methods.map((method) => [method.name.toString(), method]);
		apiMethods += eachItem(failures, name, methods, (_, method) => {
			for (const input of method.inputs) {
				buildLookupType(api, input.type, `input ${input.name}`);
			}
			buildLookupType(api, method.output, 'output');
		});
	}

	// polkadot-js signs the transaction extensions it does not know (here `AuthorizeCall`) as
	// carrying no data, which is right only for extensions that carry none.
	const extensions = api.registry.metadata.extrinsic.transactionExtensions.map((extension) => {
		const size = (id) =>
			api.registry.createType(api.registry.createLookupType(id)).encodedLength;
		return {
			name: extension.identifier.toString(),
			bytes: size(extension.type) + size(extension.implicit),
		};
	});
	for (const { name, bytes } of extensions) {
		if (name === 'AuthorizeCall' && bytes !== 0) {
			failures.push(`${name} carries data; @polkadot/api 16.5.6 signs it as carrying none`);
		}
	}

	if (failures.length > 0) {
		const list = failures.join('\n  ');
		throw new Error(`${failures.length} metadata item(s) did not decode:\n  ${list}`);
	}
	return { depin, others, apiMethods, extensions };
}

// ---- transactions -----------------------------------------------------------------------------

/** A dispatch error as `section.Name: docs`. */
function describeDispatchError(api, error) {
	if (error.isModule) {
		const { docs, name, section } = api.registry.findMetaError(error.asModule);
		return `${section}.${name}: ${docs.join(' ')}`;
	}
	return error.toString();
}

/**
 * Signs and submits `tx` as `signer`; resolves once it is in a block (in a finalized block with
 * `finalized`) and succeeded, sudo'd call included: its block hash, hash, index and events.
 */
function submit(api, tx, signer, label, { finalized = false } = {}) {
	return new Promise((resolve, reject) => {
		let unsubscribe = null;
		let done = false;
		const finish = (error, value) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			if (unsubscribe) unsubscribe();
			if (error) reject(error);
			else resolve(value);
		};
		const awaited = finalized ? 'finalized' : 'in a block';
		const timer = setTimeout(
			() => finish(new Error(`${label}: not ${awaited} within ${TX_TIMEOUT_MS / 1000} s`)),
			TX_TIMEOUT_MS,
		);
		const onStatus = (result) => {
			const { status } = result;
			const { isInvalid, isDropped, isUsurped, isFinalityTimeout } = status;
			if (isInvalid || isDropped || isUsurped || isFinalityTimeout) {
				finish(new Error(`${label}: the transaction is ${status.type}`));
				return;
			}
			let blockHash = null;
			if (status.isFinalized) blockHash = status.asFinalized;
			else if (status.isInBlock && !finalized) blockHash = status.asInBlock;
			if (!blockHash) return;
			if (result.dispatchError) {
				const error = describeDispatchError(api, result.dispatchError);
				finish(new Error(`${label} failed: ${error}`));
				return;
			}
			const sudid = result.events.find(({ event }) => api.events.sudo.Sudid.is(event));
			if (sudid && sudid.event.data.sudoResult.isErr) {
				const error = describeDispatchError(api, sudid.event.data.sudoResult.asErr);
				finish(new Error(`${label}: the sudo'd call failed: ${error}`));
				return;
			}
			const { txHash, txIndex, events } = result;
			finish(null, { blockHash, txHash, txIndex, events });
		};
		tx.signAndSend(signer, onStatus)
			.then((unsub) => {
				if (done) unsub();
				else unsubscribe = unsub;
			})
			.catch((error) => finish(new Error(`${label}: ${error.message}`)));
	});
}

/** The events among `records` that are `pallet.name`. */
function eventsOf(api, records, pallet, name) {
	return records.filter(({ event }) => api.events[pallet][name].is(event)).map((r) => r.event);
}

/** `section.method` of each event record. */
const eventNames = (records) => records.map(({ event }) => `${event.section}.${event.method}`);

// ---- the test ---------------------------------------------------------------------------------

async function run(rpcPort) {
	await waitForRpc(rpcPort);
	const provider = new WsProvider(`ws://127.0.0.1:${rpcPort}`);
	// No `types`, `typesBundle` or `rpc`: everything comes from the chain's metadata.
	const api = new ApiPromise({ provider });
	try {
		await withTimeout(api.isReadyOrError, READY_TIMEOUT_MS, '@polkadot/api connecting');
		await cryptoWaitReady();
		const { specName, specVersion } = api.runtimeVersion;
		say(
			`connected: ${specName} spec ${specVersion}, ` +
				`metadata v${api.runtimeMetadata.version}, ` +
				`chain "${await api.rpc.system.chain()}"`,
		);
		return await runChecks(api, provider);
	} finally {
		await api.disconnect();
	}
}

async function runChecks(api, provider) {
	// 1. The metadata alone.
	const { depin, others, apiMethods, extensions } = checkMetadata(api);
	for (const [pallet, c] of Object.entries(depin)) {
		say(
			`${pallet} (index ${DEPIN_PALLETS[pallet]}): ${c.calls} calls, ${c.events} events, ` +
				`${c.errors} errors, ${c.storage} storage items decoded`,
		);
	}
	say(
		`the other ${others.pallets} pallets: ${others.calls} calls, ${others.events} events, ` +
			`${others.errors} errors, ${others.storage} storage items decoded`,
	);
	say(`DePIN runtime APIs: ${apiMethods} methods decoded`);
	const empty = extensions.filter(({ bytes }) => bytes === 0).map(({ name }) => name);
	say(`transaction extensions: ${extensions.length}; carrying no data: ${empty.join(', ')}`);

	// 4. The depin_* JSON-RPC through the standard provider, against storage and the runtime API.
	const rules = await provider.send('depin_densityRules', []);
	assert(
		Array.isArray(rules) && rules.length === DENSITY_RULES,
		`depin_densityRules: expected ${DENSITY_RULES} rules, got ${json(rules)}`,
	);
	const fromRpc = json(rules.map(({ neighbors, target, max }) => ({ neighbors, target, max })));
	const fromStorage = json(await api.query.coverage.densityRules());
	const fromApi = json(await api.call.coverageApi.densityRules());
	assert(
		fromStorage === fromRpc && fromApi === fromRpc,
		`the density rules differ: coverage.densityRules ${fromStorage}, ` +
			`CoverageApi.density_rules ${fromApi}, depin_densityRules ${json(rules)}`,
	);
	say(`depin_densityRules: ${rules.length} rules, as in coverage.densityRules and CoverageApi`);

	// 2. A DePIN extrinsic, set up as the Rust e2e tests' `open_market` does.
	const keyring = new Keyring({ type: 'sr25519' });
	const alice = keyring.addFromUri('//Alice');
	const bob = keyring.addFromUri('//Bob');
	const addFeeders = api.tx.utility.batchAll([
		api.tx.bme.addFeeder(alice.address),
		api.tx.bme.addFeeder(bob.address),
	]);
	const sudid = await submit(api, api.tx.sudo.sudo(addFeeders), alice, 'sudo: add feeders');
	const added = eventsOf(api, sudid.events, 'bme', 'FeederAdded').map((e) => `${e.data.feeder}`);
	assert(
		added.length === 2 && added.includes(alice.address) && added.includes(bob.address),
		`expected bme.FeederAdded for Alice and Bob, got ${json(added)}`,
	);
	await Promise.all([
		submit(api, api.tx.bme.submitPrice(PRICE), alice, "Alice's price"),
		submit(api, api.tx.bme.submitPrice(PRICE), bob, "Bob's price"),
	]);
	say('sudo made Alice and Bob price feeders; both priced DPN at 2 USD');

	const burn = api.tx.bme.burnForCredits(BURN, null);
	const bought = await submit(api, burn, alice, 'Alice burns DPN', { finalized: true });
	const number = (await api.rpc.chain.getHeader(bought.blockHash)).number.toNumber();
	const blockHash = bought.blockHash.toHex();
	const txHash = bought.txHash.toHex();
	say(`bme.burnForCredits ${txHash} finalized in block #${number} ${blockHash}`);

	const [event] = eventsOf(api, bought.events, 'bme', 'CreditsBought');
	assert(event, `no bme.CreditsBought among ${eventNames(bought.events).join(', ')}`);
	const { payer, beneficiary, burned, credits, price } = event.data;
	assert(`${payer}` === alice.address, `CreditsBought.payer is ${payer}`);
	assert(`${beneficiary}` === alice.address, `CreditsBought.beneficiary is ${beneficiary}`);
	assert(burned.toBigInt() === BURN, `CreditsBought.burned is ${burned}, not ${BURN}`);
	assert(credits.toBigInt() > 0n, `CreditsBought.credits is ${credits}`);
	assert(price.toBigInt() > 0n && price.toBigInt() <= PRICE, `CreditsBought.price is ${price}`);
	say(`bme.CreditsBought decoded: ${json(event.data.toHuman())}`);

	// Alice's credits at that block: in storage, from the runtime API and from depin_credits.
	const at = await api.at(bought.blockHash);
	const stored = await at.query.bme.creditAccounts(alice.address);
	assert(stored.isSome, 'bme.creditAccounts has no entry for Alice');
	const fromCall = await at.call.bmeApi.credits(alice.address);
	const rpc = await provider.send('depin_credits', [alice.address, blockHash]);
	assert(
		stored.unwrap().spendable.eq(credits) &&
			fromCall.spendable.eq(credits) &&
			rpc.spendable === credits.toString(),
		`Alice's credits differ: bme.CreditsBought ${credits}, bme.creditAccounts ${stored}, ` +
			`BmeApi.credits ${fromCall}, depin_credits ${json(rpc)}`,
	);
	say(`Alice's ${credits} credits agree in bme.creditAccounts, BmeApi.credits, depin_credits`);

	// 3. The finalized block: its extrinsics and events decode; every DePIN storage item reads.
	const { block } = await api.rpc.chain.getBlock(bought.blockHash);
	const extrinsic = block.extrinsics[bought.txIndex];
	assert(
		extrinsic &&
			extrinsic.hash.eq(bought.txHash) &&
			extrinsic.method.section === 'bme' &&
			extrinsic.method.method === 'burnForCredits' &&
			`${extrinsic.signer}` === alice.address &&
			extrinsic.method.args[0].eq(BURN),
		`extrinsic ${bought.txIndex} of block #${number} is not Alice's bme.burnForCredits`,
	);
	const records = await at.query.system.events();
	for (const { event: e } of records) {
		const known = api.events[e.section]?.[e.method]?.is(e);
		assert(known, `an unknown event ${e.section}.${e.method} in block #${number}`);
		e.data.toHuman();
	}
	const ours = records.filter(
		({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.eq(bought.txIndex),
	);
	assert(
		ours.some(({ event: e }) => api.events.bme.CreditsBought.is(e)),
		`system.events of block #${number} lacks the extrinsic's bme.CreditsBought`,
	);
	say(
		`block #${number}: ${block.extrinsics.length} extrinsics and ${records.length} events ` +
			`decoded (${[...new Set(eventNames(records))].join(', ')})`,
	);

	let items = 0;
	let values = 0;
	for (const pallet of Object.keys(DEPIN_PALLETS)) {
		for (const [name, entry] of Object.entries(at.query[pallet])) {
			try {
				if (name === 'palletVersion') {
					(await entry()).toHuman();
					continue;
				}
				items += 1;
				if (entry.creator.meta.type.isPlain) {
					(await entry()).toHuman();
					values += 1;
					continue;
				}
				for (const [key, value] of await entry.entries()) {
					key.args.forEach((arg) => arg.toHuman());
					value.toHuman();
					values += 1;
				}
			} catch (error) {
				throw new Error(`query.${pallet}.${name} at block #${number}: ${error.message}`);
			}
		}
	}
	const feeders = await at.query.bme.feeders();
	const feederAccounts = feeders.map((feeder) => `${feeder.account}`).sort();
	assert(
		json(feederAccounts) === json([alice.address, bob.address].sort()),
		`bme.feeders holds ${json(feederAccounts)}, not Alice and Bob`,
	);
	for (const { account, submission } of feeders) {
		assert(
			submission.isSome && submission.unwrap().price.eq(PRICE),
			`bme.feeders: ${account} submitted ${submission}, not ${PRICE}`,
		);
	}
	say(`storage at block #${number}: ${items} DePIN items read, ${values} values decoded`);

	return { depin, others, apiMethods, txHash, blockHash, number };
}

// ---- entry point ------------------------------------------------------------------------------

let cleaning = null;
let failed = false;

/** Stops the node and removes its directory, which a failed run keeps. Runs once. */
function cleanUp(keep) {
	cleaning ??= (async () => {
		await stopNode();
		if (!node.dir) return;
		if (keep) console.error(`the node's directory is kept: ${node.dir}`);
		else rmSync(node.dir, { recursive: true, force: true });
	})();
	return cleaning;
}

async function fail(error) {
	if (failed) return;
	failed = true;
	console.error(`\nFAIL after ${elapsed()}: ${error?.stack ?? error}`);
	if (node.log) {
		console.error(`\n---- the last ${LOG_TAIL_LINES} lines of ${node.log} ----`);
		console.error(`${logTail()}\n----`);
	}
	await cleanUp(true);
	process.exit(1);
}

process.on('SIGINT', () => fail(new Error('interrupted (SIGINT)')));
process.on('SIGTERM', () => fail(new Error('terminated (SIGTERM)')));
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
// The last resort, whatever ends this process: never leave the node running.
process.on('exit', () => {
	const child = node.child;
	if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

try {
	const rpcPort = await startNode();
	const summary = await Promise.race([run(rpcPort), nodeDied()]);
	await cleanUp(false);
	console.log('\nsummary:');
	for (const [pallet, c] of Object.entries(summary.depin)) {
		console.log(
			`  ${pallet.padEnd(9)} ${String(c.calls).padStart(3)} calls ` +
				`${String(c.events).padStart(3)} events ${String(c.errors).padStart(3)} errors ` +
				`${String(c.storage).padStart(3)} storage items`,
		);
	}
	const o = summary.others;
	console.log(
		`  other ${o.pallets} pallets: ${o.calls} calls, ${o.events} events, ${o.errors} errors, ` +
			`${o.storage} storage items; DePIN runtime APIs: ${summary.apiMethods} methods`,
	);
	console.log(`  bme.burnForCredits ${summary.txHash}`);
	console.log(`  finalized in block #${summary.number} ${summary.blockHash}`);
	say('PASS: @polkadot/api 16.5.6 works with the DePIN chain with no custom type definitions');
	process.exit(0);
} catch (error) {
	await fail(error);
}
