//! Parameters: set at genesis, changed only by governance, always within bounds.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::traits::BadOrigin;

fn genesis_parameters() -> ParametersOf<Test> {
	RegistryParameters {
		onboarding_fee: ONBOARDING_FEE,
		location_fee: LOCATION_FEE,
		device_bond: DEVICE_BOND,
		unbonding_period: UNBONDING,
	}
}

#[test]
fn parameters_come_from_genesis() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Parameters::<Test>::get(), genesis_parameters());
	});
}

#[test]
fn default_fees_are_the_testnet_starting_values() {
	ExtBuilder::default().build_and_execute(|| {
		let defaults = DefaultParameters::<Test>::get();
		// 40 USD and 5 USD at 1 credit = 0.00001 USD.
		assert_eq!(defaults.onboarding_fee, 4_000_000);
		assert_eq!(defaults.location_fee, 500_000);
	});
}

#[test]
fn only_governance_sets_parameters() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Registry::set_parameters(RuntimeOrigin::signed(ALICE), genesis_parameters()),
			BadOrigin
		);
		let new = RegistryParameters { onboarding_fee: 1, ..genesis_parameters() };
		assert_ok!(Registry::set_parameters(RuntimeOrigin::root(), new));
		assert_eq!(Parameters::<Test>::get(), new);
		System::assert_last_event(Event::ParametersSet { parameters: new }.into());
	});
}

#[test]
fn parameters_are_bounds_checked() {
	ExtBuilder::default().build_and_execute(|| {
		let base = genesis_parameters();
		let set = |parameters| Registry::set_parameters(RuntimeOrigin::root(), parameters);
		// MaxCreditFee = 100,000,000; MaxDeviceBond = 1,000; unbonding 5..=1,000.
		assert_noop!(
			set(RegistryParameters { onboarding_fee: 100_000_001, ..base }),
			Error::<Test>::FeeTooHigh
		);
		assert_noop!(
			set(RegistryParameters { location_fee: 100_000_001, ..base }),
			Error::<Test>::FeeTooHigh
		);
		assert_noop!(
			set(RegistryParameters { device_bond: 1_001, ..base }),
			Error::<Test>::BondTooHigh
		);
		assert_noop!(
			set(RegistryParameters { unbonding_period: 4, ..base }),
			Error::<Test>::UnbondingPeriodOutOfRange
		);
		assert_noop!(
			set(RegistryParameters { unbonding_period: 1_001, ..base }),
			Error::<Test>::UnbondingPeriodOutOfRange
		);
		assert_ok!(set(RegistryParameters {
			onboarding_fee: 100_000_000,
			location_fee: 100_000_000,
			device_bond: 1_000,
			unbonding_period: 1_000,
		}));
		assert_ok!(set(RegistryParameters {
			onboarding_fee: 0,
			location_fee: 0,
			device_bond: 0,
			unbonding_period: 5,
		}));
	});
}

#[test]
fn a_new_bond_applies_only_to_devices_onboarded_afterwards() {
	ExtBuilder::default().build_and_execute(|| {
		let old = onboard(ALICE, 1, gpu());
		assert_ok!(Registry::set_parameters(
			RuntimeOrigin::root(),
			RegistryParameters { device_bond: 2 * DEVICE_BOND, ..genesis_parameters() }
		));
		let new = onboard(ALICE, 2, gpu());
		assert_eq!(Devices::<Test>::get(old).map(|d| d.bond), Some(DEVICE_BOND));
		assert_eq!(Devices::<Test>::get(new).map(|d| d.bond), Some(2 * DEVICE_BOND));
		assert_eq!(device_bond_held(ALICE), 3 * DEVICE_BOND);
	});
}

#[test]
fn a_new_location_fee_applies_to_the_next_move() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, hotspot());
		assert_ok!(Registry::set_parameters(
			RuntimeOrigin::root(),
			RegistryParameters { location_fee: 1_000_000, ..genesis_parameters() }
		));
		let before = credits(ALICE);
		assert_ok!(Registry::assert_location(RuntimeOrigin::signed(ALICE), device, CELL_A, 40, 10));
		assert_eq!(credits(ALICE), before - 1_000_000);
	});
}
