//! The four-validator `local` network: GRANDPA finalizes with three of four validators, stalls
//! with two while Aura keeps producing blocks, and catches up when the third comes back. Bob runs
//! the rust-libp2p network backend and the others litep2p (the default): both speak libp2p.

use std::time::Duration;

use depin_e2e::{exclusive_test_slot, Error, Node, NodeConfig, ALICE_NODE_KEY, ALICE_PEER_ID};

const TIMEOUT: Duration = Duration::from_secs(180);
/// Two of four Aura authors fill half the slots: five blocks take about a minute.
const STALL_TIMEOUT: Duration = Duration::from_secs(300);

async fn finalized(node: &Node) -> u64 {
	let rpc = node.rpc().await.expect("RPC");
	rpc.finalized_number().await.expect("the finalized number")
}

async fn best(node: &Node) -> u64 {
	let rpc = node.rpc().await.expect("RPC");
	rpc.best_number().await.expect("the best number")
}

async fn validator(name: &str, bootnode: &str) -> Node {
	NodeConfig::chain("local")
		.validator(name)
		.bootnode(bootnode)
		.spawn()
		.await
		.unwrap_or_else(|e| panic!("{name} starts: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn local_network_finality_needs_three_of_four() {
	let _slot = exclusive_test_slot().await;
	let mut alice = NodeConfig::chain("local")
		.validator("alice")
		.node_key(ALICE_NODE_KEY)
		.spawn()
		.await
		.expect("alice starts");
	let bootnode = alice.bootnode_addr(ALICE_PEER_ID);
	let mut bob = NodeConfig::chain("local")
		.validator("bob")
		.bootnode(&bootnode)
		.args(["--network-backend", "libp2p"])
		.spawn()
		.await
		.expect("bob starts on rust-libp2p");
	let mut charlie = validator("charlie", &bootnode).await;
	let mut dave = validator("dave", &bootnode).await;

	// Everyone is connected: Alice, the bootnode, to all three others.
	alice.wait_for_peers(3, TIMEOUT).await.expect("alice peers with bob, charlie and dave");
	for node in [&bob, &charlie, &dave] {
		let peers = node.wait_for_peers(1, TIMEOUT).await.expect("each validator has peers");
		eprintln!("{} has {peers} peers", node.name());
	}
	for node in [&alice, &bob, &charlie, &dave] {
		node.wait_for_finalized(3, TIMEOUT)
			.await
			.unwrap_or_else(|e| panic!("{} sees block #3 finalized: {e}", node.name()));
	}

	// One validator down: three of four still finalize.
	dave.stop_term().await.expect("dave stops");
	let before = finalized(&alice).await;
	for node in [&alice, &bob] {
		node.wait_for_finalized(before + 2, TIMEOUT).await.unwrap_or_else(|e| {
			panic!("{} keeps finalizing with three of four validators: {e}", node.name())
		});
	}

	// Two down: blocks keep coming, finality stops. A round that had already gathered its votes
	// may still complete, so let that settle before taking the reference point.
	charlie.stop_term().await.expect("charlie stops");
	tokio::time::sleep(Duration::from_secs(3)).await;
	let finalized_at_stop = finalized(&alice).await.max(finalized(&bob).await);
	let best_at_stop = best(&alice).await;
	alice
		.wait_for_best(best_at_stop + 5, STALL_TIMEOUT)
		.await
		.expect("alice and bob keep producing blocks with two of four validators");
	let finalized_stalled = finalized(&alice).await.max(finalized(&bob).await);
	assert!(
		finalized_stalled <= finalized_at_stop + 2,
		"finality advanced from #{finalized_at_stop} to #{finalized_stalled} with two of four \
		 validators down"
	);

	// Charlie back on the same base path and ports: finality catches up with the best block.
	charlie.restart().await.expect("charlie restarts");
	charlie.wait_for_peers(1, TIMEOUT).await.expect("charlie reconnects");
	let caught_up = alice
		.wait_until("finality to catch up with the best block", STALL_TIMEOUT, |rpc| async move {
			let best = rpc.best_number().await?;
			let finalized = rpc.finalized_number().await?;
			let close = finalized > finalized_stalled && best.saturating_sub(finalized) <= 3;
			Ok::<_, Error>(close.then_some(finalized))
		})
		.await
		.expect("finality resumes with three of four validators");
	for node in [&bob, &charlie] {
		node.wait_for_finalized(caught_up, TIMEOUT)
			.await
			.unwrap_or_else(|e| panic!("{} follows finality: {e}", node.name()));
	}

	for node in [&mut alice, &mut bob, &mut charlie] {
		node.stop_term().await.unwrap_or_else(|e| panic!("{} stops: {e}", node.name()));
	}
}
