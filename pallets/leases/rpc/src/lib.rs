//! # Leases RPC
//!
//! GPU leases' `depin_*` JSON-RPC methods, beside their runtime API
//! (`pallet-leases-runtime-api`): each method calls one `LeasesApi` function at the block given
//! by its optional trailing `at` parameter (a 0x-hex block hash), or at the best block, and
//! returns a typed view ([`views`]) in the JSON conventions of `depin-primitives-rpc`.
//! Parameters may be positional or named (camelCase or snake_case).
//!
//! | method                   | parameters                                   | result        |
//! |--------------------------|----------------------------------------------|---------------|
//! | `depin_offers`           | `requirements`, `duration`, `startAfter?`,   | offer array   |
//! |                          | `limit?` (100), `at?`                        |               |
//! | `depin_leaseQuote`       | `requirements`, `duration`, `limit?` (100),  | quote array   |
//! |                          | `at?`                                        |               |
//! | `depin_lease`            | `id`, `at?`                                  | lease or null |
//! | `depin_leasesOf`         | `provider`, `startAfter?`, `limit?` (100),   | lease array   |
//! |                          | `at?`                                        |               |
//! | `depin_providerEarnings` | `provider`, `at?`                            | object        |
//! | `depin_leaseParameters`  | `at?`                                        | object        |
//! | `depin_orders`           | `startAfter?`, `limit?` (100), `at?`         | order array   |
//! | `depin_leases`           | `startAfter?`, `limit?` (100), `at?`         | lease array   |
//!
//! `requirements` is what a tenant needs from a GPU machine, an object
//! `{"model": "H100" | null, "minVramGib": 80, "gpuCount": 8, "region": "eu-west" | null,
//! "maxPricePerHour": "6000000"}`: `model` (at most 32 bytes, compared byte for byte) and `region`
//! (1 to 16 bytes) may be `null` or left out to accept any; `minVramGib` defaults to 0 and
//! `gpuCount` (at least 1) to 1; `maxPricePerHour` (credits, above zero) is required. `duration`
//! is the lease term in blocks (at least 1). A lease's `state` is `{"type": "active"}`,
//! `{"since": n, "type": "paused"}` or `{"at": n, "reason": …, "type": "closed"}`, its close
//! reasons `"tenant"`, `"provider"`, `"insufficientFunds"`, `"breach"`, `"governance"`,
//! `"completed"`, `"deviceInactive"`.

pub mod params;
pub mod views;

use std::{fmt::Display, marker::PhantomData, sync::Arc};

use codec::Codec;
use depin_primitives::DeviceId;
use depin_primitives_rpc::{at_or_best, params::parse_account, runtime_error, DEFAULT_PAGE_LIMIT};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_leases::{LeaseId, OrderId};
pub use pallet_leases_runtime_api::LeasesApi as LeasesRuntimeApi;
use serde::Serialize;
use serde_json::Value;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;
use sp_runtime::traits::Block as BlockT;

use params::{check_duration, parse_requirements};
pub use views::{
	EarningsView, LeaseParametersView, LeaseView, OfferView, OrderView, QuoteView, RequirementsView,
};

