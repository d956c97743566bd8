//! The marketplace's records: offers, orders and their requirements, bids, leases with their
//! state and close reasons, and the parameters. The heartbeats and availability proofs a device
//! signs are built by [`depin_primitives::payloads`].

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{CreditBalance, DeviceId, GpuAttributes, ShortString};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::ConstU32;
use sp_runtime::{BoundedVec, Perbill};

/// The identifier of an order. Assigned from a counter and never reused.
pub type OrderId = u64;

/// The identifier of a lease. Assigned from a counter and never reused.
pub type LeaseId = u64;

/// The index of a heartbeat interval of a lease: interval `i` is the blocks
/// `started_at + i × heartbeat_period ..< started_at + (i + 1) × heartbeat_period`.
pub type IntervalIndex = u32;

/// The longest region code, in bytes.
pub const MAX_REGION_LEN: u32 = 16;

/// Where a device serves from: a short code chosen by the market, e.g. `b"eu-west"` or
/// `b"us-east-1"`, at most [`MAX_REGION_LEN`] bytes and not empty. Compared byte for byte.
pub type Region = BoundedVec<u8, ConstU32<MAX_REGION_LEN>>;

/// The index of an availability window: window `w` is the blocks
/// `w × period ..< (w + 1) × period` of [`AvailabilityParameters::period`].
pub type WindowIndex = u32;

/// What makes a listed, idle GPU device earn compute-availability shares.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AvailabilityParameters<BlockNumber> {
	/// Blocks per availability window (default one hour). At most the blocks whose hashes the
	/// chain keeps, since a proof signs the hash of the window's last block.
	pub period: BlockNumber,
	/// The most an offer may ask per GPU and hour, in credits, and still earn (default 400,000,
	/// four USD): a device listed at a price nobody pays is not available.
	pub max_price_per_gpu_hour: CreditBalance,
	/// The longest shortest-term an offer may demand, in blocks, and still earn (default one
	/// day): a device that can only be leased for a year is not available either.
	pub max_min_duration: BlockNumber,
}

/// Since when a listed device has been idle under its current terms, and which windows it has
/// been paid for.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct OfferAvailability<BlockNumber> {
	/// The block its offer was listed, its terms last changed, or its last lease started or
	/// closed: a window that began earlier was not spent idle under these terms.
	pub idle_since: BlockNumber,
	/// The end of the last window it was paid for; only later windows are paid.
	pub proven_until: BlockNumber,
}

/// What a provider asks for a listed device.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct OfferTerms<BlockNumber> {
	/// Credits per hour of service (an hour is `Config::BlocksPerHour` blocks). Above zero.
	pub price_per_hour: CreditBalance,
	/// The shortest lease term the provider accepts, in blocks; at least 1. A tenant prepays at
	/// least this much when leasing the offer directly.
	pub min_duration: BlockNumber,
	/// The longest lease term the provider accepts, in blocks; at least `min_duration`.
	pub max_duration: BlockNumber,
	/// Where the device serves from.
	pub region: Region,
}

/// A listed GPU device. An offer is identified by its device: a device has at most one offer.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Offer<AccountId, BlockNumber> {
	/// The device's owner when it was listed or last changed; only it is paid for leases of
	/// the offer. If the device changes owner the offer cannot be leased until the new owner
	/// lists it again.
	pub provider: AccountId,
	/// The price, durations and region.
	pub terms: OfferTerms<BlockNumber>,
}

/// What a tenant needs from a GPU device.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Requirements {
	/// The GPU model, compared byte for byte with the registry's; `None` accepts any model.
	pub model: Option<ShortString>,
	/// The least memory per GPU, in GiB.
	pub min_vram_gib: u32,
	/// The least number of GPUs in the one device; at least 1.
	pub gpu_count: u32,
	/// The region the device must serve from (its offer's); `None` accepts any region.
	pub region: Option<Region>,
	/// The most the tenant pays, in credits per hour; above zero.
	pub max_price_per_hour: CreditBalance,
}

