//! The subxt configuration and client types that match the runtime.

/// The subxt configuration matching the runtime: `AccountId32`, `MultiAddress`,
/// `MultiSignature` (sr25519 here), `u32` block numbers and BLAKE2-256 hashing.
pub type ChainConfig = subxt::SubstrateConfig;
/// A subxt client connected to a node.
pub type Client = subxt::OnlineClient<ChainConfig>;
/// A subxt client pinned to one block.
pub type AtBlock = subxt::OnlineClientAtBlock<ChainConfig>;
