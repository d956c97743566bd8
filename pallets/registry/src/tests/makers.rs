//! Makers: approved and revoked by governance, with an optional bond.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::traits::BadOrigin;

const THIRD_KEY: DeviceKey = DeviceKey::Sr25519([7u8; 32]);

#[test]
fn governance_approves_a_maker_and_holds_its_bond() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Registry::approve_maker(
			RuntimeOrigin::root(),
			CHARLIE,
			THIRD_KEY,
			name(b"Third"),
			300
		));

		let maker = Makers::<Test>::get(2).expect("approved just now");
		assert_eq!(maker.account, CHARLIE);
		assert_eq!(maker.attestation_key, THIRD_KEY);
		assert_eq!(maker.bond, 300);
		assert_eq!(maker.status, MakerStatus::Approved);
		assert_eq!(maker_bond_held(CHARLIE), 300);
		assert_eq!(free(CHARLIE), STARTING_BALANCE - 300);
		assert_eq!(NextMakerId::<Test>::get(), 3);
		System::assert_last_event(
			Event::MakerApproved {
				maker: 2,
				account: CHARLIE,
				attestation_key: THIRD_KEY,
				bond: 300,
			}
			.into(),
		);
	});
}

#[test]
fn a_maker_bond_is_optional() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Registry::approve_maker(
			RuntimeOrigin::root(),
			CHARLIE,
			THIRD_KEY,
			name(b"Third"),
			0
		));
		assert_eq!(maker_bond_held(CHARLIE), 0);
		assert_eq!(free(CHARLIE), STARTING_BALANCE);
	});
}

#[test]
fn only_governance_approves_and_revokes_makers() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Registry::approve_maker(
				RuntimeOrigin::signed(ALICE),
				ALICE,
				THIRD_KEY,
				name(b"Mine"),
				0
			),
			BadOrigin
		);
		assert_noop!(
			Registry::revoke_maker(RuntimeOrigin::signed(ALICE), ED_MAKER, None),
			BadOrigin
		);
	});
}

#[test]
fn makers_are_bounded_by_max_makers() {
	ExtBuilder::default().build_and_execute(|| {
		// Two makers at genesis, MaxMakers = 3.
		assert_ok!(Registry::approve_maker(
			RuntimeOrigin::root(),
			CHARLIE,
			THIRD_KEY,
			name(b"Third"),
			0
		));
		assert_noop!(
			Registry::approve_maker(RuntimeOrigin::root(), BOB, THIRD_KEY, name(b"Fourth"), 0),
			Error::<Test>::TooManyMakers
		);
	});
}

#[test]
fn a_maker_that_cannot_bond_is_not_approved() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Registry::approve_maker(RuntimeOrigin::root(), NOBODY, THIRD_KEY, name(b"Broke"), 1),
			Error::<Test>::InsufficientBondBalance
		);
		// The whole balance cannot be held: the existential deposit must stay.
		assert_noop!(
			Registry::approve_maker(
				RuntimeOrigin::root(),
				CHARLIE,
				THIRD_KEY,
				name(b"All in"),
				STARTING_BALANCE
			),
			Error::<Test>::InsufficientBondBalance
		);
	});
}

#[test]
fn revoking_a_maker_releases_its_bond() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Registry::revoke_maker(RuntimeOrigin::root(), ED_MAKER, None));

		let maker = Makers::<Test>::get(ED_MAKER).expect("revoked makers stay");
		assert_eq!(maker.status, MakerStatus::Revoked);
		assert_eq!(maker.bond, 0);
		assert_eq!(maker_bond_held(ED_MAKER_ACCOUNT), 0);
		assert_eq!(free(ED_MAKER_ACCOUNT), STARTING_BALANCE);
		System::assert_last_event(
			Event::MakerRevoked { maker: ED_MAKER, bond: MAKER_BOND, slashed_to: None }.into(),
		);
	});
}

#[test]
fn a_revoked_makers_bond_can_be_slashed_to_a_beneficiary() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Registry::revoke_maker(RuntimeOrigin::root(), ED_MAKER, Some(TREASURY)));

		assert_eq!(maker_bond_held(ED_MAKER_ACCOUNT), 0);
		assert_eq!(free(ED_MAKER_ACCOUNT), STARTING_BALANCE - MAKER_BOND);
		assert_eq!(free(TREASURY), STARTING_BALANCE + MAKER_BOND);
		System::assert_last_event(
			Event::MakerRevoked { maker: ED_MAKER, bond: MAKER_BOND, slashed_to: Some(TREASURY) }
				.into(),
		);
	});
}

#[test]
fn revoking_an_unknown_or_revoked_maker_fails() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Registry::revoke_maker(RuntimeOrigin::root(), 7, None),
			Error::<Test>::UnknownMaker
		);
		assert_ok!(Registry::revoke_maker(RuntimeOrigin::root(), ED_MAKER, None));
		assert_noop!(
			Registry::revoke_maker(RuntimeOrigin::root(), ED_MAKER, None),
			Error::<Test>::MakerRevoked
		);
	});
}

#[test]
fn a_revoked_makers_devices_keep_working() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard_located_hotspot(ALICE, 1, CELL_A);
		assert_ok!(Registry::revoke_maker(RuntimeOrigin::root(), ED_MAKER, None));

		assert!(Devices::<Test>::get(device).expect("still registered").is_active());
		assert_ok!(Registry::assert_location(RuntimeOrigin::signed(ALICE), device, CELL_B, 40, 10));
		assert_ok!(Registry::transfer_device(RuntimeOrigin::signed(ALICE), device, BOB));
		assert_ok!(Registry::rotate_device_key(
			RuntimeOrigin::signed(BOB),
			device,
			device_key(2),
			rotation_proof(2, device)
		));
	});
}

#[test]
fn onboarding_under_a_revoked_maker_fails_with_maker_revoked() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Registry::revoke_maker(RuntimeOrigin::root(), ED_MAKER, None));
		let key = device_key(1);
		assert_noop!(
			Registry::onboard_device(
				RuntimeOrigin::signed(ALICE),
				key,
				gpu(),
				ED_MAKER,
				VALID_UNTIL,
				attest(&key, ALICE, DeviceClass::Gpu)
			),
			Error::<Test>::MakerRevoked
		);
		assert_eq!(credits(ALICE), STARTING_CREDITS);
		assert_eq!(device_bond_held(ALICE), 0);
	});
}
