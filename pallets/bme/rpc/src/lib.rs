//! # BME RPC
//!
//! The burn-and-mint pallet's `depin_*` JSON-RPC methods, beside its runtime API
//! (`pallet-bme-runtime-api`): each method calls one `BmeApi` function at the block given by
//! its optional trailing `at` parameter (a 0x-hex block hash), or at the best block, and returns
//! a typed view ([`views`]) in the JSON conventions of `depin-primitives-rpc`. Parameters may
//! be positional or named (camelCase or snake_case).
//!
//! | method                 | parameters             | result         |
//! |------------------------|------------------------|----------------|
//! | `depin_price`          | `at?`                  | object         |
//! | `depin_credits`        | `account`, `at?`       | object         |
//! | `depin_quoteCredits`   | `amountPlancks`, `at?` | string or null |
//! | `depin_emissions`      | `at?`                  | object         |
//! | `depin_pendingRewards` | `account`, `at?`       | reward array   |
//! | `depin_bmeParameters`  | `at?`                  | object         |
//! | `depin_epochHistory`   | `before?`, `limit?` (64, at most 128), `at?` | record array |

pub mod views;

use std::{fmt::Display, marker::PhantomData, sync::Arc};

use codec::Codec;
use depin_primitives::CreditBalance;
use depin_primitives_rpc::{
	at_or_best,
	params::{parse_account, parse_amount},
	runtime_error,
	views::Decimal,
};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
pub use pallet_bme_runtime_api::BmeApi as BmeRuntimeApi;
use serde::Serialize;
use serde_json::Value;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;
use sp_runtime::traits::Block as BlockT;

pub use views::{
	BmeParametersView, CreditsView, EmissionsView, EpochRecordView, PendingRewardView,
	PriceInForceView,
};

/// Records `depin_epochHistory` returns without `limit`.
pub const DEFAULT_HISTORY_LIMIT: u32 = 64;

/// The burn-and-mint `depin_*` methods. Every method takes an optional trailing `at` block hash
/// and answers at the best block without it.
#[rpc(server, namespace = "depin", server_bounds(
	BlockHash: serde::de::DeserializeOwned + Send + Sync + 'static,
	AccountId: Ss58Codec + Clone + Send + Sync + 'static,
	Balance: Display + Clone + Send + Sync + 'static,
	BlockNumber: Serialize + Clone + Send + Sync + 'static
))]
pub trait BmeApi<BlockHash, AccountId, Balance, BlockNumber> {
	/// The price in force (or `null`) with the fresh submissions behind it.
	#[method(name = "price")]
	fn price(&self, at: Option<BlockHash>) -> RpcResult<PriceInForceView<AccountId, BlockNumber>>;

	/// `account`'s credits: spendable, escrowed and their total.
	#[method(name = "credits")]
	fn credits(&self, account: String, at: Option<BlockHash>) -> RpcResult<CreditsView>;

	/// The credits burning `amountPlancks` DPN would buy now, or `null` when no credits can be
	/// minted (no price, or the feeders disagree too much).
	#[method(name = "quoteCredits")]
	fn quote_credits(
		&self,
		amount_plancks: Value,
		at: Option<BlockHash>,
	) -> RpcResult<Option<Decimal<CreditBalance>>>;

	/// The emission schedule and the current epoch's pools as they stand.
	#[method(name = "emissions")]
	fn emissions(&self, at: Option<BlockHash>) -> RpcResult<EmissionsView<Balance, BlockNumber>>;

