//! A new node joins a network that is already some sessions long with `--sync warp`
//! (docs/validator.md): it downloads GRANDPA's proofs of the authority set changes and the
//! state at the last finalized block instead of executing every block, then follows finality.

use std::time::Duration;

use depin_e2e::{exclusive_test_slot, local_network, NodeConfig, ALICE_PEER_ID};

/// How long the network is before the new node joins: with 10-block sessions on `local`, six
/// authority set changes for the warp proof to cross (one proof fragment each; what crossing
/// more would add is time, not another rule).
const WARP_FROM: u64 = 60;
const START_TIMEOUT: Duration = Duration::from_secs(180);
/// Four validators author one block a second; 60 blocks take about a minute.
const LENGTH_TIMEOUT: Duration = Duration::from_secs(240);
const FOLLOW_TIMEOUT: Duration = Duration::from_secs(180);

#[tokio::test(flavor = "multi_thread")]
async fn a_fresh_node_warp_syncs_to_a_long_network_and_follows_finality() {
	let _slot = exclusive_test_slot().await;
	let mut network = local_network(START_TIMEOUT).await.expect("the local network starts");
	network[0]
		.wait_for_finalized(WARP_FROM, LENGTH_TIMEOUT)
		.await
		.unwrap_or_else(|e| panic!("the network reaches #{WARP_FROM}: {e}"));

	let bootnode = network[0].bootnode_addr(ALICE_PEER_ID);
	let mut fresh = NodeConfig::chain("local")
		.bootnode(bootnode)
		.args(["--sync", "warp"])
		.spawn()
		.await
		.expect("the fresh node starts");
	// Following finality: past what the network had finalized when it joined.
	let rpc = network[0].rpc().await.expect("RPC");
	let target = rpc.finalized_number().await.expect("the finalized number") + 5;
	let followed = fresh.wait_for_finalized(target, FOLLOW_TIMEOUT).await;
	let log = std::fs::read_to_string(fresh.log_path()).unwrap_or_default();
	assert!(followed.is_ok(), "the fresh node follows finality to #{target}: {followed:?}\n{log}");
	assert!(
		log.contains("Warp sync is complete") && log.contains("State sync is complete"),
		"the node warp-synced (proofs, then the state), not block by block:\n{}",
		fresh.log_tail(40)
	);

	fresh.stop_term().await.expect("the fresh node stops");
	for node in &mut network {
		node.stop_term().await.expect("a validator stops");
	}
}
