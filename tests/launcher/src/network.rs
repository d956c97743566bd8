//! The four-validator network (Alice, Bob, Charlie and Dave) and its bootnode's fixed key and
//! peer id.

use std::{ffi::OsString, path::PathBuf, time::Duration};

use crate::{
	error::Result,
	node::{Node, NodeConfig, Ports},
};

/// A fixed ed25519 node key, used for the bootnode so its peer id is known in advance.
pub const ALICE_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000001";
/// The peer id that [`ALICE_NODE_KEY`] gives.
pub const ALICE_PEER_ID: &str = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";
/// The validators, in order; Alice is the bootnode.
pub const VALIDATORS: [&str; 4] = ["alice", "bob", "charlie", "dave"];

/// How to start a four-validator network. Build with [`NetworkConfig::chain`], then
/// [`NetworkConfig::spawn`].
#[derive(Debug, Clone)]
pub struct NetworkConfig {
	chain: String,
	dir: Option<PathBuf>,
	well_known_ports: bool,
	extra_args: Vec<OsString>,
}

impl NetworkConfig {
	/// A network of `chain`, whose genesis makes the four well-known validators its authorities:
	/// `local`, or `bench-local` with the testnet's timing.
	pub fn chain(chain: impl Into<String>) -> Self {
		Self { chain: chain.into(), dir: None, well_known_ports: false, extra_args: Vec::new() }
	}

	/// Keeps every node's log and base path in `dir` (`<dir>/alice.log`, `<dir>/alice`, ...).
	pub fn dir(mut self, dir: impl Into<PathBuf>) -> Self {
		self.dir = Some(dir.into());
		self
	}

	/// Node `i` listens on [`Ports::well_known`]`(i)` (JSON-RPC on 9944 to 9947) instead of free
	/// ports.
	pub fn well_known_ports(mut self) -> Self {
		self.well_known_ports = true;
		self
	}

	/// Appends raw command-line arguments for every node.
	pub fn args<I, S>(mut self, args: I) -> Self
	where
		I: IntoIterator<Item = S>,
		S: Into<OsString>,
	{
		self.extra_args.extend(args.into_iter().map(Into::into));
		self
	}

	/// The configuration of validator `index` of [`VALIDATORS`], bootstrapping from `bootnode`
	/// (none for Alice, who is the bootnode).
	fn node(&self, index: usize, bootnode: Option<&str>) -> NodeConfig {
		let mut node = NodeConfig::chain(self.chain.clone())
			.validator(VALIDATORS[index])
			.args(self.extra_args.iter().cloned());
		node = match bootnode {
			Some(bootnode) => node.bootnode(bootnode),
			None => node.node_key(ALICE_NODE_KEY),
		};
		if let Some(dir) = &self.dir {
			node = node.dir(dir.clone());
		}
		if self.well_known_ports {
			node = node.ports(Ports::well_known(index as u16));
		}
		node
	}

	/// Starts Alice, then Bob, Charlie and Dave bootstrapping from her, and waits until every
	/// node has finalized block #2.
	pub async fn spawn(self, timeout: Duration) -> Result<Vec<Node>> {
		let alice = self.node(0, None).spawn().await?;
		let bootnode = alice.bootnode_addr(ALICE_PEER_ID);
		let mut nodes = vec![alice];
		for index in 1..VALIDATORS.len() {
			nodes.push(self.node(index, Some(&bootnode)).spawn().await?);
		}
		for node in &nodes {
			node.wait_for_finalized(2, timeout).await?;
		}
		Ok(nodes)
	}
}

/// Starts the four-validator `local` network on free ports in temporary directories and waits
/// until every node has finalized block #2.
pub async fn local_network(timeout: Duration) -> Result<Vec<Node>> {
	NetworkConfig::chain("local").spawn(timeout).await
}
