//! Rewards: shares per (epoch, pool, account), paid `pool × shares / all shares` rounded down by
//! claim or in bounded `on_idle` batches, with the dust rolled over.

use crate::{mock::*, *};
use depin_primitives::RewardShares;
use frame_support::{assert_noop, assert_ok, weights::Weight};

/// The coverage pool of an epoch with the full emission and no rollover: 35 % of 1,000 DPN.
const COVERAGE_POOL: Balance = 350 * DPN;

fn note(pool: RewardPool, who: AccountId, shares: Shares) {
	let epoch = <Bme as RewardShares<AccountId>>::current_epoch();
	assert_ok!(<Bme as RewardShares<AccountId>>::note_shares(pool, epoch, &who, shares));
}

fn paid_events() -> usize {
	events().iter().filter(|event| matches!(event, Event::RewardPaid { .. })).count()
}

#[test]
fn shares_accumulate_per_epoch_pool_and_account() {
	ExtBuilder::default().build_and_execute(|| {
		note(RewardPool::Coverage, ALICE, 10);
		note(RewardPool::Coverage, ALICE, 10);
		note(RewardPool::Coverage, BOB, 30);
		note(RewardPool::ComputeAvailability, ALICE, 5);
		assert_eq!(AccountShares::<Test>::get((0, RewardPool::Coverage), ALICE), Some(20));
		assert_eq!(
			Pools::<Test>::get((0, RewardPool::Coverage)),
			Some(PoolInfo { total_shares: 50, holders: 2, amount: 0, paid: 0 })
		);
		assert_eq!(
			Pools::<Test>::get((0, RewardPool::ComputeAvailability)).map(|p| p.total_shares),
			Some(5)
		);
		// Zero shares note nothing.
		note(RewardPool::Coverage, CHARLIE, 0);
		assert_eq!(AccountShares::<Test>::get((0, RewardPool::Coverage), CHARLIE), None);
	});
}

/// The pool and share map of (epoch 0, `pool`) after `note`.
fn noted(
	pool: RewardPool,
	note: impl FnOnce(),
) -> (Option<PoolInfo<Balance>>, Vec<(AccountId, Shares)>) {
	let mut state = (None, Vec::new());
	ExtBuilder::default().build_and_execute(|| {
		note();
		let mut holders: Vec<_> = AccountShares::<Test>::iter_prefix((0, pool)).collect();
		holders.sort();
		state = (Pools::<Test>::get((0, pool)), holders);
	});
	state
}

#[test]
fn a_batch_of_notes_equals_the_same_notes_one_by_one() {
	let existing = [(ALICE, 7)];
	let batches: [&[(AccountId, Shares)]; 5] = [
		&[],
		&[(BOB, 0)],
		&[(ALICE, 1), (BOB, 2), (CHARLIE, 3)],
		&[(BOB, 2), (ALICE, 0), (BOB, 5), (ALICE, 4)],
		&[(CHARLIE, 1), (CHARLIE, 1), (CHARLIE, 1)],
	];
	for batch in batches {
		let pool = RewardPool::Coverage;
		let one_by_one = noted(pool, || {
			for (who, shares) in existing.iter().chain(batch) {
				note(pool, *who, *shares);
			}
		});
		let batched = noted(pool, || {
			note(pool, ALICE, 7);
			assert_ok!(<Bme as RewardShares<AccountId>>::note_many_shares(pool, 0, batch));
		});
		assert_eq!(batched, one_by_one, "{batch:?}");
	}
}

#[test]
fn a_batch_that_would_overflow_or_is_not_for_the_current_epoch_notes_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		note(RewardPool::Coverage, ALICE, Shares::MAX - 1);
		// Bob's note alone is fine; Alice's second overflows her total: neither is noted.
		assert_noop!(
			Bme::note_many_shares(RewardPool::Coverage, 0, &[(BOB, 1), (ALICE, 2)]),
			ArithmeticError::Overflow
		);
		// The pool's total overflows although no account's does.
		assert_noop!(
			Bme::note_many_shares(RewardPool::Coverage, 0, &[(BOB, 2)]),
			ArithmeticError::Overflow
		);
		assert_noop!(
			Bme::note_many_shares(RewardPool::Validators, 1, &[(BOB, 1)]),
			Error::<Test>::EpochNotCurrent
		);
	});
}

