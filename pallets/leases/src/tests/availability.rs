//! Compute availability: a listed GPU device, idle under usable terms through a window, proves
//! with its key after the window that it is online, and its provider earns one share of the
//! compute-availability pool. Each attack on the rule is a test: a proof signed in advance, for
//! another chain, twice, for a window it was busy or repriced in, for an offer nobody would
//! lease, by a device sold or suspended.

use crate::{features::availability_codes, mock::*, *};
use depin_primitives::{payloads::availability_payload, DeviceStatus, SuspendReason};
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

fn authorize(device: DeviceId, window: WindowIndex, signature: DeviceSignature) -> Authorization {
	Call::<Test>::prove_availability { device, window, signature }
		.authorize(TransactionSource::External)
}

fn invalid(invalid: InvalidTransaction) -> Authorization {
	Some(Err(TransactionValidityError::Invalid(invalid)))
}

/// Bob's H100 machine (device 1, eight GPUs) listed at 600 credits an hour at block 1, so its
/// first whole idle window is window 1 (blocks 600..1200).
fn idle_device() -> DeviceId {
	listed(1, BOB, PRICE)
}

/// The block `offset` blocks into window `window`.
fn in_window(window: u64, offset: u64) -> BlockNumber {
	window * WINDOW + offset
}

#[test]
fn an_idle_listed_device_earns_one_availability_share_per_window() {
	ExtBuilder::default().build_and_execute(|| {
		let device = idle_device();
		run_to_block(in_window(2, 7));
		assert_ok!(prove(1, device, 1));
		assert_eq!(availability_shares(BOB), 1);
		assert!(emitted(Event::AvailabilityProven { device, provider: BOB, window: 1 }));
		run_to_block(in_window(3, 0));
		assert_ok!(prove(1, device, 2));
		assert_eq!(availability_shares(BOB), 2);
	});
}

#[test]
fn authorize_accepts_a_proof_providing_device_and_window_until_the_window_after_ends() {
	ExtBuilder::default().build_and_execute(|| {
		let device = idle_device();
		run_to_block(in_window(2, 100));
		let (validity, refund) = authorize(device, 1, availability_signature(1, device, 1))
			.expect("prove_availability has an authorize function")
			.expect("a valid proof is authorized");
		assert_eq!(refund, Weight::zero());
		assert_eq!(validity.provides.len(), 1);
		assert_eq!(validity.priority, HEARTBEAT_PRIORITY);
		// Window 2 ends at block 1800.
		assert_eq!(validity.longevity, WINDOW - 100);
		// Authorization changes nothing.
		assert_eq!(availability_shares(BOB), 0);
	});
}

#[test]
fn a_window_is_paid_once() {
	ExtBuilder::default().build_and_execute(|| {
		let device = idle_device();
		run_to_block(in_window(2, 1));
		assert_ok!(prove(1, device, 1));
		assert_noop!(prove(1, device, 1), Error::<Test>::AvailabilityAlreadyProven);
		assert_eq!(
			authorize(device, 1, availability_signature(1, device, 1)),
			invalid(InvalidTransaction::Stale)
		);
		assert_eq!(availability_shares(BOB), 1);
	});
}

#[test]
fn only_the_window_that_ended_last_is_proven() {
	ExtBuilder::default().build_and_execute(|| {
		let device = idle_device();
		run_to_block(in_window(3, 1));
		// The current window has not ended; the one before last can no longer be proven.
		assert_noop!(prove(1, device, 3), Error::<Test>::WrongWindow);
		assert_noop!(prove(1, device, 1), Error::<Test>::WrongWindow);
		assert_eq!(
			authorize(device, 3, availability_signature(1, device, 3)),
			invalid(InvalidTransaction::Future)
		);
		assert_eq!(
			authorize(device, 1, availability_signature(1, device, 1)),
			invalid(InvalidTransaction::Stale)
		);
		assert_ok!(prove(1, device, 2));
	});
}

#[test]
fn a_proof_signed_before_the_window_ended_never_verifies() {
	ExtBuilder::default().build_and_execute(|| {
		let device = idle_device();
		// A device that wants to be paid while offline signs its proofs in advance; the hash
		// of the window's last block is unknown then, so it can only guess it.
		let guessed = availability_payload(&genesis_hash::<Test>(), device, 1, &[0u8; 32]);
		let presigned = DeviceSignature::Sr25519(pair(1).sign(&guessed).0);
		run_to_block(in_window(2, 3));
		assert_noop!(
			Leases::prove_availability(
				RuntimeOrigin::from(frame_system::RawOrigin::Authorized),
				device,
				1,
				presigned
			),
			Error::<Test>::BadAvailabilitySignature
		);
		assert_eq!(authorize(device, 1, presigned), invalid(InvalidTransaction::BadProof));
		assert_eq!(availability_shares(BOB), 0);
	});
}

