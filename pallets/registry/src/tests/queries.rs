//! Reads for the runtime API: devices by id, by key, per owner (paged), makers, parameters.

use crate::{mock::*, *};
use alloc::collections::btree_set::BTreeSet;

#[test]
fn devices_of_an_owner_are_paged_by_key_iteration() {
	ExtBuilder::default().build_and_execute(|| {
		for n in 1..=3 {
			onboard(ALICE, n, gpu());
		}
		onboard(BOB, 4, gpu());

		// MaxPageSize = 2 caps the limit.
		let first = Registry::devices_of(&ALICE, None, 10);
		assert_eq!(first.len(), 2);
		let last = first.last().map(|(id, _)| *id);
		let second = Registry::devices_of(&ALICE, last, 10);
		assert_eq!(second.len(), 1);

		let ids: BTreeSet<DeviceId> =
			first.iter().chain(second.iter()).map(|(id, _)| *id).collect();
		assert_eq!(ids, BTreeSet::from([0, 1, 2]));
		assert!(first.iter().chain(second.iter()).all(|(_, info)| info.owner == ALICE));

		let after_last = second.last().map(|(id, _)| *id);
		assert!(Registry::devices_of(&ALICE, after_last, 10).is_empty());
		assert_eq!(Registry::devices_of(&ALICE, None, 1).len(), 1);
		assert!(Registry::devices_of(&ALICE, None, 0).is_empty());
		assert!(Registry::devices_of(&CHARLIE, None, 10).is_empty());
	});
}

#[test]
fn a_device_is_found_by_id_and_by_key() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, gpu());
		let info = Registry::device(device).expect("registered");
		assert_eq!(Registry::device_by_key(&device_key(1)), Some((device, info)));
		assert_eq!(Registry::device_by_key(&device_key(2)), None);
		assert_eq!(Registry::device(device + 1), None);
	});
}

#[test]
fn makers_and_parameters_are_readable() {
	ExtBuilder::default().build_and_execute(|| {
		let makers = Registry::makers();
		let ids: BTreeSet<MakerId> = makers.iter().map(|(id, _)| *id).collect();
		assert_eq!(ids, BTreeSet::from([ED_MAKER, SR_MAKER]));
		assert_eq!(Registry::parameters(), Parameters::<Test>::get());
	});
}