/// GPU leases' `depin_*` methods. Every method takes an optional trailing `at` block hash and
/// answers at the best block without it.
#[rpc(server, namespace = "depin", server_bounds(
	BlockHash: serde::de::DeserializeOwned + Send + Sync + 'static,
	AccountId: Ss58Codec + Clone + Send + Sync + 'static,
	Balance: Display + Clone + Send + Sync + 'static,
	BlockNumber: Serialize + serde::de::DeserializeOwned + Clone + Send + Sync + 'static
))]
pub trait LeasesApi<BlockHash, AccountId, Balance, BlockNumber> {
	/// One page of the offers that meet `requirements` for a term of `duration` blocks: at
	/// most `limit` (default 100), after the device `startAfter`.
	#[method(name = "offers")]
	fn offers(
		&self,
		requirements: Value,
		duration: BlockNumber,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<OfferView<AccountId, BlockNumber>>>;

	/// The cheapest offers that meet `requirements` for `duration` blocks, with what the whole
	/// term costs.
	#[method(name = "leaseQuote")]
	fn lease_quote(
		&self,
		requirements: Value,
		duration: BlockNumber,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<QuoteView>>;

	/// The lease with this id as it stands, with `owedNow` and `escrowLeft`, or `null`.
	#[method(name = "lease")]
	fn lease(
		&self,
		id: LeaseId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<LeaseView<AccountId, BlockNumber>>>;

	/// One page of `provider`'s leases: at most `limit` (default 100), after the lease
	/// `startAfter`.
	#[method(name = "leasesOf")]
	fn leases_of(
		&self,
		provider: String,
		start_after: Option<LeaseId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<LeaseView<AccountId, BlockNumber>>>;

	/// `provider`'s earnings: credits settled, and credits its open leases owe now.
	#[method(name = "providerEarnings")]
	fn provider_earnings(&self, provider: String, at: Option<BlockHash>)
		-> RpcResult<EarningsView>;

	/// The lease parameters in force.
	#[method(name = "leaseParameters")]
	fn lease_parameters(
		&self,
		at: Option<BlockHash>,
	) -> RpcResult<LeaseParametersView<Balance, BlockNumber>>;

	/// One page of the open orders with their bid counts: at most `limit` (default 100), after
	/// the order `startAfter`.
	#[method(name = "orders")]
	fn orders(
		&self,
		start_after: Option<OrderId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<OrderView<AccountId, Balance, BlockNumber>>>;

	/// One page of every stored lease: at most `limit` (default 100), after the lease
	/// `startAfter`.
	#[method(name = "leases")]
	fn leases(
		&self,
		start_after: Option<LeaseId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<LeaseView<AccountId, BlockNumber>>>;
}

/// GPU leases' methods, answered through `client`'s runtime API.
pub struct Leases<C, Block> {
	client: Arc<C>,
	_block: PhantomData<Block>,
}

impl<C, Block> Leases<C, Block> {
	/// The methods, answered through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: PhantomData }
	}
}

impl<C, Block, AccountId, Balance, BlockNumber>
	LeasesApiServer<Block::Hash, AccountId, Balance, BlockNumber> for Leases<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: LeasesRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec + Ss58Codec + From<[u8; 32]> + Serialize + Send + Sync + 'static,
	Balance: Codec + Display + Serialize + Send + Sync + 'static,
	BlockNumber: Codec + Default + PartialEq + Serialize + Send + Sync + 'static,
	BlockNumber: serde::de::DeserializeOwned,
{
	fn offers(
		&self,
		requirements: Value,
		duration: BlockNumber,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<OfferView<AccountId, BlockNumber>>> {
		let requirements = parse_requirements(&requirements)?;
		let duration = check_duration(duration)?;
		let at = at_or_best(&*self.client, at);
		let page = self
			.client
			.runtime_api()
			.offers_matching(
				at,
				requirements,
				duration,
				start_after,
				limit.unwrap_or(DEFAULT_PAGE_LIMIT),
			)
			.map_err(|error| runtime_error("LeasesApi::offers_matching", error))?;
		Ok(page.into_iter().map(|(device, offer)| OfferView::new(device, offer)).collect())
	}

	fn lease_quote(
		&self,
		requirements: Value,
		duration: BlockNumber,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<QuoteView>> {
		let requirements = parse_requirements(&requirements)?;
		let duration = check_duration(duration)?;
		let at = at_or_best(&*self.client, at);
		let quotes = self
			.client
			.runtime_api()
			.quote(at, requirements, duration, limit.unwrap_or(DEFAULT_PAGE_LIMIT))
			.map_err(|error| runtime_error("LeasesApi::quote", error))?;
		Ok(quotes.into_iter().map(QuoteView::from).collect())
	}

	fn lease(
		&self,
		id: LeaseId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<LeaseView<AccountId, BlockNumber>>> {
		let at = at_or_best(&*self.client, at);
		let status = self
			.client
			.runtime_api()
			.lease(at, id)
			.map_err(|error| runtime_error("LeasesApi::lease", error))?;
		Ok(status.map(|status| LeaseView::with_status(id, status)))
	}

	fn leases_of(
		&self,
		provider: String,
		start_after: Option<LeaseId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<LeaseView<AccountId, BlockNumber>>> {
		let provider = parse_account("provider", &provider)?;
		let at = at_or_best(&*self.client, at);
		let page = self
			.client
			.runtime_api()
			.leases_of(at, provider, start_after, limit.unwrap_or(DEFAULT_PAGE_LIMIT))
			.map_err(|error| runtime_error("LeasesApi::leases_of", error))?;
		Ok(page.into_iter().map(|(id, lease)| LeaseView::new(id, lease)).collect())
	}

	fn provider_earnings(
		&self,
		provider: String,
		at: Option<Block::Hash>,
	) -> RpcResult<EarningsView> {
		let provider = parse_account("provider", &provider)?;
		let at = at_or_best(&*self.client, at);
		let earnings = self
			.client
			.runtime_api()
			.earnings(at, provider)
			.map_err(|error| runtime_error("LeasesApi::earnings", error))?;
		Ok(earnings.into())
	}

	fn lease_parameters(
		&self,
		at: Option<Block::Hash>,
	) -> RpcResult<LeaseParametersView<Balance, BlockNumber>> {
		let at = at_or_best(&*self.client, at);
		let api = self.client.runtime_api();
		// Several runtime APIs have a `parameters`: name the trait.
		let parameters =
			<C::Api as LeasesRuntimeApi<Block, AccountId, Balance, BlockNumber>>::parameters(
				&*api, at,
			)
			.map_err(|error| runtime_error("LeasesApi::parameters", error))?;
		Ok(parameters.into())
	}

	fn orders(
		&self,
		start_after: Option<OrderId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<OrderView<AccountId, Balance, BlockNumber>>> {
		let at = at_or_best(&*self.client, at);
		let page = self
			.client
			.runtime_api()
			.orders(at, start_after, limit.unwrap_or(DEFAULT_PAGE_LIMIT))
			.map_err(|error| runtime_error("LeasesApi::orders", error))?;
		Ok(page.into_iter().map(|(id, order, bids)| OrderView::new(id, order, bids)).collect())
	}

	fn leases(
		&self,
		start_after: Option<LeaseId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<LeaseView<AccountId, BlockNumber>>> {
		let at = at_or_best(&*self.client, at);
		let page = self
			.client
			.runtime_api()
			.leases(at, start_after, limit.unwrap_or(DEFAULT_PAGE_LIMIT))
			.map_err(|error| runtime_error("LeasesApi::leases", error))?;
		Ok(page.into_iter().map(|(id, lease)| LeaseView::new(id, lease)).collect())
	}
}
