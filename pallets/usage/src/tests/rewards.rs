//! Data-transfer rewards: pro rata on rewardable bytes, between the floor and the cap of the
//! value burned, noted per owner in the next epoch's pool.

use crate::{mock::*, *};
use frame_support::assert_ok;

/// Hotspots 1 (Alice) and 2 (Bob) at `HOME` and `NEAR`, and the carrier as a payer.
fn setup() -> PayerId {
	hotspot(1, ALICE, Some(HOME));
	hotspot(2, BOB, Some(NEAR));
	payer()
}

/// The DPN value of the credits `gigabytes` cost at the test price.
fn value_of_gb(gigabytes: u64) -> u128 {
	u128::from(gigabytes) * 50_000 * VALUE_PER_CREDIT
}

#[test]
fn rewards_are_pro_rata_on_bytes_within_the_cap() {
	ExtBuilder.build_and_execute(|| {
		let id = setup();
		assert_ok!(submit(vec![signed(session(1, id, 1, GB)), signed(session(2, id, 2, 3 * GB))]));
		// A budget between the floors and the caps: 1:3 by bytes, each 1× what was burned.
		let budget = value_of_gb(4);
		end_epoch(budget);
		note_all();
		assert_eq!(noted(1, ALICE), budget / 4);
		assert_eq!(noted(1, BOB), budget * 3 / 4);
	});
}

#[test]
fn a_hotspots_reward_is_capped_at_the_cap_of_the_value_its_payers_burned() {
	ExtBuilder.build_and_execute(|| {
		let id = setup();
		assert_ok!(submit(vec![signed(session(1, id, 1, GB))]));
		// A budget a hundred times what was burned: the cap (3×) binds.
		end_epoch(value_of_gb(100));
		note_all();
		assert_eq!(noted(1, ALICE), value_of_gb(1) * 3);
	});
}

#[test]
fn a_hotspots_reward_is_raised_to_the_floor_of_the_value_its_payers_burned() {
	ExtBuilder.build_and_execute(|| {
		let id = setup();
		assert_ok!(submit(vec![signed(session(1, id, 1, GB))]));
		// A budget of a tenth of what was burned: the floor (0.5×) binds.
		end_epoch(value_of_gb(1) / 10);
		note_all();
		assert_eq!(noted(1, ALICE), value_of_gb(1) / 2);
	});
}

#[test]
fn an_owners_hotspots_rewards_are_noted_together() {
	ExtBuilder.build_and_execute(|| {
		let id = setup();
		hotspot(3, ALICE, Some(NEAR));
		assert_ok!(submit(vec![
			signed(session(1, id, 1, GB)),
			signed(session(2, id, 2, GB)),
			signed(session(3, id, 3, 2 * GB)),
		]));
		let budget = value_of_gb(2);
		end_epoch(budget);
		note_all();
		assert_eq!(noted(1, ALICE), budget * 3 / 4);
		assert_eq!(noted(1, BOB), budget / 4);
	});
}

#[test]
fn rewards_are_noted_a_bounded_number_of_hotspots_a_block() {
	ExtBuilder.build_and_execute(|| {
		let id = payer();
		for n in 1..=5u8 {
			hotspot(n, AccountId::from(n) + 20, Some(HOME));
			assert_ok!(submit(vec![signed(session(DeviceId::from(n), id, n, GB))]));
		}
		end_epoch(value_of_gb(5));
		let noted_events = || {
			events()
				.into_iter()
				.filter_map(|event| match event {
					Event::RewardsNoted { hotspots, .. } => Some(hotspots),
					_ => None,
				})
				.collect::<Vec<_>>()
		};
		assert_eq!(noted_events(), vec![MAX_NOTED_PER_BLOCK]);
		note_all();
		assert_eq!(noted_events(), vec![2, 2, 1]);
		for n in 1..=5u64 {
			assert_eq!(noted(1, n + 20), value_of_gb(1));
		}
	});
}

#[test]
fn without_a_price_noting_waits_for_one() {
	ExtBuilder.build_and_execute(|| {
		let id = setup();
		assert_ok!(submit(vec![signed(session(1, id, 1, GB))]));
		FakeValuePerCredit::kill();
		end_epoch(value_of_gb(1));
		run_to_block(System::block_number() + 3);
		assert_eq!(noted(1, ALICE), 0);
		assert!(Noting::<Test>::get().is_none());
		FakeValuePerCredit::put(VALUE_PER_CREDIT);
		note_all();
		assert_eq!(noted(1, ALICE), value_of_gb(1));
	});
}

#[test]
fn an_epoch_not_noted_before_the_next_ends_is_given_up() {
	ExtBuilder.build_and_execute(|| {
		let id = setup();
		assert_ok!(submit(vec![signed(session(1, id, 1, GB))]));
		FakeValuePerCredit::kill();
		end_epoch(value_of_gb(1));
		FakeValuePerCredit::put(VALUE_PER_CREDIT);
		// The epoch ends again before a block with a price notes anything.
		FakeEpoch::put(2);
		run_to_block(System::block_number() + 1);
		assert_eq!(NextToNote::<Test>::get(), 2);
		assert_eq!(noted(1, ALICE) + noted(2, ALICE), 0);
	});
}

#[test]
fn without_budget_or_traffic_nothing_is_noted() {
	ExtBuilder.build_and_execute(|| {
		let id = setup();
		end_epoch(value_of_gb(1));
		assert_eq!(NextToNote::<Test>::get(), 1);
		assert_ok!(submit(vec![signed(session(1, id, 1, GB))]));
		end_epoch(0);
		assert_eq!(NextToNote::<Test>::get(), 2);
		assert_eq!(noted(2, ALICE), 0);
	});
}

#[test]
fn the_hotspot_view_shows_the_reward_its_last_epoch_earns() {
	ExtBuilder.build_and_execute(|| {
		let id = setup();
		assert_ok!(submit(vec![signed(session(1, id, 1, GB))]));
		let view = Usage::hotspot_usage(1);
		assert_eq!((view.this_epoch.bytes, view.last_epoch_reward), (GB, None));
		end_epoch(value_of_gb(1));
		let view = Usage::hotspot_usage(1);
		assert_eq!(view.last_epoch.bytes, GB);
		assert_eq!(view.last_epoch_reward, Some(value_of_gb(1)));
	});
}

/// The self-dealing attack: an approved payer buys its own traffic through a hotspot owned by a
/// second account. With the budget far larger than the traffic, its reward is the cap, 3× the
/// value it burned: the gain the threat model bounds by the payer's epoch limit and bond.
#[test]
fn self_dealing_gains_at_most_the_cap_less_the_burn_and_the_limit_bounds_it() {
	ExtBuilder.build_and_execute(|| {
		let id = payer();
		// The carrier's accomplice owns the hotspot; the epoch limit is one gigabyte's cost.
		hotspot(1, ALICE, Some(HOME));
		assert_ok!(Usage::set_payer_limit(RuntimeOrigin::root(), id, 50_000));
		assert_ok!(submit(vec![signed(session(1, id, 1, GB))]));
		assert_eq!(
			submit(vec![signed(session(1, id, 2, GB))]),
			Err(Error::<Test>::PayerEpochLimitReached.into())
		);
		end_epoch(value_of_gb(1_000));
		note_all();
		let burned = value_of_gb(1);
		let reward = noted(1, ALICE);
		assert_eq!(reward, 3 * burned);
		// The most the pair gains in an epoch: (cap − 1) × the limit's value.
		assert_eq!(reward - burned, 2 * burned);
	});
}
