//! Closing: by the tenant (at once), the provider (after notice), governance, at the end of the
//! term, when the device leaves service; settlement failures at close keep the owed credits.

use crate::{mock::*, *};
use depin_primitives::{DeviceClass, DeviceObserver, DeviceStatus, SuspendReason};
use frame_support::{assert_noop, assert_ok, weights::Weight};
use sp_runtime::traits::BadOrigin;

/// Bob's device 1 leased by Alice at one credit a block for 1,000 blocks with 1,000 credits,
/// heartbeat at block 1.
fn running_lease() -> LeaseId {
	let device = listed(1, BOB, PRICE);
	let id = lease(ALICE, device, 1_000, 1_000);
	assert_ok!(beat(1, id));
	id
}

fn closed(id: LeaseId, reason: CloseReason, settled: CreditBalance, refunded: CreditBalance) {
	assert!(!LeaseRecords::<Test>::contains_key(id));
	assert!(!LeasesOf::<Test>::contains_key(BOB, id));
	assert_eq!(ActiveLeaseOf::<Test>::get(1), None);
	System::assert_last_event(Event::LeaseClosed { lease: id, reason, settled, refunded }.into());
}

#[test]
fn the_tenant_closes_at_once_settled_up_to_now() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		run_to_block(51);
		assert_ok!(Leases::close_lease(RuntimeOrigin::signed(ALICE), id));
		closed(id, CloseReason::Tenant, 50, 950);
		assert_eq!(paid(BOB), 50);
		assert_eq!((credits(ALICE), escrowed(ALICE)), (STARTING_CREDITS - 50, 0));
	});
}

#[test]
fn only_the_parties_close_an_open_lease() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		assert_noop!(
			Leases::close_lease(RuntimeOrigin::signed(CHARLIE), id),
			Error::<Test>::NotLeaseParty
		);
		assert_noop!(
			Leases::close_lease(RuntimeOrigin::signed(ALICE), 9),
			Error::<Test>::UnknownLease
		);
	});
}

#[test]
fn the_providers_close_takes_effect_after_the_notice_period() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		run_to_block(11);
		assert_ok!(Leases::close_lease(RuntimeOrigin::signed(BOB), id));
		assert_eq!(paid(BOB), 10);
		assert_eq!(lease_of(id).provider_close_at, Some(11 + NOTICE));
		System::assert_last_event(Event::LeaseClosing { lease: id, closes_at: 11 + NOTICE }.into());
		assert_noop!(
			Leases::close_lease(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::AlreadyClosing
		);
		// Billed until the notice ends, even when the close is found later.
		run_to_block(80);
		idle(Weight::MAX);
		closed(id, CloseReason::Provider, 40, 960);
	});
}

#[test]
fn the_providers_close_is_immediate_without_a_notice_period() {
	ExtBuilder::default().parameters(|parameters| parameters.notice_period = 0).build_and_execute(
		|| {
			let id = running_lease();
			run_to_block(11);
			assert_ok!(Leases::close_lease(RuntimeOrigin::signed(BOB), id));
			closed(id, CloseReason::Provider, 10, 990);
		},
	);
}

#[test]
fn the_tenant_may_close_during_the_providers_notice() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		assert_ok!(Leases::close_lease(RuntimeOrigin::signed(BOB), id));
		run_to_block(21);
		assert_ok!(Leases::close_lease(RuntimeOrigin::signed(ALICE), id));
		closed(id, CloseReason::Tenant, 20, 980);
	});
}

#[test]
fn governance_force_closes_a_lease() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		run_to_block(31);
		assert_noop!(Leases::force_close_lease(RuntimeOrigin::signed(ALICE), id), BadOrigin);
		assert_ok!(Leases::force_close_lease(RuntimeOrigin::root(), id));
		closed(id, CloseReason::Governance, 30, 970);
		assert_noop!(
			Leases::force_close_lease(RuntimeOrigin::root(), id),
			Error::<Test>::UnknownLease
		);
	});
}

#[test]
fn a_lease_completes_at_the_end_of_its_term() {
	ExtBuilder::default().build_and_execute(|| {
		let device = listed(1, BOB, PRICE);
		let id = lease(ALICE, device, 50, 200);
		assert_ok!(beat(1, id));
		run_to_block(90);
		idle(Weight::MAX);
		// Billed for the 50 blocks of the term only.
		closed(id, CloseReason::Completed, 50, 150);
		assert_eq!(paid(BOB), 50);
	});
}