impl Requirements {
	/// Whether a device with `gpu`, listed with `terms`, meets these requirements for a lease of
	/// `duration` blocks at the offer's price or less (the price is not checked here).
	pub fn matches_device<BlockNumber: PartialOrd>(
		&self,
		gpu: &GpuAttributes,
		terms: &OfferTerms<BlockNumber>,
		duration: &BlockNumber,
	) -> bool {
		self.model.as_ref().is_none_or(|model| *model == gpu.model)
			&& gpu.vram_gib >= self.min_vram_gib
			&& gpu.count >= self.gpu_count
			&& self.region.as_ref().is_none_or(|region| *region == terms.region)
			&& *duration >= terms.min_duration
			&& *duration <= terms.max_duration
	}
}

/// A tenant's open order: requirements, the term wanted and the escrow that funds it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Order<AccountId, Balance, BlockNumber> {
	/// Who posted the order, pays for the lease and alone may accept a bid or cancel.
	pub tenant: AccountId,
	/// DPN held from the tenant while the order stands ([`crate::HoldReason::OrderDeposit`]).
	pub deposit: Balance,
	/// What the device must offer.
	pub requirements: Requirements,
	/// The lease term wanted, in blocks.
	pub duration: BlockNumber,
	/// Credits escrowed from the tenant: the whole term at the maximum price,
	/// `ceil(max_price_per_hour × duration / BlocksPerHour)`.
	pub escrow: CreditBalance,
	/// The first block at which the order can no longer take or accept bids and may be closed
	/// by anyone with a full refund.
	pub expires_at: BlockNumber,
}

/// A provider's bid on an order with one of its devices.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Bid<AccountId, Balance> {
	/// The bidder, the device's owner.
	pub provider: AccountId,
	/// The device offered.
	pub device: DeviceId,
	/// The price asked, in credits per hour; at most the order's maximum.
	pub price_per_hour: CreditBalance,
	/// The DPN held from the provider until the bid is withdrawn, loses, wins or the order
	/// closes.
	pub bond: Balance,
}

/// Why a lease closed.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum CloseReason {
	/// The tenant closed it.
	Tenant,
	/// The provider closed it (after the notice period).
	Provider,
	/// It stayed paused, its escrow empty, for the grace period (or its term ended paused).
	InsufficientFunds,
	/// The device missed `max_missed_heartbeats` heartbeats in a row.
	Breach,
	/// Governance closed it.
	Governance,
	/// Its term ended.
	Completed,
	/// The device was suspended, retired or removed from the registry.
	DeviceInactive,
}

/// Where a lease is in its life.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum LeaseState<BlockNumber> {
	/// Serving and accruing for the intervals the device heartbeats in.
	Active,
	/// Its escrow could not cover what it owed, since block `since`: it accrues nothing and
	/// needs no heartbeats until the tenant tops it up; it closes after the grace period.
	Paused {
		/// The block it paused in.
		since: BlockNumber,
	},
	/// Closed, but a settlement failed for a reason other than funds (no oracle price, mint
	/// cap): the owed credits stay escrowed and settle later (provider's claim or `on_idle`),
	/// then the record is removed.
	Closed {
		/// Why it closed.
		reason: CloseReason,
		/// The block it closed in.
		at: BlockNumber,
	},
}

impl<BlockNumber> LeaseState<BlockNumber> {
	/// Whether the lease is active or paused (it holds its device).
	pub fn is_open(&self) -> bool {
		!matches!(self, LeaseState::Closed { .. })
	}
}

