//! The data-transfer pool: the part set aside when an epoch ends is the budget of the data
//! carried in it, paid when the next epoch ends to the rewards noted in that epoch's pool, pro
//! rata less when they exceed it; what it leaves goes where governance chose.

use crate::{mock::*, *};
use depin_primitives::{DataTransferRewards, RewardShares};
use frame_support::{assert_ok, traits::OnRuntimeUpgrade};

/// The budget of an epoch at the testnet split: 10 % of the emission.
const BUDGET: Balance = INITIAL_EMISSION / 10;
/// The coverage part at the testnet split: 25 %.
const COVERAGE: Balance = INITIAL_EMISSION / 4;

/// The testnet split (25 % coverage, 10 % data transfer), the remainder to `remainder`.
fn with_data(remainder: DataTransferRemainder) -> ExtBuilder {
	ExtBuilder::default().parameters(|parameters| {
		parameters.split = PoolSplit::testnet();
		parameters.data_transfer_remainder = remainder;
	})
}

fn note(pool: RewardPool, who: AccountId, shares: Shares) {
	assert_ok!(Bme::note_shares(pool, CurrentEpoch::<Test>::get(), &who, shares));
}

fn claim(who: AccountId, epoch: EpochIndex, pool: RewardPool) -> Balance {
	let before = free(who);
	assert_ok!(Bme::claim_rewards(RuntimeOrigin::signed(who), epoch, pool));
	free(who) - before
}

#[test]
fn the_data_transfer_part_is_set_aside_as_the_budget_of_the_epoch_that_ended() {
	with_data(DataTransferRemainder::Coverage).build_and_execute(|| {
		assert_eq!(Bme::data_transfer_budget(0), 0);
		run_to_epoch(1);
		assert_eq!(DataTransferBudgets::<Test>::get(0), Some(BUDGET));
		assert_eq!(Bme::data_transfer_budget(0), BUDGET);
		assert!(events().iter().any(|event| matches!(
			event,
			Event::EpochEnded { epoch: 0, data_transfer_budget: BUDGET, .. }
		)));
	});
}

#[test]
fn the_pool_pays_the_noted_rewards_and_the_remainder_joins_the_coverage_pool() {
	with_data(DataTransferRemainder::Coverage).build_and_execute(|| {
		run_to_epoch(1);
		note(RewardPool::DataTransfer, ALICE, 30 * DPN);
		note(RewardPool::DataTransfer, BOB, 10 * DPN);
		note(RewardPool::Coverage, CHARLIE, 1);
		run_to_epoch(2);
		assert_eq!(
			Pools::<Test>::get((1, RewardPool::DataTransfer)).map(|pool| pool.amount),
			Some(40 * DPN)
		);
		assert_eq!(claim(ALICE, 1, RewardPool::DataTransfer), 30 * DPN);
		assert_eq!(claim(BOB, 1, RewardPool::DataTransfer), 10 * DPN);
		// Epoch 0's coverage pool rolled over into epoch 1's, which also takes the remainder.
		assert_eq!(
			Pools::<Test>::get((1, RewardPool::Coverage)).map(|pool| pool.amount),
			Some(2 * COVERAGE + BUDGET - 40 * DPN)
		);
		assert_eq!(DataTransferBudgets::<Test>::get(0), None);
		assert_eq!(DataTransferBudgets::<Test>::get(1), Some(BUDGET));
	});
}

#[test]
fn rewards_noted_over_the_budget_are_paid_pro_rata_less() {
	with_data(DataTransferRemainder::Coverage).build_and_execute(|| {
		run_to_epoch(1);
		note(RewardPool::DataTransfer, ALICE, 3 * BUDGET / 2);
		note(RewardPool::DataTransfer, BOB, BUDGET / 2);
		run_to_epoch(2);
		System::assert_has_event(
			Event::DataTransferScaled { epoch: 1, noted: 2 * BUDGET, budget: BUDGET }.into(),
		);
		assert_eq!(claim(ALICE, 1, RewardPool::DataTransfer), 3 * BUDGET / 4);
		assert_eq!(claim(BOB, 1, RewardPool::DataTransfer), BUDGET / 4);
	});
}

