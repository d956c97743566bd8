//! # Usage RPC
//!
//! Data-transfer rewards' `depin_*` JSON-RPC methods, beside its runtime API
//! (`pallet-usage-runtime-api`): each method calls one `UsageApi` function at the block given by
//! its optional trailing `at` parameter (a 0x-hex block hash), or at the best block, and returns
//! a typed view ([`views`]) in the JSON conventions of `depin-primitives-rpc`. Parameters may be
//! positional or named (camelCase or snake_case).
//!
//! | method                 | parameters                                   | result         |
//! |------------------------|----------------------------------------------|----------------|
//! | `depin_payer`          | `id`, `at?`                                  | object or null |
//! | `depin_payers`         | `from?` (0), `limit?` (100, at most 100), `at?` | array       |
//! | `depin_hotspotUsage`   | `id`, `at?`                                  | object         |
//! | `depin_hexDemand`      | `cell` (`"0x…"` H3 index), `epoch?`, `at?`   | object or null |
//! | `depin_usageParameters`| `at?`                                        | object         |

pub mod views;

use std::{fmt::Display, marker::PhantomData, sync::Arc};

use codec::Codec;
use depin_primitives::{DeviceId, EpochIndex};
use depin_primitives_rpc::{at_or_best, params::parse_cell, runtime_error};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
pub use pallet_usage_runtime_api::UsageApi as UsageRuntimeApi;
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;
use sp_runtime::traits::Block as BlockT;

pub use views::{HexDemandJson, HotspotUsageJson, PayerJson, UsageParametersJson};

/// Most payers one `depin_payers` call returns.
pub const MAX_PAYERS_PAGE: u32 = 100;

/// Data-transfer rewards' `depin_*` methods. Every method takes an optional trailing `at` block
/// hash and answers at the best block without it.
#[rpc(server, namespace = "depin", server_bounds(
	BlockHash: serde::de::DeserializeOwned + Send + Sync + 'static,
	AccountId: Ss58Codec + Clone + Send + Sync + 'static,
	Balance: Display + Clone + Send + Sync + 'static,
	BlockNumber: Serialize + Clone + Send + Sync + 'static))]
pub trait UsageApi<BlockHash, AccountId, Balance, BlockNumber> {
	/// A payer, or `null` for an unknown id.
	#[method(name = "payer")]
	fn payer(
		&self,
		id: u32,
		at: Option<BlockHash>,
	) -> RpcResult<Option<PayerJson<AccountId, Balance, BlockNumber>>>;

	/// Up to `limit` payers from id `from` on.
	#[method(name = "payers")]
	fn payers(
		&self,
		from: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<PayerJson<AccountId, Balance, BlockNumber>>>;

	/// A hotspot's data transfer this epoch and the last, and the reward the last one earns.
	#[method(name = "hotspotUsage")]
	fn hotspot_usage(&self, id: DeviceId, at: Option<BlockHash>) -> RpcResult<HotspotUsageJson>;

	/// The paid traffic and coverage weight of the hex a cell is counted in, in `epoch` (the
	/// current one without it), or `null` for an invalid cell.
	#[method(name = "hexDemand")]
	fn hex_demand(
		&self,
		cell: String,
		epoch: Option<EpochIndex>,
		at: Option<BlockHash>,
	) -> RpcResult<Option<HexDemandJson>>;

	/// The parameters in force.
	#[method(name = "usageParameters")]
	fn parameters(&self, at: Option<BlockHash>) -> RpcResult<UsageParametersJson>;
}

/// Data-transfer rewards' methods, answered through `client`'s runtime API.
pub struct Usage<C, Block> {
	client: Arc<C>,
	_block: PhantomData<Block>,
}

impl<C, Block> Usage<C, Block> {
	/// The methods, answered through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: PhantomData }
	}
}

impl<C, Block, AccountId, Balance, BlockNumber>
	UsageApiServer<Block::Hash, AccountId, Balance, BlockNumber> for Usage<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: UsageRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec + Ss58Codec + Clone + Send + Sync + 'static,
	Balance: Codec + Display + Clone + Send + Sync + 'static,
	BlockNumber: Codec + Serialize + Clone + Send + Sync + 'static,
{
	fn payer(
		&self,
		id: u32,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<PayerJson<AccountId, Balance, BlockNumber>>> {
		let at = at_or_best(&*self.client, at);
		let payer = self
			.client
			.runtime_api()
			.payer(at, id)
			.map_err(|error| runtime_error("UsageApi::payer", error))?;
		Ok(payer.map(PayerJson::from))
	}

	fn payers(
		&self,
		from: Option<u32>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<PayerJson<AccountId, Balance, BlockNumber>>> {
		let at = at_or_best(&*self.client, at);
		let limit = limit.unwrap_or(MAX_PAYERS_PAGE).min(MAX_PAYERS_PAGE);
		let payers = self
			.client
			.runtime_api()
			.payers(at, from.unwrap_or(0), limit)
			.map_err(|error| runtime_error("UsageApi::payers", error))?;
		Ok(payers.into_iter().map(PayerJson::from).collect())
	}

	fn hotspot_usage(&self, id: DeviceId, at: Option<Block::Hash>) -> RpcResult<HotspotUsageJson> {
		let at = at_or_best(&*self.client, at);
		let usage = self
			.client
			.runtime_api()
			.hotspot_usage(at, id)
			.map_err(|error| runtime_error("UsageApi::hotspot_usage", error))?;
		Ok(usage.into())
	}

	fn hex_demand(
		&self,
		cell: String,
		epoch: Option<EpochIndex>,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<HexDemandJson>> {
		let cell = parse_cell("cell", &cell)?;
		let at = at_or_best(&*self.client, at);
		let demand = self
			.client
			.runtime_api()
			.hex_demand(at, cell, epoch)
			.map_err(|error| runtime_error("UsageApi::hex_demand", error))?;
		Ok(demand.map(HexDemandJson::from))
	}

	fn parameters(&self, at: Option<Block::Hash>) -> RpcResult<UsageParametersJson> {
		let at = at_or_best(&*self.client, at);
		let parameters = self
			.client
			.runtime_api()
			.parameters(at)
			.map_err(|error| runtime_error("UsageApi::parameters", error))?;
		Ok(parameters.into())
	}
}
