//! The witness rules: an invalid receipt is recorded with its reason and never fails the report.

use crate::{mock::*, *};
use depin_primitives::{DeviceSignature, DeviceStatus, SuspendReason};
use frame_support::assert_ok;
use sp_core::{Pair, H256};

/// Device 1 (Alice) beacons from `HOME`; device 2 (Bob) is a valid witness at `NEAR`.
fn setup() -> Beacon {
	hotspot(1, ALICE, HOME);
	hotspot(2, BOB, NEAR);
	beacon(1)
}

/// Submits `receipts` for `beacon` and returns the reasons recorded and the valid count.
fn run(beacon: Beacon, receipts: Vec<WitnessReceipt>) -> (Vec<(DeviceId, WitnessInvalid)>, u32) {
	assert_ok!(submit(beacon, receipts));
	let (valid, _, _) = last_accepted().expect("the report was accepted");
	(invalid_reasons(), valid)
}

#[test]
fn a_valid_receipt_is_counted() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		let r = receipt(&beacon, 2);
		assert_eq!(
			&r.signing_payload(&genesis_hash::<Test>(), &beacon.id())[..13],
			b"depin/witness"
		);
		assert_eq!(run(beacon, vec![r]), (vec![], 1));
		assert_eq!(Activity::<Test>::get(2).last_valid_witness, Some(START));
	});
}

#[test]
fn self_witness_is_invalid() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		let own = receipt_at(&beacon, 1, HOME, FREQUENCY);
		assert_eq!(run(beacon, vec![own]), (vec![(1, WitnessInvalid::SelfWitness)], 0));
	});
}

#[test]
fn a_witness_owned_by_the_beaconers_owner_earns_nothing() {
	ExtBuilder.build_and_execute(|| {
		// Alice's second hotspot, in range and otherwise valid, witnesses her first one.
		hotspot(1, ALICE, HOME);
		hotspot(3, ALICE, NEAR);
		let beacon = beacon(1);
		let own_fleet = receipt(&beacon, 3);
		assert_eq!(run(beacon, vec![own_fleet]), (vec![(3, WitnessInvalid::SameOwner)], 0));
		assert_eq!(shares(ALICE), 0);
		assert_eq!(Activity::<Test>::get(3).last_valid_witness, None);
	});
}

#[test]
fn a_receipt_signed_for_another_chain_is_invalid() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		let mut replayed = receipt(&beacon, 2);
		let elsewhere = replayed.signing_payload(&[0xAB; 32], &beacon.id());
		replayed.signature = DeviceSignature::Sr25519(pair(2).sign(&elsewhere).0);
		assert_eq!(run(beacon, vec![replayed]), (vec![(2, WitnessInvalid::BadSignature)], 0));
	});
}

#[test]
fn duplicate_receipt_is_invalid() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		let first = receipt(&beacon, 2);
		assert_eq!(
			run(beacon, vec![first.clone(), first]),
			(vec![(2, WitnessInvalid::Duplicate)], 1)
		);
	});
}

#[test]
fn a_forged_receipt_cannot_make_the_real_one_a_duplicate() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		let real = receipt(&beacon, 2);
		let mut forged = real.clone();
		forged.snr_db_x10 = 999;
		assert_eq!(run(beacon, vec![forged, real]), (vec![(2, WitnessInvalid::BadSignature)], 1));
	});
}

#[test]
fn frequency_more_than_100_khz_off_is_invalid() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		hotspot(3, CHARLIE, NEAR);
		hotspot(4, CHARLIE, NEAR);
		let edge = receipt_at(&beacon, 2, NEAR, FREQUENCY + 100_000);
		let below = receipt_at(&beacon, 3, NEAR, FREQUENCY - 100_000);
		let off = receipt_at(&beacon, 4, NEAR, FREQUENCY + 100_001);
		assert_eq!(
			run(beacon, vec![edge, below, off]),
			(vec![(4, WitnessInvalid::FrequencyMismatch)], 2)
		);
	});
}

#[test]
fn too_close_witness_is_invalid() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		hotspot(3, CHARLIE, TOO_CLOSE);
		let close = receipt(&beacon, 3);
		assert_eq!(run(beacon, vec![close]), (vec![(3, WitnessInvalid::TooClose)], 0));
	});
}

#[test]
fn too_far_witness_is_invalid() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		hotspot(3, CHARLIE, FAR);
		let far = receipt(&beacon, 3);
		assert_eq!(run(beacon, vec![far]), (vec![(3, WitnessInvalid::TooFar)], 0));
	});
}

#[test]
fn bad_witness_signature_is_invalid() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		hotspot(3, CHARLIE, NEAR);
		// Signed by device 3's key but naming device 2.
		let mut wrong_key = receipt(&beacon, 3);
		wrong_key.witness = 2;
		// Signed for another beacon.
		let other = beacon_at(1, START - 2, FREQUENCY);
		let wrong_beacon = receipt(&other, 3);
		assert_eq!(
			run(beacon, vec![wrong_key, wrong_beacon]),
			(vec![(2, WitnessInvalid::BadSignature), (3, WitnessInvalid::BadSignature)], 0)
		);
	});
}