#[test]
fn a_close_whose_settlement_fails_keeps_the_owed_credits_until_they_settle() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		run_to_block(51);
		settlement_fails(true);
		assert_ok!(Leases::close_lease(RuntimeOrigin::signed(ALICE), id));
		System::assert_last_event(
			Event::LeaseClosed {
				lease: id,
				reason: CloseReason::Tenant,
				settled: 0,
				refunded: 950,
			}
			.into(),
		);
		let kept = lease_of(id);
		assert_eq!(kept.state, LeaseState::Closed { reason: CloseReason::Tenant, at: 51 });
		assert_eq!((kept.owed, kept.escrow), (50, 50));
		assert_eq!(escrowed(ALICE), 50);
		// The device is free, the lease cannot be closed again.
		assert_eq!(ActiveLeaseOf::<Test>::get(1), None);
		assert_noop!(
			Leases::close_lease(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::LeaseClosed
		);
		// Retried on a claim (and in on_idle) until it settles, then removed.
		run_to_block(60);
		assert_ok!(Leases::claim(RuntimeOrigin::signed(BOB), id));
		assert_eq!(lease_of(id).owed, 50);
		settlement_fails(false);
		idle(Weight::MAX);
		assert!(!LeaseRecords::<Test>::contains_key(id));
		assert!(!LeasesOf::<Test>::contains_key(BOB, id));
		assert_eq!(paid(BOB), 50);
		assert_eq!((credits(ALICE), escrowed(ALICE)), (STARTING_CREDITS - 50, 0));
	});
}

#[test]
fn a_device_leaving_service_closes_its_lease_through_the_registry_hooks() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		run_to_block(41);
		let reason = SuspendReason::Governance;
		FakeRegistry::modify(1, |info| info.status = DeviceStatus::Suspended { reason });
		<Leases as DeviceObserver<AccountId>>::on_suspended(1, DeviceClass::Gpu, None, reason);
		// Settled up to now, no slash.
		closed(id, CloseReason::DeviceInactive, 40, 960);
		assert_eq!(device_bond(1), DEVICE_BOND);
	});
}

#[test]
fn a_due_breach_is_slashed_even_when_the_provider_retires_the_device_first() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		// No heartbeat since interval 0: at the start of interval 1 + MAX_MISSED the breach is
		// due. The provider retires the device before anyone touches the lease, and the
		// registry's hook closes it.
		run_to_block(1 + (1 + u64::from(MAX_MISSED)) * HEARTBEAT);
		FakeRegistry::modify(1, |info| info.status = DeviceStatus::Retired);
		<Leases as DeviceObserver<AccountId>>::on_retired(1, DeviceClass::Gpu, None, true);
		assert!(!LeaseRecords::<Test>::contains_key(id));
		assert!(events().iter().any(|event| matches!(
			event,
			Event::LeaseClosed { lease, reason: CloseReason::Breach, .. } if *lease == id
		)));
		assert!(device_bond(1) < DEVICE_BOND, "the breach slash was taken");
	});
}

#[test]
fn a_due_breach_is_slashed_even_when_the_device_is_suspended_first() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		run_to_block(1 + (1 + u64::from(MAX_MISSED)) * HEARTBEAT);
		let reason = SuspendReason::Governance;
		FakeRegistry::modify(1, |info| info.status = DeviceStatus::Suspended { reason });
		// Found on the next touch, not by the hook: the tenant's close.
		assert_ok!(Leases::close_lease(RuntimeOrigin::signed(ALICE), id));
		assert!(events().iter().any(|event| matches!(
			event,
			Event::LeaseClosed { lease, reason: CloseReason::Breach, .. } if *lease == id
		)));
		assert!(device_bond(1) < DEVICE_BOND, "the breach slash was taken");
	});
}

#[test]
fn a_device_leaving_service_closes_its_lease_on_the_next_touch() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		run_to_block(41);
		FakeRegistry::modify(1, |info| info.status = DeviceStatus::Retired);
		assert_noop!(beat(1, id), Error::<Test>::DeviceNotActive);
		assert_ok!(Leases::claim(RuntimeOrigin::signed(BOB), id));
		closed(id, CloseReason::DeviceInactive, 40, 960);
	});
}
