//! Access details: the provider of an open lease seals where and how its tenant connects; only
//! it can set them, only while the lease is open; they are removed when the lease closes.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};

/// Bob's device 1 leased by Alice at one credit a block for 1,000 blocks with 1,000 credits,
/// heartbeat at block 1.
fn running_lease() -> LeaseId {
	let device = listed(1, BOB, PRICE);
	let id = lease(ALICE, device, 1_000, 1_000);
	assert_ok!(beat(1, id));
	id
}

fn sealed(bytes: &[u8]) -> SealedAccess {
	bytes.to_vec().try_into().expect("within MAX_ACCESS_LEN")
}

#[test]
fn the_provider_sets_and_replaces_an_open_leases_access_details() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		assert_ok!(Leases::set_access(RuntimeOrigin::signed(BOB), id, sealed(b"first")));
		System::assert_last_event(Event::AccessSet { lease: id, bytes: 5 }.into());
		assert_ok!(Leases::set_access(RuntimeOrigin::signed(BOB), id, sealed(b"moved")));
		assert_eq!(LeaseAccess::<Test>::get(id), Some(sealed(b"moved")));
	});
}

#[test]
fn only_the_leases_provider_sets_its_access_details() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		for who in [ALICE, CHARLIE] {
			assert_noop!(
				Leases::set_access(RuntimeOrigin::signed(who), id, sealed(b"phish")),
				Error::<Test>::NotLeaseProvider
			);
		}
		assert_noop!(
			Leases::set_access(RuntimeOrigin::signed(BOB), id + 1, sealed(b"x")),
			Error::<Test>::UnknownLease
		);
		assert_noop!(
			Leases::set_access(RuntimeOrigin::signed(BOB), id, sealed(b"")),
			Error::<Test>::EmptyAccess
		);
		assert_eq!(LeaseAccess::<Test>::get(id), None);
	});
}

#[test]
fn access_details_go_with_the_lease_and_cannot_be_set_after_it_closed() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		assert_ok!(Leases::set_access(RuntimeOrigin::signed(BOB), id, sealed(b"endpoint")));
		run_to_block(51);
		assert_ok!(Leases::close_lease(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(LeaseAccess::<Test>::get(id), None);
		assert_noop!(
			Leases::set_access(RuntimeOrigin::signed(BOB), id, sealed(b"late")),
			Error::<Test>::UnknownLease
		);
	});
}

#[test]
fn access_details_are_bounded() {
	let too_long: Result<SealedAccess, _> = vec![0u8; MAX_ACCESS_LEN as usize + 1].try_into();
	assert!(too_long.is_err());
	let longest: Result<SealedAccess, _> = vec![0u8; MAX_ACCESS_LEN as usize].try_into();
	assert!(longest.is_ok());
}
