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
