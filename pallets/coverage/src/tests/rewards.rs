//! Rewards: HIP-15 units, summed per owner and noted in the coverage pool of the current epoch.

use crate::{features::reward_units::*, mock::*, *};
use depin_primitives::DeviceObserver;
use frame_support::assert_ok;

#[test]
fn shares_follow_hip15_units_and_accumulate_per_owner() {
	ExtBuilder.build_and_execute(|| {
		no_clipping();
		reciprocal(hotspot(1, ALICE, HOME));
		// Bob owns four witnesses, Charlie one: five witnesses, beyond the redundancy of four.
		for n in 2..=5 {
			reciprocal(hotspot(n, BOB, NEAR));
		}
		reciprocal(hotspot(6, CHARLIE, NEAR));
		FakeEpoch::put(7);
		run_to_block(START + BEACON_INTERVAL);

		let b = beacon(1);
		let receipts = (2..=6).map(|n| receipt(&b, n)).collect();
		assert_ok!(submit(b, receipts));

		assert_eq!(shares(ALICE), beacon_unit(5));
		assert_eq!(beacon_unit(5), 1_200_000_000);
		assert_eq!(shares(BOB), 4 * witness_unit(5));
		assert_eq!(shares(CHARLIE), witness_unit(5));
		assert!(matches!(
			events().last(),
			Some(Event::BeaconRewarded { epoch: 7, valid_witnesses: 5, .. })
		));
	});
}

#[test]
fn a_hotspot_removed_within_its_epoch_has_its_shares_noted_for_its_last_owner_at_once() {
	ExtBuilder.build_and_execute(|| {
		no_clipping();
		reciprocal(hotspot(1, ALICE, HOME));
		reciprocal(hotspot(2, BOB, NEAR));
		FakeEpoch::put(7);
		run_to_block(START + BEACON_INTERVAL);
		let b = beacon(1);
		let r = receipt(&b, 2);
		assert_ok!(submit(b, vec![r]));
		let earned = Activity::<Test>::get(2).epoch_shares;
		assert!(earned > 0);

		// Bob's witness retires and its bond is withdrawn before the epoch ends: its record
		// goes, its shares are noted for Bob at once (and paid with this epoch's pool), and the
		// epoch's books still add up.
		FakeDevices::remove(2);
		<Coverage as DeviceObserver<AccountId>>::on_removed(2, &BOB);
		assert_eq!(Activity::<Test>::get(2), Default::default());
		assert_eq!(RemovedShares::<Test>::get(), (7, earned));
		assert_eq!(noted(7, BOB), earned);
		// Its index entry is left for the noting, which finds no record and notes nothing more.
		end_epoch();
		assert_eq!(noted(8, BOB), 0);
		assert_eq!(Coverage::do_try_state(), Ok(()));
	});
}
