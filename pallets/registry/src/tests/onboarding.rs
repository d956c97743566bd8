//! Onboarding: a maker's attestation, fees in credits, a DPN bond, and nothing charged on refusal.

use crate::{mock::*, *};
use depin_primitives::{GpuAttributes, SensorAttributes, StorageAttributes};
use frame_support::{assert_noop, assert_ok};
use sp_core::Pair;

fn onboard_call(
	owner: AccountId,
	key: DeviceKey,
	attributes: DeviceAttributes,
	maker: MakerId,
	attestation: DeviceSignature,
) -> DispatchResult {
	Registry::onboard_device(
		RuntimeOrigin::signed(owner),
		key,
		attributes,
		maker,
		VALID_UNTIL,
		attestation,
	)
}

#[test]
fn onboarding_burns_the_fee_in_credits_and_holds_the_bond() {
	ExtBuilder::default().build_and_execute(|| {
		let key = device_key(1);
		assert_ok!(onboard_call(
			ALICE,
			key,
			gpu(),
			ED_MAKER,
			attest(&key, ALICE, DeviceClass::Gpu)
		));

		assert_eq!(credits(ALICE), STARTING_CREDITS - ONBOARDING_FEE);
		assert_eq!(FakeCredits::burned(), ONBOARDING_FEE);
		assert_eq!(device_bond_held(ALICE), DEVICE_BOND);
		assert_eq!(free(ALICE), STARTING_BALANCE - DEVICE_BOND);

		let info = Devices::<Test>::get(0).expect("onboarded just now");
		assert_eq!(info.owner, ALICE);
		assert_eq!(info.key, key);
		assert_eq!(info.maker, ED_MAKER);
		assert_eq!(info.class(), DeviceClass::Gpu);
		assert_eq!(info.status, DeviceStatus::Active);
		assert_eq!(info.location, None);
		assert_eq!(info.bond, DEVICE_BOND);
		assert_eq!(info.onboarded_at, 1);
		assert_eq!(info.unbonding_until, None);
		assert_eq!(DeviceByKey::<Test>::get(key), Some(0));
		assert!(DevicesOf::<Test>::contains_key(ALICE, 0));
		assert_eq!(OwnerDeviceCount::<Test>::get(ALICE), 1);
		assert_eq!(DeviceCount::<Test>::get(), 1);
		assert_eq!(Makers::<Test>::get(ED_MAKER).map(|m| m.devices_onboarded), Some(1));

		System::assert_last_event(
			Event::DeviceOnboarded {
				device: 0,
				owner: ALICE,
				maker: ED_MAKER,
				class: DeviceClass::Gpu,
				key,
				fee: ONBOARDING_FEE,
				bond: DEVICE_BOND,
			}
			.into(),
		);
		assert_eq!(take_observed(), vec![Observed::Onboarded(0, ALICE, DeviceClass::Gpu)]);
	});
}

#[test]
fn an_sr25519_maker_attestation_onboards_too() {
	ExtBuilder::default().build_and_execute(|| {
		let key = device_key(1);
		assert_ok!(onboard_call(
			BOB,
			key,
			hotspot(),
			SR_MAKER,
			attest_sr(&key, BOB, DeviceClass::Hotspot)
		));
		assert_eq!(Devices::<Test>::get(0).map(|d| d.maker), Some(SR_MAKER));
	});
}

#[test]
fn an_sr25519_device_key_onboards_too() {
	ExtBuilder::default().build_and_execute(|| {
		let key = DeviceKey::Sr25519(sp_core::sr25519::Pair::from_seed(&[9u8; 32]).public().0);
		assert_ok!(onboard_call(
			ALICE,
			key,
			hotspot(),
			ED_MAKER,
			attest(&key, ALICE, DeviceClass::Hotspot)
		));
		assert_eq!(DeviceByKey::<Test>::get(key), Some(0));
	});
}