/// A lease of one device to one tenant.
///
/// Accrual is lazy: everything up to `accrued_to` has been added to `owed`; blocks after it are
/// accrued on the next touch. Only blocks of the interval the device last heartbeat in
/// (`last_heartbeat`) are billable, at `price_per_hour / BlocksPerHour` credits a block; the
/// fraction of a credit left over is kept in `carry` so nothing is rounded away between
/// touches.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Lease<AccountId, BlockNumber> {
	/// Who pays, from its escrow.
	pub tenant: AccountId,
	/// Who is paid and whose device key heartbeats; the device's owner when the lease started.
	pub provider: AccountId,
	/// The leased device.
	pub device: DeviceId,
	/// The order it was made from; `None` when an offer was leased directly.
	pub order: Option<OrderId>,
	/// Credits per hour.
	pub price_per_hour: CreditBalance,
	/// The block it started in; interval 0 starts here.
	pub started_at: BlockNumber,
	/// The block its term ends at (it closes with [`CloseReason::Completed`]).
	pub ends_at: BlockNumber,
	/// The heartbeat period in force when it started, in blocks.
	pub heartbeat_period: BlockNumber,
	/// Active, paused or closed awaiting settlement.
	pub state: LeaseState<BlockNumber>,
	/// The tenant's credits escrowed for this lease and not yet settled.
	pub escrow: CreditBalance,
	/// Credits accrued and not yet settled.
	pub owed: CreditBalance,
	/// `price_per_hour × billable blocks` not yet turned into whole credits; below
	/// `BlocksPerHour`.
	pub carry: CreditBalance,
	/// Every block before this one has been accrued.
	pub accrued_to: BlockNumber,
	/// The block it started or last resumed in; blocks before it in the current interval are
	/// not billed by a heartbeat.
	pub billable_from: BlockNumber,
	/// The interval of the last heartbeat, if any.
	pub last_heartbeat: Option<IntervalIndex>,
	/// The first interval that counts towards missed heartbeats: one after the last heartbeat,
	/// or one after the interval the lease started or resumed in.
	pub counting_from: IntervalIndex,
	/// When the provider gave notice, the block the lease closes at.
	pub provider_close_at: Option<BlockNumber>,
	/// Credits settled to the provider so far.
	pub settled: CreditBalance,
}

/// The lease's governance-tunable parameters.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LeaseParameters<Balance, BlockNumber> {
	/// Blocks per heartbeat interval (default 100). A lease keeps the period it started with.
	pub heartbeat_period: BlockNumber,
	/// Missed intervals in a row that close a lease for breach (default 3).
	pub max_missed_heartbeats: u32,
	/// Blocks a paused lease waits for a top-up before it closes (default 600, one hour).
	pub grace_period: BlockNumber,
	/// Blocks between a provider's close and the lease closing (default 600, one hour).
	pub notice_period: BlockNumber,
	/// Blocks an order stays open for bids (default 600, one hour).
	pub order_expiry: BlockNumber,
	/// DPN held from a provider for each bid.
	pub bid_bond: Balance,
	/// DPN held from a tenant for each open order, returned when it is filled, cancelled or
	/// closed after expiry: what the order's storage costs while it stands.
	pub order_deposit: Balance,
	/// Part of the device's registry bond slashed on a breach (default 10 %).
	pub breach_slash: Perbill,
	/// Part of that slash paid to the tenant (default 50 %); the rest goes to the treasury, so
	/// a tenant who could try to cause a breach never collects the whole slash.
	pub breach_tenant_share: Perbill,
	/// Most leases `on_idle` settles in one block (default 10).
	pub on_idle_batch: u32,
}

/// A lease as the runtime API reports it: the record with what it owes now.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct LeaseStatus<AccountId, BlockNumber> {
	/// The stored record.
	pub lease: Lease<AccountId, BlockNumber>,
	/// Credits owed as of the current block (stored `owed` plus what accrued since).
	pub owed_now: CreditBalance,
	/// Escrow left once `owed_now` is settled (zero if it cannot cover it).
	pub escrow_left: CreditBalance,
}

/// A price quote for requirements and a term, from one matching offer.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct Quote {
	/// The listed device.
	pub device: DeviceId,
	/// Its price, in credits per hour.
	pub price_per_hour: CreditBalance,
	/// Credits the whole term costs at that price, rounded up; what leasing it for the term
	/// escrows.
	pub total_credits: CreditBalance,
}

/// A provider's earnings as the runtime API reports them.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug, Default)]
pub struct Earnings {
	/// Credits settled to the provider over all its leases (paid in DPN by BME).
	pub settled: CreditBalance,
	/// Credits its open leases owe as of the current block and have not settled.
	pub pending: CreditBalance,
}
