//! What the proof-of-coverage methods return, as JSON: fields in alphabetical order (the order
//! the `depin_*` JSON has always had), shares as decimal strings, H3 cells as
//! `{"cell", "resolution"}`.

use depin_primitives::H3Cell;
use depin_primitives::{DeviceId, EpochIndex, Shares};
use depin_primitives_rpc::views::CellView;
use pallet_coverage::{
	CoverageActivity, DensityRule, HexCoverage, HexPage, HotspotCoverage, HotspotPage, Refusal,
	WitnessInvalid,
};
use serde::Serialize;
use sp_runtime::Perbill;

/// A hex's coverage: its count of active, located hotspots and its transmit scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HexCoverageView {
	/// Active, located hotspots in the hex.
	pub count: u32,
	/// The hex.
	pub hex: CellView,
	/// Whether `transmitScale` is the one fixed for the current epoch by an earlier report.
	#[serde(rename = "scaleFixedForEpoch")]
	pub scale_fixed: bool,
	/// The transmit scale of a hotspot in the hex, a fraction of one, for hexes at resolution
	/// 10 or finer; `null` for coarser hexes, which hold many hexes of different scales.
	#[serde(serialize_with = "depin_primitives_rpc::format::option_perbill")]
	pub transmit_scale: Option<Perbill>,
}

impl From<HexCoverage> for HexCoverageView {
	fn from(coverage: HexCoverage) -> Self {
		Self {
			count: coverage.count,
			hex: coverage.hex.into(),
			scale_fixed: coverage.scale_fixed,
			transmit_scale: coverage.transmit_scale,
		}
	}
}

/// A hotspot's proof-of-coverage record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "BlockNumber: Serialize"))]
pub struct HotspotCoverageView<BlockNumber> {
	/// Where it is counted in the hex densities: its location while active and located.
	pub counted_at: Option<CellView>,
	/// The epoch running.
	pub current_epoch: EpochIndex,
	/// Its coverage shares this epoch.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub epoch_shares: Shares,
	/// The block of its last beacon.
	pub last_beacon: Option<BlockNumber>,
	/// The block of its last beacon with a valid witness.
	pub last_beacon_with_witness: Option<BlockNumber>,
	/// The block of its last valid witness receipt.
	pub last_valid_witness: Option<BlockNumber>,
	/// Its receipts that were refused, and why.
	pub refusals: Vec<RefusalView<BlockNumber>>,
}

impl<BlockNumber> From<HotspotCoverage<BlockNumber>> for HotspotCoverageView<BlockNumber> {
	fn from(coverage: HotspotCoverage<BlockNumber>) -> Self {
		Self {
			counted_at: coverage.counted_at.map(CellView::from),
			current_epoch: coverage.current_epoch,
			epoch_shares: coverage.epoch_shares,
			last_beacon: coverage.last_beacon,
			last_beacon_with_witness: coverage.last_beacon_with_witness,
			last_valid_witness: coverage.last_valid_witness,
			refusals: coverage.refusals.into_iter().map(RefusalView::from).collect(),
		}
	}
}

/// A refused witness receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(bound(serialize = "BlockNumber: Serialize"))]
pub struct RefusalView<BlockNumber> {
	/// The block of the report.
	pub at: BlockNumber,
	/// The beaconer the receipt was for.
	pub beaconer: DeviceId,
	/// Why it was refused.
	pub reason: WitnessInvalidView,
}

impl<BlockNumber> From<Refusal<BlockNumber>> for RefusalView<BlockNumber> {
	fn from(refusal: Refusal<BlockNumber>) -> Self {
		Self { at: refusal.at, beaconer: refusal.beaconer, reason: refusal.reason.into() }
	}
}