#[test]
fn a_proof_signed_for_another_chain_or_by_another_key_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let device = idle_device();
		run_to_block(in_window(2, 3));
		let challenge = block_hash(in_window(2, 0) - 1).0;
		let elsewhere = availability_payload(&[0xAB; 32], device, 1, &challenge);
		let replayed = DeviceSignature::Sr25519(pair(1).sign(&elsewhere).0);
		assert_eq!(authorize(device, 1, replayed), invalid(InvalidTransaction::BadProof));
		// Device 2's key signs for device 1.
		gpu_device(2, BOB, h100());
		assert_eq!(
			authorize(device, 1, availability_signature(2, device, 1)),
			invalid(InvalidTransaction::BadProof)
		);
		assert_eq!(availability_shares(BOB), 0);
	});
}

#[test]
fn a_device_listed_or_repriced_during_a_window_earns_nothing_for_it() {
	ExtBuilder::default().build_and_execute(|| {
		let device = idle_device();
		// Listed at block 1: window 0 was not spent listed.
		run_to_block(in_window(1, 5));
		assert_noop!(prove(1, device, 0), Error::<Test>::NotIdleThroughWindow);
		// Repriced during window 1: window 1 is not paid, window 2 is.
		assert_ok!(Leases::update_offer(RuntimeOrigin::signed(BOB), device, terms(PRICE * 2)));
		run_to_block(in_window(2, 5));
		assert_noop!(prove(1, device, 1), Error::<Test>::NotIdleThroughWindow);
		assert_eq!(
			authorize(device, 1, availability_signature(1, device, 1)),
			invalid(InvalidTransaction::Custom(availability_codes::NOT_IDLE))
		);
		run_to_block(in_window(3, 5));
		assert_ok!(prove(1, device, 2));
	});
}

#[test]
fn withdrawing_and_relisting_never_pays_a_window_twice() {
	ExtBuilder::default().build_and_execute(|| {
		let device = idle_device();
		run_to_block(in_window(2, 5));
		assert_ok!(prove(1, device, 1));
		assert_ok!(Leases::withdraw_offer(RuntimeOrigin::signed(BOB), device));
		assert!(Availability::<Test>::get(device).is_none());
		assert_noop!(prove(1, device, 1), Error::<Test>::NotListed);
		assert_ok!(Leases::list_offer(RuntimeOrigin::signed(BOB), device, terms(PRICE)));
		assert_noop!(prove(1, device, 1), Error::<Test>::NotIdleThroughWindow);
		assert_eq!(availability_shares(BOB), 1);
	});
}

#[test]
fn a_leased_device_earns_no_availability_for_a_window_it_was_leased_in() {
	ExtBuilder::default().build_and_execute(|| {
		let device = idle_device();
		run_to_block(in_window(1, 10));
		let id = lease(ALICE, device, 1_000, 1_000);
		run_to_block(in_window(2, 5));
		// Its tenant pays for it.
		assert_noop!(prove(1, device, 1), Error::<Test>::DeviceBusy);
		assert_eq!(
			authorize(device, 1, availability_signature(1, device, 1)),
			invalid(InvalidTransaction::Custom(availability_codes::DEVICE_LEASED))
		);
		// Closed during window 2: window 2 was not spent idle.
		assert_ok!(Leases::close_lease(RuntimeOrigin::signed(ALICE), id));
		run_to_block(in_window(3, 5));
		assert_noop!(prove(1, device, 2), Error::<Test>::NotIdleThroughWindow);
		run_to_block(in_window(4, 5));
		assert_ok!(prove(1, device, 3));
		assert_eq!(availability_shares(BOB), 1);
	});
}

#[test]
fn an_offer_nobody_would_lease_earns_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let limits = AvailabilityParams::<Test>::get();
		// Eight GPUs: at most eight times the price cap per GPU.
		let device = listed(1, BOB, limits.max_price_per_gpu_hour * 8 + 1);
		let long_minimum = OfferTerms {
			min_duration: limits.max_min_duration + 1,
			max_duration: limits.max_min_duration + 1,
			..terms(PRICE)
		};
		let other = gpu_device(2, CHARLIE, h100());
		assert_ok!(Leases::list_offer(RuntimeOrigin::signed(CHARLIE), other, long_minimum));
		run_to_block(in_window(2, 5));
		assert_noop!(prove(1, device, 1), Error::<Test>::OfferNotEligible);
		assert_noop!(prove(2, other, 1), Error::<Test>::OfferNotEligible);
		assert_eq!(
			authorize(device, 1, availability_signature(1, device, 1)),
			invalid(InvalidTransaction::Custom(availability_codes::OFFER_NOT_ELIGIBLE))
		);
	});
}

