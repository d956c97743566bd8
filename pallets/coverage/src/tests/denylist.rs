//! The denylist: governance only, with an evidence hash and an expiry.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::DispatchError;

const EVIDENCE: H256 = H256([0xee; 32]);

#[test]
fn only_governance_keeps_the_denylist() {
	ExtBuilder.build_and_execute(|| {
		let signed = RuntimeOrigin::signed(ALICE);
		assert_noop!(
			Coverage::deny_device(signed.clone(), 1, EVIDENCE, START + 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Coverage::deny_edge(signed.clone(), 1, 2, EVIDENCE, START + 1),
			DispatchError::BadOrigin
		);
		assert_noop!(Coverage::allow_device(signed.clone(), 1), DispatchError::BadOrigin);
		assert_noop!(Coverage::allow_edge(signed, 1, 2), DispatchError::BadOrigin);
	});
}

#[test]
fn denylisted_beaconer_cannot_beacon_until_expiry() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		assert_ok!(Coverage::deny_device(RuntimeOrigin::root(), 1, EVIDENCE, START + 5));
		System::assert_last_event(
			Event::DeviceDenied {
				device: 1,
				denial: Denial { evidence: EVIDENCE, expires_at: START + 5 },
			}
			.into(),
		);
		assert_noop!(submit(beacon(1), vec![]), Error::<Test>::BeaconerDenylisted);
		run_to_block(START + 5);
		assert_ok!(submit(beacon(1), vec![]));
	});
}

#[test]
fn allowing_removes_the_entry() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		assert_ok!(Coverage::deny_device(RuntimeOrigin::root(), 1, EVIDENCE, START + 5));
		assert_ok!(Coverage::allow_device(RuntimeOrigin::root(), 1));
		System::assert_last_event(Event::DeviceAllowed { device: 1 }.into());
		assert_ok!(submit(beacon(1), vec![]));
		assert_noop!(Coverage::allow_device(RuntimeOrigin::root(), 1), Error::<Test>::NotDenied);

		assert_ok!(Coverage::deny_edge(RuntimeOrigin::root(), 1, 2, EVIDENCE, START + 5));
		assert!(Coverage::is_edge_denied(1, 2, START));
		assert!(!Coverage::is_edge_denied(2, 1, START));
		assert_ok!(Coverage::allow_edge(RuntimeOrigin::root(), 1, 2));
		System::assert_last_event(Event::EdgeAllowed { beaconer: 1, witness: 2 }.into());
		assert_noop!(Coverage::allow_edge(RuntimeOrigin::root(), 1, 2), Error::<Test>::NotDenied);
	});
}

#[test]
fn expiry_must_be_in_the_future_and_edges_not_self() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Coverage::deny_device(RuntimeOrigin::root(), 1, EVIDENCE, START),
			Error::<Test>::ExpiryInPast
		);
		assert_noop!(
			Coverage::deny_edge(RuntimeOrigin::root(), 1, 2, EVIDENCE, START),
			Error::<Test>::ExpiryInPast
		);
		assert_noop!(
			Coverage::deny_edge(RuntimeOrigin::root(), 1, 1, EVIDENCE, START + 1),
			Error::<Test>::SelfEdge
		);
	});
}

#[test]
fn denylist_entries_live_in_activity_records_and_an_emptied_record_is_removed() {
	ExtBuilder.build_and_execute(|| {
		let root = RuntimeOrigin::root;
		// Devices 1 and 2 have no record yet: denying one makes it.
		assert_ok!(Coverage::deny_device(root(), 1, EVIDENCE, START + 5));
		// Replacing an entry keeps one.
		assert_ok!(Coverage::deny_device(root(), 1, EVIDENCE, START + 9));
		assert_eq!(
			Activity::<Test>::get(1).denial,
			Some(Denial { evidence: EVIDENCE, expires_at: START + 9 })
		);
		assert_ok!(Coverage::deny_edge(root(), 1, 2, EVIDENCE, START + 5));
		assert_ok!(Coverage::deny_edge(root(), 1, 2, EVIDENCE, START + 9));
		let edges = Activity::<Test>::get(2).denied_edges;
		assert_eq!(edges.len(), 1);
		assert_eq!(edges[0].beaconer, 1);
		assert_eq!(edges[0].denial.expires_at, START + 9);
		// The pair is kept with the witness, not the beaconer.
		assert!(Activity::<Test>::get(1).denied_edges.is_empty());

		assert_ok!(Coverage::allow_device(root(), 1));
		assert_ok!(Coverage::allow_edge(root(), 1, 2));
		assert!(!Activity::<Test>::contains_key(1));
		assert!(!Activity::<Test>::contains_key(2));
		assert_noop!(Coverage::allow_device(root(), 1), Error::<Test>::NotDenied);
		assert_noop!(Coverage::allow_edge(root(), 1, 2), Error::<Test>::NotDenied);

		// A record with activity keeps it when its entry goes.
		let active = HotspotActivity { last_beacon: Some(START), ..Default::default() };
		Activity::<Test>::insert(3, active);
		assert_ok!(Coverage::deny_device(root(), 3, EVIDENCE, START + 5));
		assert_ok!(Coverage::allow_device(root(), 3));
		assert_eq!(Activity::<Test>::get(3).last_beacon, Some(START));
	});
}

