//! Launching a live network as its operators would (docs/launch.md): each validator's keys
//! generated into its own keystore (`depin-node validator-keys --generate`), an operators' file
//! of their public halves and proofs, a raw spec from it (`depin-node spec-from-operators`), and
//! the validators started from their keystores with no development flag; the spec's bootnodes
//! are how they find each other. A spec command given a well-known key stops with its name.

use std::{
	path::{Path, PathBuf},
	time::Duration,
};

use depin_e2e::{exclusive_test_slot, run_node_to_exit, write_file, Node, NodeConfig, Ports};
use serde_json::{json, Value};
use sp_core::{crypto::Ss58Codec, sr25519, Pair};

const CHAIN_ID: &str = "depin_launch_test";
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);
const FINALITY_TIMEOUT: Duration = Duration::from_secs(180);

/// Runs a `depin-node` subcommand to completion; fails the test with its output otherwise.
async fn node_command(args: &[&str]) -> String {
	let exited = run_node_to_exit(args.iter().copied(), COMMAND_TIMEOUT)
		.await
		.unwrap_or_else(|e| panic!("depin-node {args:?}: {e}"));
	assert!(exited.status.success(), "depin-node {args:?} failed:\n{}", exited.output);
	exited.output
}

/// The first JSON value a command printed.
fn first_json(output: &str) -> Value {
	let start = output.find('{').unwrap_or_else(|| panic!("no JSON in:\n{output}"));
	serde_json::Deserializer::from_str(&output[start..])
		.into_iter::<Value>()
		.next()
		.and_then(Result::ok)
		.unwrap_or_else(|| panic!("no JSON value in:\n{output}"))
}

fn fresh_account() -> String {
	sr25519::Pair::generate().0.public().to_ss58check()
}

/// A validator's base path with its session keys and network key made by the node's own
/// commands: its operators' file entry and its peer id.
async fn prepare_validator(base: &Path, name: &str) -> (Value, String) {
	let chain_dir = base.join("chains").join(CHAIN_ID);
	let keystore = chain_dir.join("keystore");
	let keystore = keystore.to_str().expect("a UTF-8 path");
	let account = fresh_account();
	let entry = first_json(
		&node_command(&[
			"validator-keys",
			"--generate",
			"--keystore-path",
			keystore,
			"--chain-id",
			CHAIN_ID,
			"--account",
			&account,
			"--name",
			name,
		])
		.await,
	);
	assert_eq!(entry["account"], account.as_str());
	let network = chain_dir.join("network");
	std::fs::create_dir_all(&network).expect("the network folder");
	let key_file = network.join("secret_ed25519");
	let output = node_command(&[
		"key",
		"generate-node-key",
		"--file",
		key_file.to_str().expect("a UTF-8 path"),
	])
	.await;
	let peer_id = output.lines().map(str::trim).rfind(|l| !l.is_empty()).expect("a peer id");
	(entry, peer_id.to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn validators_from_operators_keystores_launch_a_network_that_finalizes() {
	let _slot = exclusive_test_slot().await;
	let dir = tempfile::tempdir().expect("a temporary directory");
	let names = ["validator-1", "validator-2", "validator-3"];
	let ports: Vec<Ports> = names.iter().map(|_| Ports::free().expect("free ports")).collect();
	let bases: Vec<PathBuf> = names.iter().map(|n| dir.path().join(n)).collect();

	let mut entries = Vec::new();
	let mut bootnodes = Vec::new();
	for ((name, base), ports) in names.iter().zip(&bases).zip(&ports) {
		let (entry, peer_id) = prepare_validator(base, name).await;
		entries.push(entry);
		bootnodes.push(format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer_id}", ports.p2p));
	}
	let committee = [fresh_account(), fresh_account()];
	let operators = json!({
		"name": "DePIN Launch Test",
		"id": CHAIN_ID,
		"validators": entries,
		"technicalCommittee": committee,
		"endowed": [{ "account": committee[0], "balance": "1000" }],
		"bootnodes": bootnodes,
	});
	let file = write_file(dir.path(), "operators.json", &operators.to_string()).expect("written");
	let spec = dir.path().join("spec.raw.json");
	node_command(&[
		"spec-from-operators",
		"--operators",
		file.to_str().expect("a UTF-8 path"),
		"--output",
		spec.to_str().expect("a UTF-8 path"),
	])
	.await;
	let raw: Value =
		serde_json::from_slice(&std::fs::read(&spec).expect("the spec")).expect("JSON spec");
	assert_eq!(raw["chainType"], "Live");
	assert_eq!(raw["bootNodes"].as_array().map(Vec::len), Some(3));
	assert!(raw["genesis"]["raw"]["top"].is_object(), "a raw spec");

	// No --alice, no --bootnodes: keys from the keystores, peers from the spec.
	let mut nodes: Vec<Node> = Vec::new();
	for ((name, base), ports) in names.iter().zip(&bases).zip(&ports) {
		let node = NodeConfig::chain(spec.to_string_lossy())
			.base_path(base)
			.ports(*ports)
			.args(["--validator", "--name", name])
			.spawn()
			.await
			.unwrap_or_else(|e| panic!("{name} starts: {e}"));
		nodes.push(node);
	}
	// GRANDPA needs all three of three to finalize: every keystore votes.
	for node in &nodes {
		let finalized = node.wait_for_finalized(2, FINALITY_TIMEOUT).await;
		assert!(
			finalized.is_ok(),
			"{} does not finalize: {:?}\n{}",
			node.name(),
			finalized,
			node.log_tail(30)
		);
	}
	let rpc = nodes[0].rpc().await.expect("RPC");
	let chain = rpc.request("system_chain", vec![]).await.expect("system_chain");
	assert_eq!(chain, "DePIN Launch Test");
	let peers = nodes[0].wait_for_peers(2, COMMAND_TIMEOUT).await;
	assert!(peers.is_ok(), "the bootnodes of the spec connect the validators: {peers:?}");
	for node in &mut nodes {
		node.stop_term().await.expect("the node stops");
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn a_spec_with_a_well_known_key_is_refused_with_the_entry_named() {
	let dir = tempfile::tempdir().expect("a temporary directory");
	let (entry, peer_id) = prepare_validator(&dir.path().join("v"), "validator-1").await;
	// Alice's account on the committee.
	let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	let operators = json!({
		"name": "DePIN Launch Test",
		"id": CHAIN_ID,
		"validators": [entry],
		"technicalCommittee": [alice],
		"bootnodes": [format!("/ip4/127.0.0.1/tcp/30333/p2p/{peer_id}")],
	});
	let file = write_file(dir.path(), "operators.json", &operators.to_string()).expect("written");
	let spec = dir.path().join("spec.raw.json");
	let exited = run_node_to_exit(
		[
			"spec-from-operators",
			"--operators",
			file.to_str().expect("a UTF-8 path"),
			"--output",
			spec.to_str().expect("a UTF-8 path"),
		],
		COMMAND_TIMEOUT,
	)
	.await
	.expect("the command exits");
	assert!(!exited.status.success(), "a well-known key must be refused");
	assert!(
		exited.output.contains("technicalCommittee[0]") && exited.output.contains("Alice"),
		"the message names the entry and the key:\n{}",
		exited.output
	);
	assert!(!spec.exists(), "nothing is written");
}
