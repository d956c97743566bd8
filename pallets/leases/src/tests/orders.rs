//! Orders and bids: escrow for the whole term at the maximum price, bids with bonds, accepting
//! one, cancelling and expiring.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};

/// Alice's order for `requirements(PRICE)` and 1,000 blocks; returns its id.
fn order() -> OrderId {
	assert_ok!(Leases::create_order(RuntimeOrigin::signed(ALICE), requirements(PRICE), 1_000));
	NextOrderId::<Test>::get() - 1
}

fn bid(who: AccountId, order: OrderId, device: DeviceId, price: CreditBalance) -> DispatchResult {
	Leases::place_bid(RuntimeOrigin::signed(who), order, device, price)
}

#[test]
fn create_order_escrows_the_whole_term_at_the_maximum_price() {
	ExtBuilder::default().build_and_execute(|| {
		// 1,000 blocks at 7 credits an hour: 7,000 / 600 = 11.67, rounded up to 12.
		assert_ok!(Leases::create_order(RuntimeOrigin::signed(ALICE), requirements(7), 1_000));
		let stored = Orders::<Test>::get(0).expect("the order is stored");
		assert_eq!(stored.escrow, 12);
		assert_eq!(stored.expires_at, 1 + ORDER_EXPIRY);
		assert_eq!(escrowed(ALICE), 12);
		assert_eq!(stored.deposit, ORDER_DEPOSIT);
		assert_eq!(order_deposits_held(ALICE), ORDER_DEPOSIT);
		System::assert_last_event(
			Event::OrderCreated {
				order: 0,
				tenant: ALICE,
				escrow: 12,
				deposit: ORDER_DEPOSIT,
				expires_at: 21,
			}
			.into(),
		);
	});
}

#[test]
fn every_order_holds_a_deposit_so_storage_spam_costs_dpn() {
	// The attack: thousands of one-block orders at one credit an hour escrow one credit each
	// ($0.00001) and stand until someone pays to close them. Each now holds `order_deposit` DPN
	// for as long as it stands.
	ExtBuilder::default().balance(DAVE, ORDER_DEPOSIT).build_and_execute(|| {
		// Dave's whole balance cannot be held: the existential deposit must stay.
		assert_noop!(
			Leases::create_order(RuntimeOrigin::signed(DAVE), requirements(1), 1),
			Error::<Test>::InsufficientDepositBalance
		);
		assert_eq!(escrowed(DAVE), 0);
		for n in 1..=3 {
			assert_ok!(Leases::create_order(RuntimeOrigin::signed(ALICE), requirements(1), 1));
			assert_eq!(order_deposits_held(ALICE), n * ORDER_DEPOSIT);
		}
	});
}

#[test]
fn order_requirements_are_validated() {
	ExtBuilder::default().credits(ALICE, 100).build_and_execute(|| {
		let create = |requirements, duration| {
			Leases::create_order(RuntimeOrigin::signed(ALICE), requirements, duration)
		};
		assert_noop!(
			create(Requirements { gpu_count: 0, ..requirements(PRICE) }, 10),
			Error::<Test>::InvalidRequirements
		);
		assert_noop!(
			create(Requirements { region: Some(region(b"")), ..requirements(PRICE) }, 10),
			Error::<Test>::InvalidRequirements
		);
		assert_noop!(create(requirements(0), 10), Error::<Test>::InvalidPrice);
		assert_noop!(create(requirements(PRICE), 0), Error::<Test>::InvalidDuration);
		assert_noop!(create(requirements(PRICE), 101), Error::<Test>::InsufficientCredits);
	});
}

#[test]
fn a_bid_holds_the_bid_bond() {
	ExtBuilder::default().build_and_execute(|| {
		let order = order();
		let device = listed(1, BOB, PRICE);
		assert_ok!(bid(BOB, order, device, PRICE - 100));
		assert_eq!(bid_bonds_held(BOB), BID_BOND);
		assert_eq!(free(BOB), STARTING_BALANCE - BID_BOND);
		assert_eq!(
			Bids::<Test>::get(order).into_inner(),
			vec![Bid { provider: BOB, device, price_per_hour: PRICE - 100, bond: BID_BOND }]
		);
		System::assert_last_event(
			Event::BidPlaced {
				order,
				device,
				provider: BOB,
				price_per_hour: PRICE - 100,
				bond: BID_BOND,
			}
			.into(),
		);
	});
}

#[test]
fn a_bid_needs_the_bond_balance() {
	ExtBuilder::default().balance(BOB, BID_BOND).build_and_execute(|| {
		let order = order();
		let device = listed(1, BOB, PRICE);
		assert_noop!(bid(BOB, order, device, PRICE), Error::<Test>::InsufficientBondBalance);
	});
}

#[test]
fn bids_are_at_or_under_the_maximum_price() {
	ExtBuilder::default().build_and_execute(|| {
		let order = order();
		let device = listed(1, BOB, PRICE);
		assert_noop!(bid(BOB, order, device, PRICE + 1), Error::<Test>::PriceAboveMaximum);
		assert_noop!(bid(BOB, order, device, 0), Error::<Test>::InvalidPrice);
		assert_ok!(bid(BOB, order, device, PRICE));
	});
}

