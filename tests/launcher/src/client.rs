//! The subxt configuration and client types that match the runtime: the client library's.

pub use depin_client::chain::{Client, Config as ChainConfig};

/// A subxt client pinned to one block.
pub type AtBlock = subxt::OnlineClientAtBlock<ChainConfig>;