#[test]
fn a_wrong_attestation_is_refused_with_bad_attestation_and_nothing_charged() {
	ExtBuilder::default().build_and_execute(|| {
		let key = device_key(1);
		let class = DeviceClass::Gpu;
		// Signed for another owner.
		assert_noop!(
			onboard_call(ALICE, key, gpu(), ED_MAKER, attest(&key, BOB, class)),
			Error::<Test>::BadAttestation
		);
		// Signed for another class.
		assert_noop!(
			onboard_call(ALICE, key, gpu(), ED_MAKER, attest(&key, ALICE, DeviceClass::Hotspot)),
			Error::<Test>::BadAttestation
		);
		// Signed for another device key.
		assert_noop!(
			onboard_call(ALICE, key, gpu(), ED_MAKER, attest(&device_key(2), ALICE, class)),
			Error::<Test>::BadAttestation
		);
		// Signed by another maker's key.
		assert_noop!(
			onboard_call(ALICE, key, gpu(), ED_MAKER, attest_sr(&key, ALICE, class)),
			Error::<Test>::BadAttestation
		);
		// Signed by the device itself.
		let payload =
			onboarding_payload(&genesis_hash::<Test>(), ED_MAKER, &key, &ALICE, class, VALID_UNTIL);
		let self_signed = DeviceSignature::Ed25519(device_pair(1).sign(&payload).0);
		assert_noop!(
			onboard_call(ALICE, key, gpu(), ED_MAKER, self_signed),
			Error::<Test>::BadAttestation
		);

		assert_eq!(credits(ALICE), STARTING_CREDITS);
		assert_eq!(device_bond_held(ALICE), 0);
	});
}

#[test]
fn an_unknown_maker_is_refused_and_nothing_charged() {
	ExtBuilder::default().build_and_execute(|| {
		let key = device_key(1);
		assert_noop!(
			onboard_call(ALICE, key, gpu(), 7, attest(&key, ALICE, DeviceClass::Gpu)),
			Error::<Test>::UnknownMaker
		);
		assert_eq!(credits(ALICE), STARTING_CREDITS);
	});
}

#[test]
fn a_device_key_is_never_registered_twice() {
	ExtBuilder::default().build_and_execute(|| {
		onboard(ALICE, 1, gpu());
		let key = device_key(1);
		let bob_before = credits(BOB);
		assert_noop!(
			onboard_call(BOB, key, gpu(), ED_MAKER, attest(&key, BOB, DeviceClass::Gpu)),
			Error::<Test>::DeviceKeyTaken
		);
		assert_noop!(
			onboard_call(
				ALICE,
				key,
				hotspot(),
				ED_MAKER,
				attest(&key, ALICE, DeviceClass::Hotspot)
			),
			Error::<Test>::DeviceKeyTaken
		);
		assert_eq!(credits(BOB), bob_before);
	});
}

#[test]
fn onboarding_without_enough_credits_fails_with_insufficient_credits() {
	ExtBuilder::default().credits(ALICE, ONBOARDING_FEE - 1).build_and_execute(|| {
		let key = device_key(1);
		assert_noop!(
			onboard_call(ALICE, key, gpu(), ED_MAKER, attest(&key, ALICE, DeviceClass::Gpu)),
			Error::<Test>::InsufficientCredits
		);
	});
}

#[test]
fn onboarding_without_dpn_for_the_bond_fails_and_burns_no_credits() {
	// The whole balance cannot be held: the existential deposit must stay.
	ExtBuilder::default().balance(ALICE, DEVICE_BOND).build_and_execute(|| {
		let key = device_key(1);
		assert_noop!(
			onboard_call(ALICE, key, gpu(), ED_MAKER, attest(&key, ALICE, DeviceClass::Gpu)),
			Error::<Test>::InsufficientBondBalance
		);
		assert_eq!(credits(ALICE), STARTING_CREDITS);
	});
}

#[test]
fn with_a_zero_bond_parameter_nothing_is_held() {
	ExtBuilder::default().device_bond(0).build_and_execute(|| {
		let device = onboard(ALICE, 1, gpu());
		assert_eq!(device_bond_held(ALICE), 0);
		assert_eq!(Devices::<Test>::get(device).map(|d| d.bond), Some(0));
	});
}