#[test]
fn bids_come_from_listed_devices_meeting_the_requirements() {
	ExtBuilder::default().build_and_execute(|| {
		let order = order();
		// Not the caller's, unlisted, a hotspot.
		let device = gpu_device(1, BOB, h100());
		assert_noop!(bid(CHARLIE, order, device, PRICE), Error::<Test>::NotDeviceOwner);
		assert_noop!(bid(BOB, order, device, PRICE), Error::<Test>::NotListed);
		let hotspot = hotspot_device(2, BOB);
		assert_noop!(bid(BOB, order, hotspot, PRICE), Error::<Test>::NotGpuDevice);
		// Wrong model (and too little memory, too few GPUs).
		let small = gpu_device(3, BOB, rtx4090());
		assert_ok!(Leases::list_offer(RuntimeOrigin::signed(BOB), small, terms(PRICE)));
		assert_noop!(bid(BOB, order, small, PRICE), Error::<Test>::RequirementsNotMet);
		// Wrong region.
		let elsewhere = gpu_device(4, BOB, h100());
		let us = OfferTerms { region: region(b"us-east"), ..terms(PRICE) };
		assert_ok!(Leases::list_offer(RuntimeOrigin::signed(BOB), elsewhere, us));
		assert_noop!(bid(BOB, order, elsewhere, PRICE), Error::<Test>::RequirementsNotMet);
		// A term the offer does not accept (the order wants 1,000 blocks).
		let short = gpu_device(5, BOB, h100());
		let at_most_500 = OfferTerms { max_duration: 500, ..terms(PRICE) };
		assert_ok!(Leases::list_offer(RuntimeOrigin::signed(BOB), short, at_most_500));
		assert_noop!(bid(BOB, order, short, PRICE), Error::<Test>::RequirementsNotMet);
		// The tenant's own device.
		let own = listed(6, ALICE, PRICE);
		assert_noop!(bid(ALICE, order, own, PRICE), Error::<Test>::OwnDevice);
		// Any model and region when the order does not name them.
		let anything = Requirements { model: None, region: None, ..requirements(PRICE) };
		assert_ok!(Leases::create_order(RuntimeOrigin::signed(ALICE), anything, 1_000));
		assert_ok!(bid(BOB, order + 1, elsewhere, PRICE));
	});
}

#[test]
fn a_device_bids_once_per_order() {
	ExtBuilder::default().build_and_execute(|| {
		let order = order();
		let device = listed(1, BOB, PRICE);
		assert_ok!(bid(BOB, order, device, PRICE));
		assert_noop!(bid(BOB, order, device, PRICE - 1), Error::<Test>::AlreadyBid);
	});
}

#[test]
fn an_order_takes_at_most_max_bids() {
	ExtBuilder::default().build_and_execute(|| {
		let order = order();
		for n in 1..=MAX_BIDS as u8 {
			let device = listed(n, BOB, PRICE);
			assert_ok!(bid(BOB, order, device, PRICE));
		}
		let one_more = listed(MAX_BIDS as u8 + 1, BOB, PRICE);
		assert_noop!(bid(BOB, order, one_more, PRICE), Error::<Test>::TooManyBids);
		assert_eq!(bid_bonds_held(BOB), BID_BOND * u64::from(MAX_BIDS));
	});
}

#[test]
fn accepting_a_bid_starts_the_lease_refunds_the_surplus_and_releases_every_bond() {
	ExtBuilder::default().build_and_execute(|| {
		let order = order();
		// 1,000 blocks at 600 an hour: 1,000 credits escrowed.
		assert_eq!(escrowed(ALICE), 1_000);
		let cheap = listed(1, BOB, PRICE);
		let dear = listed(2, CHARLIE, PRICE);
		assert_ok!(bid(BOB, order, cheap, 300));
		assert_ok!(bid(CHARLIE, order, dear, PRICE));

		assert_ok!(Leases::accept_bid(RuntimeOrigin::signed(ALICE), order, cheap));
		let lease = lease_of(0);
		assert_eq!((lease.tenant, lease.provider, lease.device), (ALICE, BOB, cheap));
		assert_eq!(lease.order, Some(order));
		assert_eq!(lease.price_per_hour, 300);
		assert_eq!(lease.ends_at, 1 + 1_000);
		// 1,000 blocks at 300 an hour: 500 credits; the other 500 go back to Alice.
		assert_eq!(lease.escrow, 500);
		assert_eq!(escrowed(ALICE), 500);
		assert_eq!(credits(ALICE), STARTING_CREDITS - 500);
		assert_eq!(ActiveLeaseOf::<Test>::get(cheap), Some(0));
		assert_eq!(order_deposits_held(ALICE), 0);
		assert!(!Orders::<Test>::contains_key(order));
		assert!(!Bids::<Test>::contains_key(order));
		assert_eq!((bid_bonds_held(BOB), bid_bonds_held(CHARLIE)), (0, 0));
		assert_eq!((free(BOB), free(CHARLIE)), (STARTING_BALANCE, STARTING_BALANCE));
		System::assert_last_event(
			Event::OrderFilled { order, lease: 0, device: cheap, refunded: 500, bids_released: 2 }
				.into(),
		);
	});
}