#[test]
fn inactive_unlocated_or_unknown_witness_is_invalid() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		hotspot(3, CHARLIE, NEAR);
		hotspot(4, CHARLIE, NEAR);
		let suspended = receipt(&beacon, 3);
		let unlocated = receipt(&beacon, 4);
		FakeRegistry::modify(3, |info| {
			info.status = DeviceStatus::Suspended { reason: SuspendReason::Slash }
		});
		FakeRegistry::modify(4, |info| info.location = None);
		let unknown = receipt_at(&beacon, 9, NEAR, FREQUENCY);
		assert_eq!(
			run(beacon, vec![suspended, unlocated, unknown]),
			(
				vec![
					(3, WitnessInvalid::NotActive),
					(4, WitnessInvalid::NotActive),
					(9, WitnessInvalid::NotActive)
				],
				0
			)
		);
	});
}

#[test]
fn receipt_location_must_be_the_asserted_location() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		let elsewhere = receipt_at(&beacon, 2, with_digit(NEAR, 12, 0), FREQUENCY);
		assert_eq!(run(beacon, vec![elsewhere]), (vec![(2, WitnessInvalid::LocationMismatch)], 0));
	});
}

#[test]
fn denylisted_witness_or_pair_is_invalid() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		hotspot(3, CHARLIE, NEAR);
		hotspot(4, CHARLIE, NEAR);
		let expiry = START + 10;
		assert_ok!(Coverage::deny_device(RuntimeOrigin::root(), 2, H256::repeat_byte(1), expiry));
		assert_ok!(Coverage::deny_edge(RuntimeOrigin::root(), 1, 3, H256::repeat_byte(2), expiry));
		// Device 4 is on no list.
		let receipts = vec![receipt(&beacon, 2), receipt(&beacon, 3), receipt(&beacon, 4)];
		assert_eq!(
			run(beacon, receipts),
			(vec![(2, WitnessInvalid::Denylisted), (3, WitnessInvalid::Denylisted)], 1)
		);
	});
}

#[test]
fn invalid_receipts_never_fail_the_report() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		let mut broken = receipt(&beacon, 2);
		broken.signal_dbm_x10 = 0;
		assert_ok!(submit(beacon, vec![broken]));
		assert_eq!(Activity::<Test>::get(1).last_beacon, Some(START));
		assert_eq!(Activity::<Test>::get(1).last_beacon_with_witness, None);
	});
}

#[test]
fn signal_stronger_than_free_space_allows_is_invalid() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		hotspot(3, CHARLIE, NEAR);
		// NEAR is about 1.59 km from HOME: at 868.1 MHz free space loses about 95.2 dB, so with
		// 27 dBm and two 4 dBi antennas nothing stronger than about -60.2 dBm can arrive.
		let distance = depin_primitives::h3::geo::distance_m(HOME, NEAR).expect("valid cells");
		let strongest = depin_primitives::radio::max_rssi_dbm_x10(
			TX_POWER,
			i32::from(GAIN),
			i32::from(GAIN),
			distance,
			FREQUENCY,
		);
		assert!((-605..=-599).contains(&strongest), "{strongest}");
		let mut loud = receipt(&beacon, 2);
		loud.signal_dbm_x10 = strongest + 1;
		loud.signature = DeviceSignature::Sr25519(
			pair(2).sign(&loud.signing_payload(&genesis_hash::<Test>(), &beacon.id())).0,
		);
		let mut possible = receipt(&beacon, 3);
		possible.signal_dbm_x10 = strongest;
		possible.signature = DeviceSignature::Sr25519(
			pair(3).sign(&possible.signing_payload(&genesis_hash::<Test>(), &beacon.id())).0,
		);
		assert_eq!(
			run(beacon, vec![loud, possible]),
			(vec![(2, WitnessInvalid::SignalTooStrong)], 1)
		);
	});
}

#[test]
fn refusals_are_remembered_only_for_receipts_the_witness_signed() {
	ExtBuilder.build_and_execute(|| {
		let beacon = setup();
		hotspot(3, CHARLIE, NEAR);
		let off = receipt_at(&beacon, 2, NEAR, FREQUENCY + 200_000);
		let mut forged = receipt(&beacon, 3);
		forged.snr_db_x10 = 1;
		assert_eq!(
			run(beacon, vec![off, forged]),
			(vec![(2, WitnessInvalid::FrequencyMismatch), (3, WitnessInvalid::BadSignature)], 0)
		);
		assert_eq!(
			Refusals::<Test>::get(2).into_inner(),
			vec![Refusal { at: START, beaconer: 1, reason: WitnessInvalid::FrequencyMismatch }]
		);
		assert!(Refusals::<Test>::get(3).is_empty());
	});
}

#[test]
fn only_the_last_four_refusals_are_kept() {
	ExtBuilder.build_and_execute(|| {
		hotspot(2, BOB, NEAR);
		for (i, n) in (10..=15u8).enumerate() {
			hotspot(n, ALICE, HOME);
			let b = beacon(n);
			let r = receipt_at(&b, 2, NEAR, FREQUENCY + 200_000);
			assert_ok!(submit(b, vec![r]));
			run_to_block(START + 1 + i as u64);
		}
		let beaconers: Vec<DeviceId> =
			Refusals::<Test>::get(2).iter().map(|refusal| refusal.beaconer).collect();
		assert_eq!(beaconers, vec![12, 13, 14, 15]);
	});
}