#[test]
fn devices_per_owner_are_bounded_by_max_devices_per_owner() {
	ExtBuilder::default().build_and_execute(|| {
		// MaxDevicesPerOwner = 3.
		for n in 1..=3 {
			onboard(ALICE, n, gpu());
		}
		let key = device_key(4);
		assert_noop!(
			onboard_call(ALICE, key, gpu(), ED_MAKER, attest(&key, ALICE, DeviceClass::Gpu)),
			Error::<Test>::TooManyDevices
		);
		assert_eq!(OwnerDeviceCount::<Test>::get(ALICE), 3);
	});
}

#[test]
fn invalid_attributes_are_refused_with_a_named_error() {
	ExtBuilder::default().build_and_execute(|| {
		let key = device_key(1);
		let cases = [
			(
				DeviceAttributes::Hotspot(HotspotAttributes { gain_dbi_x10: 9, elevation_m: 0 }),
				Error::<Test>::InvalidAntennaGain,
			),
			(
				DeviceAttributes::Hotspot(HotspotAttributes { gain_dbi_x10: 151, elevation_m: 0 }),
				Error::<Test>::InvalidAntennaGain,
			),
			(
				DeviceAttributes::Hotspot(HotspotAttributes {
					gain_dbi_x10: 40,
					elevation_m: 20_000,
				}),
				Error::<Test>::InvalidElevation,
			),
			(
				DeviceAttributes::Gpu(GpuAttributes { count: 0, ..gpu_attributes() }),
				Error::<Test>::InvalidGpuAttributes,
			),
			(
				DeviceAttributes::Gpu(GpuAttributes { vram_gib: 0, ..gpu_attributes() }),
				Error::<Test>::InvalidGpuAttributes,
			),
			(
				DeviceAttributes::Gpu(GpuAttributes { model: name(b""), ..gpu_attributes() }),
				Error::<Test>::InvalidGpuAttributes,
			),
			(
				DeviceAttributes::Storage(StorageAttributes { capacity_gib: 0 }),
				Error::<Test>::InvalidStorageAttributes,
			),
			(
				DeviceAttributes::Sensor(SensorAttributes { kind: name(b"") }),
				Error::<Test>::InvalidSensorAttributes,
			),
		];
		for (attributes, error) in cases {
			let attestation = attest(&key, ALICE, attributes.class());
			assert_noop!(onboard_call(ALICE, key, attributes, ED_MAKER, attestation), error);
		}
	});
}

#[test]
fn storage_and_sensor_devices_onboard() {
	ExtBuilder::default().build_and_execute(|| {
		let storage =
			onboard(ALICE, 1, DeviceAttributes::Storage(StorageAttributes { capacity_gib: 4096 }));
		let sensor = onboard(
			ALICE,
			2,
			DeviceAttributes::Sensor(SensorAttributes { kind: name(b"air-quality") }),
		);
		assert_eq!(Devices::<Test>::get(storage).map(|d| d.class()), Some(DeviceClass::Storage));
		assert_eq!(Devices::<Test>::get(sensor).map(|d| d.class()), Some(DeviceClass::Sensor));
	});
}

#[test]
fn device_ids_are_sequential_and_never_reused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(onboard(ALICE, 1, gpu()), 0);
		assert_eq!(onboard(ALICE, 2, gpu()), 1);
		assert_ok!(Registry::retire_device(RuntimeOrigin::signed(ALICE), 1));
		run_to_block(1 + UNBONDING);
		assert_ok!(Registry::withdraw_bond(RuntimeOrigin::signed(ALICE), 1));
		assert_eq!(onboard(ALICE, 3, gpu()), 2);
		assert_eq!(NextDeviceId::<Test>::get(), 3);
		assert_eq!(DeviceCount::<Test>::get(), 2);
	});
}

fn gpu_attributes() -> GpuAttributes {
	match gpu() {
		DeviceAttributes::Gpu(attributes) => attributes,
		_ => unreachable!("gpu() builds GPU attributes"),
	}
}