#[test]
fn the_remainder_can_go_to_the_treasury() {
	with_data(DataTransferRemainder::Treasury).build_and_execute(|| {
		run_to_epoch(1);
		note(RewardPool::DataTransfer, ALICE, 40 * DPN);
		let treasury = free(TREASURY);
		run_to_epoch(2);
		// The treasury's own part of epoch 1 plus the remainder of epoch 0's budget.
		assert_eq!(free(TREASURY) - treasury, INITIAL_EMISSION / 10 + BUDGET - 40 * DPN);
		System::assert_has_event(
			Event::DataTransferRemainderPaid { epoch: 1, to: TREASURY, amount: BUDGET - 40 * DPN }
				.into(),
		);
	});
}

#[test]
fn the_remainder_can_go_to_the_next_budget() {
	with_data(DataTransferRemainder::NextBudget).build_and_execute(|| {
		run_to_epoch(1);
		note(RewardPool::DataTransfer, ALICE, 40 * DPN);
		run_to_epoch(2);
		assert_eq!(DataTransferBudgets::<Test>::get(1), Some(BUDGET + BUDGET - 40 * DPN));
	});
}

#[test]
fn without_rewards_noted_the_whole_budget_is_the_remainder() {
	with_data(DataTransferRemainder::Coverage).build_and_execute(|| {
		run_to_epoch(1);
		note(RewardPool::Coverage, CHARLIE, 1);
		run_to_epoch(2);
		assert_eq!(Pools::<Test>::get((1, RewardPool::DataTransfer)), None);
		assert_eq!(
			Pools::<Test>::get((1, RewardPool::Coverage)).map(|pool| pool.amount),
			Some(2 * COVERAGE + BUDGET)
		);
	});
}

#[test]
fn credits_are_valued_at_the_settlement_price() {
	ExtBuilder::default()
		.prices(&[(FEEDER_1, cents(195)), (FEEDER_2, usd(2)), (FEEDER_3, usd(2))])
		.build_and_execute(|| {
			// $1 of credits at the settlement price (the upper median, $2 a DPN): half a DPN.
			assert_eq!(Bme::credits_value(CREDITS_PER_USD), Some(DPN / 2));
		});
	ExtBuilder::default().no_prices().build_and_execute(|| {
		assert_eq!(Bme::credits_value(CREDITS_PER_USD), None);
	});
}

#[test]
fn shares_for_data_transfer_are_noted_only_in_the_running_epoch() {
	with_data(DataTransferRemainder::Coverage).build_and_execute(|| {
		run_to_epoch(1);
		assert!(Bme::note_shares(RewardPool::DataTransfer, 0, &ALICE, 1).is_err());
		assert_eq!(<Bme as RewardShares<AccountId>>::current_epoch(), 1);
	});
}

#[test]
fn the_v1_migration_keeps_the_split_and_adds_an_empty_data_transfer_part() {
	ExtBuilder::default().build_and_execute(|| {
		use crate::migrations::v1::{OldParameters, OldPerPool, OldPoolSplit};
		let current = Parameters::<Test>::get();
		let old_split = OldPoolSplit {
			coverage: Perbill::from_percent(35),
			compute_availability: Perbill::from_percent(35),
			validators: Perbill::from_percent(20),
			treasury: Perbill::from_percent(10),
		};
		crate::migrations::v1::Parameters::<Test>::put(OldParameters {
			max_price_age: current.max_price_age,
			min_feeders: current.min_feeders,
			max_price_spread: current.max_price_spread,
			max_credits_per_window: current.max_credits_per_window,
			epoch_length: current.epoch_length,
			initial_emission: current.initial_emission,
			halving_interval: current.halving_interval,
			split: old_split,
			net_emissions_cap: current.net_emissions_cap,
			protocol_fee: current.protocol_fee,
			max_settlement_mint_per_epoch: current.max_settlement_mint_per_epoch,
		});
		crate::migrations::v1::Rollover::<Test>::put(OldPerPool {
			coverage: 0,
			compute_availability: 0,
			validators: 0,
		});
		frame_support::traits::StorageVersion::new(0).put::<Bme>();

		crate::migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();

		// The mock's split was the old one with no data-transfer part.
		assert_eq!(Parameters::<Test>::get(), current);
		assert_eq!(Rollover::<Test>::get(), PerPool::default());
		assert_eq!(frame_support::traits::StorageVersion::get::<Bme>(), 1);
	});
}
