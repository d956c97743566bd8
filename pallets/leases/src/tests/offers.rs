//! Offers: only the owner of an active GPU device lists, changes or withdraws it.

use crate::{mock::*, *};
use depin_primitives::DeviceStatus;
use frame_support::{assert_noop, assert_ok};

#[test]
fn list_offer_lists_an_active_gpu_device_of_its_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let device = gpu_device(1, BOB, h100());
		assert_ok!(Leases::list_offer(RuntimeOrigin::signed(BOB), device, terms(PRICE)));
		assert_eq!(Offers::<Test>::get(device), Some(Offer { provider: BOB, terms: terms(PRICE) }));
		System::assert_last_event(
			Event::OfferListed { device, provider: BOB, terms: terms(PRICE) }.into(),
		);
	});
}

#[test]
fn only_an_active_gpu_device_of_the_caller_is_listed() {
	ExtBuilder::default().build_and_execute(|| {
		let list =
			|who, device| Leases::list_offer(RuntimeOrigin::signed(who), device, terms(PRICE));
		assert_noop!(list(BOB, 9), Error::<Test>::UnknownDevice);
		let device = gpu_device(1, BOB, h100());
		assert_noop!(list(ALICE, device), Error::<Test>::NotDeviceOwner);
		let hotspot = hotspot_device(2, BOB);
		assert_noop!(list(BOB, hotspot), Error::<Test>::NotGpuDevice);
		FakeRegistry::modify(device, |info| info.status = DeviceStatus::Retired);
		assert_noop!(list(BOB, device), Error::<Test>::DeviceNotActive);
	});
}

#[test]
fn offer_terms_are_validated() {
	ExtBuilder::default().build_and_execute(|| {
		let device = gpu_device(1, BOB, h100());
		let list = |terms| Leases::list_offer(RuntimeOrigin::signed(BOB), device, terms);
		assert_noop!(list(terms(0)), Error::<Test>::InvalidPrice);
		assert_noop!(list(terms(MAX_PRICE_PER_HOUR + 1)), Error::<Test>::InvalidPrice);
		assert_noop!(
			list(OfferTerms { min_duration: 0, ..terms(PRICE) }),
			Error::<Test>::InvalidDuration
		);
		assert_noop!(
			list(OfferTerms { min_duration: 11, max_duration: 10, ..terms(PRICE) }),
			Error::<Test>::InvalidDuration
		);
		assert_noop!(
			list(OfferTerms { region: region(b""), ..terms(PRICE) }),
			Error::<Test>::InvalidRegion
		);
	});
}

#[test]
fn a_device_is_listed_once_until_it_changes_owner() {
	ExtBuilder::default().build_and_execute(|| {
		let device = listed(1, BOB, PRICE);
		assert_noop!(
			Leases::list_offer(RuntimeOrigin::signed(BOB), device, terms(PRICE)),
			Error::<Test>::AlreadyListed
		);
		FakeRegistry::modify(device, |info| info.owner = CHARLIE);
		assert_ok!(Leases::list_offer(RuntimeOrigin::signed(CHARLIE), device, terms(2 * PRICE)));
		assert_eq!(Offers::<Test>::get(device).map(|offer| offer.provider), Some(CHARLIE));
	});
}

#[test]
fn only_the_owner_changes_or_withdraws_an_offer() {
	ExtBuilder::default().build_and_execute(|| {
		let device = listed(1, BOB, PRICE);
		assert_noop!(
			Leases::update_offer(RuntimeOrigin::signed(ALICE), device, terms(1)),
			Error::<Test>::NotDeviceOwner
		);
		assert_noop!(
			Leases::withdraw_offer(RuntimeOrigin::signed(ALICE), device),
			Error::<Test>::NotDeviceOwner
		);
		assert_noop!(
			Leases::update_offer(RuntimeOrigin::signed(BOB), 7, terms(1)),
			Error::<Test>::NotListed
		);

		assert_ok!(Leases::update_offer(RuntimeOrigin::signed(BOB), device, terms(1)));
		assert_eq!(Offers::<Test>::get(device).map(|offer| offer.terms), Some(terms(1)));
		System::assert_last_event(Event::OfferUpdated { device, terms: terms(1) }.into());

		assert_ok!(Leases::withdraw_offer(RuntimeOrigin::signed(BOB), device));
		assert!(!Offers::<Test>::contains_key(device));
		System::assert_last_event(Event::OfferWithdrawn { device }.into());
		assert_noop!(
			Leases::withdraw_offer(RuntimeOrigin::signed(BOB), device),
			Error::<Test>::NotListed
		);
	});
}

#[test]
fn anyone_withdraws_the_offer_of_a_removed_device() {
	ExtBuilder::default().build_and_execute(|| {
		let device = listed(1, BOB, PRICE);
		FakeDevices::remove(device);
		assert_ok!(Leases::withdraw_offer(RuntimeOrigin::signed(ALICE), device));
		assert!(!Offers::<Test>::contains_key(device));
	});
}

#[test]
fn changing_or_withdrawing_an_offer_leaves_a_running_lease_alone() {
	ExtBuilder::default().build_and_execute(|| {
		let device = listed(1, BOB, PRICE);
		let id = lease(ALICE, device, 100, 100);
		assert_ok!(Leases::update_offer(RuntimeOrigin::signed(BOB), device, terms(5 * PRICE)));
		assert_ok!(Leases::withdraw_offer(RuntimeOrigin::signed(BOB), device));
		assert_eq!(lease_of(id).price_per_hour, PRICE);
		assert_eq!(lease_of(id).state, LeaseState::Active);
	});
}
