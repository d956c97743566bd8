//! What the lease methods return, as JSON: fields in alphabetical order (the order the
//! `depin_*` JSON has always had), credits and plancks as decimal strings, parts of one with 9
//! places, accounts as SS58.

use std::fmt::Display;

use depin_primitives::{CreditBalance, DeviceId};
use pallet_leases::{
	CloseReason, Earnings, IntervalIndex, Lease, LeaseId, LeaseParameters, LeaseState, LeaseStatus,
	Offer, Order, OrderId, Quote, Requirements,
};
use serde::Serialize;
use sp_core::crypto::Ss58Codec;
use sp_runtime::Perbill;

/// A listed GPU device's offer: the device, its provider, price (credits per hour), accepted
/// term range (blocks) and region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "AccountId: Ss58Codec, BlockNumber: Serialize"))]
pub struct OfferView<AccountId, BlockNumber> {
	/// The listed device.
	pub device: DeviceId,
	/// The longest term accepted, in blocks.
	pub max_duration: BlockNumber,
	/// The shortest term accepted, in blocks.
	pub min_duration: BlockNumber,
	/// Credits per hour.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub price_per_hour: CreditBalance,
	/// The device's owner, who is paid.
	#[serde(serialize_with = "depin_primitives_rpc::format::ss58")]
	pub provider: AccountId,
	/// The region code; bytes that are not UTF-8 become U+FFFD.
	pub region: String,
}

impl<AccountId, BlockNumber> OfferView<AccountId, BlockNumber> {
	/// The offer of `device`.
	pub fn new(device: DeviceId, offer: Offer<AccountId, BlockNumber>) -> Self {
		Self {
			device,
			max_duration: offer.terms.max_duration,
			min_duration: offer.terms.min_duration,
			price_per_hour: offer.terms.price_per_hour,
			provider: offer.provider,
			region: depin_primitives_rpc::format::lossy(&offer.terms.region),
		}
	}
}

/// One quote: the device, its price per hour and what the whole term costs, in credits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteView {
	/// The listed device.
	pub device: DeviceId,
	/// Its price, in credits per hour.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub price_per_hour: CreditBalance,
	/// Credits the whole term costs at that price, rounded up.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub total_credits: CreditBalance,
}

impl From<Quote> for QuoteView {
	fn from(quote: Quote) -> Self {
		Self {
			device: quote.device,
			price_per_hour: quote.price_per_hour,
			total_credits: quote.total_credits,
		}
	}
}

/// A lease with its id: parties, device, order, price, term, state and accounts; with
/// `escrowLeft` and `owedNow` when it is shown as it stands now (`depin_lease`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "AccountId: Ss58Codec, BlockNumber: Serialize"))]
pub struct LeaseView<AccountId, BlockNumber> {
	/// Every block before this one has been accrued.
	pub accrued_to: BlockNumber,
	/// The block it started or last resumed in.
	pub billable_from: BlockNumber,
	/// `price_per_hour × billable blocks` not yet turned into whole credits.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub carry: CreditBalance,
	/// The first interval that counts towards missed heartbeats.
	pub counting_from: IntervalIndex,
	/// The leased device.
	pub device: DeviceId,
	/// The block its term ends at.
	pub ends_at: BlockNumber,
	/// The tenant's credits escrowed for it and not yet settled.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub escrow: CreditBalance,
	/// Escrow left once `owedNow` is settled.
	#[serde(
		serialize_with = "depin_primitives_rpc::format::option_decimal",
		skip_serializing_if = "Option::is_none"
	)]
	pub escrow_left: Option<CreditBalance>,
	/// Blocks per heartbeat interval.
	pub heartbeat_period: BlockNumber,
	/// The lease id.
	pub id: LeaseId,
	/// The interval of the last heartbeat, if any.
	pub last_heartbeat: Option<IntervalIndex>,
	/// The order it was made from; `null` when an offer was leased directly.
	pub order: Option<OrderId>,
	/// Credits accrued and not yet settled.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub owed: CreditBalance,
	/// Credits owed as of the block asked about.
	#[serde(
		serialize_with = "depin_primitives_rpc::format::option_decimal",
		skip_serializing_if = "Option::is_none"
	)]
	pub owed_now: Option<CreditBalance>,
	/// Credits per hour.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub price_per_hour: CreditBalance,
	/// Who is paid and whose device key heartbeats.
	#[serde(serialize_with = "depin_primitives_rpc::format::ss58")]
	pub provider: AccountId,
	/// When the provider gave notice, the block the lease closes at.
	pub provider_close_at: Option<BlockNumber>,
	/// Credits settled to the provider so far.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub settled: CreditBalance,
	/// The block it started in.
	pub started_at: BlockNumber,
	/// `{"type": "active"}`, `{"since": n, "type": "paused"}` or
	/// `{"at": n, "reason": …, "type": "closed"}`.
	#[serde(serialize_with = "depin_primitives_rpc::format::sorted")]
	pub state: LeaseStateView<BlockNumber>,
	/// Who pays, from its escrow.
	#[serde(serialize_with = "depin_primitives_rpc::format::ss58")]
	pub tenant: AccountId,
}

