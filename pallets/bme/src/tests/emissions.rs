//! Emissions: minted at every epoch boundary, halved on schedule, split into the pools by a split
//! summing to 100 %, plus the capped re-mint of the previous epoch's burns.

use crate::{mock::*, *};
use depin_primitives::RewardShares;
use frame_support::assert_ok;

/// The parts of `total` DPN: (coverage, compute availability, validators, treasury).
fn parts(total: Balance) -> (Balance, Balance, Balance, Balance) {
	(total * 35 / 100, total * 35 / 100, total * 20 / 100, total * 10 / 100)
}

#[test]
fn epoch_ends_at_multiples_of_epoch_length() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(9);
		assert_eq!(CurrentEpoch::<Test>::get(), 0);
		assert_eq!(<Bme as RewardShares<AccountId>>::current_epoch(), 0);
		run_to_block(10);
		assert_eq!(CurrentEpoch::<Test>::get(), 1);
		assert!(events().iter().any(|event| matches!(event, Event::EpochEnded { epoch: 0, .. })));
		run_to_block(19);
		assert_eq!(CurrentEpoch::<Test>::get(), 1);
		run_to_block(20);
		assert_eq!(CurrentEpoch::<Test>::get(), 2);
	});
}

#[test]
fn epoch_emission_is_minted_and_split_into_pools() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Bme::note_shares(RewardPool::Coverage, 0, &ALICE, 1));
		assert_ok!(Bme::note_shares(RewardPool::ComputeAvailability, 0, &BOB, 1));
		assert_ok!(Bme::note_shares(RewardPool::Validators, 0, &CHARLIE, 1));
		let before = issuance();
		run_to_epoch(1);

		let (coverage, compute, validators, treasury) = parts(INITIAL_EMISSION);
		assert_eq!(issuance(), before + INITIAL_EMISSION);
		assert_eq!(free(TREASURY), DPN + treasury);
		assert_eq!(free(pot()), EXISTENTIAL_DEPOSIT + coverage + compute + validators);
		assert_eq!(Pools::<Test>::get((0, RewardPool::Coverage)).map(|p| p.amount), Some(coverage));
		assert_eq!(
			Pools::<Test>::get((0, RewardPool::ComputeAvailability)).map(|p| p.amount),
			Some(compute)
		);
		assert_eq!(
			Pools::<Test>::get((0, RewardPool::Validators)).map(|p| p.amount),
			Some(validators)
		);
		assert_eq!(TotalPoolsEmitted::<Test>::get(), coverage + compute + validators);
		System::assert_has_event(
			Event::EpochEnded {
				epoch: 0,
				base_emission: INITIAL_EMISSION,
				reminted: 0,
				coverage_pool: coverage,
				compute_availability_pool: compute,
				validators_pool: validators,
				data_transfer_pool: 0,
				data_transfer_budget: 0,
				treasury,
			}
			.into(),
		);
	});
}

#[test]
fn the_validators_part_is_paid_to_the_epochs_block_authors_by_blocks_authored() {
	ExtBuilder::default().build_and_execute(|| {
		// Charlie authored three blocks of the epoch, Bob one (one share a block).
		for author in [CHARLIE, CHARLIE, BOB, CHARLIE] {
			assert_ok!(Bme::note_shares(RewardPool::Validators, 0, &author, 1));
		}
		run_to_epoch(1);
		let (_, _, validators, _) = parts(INITIAL_EMISSION);
		let (charlie, bob) = (free(CHARLIE), free(BOB));
		assert_ok!(Bme::claim_rewards(RuntimeOrigin::signed(CHARLIE), 0, RewardPool::Validators));
		assert_ok!(Bme::claim_rewards(RuntimeOrigin::signed(BOB), 0, RewardPool::Validators));
		assert_eq!(free(CHARLIE) - charlie, validators * 3 / 4);
		assert_eq!(free(BOB) - bob, validators / 4);
	});
}

#[test]
fn pool_without_shares_rolls_over_to_the_next_epoch() {
	ExtBuilder::default().build_and_execute(|| {
		let (coverage, compute, _, _) = parts(INITIAL_EMISSION);
		run_to_epoch(1);
		System::assert_has_event(
			Event::PoolRolledOver { epoch: 0, pool: RewardPool::Coverage, amount: coverage }.into(),
		);
		let (_, _, validators, _) = parts(INITIAL_EMISSION);
		assert_eq!(
			Rollover::<Test>::get(),
			PerPool { coverage, compute_availability: compute, validators, data_transfer: 0 }
		);

		// Epoch 1 has coverage shares: its coverage pool is its part plus the rollover.
		assert_ok!(Bme::note_shares(RewardPool::Coverage, 1, &ALICE, 1));
		run_to_epoch(2);
		assert_eq!(
			Pools::<Test>::get((1, RewardPool::Coverage)).map(|p| p.amount),
			Some(coverage * 2)
		);
		assert_eq!(Rollover::<Test>::get().coverage, 0);
		assert_eq!(Rollover::<Test>::get().compute_availability, compute * 2);
	});
}

