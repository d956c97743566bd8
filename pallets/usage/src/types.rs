//! The SCALE types of the pallet: payers, sessions, per-epoch traffic, parameters and the views
//! the runtime API returns.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{
	payloads::DataSessionFields, CreditBalance, DeviceKey, DeviceSignature, EpochIndex, H3Cell,
	ShortString,
};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{traits::Saturating, ArithmeticError, Perbill};

/// A payer's id, from a counter: never reused.
pub type PayerId = u32;

/// A payer's identifier of one session, unique among its sessions.
pub type SessionId = [u8; 16];

/// Bytes in a gigabyte, as prices are quoted (10⁹).
pub const BYTES_PER_GB: u128 = 1_000_000_000;

/// Multipliers are in thousandths: 1,000 is 1×.
pub const PERMILLE: u128 = 1_000;

/// What a payer pays for the traffic hotspots carry for it, in credits (1 credit = 0.00001 USD).
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
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrafficPrice {
	/// Credits per gigabyte (10⁹ bytes) carried, both ways (Helium Mobile: 50,000, $0.50).
	pub per_gb: CreditBalance,
	/// Credits per packet (IoT traffic; Helium IoT: 1 credit per 24-byte packet).
	pub per_packet: CreditBalance,
}

impl TrafficPrice {
	/// The credits `bytes` and `packets` cost: `⌈bytes × per_gb / 10⁹⌉ + packets × per_packet`;
	/// `None` on overflow.
	pub fn cost(&self, bytes: u64, packets: u64) -> Option<CreditBalance> {
		let byte_cost = u128::from(bytes).checked_mul(self.per_gb)?.div_ceil(BYTES_PER_GB);
		let packet_cost = u128::from(packets).checked_mul(self.per_packet)?;
		byte_cost.checked_add(packet_cost)
	}

	/// Whether neither part is below `other`'s.
	pub fn covers(&self, other: &TrafficPrice) -> bool {
		self.per_gb >= other.per_gb && self.per_packet >= other.per_packet
	}
}

/// Whether a payer's sessions are accepted.
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
pub enum PayerStatus {
	/// Approved: its countersigned sessions are accepted.
	Active,
	/// Suspended by governance: its sessions are refused until it is resumed; its escrow and
	/// bond stay.
	Suspended,
	/// Revoked by governance: its bond was released or slashed and its escrow released; its
	/// routing key is free. The record stays so its id is never reused.
	Revoked,
}

/// A payer: a network server or carrier that buys hotspots' data transfer.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct PayerInfo<AccountId, Balance, BlockNumber> {
	/// The account that holds its bond and escrow and manages it.
	pub account: AccountId,
	/// The key that countersigns sessions (its router's key).
	pub routing_key: DeviceKey,
	/// A display name.
	pub name: ShortString,
	/// DPN held from `account` while it is approved; slashable by governance.
	pub bond: Balance,
	/// Whether its sessions are accepted.
	pub status: PayerStatus,
	/// What it pays for traffic now.
	pub price: TrafficPrice,
	/// A lower price it announced, and the block it applies from (a decrease waits
	/// `MaxSessionAge` blocks, so sessions carried at the old price are paid at it).
	pub next_price: Option<(TrafficPrice, BlockNumber)>,
	/// Credits escrowed for its traffic (held in `account`'s escrow), unlocking included.
	pub escrow: CreditBalance,
	/// Credits asked back and the block they can be withdrawn from; they pay for sessions until
	/// then.
	pub unlocking: Option<(CreditBalance, BlockNumber)>,
	/// Most credits its sessions may burn in one epoch, set by governance with the bond (see the
	/// README's threat model).
	pub epoch_limit: CreditBalance,
}

impl<AccountId, Balance, BlockNumber: PartialOrd + Copy>
	PayerInfo<AccountId, Balance, BlockNumber>
{
	/// The price in force at `now`.
	pub fn price_at(&self, now: BlockNumber) -> TrafficPrice {
		match self.next_price {
			Some((price, from)) if from <= now => price,
			_ => self.price,
		}
	}
}

/// A data-transfer session as it is reported: its fields, the hotspot's signature of
/// [`DataSessionFields::payload`] and the payer's countersignature of
/// [`DataSessionFields::countersign_payload`].
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct SignedSession {
	/// The signed fields.
	pub session: DataSessionFields,
	/// The hotspot's device-key signature.
	pub hotspot_signature: DeviceSignature,
	/// The payer's routing-key countersignature.
	pub payer_signature: DeviceSignature,
}

/// One hotspot's data transfer in one epoch.
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
pub struct HotspotTraffic {
	/// Sessions reported.
	pub sessions: u32,
	/// Rewardable bytes (both ways).
	pub bytes: u64,
	/// Packets.
	pub packets: u64,
	/// Credits its payers burned for it.
	pub credits: CreditBalance,
}

impl HotspotTraffic {
	/// Adds `other`'s traffic: bytes must not overflow (they weigh rewards); the other figures
	/// saturate.
	pub fn add(&mut self, other: &Self) -> Result<(), ArithmeticError> {
		self.bytes = self.bytes.checked_add(other.bytes).ok_or(ArithmeticError::Overflow)?;
		self.sessions = self.sessions.saturating_add(other.sessions);
		self.packets = self.packets.saturating_add(other.packets);
		self.credits = self.credits.saturating_add(other.credits);
		Ok(())
	}
}

