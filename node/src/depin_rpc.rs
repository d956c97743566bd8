//! The `depin_*` JSON-RPC methods: the registry, coverage, leases and BME runtime APIs as plain
//! JSON, so that a `curl` user needs no SCALE decoder.
//!
//! Each method calls one runtime API function (`RegistryApi`, `CoverageApi`, `LeasesApi` or
//! `BmeApi`) at the block given by its optional trailing `at` parameter (a 0x-hex block hash), or
//! at the best block when `at` is missing or `null`. Parameters may be positional or named
//! (camelCase or snake_case).
//!
//! | method                     | parameters                                     | result         |
//! |----------------------------|------------------------------------------------|----------------|
//! | `depin_device`             | `id`, `at?`                                    | device or null |
//! | `depin_deviceByKey`        | `key` (`"ed25519:0x…"`/`"sr25519:0x…"`), `at?` | device or null |
//! | `depin_devicesOf`          | `owner`, `startAfter?`, `limit?` (100), `at?`  | device array   |
//! | `depin_makers`             | `at?`                                          | maker array    |
//! | `depin_registryParameters` | `at?`                                          | object         |
//! | `depin_price`              | `at?`                                          | object         |
//! | `depin_credits`            | `account`, `at?`                               | object         |
//! | `depin_quoteCredits`       | `amountPlancks`, `at?`                         | string or null |
//! | `depin_emissions`          | `at?`                                          | object         |
//! | `depin_pendingRewards`     | `account`, `at?`                               | reward array   |
//! | `depin_bmeParameters`      | `at?`                                          | object         |
//! | `depin_hexCoverage`        | `cell` (`"0x…"` H3 index), `at?`               | object or null |
//! | `depin_hotspotCoverage`    | `id`, `at?`                                    | object         |
//! | `depin_densityRules`       | `at?`                                          | rule array     |
//! | `depin_offers`             | `requirements`, `duration`, `startAfter?`,     | offer array    |
//! |                            | `limit?` (100), `at?`                          |                |
//! | `depin_leaseQuote`         | `requirements`, `duration`, `limit?` (100),    | quote array    |
//! |                            | `at?`                                          |                |
//! | `depin_lease`              | `id`, `at?`                                    | lease or null  |
//! | `depin_leasesOf`           | `provider`, `startAfter?`, `limit?` (100),     | lease array    |
//! |                            | `at?`                                          |                |
//! | `depin_providerEarnings`   | `provider`, `at?`                              | object         |
//! | `depin_leaseParameters`    | `at?`                                          | object         |
//!
//! `requirements` is what a tenant needs from a GPU machine, an object
//! `{"model": "H100" | null, "minVramGib": 80, "gpuCount": 8, "region": "eu-west" | null,
//! "maxPricePerHour": "6000000"}`: `model` (at most 32 bytes, compared byte for byte) and `region`
//! (1 to 16 bytes) may be `null` or left out to accept any; `minVramGib` defaults to 0 and
//! `gpuCount` (at least 1) to 1; `maxPricePerHour` (credits, above zero) is required. `duration`
//! is the lease term in blocks (at least 1).
//!
//! JSON conventions:
//! - keys are camelCase;
//! - DPN amounts (plancks), credits, shares and other `u128`/`u64` quantities are decimal
//!   strings, exact beyond the 2^53 a JSON number holds; ids (device `u64` counter, maker `u32`),
//!   block numbers, epochs and small counts are JSON numbers;
//! - accounts are SS58 addresses with this chain's prefix (42); as parameters, any SS58 prefix or
//!   `0x` and 64 hex digits are accepted;
//! - keys are `{"type": "ed25519" | "sr25519", "publicKey": "0x…"}`;
//! - H3 cells are `{"cell": "0x" + 16 hex digits of the u64 index, "resolution": n}`;
//! - prices (`FixedU128`, USD per DPN) are decimals with 18 places, e.g. `"1.250000000000000000"`;
//!   `Perbill` parts are fractions of one with 9 places, e.g. 35 % is `"0.350000000"`;
//! - enums with fields are `{"type": "…", …fields}`, field-less enums are plain strings; a
//!   lease's `state` is `{"type": "active"}`, `{"type": "paused", "since": n}` or
//!   `{"type": "closed", "reason": …, "at": n}`, its close reasons `"tenant"`, `"provider"`,
//!   `"insufficientFunds"`, `"breach"`, `"governance"`, `"completed"`, `"deviceInactive"`;
//! - region codes and GPU models are text (bytes that are not UTF-8 become U+FFFD).
//!
//! Errors: code 1 "runtime API call failed: …" (unknown or pruned block, runtime without the
//! API, ...), code 2 "invalid parameter: …" naming the parameter, what is wrong and what is
//! expected. A parameter of the wrong JSON type gets JSON-RPC's own -32602.
//!
//! ```text
//! curl -s -H 'Content-Type: application/json' localhost:9944 -d \
//!   '{"jsonrpc":"2.0","id":1,"method":"depin_devicesOf","params":{"owner":"5Grw…","limit":10}}'
//! ```

use std::{fmt::Display, sync::Arc};

