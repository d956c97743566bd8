//! Lifecycle: Active, Suspended (governance or other pallets), Resumed, Retired, bond withdrawn.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::traits::BadOrigin;

#[test]
fn governance_suspends_and_resumes_a_device() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard_located_hotspot(ALICE, 1, CELL_A);
		take_observed();

		assert_ok!(Registry::suspend_device(
			RuntimeOrigin::root(),
			device,
			SuspendReason::Governance
		));
		assert_eq!(
			Devices::<Test>::get(device).map(|d| d.status),
			Some(DeviceStatus::Suspended { reason: SuspendReason::Governance })
		);
		System::assert_last_event(
			Event::DeviceSuspended { device, reason: SuspendReason::Governance }.into(),
		);
		assert_eq!(
			take_observed(),
			vec![Observed::Suspended(device, Some(CELL_A), SuspendReason::Governance)]
		);

		assert_ok!(Registry::resume_device(RuntimeOrigin::root(), device));
		assert_eq!(Devices::<Test>::get(device).map(|d| d.status), Some(DeviceStatus::Active));
		System::assert_last_event(Event::DeviceResumed { device }.into());
		assert_eq!(take_observed(), vec![Observed::Resumed(device, Some(CELL_A))]);
	});
}

#[test]
fn only_governance_suspends_and_resumes() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, hotspot());
		assert_noop!(
			Registry::suspend_device(
				RuntimeOrigin::signed(ALICE),
				device,
				SuspendReason::Governance
			),
			BadOrigin
		);
		assert_ok!(Registry::suspend_device(RuntimeOrigin::root(), device, SuspendReason::Slash));
		assert_noop!(Registry::resume_device(RuntimeOrigin::signed(ALICE), device), BadOrigin);
	});
}

#[test]
fn suspending_again_for_the_same_reason_fails_and_another_reason_replaces_it() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, hotspot());
		assert_ok!(Registry::suspend_device(
			RuntimeOrigin::root(),
			device,
			SuspendReason::Denylist
		));
		assert_noop!(
			Registry::suspend_device(RuntimeOrigin::root(), device, SuspendReason::Denylist),
			Error::<Test>::AlreadySuspended
		);
		take_observed();

		assert_ok!(Registry::suspend_device(
			RuntimeOrigin::root(),
			device,
			SuspendReason::Governance
		));
		assert_eq!(
			Devices::<Test>::get(device).map(|d| d.status),
			Some(DeviceStatus::Suspended { reason: SuspendReason::Governance })
		);
		// It was already out of service: observers are not told twice.
		assert_eq!(take_observed(), vec![]);
	});
}

#[test]
fn resuming_a_device_that_is_not_suspended_fails() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, hotspot());
		assert_noop!(
			Registry::resume_device(RuntimeOrigin::root(), device),
			Error::<Test>::NotSuspended
		);
		assert_noop!(
			Registry::suspend_device(RuntimeOrigin::root(), 42, SuspendReason::Governance),
			Error::<Test>::UnknownDevice
		);
	});
}

#[test]
fn a_suspended_device_may_still_move_and_observers_see_its_status() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard_located_hotspot(ALICE, 1, CELL_A);
		assert_ok!(Registry::suspend_device(
			RuntimeOrigin::root(),
			device,
			SuspendReason::Denylist
		));
		take_observed();
		assert_ok!(Registry::assert_location(RuntimeOrigin::signed(ALICE), device, CELL_B, 40, 10));
		assert_eq!(
			take_observed(),
			vec![Observed::Moved(
				device,
				DeviceStatus::Suspended { reason: SuspendReason::Denylist },
				Some(CELL_A),
				CELL_B
			)]
		);
	});
}

#[test]
fn the_owner_retires_a_device_and_withdraws_the_bond_after_the_unbonding_period() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard_located_hotspot(ALICE, 1, CELL_A);
		take_observed();

		assert_noop!(
			Registry::retire_device(RuntimeOrigin::signed(BOB), device),
			Error::<Test>::NotOwner
		);
		assert_ok!(Registry::retire_device(RuntimeOrigin::signed(ALICE), device));
		let info = Devices::<Test>::get(device).expect("kept until withdrawn");
		assert_eq!(info.status, DeviceStatus::Retired);
		assert_eq!(info.unbonding_until, Some(1 + UNBONDING));
		System::assert_last_event(
			Event::DeviceRetired { device, unbonding_until: 1 + UNBONDING }.into(),
		);
		assert_eq!(take_observed(), vec![Observed::Retired(device, Some(CELL_A), true)]);
		assert_eq!(device_bond_held(ALICE), DEVICE_BOND);

		run_to_block(UNBONDING);
		assert_noop!(
			Registry::withdraw_bond(RuntimeOrigin::signed(ALICE), device),
			Error::<Test>::StillUnbonding
		);

		run_to_block(1 + UNBONDING);
		assert_noop!(
			Registry::withdraw_bond(RuntimeOrigin::signed(BOB), device),
			Error::<Test>::NotOwner
		);
		assert_ok!(Registry::withdraw_bond(RuntimeOrigin::signed(ALICE), device));
		assert_eq!(device_bond_held(ALICE), 0);
		assert_eq!(free(ALICE), STARTING_BALANCE);
		assert!(Devices::<Test>::get(device).is_none());
		assert_eq!(DeviceByKey::<Test>::get(device_key(1)), None);
		assert_eq!(RetiredKeys::<Test>::get(device_key(1)), Some(device));
		assert!(!DevicesOf::<Test>::contains_key(ALICE, device));
		assert_eq!(OwnerDeviceCount::<Test>::get(ALICE), 0);
		assert_eq!(DeviceCount::<Test>::get(), 0);
		System::assert_last_event(
			Event::BondWithdrawn { device, owner: ALICE, amount: DEVICE_BOND }.into(),
		);
		assert_eq!(take_observed(), vec![Observed::Removed(device)]);

		// The key is retired for good; a new key's onboarding gets a new id.
		assert_eq!(onboard(BOB, 2, hotspot()), device + 1);
	});
}

