//! `depin-net`: starts one `depin-node` or the four-validator network on loopback, prints where
//! each node listens once the chain finalizes, and stops every node it started (gracefully,
//! with `SIGTERM`) when it gets `SIGINT` or `SIGTERM` or when a node exits on its own.
//!
//! ```text
//! depin-net network --chain local --dir /tmp/net --well-known-ports
//! depin-net node --dev --chain bench --ready /tmp/ready.json -- --state-pruning archive
//! ```
//!
//! When the nodes are ready it prints them as JSON on standard output (and writes the same to
//! `--ready FILE`, atomically, for scripts that started it in the background):
//! `{"nodes": [{"name", "pid", "wsUrl", "rpcPort", "p2pPort", "prometheusPort", "basePath",
//! "log"}]}`. Exit codes: 0 stopped by a signal, 1 a node failed to start or exited, 2 bad
//! usage.

use std::{ffi::OsString, path::PathBuf, process::ExitCode, time::Duration};

use clap::{Args, Parser, Subcommand};
use depin_launcher::{Error, NetworkConfig, Node, NodeConfig, Ports, Result};
use serde_json::{json, Value as Json};
use tokio::signal::unix::{signal, Signal, SignalKind};

/// Starts depin-node processes on loopback and stops them on SIGINT or SIGTERM.
#[derive(Parser, Debug)]
#[command(name = "depin-net", version, about)]
struct Cli {
	#[command(subcommand)]
	what: What,
}

/// What to start.
#[derive(Subcommand, Debug)]
enum What {
	/// One node (a development chain's only author with --dev).
	Node {
		/// `--dev`: Alice authors alone with the development defaults.
		#[arg(long)]
		dev: bool,
		/// The chain: dev, local, bench, bench-local, testnet or a chain spec path.
		#[arg(long, default_value = "dev")]
		chain: String,
		/// The node's database directory (kept); default: in --dir or a temporary directory.
		#[arg(long)]
		base_path: Option<PathBuf>,
		#[command(flatten)]
		common: Common,
	},
	/// The four validators Alice, Bob, Charlie and Dave, bootstrapping from Alice.
	Network {
		/// The chain whose authorities they are: local, or bench-local (the testnet's timing).
		#[arg(long, default_value = "local")]
		chain: String,
		#[command(flatten)]
		common: Common,
	},
}

/// Options of both.
#[derive(Args, Debug)]
struct Common {
	/// Keep every node's log (`<name>.log`) and database (`<name>/`) in this directory;
	/// default: a temporary directory deleted when the nodes stop.
	#[arg(long)]
	dir: Option<PathBuf>,
	/// Listen on the well-known ports (node i: JSON-RPC 9944+i, p2p 30333+i, Prometheus
	/// 9615+i) instead of free ones.
	#[arg(long)]
	well_known_ports: bool,
	/// Also write the ready nodes' JSON to this file.
	#[arg(long)]
	ready: Option<PathBuf>,
	/// Seconds the chain may take to finalize its first blocks.
	#[arg(long, default_value_t = 240)]
	timeout: u64,
	/// More arguments for every node, after `--`.
	#[arg(last = true)]
	node_args: Vec<OsString>,
}

#[tokio::main]
async fn main() -> ExitCode {
	let cli = Cli::parse();
	match run(cli.what).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(error) => {
			eprintln!("depin-net: {error}");
			ExitCode::from(1)
		}
	}
}

