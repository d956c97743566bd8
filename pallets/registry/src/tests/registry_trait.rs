//! The `DeviceRegistry` trait, as coverage and leases use it.

use crate::{mock::*, *};
use depin_primitives::{DeviceRegistry, HotspotView};
use frame_support::{assert_noop, assert_ok};

type Bond = <Registry as DeviceRegistry<AccountId>>::Balance;

#[test]
fn coverage_and_leases_read_devices_through_the_trait() {
	ExtBuilder::default().build_and_execute(|| {
		let hotspot_id = onboard_located_hotspot(ALICE, 1, CELL_A);
		let gpu_id = onboard(BOB, 2, gpu());

		let info = <Registry as DeviceRegistry<AccountId>>::device(hotspot_id).expect("registered");
		assert_eq!(info.owner, ALICE);
		assert_eq!(
			<Registry as DeviceRegistry<AccountId>>::device_by_key(&device_key(1)),
			Some((hotspot_id, info))
		);
		assert_eq!(<Registry as DeviceRegistry<AccountId>>::owner(gpu_id), Some(BOB));
		assert!(<Registry as DeviceRegistry<AccountId>>::is_active(hotspot_id));
		assert!(!<Registry as DeviceRegistry<AccountId>>::is_active(42));

		let expected_gpu = match gpu() {
			DeviceAttributes::Gpu(attributes) => Some(attributes),
			_ => None,
		};
		assert_eq!(<Registry as DeviceRegistry<AccountId>>::gpu(gpu_id), expected_gpu);
		assert_eq!(<Registry as DeviceRegistry<AccountId>>::gpu(hotspot_id), None);

		assert_eq!(
			<Registry as DeviceRegistry<AccountId>>::hotspot(hotspot_id),
			Some(HotspotView {
				owner: ALICE,
				key: device_key(1),
				status: DeviceStatus::Active,
				location: Some(CELL_A),
				gain_dbi_x10: 40,
				elevation_m: 10,
			})
		);
		assert_eq!(<Registry as DeviceRegistry<AccountId>>::hotspot(gpu_id), None);
	});
}

#[test]
fn other_pallets_lift_only_their_own_suspensions() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard_located_hotspot(ALICE, 1, CELL_A);

		assert_ok!(<Registry as DeviceRegistry<AccountId>>::suspend(
			device,
			SuspendReason::Denylist
		));
		assert!(!<Registry as DeviceRegistry<AccountId>>::is_active(device));
		assert_noop!(
			<Registry as DeviceRegistry<AccountId>>::resume(device, SuspendReason::Slash),
			Error::<Test>::SuspendReasonMismatch
		);
		assert_ok!(<Registry as DeviceRegistry<AccountId>>::resume(
			device,
			SuspendReason::Denylist
		));
		assert!(<Registry as DeviceRegistry<AccountId>>::is_active(device));

		// A governance suspension is not lifted by the denylist's expiry.
		assert_ok!(Registry::suspend_device(
			RuntimeOrigin::root(),
			device,
			SuspendReason::Governance
		));
		assert_noop!(
			<Registry as DeviceRegistry<AccountId>>::resume(device, SuspendReason::Denylist),
			Error::<Test>::SuspendReasonMismatch
		);
		assert_noop!(
			<Registry as DeviceRegistry<AccountId>>::resume(42, SuspendReason::Denylist),
			Error::<Test>::UnknownDevice
		);
	});
}

#[test]
fn slashing_through_the_trait_is_capped_at_the_bond() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, gpu());

		let taken: Bond = <Registry as DeviceRegistry<AccountId>>::slash_bond(device, 1_000, &BOB)
			.expect("the device exists");
		assert_eq!(taken, DEVICE_BOND);
		assert_eq!(free(BOB), STARTING_BALANCE + DEVICE_BOND);
		assert_eq!(device_bond_held(ALICE), 0);
		assert_eq!(Devices::<Test>::get(device).map(|d| d.bond), Some(0));

		assert_eq!(<Registry as DeviceRegistry<AccountId>>::slash_bond(device, 1, &BOB), Ok(0));
		assert_eq!(
			<Registry as DeviceRegistry<AccountId>>::slash_bond(42, 1, &BOB),
			Err(Error::<Test>::UnknownDevice.into())
		);
	});
}