#[test]
fn shares_are_noted_only_for_the_current_epoch() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Bme::note_shares(RewardPool::Coverage, 1, &ALICE, 1),
			Error::<Test>::EpochNotCurrent
		);
		run_to_epoch(1);
		assert_noop!(
			Bme::note_shares(RewardPool::Coverage, 0, &ALICE, 1),
			Error::<Test>::EpochNotCurrent
		);
		assert_ok!(Bme::note_shares(RewardPool::Coverage, 1, &ALICE, 1));
	});
}

#[test]
fn claim_pays_pool_times_shares_over_total_rounded_down() {
	ExtBuilder::default().build_and_execute(|| {
		note(RewardPool::Coverage, ALICE, 1);
		note(RewardPool::Coverage, BOB, 2);
		run_to_epoch(1);

		assert_ok!(Bme::claim_rewards(RuntimeOrigin::signed(ALICE), 0, RewardPool::Coverage));
		assert_eq!(free(ALICE), STARTING_BALANCE + COVERAGE_POOL / 3);
		System::assert_last_event(
			Event::RewardPaid {
				epoch: 0,
				pool: RewardPool::Coverage,
				who: ALICE,
				amount: COVERAGE_POOL / 3,
			}
			.into(),
		);
		assert_ok!(Bme::claim_rewards(RuntimeOrigin::signed(BOB), 0, RewardPool::Coverage));
		assert_eq!(free(BOB), STARTING_BALANCE + COVERAGE_POOL * 2 / 3);
		let pool = Pools::<Test>::get((0, RewardPool::Coverage)).expect("not completed yet; qed");
		assert_eq!(pool.paid, COVERAGE_POOL / 3 + COVERAGE_POOL * 2 / 3);
		assert_eq!(pool.amount - pool.paid, 1);
	});
}

#[test]
fn rewards_are_claimable_only_after_the_epoch_ends() {
	ExtBuilder::default().build_and_execute(|| {
		note(RewardPool::Coverage, ALICE, 1);
		assert_noop!(
			Bme::claim_rewards(RuntimeOrigin::signed(ALICE), 0, RewardPool::Coverage),
			Error::<Test>::EpochNotEnded
		);
		run_to_epoch(1);
		assert_ok!(Bme::claim_rewards(RuntimeOrigin::signed(ALICE), 0, RewardPool::Coverage));
	});
}

#[test]
fn claiming_twice_pays_once() {
	ExtBuilder::default().build_and_execute(|| {
		note(RewardPool::Coverage, ALICE, 1);
		run_to_epoch(1);
		assert_ok!(Bme::claim_rewards(RuntimeOrigin::signed(ALICE), 0, RewardPool::Coverage));
		assert_noop!(
			Bme::claim_rewards(RuntimeOrigin::signed(ALICE), 0, RewardPool::Coverage),
			Error::<Test>::NothingToClaim
		);
		assert_noop!(
			Bme::claim_rewards(RuntimeOrigin::signed(BOB), 0, RewardPool::Coverage),
			Error::<Test>::NothingToClaim
		);
	});
}

#[test]
fn on_idle_pays_unclaimed_rewards_in_bounded_batches() {
	ExtBuilder::default().build_and_execute(|| {
		for who in 100..112 {
			note(RewardPool::Coverage, who, 1);
		}
		run_to_epoch(1);

		// MaxPayoutsPerBlock = 5.
		idle(Weight::MAX);
		assert_eq!(paid_events(), 5);
		assert_eq!(Pools::<Test>::get((0, RewardPool::Coverage)).map(|p| p.holders), Some(7));
		idle(Weight::MAX);
		assert_eq!(paid_events(), 10);
		// The last two, then the epoch completes.
		idle(Weight::MAX);
		assert_eq!(paid_events(), 12);
		assert_eq!(Pools::<Test>::get((0, RewardPool::Coverage)), None);
		assert_eq!(OldestUnpaidEpoch::<Test>::get(), 1);
		for who in 100..112 {
			assert_eq!(free(who), COVERAGE_POOL / 12);
		}
		// Nothing left to do.
		idle(Weight::MAX);
		assert_eq!(paid_events(), 12);
	});
}