#[test]
fn a_witness_is_denied_for_at_most_max_denied_edges_beaconers_and_expired_pairs_make_room() {
	ExtBuilder.build_and_execute(|| {
		let root = RuntimeOrigin::root;
		let witness = 100;
		for beaconer in 1..=u64::from(MAX_DENIED_EDGES) {
			// The first expires at START + 2, the others later.
			let expiry = if beaconer == 1 { START + 2 } else { START + 50 };
			assert_ok!(Coverage::deny_edge(root(), beaconer, witness, EVIDENCE, expiry));
		}
		assert_noop!(
			Coverage::deny_edge(root(), 99, witness, EVIDENCE, START + 50),
			Error::<Test>::DeniedEdgesFull
		);
		// Replacing a pair's entry needs no room.
		assert_ok!(Coverage::deny_edge(root(), 2, witness, EVIDENCE, START + 60));
		// Once the first has expired, denying another pair drops it.
		run_to_block(START + 2);
		assert!(!Coverage::is_edge_denied(1, witness, START + 2));
		assert_ok!(Coverage::deny_edge(root(), 99, witness, EVIDENCE, START + 50));
		let edges = Activity::<Test>::get(witness).denied_edges;
		assert_eq!(edges.len(), MAX_DENIED_EDGES as usize);
		assert!(!edges.iter().any(|edge| edge.beaconer == 1));
		assert!(Coverage::is_edge_denied(99, witness, START + 2));
		assert!(Coverage::is_edge_denied(2, witness, START + 59));
	});
}

#[test]
fn migration_to_v1_counts_the_denylist_entries() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	use migrations::old::{DeniedDevices, DeniedEdges, DenylistSize};
	ExtBuilder.build_and_execute(|| {
		let denial = Denial { evidence: EVIDENCE, expires_at: START + 5 };
		DeniedDevices::<Test>::insert(1, denial);
		DeniedDevices::<Test>::insert(2, denial);
		DeniedEdges::<Test>::insert(1, 2, denial);
		StorageVersion::new(0).put::<Coverage>();

		let weight = migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(DenylistSize::<Test>::get(), Some((2, 1)));
		assert_eq!(Coverage::on_chain_storage_version(), StorageVersion::new(1));
		assert!(weight.ref_time() > 0);

		// Versioned: a second upgrade does not count again.
		DeniedDevices::<Test>::insert(3, denial);
		migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(DenylistSize::<Test>::get(), Some((2, 1)));
	});
}

#[test]
fn migration_to_v3_moves_the_denylist_into_activity_records() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	use migrations::old::{self, ActivityV2, DeniedDevices, DeniedEdges, DenylistSize};
	ExtBuilder.build_and_execute(|| {
		let denial = |expires_at| Denial { evidence: EVIDENCE, expires_at };
		// Version 2: device 1 has a record and an entry, device 2 an entry only, device 3 is the
		// witness of more pairs than a record holds.
		let record = ActivityV2 {
			last_beacon: Some(START),
			last_beacon_with_witness: Some(START),
			last_valid_witness: None,
			epoch: 4,
			epoch_shares: 7,
		};
		FakeEpoch::put(4);
		old::Activity::<Test>::insert(1, record);
		DeniedDevices::<Test>::insert(1, denial(START + 5));
		DeniedDevices::<Test>::insert(2, denial(START + 6));
		for beaconer in 10..(10 + u64::from(MAX_DENIED_EDGES) + 1) {
			DeniedEdges::<Test>::insert(beaconer, 3, denial(START + beaconer));
		}
		DenylistSize::<Test>::put((2, MAX_DENIED_EDGES + 1));
		StorageVersion::new(2).put::<Coverage>();

		let weight = migrations::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert!(weight.ref_time() > 0);
		assert_eq!(Coverage::on_chain_storage_version(), StorageVersion::new(3));
		let one = old::at_v3::Activity::<Test>::get(1);
		assert_eq!(
			(one.last_beacon, one.last_beacon_with_witness, one.epoch, one.epoch_shares),
			(Some(START), Some(START), 4, 7)
		);
		assert_eq!(one.denial, Some(denial(START + 5)));
		assert_eq!(old::at_v3::Activity::<Test>::get(2).denial, Some(denial(START + 6)));
		// The pair that expires first did not fit.
		let edges = old::at_v3::Activity::<Test>::get(3).denied_edges;
		assert_eq!(edges.len(), MAX_DENIED_EDGES as usize);
		assert!(!edges.iter().any(|edge| edge.beaconer == 10));
		assert!(DeniedDevices::<Test>::iter().next().is_none());
		assert!(DeniedEdges::<Test>::iter().next().is_none());
		assert!(!DenylistSize::<Test>::exists());

		// Version 4 reads them: the shares already noted at version 3 are zeroed.
		migrations::MigrateV3ToV4::<Test>::on_runtime_upgrade();
		let one = Activity::<Test>::get(1);
		assert_eq!((one.epoch_shares, one.unnoted), (0, 0));
		assert_eq!(one.denial, Some(denial(START + 5)));
		assert_eq!(NotingEpoch::<Test>::get(), 4);
		assert_eq!(Coverage::on_chain_storage_version(), StorageVersion::new(4));
		assert!(Coverage::is_edge_denied(11, 3, START));
		assert!(Coverage::is_device_denied(1, START));
	});
}