#[test]
fn the_price_cap_scales_with_the_gpus_of_the_device() {
	ExtBuilder::default().build_and_execute(|| {
		let cap = AvailabilityParams::<Test>::get().max_price_per_gpu_hour;
		let single = gpu_device(2, CHARLIE, rtx4090());
		let at_cap = OfferTerms { price_per_hour: cap, ..terms(PRICE) };
		assert_ok!(Leases::list_offer(RuntimeOrigin::signed(CHARLIE), single, at_cap));
		let eight = listed(1, BOB, cap * 8);
		run_to_block(in_window(2, 5));
		assert_ok!(prove(2, single, 1));
		assert_ok!(prove(1, eight, 1));
		assert_eq!((availability_shares(CHARLIE), availability_shares(BOB)), (1, 1));
	});
}

#[test]
fn a_device_sold_or_suspended_earns_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let device = idle_device();
		run_to_block(in_window(2, 5));
		FakeRegistry::modify(device, |info| info.owner = CHARLIE);
		assert_noop!(prove(1, device, 1), Error::<Test>::OfferOwnerChanged);
		FakeRegistry::modify(device, |info| {
			info.owner = BOB;
			info.status = DeviceStatus::Suspended { reason: SuspendReason::Governance };
		});
		assert_noop!(prove(1, device, 1), Error::<Test>::DeviceNotActive);
		assert_eq!(
			authorize(device, 1, availability_signature(1, device, 1)),
			invalid(InvalidTransaction::Custom(availability_codes::DEVICE_NOT_ELIGIBLE))
		);
		assert_eq!(availability_shares(BOB) + availability_shares(CHARLIE), 0);
	});
}

#[test]
fn an_unlisted_device_earns_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let device = gpu_device(1, BOB, h100());
		run_to_block(in_window(2, 5));
		assert_noop!(prove(1, device, 1), Error::<Test>::NotListed);
		assert_eq!(
			authorize(device, 1, availability_signature(1, device, 1)),
			invalid(InvalidTransaction::Custom(availability_codes::NOT_LISTED))
		);
	});
}

#[test]
fn availability_shares_are_noted_in_the_current_epoch() {
	ExtBuilder::default().build_and_execute(|| {
		let device = idle_device();
		FakeEpoch::put(4);
		run_to_block(in_window(2, 5));
		assert_ok!(prove(1, device, 1));
		assert_eq!(FakeAvailabilityShares::get(4, BOB), 1);
		assert_eq!(FakeAvailabilityShares::get(0, BOB), 0);
	});
}

#[test]
fn the_availability_window_must_fit_the_kept_block_hashes() {
	ExtBuilder::default().build_and_execute(|| {
		let parameters = AvailabilityParams::<Test>::get();
		let kept = <Test as frame_system::Config>::BlockHashCount::get();
		for period in [0, MIN_HEARTBEAT_PERIOD as u64 - 1, kept] {
			assert_noop!(
				Leases::set_availability_parameters(
					RuntimeOrigin::root(),
					AvailabilityParameters { period, ..parameters }
				),
				Error::<Test>::AvailabilityPeriodOutOfRange
			);
		}
		assert_noop!(
			Leases::set_availability_parameters(RuntimeOrigin::signed(BOB), parameters),
			DispatchError::BadOrigin
		);
		let shorter = AvailabilityParameters { period: kept - 1, ..parameters };
		assert_ok!(Leases::set_availability_parameters(RuntimeOrigin::root(), shorter));
		assert_eq!(AvailabilityParams::<Test>::get(), shorter);
		assert!(emitted(Event::AvailabilityParametersSet { parameters: shorter }));
	});
}

#[test]
fn a_shorter_window_never_pays_blocks_already_paid() {
	ExtBuilder::default().build_and_execute(|| {
		let device = idle_device();
		run_to_block(in_window(2, 5));
		assert_ok!(prove(1, device, 1));
		// Windows of 100 blocks: block 1205 is in window 12, and window 11 (1100..1200) was
		// paid as part of the hour-long window 1.
		let parameters =
			AvailabilityParameters { period: 100, ..AvailabilityParams::<Test>::get() };
		assert_ok!(Leases::set_availability_parameters(RuntimeOrigin::root(), parameters));
		let challenge = block_hash(1199).0;
		let payload = availability_payload(&genesis_hash::<Test>(), device, 11, &challenge);
		let signature = DeviceSignature::Sr25519(pair(1).sign(&payload).0);
		assert_noop!(
			Leases::prove_availability(
				RuntimeOrigin::from(frame_system::RawOrigin::Authorized),
				device,
				11,
				signature
			),
			Error::<Test>::AvailabilityAlreadyProven
		);
	});
}
