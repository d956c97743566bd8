//! The node's JSON-RPC methods beyond the ones `sc-service` provides (`system_*`, `chain_*`,
//! `state_*`, `author_*`, `chainHead_v1_*`, ...): account nonces and fee queries from the SDK,
//! and the `depin_*` reads of each DePIN pallet from its own RPC crate
//! (`pallets/<name>/rpc`, method tables in their READMEs), in the JSON conventions of
//! `depin-primitives-rpc`.

use std::sync::Arc;

use depin_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Nonce, SS58_PREFIX};
use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC methods need.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// Builds the node's RPC methods.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>,
	C: HeaderBackend<Block> + HeaderMetadata<Block, Error = BlockChainError> + 'static,
	C: Send + Sync + 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BlockBuilder<Block>,
	C::Api: pallet_registry_rpc::RegistryRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	C::Api: pallet_bme_rpc::BmeRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	C::Api: pallet_coverage_rpc::CoverageRuntimeApi<Block, BlockNumber>,
	C::Api: pallet_leases_rpc::LeasesRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	C::Api: pallet_usage_rpc::UsageRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	P: TransactionPool + 'static,
{
	use pallet_bme_rpc::{Bme, BmeApiServer};
	use pallet_coverage_rpc::{Coverage, CoverageApiServer};
	use pallet_leases_rpc::{Leases, LeasesApiServer};
	use pallet_registry_rpc::{Registry, RegistryApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use pallet_usage_rpc::{Usage, UsageApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	// The `depin_*` methods show accounts as SS58 with the chain's prefix.
	sp_core::crypto::set_default_ss58_version(sp_core::crypto::Ss58AddressFormat::custom(
		SS58_PREFIX,
	));

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(Registry::new(client.clone()).into_rpc())?;
	module.merge(Bme::new(client.clone()).into_rpc())?;
	module.merge(Coverage::new(client.clone()).into_rpc())?;
	module.merge(Leases::new(client.clone()).into_rpc())?;
	module.merge(Usage::new(client.clone()).into_rpc())?;
	module.merge(TransactionPayment::new(client).into_rpc())?;

	Ok(module)
}
