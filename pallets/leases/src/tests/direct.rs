//! Direct leases of a listed offer, and the rule that a device is never leased twice at once.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};

#[test]
fn lease_offer_escrows_the_deposit_and_starts_a_lease() {
	ExtBuilder::default().build_and_execute(|| {
		let device = listed(1, BOB, PRICE);
		assert_ok!(Leases::lease_offer(RuntimeOrigin::signed(ALICE), device, 500, 300, PRICE));
		let id = 0;
		let lease = lease_of(id);
		assert_eq!(lease.tenant, ALICE);
		assert_eq!(lease.provider, BOB);
		assert_eq!(lease.device, device);
		assert_eq!(lease.order, None);
		assert_eq!(lease.price_per_hour, PRICE);
		assert_eq!((lease.started_at, lease.ends_at), (1, 501));
		assert_eq!(lease.heartbeat_period, HEARTBEAT);
		assert_eq!(lease.escrow, 300);
		assert_eq!(lease.state, LeaseState::Active);
		assert_eq!(ActiveLeaseOf::<Test>::get(device), Some(id));
		assert!(LeasesOf::<Test>::contains_key(BOB, id));
		assert_eq!(escrowed(ALICE), 300);
		assert_eq!(credits(ALICE), STARTING_CREDITS - 300);
		System::assert_last_event(
			Event::LeaseStarted {
				lease: id,
				tenant: ALICE,
				provider: BOB,
				device,
				price_per_hour: PRICE,
				escrow: 300,
				ends_at: 501,
			}
			.into(),
		);
	});
}

#[test]
fn the_deposit_covers_at_least_the_offers_shortest_term() {
	ExtBuilder::default().build_and_execute(|| {
		// 10 blocks at 600 credits an hour (one a block): 10 credits.
		let device = listed(1, BOB, PRICE);
		assert_noop!(
			Leases::lease_offer(RuntimeOrigin::signed(ALICE), device, 100, 9, PRICE),
			Error::<Test>::DepositTooLow
		);
		assert_ok!(Leases::lease_offer(RuntimeOrigin::signed(ALICE), device, 100, 10, PRICE));
	});
}

#[test]
fn the_shortest_term_is_rounded_up_to_a_whole_credit() {
	ExtBuilder::default().build_and_execute(|| {
		// 10 blocks at 7 credits an hour: 70 / 600 credits, rounded up to 1.
		let device = listed(1, BOB, 7);
		assert_noop!(
			Leases::lease_offer(RuntimeOrigin::signed(ALICE), device, 100, 0, 7),
			Error::<Test>::DepositTooLow
		);
		assert_ok!(Leases::lease_offer(RuntimeOrigin::signed(ALICE), device, 100, 1, 7));
	});
}

#[test]
fn lease_offer_refuses_a_price_above_the_tenants_maximum() {
	ExtBuilder::default().build_and_execute(|| {
		let device = listed(1, BOB, PRICE);
		assert_noop!(
			Leases::lease_offer(RuntimeOrigin::signed(ALICE), device, 100, 100, PRICE - 1),
			Error::<Test>::PriceAboveMaximum
		);
	});
}

#[test]
fn the_term_is_within_the_offers_durations() {
	ExtBuilder::default().build_and_execute(|| {
		let device = listed(1, BOB, PRICE);
		let lease = |duration| {
			Leases::lease_offer(RuntimeOrigin::signed(ALICE), device, duration, 100_000, PRICE)
		};
		assert_noop!(lease(9), Error::<Test>::DurationOutOfRange);
		assert_noop!(lease(10_001), Error::<Test>::DurationOutOfRange);
		assert_ok!(lease(10_000));
	});
}

#[test]
fn lease_offer_needs_the_credits() {
	ExtBuilder::default().credits(ALICE, 99).build_and_execute(|| {
		let device = listed(1, BOB, PRICE);
		assert_noop!(
			Leases::lease_offer(RuntimeOrigin::signed(ALICE), device, 100, 100, PRICE),
			Error::<Test>::InsufficientCredits
		);
	});
}

#[test]
fn only_a_listed_active_device_of_its_provider_is_leased() {
	ExtBuilder::default().build_and_execute(|| {
		let lease =
			|device| Leases::lease_offer(RuntimeOrigin::signed(ALICE), device, 100, 100, PRICE);
		let unlisted = gpu_device(2, BOB, h100());
		assert_noop!(lease(unlisted), Error::<Test>::NotListed);
		let device = listed(1, BOB, PRICE);
		assert_noop!(
			Leases::lease_offer(RuntimeOrigin::signed(BOB), device, 100, 100, PRICE),
			Error::<Test>::OwnDevice
		);
		FakeRegistry::modify(device, |info| info.owner = CHARLIE);
		assert_noop!(lease(device), Error::<Test>::OfferOwnerChanged);
		FakeRegistry::modify(device, |info| {
			info.owner = BOB;
			info.status = depin_primitives::DeviceStatus::Suspended {
				reason: depin_primitives::SuspendReason::Governance,
			};
		});
		assert_noop!(lease(device), Error::<Test>::DeviceNotActive);
	});
}

#[test]
fn a_device_is_never_leased_twice_at_once() {
	ExtBuilder::default().build_and_execute(|| {
		let device = listed(1, BOB, PRICE);
		let first = lease(ALICE, device, 100, 100);
		assert_noop!(
			Leases::lease_offer(RuntimeOrigin::signed(CHARLIE), device, 100, 100, PRICE),
			Error::<Test>::DeviceBusy
		);
		// Nor through an order.
		assert_ok!(Leases::create_order(RuntimeOrigin::signed(CHARLIE), requirements(PRICE), 100));
		assert_noop!(
			Leases::place_bid(RuntimeOrigin::signed(BOB), 0, device, PRICE),
			Error::<Test>::DeviceBusy
		);
		// Free again once the lease closes.
		assert_ok!(Leases::close_lease(RuntimeOrigin::signed(ALICE), first));
		assert_eq!(ActiveLeaseOf::<Test>::get(device), None);
		let second = lease(CHARLIE, device, 100, 100);
		assert_eq!(ActiveLeaseOf::<Test>::get(device), Some(second));
	});
}
