//! What the data-transfer methods return, as JSON: fields in alphabetical order, credits, bytes
//! and DPN base units as decimal strings, parts of one with 9 places, accounts as SS58, keys as
//! `{"publicKey", "type"}` and H3 cells as `{"cell", "resolution"}`.

use std::fmt::Display;

use depin_primitives::{CreditBalance, EpochIndex};
use depin_primitives_rpc::views::{CellView, KeyView};
use pallet_usage::{
	HexDemandView, HotspotTraffic, HotspotUsageView, PayerStatus, PayerTraffic, PayerView,
	TrafficPrice, UsageParameters,
};
use serde::Serialize;
use sp_core::crypto::Ss58Codec;
use sp_runtime::Perbill;

/// A price: credits per gigabyte and per packet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceView {
	/// Credits per gigabyte (10⁹ bytes).
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub per_gb: CreditBalance,
	/// Credits per packet.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub per_packet: CreditBalance,
}

impl From<TrafficPrice> for PriceView {
	fn from(price: TrafficPrice) -> Self {
		Self { per_gb: price.per_gb, per_packet: price.per_packet }
	}
}

/// A payer: its account, routing key, bond, status, prices, escrow and this epoch's traffic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "AccountId: Ss58Codec, Balance: Display, BlockNumber: Serialize"))]
pub struct PayerJson<AccountId, Balance, BlockNumber> {
	/// The account that holds its bond and escrow.
	#[serde(serialize_with = "depin_primitives_rpc::format::ss58")]
	pub account: AccountId,
	/// DPN held as its bond (base units).
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub bond: Balance,
	/// Most credits its sessions may burn an epoch.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub epoch_limit: CreditBalance,
	/// Credits escrowed for its traffic (unlocking included).
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub escrow: CreditBalance,
	/// Its id.
	pub id: u32,
	/// Its name; bytes that are not UTF-8 become U+FFFD.
	pub name: String,
	/// A price cut it announced and the block it applies from.
	pub next_price: Option<(PriceView, BlockNumber)>,
	/// The price in force now.
	pub price: PriceView,
	/// The key that countersigns its sessions.
	pub routing_key: KeyView,
	/// `"active"`, `"suspended"` or `"revoked"`.
	pub status: &'static str,
	/// Its traffic this epoch.
	pub traffic: PayerTrafficView,
	/// Credits asked back, and the block they can be withdrawn from.
	pub unlocking: Option<(String, BlockNumber)>,
}

impl<AccountId, Balance, BlockNumber> From<PayerView<AccountId, Balance, BlockNumber>>
	for PayerJson<AccountId, Balance, BlockNumber>
{
	fn from(view: PayerView<AccountId, Balance, BlockNumber>) -> Self {
		let info = view.info;
		Self {
			account: info.account,
			bond: info.bond,
			epoch_limit: info.epoch_limit,
			escrow: info.escrow,
			id: view.id,
			name: depin_primitives_rpc::format::lossy(&info.name),
			next_price: info.next_price.map(|(price, from)| (price.into(), from)),
			price: view.price_now.into(),
			routing_key: KeyView::from(&info.routing_key),
			status: match info.status {
				PayerStatus::Active => "active",
				PayerStatus::Suspended => "suspended",
				PayerStatus::Revoked => "revoked",
			},
			traffic: view.traffic.into(),
			unlocking: info.unlocking.map(|(amount, from)| (amount.to_string(), from)),
		}
	}
}

/// A payer's traffic in the current epoch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PayerTrafficView {
	/// Rewardable bytes.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub bytes: u64,
	/// Credits burned.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub credits: CreditBalance,
	/// The epoch.
	pub epoch: EpochIndex,
	/// Sessions counted.
	pub sessions: u32,
}

impl From<PayerTraffic> for PayerTrafficView {
	fn from(traffic: PayerTraffic) -> Self {
		Self {
			bytes: traffic.bytes,
			credits: traffic.credits,
			epoch: traffic.epoch,
			sessions: traffic.sessions,
		}
	}
}

/// A hotspot's traffic in one epoch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficView {
	/// Rewardable bytes, both ways.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub bytes: u64,
	/// Credits its payers burned for it.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub credits: CreditBalance,
	/// Packets.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub packets: u64,
	/// Sessions counted.
	pub sessions: u32,
}

impl From<HotspotTraffic> for TrafficView {
	fn from(traffic: HotspotTraffic) -> Self {
		Self {
			bytes: traffic.bytes,
			credits: traffic.credits,
			packets: traffic.packets,
			sessions: traffic.sessions,
		}
	}
}

/// A hotspot's data transfer this epoch and the last, and the reward the last one earns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HotspotUsageJson {
	/// The epoch running.
	pub current_epoch: EpochIndex,
	/// Its traffic in the epoch before.
	pub last_epoch: TrafficView,
	/// DPN (base units) the last epoch's traffic earns, paid when the current epoch ends;
	/// `null` until its rewards basis is fixed.
	#[serde(serialize_with = "depin_primitives_rpc::format::option_decimal")]
	pub last_epoch_reward: Option<u128>,
	/// Its traffic this epoch so far.
	pub this_epoch: TrafficView,
}

impl From<HotspotUsageView> for HotspotUsageJson {
	fn from(view: HotspotUsageView) -> Self {
		Self {
			current_epoch: view.epoch,
			last_epoch: view.last_epoch.into(),
			last_epoch_reward: view.last_epoch_reward,
			this_epoch: view.this_epoch.into(),
		}
	}
}

/// A hex's paid traffic in an epoch and the coverage weight it gives its hotspots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HexDemandJson {
	/// Paid bytes carried in the hex.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub bytes: u64,
	/// The coverage weight, a fraction of one.
	#[serde(serialize_with = "depin_primitives_rpc::format::perbill")]
	pub coverage_weight: Perbill,
	/// The epoch.
	pub epoch: EpochIndex,
	/// The hex, at the epoch's demand resolution.
	pub hex: CellView,
}

impl From<HexDemandView> for HexDemandJson {
	fn from(view: HexDemandView) -> Self {
		Self {
			bytes: view.bytes,
			coverage_weight: view.coverage_weight,
			epoch: view.epoch,
			hex: view.hex.into(),
		}
	}
}

/// The parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UsageParametersJson {
	/// The cap of a hotspot's reward, in thousandths of the value burned for it.
	pub cap_permille: u32,
	/// The coverage weight of a saturated hex.
	#[serde(serialize_with = "depin_primitives_rpc::format::perbill")]
	pub demand_min_weight: Perbill,
	/// The H3 resolution demand is counted at.
	pub demand_resolution: u8,
	/// Bytes per epoch at which a hex is saturated.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub demand_saturation_bytes: u64,
	/// The floor, likewise.
	pub floor_permille: u32,
	/// The least credits per gigabyte a payer may charge.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub min_price_per_gb: CreditBalance,
}

impl From<UsageParameters> for UsageParametersJson {
	fn from(parameters: UsageParameters) -> Self {
		Self {
			cap_permille: parameters.cap_permille,
			demand_min_weight: parameters.demand_min_weight,
			demand_resolution: parameters.demand_resolution,
			demand_saturation_bytes: parameters.demand_saturation_bytes,
			floor_permille: parameters.floor_permille,
			min_price_per_gb: parameters.min_price_per_gb,
		}
	}
}
