//! The node's JSON-RPC methods beyond the ones `sc-service` provides (`system_*`, `chain_*`,
//! `state_*`, `author_*`, `chainHead_v1_*`, ...): account nonces, fee queries and the `depin_*`
//! reads in plain JSON.

use std::sync::Arc;

use depin_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Nonce};
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
	C::Api: pallet_registry_runtime_api::RegistryApi<Block, AccountId, Balance, BlockNumber>,
	C::Api: pallet_bme_runtime_api::BmeApi<Block, AccountId, Balance, BlockNumber>,
	C::Api: pallet_coverage_runtime_api::CoverageApi<Block, BlockNumber>,
	C::Api: pallet_leases_runtime_api::LeasesApi<Block, AccountId, Balance, BlockNumber>,
	P: TransactionPool + 'static,
{
	use crate::depin_rpc::{Depin, DepinApiServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(Depin::new(client.clone()).into_rpc())?;
	module.merge(TransactionPayment::new(client).into_rpc())?;

	Ok(module)
}
