//! The local four-validator network and its bootnode's fixed key and peer id.

use std::time::Duration;

use crate::{
	error::Result,
	node::{Node, NodeConfig},
};

/// A fixed ed25519 node key, used for the bootnode so its peer id is known in advance.
pub const ALICE_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000001";
/// The peer id that [`ALICE_NODE_KEY`] gives.
pub const ALICE_PEER_ID: &str = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";

/// Starts the four-validator `local` network, Alice (the bootnode, with [`ALICE_NODE_KEY`]),
/// Bob, Charlie and Dave, and waits until every node has finalized block #2.
pub async fn local_network(timeout: Duration) -> Result<Vec<Node>> {
	let alice =
		NodeConfig::chain("local").validator("alice").node_key(ALICE_NODE_KEY).spawn().await?;
	let bootnode = alice.bootnode_addr(ALICE_PEER_ID);
	let mut nodes = vec![alice];
	for name in ["bob", "charlie", "dave"] {
		nodes.push(NodeConfig::chain("local").validator(name).bootnode(&bootnode).spawn().await?);
	}
	for node in &nodes {
		node.wait_for_finalized(2, timeout).await?;
	}
	Ok(nodes)
}
