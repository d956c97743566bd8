//! End-to-end test harness for `depin-node`.
//!
//! The tests in `tests/tests/` start real `depin-node` processes bound to loopback only, each on
//! its own free ports and in its own temporary directory, and drive them over JSON-RPC: raw
//! requests through [`Rpc`], and signed transactions and storage queries through a subxt
//! [`Client`] built from the metadata the running runtime reports (no code generation).
//!
//! # Which binary
//!
//! `$DEPIN_NODE` if set, otherwise `$CARGO_TARGET_DIR/debug/depin-node`, otherwise
//! `$HOME/.cache/depin/target/debug/depin-node` (see [`node_binary`]). Build it first.
//!
//! # Concurrency
//!
//! The end-to-end tests are one binary (`tests/tests/e2e/`), the client's another. A node is heavy
//! on a small machine (WASM compilation, RocksDB, block production), so under `cargo test` every
//! test first takes a [`test_slot`]: at most [`TEST_SLOTS`] tests of the binary run at once, and
//! the four-validator tests take all slots with [`exclusive_test_slot`]. `scripts/test.sh` runs
//! both binaries with cargo-nextest instead, one process per test, where `.config/nextest.toml`
//! sets the same limits across both binaries (and the slots, one per process, never wait).
//!
//! # Cleanup
//!
//! A [`Node`] kills its process when dropped, also when the test panics; the log tail is then
//! printed to help debugging. On Linux the process also gets `SIGKILL` when the thread that
//! started it exits, so a test runner killed from outside leaves no node behind. Set
//! `DEPIN_E2E_KEEP=1` to keep the temporary directories (logs and databases) after the tests.

pub mod chain;
pub mod governance;
pub mod validators;

mod account;
mod binary;
mod client;
mod codec;
mod error;
mod events;
mod keys;
mod network;
mod node;
mod ports;
mod process;
mod rpc;
mod run;
mod slots;

pub use subxt;
pub use subxt_signer;

pub use account::{account_state, transfer_keep_alive, AccountState, TransferCall, DPN};
pub use binary::node_binary;
pub use client::{AtBlock, ChainConfig, Client};
pub use codec::{from_hex, parse_hex_u64, sr25519_signature_range, to_hex};
pub use error::{Error, Result, RpcError};
pub use events::{find_events, has_event};
pub use keys::{account_id, keypair};
pub use network::{local_network, ALICE_NODE_KEY, ALICE_PEER_ID};
pub use node::{Node, NodeConfig, Stopped, RPC_READY_TIMEOUT, TERM_GRACE};
pub use ports::free_port;
pub use process::log_tail;
pub use rpc::{Health, Rpc};
pub use run::{loopback_args, run_node_to_exit, write_file, Exited};
pub use slots::{exclusive_test_slot, test_slot, TestSlot, TEST_SLOTS};
