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
fn denylist_size_counts_each_entry_once() {
	ExtBuilder.build_and_execute(|| {
		let root = RuntimeOrigin::root;
		let size = |devices, edges| DenylistCounts { devices, edges };
		assert_eq!(DenylistSize::<Test>::get(), size(0, 0));
		assert_ok!(Coverage::deny_device(root(), 1, EVIDENCE, START + 5));
		// Replacing an entry adds none.
		assert_ok!(Coverage::deny_device(root(), 1, EVIDENCE, START + 9));
		assert_ok!(Coverage::deny_device(root(), 2, EVIDENCE, START + 5));
		assert_ok!(Coverage::deny_edge(root(), 1, 2, EVIDENCE, START + 5));
		assert_ok!(Coverage::deny_edge(root(), 1, 2, EVIDENCE, START + 9));
		assert_ok!(Coverage::deny_edge(root(), 2, 1, EVIDENCE, START + 5));
		assert_eq!(DenylistSize::<Test>::get(), size(2, 2));

		assert_ok!(Coverage::allow_device(root(), 1));
		assert_ok!(Coverage::allow_edge(root(), 1, 2));
		assert_eq!(DenylistSize::<Test>::get(), size(1, 1));
		assert_noop!(Coverage::allow_device(root(), 1), Error::<Test>::NotDenied);
		assert_noop!(Coverage::allow_edge(root(), 1, 2), Error::<Test>::NotDenied);
		// An expired entry still counts until it is taken off.
		run_to_block(START + 5);
		assert_eq!(DenylistSize::<Test>::get(), size(1, 1));
	});
}

#[test]
fn an_empty_part_of_the_denylist_is_not_looked_up_and_its_reads_are_refunded() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		hotspot(2, BOB, NEAR);
		hotspot(3, CHARLIE, NEAR);
		// Device 1 beacons with two witnesses, once per beacon interval.
		let report = || {
			let beacon = beacon(1);
			let receipts = vec![receipt(&beacon, 2), receipt(&beacon, 3)];
			Coverage::check_beacon(&beacon, true).expect("a valid beacon");
			let work = Coverage::do_submit_report(beacon, receipts).expect("accepted");
			run_to_block(System::block_number() + BEACON_INTERVAL);
			work.skipped_reads
		};
		// Both parts empty: the beaconer's and two witnesses' device lookups, two pair lookups.
		assert_eq!(report(), 5);
		// Entries for other devices: that part is looked up again.
		let expiry = START + 10 * BEACON_INTERVAL;
		assert_ok!(Coverage::deny_device(RuntimeOrigin::root(), 9, EVIDENCE, expiry));
		assert_eq!(report(), 2);
		assert_ok!(Coverage::deny_edge(RuntimeOrigin::root(), 8, 9, EVIDENCE, expiry));
		assert_eq!(report(), 0);
		assert_ok!(Coverage::allow_device(RuntimeOrigin::root(), 9));
		assert_eq!(report(), 3);

		let charged = |skipped_reads| {
			Coverage::report_weight(
				2,
				ReportWork { opened: true, skipped_reads, batch_failed: false },
			)
		};
		let read = <Test as frame_system::Config>::DbWeight::get().reads(1);
		assert!(read.ref_time() > 0);
		assert_eq!(charged(5), charged(0) - read.saturating_mul(5));
	});
}

#[test]
fn migration_to_v1_counts_the_denylist_entries() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	ExtBuilder.build_and_execute(|| {
		let denial = Denial { evidence: EVIDENCE, expires_at: START + 5 };
		DeniedDevices::<Test>::insert(1, denial);
		DeniedDevices::<Test>::insert(2, denial);
		DeniedEdges::<Test>::insert(1, 2, denial);
		StorageVersion::new(0).put::<Coverage>();

		let weight = migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(DenylistSize::<Test>::get(), DenylistCounts { devices: 2, edges: 1 });
		assert_eq!(Coverage::on_chain_storage_version(), StorageVersion::new(1));
		assert!(weight.ref_time() > 0);

		// Versioned: a second upgrade does not count again.
		DeniedDevices::<Test>::insert(3, denial);
		migrations::MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(DenylistSize::<Test>::get(), DenylistCounts { devices: 2, edges: 1 });
		DeniedDevices::<Test>::remove(3);
	});
}
