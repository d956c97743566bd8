//! Demand-weighted coverage: a hex's paid traffic lowers its hotspots' coverage weight.

use crate::{mock::*, *};
use depin_primitives::DemandWeight;
use frame_support::assert_ok;
use sp_runtime::Perbill;

#[test]
fn the_coverage_weight_falls_linearly_with_traffic_to_the_minimum() {
	let parameters = UsageParameters::testnet();
	let saturation = parameters.demand_saturation_bytes;
	assert_eq!(parameters.coverage_weight(0), Perbill::one());
	assert_eq!(parameters.coverage_weight(saturation / 2), Perbill::from_percent(60));
	assert_eq!(parameters.coverage_weight(saturation), Perbill::from_percent(20));
	assert_eq!(parameters.coverage_weight(saturation * 10), Perbill::from_percent(20));
}

#[test]
fn a_busy_hex_weighs_less_than_a_quiet_one() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, Some(HOME));
		let id = payer();
		assert_ok!(submit(vec![signed(session(1, id, 1, 50 * GB))]));
		let busy = Usage::coverage_weight(0, HOME);
		let quiet = Usage::coverage_weight(0, NEAR);
		assert_eq!(busy, Perbill::from_percent(60));
		assert_eq!(quiet, Perbill::one());
		let view = Usage::hex_demand(0, HOME).expect("a location");
		assert_eq!((view.hex, view.bytes), (HOME.parent(8).expect("res 8"), 50 * GB));
	});
}

#[test]
fn an_epochs_demand_keeps_the_resolution_it_started_with() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, Some(HOME));
		let id = payer();
		assert_ok!(submit(vec![signed(session(1, id, 1, GB))]));
		let mut parameters = UsageParameters::testnet();
		parameters.demand_resolution = 6;
		assert_ok!(Usage::set_parameters(RuntimeOrigin::root(), parameters));
		assert_ok!(submit(vec![signed(session(1, id, 2, GB))]));
		let hex = HOME.parent(8).expect("res 8");
		assert_eq!(HexDemand::<Test>::get(0, hex), Some(2 * GB));
		assert_eq!(Usage::hex_demand(0, HOME).map(|view| view.hex), Some(hex));
		end_epoch(0);
		assert_ok!(submit(vec![signed(session(1, id, 3, GB))]));
		assert_eq!(Usage::hex_demand(1, HOME).map(|view| view.hex), HOME.parent(6));
	});
}
