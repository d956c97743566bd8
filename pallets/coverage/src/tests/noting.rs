//! Noting: the shares hotspots earn in an epoch are noted, summed per owner, in the coverage pool
//! of the next epoch, at most `MaxNotedPerBlock` earners a block, each share exactly once.

use crate::{mock::*, weights::WeightInfo, *};
use depin_primitives::DeviceObserver;
use frame_support::{assert_ok, traits::Hooks};

/// Alice's hotspot 1 beacons, heard by Bob's hotspots 2 to 5 and Charlie's 6: six earners.
/// Returns what Alice, Bob and Charlie earned.
fn one_round() -> (Shares, Shares, Shares) {
	no_clipping();
	reciprocal(hotspot(1, ALICE, HOME));
	for n in 2..=5 {
		reciprocal(hotspot(n, BOB, NEAR));
	}
	reciprocal(hotspot(6, CHARLIE, NEAR));
	run_to_block(START + BEACON_INTERVAL);
	beacon_round();
	(shares(ALICE), shares(BOB), shares(CHARLIE))
}

/// Hotspot 1 beacons now, heard by 2 to 6, and the window closes at once.
fn beacon_round() -> features::Closed {
	// Reciprocity for all six: the witnesses beaconed with a witness lately, the beaconer
	// witnessed lately (its last beacon stays where it was).
	for n in 2..=6 {
		reciprocal(n);
	}
	Activity::<Test>::mutate(1, |activity| {
		activity.last_valid_witness = Some(System::block_number())
	});
	let b = beacon(1);
	let id = b.id();
	let receipts = (2..=6).map(|n| receipt(&b, n)).collect();
	assert_ok!(submit_only(b, receipts));
	close_now(id)
}

/// [`one_round`]; then epoch 1 begins and, before any block notes epoch 0, the same hotspots
/// earn again. Returns what Bob earned in epoch 0 and in epoch 1.
fn earning_again_before_noting() -> (Shares, Shares) {
	let (_, bob_0, _) = one_round();
	run_to_block(START + 2 * BEACON_INTERVAL);
	FakeEpoch::put(1);
	beacon_round();
	let bob_1 = shares(BOB);
	assert!(bob_1 > 0, "Bob earned again in epoch 1");
	(bob_0, bob_1)
}

/// The `SharesNoted` events so far, as (earned in, noted in, hotspots, shares).
fn noted_events() -> Vec<(EpochIndex, EpochIndex, u32, Shares)> {
	events()
		.into_iter()
		.filter_map(|event| match event {
			Event::SharesNoted { earned_in, noted_in, hotspots, shares } => {
				Some((earned_in, noted_in, hotspots, shares))
			}
			_ => None,
		})
		.collect()
}

#[test]
fn shares_earned_in_an_epoch_are_noted_per_owner_in_the_next_epochs_pool() {
	ExtBuilder.build_and_execute(|| {
		let (alice, bob, charlie) = one_round();
		assert!(alice > 0 && bob > 0 && charlie > 0);
		// The close wrote no pool: nothing is noted while the epoch runs.
		assert_eq!((noted(0, ALICE), noted(0, BOB), noted(0, CHARLIE)), (0, 0, 0));
		assert_eq!(Earners::<Test>::iter_prefix(0).count(), 6);

		end_epoch();
		run_to_block(System::block_number() + 1);
		assert_eq!((noted(1, ALICE), noted(1, BOB), noted(1, CHARLIE)), (alice, bob, charlie));
		assert_eq!(Earners::<Test>::iter().count(), 0);
		assert_eq!(NotingEpoch::<Test>::get(), 1);
		// Each record's shares were taken: nothing is left to note.
		for n in 1..=6 {
			assert_eq!(Activity::<Test>::get(n).unnoted_before(1), 0);
		}
	});
}

#[test]
fn noting_is_bounded_per_block_and_resumes_where_it_stopped() {
	ExtBuilder.build_and_execute(|| {
		let (alice, bob, charlie) = one_round();
		let db = <Test as frame_system::Config>::DbWeight::get();
		FakeEpoch::put(1);
		let next = System::block_number() + 1;
		System::set_block_number(next);
		// Four of six earners in this block, charged for four (with the genesis hash and the
		// closing count).
		assert_eq!(
			<Coverage as Hooks<u64>>::on_initialize(next),
			<() as WeightInfo>::note_earners(MAX_NOTED_PER_BLOCK).saturating_add(db.reads(2))
		);
		assert_eq!(Earners::<Test>::iter_prefix(0).count(), 2);
		assert_eq!(NotingEpoch::<Test>::get(), 0);
		run_to_block(next + 1);
		assert_eq!(Earners::<Test>::iter().count(), 0);
		assert_eq!(NotingEpoch::<Test>::get(), 1);
		let events = noted_events();
		assert_eq!(events.len(), 2);
		assert_eq!((events[0].2, events[1].2), (4, 2));
		assert_eq!(events[0].3 + events[1].3, alice + bob + charlie);
		assert_eq!(noted(1, ALICE) + noted(1, BOB) + noted(1, CHARLIE), alice + bob + charlie);
	});
}

