//! A validator loses no finalized block when stopped with SIGTERM or killed with SIGKILL, and
//! its chain continues after a restart on the same base path.

use std::time::Duration;

use depin_e2e::{test_slot, Node, NodeConfig};

const TIMEOUT: Duration = Duration::from_secs(120);

/// Where the chain stood just before a stop.
#[derive(Debug)]
struct Snapshot {
	finalized: u64,
	finalized_hash: String,
	best: u64,
}

async fn snapshot(node: &Node) -> Snapshot {
	let rpc = node.rpc().await.expect("RPC");
	let finalized = rpc.finalized_number().await.expect("the finalized number");
	let finalized_hash = rpc
		.block_hash(finalized)
		.await
		.expect("chain_getBlockHash")
		.expect("the finalized block is known");
	let best = rpc.best_number().await.expect("the best number");
	Snapshot { finalized, finalized_hash, best }
}

/// After a restart: nothing finalized is lost, and blocks and finality move on.
async fn assert_continues(node: &Node, before: &Snapshot, how: &str) {
	let rpc = node.rpc().await.expect("RPC after the restart");
	let hash = rpc.block_hash(before.finalized).await.expect("chain_getBlockHash");
	assert_eq!(
		hash.as_deref(),
		Some(before.finalized_hash.as_str()),
		"after {how}, finalized block #{} changed or vanished",
		before.finalized
	);
	let finalized = rpc.finalized_number().await.expect("the finalized number");
	assert!(
		finalized >= before.finalized,
		"after {how}, finality went back from #{} to #{finalized}",
		before.finalized
	);
	node.wait_for_best(before.best + 1, TIMEOUT).await.unwrap_or_else(|e| {
		panic!("after {how}, the chain does not grow past #{}: {e}", before.best)
	});
	node.wait_for_finalized(before.finalized + 1, TIMEOUT)
		.await
		.unwrap_or_else(|e| panic!("after {how}, finality does not resume: {e}"));
}

#[tokio::test(flavor = "multi_thread")]
async fn node_survives_sigterm_and_sigkill() {
	let _slot = test_slot().await;
	let base = tempfile::Builder::new()
		.prefix("depin-e2e-durability-")
		.tempdir()
		.expect("a temporary base path");
	// `--dev` would imply `--tmp` without a base path; a plain dev chain with Alice keeps state.
	let mut node = NodeConfig::chain("dev")
		.validator("alice")
		.base_path(base.path())
		.spawn()
		.await
		.expect("the node starts");
	node.wait_for_finalized(3, TIMEOUT).await.expect("block #3 is finalized");
	assert!(base.path().join("chains").is_dir(), "the node keeps its state in the given base path");

	let before = snapshot(&node).await;
	let stopped = node.stop_term().await.expect("SIGTERM stops the node");
	assert!(stopped.graceful, "the node exits by itself on SIGTERM");
	assert!(stopped.status.success(), "a clean shutdown exits with success: {:?}", stopped.status);
	node.restart().await.expect("the node restarts after SIGTERM");
	assert_continues(&node, &before, "SIGTERM").await;

	let before = snapshot(&node).await;
	let killed = node.kill().expect("SIGKILL kills the node");
	assert!(!killed.graceful, "the node was running when killed");
	node.restart().await.expect("the node restarts after SIGKILL");
	assert_continues(&node, &before, "SIGKILL").await;

	node.stop_term().await.expect("the node stops");
}
