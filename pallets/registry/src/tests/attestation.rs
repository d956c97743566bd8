//! Attacks on onboarding attestations and key-rotation proofs, each refused: one attestation
//! onboards one device once, on one chain, under one maker, before its deadline.

use crate::{mock::*, *};
use depin_primitives::GenesisHash;
use frame_support::{assert_noop, assert_ok};
use sp_core::Pair;

/// Another network running this runtime with the same maker and device keys.
const OTHER_CHAIN: GenesisHash = [0xAB; 32];

fn onboard_with(
	owner: AccountId,
	key: DeviceKey,
	valid_until: u64,
	attestation: DeviceSignature,
) -> DispatchResult {
	Registry::onboard_device(
		RuntimeOrigin::signed(owner),
		key,
		gpu(),
		ED_MAKER,
		valid_until,
		attestation,
	)
}

/// The ed25519 maker's signature over an onboarding payload with every field chosen.
fn maker_signs(
	genesis: &GenesisHash,
	maker: MakerId,
	key: &DeviceKey,
	valid_until: u64,
) -> DeviceSignature {
	let payload = onboarding_payload(genesis, maker, key, &ALICE, DeviceClass::Gpu, valid_until);
	DeviceSignature::Ed25519(ed_maker().sign(&payload).0)
}

#[test]
fn an_attestation_onboards_its_device_once_even_after_the_bond_is_withdrawn() {
	ExtBuilder::default().build_and_execute(|| {
		let key = device_key(1);
		let attestation = attest(&key, ALICE, DeviceClass::Gpu);
		assert_ok!(onboard_with(ALICE, key, VALID_UNTIL, attestation));
		let device = NextDeviceId::<Test>::get() - 1;
		assert_ok!(Registry::retire_device(RuntimeOrigin::signed(ALICE), device));
		run_to_block(1 + UNBONDING);
		assert_ok!(Registry::withdraw_bond(RuntimeOrigin::signed(ALICE), device));
		let credits_before = credits(ALICE);

		// The attack: the same attestation, the key free again, a new device for nothing.
		assert_noop!(
			onboard_with(ALICE, key, VALID_UNTIL, attestation),
			Error::<Test>::DeviceKeyRetired
		);
		assert_eq!(RetiredKeys::<Test>::get(key), Some(device));
		assert_eq!(credits(ALICE), credits_before);
		assert_eq!(DeviceCount::<Test>::get(), 0);
	});
}

#[test]
fn an_attestation_onboards_its_device_once_even_after_the_key_is_rotated_away() {
	ExtBuilder::default().build_and_execute(|| {
		let key = device_key(1);
		let attestation = attest(&key, ALICE, DeviceClass::Gpu);
		assert_ok!(onboard_with(ALICE, key, VALID_UNTIL, attestation));
		let device = NextDeviceId::<Test>::get() - 1;
		assert_ok!(Registry::rotate_device_key(
			RuntimeOrigin::signed(ALICE),
			device,
			device_key(2),
			rotation_proof(2, device)
		));

		// The attack: the old key is no longer registered; onboard it again as a second device.
		assert_noop!(
			onboard_with(ALICE, key, VALID_UNTIL, attestation),
			Error::<Test>::DeviceKeyRetired
		);
		assert_eq!(DeviceCount::<Test>::get(), 1);
	});
}

#[test]
fn a_device_cannot_rotate_back_to_a_key_it_retired() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, gpu());
		assert_ok!(Registry::rotate_device_key(
			RuntimeOrigin::signed(ALICE),
			device,
			device_key(2),
			rotation_proof(2, device)
		));
		assert_noop!(
			Registry::rotate_device_key(
				RuntimeOrigin::signed(ALICE),
				device,
				device_key(1),
				rotation_proof(1, device)
			),
			Error::<Test>::DeviceKeyRetired
		);
	});
}

#[test]
fn an_attestation_signed_for_another_chain_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let key = device_key(1);
		let elsewhere = maker_signs(&OTHER_CHAIN, ED_MAKER, &key, VALID_UNTIL);
		assert_noop!(
			onboard_with(ALICE, key, VALID_UNTIL, elsewhere),
			Error::<Test>::BadAttestation
		);
		// The same fields signed for this chain onboard.
		let here = maker_signs(&genesis_hash::<Test>(), ED_MAKER, &key, VALID_UNTIL);
		assert_ok!(onboard_with(ALICE, key, VALID_UNTIL, here));
	});
}

#[test]
fn an_attestation_names_its_maker() {
	ExtBuilder::default().build_and_execute(|| {
		let key = device_key(1);
		// Signed by the ed25519 maker's key for the sr25519 maker's id, submitted under the
		// ed25519 maker.
		let for_other_maker = maker_signs(&genesis_hash::<Test>(), SR_MAKER, &key, VALID_UNTIL);
		assert_noop!(
			onboard_with(ALICE, key, VALID_UNTIL, for_other_maker),
			Error::<Test>::BadAttestation
		);
	});
}

#[test]
fn an_attestation_is_refused_after_its_deadline() {
	ExtBuilder::default().build_and_execute(|| {
		let key = device_key(1);
		let until_five = maker_signs(&genesis_hash::<Test>(), ED_MAKER, &key, 5);
		run_to_block(6);
		assert_noop!(onboard_with(ALICE, key, 5, until_five), Error::<Test>::AttestationExpired);
		// Extending the deadline in the call breaks the signature.
		assert_noop!(onboard_with(ALICE, key, 6, until_five), Error::<Test>::BadAttestation);
		assert_eq!(credits(ALICE), STARTING_CREDITS);
	});
}

#[test]
fn an_attestation_is_accepted_in_its_last_block() {
	ExtBuilder::default().build_and_execute(|| {
		let key = device_key(1);
		let until_five = maker_signs(&genesis_hash::<Test>(), ED_MAKER, &key, 5);
		run_to_block(5);
		assert_ok!(onboard_with(ALICE, key, 5, until_five));
	});
}

#[test]
fn a_key_rotation_proof_signed_for_another_chain_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, gpu());
		let payload = rotation_payload(&OTHER_CHAIN, device, &device_key(2));
		let elsewhere = DeviceSignature::Ed25519(device_pair(2).sign(&payload).0);
		assert_noop!(
			Registry::rotate_device_key(
				RuntimeOrigin::signed(ALICE),
				device,
				device_key(2),
				elsewhere
			),
			Error::<Test>::BadKeyProof
		);
	});
}