/// One payer's traffic in the current epoch.
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
pub struct PayerTraffic {
	/// The epoch the figures are for; older figures count as zero.
	pub epoch: EpochIndex,
	/// Sessions reported.
	pub sessions: u32,
	/// Rewardable bytes.
	pub bytes: u64,
	/// Credits burned (at most the payer's `epoch_limit`).
	pub credits: CreditBalance,
}

/// All data transfer of one epoch.
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
pub struct EpochTraffic {
	/// Hotspots that carried data.
	pub hotspots: u32,
	/// Sessions reported.
	pub sessions: u32,
	/// Rewardable bytes, the pro-rata base.
	pub bytes: u128,
	/// Credits burned.
	pub credits: CreditBalance,
	/// The resolution demand was counted at in this epoch (fixed by its first session).
	pub demand_resolution: u8,
}

/// What an ended epoch's rewards are computed from, fixed when its noting starts.
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
pub struct RewardBasis {
	/// The epoch the data was carried in.
	pub epoch: EpochIndex,
	/// The DPN (base units) set aside for it.
	pub budget: u128,
	/// Its rewardable bytes.
	pub bytes: u128,
	/// The DPN (base units) [`VALUE_PROBE`] credits were worth at the settlement price.
	pub probe_value: u128,
	/// The floor and cap, in thousandths of the value burned.
	pub floor_permille: u32,
	/// See `floor_permille`.
	pub cap_permille: u32,
}

/// The credits whose value [`RewardBasis::probe_value`] records (10¹⁵ credits, ten billion
/// dollars: large enough that the value of any hotspot's credits is exact to a base unit).
pub const VALUE_PROBE: u128 = 1_000_000_000_000_000;

/// The pallet's governance-tunable parameters, within the bounds of the `Config` constants.
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
pub struct UsageParameters {
	/// The least a hotspot's reward is, in thousandths of the value its payers burned for its
	/// traffic (HIP-149: 500, 0.5×), while the budget covers it.
	pub floor_permille: u32,
	/// The most a hotspot's reward is, in thousandths of that value (HIP-149: 3,000, 3×).
	pub cap_permille: u32,
	/// The lowest price per gigabyte a payer may set, in credits: every rewardable byte costs
	/// something, so nobody inflates the pro-rata base for free.
	pub min_price_per_gb: CreditBalance,
	/// The H3 resolution demand is counted at (4 to 10).
	pub demand_resolution: u8,
	/// The bytes per epoch at which a hex's coverage weight reaches `demand_min_weight`.
	pub demand_saturation_bytes: u64,
	/// The coverage weight of a hex with at least `demand_saturation_bytes` of paid traffic.
	pub demand_min_weight: Perbill,
}

impl UsageParameters {
	/// The starting values: HIP-149's floor and cap (0.5× and 3×), at least 1,000 credits
	/// ($0.01) a gigabyte, demand counted at resolution 8 (0.74 km² hexes), and coverage weight
	/// falling linearly to 20 % at 100 GB a day in a hex.
	pub const fn testnet() -> Self {
		Self {
			floor_permille: 500,
			cap_permille: 3_000,
			min_price_per_gb: 1_000,
			demand_resolution: 8,
			demand_saturation_bytes: 100_000_000_000,
			demand_min_weight: Perbill::from_percent(20),
		}
	}

	/// The coverage weight of a hex where `bytes` of paid traffic were carried: 100 % without
	/// traffic, falling linearly to `demand_min_weight` at `demand_saturation_bytes`, and no
	/// lower after.
	pub fn coverage_weight(&self, bytes: u64) -> Perbill {
		if bytes == 0 || self.demand_saturation_bytes == 0 {
			return if bytes == 0 { Perbill::one() } else { self.demand_min_weight };
		}
		let filled = Perbill::from_rational(
			bytes.min(self.demand_saturation_bytes),
			self.demand_saturation_bytes,
		);
		let fall = Perbill::one().saturating_sub(self.demand_min_weight);
		Perbill::one().saturating_sub(fall * filled)
	}
}

/// A payer as a client sees it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct PayerView<AccountId, Balance, BlockNumber> {
	/// Its id.
	pub id: PayerId,
	/// Its record.
	pub info: PayerInfo<AccountId, Balance, BlockNumber>,
	/// The price in force now.
	pub price_now: TrafficPrice,
	/// Its traffic this epoch.
	pub traffic: PayerTraffic,
}

/// A hotspot's data transfer and data-transfer rewards, as a client sees them.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct HotspotUsageView {
	/// The epoch running now.
	pub epoch: EpochIndex,
	/// Its traffic this epoch so far.
	pub this_epoch: HotspotTraffic,
	/// Its traffic in the epoch before.
	pub last_epoch: HotspotTraffic,
	/// The reward, in DPN base units, the last epoch's traffic earns (noted in this epoch's
	/// data-transfer pool, paid when it ends, pro rata less if the rewards exceed the budget);
	/// `None` until that epoch's rewards basis is fixed.
	pub last_epoch_reward: Option<u128>,
}

/// A hex's demand and coverage weight, as a client sees them.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct HexDemandView {
	/// The hex, at the epoch's demand resolution.
	pub hex: H3Cell,
	/// The epoch.
	pub epoch: EpochIndex,
	/// Paid bytes carried in it.
	pub bytes: u64,
	/// The coverage weight of its hotspots' coverage rewards of that epoch.
	pub coverage_weight: Perbill,
}
