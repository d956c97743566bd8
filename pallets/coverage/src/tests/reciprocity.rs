//! Reciprocity (HIP-106): beacons earn only for hotspots that witnessed recently; witnesses earn
//! only for hotspots that beaconed with a witness recently.

use crate::{features::reward_units::*, mock::*, *};
use frame_support::assert_ok;

#[test]
fn beacon_earns_only_if_its_beaconer_witnessed_within_the_window() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		reciprocal(hotspot(2, BOB, NEAR));

		// Never witnessed: the beacon earns nothing, the witness still earns.
		let b = beacon(1);
		let r = receipt(&b, 2);
		assert_ok!(submit(b, vec![r]));
		assert_eq!(last_accepted(), Some((1, 0, vec![(2, UNIT)])));
		assert_eq!(shares(ALICE), 0);

		// Device 1 witnesses device 2's beacon...
		run_to_block(START + BEACON_INTERVAL);
		let b = beacon(2);
		let r = receipt(&b, 1);
		assert_ok!(submit(b, vec![r]));

		// ...so its next beacon earns.
		let b = beacon(1);
		let r = receipt(&b, 2);
		assert_ok!(submit(b, vec![r]));
		assert_eq!(
			last_accepted().map(|(_, beacon_shares, _)| beacon_shares),
			Some(beacon_unit(1))
		);

		// Once the window has passed without witnessing, it stops earning.
		run_to_block(START + BEACON_INTERVAL + RECIPROCITY_WINDOW + 1);
		reciprocal(2);
		let b = beacon(1);
		let r = receipt(&b, 2);
		assert_ok!(submit(b, vec![r]));
		assert_eq!(last_accepted().map(|(_, beacon_shares, _)| beacon_shares), Some(0));
	});
}

#[test]
fn witness_earns_only_if_it_beaconed_with_a_witness_within_the_window() {
	ExtBuilder.build_and_execute(|| {
		reciprocal(hotspot(1, ALICE, HOME));
		hotspot(2, BOB, NEAR);
		hotspot(3, CHARLIE, NEAR);
		run_to_block(START + BEACON_INTERVAL);

		// Device 3 beaconed, but without a witness: that does not count.
		assert_ok!(submit(beacon(3), vec![]));
		assert_eq!(Activity::<Test>::get(3).last_beacon_with_witness, None);

		let b = beacon(1);
		let receipts = vec![receipt(&b, 2), receipt(&b, 3)];
		assert_ok!(submit(b, receipts));
		let (valid, beacon_shares, rewarded) = last_accepted().expect("accepted");
		assert_eq!(valid, 2);
		assert_eq!(beacon_shares, beacon_unit(2));
		let mut rewarded = rewarded;
		rewarded.sort();
		assert_eq!(rewarded, vec![(2, 0), (3, 0)]);
		assert_eq!(shares(BOB), 0);
		assert_eq!(shares(CHARLIE), 0);
		// The beaconer now counts as having beaconed with a witness.
		assert_eq!(
			Activity::<Test>::get(1).last_beacon_with_witness,
			Some(START + BEACON_INTERVAL)
		);
	});
}