#[test]
fn only_the_tenant_accepts_a_bid_on_a_free_device_still_owned_by_the_bidder() {
	ExtBuilder::default().build_and_execute(|| {
		let order = order();
		let device = listed(1, BOB, PRICE);
		assert_ok!(bid(BOB, order, device, PRICE));
		let accept = |who, device| Leases::accept_bid(RuntimeOrigin::signed(who), order, device);
		assert_noop!(accept(CHARLIE, device), Error::<Test>::NotTenant);
		assert_noop!(accept(ALICE, 9), Error::<Test>::UnknownBid);
		assert_noop!(
			Leases::accept_bid(RuntimeOrigin::signed(ALICE), 9, device),
			Error::<Test>::UnknownOrder
		);
		// Leased meanwhile (directly, by Charlie).
		let other = lease(CHARLIE, device, 100, 100);
		assert_noop!(accept(ALICE, device), Error::<Test>::DeviceBusy);
		assert_ok!(Leases::close_lease(RuntimeOrigin::signed(CHARLIE), other));
		// Transferred meanwhile.
		FakeRegistry::modify(device, |info| info.owner = DAVE);
		assert_noop!(accept(ALICE, device), Error::<Test>::BidderNotOwner);
	});
}

#[test]
fn withdraw_bid_releases_the_bond() {
	ExtBuilder::default().build_and_execute(|| {
		let order = order();
		let device = listed(1, BOB, PRICE);
		assert_ok!(bid(BOB, order, device, PRICE));
		assert_noop!(
			Leases::withdraw_bid(RuntimeOrigin::signed(CHARLIE), order, device),
			Error::<Test>::NotBidder
		);
		assert_ok!(Leases::withdraw_bid(RuntimeOrigin::signed(BOB), order, device));
		assert_eq!(bid_bonds_held(BOB), 0);
		assert!(Bids::<Test>::get(order).is_empty());
		System::assert_last_event(Event::BidWithdrawn { order, device }.into());
		assert_noop!(
			Leases::withdraw_bid(RuntimeOrigin::signed(BOB), order, device),
			Error::<Test>::UnknownBid
		);
	});
}

#[test]
fn the_tenant_cancels_an_order_with_a_full_refund_and_every_bond_released() {
	ExtBuilder::default().build_and_execute(|| {
		let order = order();
		let device = listed(1, BOB, PRICE);
		assert_ok!(bid(BOB, order, device, PRICE));
		assert_noop!(
			Leases::cancel_order(RuntimeOrigin::signed(BOB), order),
			Error::<Test>::NotTenant
		);
		assert_ok!(Leases::cancel_order(RuntimeOrigin::signed(ALICE), order));
		assert_eq!((credits(ALICE), escrowed(ALICE)), (STARTING_CREDITS, 0));
		assert_eq!(order_deposits_held(ALICE), 0);
		assert_eq!(bid_bonds_held(BOB), 0);
		assert!(!Orders::<Test>::contains_key(order));
		assert!(!Bids::<Test>::contains_key(order));
		System::assert_last_event(
			Event::OrderCancelled { order, refunded: 1_000, bids_released: 1 }.into(),
		);
	});
}

#[test]
fn an_expired_order_takes_no_bids_and_anyone_closes_it_with_a_full_refund() {
	ExtBuilder::default().build_and_execute(|| {
		let order = order();
		let device = listed(1, BOB, PRICE);
		assert_ok!(bid(BOB, order, device, PRICE));
		let other = listed(2, CHARLIE, PRICE);
		assert_noop!(
			Leases::close_expired_order(RuntimeOrigin::signed(DAVE), order),
			Error::<Test>::OrderNotExpired
		);

		run_to_block(1 + ORDER_EXPIRY);
		assert_noop!(bid(CHARLIE, order, other, PRICE), Error::<Test>::OrderExpired);
		assert_noop!(
			Leases::accept_bid(RuntimeOrigin::signed(ALICE), order, device),
			Error::<Test>::OrderExpired
		);
		assert_ok!(Leases::close_expired_order(RuntimeOrigin::signed(DAVE), order));
		assert_eq!((credits(ALICE), escrowed(ALICE)), (STARTING_CREDITS, 0));
		assert_eq!((order_deposits_held(ALICE), free(ALICE)), (0, STARTING_BALANCE));
		assert_eq!(bid_bonds_held(BOB), 0);
		assert!(!Orders::<Test>::contains_key(order));
		System::assert_last_event(
			Event::OrderExpired { order, refunded: 1_000, bids_released: 1 }.into(),
		);
		assert_noop!(
			Leases::close_expired_order(RuntimeOrigin::signed(DAVE), order),
			Error::<Test>::UnknownOrder
		);
	});
}