impl<AccountId, BlockNumber> LeaseView<AccountId, BlockNumber> {
	/// The stored lease `id`.
	pub fn new(id: LeaseId, lease: Lease<AccountId, BlockNumber>) -> Self {
		Self {
			accrued_to: lease.accrued_to,
			billable_from: lease.billable_from,
			carry: lease.carry,
			counting_from: lease.counting_from,
			device: lease.device,
			ends_at: lease.ends_at,
			escrow: lease.escrow,
			escrow_left: None,
			heartbeat_period: lease.heartbeat_period,
			id,
			last_heartbeat: lease.last_heartbeat,
			order: lease.order,
			owed: lease.owed,
			owed_now: None,
			price_per_hour: lease.price_per_hour,
			provider: lease.provider,
			provider_close_at: lease.provider_close_at,
			settled: lease.settled,
			started_at: lease.started_at,
			state: lease.state.into(),
			tenant: lease.tenant,
		}
	}

	/// Lease `id` as it stands: the stored record with what it owes now.
	pub fn with_status(id: LeaseId, status: LeaseStatus<AccountId, BlockNumber>) -> Self {
		Self {
			escrow_left: Some(status.escrow_left),
			owed_now: Some(status.owed_now),
			..Self::new(id, status.lease)
		}
	}
}

/// A lease's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[serde(bound(serialize = "BlockNumber: Serialize"))]
pub enum LeaseStateView<BlockNumber> {
	/// Serving and accruing.
	Active,
	/// Its escrow ran dry at block `since`.
	Paused {
		/// The block it paused in.
		since: BlockNumber,
	},
	/// Closed, awaiting a deferred settlement.
	Closed {
		/// Why it closed.
		reason: CloseReasonView,
		/// The block it closed in.
		at: BlockNumber,
	},
}

impl<BlockNumber> From<LeaseState<BlockNumber>> for LeaseStateView<BlockNumber> {
	fn from(state: LeaseState<BlockNumber>) -> Self {
		match state {
			LeaseState::Active => Self::Active,
			LeaseState::Paused { since } => Self::Paused { since },
			LeaseState::Closed { reason, at } => Self::Closed { reason: reason.into(), at },
		}
	}
}

/// Why a lease closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CloseReasonView {
	/// The tenant closed it.
	Tenant,
	/// The provider closed it, after notice.
	Provider,
	/// Its escrow stayed dry through the grace period.
	InsufficientFunds,
	/// The device missed too many heartbeats.
	Breach,
	/// Governance closed it.
	Governance,
	/// Its term ended.
	Completed,
	/// The device stopped being active.
	DeviceInactive,
}

impl From<CloseReason> for CloseReasonView {
	fn from(reason: CloseReason) -> Self {
		match reason {
			CloseReason::Tenant => Self::Tenant,
			CloseReason::Provider => Self::Provider,
			CloseReason::InsufficientFunds => Self::InsufficientFunds,
			CloseReason::Breach => Self::Breach,
			CloseReason::Governance => Self::Governance,
			CloseReason::Completed => Self::Completed,
			CloseReason::DeviceInactive => Self::DeviceInactive,
		}
	}
}

/// A provider's earnings: credits settled over all its leases and credits its leases owe now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EarningsView {
	/// Credits its open leases owe and have not settled.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub pending: CreditBalance,
	/// Credits settled to it over all its leases.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub settled: CreditBalance,
}

impl From<Earnings> for EarningsView {
	fn from(earnings: Earnings) -> Self {
		Self { pending: earnings.pending, settled: earnings.settled }
	}
}