/// Why a witness receipt was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum WitnessInvalidView {
	/// The witness is the beaconer itself.
	SelfWitness,
	/// A receipt from this witness came earlier in the same report.
	Duplicate,
	/// The witness's frequency is more than 100 kHz away from the beacon's.
	FrequencyMismatch,
	/// The witness is too close to the beaconer.
	TooClose,
	/// The witness is too far from the beaconer.
	TooFar,
	/// The signal is stronger than free-space path loss allows.
	SignalTooStrong,
	/// The signature does not verify with the witness's key.
	BadSignature,
	/// The witness is not an active, located hotspot.
	NotActive,
	/// The witness, or the pair, is denylisted.
	Denylisted,
	/// The receipt's location is not the witness's asserted one.
	LocationMismatch,
	/// The witness has the beaconer's owner.
	SameOwner,
	/// The beacon's window was full and the receipt ranked no better than its worst.
	Outranked,
}

impl From<WitnessInvalid> for WitnessInvalidView {
	fn from(reason: WitnessInvalid) -> Self {
		match reason {
			WitnessInvalid::SelfWitness => Self::SelfWitness,
			WitnessInvalid::Duplicate => Self::Duplicate,
			WitnessInvalid::FrequencyMismatch => Self::FrequencyMismatch,
			WitnessInvalid::TooClose => Self::TooClose,
			WitnessInvalid::TooFar => Self::TooFar,
			WitnessInvalid::SignalTooStrong => Self::SignalTooStrong,
			WitnessInvalid::BadSignature => Self::BadSignature,
			WitnessInvalid::NotActive => Self::NotActive,
			WitnessInvalid::Denylisted => Self::Denylisted,
			WitnessInvalid::LocationMismatch => Self::LocationMismatch,
			WitnessInvalid::SameOwner => Self::SameOwner,
			WitnessInvalid::Outranked => Self::Outranked,
		}
	}
}

/// One density rule with its resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DensityRuleView {
	/// The largest limit.
	pub max: u32,
	/// `N`: occupied hexes in the disk before the limit grows.
	pub neighbors: u32,
	/// The H3 resolution the rule is for.
	pub resolution: u8,
	/// Hotspots that make a hex occupied, and the limit's step.
	pub target: u32,
}

impl DensityRuleView {
	/// The density table as a list, from its lowest resolution up.
	pub fn table(rules: &[DensityRule]) -> Vec<Self> {
		(pallet_coverage::DENSITY_MIN_RESOLUTION..)
			.zip(rules)
			.map(|(resolution, rule)| Self {
				max: rule.max,
				neighbors: rule.neighbors,
				resolution,
				target: rule.target,
			})
			.collect()
	}
}

/// One page of hexes: `next` is where the following page starts (`null`: none), a cell for
/// `depin_regions` and a device id for `depin_hexesUnder`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(bound(serialize = "Cursor: Serialize"))]
pub struct HexPageView<Cursor> {
	/// The hexes with their counts.
	pub hexes: Vec<HexCoverageView>,
	/// Pass it as `startAfter` for the next page.
	pub next: Option<Cursor>,
}

impl HexPageView<String> {
	/// A page of regions, its cursor a cell as `0x` and 16 hex digits.
	pub fn regions(page: HexPage<H3Cell>) -> Self {
		Self {
			hexes: page.hexes.into_iter().map(HexCoverageView::from).collect(),
			next: page.next.map(|cell| CellView::from(cell).cell),
		}
	}
}

impl From<HexPage<DeviceId>> for HexPageView<DeviceId> {
	fn from(page: HexPage<DeviceId>) -> Self {
		Self { hexes: page.hexes.into_iter().map(HexCoverageView::from).collect(), next: page.next }
	}
}

/// A located hotspot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocatedView {
	/// The device id.
	pub id: DeviceId,
	/// Where it is counted.
	pub location: CellView,
}

/// One page of located hotspots; `next` is the device the following page starts after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HotspotPageView {
	/// The hotspots.
	pub hotspots: Vec<LocatedView>,
	/// Pass it as `startAfter` for the next page; `null` when there is none.
	pub next: Option<DeviceId>,
}

