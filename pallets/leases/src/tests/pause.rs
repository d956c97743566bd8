//! Escrow never goes negative: a lease whose escrow cannot cover what it owes pauses, accrues
//! nothing, resumes on a top-up and closes after the grace period.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, weights::Weight};

/// Bob's device 1 leased by Alice at one credit a block for 1,000 blocks with only 10
/// credits, heartbeat at block 1.
fn short_lease() -> LeaseId {
	let device = listed(1, BOB, PRICE);
	let id = lease(ALICE, device, 1_000, 10);
	assert_ok!(beat(1, id));
	id
}

fn paused_at_31() -> LeaseId {
	let id = short_lease();
	run_to_block(31);
	assert_ok!(Leases::claim(RuntimeOrigin::signed(BOB), id));
	id
}

#[test]
fn a_lease_pauses_when_its_escrow_cannot_cover_what_it_owes() {
	ExtBuilder::default().build_and_execute(|| {
		let id = paused_at_31();
		// 30 owed, 10 escrowed: the 10 are settled, 20 stay owed.
		assert_eq!(paid(BOB), 10);
		let lease = lease_of(id);
		assert_eq!((lease.escrow, lease.owed), (0, 20));
		assert_eq!(lease.state, LeaseState::Paused { since: 31 });
		assert_eq!(escrowed(ALICE), 0);
		System::assert_last_event(
			Event::LeasePaused { lease: id, shortfall: 20, closes_at: 31 + GRACE }.into(),
		);
		// The device is still held by the lease.
		assert_eq!(ActiveLeaseOf::<Test>::get(1), Some(id));
	});
}

#[test]
fn a_paused_lease_accrues_nothing_and_takes_no_heartbeats() {
	ExtBuilder::default().build_and_execute(|| {
		let id = paused_at_31();
		run_to_block(61);
		idle(Weight::MAX);
		assert_eq!(lease_of(id).owed, 20);
		assert_eq!(paid(BOB), 10);
		assert_noop!(beat(1, id), Error::<Test>::LeasePaused);
	});
}

#[test]
fn a_top_up_settles_the_debt_and_resumes_the_lease() {
	ExtBuilder::default().build_and_execute(|| {
		let id = paused_at_31();
		run_to_block(61);
		assert_ok!(Leases::top_up(RuntimeOrigin::signed(ALICE), id, 100));
		assert_eq!(paid(BOB), 30);
		let lease = lease_of(id);
		assert_eq!(lease.state, LeaseState::Active);
		assert_eq!((lease.escrow, lease.owed), (80, 0));
		assert_eq!(escrowed(ALICE), 80);
		assert!(emitted(Event::LeaseToppedUp { lease: id, amount: 100 }));
		System::assert_last_event(Event::LeaseResumed { lease: id }.into());
		// Billing restarts at the resume, in the interval of the last heartbeat (ends at 101).
		run_to_block(91);
		assert_ok!(Leases::claim(RuntimeOrigin::signed(BOB), id));
		assert_eq!(paid(BOB), 60);
	});
}

#[test]
fn a_top_up_too_small_for_the_debt_keeps_the_lease_paused() {
	ExtBuilder::default().build_and_execute(|| {
		let id = paused_at_31();
		assert_ok!(Leases::top_up(RuntimeOrigin::signed(ALICE), id, 15));
		let lease = lease_of(id);
		assert_eq!((lease.escrow, lease.owed), (0, 5));
		assert_eq!(lease.state, LeaseState::Paused { since: 31 });
	});
}

#[test]
fn only_the_tenant_tops_up_a_positive_amount() {
	ExtBuilder::default().build_and_execute(|| {
		let id = short_lease();
		assert_noop!(
			Leases::top_up(RuntimeOrigin::signed(BOB), id, 10),
			Error::<Test>::NotLeaseTenant
		);
		assert_noop!(
			Leases::top_up(RuntimeOrigin::signed(ALICE), id, 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Leases::top_up(RuntimeOrigin::signed(ALICE), id, STARTING_CREDITS),
			Error::<Test>::InsufficientCredits
		);
	});
}

#[test]
fn a_paused_lease_closes_for_insufficient_funds_after_the_grace_period() {
	ExtBuilder::default().build_and_execute(|| {
		let id = paused_at_31();
		run_to_block(31 + GRACE - 1);
		idle(Weight::MAX);
		assert!(LeaseRecords::<Test>::contains_key(id));
		run_to_block(31 + GRACE);
		idle(Weight::MAX);
		assert!(!LeaseRecords::<Test>::contains_key(id));
		assert_eq!(ActiveLeaseOf::<Test>::get(1), None);
		assert_eq!(escrowed(ALICE), 0);
		System::assert_last_event(
			Event::LeaseClosed {
				lease: id,
				reason: CloseReason::InsufficientFunds,
				settled: 10,
				refunded: 0,
			}
			.into(),
		);
	});
}

#[test]
fn a_top_up_after_the_grace_period_pays_the_debt_and_closes_the_lease() {
	ExtBuilder::default().build_and_execute(|| {
		let id = paused_at_31();
		run_to_block(31 + GRACE);
		assert_ok!(Leases::top_up(RuntimeOrigin::signed(ALICE), id, 100));
		assert!(!LeaseRecords::<Test>::contains_key(id));
		// The debt for the service used before the pause is settled from the top-up.
		assert_eq!(paid(BOB), 30);
		assert_eq!((credits(ALICE), escrowed(ALICE)), (STARTING_CREDITS - 30, 0));
		System::assert_last_event(
			Event::LeaseClosed {
				lease: id,
				reason: CloseReason::InsufficientFunds,
				settled: 30,
				refunded: 80,
			}
			.into(),
		);
	});
}
