//! Ownership transfer and device-key rotation, each signed by the current owner.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_core::Pair;

#[test]
fn the_owner_transfers_a_device_and_its_bond_moves_with_it() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard_located_hotspot(ALICE, 1, CELL_A);
		take_observed();

		assert_ok!(Registry::transfer_device(RuntimeOrigin::signed(ALICE), device, BOB));

		assert_eq!(Devices::<Test>::get(device).map(|d| d.owner), Some(BOB));
		assert!(!DevicesOf::<Test>::contains_key(ALICE, device));
		assert!(DevicesOf::<Test>::contains_key(BOB, device));
		assert_eq!(OwnerDeviceCount::<Test>::get(ALICE), 0);
		assert_eq!(OwnerDeviceCount::<Test>::get(BOB), 1);
		assert_eq!(device_bond_held(ALICE), 0);
		assert_eq!(device_bond_held(BOB), DEVICE_BOND);
		assert_eq!(free(ALICE), STARTING_BALANCE - DEVICE_BOND);
		assert_eq!(free(BOB), STARTING_BALANCE);
		System::assert_last_event(Event::DeviceTransferred { device, from: ALICE, to: BOB }.into());
		assert_eq!(take_observed(), vec![Observed::OwnerChanged(device, ALICE, BOB)]);

		// The new owner controls it now.
		assert_noop!(
			Registry::assert_location(RuntimeOrigin::signed(ALICE), device, CELL_B, 40, 10),
			Error::<Test>::NotOwner
		);
		assert_ok!(Registry::assert_location(RuntimeOrigin::signed(BOB), device, CELL_B, 40, 10));
	});
}

#[test]
fn only_the_owner_transfers_a_device() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, gpu());
		assert_noop!(
			Registry::transfer_device(RuntimeOrigin::signed(BOB), device, BOB),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Registry::transfer_device(RuntimeOrigin::signed(ALICE), device, ALICE),
			Error::<Test>::AlreadyOwner
		);
		assert_noop!(
			Registry::transfer_device(RuntimeOrigin::signed(ALICE), 42, BOB),
			Error::<Test>::UnknownDevice
		);
	});
}

#[test]
fn a_transfer_respects_the_new_owners_device_limit() {
	ExtBuilder::default().build_and_execute(|| {
		for n in 1..=3 {
			onboard(BOB, n, gpu());
		}
		let device = onboard(ALICE, 4, gpu());
		assert_noop!(
			Registry::transfer_device(RuntimeOrigin::signed(ALICE), device, BOB),
			Error::<Test>::TooManyDevices
		);
	});
}

#[test]
fn a_transfer_to_an_account_that_cannot_hold_the_bond_fails() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, gpu());
		assert_noop!(
			Registry::transfer_device(RuntimeOrigin::signed(ALICE), device, NOBODY),
			Error::<Test>::NewOwnerCannotHoldBond
		);
	});
}

#[test]
fn key_rotation_keeps_the_id_and_history_and_frees_the_old_key() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard_located_hotspot(ALICE, 1, CELL_A);
		take_observed();

		assert_ok!(Registry::rotate_device_key(
			RuntimeOrigin::signed(ALICE),
			device,
			device_key(2),
			rotation_proof(2, device)
		));

		let info = Devices::<Test>::get(device).expect("same id");
		assert_eq!(info.key, device_key(2));
		assert_eq!(info.owner, ALICE);
		assert_eq!(info.location, Some(CELL_A));
		assert_eq!(info.location_asserts, 1);
		assert_eq!(info.onboarded_at, 1);
		assert_eq!(info.bond, DEVICE_BOND);
		assert_eq!(DeviceByKey::<Test>::get(device_key(1)), None);
		assert_eq!(DeviceByKey::<Test>::get(device_key(2)), Some(device));
		System::assert_last_event(
			Event::DeviceKeyRotated { device, old_key: device_key(1), new_key: device_key(2) }
				.into(),
		);
		assert_eq!(
			take_observed(),
			vec![Observed::KeyRotated(device, device_key(1), device_key(2))]
		);

		// The old key is retired: no device, of this owner or another, may take it again.
		let old = device_key(1);
		assert_eq!(RetiredKeys::<Test>::get(old), Some(device));
		assert_noop!(
			Registry::onboard_device(
				RuntimeOrigin::signed(BOB),
				old,
				gpu(),
				ED_MAKER,
				VALID_UNTIL,
				attest(&old, BOB, DeviceClass::Gpu)
			),
			Error::<Test>::DeviceKeyRetired
		);
	});
}

#[test]
fn key_rotation_needs_a_proof_signed_by_the_new_key() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, hotspot());
		// Signed by the old key instead of the new one.
		let by_old_key = DeviceSignature::Ed25519(
			device_pair(1)
				.sign(&rotation_payload(&genesis_hash::<Test>(), device, &device_key(2)))
				.0,
		);
		assert_noop!(
			Registry::rotate_device_key(
				RuntimeOrigin::signed(ALICE),
				device,
				device_key(2),
				by_old_key
			),
			Error::<Test>::BadKeyProof
		);
		// Signed by the new key, but for another device.
		assert_noop!(
			Registry::rotate_device_key(
				RuntimeOrigin::signed(ALICE),
				device,
				device_key(2),
				rotation_proof(2, device + 1)
			),
			Error::<Test>::BadKeyProof
		);
	});
}

#[test]
fn key_rotation_to_a_registered_key_fails() {
	ExtBuilder::default().build_and_execute(|| {
		let first = onboard(ALICE, 1, hotspot());
		let second = onboard(ALICE, 2, hotspot());
		assert_noop!(
			Registry::rotate_device_key(
				RuntimeOrigin::signed(ALICE),
				first,
				device_key(2),
				rotation_proof(2, first)
			),
			Error::<Test>::DeviceKeyTaken
		);
		assert_noop!(
			Registry::rotate_device_key(
				RuntimeOrigin::signed(ALICE),
				second,
				device_key(2),
				rotation_proof(2, second)
			),
			Error::<Test>::DeviceKeyTaken
		);
	});
}

#[test]
fn only_the_owner_rotates_a_key() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, hotspot());
		assert_noop!(
			Registry::rotate_device_key(
				RuntimeOrigin::signed(BOB),
				device,
				device_key(2),
				rotation_proof(2, device)
			),
			Error::<Test>::NotOwner
		);
	});
}
