//! Governance on the four-validator `local` network (development tracks): a runtime upgrade
//! through a referendum on the root track, a DePIN parameter change through its own, shorter
//! track, and what governance refuses: a parameter outside its bounds and a runtime whose
//! `spec_version` is not higher.
//!
//! The new runtime is this workspace's runtime built with the `next-spec-version` feature
//! (`spec_version` one higher): the `depin-runtime-next` crate's WASM, built with this test.

use std::time::Instant;

use depin_e2e::{
	chain::{call, field, request, single_event, submit_finalized, sudo, variant_name, Call},
	exclusive_test_slot, from_hex,
	governance::{
		module_error, open_referendum, root_origin, track_origin, vote_aye, wait_for_enactment,
	},
	local_network,
	subxt::dynamic::Value,
	subxt_signer::sr25519::dev,
	Node,
};
use serde_json::{json, Value as Json};
use sp_crypto_hashing::blake2_256;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(180);

/// The `:code` storage key: the runtime's WASM.
const CODE_KEY: &str = "0x3a636f6465";

/// The next runtime's WASM (`depin-runtime-next`), compressed as a release's
/// `compact.compressed.wasm` is (a debug build's raw WASM is over 4 MiB, more than the block
/// author puts in a block).
fn next_runtime() -> Vec<u8> {
	let wasm = depin_runtime_next::WASM_BINARY.expect(
		"depin-runtime-next was built without its WASM (SKIP_WASM_BUILD): build the end-to-end \
		 tests without SKIP_WASM_BUILD",
	);
	compressed(wasm)
}

/// `code` compressed the way the node decompresses runtime code (zstd with its prefix).
fn compressed(code: &[u8]) -> Vec<u8> {
	sp_maybe_compressed_blob::compress_weakly(code, sp_maybe_compressed_blob::CODE_BLOB_BOMB_LIMIT)
		.expect("the runtime is below the decompression bomb limit")
}

async fn spec_version(node: &Node) -> u64 {
	let rpc = node.rpc().await.expect("RPC");
	let version = request(&rpc, "state_getRuntimeVersion", vec![]).await;
	version["specVersion"].as_u64().unwrap_or_else(|| panic!("no specVersion in {version}"))
}

/// Helium's density table with one change: resolution 4's target and max halved.
fn density_table(r4_neighbors: u32) -> Value {
	let rules: [(u32, u32, u32); 7] = [
		(r4_neighbors, 250, 500),
		(4, 100, 200),
		(4, 25, 50),
		(4, 5, 10),
		(2, 1, 1),
		(2, 1, 1),
		(2, 1, 1),
	];
	Value::unnamed_composite(rules.iter().map(|(neighbors, target, max)| {
		Value::named_composite([
			("neighbors", Value::u128((*neighbors).into())),
			("target", Value::u128((*target).into())),
			("max", Value::u128((*max).into())),
		])
	}))
}

fn set_density_rules(r4_neighbors: u32) -> Call {
	call("Coverage", "set_density_rules", vec![("rules", density_table(r4_neighbors))])
}

