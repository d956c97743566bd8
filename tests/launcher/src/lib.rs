//! Starts `depin-node` processes and four-validator networks on loopback, and stops what it
//! started: the one launcher behind the end-to-end tests (`depin-e2e`), the local testnet
//! (`scripts/local-testnet.sh`) and the throughput benchmark (`scripts/bench-throughput.sh`),
//! the scripts through its binary, `depin-net`.
//!
//! [`NodeConfig`] starts one node and [`NetworkConfig`] the four validators of `local` or
//! `bench-local`, each on free loopback ports in a temporary directory unless told otherwise
//! ([`Ports::well_known`], a kept directory). A [`Node`] waits on its process, stops it with
//! `SIGTERM`, restarts it, and connects to it: raw JSON-RPC through [`Rpc`], or a subxt
//! [`Client`] (the client library's) built from the metadata the running runtime reports.
//!
//! # Which binary
//!
//! `$DEPIN_NODE` if set, otherwise `$CARGO_TARGET_DIR/debug/depin-node`, otherwise
//! `$HOME/.cache/depin/target/debug/depin-node` (see [`node_binary`]). Build it first.
//!
//! # Preset chains
//!
//! A node on a preset chain (`dev`, `local`, `bench`, `bench-local`) starts from that preset's
//! raw spec, exported once per binary ([`specs`]): building the genesis in the runtime costs two
//! WASM compilations a start. [`NodeConfig::by_name`] passes the name instead. Every node
//! compiles its runtime into one shared `--wasm-cache` directory.
//!
//! # Cleanup
//!
//! A [`Node`] kills its process when dropped, also when a test panics; the log tail is then
//! printed to help debugging. On Linux the process also gets `SIGKILL` when the thread that
//! started it exits, so a runner killed from outside leaves no node behind. Set
//! `DEPIN_E2E_KEEP=1` to keep the temporary directories (logs and databases) afterwards.

pub mod binary;
pub mod client;
pub mod error;
pub mod network;
pub mod node;
pub mod ports;
pub mod process;
pub mod rpc;
pub mod specs;

pub use binary::node_binary;
pub use client::{AtBlock, ChainConfig, Client};
pub use error::{other, Error, Result, RpcError};
pub use network::{local_network, NetworkConfig, ALICE_NODE_KEY, ALICE_PEER_ID, VALIDATORS};
pub use node::{Node, NodeConfig, Ports, Stopped, RPC_READY_TIMEOUT, TERM_GRACE};
pub use ports::free_port;
pub use process::log_tail;
pub use rpc::{parse_hex_u64, Health, Rpc};