impl From<HotspotPage> for HotspotPageView {
	fn from(page: HotspotPage) -> Self {
		Self {
			hotspots: page
				.hotspots
				.into_iter()
				.map(|(id, cell)| LocatedView { id, location: cell.into() })
				.collect(),
			next: page.next,
		}
	}
}

/// A rewarded witness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RewardedView {
	/// The witness.
	pub id: DeviceId,
	/// Its shares.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub shares: Shares,
}

/// One proof-of-coverage event, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[serde(bound(serialize = "BlockNumber: Serialize"))]
pub enum ActivityView<BlockNumber> {
	/// A beacon was accepted.
	#[serde(rename_all = "camelCase")]
	BeaconAccepted {
		/// The beacon id, `0x` and 64 hex digits.
		beacon: String,
		/// The beaconer.
		beaconer: DeviceId,
		/// The block its window closes at.
		closes_at: BlockNumber,
	},
	/// Valid receipts were counted in the beacon's window.
	#[serde(rename_all = "camelCase")]
	ReceiptsCounted {
		/// The beacon id.
		beacon: String,
		/// How many.
		count: u32,
	},
	/// The beacon's window closed and its rewards were noted.
	#[serde(rename_all = "camelCase")]
	BeaconRewarded {
		/// The beacon id.
		beacon: String,
		/// The beaconer.
		beaconer: DeviceId,
		/// The epoch the shares went to.
		epoch: EpochIndex,
		/// The beaconer's shares.
		#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
		shares: Shares,
		/// Receipts the window counted as valid.
		valid_witnesses: u32,
		/// The rewarded witnesses.
		witnesses: Vec<RewardedView>,
	},
	/// A witness receipt was not counted.
	#[serde(rename_all = "camelCase")]
	WitnessInvalid {
		/// The beacon id.
		beacon: String,
		/// Why.
		reason: WitnessInvalidView,
		/// The witness.
		witness: DeviceId,
	},
}

impl<BlockNumber> From<CoverageActivity<BlockNumber>> for ActivityView<BlockNumber> {
	fn from(activity: CoverageActivity<BlockNumber>) -> Self {
		let id = |beacon: [u8; 32]| depin_primitives_rpc::format::hex_encode(&beacon);
		match activity {
			CoverageActivity::BeaconAccepted { beacon, beaconer, closes_at } => {
				Self::BeaconAccepted { beacon: id(beacon), beaconer, closes_at }
			}
			CoverageActivity::ReceiptsCounted { beacon, count } => {
				Self::ReceiptsCounted { beacon: id(beacon), count }
			}
			CoverageActivity::BeaconRewarded {
				beacon,
				beaconer,
				epoch,
				valid_witnesses,
				shares,
				witnesses,
			} => Self::BeaconRewarded {
				beacon: id(beacon),
				beaconer,
				epoch,
				shares,
				valid_witnesses,
				witnesses: witnesses
					.into_iter()
					.map(|(id, shares)| RewardedView { id, shares })
					.collect(),
			},
			CoverageActivity::WitnessInvalid { beacon, witness, reason } => {
				Self::WitnessInvalid { beacon: id(beacon), reason: reason.into(), witness }
			}
		}
	}
}

/// One block's proof-of-coverage activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(bound(serialize = "BlockNumber: Serialize"))]
pub struct BlockActivityView<BlockNumber> {
	/// The block number.
	pub block: u64,
	/// Its events.
	pub events: Vec<ActivityView<BlockNumber>>,
	/// The block hash.
	pub hash: String,
}

/// The activity of a run of blocks, newest first; only blocks with events are listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(bound(serialize = "BlockNumber: Serialize"))]
pub struct ActivityPageView<BlockNumber> {
	/// The blocks with events, newest first.
	pub blocks: Vec<BlockActivityView<BlockNumber>>,
	/// The oldest block read.
	pub from: u64,
	/// The newest block read.
	pub to: u64,
}
