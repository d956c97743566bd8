//! Service level: the device key signs a heartbeat per interval, authorized by the signature;
//! too many missed intervals in a row close the lease for breach, refund the tenant and slash
//! the provider's bond to it.

use crate::{features::invalid_codes, mock::*, *};
use depin_primitives::{payloads::heartbeat_payload, DeviceSignature};
use frame_support::{
	assert_noop, assert_ok,
	pallet_prelude::{
		InvalidTransaction, TransactionSource, TransactionValidityError, ValidTransaction,
	},
	traits::Authorize,
	weights::Weight,
};
use sp_core::Pair;
use sp_runtime::DispatchError;

type Authorization = Option<Result<(ValidTransaction, Weight), TransactionValidityError>>;

fn authorize(lease: LeaseId, interval: IntervalIndex, signature: DeviceSignature) -> Authorization {
	Call::<Test>::heartbeat { lease, interval, signature }.authorize(TransactionSource::External)
}

fn invalid(invalid: InvalidTransaction) -> Authorization {
	Some(Err(TransactionValidityError::Invalid(invalid)))
}

/// Bob's device 1 leased by Alice at one credit a block for 1,000 blocks with 1,000 credits,
/// no heartbeat yet.
fn new_lease() -> LeaseId {
	let device = listed(1, BOB, PRICE);
	lease(ALICE, device, 1_000, 1_000)
}

#[test]
fn a_heartbeat_signed_for_another_chain_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let id = new_lease();
		run_to_block(31);
		// The provider's device signed this lease's interval 0, for a network with another
		// genesis that runs this runtime (same lease id, same key).
		let elsewhere = heartbeat_payload(&[0xAB; 32], id, 0);
		let replayed = DeviceSignature::Sr25519(pair(1).sign(&elsewhere).0);
		assert_eq!(authorize(id, 0, replayed), invalid(InvalidTransaction::BadProof));
		assert_eq!(lease_of(id).last_heartbeat, None);
		assert!(authorize(id, 0, heartbeat_signature(1, id, 0)).is_some_and(|r| r.is_ok()));
	});
}

#[test]
fn authorize_accepts_a_signed_heartbeat_providing_lease_and_interval() {
	ExtBuilder::default().build_and_execute(|| {
		let id = new_lease();
		run_to_block(31);
		let (validity, refund) = authorize(id, 0, heartbeat_signature(1, id, 0))
			.expect("heartbeat has an authorize function")
			.expect("a valid heartbeat is authorized");
		assert_eq!(refund, Weight::zero());
		assert_eq!(validity.provides.len(), 1);
		// Above any paid transaction: paid load cannot crowd heartbeats out.
		assert_eq!(validity.priority, HEARTBEAT_PRIORITY);
		// Valid until interval 0 ends at block 101.
		assert_eq!(validity.longevity, 70);
		// Authorization changes nothing.
		assert_eq!(lease_of(id).last_heartbeat, None);
	});
}

#[test]
fn authorize_rejects_broken_heartbeat_rules() {
	ExtBuilder::default().build_and_execute(|| {
		let id = new_lease();
		run_to_block(150);
		// Signed by another key, or over another interval.
		assert_eq!(
			authorize(id, 1, heartbeat_signature(2, id, 1)),
			invalid(InvalidTransaction::BadProof)
		);
		assert_eq!(
			authorize(id, 1, heartbeat_signature(1, id, 0)),
			invalid(InvalidTransaction::BadProof)
		);
		// A past or future interval.
		assert_eq!(
			authorize(id, 0, heartbeat_signature(1, id, 0)),
			invalid(InvalidTransaction::Stale)
		);
		assert_eq!(
			authorize(id, 2, heartbeat_signature(1, id, 2)),
			invalid(InvalidTransaction::Future)
		);
		// An unknown lease.
		assert_eq!(
			authorize(9, 0, heartbeat_signature(1, 9, 0)),
			invalid(InvalidTransaction::Custom(invalid_codes::UNKNOWN_LEASE))
		);
		// A duplicate.
		assert_ok!(beat(1, id));
		assert_eq!(
			authorize(id, 1, heartbeat_signature(1, id, 1)),
			invalid(InvalidTransaction::Stale)
		);
	});
}

