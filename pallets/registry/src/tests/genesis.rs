//! Genesis, configuration checks, invariants and weights.

use crate::{mock::*, *};
use frame_support::traits::Hooks;

#[test]
fn genesis_approves_makers_and_holds_their_bonds() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(NextMakerId::<Test>::get(), 2);
		let ed = Makers::<Test>::get(ED_MAKER).expect("approved at genesis");
		assert_eq!(ed.account, ED_MAKER_ACCOUNT);
		assert_eq!(ed.attestation_key, DeviceKey::Ed25519(sp_core::Pair::public(&ed_maker()).0));
		assert_eq!(ed.status, MakerStatus::Approved);
		assert_eq!(maker_bond_held(ED_MAKER_ACCOUNT), MAKER_BOND);
		assert_eq!(maker_bond_held(SR_MAKER_ACCOUNT), MAKER_BOND);
	});
}

#[test]
fn the_configuration_passes_the_integrity_test() {
	ExtBuilder::default().build_and_execute(|| {
		<Registry as Hooks<u64>>::integrity_test();
	});
}

#[test]
fn try_state_catches_a_broken_key_index() {
	ExtBuilder::default().build().execute_with(|| {
		onboard(ALICE, 1, gpu());
		assert!(Registry::do_try_state().is_ok());
		DeviceByKey::<Test>::remove(device_key(1));
		assert!(Registry::do_try_state().is_err());
	});
}

#[test]
fn try_state_catches_a_bond_that_is_not_held() {
	ExtBuilder::default().build().execute_with(|| {
		let device = onboard(ALICE, 1, gpu());
		Devices::<Test>::mutate(device, |info| {
			if let Some(info) = info {
				info.bond += 1;
			}
		});
		assert!(Registry::do_try_state().is_err());
	});
}

#[test]
fn try_state_catches_a_wrong_owner_count() {
	ExtBuilder::default().build().execute_with(|| {
		onboard(ALICE, 1, gpu());
		OwnerDeviceCount::<Test>::insert(ALICE, 2);
		assert!(Registry::do_try_state().is_err());
	});
}

#[test]
fn every_call_has_a_nonzero_weight() {
	let weights = [
		<() as WeightInfo>::approve_maker(),
		<() as WeightInfo>::revoke_maker(),
		<() as WeightInfo>::onboard_device(),
		<() as WeightInfo>::assert_location(),
		<() as WeightInfo>::suspend_device(),
		<() as WeightInfo>::resume_device(),
		<() as WeightInfo>::retire_device(),
		<() as WeightInfo>::withdraw_bond(),
		<() as WeightInfo>::transfer_device(),
		<() as WeightInfo>::rotate_device_key(),
		<() as WeightInfo>::set_parameters(),
		<() as WeightInfo>::slash_device_bond(),
	];
	for weight in weights {
		assert!(weight.ref_time() > 0);
	}
}
