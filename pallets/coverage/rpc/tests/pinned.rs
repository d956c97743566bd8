//! The proof-of-coverage views, byte for byte as the `depin_*` methods have always returned them
//! (`tests/pinned.txt`).

use depin_primitives::H3Cell;
use depin_primitives_rpc::testing::{assert_pinned, sample};
use pallet_coverage::{DensityRule, HexCoverage, HotspotCoverage, Refusal, WitnessInvalid};
use pallet_coverage_rpc::{DensityRuleView, HexCoverageView, HotspotCoverageView};
use sp_runtime::Perbill;

#[test]
fn coverage_views_are_pinned() {
	let reasons = [
		WitnessInvalid::SelfWitness,
		WitnessInvalid::Duplicate,
		WitnessInvalid::FrequencyMismatch,
		WitnessInvalid::TooClose,
		WitnessInvalid::TooFar,
		WitnessInvalid::SignalTooStrong,
		WitnessInvalid::BadSignature,
		WitnessInvalid::NotActive,
		WitnessInvalid::Denylisted,
		WitnessInvalid::LocationMismatch,
		WitnessInvalid::SameOwner,
	];
	let hotspot = HotspotCoverage {
		current_epoch: 3,
		last_beacon: Some(10u32),
		last_beacon_with_witness: None,
		last_valid_witness: Some(9),
		epoch_shares: 1_000_000_000,
		counted_at: Some(H3Cell(0x08c2a1072b59b9ff)),
		refusals: (0u64..)
			.zip(reasons)
			.map(|(beaconer, reason)| Refusal { at: 8, beaconer, reason })
			.collect(),
	};
	let fresh = HotspotCoverage::<u32> {
		current_epoch: 0,
		last_beacon: None,
		last_beacon_with_witness: None,
		last_valid_witness: None,
		epoch_shares: 0,
		counted_at: None,
		refusals: vec![],
	};
	let hex = HexCoverage {
		hex: H3Cell(0x08c2a1072b59b9ff),
		count: 4,
		transmit_scale: Some(Perbill::from_percent(50)),
		scale_fixed: true,
	};
	let unscaled = HexCoverage { transmit_scale: None, scale_fixed: false, ..hex.clone() };
	let rules = [
		DensityRule { neighbors: 2, target: 1, max: 1 },
		DensityRule { neighbors: 2, target: 5, max: 7 },
	];
	assert_pinned(
		concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pinned.txt"),
		&[
			sample("hex_coverage", &HexCoverageView::from(hex)),
			sample("hex_coverage_unscaled", &HexCoverageView::from(unscaled)),
			sample("hex_coverage_none", &None::<HexCoverageView>),
			sample("hotspot_coverage", &HotspotCoverageView::from(hotspot)),
			sample("hotspot_coverage_fresh", &HotspotCoverageView::from(fresh)),
			sample("density_rules", &DensityRuleView::table(&rules)),
		],
	);
}

#[test]
fn explorer_views_are_pinned() {
	use pallet_coverage::{CoverageActivity, HexPage, HotspotPage};
	use pallet_coverage_rpc::{
		ActivityPageView, ActivityView, BlockActivityView, HexPageView, HotspotPageView,
	};
	let region = H3Cell(0x08c2a1072b59b9ff).parent(4).expect("a resolution-4 parent");
	let hex = HexCoverage { hex: region, count: 3, transmit_scale: None, scale_fixed: false };
	let regions = HexPage { hexes: vec![hex.clone()], next: Some(region) };
	let under = HexPage { hexes: vec![hex], next: None::<u64> };
	let hotspots = HotspotPage { hotspots: vec![(7, H3Cell(0x08c2a1072b59b9ff))], next: Some(7) };
	let beacon = [0xab; 32];
	let events = vec![
		CoverageActivity::BeaconAccepted { beacon, beaconer: 1, closes_at: 12u32 },
		CoverageActivity::ReceiptsCounted { beacon, count: 2 },
		CoverageActivity::BeaconRewarded {
			beacon,
			beaconer: 1,
			epoch: 3,
			valid_witnesses: 1,
			shares: 500,
			witnesses: vec![(2, 250)],
		},
		CoverageActivity::WitnessInvalid { beacon, witness: 4, reason: WitnessInvalid::TooClose },
	];
	let activity = ActivityPageView {
		blocks: vec![BlockActivityView {
			block: 12,
			events: events.into_iter().map(ActivityView::from).collect(),
			hash: "0x01".into(),
		}],
		from: 3,
		to: 12,
	};
	assert_pinned(
		concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pinned-explorer.txt"),
		&[
			sample("regions", &HexPageView::regions(regions)),
			sample("hexes_under", &HexPageView::from(under)),
			sample("hotspots_under", &HotspotPageView::from(hotspots)),
			sample("coverage_activity", &activity),
		],
	);
}