#[test]
fn shares_of_an_ended_epoch_are_kept_when_the_hotspot_earns_again_before_they_are_noted() {
	ExtBuilder.build_and_execute(|| {
		// Their epoch-0 shares move aside (`unnoted`), the new ones count for epoch 1.
		let (bob_0, bob_1) = earning_again_before_noting();
		run_to_block(System::block_number() + 2);
		assert_eq!(noted(1, BOB), bob_0, "epoch 0's shares, once");
		end_epoch();
		run_to_block(System::block_number() + 1);
		assert_eq!(noted(2, BOB), bob_1, "epoch 1's shares, once");
	});
}

#[test]
fn a_hotspot_indexed_in_two_ended_epochs_is_noted_once_for_both() {
	ExtBuilder.build_and_execute(|| {
		let (bob_0, bob_1) = earning_again_before_noting();
		// Two epochs end before any block notes: both epochs' earners are noted in epoch 2's
		// pool, each share once, though Bob's hotspots are indexed in both.
		FakeEpoch::put(2);
		run_to_block(System::block_number() + 4);
		assert_eq!(noted(2, BOB), bob_0 + bob_1);
		assert_eq!(Earners::<Test>::iter().count(), 0);
		assert_eq!(NotingEpoch::<Test>::get(), 2);
	});
}

#[test]
fn unnoted_shares_follow_a_hotspot_that_changes_hands() {
	ExtBuilder.build_and_execute(|| {
		let (_, _, charlie) = one_round();
		// Charlie sells hotspot 6 to Alice before epoch 0 is noted: its shares go with it.
		let alice = shares(ALICE);
		FakeRegistry::modify(6, |info| info.owner = ALICE);
		<Coverage as DeviceObserver<AccountId>>::on_owner_changed(6, &CHARLIE, &ALICE);
		end_epoch();
		run_to_block(System::block_number() + 1);
		assert_eq!(noted(1, CHARLIE), 0);
		assert_eq!(noted(1, ALICE), alice + charlie);
	});
}

#[test]
fn a_removed_hotspot_is_noted_at_once_and_not_again() {
	ExtBuilder.build_and_execute(|| {
		let (_, _, charlie) = one_round();
		FakeDevices::remove(6);
		<Coverage as DeviceObserver<AccountId>>::on_removed(6, &CHARLIE);
		assert_eq!(noted(0, CHARLIE), charlie);
		end_epoch();
		run_to_block(System::block_number() + 1);
		assert_eq!(noted(1, CHARLIE), 0);
	});
}

#[test]
fn earners_whose_shares_the_pool_refuses_are_reported() {
	ExtBuilder.build_and_execute(|| {
		one_round();
		FakeRefuseNotes::put(true);
		end_epoch();
		assert!(events().contains(&Event::SharesNotNoted { noted_in: 1, hotspots: 4 }));
		assert_eq!(noted(1, BOB), 0);
	});
}

#[test]
fn a_close_is_charged_the_earner_indexes_it_writes() {
	ExtBuilder.build_and_execute(|| {
		let db = <Test as frame_system::Config>::DbWeight::get();
		one_round();
		// The first earnings of six hotspots in epoch 0 indexed them; a second window of the
		// same hotspots in the same epoch indexes none and is refunded every index write.
		run_to_block(START + 2 * BEACON_INTERVAL);
		let closed = beacon_round();
		assert_eq!(closed.indexed, 0);
		let most = u64::from(REWARDED_WITNESSES) + 1;
		assert_eq!(
			Coverage::close_weight(closed),
			<() as WeightInfo>::close_window().saturating_sub(db.writes(most))
		);
		FakeEpoch::put(1);
		assert_eq!(beacon_round_after(3).indexed, 6);
	});
}

/// Runs `intervals` beacon intervals on from the start and beacons again.
fn beacon_round_after(intervals: u64) -> features::Closed {
	run_to_block(START + intervals * BEACON_INTERVAL);
	beacon_round()
}

#[test]
fn shares_are_weighted_by_the_paid_traffic_of_their_hex_in_the_epoch_they_were_earned() {
	ExtBuilder.build_and_execute(|| {
		let (alice, bob, charlie) = one_round();
		// Paid traffic was carried at Bob's and Charlie's hotspots' location (NEAR) in epoch 0,
		// none at Alice's (HOME); a weight set for epoch 1 does not touch epoch 0's shares.
		FakeDemandWeights::insert((0, NEAR), sp_runtime::Perbill::from_percent(40));
		FakeDemandWeights::insert((1, HOME), sp_runtime::Perbill::zero());
		let weighted = |devices: core::ops::RangeInclusive<DeviceId>| -> Shares {
			devices
				.map(|n| {
					sp_runtime::Perbill::from_percent(40)
						.mul_floor(Activity::<Test>::get(n).epoch_shares)
				})
				.sum()
		};
		let (bob_weighted, charlie_weighted) = (weighted(2..=5), weighted(6..=6));
		assert!(bob_weighted < bob && charlie_weighted < charlie);
		end_epoch();
		run_to_block(System::block_number() + 1);
		assert_eq!(noted(1, ALICE), alice);
		assert_eq!(noted(1, BOB), bob_weighted);
		assert_eq!(noted(1, CHARLIE), charlie_weighted);
	});
}