#[test]
fn heartbeat_records_the_interval_and_its_service() {
	ExtBuilder::default().build_and_execute(|| {
		let id = new_lease();
		run_to_block(21);
		assert_ok!(beat(1, id));
		let lease = lease_of(id);
		assert_eq!(lease.last_heartbeat, Some(0));
		assert_eq!(lease.counting_from, 1);
		// Interval 0 is billed from its start.
		assert_eq!(paid(BOB), 20);
		assert!(emitted(Event::HeartbeatReceived { lease: id, interval: 0 }));
		assert_noop!(beat(1, id), Error::<Test>::DuplicateHeartbeat);
	});
}

#[test]
fn heartbeat_requires_the_authorized_origin_and_a_valid_signature() {
	ExtBuilder::default().build_and_execute(|| {
		let id = new_lease();
		let signature = heartbeat_signature(1, id, 0);
		assert_noop!(
			Leases::heartbeat(RuntimeOrigin::signed(BOB), id, 0, signature),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Leases::heartbeat(RuntimeOrigin::none(), id, 0, signature),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Leases::heartbeat(
				RuntimeOrigin::from(frame_system::RawOrigin::Authorized),
				id,
				0,
				heartbeat_signature(2, id, 0)
			),
			Error::<Test>::BadHeartbeatSignature
		);
	});
}

#[test]
fn missed_heartbeats_close_the_lease_for_breach_refunding_and_slashing_to_tenant_and_treasury() {
	ExtBuilder::default().build_and_execute(|| {
		let id = new_lease();
		assert_ok!(beat(1, id));
		// Intervals 1, 2 and 3 are missed; the breach is at the start of interval 4.
		let breach = 1 + 4 * HEARTBEAT;
		run_to_block(breach - 1);
		idle(Weight::MAX);
		assert!(LeaseRecords::<Test>::contains_key(id));
		run_to_block(breach);
		assert_noop!(beat(1, id), Error::<Test>::LeaseInBreach);
		idle(Weight::MAX);
		assert!(!LeaseRecords::<Test>::contains_key(id));
		assert_eq!(ActiveLeaseOf::<Test>::get(1), None);
		// Interval 0 was served and paid; the rest is refunded.
		assert_eq!(paid(BOB), 100);
		assert_eq!((credits(ALICE), escrowed(ALICE)), (STARTING_CREDITS - 100, 0));
		// 10 % of the device's 1,000 DPN bond is slashed: half to Alice, half to the treasury,
		// so the tenant, who could try to cause a breach, never collects all of it.
		assert_eq!(device_bond(1), DEVICE_BOND - 100);
		assert_eq!(free(ALICE), STARTING_BALANCE + 50);
		assert_eq!(free(TREASURY), 50);
		assert!(emitted(Event::ProviderSlashed {
			lease: id,
			device: 1,
			to_tenant: 50,
			to_treasury: 50
		}));
		System::assert_last_event(
			Event::LeaseClosed {
				lease: id,
				reason: CloseReason::Breach,
				settled: 100,
				refunded: 900,
			}
			.into(),
		);
	});
}

#[test]
fn a_lease_without_heartbeats_breaches_after_max_missed_intervals() {
	ExtBuilder::default().build_and_execute(|| {
		let id = new_lease();
		run_to_block(1 + u64::from(MAX_MISSED) * HEARTBEAT);
		// Any touch finds the breach: here the tenant's close.
		assert_ok!(Leases::close_lease(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(paid(BOB), 0);
		System::assert_last_event(
			Event::LeaseClosed {
				lease: id,
				reason: CloseReason::Breach,
				settled: 0,
				refunded: 1_000,
			}
			.into(),
		);
	});
}

#[test]
fn heartbeats_in_time_keep_the_lease_running() {
	ExtBuilder::default().build_and_execute(|| {
		let id = new_lease();
		for interval in 0..8u64 {
			run_to_block(1 + interval * HEARTBEAT + 50);
			assert_ok!(beat(1, id));
			idle(Weight::MAX);
		}
		assert_eq!(lease_of(id).state, LeaseState::Active);
		// Every block up to now was in an interval with a heartbeat.
		assert_eq!(paid(BOB), 750);
	});
}