#[test]
fn emission_halves_every_halving_interval() {
	ExtBuilder::default().build_and_execute(|| {
		let parameters = genesis_parameters();
		// halving_interval = 4 epochs.
		assert_eq!(Bme::scheduled_emission(0, &parameters), INITIAL_EMISSION);
		assert_eq!(Bme::scheduled_emission(3, &parameters), INITIAL_EMISSION);
		assert_eq!(Bme::scheduled_emission(4, &parameters), INITIAL_EMISSION / 2);
		assert_eq!(Bme::scheduled_emission(8, &parameters), INITIAL_EMISSION / 4);
		assert_eq!(Bme::scheduled_emission(4 * 200, &parameters), 0);

		run_to_epoch(4);
		let before = issuance();
		run_to_epoch(5);
		assert_eq!(issuance(), before + INITIAL_EMISSION / 2);
		assert_eq!(Bme::emission_view().next_halving_epoch, 8);
	});
}

#[test]
fn burns_of_an_epoch_are_reminted_in_the_next_up_to_the_cap() {
	ExtBuilder::default().build_and_execute(|| {
		// Epoch 0: 50 DPN burned for credits; nothing burned before, so nothing re-minted.
		assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), 50 * DPN, None));
		let before = issuance();
		run_to_epoch(1);
		assert_eq!(issuance(), before + INITIAL_EMISSION);

		// Epoch 1 ends: the 50 DPN burned in epoch 0 are re-minted into its pools.
		let before = issuance();
		run_to_epoch(2);
		assert_eq!(issuance(), before + INITIAL_EMISSION + 50 * DPN);
		System::assert_has_event(
			Event::EpochEnded {
				epoch: 1,
				base_emission: INITIAL_EMISSION,
				reminted: 50 * DPN,
				// Nobody noted shares: each pool is its part plus epoch 0's rolled-over pool.
				coverage_pool: parts(INITIAL_EMISSION + 50 * DPN).0 + parts(INITIAL_EMISSION).0,
				compute_availability_pool: parts(INITIAL_EMISSION + 50 * DPN).1
					+ parts(INITIAL_EMISSION).1,
				validators_pool: parts(INITIAL_EMISSION + 50 * DPN).2 + parts(INITIAL_EMISSION).2,
				data_transfer_pool: 0,
				data_transfer_budget: 0,
				treasury: parts(INITIAL_EMISSION + 50 * DPN).3,
			}
			.into(),
		);

		// 500 DPN burned in epoch 2 are re-minted in epoch 3 only up to the 100 DPN cap.
		submit_all(usd(1));
		assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(BOB), 500 * DPN, None));
		run_to_epoch(3);
		let before = issuance();
		run_to_epoch(4);
		assert_eq!(issuance(), before + INITIAL_EMISSION + NET_EMISSIONS_CAP);
	});
}

#[test]
fn split_rounding_remainder_goes_to_the_treasury() {
	let split = PoolSplit::testnet();
	for total in [0u128, 1, 7, 999, 1_000_000_007, u128::MAX] {
		let parts = split.apportion(total);
		assert_eq!(
			parts
				.coverage
				.checked_add(parts.compute_availability)
				.and_then(|sum| sum.checked_add(parts.validators))
				.and_then(|sum| sum.checked_add(parts.data_transfer))
				.and_then(|sum| sum.checked_add(parts.treasury)),
			Some(total)
		);
	}
	// 25 %, 35 %, 20 % and 10 % of 7, rounded down; the treasury's 10 % takes the rest.
	let parts = split.apportion(7);
	assert_eq!(
		(parts.coverage, parts.compute_availability, parts.validators, parts.data_transfer),
		(1, 2, 1, 0)
	);
	assert_eq!(parts.treasury, 3);
}

#[test]
fn changing_epoch_length_ends_the_epoch_at_the_next_multiple() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(13);
		assert_eq!(CurrentEpoch::<Test>::get(), 1);
		let parameters = BmeParameters { epoch_length: 7, ..genesis_parameters() };
		assert_ok!(Bme::set_parameters(RuntimeOrigin::root(), parameters));
		run_to_block(14);
		assert_eq!(CurrentEpoch::<Test>::get(), 2);
		run_to_block(21);
		assert_eq!(CurrentEpoch::<Test>::get(), 3);
	});
}

#[test]
fn emission_view_shows_the_current_epoch_and_its_pools() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Bme::note_shares(RewardPool::Coverage, 0, &ALICE, 3));
		assert_ok!(Bme::note_shares(RewardPool::Coverage, 0, &BOB, 1));
		let view = Bme::emission_view();
		let (coverage, compute, validators, treasury) = parts(INITIAL_EMISSION);
		assert_eq!(view.current_epoch, 0);
		assert_eq!(view.epoch_ends_at, 10);
		assert_eq!(view.base_emission, INITIAL_EMISSION);
		assert_eq!(
			view.coverage,
			PoolView { projected_amount: coverage, total_shares: 4, holders: 2 }
		);
		assert_eq!(view.compute_availability.projected_amount, compute);
		assert_eq!(view.validators.projected_amount, validators);
		assert_eq!(view.treasury, treasury);
	});
}
