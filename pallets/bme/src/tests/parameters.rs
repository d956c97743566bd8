//! Parameters: set at genesis, changed only by governance, always within bounds.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::traits::BadOrigin;

#[test]
fn parameters_come_from_genesis() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Parameters::<Test>::get(), genesis_parameters());
		assert_eq!(Bme::parameters(), genesis_parameters());
	});
}

#[test]
fn default_parameters_are_the_testnet_starting_values() {
	ExtBuilder::default().build_and_execute(|| {
		let defaults = DefaultParameters::<Test>::get();
		assert_eq!(defaults.max_price_age, 100);
		assert_eq!(defaults.min_feeders, 2);
		// $10 million of credits an hour, as Helium's data-credit circuit breaker.
		assert_eq!(defaults.max_credits_per_window, 1_000_000_000_000);
		assert_eq!(defaults.epoch_length, 14_400);
		assert_eq!(defaults.initial_emission, 100_000 * DPN);
		assert_eq!(defaults.halving_interval, 730);
		assert_eq!(defaults.split, PoolSplit::testnet());
		assert_eq!(defaults.net_emissions_cap, 1_000 * DPN);
		assert_eq!(defaults.protocol_fee, Perbill::from_percent(5));
		assert_eq!(defaults.max_settlement_mint_per_epoch, 10_000_000 * DPN);
	});
}

#[test]
fn only_governance_sets_parameters() {
	ExtBuilder::default().build_and_execute(|| {
		let new = BmeParameters { min_feeders: 3, ..genesis_parameters() };
		assert_noop!(Bme::set_parameters(RuntimeOrigin::signed(ALICE), new), BadOrigin);
		assert_ok!(Bme::set_parameters(RuntimeOrigin::root(), new));
		assert_eq!(Parameters::<Test>::get(), new);
		System::assert_last_event(Event::ParametersSet { parameters: new }.into());
	});
}

#[test]
fn parameters_are_bounds_checked() {
	ExtBuilder::default().build_and_execute(|| {
		let base = genesis_parameters();
		let set = |parameters| Bme::set_parameters(RuntimeOrigin::root(), parameters);
		// MaxPriceAgeLimit = 1,000; MaxFeeders = 5; MaxCreditsPerWindowLimit = 10¹⁵; epoch
		// length 2..=100,000; MaxEmissionPerEpoch and MaxSettlementMintLimit = 10⁹ DPN;
		// MaxProtocolFee = 20 %.
		assert_noop!(
			set(BmeParameters { max_price_age: 0, ..base }),
			Error::<Test>::PriceAgeOutOfRange
		);
		assert_noop!(
			set(BmeParameters { max_price_age: 1_001, ..base }),
			Error::<Test>::PriceAgeOutOfRange
		);
		assert_noop!(
			set(BmeParameters { min_feeders: 0, ..base }),
			Error::<Test>::MinFeedersOutOfRange
		);
		assert_noop!(
			set(BmeParameters { min_feeders: 6, ..base }),
			Error::<Test>::MinFeedersOutOfRange
		);
		assert_noop!(
			set(BmeParameters { max_credits_per_window: 1_000_000_000_000_001, ..base }),
			Error::<Test>::CreditsPerWindowTooHigh
		);
		assert_noop!(
			set(BmeParameters { epoch_length: 1, ..base }),
			Error::<Test>::EpochLengthOutOfRange
		);
		assert_noop!(
			set(BmeParameters { epoch_length: 100_001, ..base }),
			Error::<Test>::EpochLengthOutOfRange
		);
		assert_noop!(
			set(BmeParameters { initial_emission: 1_000_000_000 * DPN + 1, ..base }),
			Error::<Test>::EmissionTooHigh
		);
		assert_noop!(
			set(BmeParameters { net_emissions_cap: 1_000_000_000 * DPN + 1, ..base }),
			Error::<Test>::EmissionTooHigh
		);
		assert_noop!(
			set(BmeParameters { halving_interval: 0, ..base }),
			Error::<Test>::HalvingIntervalZero
		);
		assert_noop!(
			set(BmeParameters { protocol_fee: Perbill::from_percent(21), ..base }),
			Error::<Test>::ProtocolFeeTooHigh
		);
		assert_noop!(
			set(BmeParameters { max_settlement_mint_per_epoch: 1_000_000_000 * DPN + 1, ..base }),
			Error::<Test>::SettlementCapTooHigh
		);
		assert_ok!(set(BmeParameters {
			max_price_age: 1_000,
			min_feeders: 5,
			max_price_spread: Perbill::one(),
			max_credits_per_window: 1_000_000_000_000_000,
			epoch_length: 100_000,
			initial_emission: 1_000_000_000 * DPN,
			halving_interval: 1,
			split: PoolSplit::testnet(),
			net_emissions_cap: 1_000_000_000 * DPN,
			protocol_fee: Perbill::from_percent(20),
			max_settlement_mint_per_epoch: 1_000_000_000 * DPN,
			data_transfer_remainder: DataTransferRemainder::Treasury,
		}));
	});
}

#[test]
fn split_must_sum_to_exactly_one_hundred_percent() {
	ExtBuilder::default().build_and_execute(|| {
		let base = genesis_parameters();
		let with_split = |coverage, compute, validators, treasury| BmeParameters {
			split: PoolSplit {
				coverage: Perbill::from_percent(coverage),
				compute_availability: Perbill::from_percent(compute),
				validators: Perbill::from_percent(validators),
				data_transfer: Perbill::zero(),
				treasury: Perbill::from_percent(treasury),
			},
			..base
		};
		assert_noop!(
			Bme::set_parameters(RuntimeOrigin::root(), with_split(35, 35, 20, 9)),
			Error::<Test>::SplitNotWhole
		);
		assert_noop!(
			Bme::set_parameters(RuntimeOrigin::root(), with_split(35, 35, 20, 11)),
			Error::<Test>::SplitNotWhole
		);
		assert_noop!(
			Bme::set_parameters(RuntimeOrigin::root(), with_split(100, 100, 100, 100)),
			Error::<Test>::SplitNotWhole
		);
		// One part in a billion off is still refused.
		let mut almost = with_split(35, 35, 20, 10);
		almost.split.treasury = Perbill::from_parts(99_999_999);
		assert_noop!(
			Bme::set_parameters(RuntimeOrigin::root(), almost),
			Error::<Test>::SplitNotWhole
		);
		let mut with_data = with_split(25, 35, 20, 10);
		assert_noop!(
			Bme::set_parameters(RuntimeOrigin::root(), with_data),
			Error::<Test>::SplitNotWhole
		);
		with_data.split.data_transfer = Perbill::from_percent(10);
		assert_ok!(Bme::set_parameters(RuntimeOrigin::root(), with_data));
		assert_ok!(Bme::set_parameters(RuntimeOrigin::root(), with_split(50, 0, 25, 25)));
		assert_ok!(Bme::set_parameters(RuntimeOrigin::root(), with_split(0, 0, 0, 100)));
	});
}