/// Starts what `what` names, reports it, and stops it when told to or when a node exits.
async fn run(what: What) -> Result<()> {
	let mut signals = Signals::new()?;
	let start = start(what);
	let (mut nodes, common) = tokio::select! {
		started = start => started?,
		// Dropping the nodes started so far kills them.
		() = signals.recv() => {
			return Err(Error::Other("interrupted before the nodes were ready".into()))
		}
	};
	let ready = json!({ "nodes": nodes.iter().map(describe).collect::<Vec<_>>() });
	for node in &nodes {
		eprintln!(
			"depin-net: {} (pid {}) rpc {}, log {}",
			node.name(),
			node.pid().unwrap_or_default(),
			node.ws_url(),
			node.log_path().display()
		);
	}
	println!("{ready}");
	if let Some(path) = &common.ready {
		write_atomically(path, &ready.to_string())?;
	}
	let outcome = watch(&nodes, &mut signals).await;
	let stops = nodes.iter_mut().filter(|node| node.is_running()).map(|node| async move {
		let stopped = node.stop_term().await;
		(node.name().to_owned(), stopped)
	});
	for (name, stopped) in futures::future::join_all(stops).await {
		match stopped {
			Ok(stopped) => eprintln!("depin-net: {name} stopped ({})", stopped.status),
			Err(error) => eprintln!("depin-net: {name} did not stop cleanly: {error}"),
		}
	}
	outcome
}

/// `SIGINT` and `SIGTERM`, caught from the start: one arriving while the nodes start stops them.
struct Signals {
	interrupt: Signal,
	terminate: Signal,
}

impl Signals {
	fn new() -> Result<Signals> {
		Ok(Signals {
			interrupt: signal(SignalKind::interrupt())?,
			terminate: signal(SignalKind::terminate())?,
		})
	}

	/// Waits for either.
	async fn recv(&mut self) {
		tokio::select! {
			_ = self.interrupt.recv() => {}
			_ = self.terminate.recv() => {}
		}
	}
}

/// Starts what `what` names and waits until it finalizes.
async fn start(what: What) -> Result<(Vec<Node>, Common)> {
	Ok(match what {
		What::Node { dev, chain, base_path, common } => {
			let mut node = NodeConfig::chain(chain).args(common.node_args.iter().cloned());
			if dev {
				node = node.development();
			}
			if let Some(path) = base_path {
				node = node.base_path(path);
			}
			if let Some(dir) = &common.dir {
				node = node.dir(dir.clone());
			}
			if common.well_known_ports {
				node = node.ports(Ports::well_known(0));
			}
			let node = node.spawn().await?;
			node.wait_for_finalized(1, Duration::from_secs(common.timeout)).await?;
			(vec![node], common)
		}
		What::Network { chain, common } => {
			let mut network = NetworkConfig::chain(chain).args(common.node_args.iter().cloned());
			if let Some(dir) = &common.dir {
				network = network.dir(dir.clone());
			}
			if common.well_known_ports {
				network = network.well_known_ports();
			}
			(network.spawn(Duration::from_secs(common.timeout)).await?, common)
		}
	})
}

/// A started node as JSON.
fn describe(node: &Node) -> Json {
	json!({
		"name": node.name(),
		"pid": node.pid(),
		"wsUrl": node.ws_url(),
		"rpcPort": node.rpc_port(),
		"p2pPort": node.p2p_port(),
		"prometheusPort": node.prometheus_port(),
		"basePath": node.base_path(),
		"log": node.log_path(),
	})
}

/// Waits for `SIGINT` or `SIGTERM` (`Ok`) or for a node to exit (`Err`, with its log's tail).
async fn watch(nodes: &[Node], signals: &mut Signals) -> Result<()> {
	let mut poll = tokio::time::interval(Duration::from_secs(1));
	loop {
		tokio::select! {
			() = signals.recv() => return Ok(()),
			_ = poll.tick() => {
				if let Some(node) = nodes.iter().find(|node| !node.is_running()) {
					return Err(Error::Exited(format!(
						"{} exited; the end of {}:\n{}",
						node.name(),
						node.log_path().display(),
						node.log_tail(20)
					)));
				}
			}
		}
	}
}

/// Writes `contents` to `path` through a temporary file beside it, so a reader never sees half.
fn write_atomically(path: &std::path::Path, contents: &str) -> Result<()> {
	let partial = path.with_extension("partial");
	std::fs::write(&partial, contents)?;
	std::fs::rename(&partial, path)?;
	Ok(())
}