use depin_primitives::{
	DeviceAttributes, DeviceClass, DeviceId, DeviceInfo, DeviceKey, DeviceStatus, GpuInterface,
	H3Cell, MakerId, MakerInfo, MakerStatus, RegistryParameters, RewardPool, ShortString,
	SuspendReason,
};
use depin_runtime::{opaque::Block, AccountId, Balance, BlockNumber, SS58_PREFIX};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
};
use pallet_bme_runtime_api::{
	BmeApi, BmeParameters, CreditAccount, EmissionView, OraclePrice, PendingReward, PoolSplit,
	PoolView, PriceView,
};
use pallet_coverage::{DensityRule, HexCoverage, HotspotCoverage, Refusal, WitnessInvalid};
use pallet_coverage_runtime_api::CoverageApi;
use pallet_leases::{
	CloseReason, Earnings, Lease, LeaseId, LeaseParameters, LeaseState, LeaseStatus, Offer, Quote,
	Region, Requirements,
};
use pallet_leases_runtime_api::LeasesApi;
use pallet_registry_runtime_api::RegistryApi;
use serde_json::{json, Map, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::{Ss58AddressFormat, Ss58Codec};
use sp_runtime::{
	traits::{Block as BlockT, Get},
	BoundedVec, FixedU128, Perbill,
};

/// Entries a `depin_devicesOf`, `depin_offers`, `depin_leaseQuote` or `depin_leasesOf` page asks
/// for when `limit` is not given. The runtime caps every page at its own page size (100 on this
/// runtime).
pub const DEFAULT_PAGE_LIMIT: u32 = 100;

/// `FixedU128`'s denominator: its inner value is the number × 10^18.
const FIXED_U128_DIV: u128 = 1_000_000_000_000_000_000;

/// `Perbill`'s denominator: parts per billion.
const PERBILL_DIV: u32 = 1_000_000_000;

/// Longest piece of a bad parameter quoted back in an error message, in characters.
const MAX_QUOTED_CHARS: usize = 80;

/// What an account parameter may be.
const ACCOUNT_EXPECTED: &str = "an SS58 address (any network prefix) or 0x followed by the 64 \
	hex digits of the 32-byte account id";

/// What a device key parameter may be.
const KEY_EXPECTED: &str = "\"ed25519:0x…\" or \"sr25519:0x…\" with the 64 hex digits of the \
	32-byte public key";

/// What an H3 cell parameter may be.
const CELL_EXPECTED: &str = "a valid H3 cell index as 0x followed by up to 16 hex digits, e.g. \
	\"0x08c2a1072b59b9ff\"";

/// What an amount parameter may be.
const AMOUNT_EXPECTED: &str = "a whole number of plancks (10^12 plancks = 1 DPN) as a decimal \
	string such as \"1000000000000\", a 0x-hex string, or a JSON integer up to 2^64 - 1";

/// What a `requirements` parameter may be.
const REQUIREMENTS_EXPECTED: &str = "an object {\"model\": string or null, \"minVramGib\": n, \
	\"gpuCount\": n (at least 1), \"region\": string or null, \"maxPricePerHour\": credits as a \
	decimal string above zero}, of which only maxPricePerHour is required";

/// The keys a `requirements` object may have.
const REQUIREMENTS_KEYS: [&str; 5] =
	["model", "minVramGib", "gpuCount", "region", "maxPricePerHour"];

/// What a `duration` parameter may be.
const DURATION_EXPECTED: &str = "the lease term in blocks (6 s each), at least 1, e.g. 600 for an \
	hour";

/// The `depin_*` methods. Every method takes an optional trailing `at` block hash and answers at
/// the best block without it.
#[rpc(server, namespace = "depin")]
pub trait DepinApi<BlockHash> {
	/// `depin_device`: the device with this id, or `null` when none is registered.
	#[method(name = "device")]
	fn device(&self, id: DeviceId, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_deviceByKey`: the device registered with `key`, or `null`. `key` is a string
	/// `"ed25519:0x<64 hex digits>"` or `"sr25519:0x<64 hex digits>"` (the scheme and the raw
	/// 32-byte public key), the `type` and `publicKey` of a device's `key` joined by a colon.
	#[method(name = "deviceByKey")]
	fn device_by_key(&self, key: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_devicesOf`: one page of `owner`'s devices (SS58 or 0x-hex account), at most
	/// `limit` (default 100, capped by the runtime's page size), after the device `startAfter`
	/// or from the start. Pages follow storage order, not id order: pass the last id of a page as
	/// `startAfter` for the next one, and stop at an empty page.
	#[method(name = "devicesOf")]
	fn devices_of(
		&self,
		owner: String,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// `depin_makers`: every maker ever approved, revoked ones included.
	#[method(name = "makers")]
	fn makers(&self, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_registryParameters`: the registry's fees (credits), device bond (plancks) and
	/// unbonding period (blocks).
	#[method(name = "registryParameters")]
	fn registry_parameters(&self, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_price`: the DPN/USD price in force (`price` is `null` with too few fresh
	/// submissions) and the fresh submissions with their feeders.
	#[method(name = "price")]
	fn price(&self, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_credits`: `account`'s spendable, escrowed and total credits.
	#[method(name = "credits")]
	fn credits(&self, account: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_quoteCredits`: the credits (decimal string) that burning `amountPlancks` would buy
	/// now, or `null` when no credits can be minted (no price, or feeders disagree too much).
	/// `amountPlancks` is a decimal or 0x-hex string, or a JSON integer up to 2^64 - 1.
	#[method(name = "quoteCredits")]
	fn quote_credits(&self, amount_plancks: Value, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_emissions`: the emission schedule and the current epoch's pools as they stand.
	#[method(name = "emissions")]
	fn emissions(&self, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_pendingRewards`: `account`'s unpaid rewards, newest epoch first (`amount` is
	/// `null` for the running epoch).
	#[method(name = "pendingRewards")]
	fn pending_rewards(&self, account: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_bmeParameters`: the burn-and-mint pallet's parameters in force.
	#[method(name = "bmeParameters")]
	fn bme_parameters(&self, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_hexCoverage`: a hex's count of active, located hotspots (for cells finer than
	/// resolution 10, of their resolution-10 parent) and, at resolution 10 or finer, the transmit
	/// scale a hotspot there gets. `cell` is an H3 index as a 0x-hex string.
	#[method(name = "hexCoverage")]
	fn hex_coverage(&self, cell: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_hotspotCoverage`: a hotspot's last beacon and witness, its shares this epoch, where
	/// it is counted, and its last receipts that were refused, with their reasons.
	#[method(name = "hotspotCoverage")]
	fn hotspot_coverage(&self, id: DeviceId, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_densityRules`: the hex-density table, one rule per resolution from 4 to 10.
	#[method(name = "densityRules")]
	fn density_rules(&self, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_offers`: one page of the GPU offers that could be leased now for `requirements`
	/// and a term of `duration` blocks (active device still owned by its provider, not leased,
	/// meeting the requirements, priced at most their maximum), at most `limit` (default 100,
	/// capped by the runtime's page size), scanning after the device `startAfter` or from the
	/// start. Pages follow storage order: pass the last device of a page as `startAfter`, and
	/// stop at a page shorter than asked. See the module docs for `requirements`.
	#[method(name = "offers")]
	fn offers(
		&self,
		requirements: Value,
		duration: BlockNumber,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// `depin_leaseQuote`: the cheapest offers that could be leased now for `requirements` and a
	/// term of `duration` blocks, cheapest first, at most `limit` (default 100), each with the
	/// credits the whole term costs (what leasing it for the term escrows).
	#[method(name = "leaseQuote")]
	fn lease_quote(
		&self,
		requirements: Value,
		duration: BlockNumber,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// `depin_lease`: the lease with this id, with `owedNow` (credits owed as of the block) and
	/// `escrowLeft` (escrow left once they are settled), or `null` when no such lease is stored
	/// (never started, or closed and fully settled).
	#[method(name = "lease")]
	fn lease(&self, id: LeaseId, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_leasesOf`: one page of `provider`'s stored leases (SS58 or 0x-hex account), at
	/// most `limit` (default 100, capped by the runtime's page size), after the lease
	/// `startAfter` or from the start, in storage order.
	#[method(name = "leasesOf")]
	fn leases_of(
		&self,
		provider: String,
		start_after: Option<LeaseId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// `depin_providerEarnings`: the credits settled to `provider` over all its leases (paid in
	/// DPN by BME) and what its leases owe now and have not settled.
	#[method(name = "providerEarnings")]
	fn provider_earnings(&self, provider: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// `depin_leaseParameters`: the heartbeat period, breach, grace, notice and order expiry
	/// (blocks), bid bond (plancks), breach slash and `on_idle` batch in force.
	#[method(name = "leaseParameters")]
	fn lease_parameters(&self, at: Option<BlockHash>) -> RpcResult<Value>;
}

/// Implements [`DepinApiServer`] with the client's runtime APIs; `Depin::new(client).into_rpc()`
/// is the module to merge.
pub struct Depin<C> {
	/// The client whose runtime APIs answer.
	client: Arc<C>,
}

impl<C> Depin<C> {
	/// The `depin_*` methods, answered through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

impl<C: HeaderBackend<Block>> Depin<C> {
	/// The block asked for, or the best block.
	fn at_or_best(&self, at: Option<<Block as BlockT>::Hash>) -> <Block as BlockT>::Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}
}

impl<C> DepinApiServer<<Block as BlockT>::Hash> for Depin<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RegistryApi<Block, AccountId, Balance, BlockNumber>
		+ CoverageApi<Block, BlockNumber>
		+ LeasesApi<Block, AccountId, Balance, BlockNumber>
		+ BmeApi<Block, AccountId, Balance, BlockNumber>,
{
	fn offers(
		&self,
		requirements: Value,
		duration: BlockNumber,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Value> {
		let requirements = parse_requirements(&requirements)?;
		let duration = check_duration(duration)?;
		let at = self.at_or_best(at);
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
		Ok(Value::Array(page.iter().map(|(device, offer)| offer_json(*device, offer)).collect()))
	}

	fn lease_quote(
		&self,
		requirements: Value,
		duration: BlockNumber,
		limit: Option<u32>,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Value> {
		let requirements = parse_requirements(&requirements)?;
		let duration = check_duration(duration)?;
		let at = self.at_or_best(at);
		let quotes = self
			.client
			.runtime_api()
			.quote(at, requirements, duration, limit.unwrap_or(DEFAULT_PAGE_LIMIT))
			.map_err(|error| runtime_error("LeasesApi::quote", error))?;
		Ok(Value::Array(quotes.iter().map(quote_json).collect()))
	}

	fn lease(&self, id: LeaseId, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Value> {
		let at = self.at_or_best(at);
		let status = self
			.client
			.runtime_api()
			.lease(at, id)
			.map_err(|error| runtime_error("LeasesApi::lease", error))?;
		Ok(status.map_or(Value::Null, |status| lease_status_json(id, &status)))
	}

	fn leases_of(
		&self,
		provider: String,
		start_after: Option<LeaseId>,
		limit: Option<u32>,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Value> {
		let provider = parse_account("provider", &provider)?;
		let at = self.at_or_best(at);
		let page = self
			.client
			.runtime_api()
			.leases_of(at, provider, start_after, limit.unwrap_or(DEFAULT_PAGE_LIMIT))
			.map_err(|error| runtime_error("LeasesApi::leases_of", error))?;
		Ok(Value::Array(page.iter().map(|(id, lease)| lease_json(*id, lease)).collect()))
	}

	fn provider_earnings(
		&self,
		provider: String,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Value> {
		let provider = parse_account("provider", &provider)?;
		let at = self.at_or_best(at);
		let earnings = self
			.client
			.runtime_api()
			.earnings(at, provider)
			.map_err(|error| runtime_error("LeasesApi::earnings", error))?;
		Ok(earnings_json(&earnings))
	}

	fn lease_parameters(&self, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Value> {
		let at = self.at_or_best(at);
		let api = self.client.runtime_api();
		// Several runtime APIs have a `parameters`: name the trait.
		let parameters =
			<C::Api as LeasesApi<Block, AccountId, Balance, BlockNumber>>::parameters(&*api, at)
				.map_err(|error| runtime_error("LeasesApi::parameters", error))?;
		Ok(lease_parameters_json(&parameters))
	}

	fn hex_coverage(&self, cell: String, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Value> {
		let cell = parse_cell("cell", &cell)?;
		let at = self.at_or_best(at);
		let coverage = self
			.client
			.runtime_api()
			.hex_coverage(at, cell)
			.map_err(|error| runtime_error("CoverageApi::hex_coverage", error))?;
		Ok(coverage.map_or(Value::Null, |coverage| hex_coverage_json(&coverage)))
	}

	fn hotspot_coverage(
		&self,
		id: DeviceId,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Value> {
		let at = self.at_or_best(at);
		let coverage = self
			.client
			.runtime_api()
			.hotspot_coverage(at, id)
			.map_err(|error| runtime_error("CoverageApi::hotspot_coverage", error))?;
		Ok(hotspot_coverage_json(&coverage))
	}

	fn density_rules(&self, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Value> {
		let at = self.at_or_best(at);
		let rules = self
			.client
			.runtime_api()
			.density_rules(at)
			.map_err(|error| runtime_error("CoverageApi::density_rules", error))?;
		Ok(Value::Array(
			(pallet_coverage::DENSITY_MIN_RESOLUTION..)
				.zip(rules.iter())
				.map(|(resolution, rule)| density_rule_json(resolution, rule))
				.collect(),
		))
	}

	fn device(&self, id: DeviceId, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Value> {
		let at = self.at_or_best(at);
		let device = self
			.client
			.runtime_api()
			.device(at, id)
			.map_err(|error| runtime_error("RegistryApi::device", error))?;
		Ok(device.map_or(Value::Null, |info| device_json(id, &info)))
	}

	fn device_by_key(&self, key: String, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Value> {
		let key = parse_device_key(&key)?;
		let at = self.at_or_best(at);
		let device = self
			.client
			.runtime_api()
			.device_by_key(at, key)
			.map_err(|error| runtime_error("RegistryApi::device_by_key", error))?;
		Ok(device.map_or(Value::Null, |(id, info)| device_json(id, &info)))
	}

	fn devices_of(
		&self,
		owner: String,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Value> {
		let owner = parse_account("owner", &owner)?;
		let at = self.at_or_best(at);
		let page = self
			.client
			.runtime_api()
			.devices_of(at, owner, start_after, limit.unwrap_or(DEFAULT_PAGE_LIMIT))
			.map_err(|error| runtime_error("RegistryApi::devices_of", error))?;
		Ok(Value::Array(page.iter().map(|(id, info)| device_json(*id, info)).collect()))
	}

	fn makers(&self, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Value> {
		let at = self.at_or_best(at);
		let makers = self
			.client
			.runtime_api()
			.makers(at)
			.map_err(|error| runtime_error("RegistryApi::makers", error))?;
		Ok(Value::Array(makers.iter().map(|(id, info)| maker_json(*id, info)).collect()))
	}

	fn registry_parameters(&self, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Value> {
		let at = self.at_or_best(at);
		let api = self.client.runtime_api();
		// Several runtime APIs have a `parameters`: name the trait.
		let parameters =
			<C::Api as RegistryApi<Block, AccountId, Balance, BlockNumber>>::parameters(&*api, at)
				.map_err(|error| runtime_error("RegistryApi::parameters", error))?;
		Ok(registry_parameters_json(&parameters))
	}

	fn price(&self, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Value> {
		let at = self.at_or_best(at);
		let view = self
			.client
			.runtime_api()
			.price(at)
			.map_err(|error| runtime_error("BmeApi::price", error))?;
		Ok(price_view_json(&view))
	}

	fn credits(&self, account: String, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Value> {
		let account = parse_account("account", &account)?;
		let at = self.at_or_best(at);
		let credits = self
			.client
			.runtime_api()
			.credits(at, account)
			.map_err(|error| runtime_error("BmeApi::credits", error))?;
		Ok(credits_json(&credits))
	}

	fn quote_credits(
		&self,
		amount_plancks: Value,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Value> {
		let amount = parse_amount("amountPlancks", &amount_plancks)?;
		let at = self.at_or_best(at);
		let credits = self
			.client
			.runtime_api()
			.quote_credits(at, amount)
			.map_err(|error| runtime_error("BmeApi::quote_credits", error))?;
		Ok(credits.map_or(Value::Null, amount_json))
	}

	fn emissions(&self, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Value> {
		let at = self.at_or_best(at);
		let view = self
			.client
			.runtime_api()
			.emissions(at)
			.map_err(|error| runtime_error("BmeApi::emissions", error))?;
		Ok(emissions_json(&view))
	}

	fn pending_rewards(
		&self,
		account: String,
		at: Option<<Block as BlockT>::Hash>,
	) -> RpcResult<Value> {
		let account = parse_account("account", &account)?;
		let at = self.at_or_best(at);
		let rewards = self
			.client
			.runtime_api()
			.pending_rewards(at, account)
			.map_err(|error| runtime_error("BmeApi::pending_rewards", error))?;
		Ok(Value::Array(rewards.iter().map(pending_reward_json).collect()))
	}

	fn bme_parameters(&self, at: Option<<Block as BlockT>::Hash>) -> RpcResult<Value> {
		let at = self.at_or_best(at);
		let api = self.client.runtime_api();
		// Several runtime APIs have a `parameters`: name the trait.
		let parameters =
			<C::Api as BmeApi<Block, AccountId, Balance, BlockNumber>>::parameters(&*api, at)
				.map_err(|error| runtime_error("BmeApi::parameters", error))?;
		Ok(bme_parameters_json(&parameters))
	}
}

/// The codes of the `depin_*` errors.
pub enum Error {
	/// Code 1: the runtime API call failed (unknown or pruned block, runtime without the API,
	/// undecodable answer).
	RuntimeError,
	/// Code 2: a parameter has the right JSON type but not a valid value.
	InvalidParameter,
}

impl From<Error> for i32 {
	fn from(error: Error) -> i32 {
		match error {
			Error::RuntimeError => 1,
			Error::InvalidParameter => 2,
		}
	}
}

/// A code-1 error: the runtime API function `call` failed with `error`.
fn runtime_error(call: &str, error: impl Display) -> ErrorObjectOwned {
	ErrorObject::owned(
		Error::RuntimeError.into(),
		format!("runtime API call failed: {call}: {error}"),
		None::<()>,
	)
}

/// A code-2 error: parameter `what`, shown as `shown`, is not valid because `why`; `expected`
/// says what would be.
fn invalid_parameter(
	what: &str,
	shown: &str,
	why: impl Display,
	expected: &str,
) -> ErrorObjectOwned {
	ErrorObject::owned(
		Error::InvalidParameter.into(),
		format!("invalid parameter: {what} {shown}: {why}; expected {expected}"),
		None::<()>,
	)
}

/// `text` cut to [`MAX_QUOTED_CHARS`] characters, an ellipsis marking the cut.
fn truncated(text: &str) -> String {
	if text.chars().count() <= MAX_QUOTED_CHARS {
		text.to_owned()
	} else {
		text.chars().take(MAX_QUOTED_CHARS).chain(Some('…')).collect()
	}
}

/// A string parameter quoted (and cut) for an error message.
fn quoted(text: &str) -> String {
	format!("{:?}", truncated(text))
}

/// `text` without its `0x` (or `0X`) prefix, or `None` without one.
fn strip_hex_prefix(text: &str) -> Option<&str> {
	text.strip_prefix("0x").or_else(|| text.strip_prefix("0X"))
}

/// The 32 bytes written as exactly 64 hex digits (no prefix), or why they are not.
fn decode_hex_32(hex: &str) -> Result<[u8; 32], String> {
	if let Some(bad) = hex.chars().find(|digit| !digit.is_ascii_hexdigit()) {
		return Err(format!("{bad:?} is not a hex digit"));
	}
	// All ASCII from here: bytes are digits.
	if hex.len() != 64 {
		return Err(format!("{} hex digits instead of 64 (32 bytes)", hex.len()));
	}
	let nibble = |digit: u8| (digit as char).to_digit(16).unwrap_or(0) as u8;
	let mut bytes = [0u8; 32];
	for (byte, pair) in bytes.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
		*byte = (nibble(pair[0]) << 4) | nibble(pair[1]);
	}
	Ok(bytes)
}

/// `bytes` as `0x` and two lowercase hex digits per byte.
pub fn hex_encode(bytes: &[u8]) -> String {
	const DIGITS: &[u8; 16] = b"0123456789abcdef";
	let mut hex = String::with_capacity(2 + 2 * bytes.len());
	hex.push_str("0x");
	for byte in bytes {
		hex.push(DIGITS[usize::from(byte >> 4)] as char);
		hex.push(DIGITS[usize::from(byte & 0x0f)] as char);
	}
	hex
}

/// Parses the account parameter `what`: an SS58 address of any network prefix, or `0x` and the
/// 64 hex digits of the 32-byte account id.
pub fn parse_account(what: &str, input: &str) -> Result<AccountId, ErrorObjectOwned> {
	let text = input.trim();
	if let Some(hex) = strip_hex_prefix(text) {
		return decode_hex_32(hex)
			.map(AccountId::from)
			.map_err(|why| invalid_parameter(what, &quoted(input), why, ACCOUNT_EXPECTED));
	}
	AccountId::from_ss58check_with_version(text).map(|(account, _prefix)| account).map_err(
		|error| {
			invalid_parameter(
				what,
				&quoted(input),
				format!("not an SS58 address ({error})"),
				ACCOUNT_EXPECTED,
			)
		},
	)
}

/// Parses the `key` parameter of `depin_deviceByKey`: `"ed25519:0x…"` or `"sr25519:0x…"` with
/// the 64 hex digits of the raw 32-byte public key (the scheme is case-insensitive).
pub fn parse_device_key(input: &str) -> Result<DeviceKey, ErrorObjectOwned> {
	let invalid = |why: String| invalid_parameter("key", &quoted(input), why, KEY_EXPECTED);
	let (scheme, public) = input
		.trim()
		.split_once(':')
		.ok_or_else(|| invalid("no \"<scheme>:\" before the public key".to_owned()))?;
	let make: fn([u8; 32]) -> DeviceKey = match scheme.trim().to_ascii_lowercase().as_str() {
		"ed25519" => DeviceKey::Ed25519,
		"sr25519" => DeviceKey::Sr25519,
		other => {
			return Err(invalid(format!(
				"unknown key scheme {:?} (device keys are ed25519 or sr25519)",
				truncated(other)
			)))
		}
	};
	let hex = strip_hex_prefix(public.trim())
		.ok_or_else(|| invalid("the public key does not start with 0x".to_owned()))?;
	decode_hex_32(hex).map(make).map_err(invalid)
}

/// Parses the amount parameter `what`, in plancks: a decimal string, a `0x`-hex string, or a
/// JSON integer from 0 to 2^64 - 1 (larger integers lose precision in JSON: pass a string).
pub fn parse_amount(what: &str, input: &Value) -> Result<Balance, ErrorObjectOwned> {
	let invalid =
		|why: &str| invalid_parameter(what, &truncated(&input.to_string()), why, AMOUNT_EXPECTED);
	match input {
		Value::Number(number) => number.as_u64().map(u128::from).ok_or_else(|| {
			invalid("not a whole number from 0 to 2^64 - 1 (pass larger amounts as a string)")
		}),
		Value::String(text) => parse_amount_str(text.trim()).map_err(invalid),
		_ => Err(invalid("neither a string nor a number")),
	}
}

/// A whole number (of plancks or credits) written in decimal or as `0x`-hex, or why it is not one.
fn parse_amount_str(text: &str) -> Result<u128, &'static str> {
	const TOO_LARGE: &str = "more than 2^128 - 1";
	if let Some(hex) = strip_hex_prefix(text) {
		if hex.is_empty() || !hex.bytes().all(|digit| digit.is_ascii_hexdigit()) {
			return Err("not a hex number after 0x");
		}
		return u128::from_str_radix(hex, 16).map_err(|_| TOO_LARGE);
	}
	if text.is_empty() || !text.bytes().all(|digit| digit.is_ascii_digit()) {
		return Err("not a whole decimal number (digits only: no sign, point, exponent or \
			separator)");
	}
	text.parse::<u128>().map_err(|_| TOO_LARGE)
}

/// A `u128` (or widened `u64`) quantity as a decimal string, exact beyond JSON's 2^53.
pub fn amount_json(amount: u128) -> Value {
	Value::String(amount.to_string())
}

/// A `FixedU128` as a decimal with 18 places, e.g. `"1.250000000000000000"`.
pub fn fixed_u128_string(value: FixedU128) -> String {
	let inner = value.into_inner();
	format!("{}.{:018}", inner / FIXED_U128_DIV, inner % FIXED_U128_DIV)
}

/// A `Perbill` as a fraction of one with 9 places, e.g. 35 % is `"0.350000000"`.
pub fn perbill_string(value: Perbill) -> String {
	let parts = value.deconstruct();
	format!("{}.{:09}", parts / PERBILL_DIV, parts % PERBILL_DIV)
}

/// An account as an SS58 address with this chain's prefix.
pub fn account_json(account: &AccountId) -> Value {
	Value::String(account.to_ss58check_with_version(Ss58AddressFormat::custom(SS58_PREFIX)))
}

/// A device or attestation key: `{"type": "ed25519" | "sr25519", "publicKey": "0x…"}`.
pub fn key_json(key: &DeviceKey) -> Value {
	let (scheme, public) = match key {
		DeviceKey::Ed25519(public) => ("ed25519", public),
		DeviceKey::Sr25519(public) => ("sr25519", public),
	};
	json!({ "type": scheme, "publicKey": hex_encode(public) })
}

/// An H3 cell: `{"cell": "0x" + 16 hex digits, "resolution": n}`.
pub fn h3_json(cell: H3Cell) -> Value {
	json!({ "cell": format!("0x{:016x}", cell.raw()), "resolution": cell.resolution() })
}

/// A short on-chain name as text; bytes that are not UTF-8 become U+FFFD.
fn name_string(name: &ShortString) -> String {
	String::from_utf8_lossy(name.as_slice()).into_owned()
}

/// A device class: `"hotspot"`, `"gpu"`, `"storage"` or `"sensor"`.
pub fn class_str(class: DeviceClass) -> &'static str {
	match class {
		DeviceClass::Hotspot => "hotspot",
		DeviceClass::Gpu => "gpu",
		DeviceClass::Storage => "storage",
		DeviceClass::Sensor => "sensor",
	}
}

/// A suspension reason: `"governance"`, `"denylist"`, `"slash"` or `"slaBreach"`.
pub fn suspend_reason_str(reason: SuspendReason) -> &'static str {
	match reason {
		SuspendReason::Governance => "governance",
		SuspendReason::Denylist => "denylist",
		SuspendReason::Slash => "slash",
		SuspendReason::SlaBreach => "slaBreach",
	}
}

/// A device status: `{"type": "active"}`, `{"type": "suspended", "reason": …}` or
/// `{"type": "retired"}`.
pub fn status_json(status: &DeviceStatus) -> Value {
	match status {
		DeviceStatus::Active => json!({ "type": "active" }),
		DeviceStatus::Suspended { reason } => {
			json!({ "type": "suspended", "reason": suspend_reason_str(*reason) })
		}
		DeviceStatus::Retired => json!({ "type": "retired" }),
	}
}

/// A GPU interface: `"pcie"`, `"sxm"`, `"oam"` or `"other"`.
pub fn gpu_interface_str(interface: GpuInterface) -> &'static str {
	match interface {
		GpuInterface::Pcie => "pcie",
		GpuInterface::Sxm => "sxm",
		GpuInterface::Oam => "oam",
		GpuInterface::Other => "other",
	}
}

/// A device's attributes, `{"type": <class>, …}` with the class's fields.
pub fn attributes_json(attributes: &DeviceAttributes) -> Value {
	match attributes {
		DeviceAttributes::Hotspot(hotspot) => json!({
			"type": "hotspot",
			"gainDbiX10": hotspot.gain_dbi_x10,
			"elevationM": hotspot.elevation_m,
		}),
		DeviceAttributes::Gpu(gpu) => json!({
			"type": "gpu",
			"vendor": name_string(&gpu.vendor),
			"model": name_string(&gpu.model),
			"vramGib": gpu.vram_gib,
			"count": gpu.count,
			"interface": gpu_interface_str(gpu.interface),
		}),
		DeviceAttributes::Storage(storage) => json!({
			"type": "storage",
			"capacityGib": amount_json(u128::from(storage.capacity_gib)),
		}),
		DeviceAttributes::Sensor(sensor) => {
			json!({ "type": "sensor", "kind": name_string(&sensor.kind) })
		}
	}
}

/// A registered device with its id.
pub fn device_json(id: DeviceId, info: &DeviceInfo<AccountId, Balance, BlockNumber>) -> Value {
	json!({
		"id": id,
		"owner": account_json(&info.owner),
		"key": key_json(&info.key),
		"maker": info.maker,
		"class": class_str(info.class()),
		"attributes": attributes_json(&info.attributes),
		"status": status_json(&info.status),
		"location": info.location.map_or(Value::Null, h3_json),
		"locationAsserts": info.location_asserts,
		"bond": amount_json(info.bond),
		"onboardedAt": info.onboarded_at,
		"unbondingUntil": info.unbonding_until,
	})
}

/// A maker with its id.
pub fn maker_json(id: MakerId, info: &MakerInfo<AccountId, Balance>) -> Value {
	let status = match info.status {
		MakerStatus::Approved => "approved",
		MakerStatus::Revoked => "revoked",
	};
	json!({
		"id": id,
		"account": account_json(&info.account),
		"attestationKey": key_json(&info.attestation_key),
		"name": name_string(&info.name),
		"bond": amount_json(info.bond),
		"status": status,
		"devicesOnboarded": info.devices_onboarded,
	})
}

/// The registry's parameters: fees in credits, bond in plancks, unbonding period in blocks.
pub fn registry_parameters_json(parameters: &RegistryParameters<Balance, BlockNumber>) -> Value {
	json!({
		"onboardingFee": amount_json(parameters.onboarding_fee),
		"locationFee": amount_json(parameters.location_fee),
		"deviceBond": amount_json(parameters.device_bond),
		"unbondingPeriod": parameters.unbonding_period,
	})
}

/// The price in force: the credit price (lower median, what credits are minted at), the
/// settlement price (upper median, what settlements mint DPN at), the median and spread of the
/// fresh submissions, with the number of sources.
pub fn oracle_price_json(price: &OraclePrice) -> Value {
	json!({
		"creditPrice": fixed_u128_string(price.credit_price),
		"settlementPrice": fixed_u128_string(price.settlement_price),
		"median": fixed_u128_string(price.median),
		"spread": fixed_u128_string(price.spread),
		"sources": price.sources,
	})
}

/// The oracle: the price in force (or `null`) and the fresh submissions.
pub fn price_view_json(view: &PriceView<AccountId, BlockNumber>) -> Value {
	let submissions: Vec<Value> = view
		.submissions
		.iter()
		.map(|(feeder, submission)| {
			json!({
				"feeder": account_json(feeder),
				"price": fixed_u128_string(submission.price),
				"at": submission.at,
			})
		})
		.collect();
	json!({
		"price": view.price.as_ref().map_or(Value::Null, oracle_price_json),
		"submissions": submissions,
		"minFeeders": view.min_feeders,
		"maxPriceAge": view.max_price_age,
	})
}

/// An account's credits: spendable, escrowed and their total.
pub fn credits_json(credits: &CreditAccount) -> Value {
	json!({
		"spendable": amount_json(credits.spendable),
		"escrowed": amount_json(credits.escrowed),
		"total": amount_json(credits.total()),
	})
}

/// The split of each epoch's emission, each part a fraction of one.
pub fn pool_split_json(split: &PoolSplit) -> Value {
	json!({
		"coverage": perbill_string(split.coverage),
		"computeAvailability": perbill_string(split.compute_availability),
		"validators": perbill_string(split.validators),
		"treasury": perbill_string(split.treasury),
	})
}

/// One pool of the current epoch, as it stands.
pub fn pool_view_json(pool: &PoolView<Balance>) -> Value {
	json!({
		"projectedAmount": amount_json(pool.projected_amount),
		"totalShares": amount_json(pool.total_shares),
		"holders": pool.holders,
	})
}

/// The emission schedule and the current epoch's pools.
pub fn emissions_json(view: &EmissionView<Balance, BlockNumber>) -> Value {
	let (settlement_minted, settlement_cap) = view.settlement_minted;
	json!({
		"currentEpoch": view.current_epoch,
		"epochLength": view.epoch_length,
		"epochEndsAt": view.epoch_ends_at,
		"baseEmission": amount_json(view.base_emission),
		"nextHalvingEpoch": view.next_halving_epoch,
		"reminted": amount_json(view.reminted),
		"burnedThisEpoch": amount_json(view.burned_this_epoch),
		"split": pool_split_json(&view.split),
		"coverage": pool_view_json(&view.coverage),
		"computeAvailability": pool_view_json(&view.compute_availability),
		"validators": pool_view_json(&view.validators),
		"treasury": amount_json(view.treasury),
		"settlementMinted": amount_json(settlement_minted),
		"settlementMintCap": amount_json(settlement_cap),
	})
}

/// A reward pool: `"coverage"`, `"computeAvailability"` or `"validators"`.
pub fn reward_pool_str(pool: RewardPool) -> &'static str {
	match pool {
		RewardPool::Coverage => "coverage",
		RewardPool::ComputeAvailability => "computeAvailability",
		RewardPool::Validators => "validators",
	}
}

/// One unpaid reward; `amount` is `null` while its epoch runs.
pub fn pending_reward_json(reward: &PendingReward<Balance>) -> Value {
	json!({
		"epoch": reward.epoch,
		"pool": reward_pool_str(reward.pool),
		"shares": amount_json(reward.shares),
		"totalShares": amount_json(reward.total_shares),
		"amount": reward.amount.map_or(Value::Null, amount_json),
	})
}

/// The burn-and-mint parameters: amounts in plancks or credits, durations in blocks or epochs.
pub fn bme_parameters_json(parameters: &BmeParameters<Balance, BlockNumber>) -> Value {
	json!({
		"maxPriceAge": parameters.max_price_age,
		"minFeeders": parameters.min_feeders,
		"maxPriceSpread": perbill_string(parameters.max_price_spread),
		"maxCreditsPerWindow": amount_json(parameters.max_credits_per_window),
		"epochLength": parameters.epoch_length,
		"initialEmission": amount_json(parameters.initial_emission),
		"halvingInterval": parameters.halving_interval,
		"split": pool_split_json(&parameters.split),
		"netEmissionsCap": amount_json(parameters.net_emissions_cap),
		"protocolFee": perbill_string(parameters.protocol_fee),
		"maxSettlementMintPerEpoch": amount_json(parameters.max_settlement_mint_per_epoch),
	})
}

/// Parses an H3 cell parameter: 0x and up to 16 hex digits of a valid cell index.
pub fn parse_cell(what: &str, input: &str) -> Result<H3Cell, ErrorObjectOwned> {
	let shown = format!("{:?}", truncated(input));
	let digits = input
		.strip_prefix("0x")
		.ok_or_else(|| invalid_parameter(what, &shown, "no 0x prefix", CELL_EXPECTED))?;
	let raw = u64::from_str_radix(digits, 16)
		.map_err(|error| invalid_parameter(what, &shown, error, CELL_EXPECTED))?;
	let cell = H3Cell(raw);
	cell.validate()
		.map_err(|error| invalid_parameter(what, &shown, format!("{error:?}"), CELL_EXPECTED))?;
	Ok(cell)
}

/// A witness receipt's refusal reason in camelCase, e.g. `"tooClose"`.
pub fn witness_invalid_str(reason: WitnessInvalid) -> &'static str {
	match reason {
		WitnessInvalid::SelfWitness => "selfWitness",
		WitnessInvalid::Duplicate => "duplicate",
		WitnessInvalid::FrequencyMismatch => "frequencyMismatch",
		WitnessInvalid::TooClose => "tooClose",
		WitnessInvalid::TooFar => "tooFar",
		WitnessInvalid::SignalTooStrong => "signalTooStrong",
		WitnessInvalid::BadSignature => "badSignature",
		WitnessInvalid::NotActive => "notActive",
		WitnessInvalid::Denylisted => "denylisted",
		WitnessInvalid::LocationMismatch => "locationMismatch",
		WitnessInvalid::SameOwner => "sameOwner",
	}
}

/// A hex's coverage.
pub fn hex_coverage_json(coverage: &HexCoverage) -> Value {
	json!({
		"hex": h3_json(coverage.hex),
		"count": coverage.count,
		"transmitScale": coverage.transmit_scale.map(perbill_string),
		"scaleFixedForEpoch": coverage.scale_fixed,
	})
}

/// A refused receipt.
pub fn refusal_json(refusal: &Refusal<BlockNumber>) -> Value {
	json!({
		"at": refusal.at,
		"beaconer": refusal.beaconer,
		"reason": witness_invalid_str(refusal.reason),
	})
}

/// A hotspot's proof-of-coverage record.
pub fn hotspot_coverage_json(coverage: &HotspotCoverage<BlockNumber>) -> Value {
	json!({
		"currentEpoch": coverage.current_epoch,
		"lastBeacon": coverage.last_beacon,
		"lastBeaconWithWitness": coverage.last_beacon_with_witness,
		"lastValidWitness": coverage.last_valid_witness,
		"epochShares": amount_json(coverage.epoch_shares),
		"countedAt": coverage.counted_at.map(h3_json),
		"refusals": coverage.refusals.iter().map(refusal_json).collect::<Vec<_>>(),
	})
}

/// One density rule with its resolution.
pub fn density_rule_json(resolution: u8, rule: &DensityRule) -> Value {
	json!({
		"resolution": resolution,
		"neighbors": rule.neighbors,
		"target": rule.target,
		"max": rule.max,
	})
}

/// What kind of JSON value `value` is, for error messages.
fn json_kind(value: &Value) -> &'static str {
	match value {
		Value::Null => "null",
		Value::Bool(_) => "a boolean",
		Value::Number(_) => "a number",
		Value::String(_) => "a string",
		Value::Array(_) => "an array",
		Value::Object(_) => "an object",
	}
}

/// The optional text field `key` of an object: absent or `null` is `None`, otherwise a
/// non-empty string of at most the bound's bytes; or why it is not.
fn optional_text<S: Get<u32>>(
	fields: &Map<String, Value>,
	key: &str,
) -> Result<Option<BoundedVec<u8, S>>, String> {
	let text = match fields.get(key) {
		None | Some(Value::Null) => return Ok(None),
		Some(Value::String(text)) => text,
		Some(other) => return Err(format!("{key} is {}, not a string or null", json_kind(other))),
	};
	if text.is_empty() {
		return Err(format!("{key} is empty (pass null or leave it out to accept any)"));
	}
	BoundedVec::try_from(text.as_bytes().to_vec()).map(Some).map_err(|_| {
		format!("{key} {:?} is {} bytes long, more than {}", truncated(text), text.len(), S::get())
	})
}

/// The optional `u32` field `key` of an object, `default` when absent or `null`; or why it is
/// not one.
fn optional_u32(fields: &Map<String, Value>, key: &str, default: u32) -> Result<u32, String> {
	match fields.get(key) {
		None | Some(Value::Null) => Ok(default),
		Some(Value::Number(number)) => number
			.as_u64()
			.and_then(|number| u32::try_from(number).ok())
			.ok_or_else(|| format!("{key} is {number}, not a whole number from 0 to 2^32 - 1")),
		Some(other) => Err(format!("{key} is {}, not a number", json_kind(other))),
	}
}

/// The `maxPricePerHour` field of a requirements object: credits per hour above zero, as a
/// decimal or `0x`-hex string or a JSON integer up to 2^64 - 1; or why it is not.
fn parse_max_price(fields: &Map<String, Value>) -> Result<u128, String> {
	const KEY: &str = "maxPricePerHour";
	let price = match fields.get(KEY) {
		None | Some(Value::Null) => return Err(format!("{KEY} is missing")),
		Some(Value::String(text)) => {
			parse_amount_str(text.trim()).map_err(|why| format!("{KEY} is {why}"))?
		}
		Some(Value::Number(number)) => number.as_u64().map(u128::from).ok_or_else(|| {
			format!(
				"{KEY} is {number}, not a whole number from 0 to 2^64 - 1 (pass larger \
				 amounts as a string)"
			)
		})?,
		Some(other) => return Err(format!("{KEY} is {}, not a string", json_kind(other))),
	};
	if price == 0 {
		return Err(format!("{KEY} is 0; a price must be above zero"));
	}
	Ok(price)
}

/// Parses the `requirements` parameter of `depin_offers` and `depin_leaseQuote`: an object with
/// `model` (string or `null`, at most 32 bytes), `minVramGib` (default 0), `gpuCount` (at least
/// 1, default 1), `region` (string or `null`, 1 to 16 bytes) and `maxPricePerHour` (credits,
/// above zero, required). Unknown keys are refused, so that a misspelt key is not ignored.
pub fn parse_requirements(input: &Value) -> Result<Requirements, ErrorObjectOwned> {
	let shown = truncated(&input.to_string());
	let invalid =
		|why: String| invalid_parameter("requirements", &shown, why, REQUIREMENTS_EXPECTED);
	let Value::Object(fields) = input else {
		return Err(invalid(format!("{}, not an object", json_kind(input))));
	};
	if let Some(unknown) = fields.keys().find(|key| !REQUIREMENTS_KEYS.contains(&key.as_str())) {
		return Err(invalid(format!("unknown key {:?}", truncated(unknown))));
	}
	let model: Option<ShortString> = optional_text(fields, "model").map_err(invalid)?;
	let min_vram_gib = optional_u32(fields, "minVramGib", 0).map_err(invalid)?;
	let gpu_count = optional_u32(fields, "gpuCount", 1).map_err(invalid)?;
	if gpu_count == 0 {
		return Err(invalid("gpuCount is 0; a machine has at least one GPU".to_owned()));
	}
	let region: Option<Region> = optional_text(fields, "region").map_err(invalid)?;
	let max_price_per_hour = parse_max_price(fields).map_err(invalid)?;
	Ok(Requirements { model, min_vram_gib, gpu_count, region, max_price_per_hour })
}

/// Checks a `duration` parameter: a lease term of at least one block.
pub fn check_duration(duration: BlockNumber) -> Result<BlockNumber, ErrorObjectOwned> {
	if duration == 0 {
		return Err(invalid_parameter(
			"duration",
			"0",
			"a lease lasts at least one block",
			DURATION_EXPECTED,
		));
	}
	Ok(duration)
}

/// A region code as text; bytes that are not UTF-8 become U+FFFD.
fn region_string(region: &Region) -> String {
	String::from_utf8_lossy(region.as_slice()).into_owned()
}

/// A listed GPU device's offer: the device, its provider, price (credits per hour), accepted
/// term range (blocks) and region.
pub fn offer_json(device: DeviceId, offer: &Offer<AccountId, BlockNumber>) -> Value {
	json!({
		"device": device,
		"provider": account_json(&offer.provider),
		"pricePerHour": amount_json(offer.terms.price_per_hour),
		"minDuration": offer.terms.min_duration,
		"maxDuration": offer.terms.max_duration,
		"region": region_string(&offer.terms.region),
	})
}

/// One quote: the device, its price per hour and what the whole term costs, in credits.
pub fn quote_json(quote: &Quote) -> Value {
	json!({
		"device": quote.device,
		"pricePerHour": amount_json(quote.price_per_hour),
		"totalCredits": amount_json(quote.total_credits),
	})
}

/// Why a lease closed: `"tenant"`, `"provider"`, `"insufficientFunds"`, `"breach"`,
/// `"governance"`, `"completed"` or `"deviceInactive"`.
pub fn close_reason_str(reason: CloseReason) -> &'static str {
	match reason {
		CloseReason::Tenant => "tenant",
		CloseReason::Provider => "provider",
		CloseReason::InsufficientFunds => "insufficientFunds",
		CloseReason::Breach => "breach",
		CloseReason::Governance => "governance",
		CloseReason::Completed => "completed",
		CloseReason::DeviceInactive => "deviceInactive",
	}
}

/// A lease's state: `{"type": "active"}`, `{"type": "paused", "since": n}` or
/// `{"type": "closed", "reason": …, "at": n}` (closed, awaiting a deferred settlement).
pub fn lease_state_json(state: &LeaseState<BlockNumber>) -> Value {
	match state {
		LeaseState::Active => json!({ "type": "active" }),
		LeaseState::Paused { since } => json!({ "type": "paused", "since": since }),
		LeaseState::Closed { reason, at } => {
			json!({ "type": "closed", "reason": close_reason_str(*reason), "at": at })
		}
	}
}

/// A stored lease with its id: parties, device, order, price, term, state and accounts.
pub fn lease_json(id: LeaseId, lease: &Lease<AccountId, BlockNumber>) -> Value {
	json!({
		"id": id,
		"tenant": account_json(&lease.tenant),
		"provider": account_json(&lease.provider),
		"device": lease.device,
		"order": lease.order,
		"pricePerHour": amount_json(lease.price_per_hour),
		"startedAt": lease.started_at,
		"endsAt": lease.ends_at,
		"heartbeatPeriod": lease.heartbeat_period,
		"state": lease_state_json(&lease.state),
		"escrow": amount_json(lease.escrow),
		"owed": amount_json(lease.owed),
		"carry": amount_json(lease.carry),
		"accruedTo": lease.accrued_to,
		"billableFrom": lease.billable_from,
		"lastHeartbeat": lease.last_heartbeat,
		"countingFrom": lease.counting_from,
		"providerCloseAt": lease.provider_close_at,
		"settled": amount_json(lease.settled),
	})
}

/// A lease as [`lease_json`] shows it, with `owedNow` and `escrowLeft`.
pub fn lease_status_json(id: LeaseId, status: &LeaseStatus<AccountId, BlockNumber>) -> Value {
	let mut shown = lease_json(id, &status.lease);
	if let Value::Object(fields) = &mut shown {
		fields.insert("owedNow".to_owned(), amount_json(status.owed_now));
		fields.insert("escrowLeft".to_owned(), amount_json(status.escrow_left));
	}
	shown
}

/// A provider's earnings: credits settled over all its leases and credits its leases owe now.
pub fn earnings_json(earnings: &Earnings) -> Value {
	json!({
		"settled": amount_json(earnings.settled),
		"pending": amount_json(earnings.pending),
	})
}

/// The lease parameters: periods in blocks, the bid bond in plancks, the breach slash as a
/// fraction of the device's bond.
pub fn lease_parameters_json(parameters: &LeaseParameters<Balance, BlockNumber>) -> Value {
	json!({
		"heartbeatPeriod": parameters.heartbeat_period,
		"maxMissedHeartbeats": parameters.max_missed_heartbeats,
		"gracePeriod": parameters.grace_period,
		"noticePeriod": parameters.notice_period,
		"orderExpiry": parameters.order_expiry,
		"bidBond": amount_json(parameters.bid_bond),
		"orderDeposit": amount_json(parameters.order_deposit),
		"breachSlash": perbill_string(parameters.breach_slash),
		"breachTenantShare": perbill_string(parameters.breach_tenant_share),
		"onIdleBatch": parameters.on_idle_batch,
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use depin_primitives::{GpuAttributes, HotspotAttributes, SensorAttributes, StorageAttributes};
	use pallet_bme_runtime_api::PriceSubmission;
	use pallet_leases::OfferTerms;
	use sp_runtime::FixedPointNumber;

	/// Alice's sr25519 account id (the well-known dev key).
	const ALICE_HEX: &str = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
	/// Alice with prefix 42.
	const ALICE_SS58: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	/// Alice with prefix 0 (Polkadot).
	const ALICE_POLKADOT: &str = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5";
	/// Bob with prefix 42.
	const BOB_SS58: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
	/// 2^128 - 1.
	const U128_MAX: &str = "340282366920938463463374607431768211455";

	fn alice() -> AccountId {
		AccountId::from(decode_hex_32(&ALICE_HEX[2..]).expect("valid hex; qed"))
	}

	fn assert_invalid<T: std::fmt::Debug>(result: Result<T, ErrorObjectOwned>, fragments: &[&str]) {
		let error = result.expect_err("the input is invalid");
		assert_eq!(error.code(), 2, "{}", error.message());
		assert!(error.message().starts_with("invalid parameter: "), "{}", error.message());
		for fragment in fragments {
			assert!(error.message().contains(fragment), "{:?} in {}", fragment, error.message());
		}
	}

	#[test]
	fn accounts_parse_from_ss58_of_any_prefix_and_from_hex() {
		assert_eq!(parse_account("owner", ALICE_SS58).expect("valid SS58"), alice());
		assert_eq!(parse_account("owner", ALICE_POLKADOT).expect("valid SS58"), alice());
		assert_eq!(parse_account("owner", ALICE_HEX).expect("valid hex"), alice());
		assert_eq!(
			parse_account("owner", &ALICE_HEX.to_uppercase().replacen("0X", "0x", 1))
				.expect("upper-case hex"),
			alice()
		);
		assert_eq!(parse_account("owner", &format!("  {ALICE_SS58}\n")).expect("trimmed"), alice());
		let kusama = alice().to_ss58check_with_version(Ss58AddressFormat::custom(2));
		assert_eq!(parse_account("owner", &kusama).expect("valid SS58"), alice());
		assert_ne!(parse_account("owner", BOB_SS58).expect("valid SS58"), alice());
	}

	#[test]
	fn bad_accounts_get_named_errors() {
		// Last character changed: the checksum fails.
		let bad_checksum = format!("{}Z", &ALICE_SS58[..ALICE_SS58.len() - 1]);
		assert_invalid(parse_account("owner", &bad_checksum), &["owner", "not an SS58 address"]);
		assert_invalid(parse_account("account", "alice"), &["account \"alice\"", "SS58"]);
		assert_invalid(parse_account("account", ""), &["account \"\""]);
		assert_invalid(parse_account("owner", "0x1234"), &["4 hex digits instead of 64"]);
		assert_invalid(
			parse_account("owner", &format!("0x{}", "g".repeat(64))),
			&["'g' is not a hex digit", "0x followed by the 64 hex digits"],
		);
		let long = "x".repeat(500);
		let error = parse_account("owner", &long).expect_err("invalid");
		assert!(error.message().len() < 400, "the input is cut: {}", error.message());
	}

	#[test]
	fn accounts_render_as_ss58_with_prefix_42() {
		assert_eq!(account_json(&alice()), json!(ALICE_SS58));
	}

	#[test]
	fn device_keys_parse_from_scheme_and_hex() {
		let hex = format!("0x{}", "ab".repeat(32));
		assert_eq!(
			parse_device_key(&format!("ed25519:{hex}")).expect("valid key"),
			DeviceKey::Ed25519([0xab; 32])
		);
		assert_eq!(
			parse_device_key(&format!("sr25519:{hex}")).expect("valid key"),
			DeviceKey::Sr25519([0xab; 32])
		);
		assert_eq!(
			parse_device_key(&format!(
				" SR25519 : {} ",
				hex.to_uppercase().replacen("0X", "0x", 1)
			))
			.expect("case and spaces are forgiven"),
			DeviceKey::Sr25519([0xab; 32])
		);
		// The `type` and `publicKey` of a device's key, joined by a colon, parse back.
		let key = DeviceKey::Ed25519(decode_hex_32(&ALICE_HEX[2..]).expect("valid hex; qed"));
		let shown = key_json(&key);
		let joined = format!(
			"{}:{}",
			shown["type"].as_str().expect("a string"),
			shown["publicKey"].as_str().expect("a string")
		);
		assert_eq!(parse_device_key(&joined).expect("round trip"), key);
	}

	#[test]
	fn bad_device_keys_get_named_errors() {
		let hex = format!("0x{}", "ab".repeat(32));
		assert_invalid(parse_device_key(&hex), &["key", "no \"<scheme>:\""]);
		assert_invalid(
			parse_device_key(&format!("ecdsa:{hex}")),
			&["unknown key scheme \"ecdsa\"", "ed25519:0x"],
		);
		assert_invalid(
			parse_device_key(&format!("ed25519:{}", "ab".repeat(32))),
			&["does not start with 0x"],
		);
		assert_invalid(parse_device_key("ed25519:0xabcd"), &["4 hex digits instead of 64"]);
		assert_invalid(parse_device_key(""), &["key \"\""]);
	}

	#[test]
	fn amounts_parse_from_strings_and_integers() {
		assert_eq!(parse_amount("amountPlancks", &json!(0)).expect("valid"), 0);
		assert_eq!(
			parse_amount("amountPlancks", &json!(u64::MAX)).expect("valid"),
			u128::from(u64::MAX)
		);
		assert_eq!(
			parse_amount("amountPlancks", &json!("1000000000000")).expect("valid"),
			1_000_000_000_000
		);
		assert_eq!(parse_amount("amountPlancks", &json!(U128_MAX)).expect("valid"), u128::MAX);
		assert_eq!(parse_amount("amountPlancks", &json!("0x10")).expect("valid"), 16);
		assert_eq!(parse_amount("amountPlancks", &json!(" 007 ")).expect("valid"), 7);
		assert_eq!(
			parse_amount("amountPlancks", &json!(format!("0x{}", "f".repeat(32)))).expect("valid"),
			u128::MAX
		);
	}

	#[test]
	fn bad_amounts_get_named_errors() {
		let bad = [
			(json!(-1), "not a whole number from 0 to 2^64 - 1"),
			(json!(1.5), "not a whole number from 0 to 2^64 - 1"),
			(json!(1e30), "not a whole number from 0 to 2^64 - 1"),
			(json!(""), "not a whole decimal number"),
			(json!("-1"), "not a whole decimal number"),
			(json!("+1"), "not a whole decimal number"),
			(json!("1.5"), "not a whole decimal number"),
			(json!("1e12"), "not a whole decimal number"),
			(json!("1_000"), "not a whole decimal number"),
			(json!("340282366920938463463374607431768211456"), "more than 2^128 - 1"),
			(json!("0x"), "not a hex number"),
			(json!("0x+1"), "not a hex number"),
			(json!(format!("0x1{}", "0".repeat(32))), "more than 2^128 - 1"),
			(json!(true), "neither a string nor a number"),
			(json!(null), "neither a string nor a number"),
			(json!(["1"]), "neither a string nor a number"),
		];
		for (input, why) in bad {
			assert_invalid(parse_amount("amountPlancks", &input), &["amountPlancks", why]);
		}
	}

	#[test]
	fn amounts_render_as_decimal_strings() {
		assert_eq!(amount_json(0), json!("0"));
		assert_eq!(amount_json(u128::MAX), json!(U128_MAX));
		assert_eq!(amount_json(u128::from(u64::MAX)), json!("18446744073709551615"));
	}

	#[test]
	fn prices_render_with_18_places() {
		assert_eq!(FIXED_U128_DIV, <FixedU128 as FixedPointNumber>::DIV);
		assert_eq!(
			fixed_u128_string(FixedU128::from_inner(1_250_000_000_000_000_000)),
			"1.250000000000000000"
		);
		assert_eq!(fixed_u128_string(FixedU128::from_u32(3)), "3.000000000000000000");
		assert_eq!(fixed_u128_string(FixedU128::from_inner(0)), "0.000000000000000000");
		assert_eq!(fixed_u128_string(FixedU128::from_inner(1)), "0.000000000000000001");
		assert_eq!(
			fixed_u128_string(FixedU128::from_inner(u128::MAX)),
			"340282366920938463463.374607431768211455"
		);
	}

	#[test]
	fn cells_parse_only_when_valid_and_say_what_is_expected() {
		assert_eq!(parse_cell("cell", "0x08c2a1072b59b9ff"), Ok(H3Cell(0x08c2a1072b59b9ff)));
		for bad in ["08c2a1072b59b9ff", "0xzz", "0x0", "0x08c2a1072b59b9f7"] {
			let error = parse_cell("cell", bad).expect_err(bad);
			assert_eq!(error.code(), 2, "{bad}");
			assert!(error.message().contains("H3 cell index"), "{bad}: {}", error.message());
		}
	}

	#[test]
	fn hotspot_coverage_json_has_the_documented_shape() {
		let coverage = HotspotCoverage {
			current_epoch: 3,
			last_beacon: Some(10),
			last_beacon_with_witness: None,
			last_valid_witness: Some(9),
			epoch_shares: 1_000_000_000,
			counted_at: Some(H3Cell(0x08c2a1072b59b9ff)),
			refusals: vec![Refusal { at: 8, beaconer: 4, reason: WitnessInvalid::TooClose }],
		};
		let value = hotspot_coverage_json(&coverage);
		assert_eq!(value["epochShares"], json!("1000000000"));
		assert_eq!(value["lastBeaconWithWitness"], Value::Null);
		assert_eq!(value["countedAt"]["resolution"], json!(12));
		assert_eq!(value["refusals"][0]["reason"], json!("tooClose"));
		assert_eq!(value["refusals"][0]["beaconer"], json!(4));
	}

	#[test]
	fn perbills_render_as_fractions_with_9_places() {
		assert_eq!(perbill_string(Perbill::from_percent(35)), "0.350000000");
		assert_eq!(perbill_string(Perbill::from_parts(1)), "0.000000001");
		assert_eq!(perbill_string(Perbill::one()), "1.000000000");
		assert_eq!(perbill_string(Perbill::zero()), "0.000000000");
	}

	#[test]
	fn hex_round_trips() {
		assert_eq!(hex_encode(&[]), "0x");
		assert_eq!(hex_encode(&[0x00, 0x0f, 0xab, 0xff]), "0x000fabff");
		let bytes = decode_hex_32(&ALICE_HEX[2..]).expect("valid hex");
		assert_eq!(hex_encode(&bytes), ALICE_HEX);
	}

	#[test]
	fn gpu_device_json_has_the_documented_shape() {
		let info = DeviceInfo {
			owner: alice(),
			key: DeviceKey::Ed25519([0xab; 32]),
			maker: 3,
			attributes: DeviceAttributes::Gpu(GpuAttributes {
				vendor: ShortString::truncate_from(b"NVIDIA".to_vec()),
				model: ShortString::truncate_from(b"H100".to_vec()),
				vram_gib: 80,
				count: 8,
				interface: GpuInterface::Sxm,
			}),
			status: DeviceStatus::Suspended { reason: SuspendReason::SlaBreach },
			location: Some(H3Cell(0x08c2a1072b59b9ff)),
			location_asserts: 2,
			bond: u128::MAX,
			onboarded_at: 12,
			unbonding_until: None,
		};
		assert_eq!(
			device_json(7, &info),
			json!({
				"id": 7,
				"owner": ALICE_SS58,
				"key": { "type": "ed25519", "publicKey": format!("0x{}", "ab".repeat(32)) },
				"maker": 3,
				"class": "gpu",
				"attributes": {
					"type": "gpu",
					"vendor": "NVIDIA",
					"model": "H100",
					"vramGib": 80,
					"count": 8,
					"interface": "sxm",
				},
				"status": { "type": "suspended", "reason": "slaBreach" },
				"location": { "cell": "0x08c2a1072b59b9ff", "resolution": 12 },
				"locationAsserts": 2,
				"bond": U128_MAX,
				"onboardedAt": 12,
				"unbondingUntil": null,
			})
		);
	}

	#[test]
	fn other_device_classes_and_statuses_render() {
		let hotspot = DeviceInfo {
			owner: alice(),
			key: DeviceKey::Sr25519([1; 32]),
			maker: 0,
			attributes: DeviceAttributes::Hotspot(HotspotAttributes {
				gain_dbi_x10: 58,
				elevation_m: -5,
			}),
			status: DeviceStatus::Retired,
			location: None,
			location_asserts: 0,
			bond: 1_000_000_000_000,
			onboarded_at: 1,
			unbonding_until: Some(500),
		};
		let shown = device_json(u64::MAX, &hotspot);
		assert_eq!(shown["id"], json!(u64::MAX));
		assert_eq!(shown["class"], json!("hotspot"));
		assert_eq!(
			shown["attributes"],
			json!({ "type": "hotspot", "gainDbiX10": 58, "elevationM": -5 })
		);
		assert_eq!(shown["status"], json!({ "type": "retired" }));
		assert_eq!(shown["location"], Value::Null);
		assert_eq!(shown["bond"], json!("1000000000000"));
		assert_eq!(shown["unbondingUntil"], json!(500));
		assert_eq!(shown["key"]["type"], json!("sr25519"));

		assert_eq!(status_json(&DeviceStatus::Active), json!({ "type": "active" }));
		assert_eq!(
			attributes_json(&DeviceAttributes::Storage(StorageAttributes {
				capacity_gib: u64::MAX
			})),
			json!({ "type": "storage", "capacityGib": "18446744073709551615" })
		);
		assert_eq!(
			attributes_json(&DeviceAttributes::Sensor(SensorAttributes {
				kind: ShortString::truncate_from(vec![b'a', 0xff, b'q']),
			})),
			json!({ "type": "sensor", "kind": "a\u{fffd}q" })
		);
		assert_eq!(h3_json(H3Cell(0x0802bfffffffffff))["cell"], json!("0x0802bfffffffffff"));
		assert_eq!(h3_json(H3Cell(0x0802bfffffffffff))["resolution"], json!(0));
	}

	#[test]
	fn makers_and_registry_parameters_render() {
		let maker = MakerInfo {
			account: alice(),
			attestation_key: DeviceKey::Sr25519([2; 32]),
			name: ShortString::truncate_from(b"Acme".to_vec()),
			bond: 5,
			status: MakerStatus::Revoked,
			devices_onboarded: 9,
		};
		assert_eq!(
			maker_json(4, &maker),
			json!({
				"id": 4,
				"account": ALICE_SS58,
				"attestationKey": {
					"type": "sr25519",
					"publicKey": format!("0x{}", "02".repeat(32)),
				},
				"name": "Acme",
				"bond": "5",
				"status": "revoked",
				"devicesOnboarded": 9,
			})
		);
		let parameters = RegistryParameters {
			onboarding_fee: 4_000_000,
			location_fee: 500_000,
			device_bond: 10_000_000_000_000,
			unbonding_period: 100_800,
		};
		assert_eq!(
			registry_parameters_json(&parameters),
			json!({
				"onboardingFee": "4000000",
				"locationFee": "500000",
				"deviceBond": "10000000000000",
				"unbondingPeriod": 100_800,
			})
		);
	}

	#[test]
	fn bme_views_render() {
		let view = PriceView {
			price: Some(OraclePrice {
				median: FixedU128::from_inner(1_250_000_000_000_000_000),
				spread: FixedU128::from_inner(100_000_000_000_000_000),
				credit_price: FixedU128::from_inner(1_200_000_000_000_000_000),
				settlement_price: FixedU128::from_inner(1_300_000_000_000_000_000),
				sources: 2,
			}),
			submissions: vec![(
				alice(),
				PriceSubmission { price: FixedU128::from_inner(1_200_000_000_000_000_000), at: 9 },
			)],
			min_feeders: 2,
			max_price_age: 100,
		};
		assert_eq!(
			price_view_json(&view),
			json!({
				"price": {
					"creditPrice": "1.200000000000000000",
					"settlementPrice": "1.300000000000000000",
					"median": "1.250000000000000000",
					"spread": "0.100000000000000000",
					"sources": 2,
				},
				"submissions": [
					{ "feeder": ALICE_SS58, "price": "1.200000000000000000", "at": 9 },
				],
				"minFeeders": 2,
				"maxPriceAge": 100,
			})
		);
		let no_price = PriceView::<AccountId, BlockNumber> {
			price: None,
			submissions: vec![],
			min_feeders: 2,
			max_price_age: 100,
		};
		assert_eq!(price_view_json(&no_price)["price"], Value::Null);

		assert_eq!(
			credits_json(&CreditAccount { spendable: 3, escrowed: u128::MAX }),
			json!({ "spendable": "3", "escrowed": U128_MAX, "total": U128_MAX })
		);

		let running = PendingReward {
			epoch: 5,
			pool: RewardPool::ComputeAvailability,
			shares: 10,
			total_shares: 40,
			amount: None,
		};
		assert_eq!(
			pending_reward_json(&running),
			json!({
				"epoch": 5,
				"pool": "computeAvailability",
				"shares": "10",
				"totalShares": "40",
				"amount": null,
			})
		);
		let ended =
			PendingReward { epoch: 4, pool: RewardPool::Coverage, amount: Some(7), ..running };
		assert_eq!(pending_reward_json(&ended)["amount"], json!("7"));
		assert_eq!(pending_reward_json(&ended)["pool"], json!("coverage"));
	}

	#[test]
	fn emissions_and_bme_parameters_render() {
		let pool = PoolView { projected_amount: 700, total_shares: 12, holders: 3 };
		let view = EmissionView {
			current_epoch: 6,
			epoch_length: 14_400,
			epoch_ends_at: 100_800,
			base_emission: 2_000,
			next_halving_epoch: 730,
			reminted: 50,
			burned_this_epoch: 20,
			split: PoolSplit::testnet(),
			coverage: pool,
			compute_availability: pool,
			validators: pool,
			treasury: 200,
			settlement_minted: (1, 99),
		};
		let split = json!({
			"coverage": "0.350000000",
			"computeAvailability": "0.350000000",
			"validators": "0.200000000",
			"treasury": "0.100000000",
		});
		let pool_shown = json!({ "projectedAmount": "700", "totalShares": "12", "holders": 3 });
		assert_eq!(
			emissions_json(&view),
			json!({
				"currentEpoch": 6,
				"epochLength": 14_400,
				"epochEndsAt": 100_800,
				"baseEmission": "2000",
				"nextHalvingEpoch": 730,
				"reminted": "50",
				"burnedThisEpoch": "20",
				"split": split,
				"coverage": pool_shown,
				"computeAvailability": pool_shown,
				"validators": pool_shown,
				"treasury": "200",
				"settlementMinted": "1",
				"settlementMintCap": "99",
			})
		);
		let parameters = BmeParameters {
			max_price_age: 100,
			min_feeders: 2,
			max_price_spread: Perbill::from_percent(10),
			max_credits_per_window: 1_000_000_000_000,
			epoch_length: 14_400,
			initial_emission: u128::MAX,
			halving_interval: 730,
			split: PoolSplit::testnet(),
			net_emissions_cap: 3,
			protocol_fee: Perbill::from_percent(5),
			max_settlement_mint_per_epoch: 4,
		};
		assert_eq!(
			bme_parameters_json(&parameters),
			json!({
				"maxPriceAge": 100,
				"minFeeders": 2,
				"maxPriceSpread": "0.100000000",
				"maxCreditsPerWindow": "1000000000000",
				"epochLength": 14_400,
				"initialEmission": U128_MAX,
				"halvingInterval": 730,
				"split": split,
				"netEmissionsCap": "3",
				"protocolFee": "0.050000000",
				"maxSettlementMintPerEpoch": "4",
			})
		);
	}

	/// A region code as the runtime stores it.
	fn region(code: &str) -> Region {
		Region::try_from(code.as_bytes().to_vec()).expect("a short region code")
	}

	#[test]
	fn requirements_parse_from_an_object() {
		let parsed = parse_requirements(&json!({
			"model": "H100",
			"minVramGib": 80,
			"gpuCount": 8,
			"region": "eu-west",
			"maxPricePerHour": "6000000",
		}))
		.expect("valid requirements");
		assert_eq!(
			parsed,
			Requirements {
				model: Some(ShortString::truncate_from(b"H100".to_vec())),
				min_vram_gib: 80,
				gpu_count: 8,
				region: Some(region("eu-west")),
				max_price_per_hour: 6_000_000,
			}
		);
		// Only the price is required: any model and region, no VRAM floor, one GPU.
		let least = parse_requirements(&json!({ "maxPricePerHour": 7 })).expect("valid");
		assert_eq!(
			least,
			Requirements {
				model: None,
				min_vram_gib: 0,
				gpu_count: 1,
				region: None,
				max_price_per_hour: 7,
			}
		);
		let nulls = json!({
			"model": null,
			"minVramGib": null,
			"gpuCount": null,
			"region": null,
			"maxPricePerHour": format!("0x{}", "f".repeat(32)),
		});
		let parsed = parse_requirements(&nulls).expect("nulls are the defaults");
		assert_eq!(parsed, Requirements { max_price_per_hour: u128::MAX, ..least });
		// The longest model and region fit.
		let longest = json!({
			"model": "m".repeat(32),
			"region": "r".repeat(16),
			"maxPricePerHour": "1",
		});
		let parsed = parse_requirements(&longest).expect("the longest names fit");
		assert_eq!(parsed.model.map(|model| model.len()), Some(32));
		assert_eq!(parsed.region.map(|region| region.len()), Some(16));
	}

	#[test]
	fn bad_requirements_get_named_errors() {
		let price = json!("1000");
		let bad = [
			(json!("H100"), "a string, not an object"),
			(json!([1, 2]), "an array, not an object"),
			(json!(null), "null, not an object"),
			(json!({}), "maxPricePerHour is missing"),
			(json!({ "maxPricePerHour": null }), "maxPricePerHour is missing"),
			(json!({ "maxPricePerHour": "0" }), "maxPricePerHour is 0"),
			(json!({ "maxPricePerHour": 0 }), "maxPricePerHour is 0"),
			(json!({ "maxPricePerHour": "1.5" }), "maxPricePerHour is not a whole decimal"),
			(json!({ "maxPricePerHour": -1 }), "not a whole number from 0 to 2^64 - 1"),
			(json!({ "maxPricePerHour": true }), "maxPricePerHour is a boolean"),
			(
				json!({ "maxPricePerHour": "340282366920938463463374607431768211456" }),
				"maxPricePerHour is more than 2^128 - 1",
			),
			(
				json!({ "maxPricePerHour": price, "min_vram_gib": 80 }),
				"unknown key \"min_vram_gib\"",
			),
			(json!({ "maxPricePerHour": price, "model": 100 }), "model is a number"),
			(json!({ "maxPricePerHour": price, "model": "" }), "model is empty"),
			(
				json!({ "maxPricePerHour": price, "model": "m".repeat(33) }),
				"is 33 bytes long, more than 32",
			),
			(json!({ "maxPricePerHour": price, "region": "" }), "region is empty"),
			(
				json!({ "maxPricePerHour": price, "region": "r".repeat(17) }),
				"is 17 bytes long, more than 16",
			),
			(json!({ "maxPricePerHour": price, "region": ["eu"] }), "region is an array"),
			(json!({ "maxPricePerHour": price, "gpuCount": 0 }), "gpuCount is 0"),
			(json!({ "maxPricePerHour": price, "gpuCount": -1 }), "gpuCount is -1"),
			(json!({ "maxPricePerHour": price, "gpuCount": 4294967296u64 }), "2^32 - 1"),
			(json!({ "maxPricePerHour": price, "minVramGib": "80" }), "minVramGib is a string"),
			(json!({ "maxPricePerHour": price, "minVramGib": 1.5 }), "minVramGib is 1.5"),
		];
		for (input, why) in bad {
			assert_invalid(
				parse_requirements(&input),
				&["invalid parameter: requirements", why, "maxPricePerHour"],
			);
		}
		let long = json!({ "maxPricePerHour": "1", "model": "m".repeat(500) });
		let error = parse_requirements(&long).expect_err("invalid");
		assert!(error.message().len() < 700, "the input is cut: {}", error.message());
	}

	#[test]
	fn a_zero_duration_is_refused() {
		assert_eq!(check_duration(600).expect("a valid term"), 600);
		assert_invalid(check_duration(0), &["duration", "at least one block", "e.g. 600"]);
	}

	#[test]
	fn offers_and_quotes_render() {
		let offer = Offer {
			provider: alice(),
			terms: OfferTerms {
				price_per_hour: u128::MAX,
				min_duration: 10,
				max_duration: 600,
				region: region("eu-west"),
			},
		};
		assert_eq!(
			offer_json(7, &offer),
			json!({
				"device": 7,
				"provider": ALICE_SS58,
				"pricePerHour": U128_MAX,
				"minDuration": 10,
				"maxDuration": 600,
				"region": "eu-west",
			})
		);
		let quote = Quote { device: 3, price_per_hour: 6_000_000, total_credits: 1_000_000 };
		assert_eq!(
			quote_json(&quote),
			json!({ "device": 3, "pricePerHour": "6000000", "totalCredits": "1000000" })
		);
	}

	/// A lease of device 5 from Alice to Bob, started at block 100.
	fn sample_lease(state: LeaseState<BlockNumber>) -> Lease<AccountId, BlockNumber> {
		Lease {
			tenant: alice(),
			provider: parse_account("provider", BOB_SS58).expect("valid SS58"),
			device: 5,
			order: Some(2),
			price_per_hour: 6_000_000,
			started_at: 100,
			ends_at: 200,
			heartbeat_period: 10,
			state,
			escrow: 900_000,
			owed: 20_000,
			carry: 599,
			accrued_to: 120,
			billable_from: 100,
			last_heartbeat: Some(1),
			counting_from: 2,
			provider_close_at: None,
			settled: u128::MAX,
		}
	}

	#[test]
	fn leases_render_with_what_they_owe_now() {
		let status = LeaseStatus {
			lease: sample_lease(LeaseState::Active),
			owed_now: 30_000,
			escrow_left: 870_000,
		};
		assert_eq!(
			lease_status_json(9, &status),
			json!({
				"id": 9,
				"tenant": ALICE_SS58,
				"provider": BOB_SS58,
				"device": 5,
				"order": 2,
				"pricePerHour": "6000000",
				"startedAt": 100,
				"endsAt": 200,
				"heartbeatPeriod": 10,
				"state": { "type": "active" },
				"escrow": "900000",
				"owed": "20000",
				"carry": "599",
				"accruedTo": 120,
				"billableFrom": 100,
				"lastHeartbeat": 1,
				"countingFrom": 2,
				"providerCloseAt": null,
				"settled": U128_MAX,
				"owedNow": "30000",
				"escrowLeft": "870000",
			})
		);
		// A stored record alone (`depin_leasesOf`) has no `owedNow` or `escrowLeft`.
		let direct = Lease {
			order: None,
			last_heartbeat: None,
			provider_close_at: Some(150),
			..sample_lease(LeaseState::Paused { since: 130 })
		};
		let shown = lease_json(u64::MAX, &direct);
		assert_eq!(shown["id"], json!(u64::MAX));
		assert_eq!(shown["order"], Value::Null);
		assert_eq!(shown["lastHeartbeat"], Value::Null);
		assert_eq!(shown["providerCloseAt"], json!(150));
		assert_eq!(shown["state"], json!({ "type": "paused", "since": 130 }));
		assert!(shown.get("owedNow").is_none() && shown.get("escrowLeft").is_none(), "{shown}");
	}

	#[test]
	fn lease_states_and_close_reasons_render() {
		assert_eq!(lease_state_json(&LeaseState::Active), json!({ "type": "active" }));
		assert_eq!(
			lease_state_json(&LeaseState::Paused { since: 7 }),
			json!({ "type": "paused", "since": 7 })
		);
		let reasons = [
			(CloseReason::Tenant, "tenant"),
			(CloseReason::Provider, "provider"),
			(CloseReason::InsufficientFunds, "insufficientFunds"),
			(CloseReason::Breach, "breach"),
			(CloseReason::Governance, "governance"),
			(CloseReason::Completed, "completed"),
			(CloseReason::DeviceInactive, "deviceInactive"),
		];
		for (reason, shown) in reasons {
			assert_eq!(
				lease_state_json(&LeaseState::Closed { reason, at: 42 }),
				json!({ "type": "closed", "reason": shown, "at": 42 })
			);
		}
	}

	#[test]
	fn earnings_and_lease_parameters_render() {
		assert_eq!(
			earnings_json(&Earnings { settled: u128::MAX, pending: 0 }),
			json!({ "settled": U128_MAX, "pending": "0" })
		);
		let parameters = LeaseParameters {
			heartbeat_period: 10,
			max_missed_heartbeats: 2,
			grace_period: 20,
			notice_period: 10,
			order_expiry: 100,
			bid_bond: 1_000_000_000_000,
			order_deposit: 2_000_000_000_000,
			breach_slash: Perbill::from_percent(10),
			breach_tenant_share: Perbill::from_percent(50),
			on_idle_batch: 10,
		};
		assert_eq!(
			lease_parameters_json(&parameters),
			json!({
				"heartbeatPeriod": 10,
				"maxMissedHeartbeats": 2,
				"gracePeriod": 20,
				"noticePeriod": 10,
				"orderExpiry": 100,
				"bidBond": "1000000000000",
				"orderDeposit": "2000000000000",
				"breachSlash": "0.100000000",
				"breachTenantShare": "0.500000000",
				"onIdleBatch": 10,
			})
		);
	}

	#[test]
	fn error_codes_are_1_and_2() {
		let runtime = runtime_error("BmeApi::price", "Api called for an unknown Block: 0x00");
		assert_eq!(runtime.code(), 1);
		assert_eq!(
			runtime.message(),
			"runtime API call failed: BmeApi::price: Api called for an unknown Block: 0x00"
		);
		assert_eq!(i32::from(Error::InvalidParameter), 2);
	}
}