#[test]
fn on_idle_respects_the_remaining_weight() {
	ExtBuilder::default().build_and_execute(|| {
		for who in 100..110 {
			note(RewardPool::Coverage, who, 1);
		}
		run_to_epoch(1);

		assert_eq!(idle(Weight::zero()), Weight::zero());
		assert_eq!(paid_events(), 0);

		let payout = <() as WeightInfo>::on_idle_payout();
		let limit = payout.saturating_mul(2).saturating_add(payout.saturating_div(2));
		let used = idle(limit);
		assert!(used.all_lte(limit));
		assert_eq!(paid_events(), 2);
	});
}

#[test]
fn claimed_and_idle_payouts_never_pay_an_account_twice() {
	ExtBuilder::default().build_and_execute(|| {
		note(RewardPool::Coverage, ALICE, 1);
		note(RewardPool::Coverage, BOB, 1);
		run_to_epoch(1);
		assert_ok!(Bme::claim_rewards(RuntimeOrigin::signed(ALICE), 0, RewardPool::Coverage));
		idle(Weight::MAX);
		assert_eq!(free(ALICE), STARTING_BALANCE + COVERAGE_POOL / 2);
		assert_eq!(free(BOB), STARTING_BALANCE + COVERAGE_POOL / 2);
		assert_eq!(paid_events(), 2);
	});
}

#[test]
fn dust_rolls_over_into_the_next_epochs_pool() {
	ExtBuilder::default().build_and_execute(|| {
		note(RewardPool::Coverage, ALICE, 1);
		note(RewardPool::Coverage, BOB, 2);
		run_to_epoch(1);
		note(RewardPool::Coverage, ALICE, 1);
		idle(Weight::MAX);
		// 350 DPN / 3 leaves one base unit unpaid.
		System::assert_has_event(
			Event::EpochRewardsCompleted {
				epoch: 0,
				coverage_dust: 1,
				compute_availability_dust: 0,
				data_transfer_dust: 0,
			}
			.into(),
		);
		assert_eq!(Rollover::<Test>::get().coverage, 1);
		run_to_epoch(2);
		assert_eq!(
			Pools::<Test>::get((1, RewardPool::Coverage)).map(|p| p.amount),
			Some(COVERAGE_POOL + 1)
		);
	});
}

#[test]
fn unpayable_reward_is_forfeited_and_rolls_over() {
	ExtBuilder::default().build_and_execute(|| {
		note(RewardPool::Coverage, ALICE, 1_000_000);
		note(RewardPool::Coverage, NOBODY, 1);
		run_to_epoch(1);

		// About 0.00035 DPN, below the existential deposit, to an account that does not exist.
		assert_noop!(
			Bme::claim_rewards(RuntimeOrigin::signed(NOBODY), 0, RewardPool::Coverage),
			Error::<Test>::RewardBelowExistentialDeposit
		);
		idle(Weight::MAX);
		let nobody_reward = COVERAGE_POOL / 1_000_001;
		System::assert_has_event(
			Event::RewardForfeited {
				epoch: 0,
				pool: RewardPool::Coverage,
				who: NOBODY,
				amount: nobody_reward,
			}
			.into(),
		);
		let alice_reward = free(ALICE) - STARTING_BALANCE;
		assert_eq!(Rollover::<Test>::get().coverage, COVERAGE_POOL - alice_reward);
		assert!(Rollover::<Test>::get().coverage >= nobody_reward);
		assert_eq!(free(NOBODY), 0);
	});
}

#[test]
fn pending_rewards_show_ended_and_running_epochs() {
	ExtBuilder::default().build_and_execute(|| {
		note(RewardPool::Coverage, ALICE, 1);
		note(RewardPool::Coverage, BOB, 3);
		run_to_epoch(1);
		note(RewardPool::ComputeAvailability, ALICE, 2);
		assert_eq!(
			Bme::pending_rewards(&ALICE),
			[
				PendingReward {
					epoch: 1,
					pool: RewardPool::ComputeAvailability,
					shares: 2,
					total_shares: 2,
					amount: None,
				},
				PendingReward {
					epoch: 0,
					pool: RewardPool::Coverage,
					shares: 1,
					total_shares: 4,
					amount: Some(COVERAGE_POOL / 4),
				},
			]
		);
	});
}
