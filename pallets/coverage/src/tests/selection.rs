//! Selection: at most `RewardedWitnesses` valid witnesses, ranked by the beacon's entropy and
//! the witness key, never by the submitter's order.

use crate::{mock::*, *};
use frame_support::assert_ok;

/// Beaconer 1 at `HOME` and witnesses 10..10+count at `NEAR`, all reciprocal.
fn setup(count: u8) -> Vec<u8> {
	let beaconer = hotspot(1, ALICE, HOME);
	reciprocal(beaconer);
	let witnesses: Vec<u8> = (10..10 + count).collect();
	for &n in &witnesses {
		reciprocal(hotspot(n, BOB, NEAR));
	}
	witnesses
}

fn rewarded_set(submission_order: impl Fn(Vec<u8>) -> Vec<u8>) -> Vec<DeviceId> {
	let mut rewarded = Vec::new();
	ExtBuilder.build_and_execute(|| {
		let witnesses = setup(16);
		run_to_block(START + BEACON_INTERVAL);
		let beacon = beacon(1);
		let receipts =
			submission_order(witnesses).into_iter().map(|n| receipt(&beacon, n)).collect();
		assert_ok!(submit(beacon, receipts));
		let (valid, _, chosen) = last_accepted().expect("accepted");
		assert_eq!(valid, 16);
		rewarded = chosen.into_iter().map(|(device, _)| device).collect();
	});
	rewarded
}

#[test]
fn at_most_14_valid_witnesses_are_rewarded_by_entropy_rank() {
	ExtBuilder.build_and_execute(|| {
		let witnesses = setup(16);
		run_to_block(START + BEACON_INTERVAL);
		let beacon = beacon(1);
		let receipts = witnesses.iter().map(|&n| receipt(&beacon, n)).collect();
		assert_ok!(submit(beacon.clone(), receipts));

		let expected = best_ranked(&beacon, &witnesses);

		let (valid, _, rewarded) = last_accepted().expect("accepted");
		assert_eq!(valid, 16);
		assert_eq!(rewarded.len(), REWARDED_WITNESSES as usize);
		assert_eq!(rewarded.into_iter().map(|(d, _)| d).collect::<Vec<_>>(), expected);
		// Every valid witness, selected or not, is recorded for reciprocity.
		for &n in &witnesses {
			assert_eq!(
				Activity::<Test>::get(DeviceId::from(n)).last_valid_witness,
				Some(START + BEACON_INTERVAL)
			);
		}
	});
}

#[test]
fn submitter_order_does_not_change_the_selection() {
	let forward = rewarded_set(|w| w);
	let reversed = rewarded_set(|mut w| {
		w.reverse();
		w
	});
	assert_eq!(forward.len(), REWARDED_WITNESSES as usize);
	assert_eq!(forward, reversed);
}