#[tokio::test(flavor = "multi_thread")]
async fn runtime_upgrade_and_parameter_change_pass_referenda_on_their_tracks() {
	let _slot = exclusive_test_slot().await;
	let started = Instant::now();
	let code = next_runtime();
	let mut nodes = local_network(TIMEOUT).await.expect("the local network starts");
	let rpc = nodes[0].rpc().await.expect("RPC");
	let client = nodes[0].client().await.expect("client");
	let from = client.at_current_block().await.expect("finalized").block_number();
	for node in &nodes {
		assert_eq!(spec_version(node).await, 100, "{} runs the genesis runtime", node.name());
	}

	// Three referenda at once: the upgrade's code hash on the root track (Alice), a valid density
	// table (Bob) and one outside the bounds (N = 8 > 7; Charlie) on the parameters track.
	let authorize = call(
		"System",
		"authorize_upgrade",
		vec![("code_hash", Value::from_bytes(blake2_256(&code)))],
	);
	let (alice, bob, charlie) = (dev::alice(), dev::bob(), dev::charlie());
	let (good_rules, bad_rules) = (set_density_rules(2), set_density_rules(8));
	let (upgrade, params, bad_params) = tokio::join!(
		open_referendum(&rpc, &client, &alice, root_origin(), &authorize, "upgrade"),
		open_referendum(
			&rpc,
			&client,
			&bob,
			track_origin("DepinParameters"),
			&good_rules,
			"density rules"
		),
		open_referendum(
			&rpc,
			&client,
			&charlie,
			track_origin("DepinParameters"),
			&bad_rules,
			"bad density rules"
		),
	);
	assert_eq!(upgrade.track, 0, "upgrades go on the root track");
	assert_eq!(params.track, 10, "parameters go on the depin_parameters track");
	assert_eq!(bad_params.track, 10);
	vote_aye(&rpc, &client, &[upgrade.index, params.index, bad_params.index]).await;

	// The parameter change enacts first: its track's periods are shorter than root's.
	let (enacted_params, enacted_bad, enacted_upgrade) = tokio::join!(
		wait_for_enactment(&client, params.index, from),
		wait_for_enactment(&client, bad_params.index, from),
		wait_for_enactment(&client, upgrade.index, from),
	);
	eprintln!(
		"enacted: parameters at #{}, upgrade authorization at #{} ({:?} after start)",
		enacted_params.block,
		enacted_upgrade.block,
		started.elapsed()
	);
	assert!(enacted_params.is_ok(), "the density rules: {}", enacted_params.result);
	assert!(
		enacted_params.block < enacted_upgrade.block,
		"the parameters track (#{}) is faster than root (#{})",
		enacted_params.block,
		enacted_upgrade.block
	);
	for node in &nodes {
		let rpc = node.rpc().await.expect("RPC");
		let rules = request(&rpc, "depin_densityRules", vec![]).await;
		assert_eq!(rules[0]["target"], json!(250), "{}: {rules}", node.name());
		assert_eq!(rules[0]["max"], json!(500), "{}: {rules}", node.name());
	}

	// Refused: a parameter outside its bounds. The referendum passed, its call failed, and the
	// rules are still the ones just set.
	let at = client.at_current_block().await.expect("finalized");
	assert_eq!(
		module_error(&at, &enacted_bad.result).as_deref(),
		Some("Coverage::BadDensityRule"),
		"{}",
		enacted_bad.result
	);
	let rules = request(&rpc, "depin_densityRules", vec![]).await;
	assert_eq!(rules[0]["neighbors"], json!(2), "{rules}");

	// A snapshot of the live state before the upgrade, for try-runtime (scripts/test.sh).
	if let Some(path) = std::env::var_os("DEPIN_SNAPSHOT_OUT") {
		let at = rpc.finalized_hash().await.expect("the finalized hash");
		let top = rpc.state_snapshot(&at).await.expect("the state snapshot");
		let snapshot = json!({ "block": at, "top": top });
		std::fs::write(&path, snapshot.to_string()).expect("the snapshot is written");
		eprintln!("state snapshot of {} keys at {at}", top.len());
	}

	// The upgrade: authorized by the referendum, then anyone applies the code.
	assert!(enacted_upgrade.is_ok(), "authorize_upgrade: {}", enacted_upgrade.result);
	let apply =
		call("System", "apply_authorized_upgrade", vec![("code", Value::from_bytes(&code))]);
	let applied = submit_finalized(&rpc, &client, &apply, &dev::dave(), "apply the upgrade").await;
	applied.expect_success("apply the upgrade");
	single_event(&applied, "System", "CodeUpdated");
	let upgraded_at = applied.at.block_number();

	// Every node switches to spec_version 101 and keeps producing and finalizing blocks.
	for node in &nodes {
		node.wait_until("spec_version 101", TIMEOUT, |rpc| async move {
			let version = rpc.request("state_getRuntimeVersion", vec![]).await?;
			Ok((version["specVersion"] == json!(101)).then_some(()))
		})
		.await
		.unwrap_or_else(|e| panic!("{} runs the new runtime: {e}", node.name()));
		node.wait_for_finalized(upgraded_at + 3, TIMEOUT)
			.await
			.unwrap_or_else(|e| panic!("{} finalizes after the upgrade: {e}", node.name()));
	}
	eprintln!("upgrade test: every node on spec_version 101 after {:?}", started.elapsed());

	// Refused: a runtime that is not newer. The genesis runtime (spec_version 100) through root.
	let genesis = rpc.block_hash(0).await.expect("genesis hash").expect("genesis exists");
	let old_code: Json =
		request(&rpc, "state_getStorage", vec![json!(CODE_KEY), json!(genesis)]).await;
	let old_code = from_hex(old_code.as_str().expect("the genesis code")).expect("hex code");
	let old_code = compressed(&old_code);
	let downgrade = sudo(call("System", "set_code", vec![("code", Value::from_bytes(&old_code))]));
	let refused = submit_finalized(&rpc, &client, &downgrade, &alice, "downgrade").await;
	refused.expect_success("the sudo call itself");
	let sudid = single_event(&refused, "Sudo", "Sudid");
	let result = field(&sudid, "sudo_result");
	assert_eq!(variant_name(result), Some("Err"), "{result}");
	assert_eq!(
		module_error(&refused.at, result).as_deref(),
		Some("System::SpecVersionNeedsToIncrease"),
		"{result}"
	);
	for node in &nodes {
		assert_eq!(spec_version(node).await, 101, "{} keeps the new runtime", node.name());
	}

	for node in &mut nodes {
		node.stop_term().await.unwrap_or_else(|e| panic!("{} stops: {e}", node.name()));
	}
	eprintln!("governance e2e: {:?} end to end", started.elapsed());
}