#[test]
fn withdrawing_the_bond_of_a_device_that_is_not_retired_fails() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, hotspot());
		assert_noop!(
			Registry::withdraw_bond(RuntimeOrigin::signed(ALICE), device),
			Error::<Test>::NotRetired
		);
	});
}

#[test]
fn a_retired_device_is_out_of_service_for_good() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard_located_hotspot(ALICE, 1, CELL_A);
		assert_ok!(Registry::retire_device(RuntimeOrigin::signed(ALICE), device));

		assert_noop!(
			Registry::retire_device(RuntimeOrigin::signed(ALICE), device),
			Error::<Test>::DeviceRetired
		);
		assert_noop!(
			Registry::resume_device(RuntimeOrigin::root(), device),
			Error::<Test>::NotSuspended
		);
		assert_noop!(
			Registry::suspend_device(RuntimeOrigin::root(), device, SuspendReason::Governance),
			Error::<Test>::DeviceRetired
		);
		assert_noop!(
			Registry::assert_location(RuntimeOrigin::signed(ALICE), device, CELL_B, 40, 10),
			Error::<Test>::DeviceRetired
		);
		assert_noop!(
			Registry::transfer_device(RuntimeOrigin::signed(ALICE), device, BOB),
			Error::<Test>::DeviceRetired
		);
		assert_noop!(
			Registry::rotate_device_key(
				RuntimeOrigin::signed(ALICE),
				device,
				device_key(2),
				rotation_proof(2, device)
			),
			Error::<Test>::DeviceRetired
		);
	});
}

#[test]
fn retiring_a_suspended_device_tells_observers_it_was_not_active() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard_located_hotspot(ALICE, 1, CELL_A);
		assert_ok!(Registry::suspend_device(RuntimeOrigin::root(), device, SuspendReason::Slash));
		take_observed();
		assert_ok!(Registry::retire_device(RuntimeOrigin::signed(ALICE), device));
		assert_eq!(take_observed(), vec![Observed::Retired(device, Some(CELL_A), false)]);
	});
}

#[test]
fn a_retired_devices_bond_stays_slashable_while_unbonding() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, hotspot());
		assert_ok!(Registry::retire_device(RuntimeOrigin::signed(ALICE), device));
		assert_ok!(Registry::slash_device_bond(RuntimeOrigin::root(), device, 40, TREASURY));
		assert_eq!(device_bond_held(ALICE), DEVICE_BOND - 40);
		assert_eq!(free(TREASURY), STARTING_BALANCE + 40);

		run_to_block(1 + UNBONDING);
		assert_ok!(Registry::withdraw_bond(RuntimeOrigin::signed(ALICE), device));
		System::assert_last_event(
			Event::BondWithdrawn { device, owner: ALICE, amount: DEVICE_BOND - 40 }.into(),
		);
		assert_eq!(free(ALICE), STARTING_BALANCE - 40);
	});
}

#[test]
fn governance_slashes_a_device_bond_to_a_beneficiary() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, hotspot());
		assert_noop!(
			Registry::slash_device_bond(RuntimeOrigin::signed(BOB), device, 30, BOB),
			BadOrigin
		);

		assert_ok!(Registry::slash_device_bond(RuntimeOrigin::root(), device, 30, TREASURY));
		System::assert_last_event(
			Event::DeviceBondSlashed { device, amount: 30, beneficiary: TREASURY }.into(),
		);
		// Never more than what is left.
		assert_ok!(Registry::slash_device_bond(RuntimeOrigin::root(), device, 1_000, TREASURY));
		System::assert_last_event(
			Event::DeviceBondSlashed { device, amount: DEVICE_BOND - 30, beneficiary: TREASURY }
				.into(),
		);
		assert_eq!(free(TREASURY), STARTING_BALANCE + DEVICE_BOND);
		assert_eq!(device_bond_held(ALICE), 0);

		// Nothing left: nothing taken, no event.
		let events_before = events().len();
		assert_ok!(Registry::slash_device_bond(RuntimeOrigin::root(), device, 1, TREASURY));
		assert_eq!(events().len(), events_before);

		// Slashing alone does not stop the device.
		assert_eq!(Devices::<Test>::get(device).map(|d| d.status), Some(DeviceStatus::Active));
		assert_noop!(
			Registry::slash_device_bond(RuntimeOrigin::root(), 42, 1, TREASURY),
			Error::<Test>::UnknownDevice
		);
	});
}
