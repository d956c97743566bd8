//! The reads behind the runtime API: matching offers (paged), quotes, a lease's status, a
//! provider's leases (paged) and earnings.

use crate::{mock::*, *};
use frame_support::assert_ok;

#[test]
fn offers_matching_lists_only_leasable_matching_offers_in_pages() {
	ExtBuilder::default().build_and_execute(|| {
		let a = listed(1, BOB, PRICE);
		let b = listed(2, CHARLIE, PRICE / 2);
		let c = listed(3, BOB, PRICE);
		// Too dear, wrong model, leased: never listed.
		listed(4, BOB, PRICE + 1);
		let small = gpu_device(5, BOB, rtx4090());
		assert_ok!(Leases::list_offer(RuntimeOrigin::signed(BOB), small, terms(1)));
		let busy = listed(6, DAVE, 1);
		lease(ALICE, busy, 100, 100);

		let all = Leases::offers_matching(&requirements(PRICE), 1_000, None, 10);
		let mut devices: Vec<DeviceId> = all.iter().map(|(device, _)| *device).collect();
		devices.sort();
		assert_eq!(devices, vec![a, b, c]);

		let first = Leases::offers_matching(&requirements(PRICE), 1_000, None, 2);
		assert_eq!(first.len(), 2);
		let rest = Leases::offers_matching(&requirements(PRICE), 1_000, Some(first[1].0), 2);
		assert_eq!(rest.len(), 1);
		assert!(!first.iter().any(|(device, _)| *device == rest[0].0));
	});
}

#[test]
fn quote_lists_the_cheapest_matching_offers_with_the_terms_cost() {
	ExtBuilder::default().build_and_execute(|| {
		listed(1, BOB, PRICE);
		listed(2, CHARLIE, 300);
		listed(3, DAVE, 450);
		let quotes = Leases::quote(&requirements(PRICE), 1_000, 2);
		assert_eq!(
			quotes,
			vec![
				Quote { device: 2, price_per_hour: 300, total_credits: 500 },
				Quote { device: 3, price_per_hour: 450, total_credits: 750 },
			]
		);
		assert!(Leases::quote(&requirements(100), 1_000, 2).is_empty());
	});
}

#[test]
fn lease_status_reports_what_is_owed_now_without_writing() {
	ExtBuilder::default().build_and_execute(|| {
		let device = listed(1, BOB, PRICE);
		let id = lease(ALICE, device, 1_000, 1_000);
		assert_ok!(beat(1, id));
		run_to_block(41);
		let status = Leases::lease_status(id).expect("the lease exists");
		assert_eq!(status.owed_now, 40);
		assert_eq!(status.escrow_left, 960);
		assert_eq!(status.lease, lease_of(id));
		assert_eq!(lease_of(id).owed, 0);
		assert_eq!(Leases::lease_status(9), None);
	});
}

#[test]
fn leases_of_pages_a_providers_leases_and_earnings_add_up() {
	ExtBuilder::default().build_and_execute(|| {
		let ids: Vec<LeaseId> = (1..=3u8)
			.map(|n| {
				let device = listed(n, BOB, PRICE);
				let id = lease(ALICE, device, 1_000, 1_000);
				assert_ok!(beat(n, id));
				id
			})
			.collect();
		let first = Leases::leases_of(&BOB, None, 2);
		assert_eq!(first.len(), 2);
		let rest = Leases::leases_of(&BOB, Some(first[1].0), 2);
		assert_eq!(rest.len(), 1);
		let mut seen: Vec<LeaseId> = first.iter().chain(rest.iter()).map(|(id, _)| *id).collect();
		seen.sort();
		assert_eq!(seen, ids);
		assert!(Leases::leases_of(&CHARLIE, None, 2).is_empty());

		run_to_block(21);
		assert_ok!(Leases::claim(RuntimeOrigin::signed(BOB), ids[0]));
		run_to_block(31);
		assert_eq!(Leases::earnings(&BOB), Earnings { settled: 20, pending: 10 + 30 + 30 });
	});
}

#[test]
fn orders_list_every_open_order_once_with_its_bids_in_pages() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Leases::create_order(RuntimeOrigin::signed(ALICE), requirements(PRICE), 1_000));
		assert_ok!(Leases::create_order(RuntimeOrigin::signed(CHARLIE), requirements(PRICE), 500));
		assert_ok!(Leases::create_order(RuntimeOrigin::signed(ALICE), requirements(PRICE), 100));
		let device = listed(1, BOB, PRICE);
		assert_ok!(Leases::place_bid(RuntimeOrigin::signed(BOB), 1, device, PRICE));

		let first = Leases::orders(None, 2);
		assert_eq!(first.len(), 2);
		let rest = Leases::orders(Some(first[1].0), 2);
		assert_eq!(rest.len(), 1, "a short page is the last");
		let mut all: Vec<(OrderId, AccountId, u32)> =
			first.iter().chain(&rest).map(|(id, order, bids)| (*id, order.tenant, *bids)).collect();
		all.sort();
		assert_eq!(all, vec![(0, ALICE, 0), (1, CHARLIE, 1), (2, ALICE, 0)]);
		// The limit is capped by the page size.
		assert_eq!(Leases::orders(None, u32::MAX).len(), 3);
	});
}

#[test]
fn leases_list_every_stored_lease_once_in_pages() {
	ExtBuilder::default().build_and_execute(|| {
		let ids: Vec<LeaseId> = (1..=3)
			.map(|n| {
				let device = listed(n, BOB, PRICE);
				lease(ALICE, device, 1_000, 1_000)
			})
			.collect();
		let first = Leases::leases(None, 2);
		let rest = Leases::leases(Some(first[1].0), 2);
		assert_eq!((first.len(), rest.len()), (2, 1));
		let mut found: Vec<LeaseId> = first.iter().chain(&rest).map(|(id, _)| *id).collect();
		found.sort();
		assert_eq!(found, ids);
		assert!(Leases::leases(None, 10).iter().all(|(_, lease)| lease.tenant == ALICE));
	});
}