/// The lease parameters: periods in blocks, bonds and deposits in plancks, the breach slash as
/// a fraction of the device's bond.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "Balance: Display, BlockNumber: Serialize"))]
pub struct LeaseParametersView<Balance, BlockNumber> {
	/// DPN held from a provider for each bid.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub bid_bond: Balance,
	/// Part of the device's registry bond slashed on a breach.
	#[serde(serialize_with = "depin_primitives_rpc::format::perbill")]
	pub breach_slash: Perbill,
	/// Part of that slash paid to the tenant.
	#[serde(serialize_with = "depin_primitives_rpc::format::perbill")]
	pub breach_tenant_share: Perbill,
	/// Blocks a paused lease waits for a top-up before it closes.
	pub grace_period: BlockNumber,
	/// Blocks per heartbeat interval.
	pub heartbeat_period: BlockNumber,
	/// Missed intervals in a row that close a lease for breach.
	pub max_missed_heartbeats: u32,
	/// Blocks between a provider's close and the lease closing.
	pub notice_period: BlockNumber,
	/// Most leases `on_idle` settles in one block.
	pub on_idle_batch: u32,
	/// DPN held from a tenant for each open order.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub order_deposit: Balance,
	/// Blocks an order stays open for bids.
	pub order_expiry: BlockNumber,
}

impl<Balance, BlockNumber> From<LeaseParameters<Balance, BlockNumber>>
	for LeaseParametersView<Balance, BlockNumber>
{
	fn from(parameters: LeaseParameters<Balance, BlockNumber>) -> Self {
		Self {
			bid_bond: parameters.bid_bond,
			breach_slash: parameters.breach_slash,
			breach_tenant_share: parameters.breach_tenant_share,
			grace_period: parameters.grace_period,
			heartbeat_period: parameters.heartbeat_period,
			max_missed_heartbeats: parameters.max_missed_heartbeats,
			notice_period: parameters.notice_period,
			on_idle_batch: parameters.on_idle_batch,
			order_deposit: parameters.order_deposit,
			order_expiry: parameters.order_expiry,
		}
	}
}

/// What an order needs from a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequirementsView {
	/// The least number of GPUs.
	pub gpu_count: u32,
	/// The most it pays, in credits per hour.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub max_price_per_hour: CreditBalance,
	/// The least memory per GPU, in GiB.
	pub min_vram_gib: u32,
	/// The GPU model, or `null` for any.
	pub model: Option<String>,
	/// The region, or `null` for any.
	pub region: Option<String>,
}

impl From<Requirements> for RequirementsView {
	fn from(requirements: Requirements) -> Self {
		Self {
			gpu_count: requirements.gpu_count,
			max_price_per_hour: requirements.max_price_per_hour,
			min_vram_gib: requirements.min_vram_gib,
			model: requirements.model.map(|model| depin_primitives_rpc::format::lossy(&model)),
			region: requirements.region.map(|region| depin_primitives_rpc::format::lossy(&region)),
		}
	}
}

/// An open order with its id and number of bids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "AccountId: Ss58Codec, Balance: Display, BlockNumber: Serialize"))]
pub struct OrderView<AccountId, Balance, BlockNumber> {
	/// Bids placed on it.
	pub bids: u32,
	/// DPN held from the tenant while it stands.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub deposit: Balance,
	/// The term wanted, in blocks.
	pub duration: BlockNumber,
	/// Credits escrowed for the whole term at the maximum price.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub escrow: CreditBalance,
	/// The first block it can no longer take bids.
	pub expires_at: BlockNumber,
	/// The order id.
	pub id: OrderId,
	/// What the device must offer.
	pub requirements: RequirementsView,
	/// Who posted it and pays.
	#[serde(serialize_with = "depin_primitives_rpc::format::ss58")]
	pub tenant: AccountId,
}

impl<AccountId, Balance, BlockNumber> OrderView<AccountId, Balance, BlockNumber> {
	/// The order `id` with `bids` bids.
	pub fn new(id: OrderId, order: Order<AccountId, Balance, BlockNumber>, bids: u32) -> Self {
		Self {
			bids,
			deposit: order.deposit,
			duration: order.duration,
			escrow: order.escrow,
			expires_at: order.expires_at,
			id,
			requirements: order.requirements.into(),
			tenant: order.tenant,
		}
	}
}
