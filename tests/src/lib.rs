//! End-to-end test harness for `depin-node`.
//!
//! The tests in `tests/tests/` start real `depin-node` processes bound to loopback only, each on
//! its own free ports and in its own temporary directory, and drive them over JSON-RPC: raw
//! requests through [`Rpc`], signed transactions and storage queries through a subxt [`Client`]
//! built from the metadata the running runtime reports, submitted and followed to their block
//! by the client library (`depin_client::chain`), as the `depin` CLI does.
//!
//! Nodes and networks are started by `depin-launcher` (re-exported here: [`NodeConfig`],
//! [`Node`], [`NetworkConfig`], [`local_network`]), the same launcher `scripts/local-testnet.sh`
//! and `scripts/bench-throughput.sh` run as `depin-net`; its crate docs say which binary runs
//! and how every process is cleaned up.
//!
//! # Concurrency
//!
//! The end-to-end tests are one binary (`tests/tests/e2e/`), the client's another. A node is heavy
//! on a small machine (WASM compilation, RocksDB, block production), so under `cargo test` every
//! test first takes a [`test_slot`]: at most [`TEST_SLOTS`] tests of the binary run at once, and
//! the four-validator tests take all slots with [`exclusive_test_slot`]. `scripts/test.sh` runs
//! both binaries with cargo-nextest instead, one process per test, where `.config/nextest.toml`
//! sets the same limits across both binaries (and the slots, one per process, never wait).

pub mod chain;
pub mod governance;
pub mod validators;

mod account;
mod codec;
mod events;
mod keys;
mod metrics;
mod run;
mod slots;

pub(crate) use depin_launcher::{binary, client, error, ports};

pub use subxt;
pub use subxt_signer;

pub use account::{account_state, transfer_keep_alive, AccountState, TransferCall, DPN};
pub use codec::{from_hex, parse_hex_u64, sr25519_signature_range, to_hex};
pub use depin_launcher::{
	free_port, local_network, log_tail, node_binary, AtBlock, ChainConfig, Client, Error, Health,
	NetworkConfig, Node, NodeConfig, Ports, Result, Rpc, RpcError, Stopped, ALICE_NODE_KEY,
	ALICE_PEER_ID, RPC_READY_TIMEOUT, TERM_GRACE,
};
pub use events::{find_events, has_event};
pub use keys::{account_id, keypair};
pub use metrics::{metric_sum, prometheus_metrics};
pub use run::{loopback_args, run_node_to_exit, write_file, Exited};
pub use slots::{exclusive_test_slot, test_slot, TestSlot, TEST_SLOTS};