	/// `account`'s unpaid rewards, newest epoch first.
	#[method(name = "pendingRewards")]
	fn pending_rewards(
		&self,
		account: String,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<PendingRewardView<Balance>>>;

	/// The parameters in force.
	#[method(name = "bmeParameters")]
	fn bme_parameters(
		&self,
		at: Option<BlockHash>,
	) -> RpcResult<BmeParametersView<Balance, BlockNumber>>;

	/// The books of the ended epochs before `before` (the running one without it), newest
	/// first: at most `limit` (default 64, at most 128, the epochs kept).
	#[method(name = "epochHistory")]
	fn epoch_history(
		&self,
		before: Option<depin_primitives::EpochIndex>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<EpochRecordView<Balance, BlockNumber>>>;
}

/// The burn-and-mint methods, answered through `client`'s runtime API.
pub struct Bme<C, Block> {
	client: Arc<C>,
	_block: PhantomData<Block>,
}

impl<C, Block> Bme<C, Block> {
	/// The methods, answered through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: PhantomData }
	}
}

impl<C, Block, AccountId, Balance, BlockNumber>
	BmeApiServer<Block::Hash, AccountId, Balance, BlockNumber> for Bme<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: BmeRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec + Ss58Codec + From<[u8; 32]> + Serialize + Send + Sync + 'static,
	Balance: Codec + Display + From<u128> + Serialize + Send + Sync + 'static,
	BlockNumber: Codec + Serialize + Send + Sync + 'static,
{
	fn price(
		&self,
		at: Option<Block::Hash>,
	) -> RpcResult<PriceInForceView<AccountId, BlockNumber>> {
		let at = at_or_best(&*self.client, at);
		let view = self
			.client
			.runtime_api()
			.price(at)
			.map_err(|error| runtime_error("BmeApi::price", error))?;
		Ok(view.into())
	}

	fn credits(&self, account: String, at: Option<Block::Hash>) -> RpcResult<CreditsView> {
		let account = parse_account("account", &account)?;
		let at = at_or_best(&*self.client, at);
		let credits = self
			.client
			.runtime_api()
			.credits(at, account)
			.map_err(|error| runtime_error("BmeApi::credits", error))?;
		Ok(credits.into())
	}

	fn quote_credits(
		&self,
		amount_plancks: Value,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<Decimal<CreditBalance>>> {
		let amount = parse_amount("amountPlancks", &amount_plancks)?;
		let at = at_or_best(&*self.client, at);
		let credits = self
			.client
			.runtime_api()
			.quote_credits(at, Balance::from(amount))
			.map_err(|error| runtime_error("BmeApi::quote_credits", error))?;
		Ok(credits.map(Decimal))
	}

	fn emissions(&self, at: Option<Block::Hash>) -> RpcResult<EmissionsView<Balance, BlockNumber>> {
		let at = at_or_best(&*self.client, at);
		let view = self
			.client
			.runtime_api()
			.emissions(at)
			.map_err(|error| runtime_error("BmeApi::emissions", error))?;
		Ok(view.into())
	}

	fn pending_rewards(
		&self,
		account: String,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<PendingRewardView<Balance>>> {
		let account = parse_account("account", &account)?;
		let at = at_or_best(&*self.client, at);
		let rewards = self
			.client
			.runtime_api()
			.pending_rewards(at, account)
			.map_err(|error| runtime_error("BmeApi::pending_rewards", error))?;
		Ok(rewards.into_iter().map(PendingRewardView::from).collect())
	}

	fn bme_parameters(
		&self,
		at: Option<Block::Hash>,
	) -> RpcResult<BmeParametersView<Balance, BlockNumber>> {
		let at = at_or_best(&*self.client, at);
		let api = self.client.runtime_api();
		// Several runtime APIs have a `parameters`: name the trait.
		let parameters =
			<C::Api as BmeRuntimeApi<Block, AccountId, Balance, BlockNumber>>::parameters(
				&*api, at,
			)
			.map_err(|error| runtime_error("BmeApi::parameters", error))?;
		Ok(parameters.into())
	}

	fn epoch_history(
		&self,
		before: Option<depin_primitives::EpochIndex>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<EpochRecordView<Balance, BlockNumber>>> {
		let at = at_or_best(&*self.client, at);
		let records = self
			.client
			.runtime_api()
			.epoch_history(at, before, limit.unwrap_or(DEFAULT_HISTORY_LIMIT))
			.map_err(|error| runtime_error("BmeApi::epoch_history", error))?;
		Ok(records.into_iter().map(|(epoch, record)| EpochRecordView::new(epoch, record)).collect())
	}
}
