//! The public testnet's committed chain spec is what `--chain testnet` runs, and the same file
//! given by path gives the same chain.

use std::{path::PathBuf, time::Duration};

use depin_e2e::{test_slot, NodeConfig};

const TIMEOUT: Duration = Duration::from_secs(60);
/// The raw storage key of the runtime's WASM, `:code`.
const CODE_KEY: &str = "0x3a636f6465";

fn committed_spec() -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../chain-specs/testnet.raw.json")
}

/// The genesis hash and chain name a node reports.
async fn genesis_of(config: NodeConfig) -> (String, String) {
	let mut node = config.spawn().await.expect("the node starts");
	let rpc = node.rpc().await.expect("RPC");
	let genesis = rpc.block_hash(0).await.expect("chain_getBlockHash").expect("a genesis block");
	let name = rpc.request("system_chain", vec![]).await.expect("system_chain");
	let stopped = tokio::time::timeout(TIMEOUT, node.stop_term())
		.await
		.expect("the node stops in time")
		.expect("the node stops");
	assert!(stopped.graceful, "the node exits on SIGTERM: {:?}", stopped.status);
	(genesis, name.as_str().unwrap_or_default().to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn testnet_spec_loads_by_name_and_by_path() {
	let _slot = test_slot().await;
	let path = committed_spec();
	let by_name = genesis_of(NodeConfig::chain("testnet")).await;
	let by_path = genesis_of(NodeConfig::chain(path.to_string_lossy())).await;
	assert_eq!(by_name, by_path, "--chain testnet and the committed file are the same chain");
	assert_eq!(by_name.1, "DePIN Testnet");

	let dev = genesis_of(NodeConfig::dev()).await;
	assert_ne!(dev.0, by_name.0, "the testnet is not the dev chain");
}

/// The committed testnet spec's genesis state is the one its committed operators' file
/// (`chain-specs/testnet.operators.json`) gives with today's runtime: a runtime change that alters
/// genesis (a new pallet, changed testnet parameters) must come with a regenerated spec
/// (`scripts/gen-chain-specs.sh`), or the testnet would launch an old runtime.
#[tokio::test(flavor = "multi_thread")]
async fn committed_testnet_spec_matches_its_operators_file() {
	let dir = tempfile::tempdir().expect("a temporary directory");
	let fresh = dir.path().join("testnet.raw.json");
	let exited = depin_e2e::run_node_to_exit(
		[
			"spec-from-operators".into(),
			"--operators".into(),
			committed_spec().with_file_name("testnet.operators.json").into_os_string(),
			"--output".into(),
			fresh.clone().into_os_string(),
		],
		TIMEOUT,
	)
	.await
	.expect("spec-from-operators runs");
	assert!(exited.status.success(), "spec-from-operators fails: {}", exited.output);
	let read = |path: &std::path::Path| -> serde_json::Value {
		let text = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
		serde_json::from_slice(&text).expect("a JSON chain spec")
	};
	let (committed, fresh) = (read(&committed_spec()), read(&fresh));
	// The genesis state without `:code`: the WASM itself is not byte-reproducible across build
	// directories (it embeds source paths in panic locations), but every other key is.
	let state = |spec: &serde_json::Value| {
		let mut top = spec["genesis"]["raw"]["top"].as_object().cloned().unwrap_or_default();
		let code = top.remove(CODE_KEY);
		assert!(code.is_some(), "a raw genesis with the runtime's code");
		top
	};
	let (committed, fresh) = (state(&committed), state(&fresh));
	assert!(!fresh.is_empty(), "a raw genesis state");
	let differing: Vec<&String> = fresh
		.iter()
		.filter(|(key, value)| committed.get(*key) != Some(*value))
		.map(|(key, _)| key)
		.chain(committed.keys().filter(|key| !fresh.contains_key(*key)))
		.collect();
	assert!(
		differing.is_empty(),
		"chain-specs/testnet.raw.json is stale ({} genesis keys differ, e.g. {:?}): run \
		 scripts/gen-chain-specs.sh",
		differing.len(),
		differing.first()
	);
}
