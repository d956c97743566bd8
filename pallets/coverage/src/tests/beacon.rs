//! The beacon rules: each failure rejects the whole report with a named error.

use crate::{mock::*, *};
use depin_primitives::{
	DeviceAttributes, DeviceSignature, DeviceStatus, GpuAttributes, GpuInterface, SuspendReason,
};
use frame_support::{assert_noop, assert_ok};
use sp_core::Pair;

#[test]
fn a_valid_beacon_without_witnesses_is_accepted_and_earns_nothing() {
	ExtBuilder.build_and_execute(|| {
		let beaconer = hotspot(1, ALICE, HOME);
		reciprocal(beaconer);
		run_to_block(START + BEACON_INTERVAL);
		assert_ok!(submit(beacon(1), vec![]));
		assert_eq!(last_accepted(), Some((0, 0, vec![])));
		assert_eq!(shares(ALICE), 0);
		let activity = Activity::<Test>::get(beaconer);
		assert_eq!(activity.last_beacon, Some(START + BEACON_INTERVAL));
		// No witness: the beacon-with-witness record is not refreshed.
		assert_eq!(activity.last_beacon_with_witness, Some(START));
	});
}

#[test]
fn only_active_located_hotspots_beacon() {
	ExtBuilder.build_and_execute(|| {
		// Unknown device.
		assert_noop!(submit(beacon(1), vec![]), Error::<Test>::UnknownHotspot);

		// A registered device that is not a hotspot.
		hotspot(1, ALICE, HOME);
		FakeRegistry::modify(1, |info| {
			info.attributes = DeviceAttributes::Gpu(GpuAttributes {
				vendor: Default::default(),
				model: Default::default(),
				vram_gib: 80,
				count: 1,
				interface: GpuInterface::Pcie,
			})
		});
		assert_noop!(submit(beacon(1), vec![]), Error::<Test>::UnknownHotspot);

		// Suspended or retired.
		hotspot(2, ALICE, HOME);
		FakeRegistry::modify(2, |info| {
			info.status = DeviceStatus::Suspended { reason: SuspendReason::Governance }
		});
		assert_noop!(submit(beacon(2), vec![]), Error::<Test>::BeaconerNotActive);
		FakeRegistry::modify(2, |info| info.status = DeviceStatus::Retired);
		assert_noop!(submit(beacon(2), vec![]), Error::<Test>::BeaconerNotActive);

		// Not located.
		hotspot(3, ALICE, HOME);
		FakeRegistry::modify(3, |info| info.location = None);
		assert_noop!(submit(beacon(3), vec![]), Error::<Test>::BeaconerNotLocated);
	});
}

#[test]
fn a_beacon_signed_for_another_chain_is_refused() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		let mut replayed = beacon(1);
		// The same beacon, signed by the right key for a network with another genesis.
		let elsewhere = replayed.signing_payload(&[0xAB; 32]);
		replayed.signature = DeviceSignature::Sr25519(pair(1).sign(&elsewhere).0);
		assert_noop!(submit(replayed, vec![]), Error::<Test>::BadBeaconSignature);
		assert_ok!(submit(beacon(1), vec![]));
	});
}

#[test]
fn beacon_signature_must_verify() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		hotspot(2, BOB, NEAR);

		// A field changed after signing.
		let mut tampered = beacon(1);
		tampered.frequency_hz += 1;
		assert_noop!(submit(tampered, vec![]), Error::<Test>::BadBeaconSignature);

		// Signed by another device's key.
		let mut forged = beacon(1);
		forged.signature = beacon(2).signature;
		assert_noop!(submit(forged, vec![]), Error::<Test>::BadBeaconSignature);

		assert_ok!(submit(beacon(1), vec![]));
	});
}

#[test]
fn entropy_block_at_most_30_blocks_old() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		hotspot(2, ALICE, HOME);
		let now = System::block_number();

		assert_noop!(
			submit(beacon_at(1, now - MAX_BLOCK_AGE - 1, FREQUENCY), vec![]),
			Error::<Test>::EntropyTooOld
		);
		// The current block's hash is not known yet.
		assert_noop!(
			submit(beacon_at(1, now, FREQUENCY), vec![]),
			Error::<Test>::EntropyFromFuture
		);
		// The right number with the wrong hash.
		let mut wrong = beacon_at(1, now - 1, FREQUENCY);
		wrong.entropy_hash = frame_system::BlockHash::<Test>::get(now - 2).0;
		assert_noop!(submit(wrong, vec![]), Error::<Test>::EntropyMismatch);

		// Exactly 30 blocks old is fine.
		assert_ok!(submit(beacon_at(1, now - MAX_BLOCK_AGE, FREQUENCY), vec![]));
		assert_ok!(submit(beacon_at(2, now - 1, FREQUENCY), vec![]));
	});
}

#[test]
fn a_missing_block_hash_never_matches_a_zero_entropy_hash() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		let now = System::block_number();
		frame_system::BlockHash::<Test>::remove(now - 1);
		let beacon = beacon_at(1, now - 1, FREQUENCY);
		assert_eq!(beacon.entropy_hash, [0u8; 32]);
		assert_noop!(submit(beacon, vec![]), Error::<Test>::EntropyMismatch);
	});
}

#[test]
fn one_beacon_per_interval_per_hotspot() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		assert_ok!(submit(beacon(1), vec![]));
		run_to_block(START + BEACON_INTERVAL - 1);
		assert_noop!(submit(beacon(1), vec![]), Error::<Test>::BeaconTooSoon);
		run_to_block(START + BEACON_INTERVAL);
		assert_ok!(submit(beacon(1), vec![]));
	});
}

#[test]
fn the_beacon_id_leaves_the_signature_out() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		let a = beacon(1);
		let mut b = a.clone();
		b.signature = depin_primitives::DeviceSignature::Sr25519([7u8; 64]);
		assert_eq!(a.id(), b.id());
		assert_eq!(&a.signing_payload(&genesis_hash::<Test>())[..12], b"depin/beacon");
	});
}

#[test]
fn beacon_claiming_more_than_the_highest_transmit_power_is_refused() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		let mut loud = beacon(1);
		loud.tx_power_dbm_x10 = MAX_TX_POWER + 1;
		loud.signature = DeviceSignature::Sr25519(
			pair(1).sign(&loud.signing_payload(&genesis_hash::<Test>())).0,
		);
		assert_noop!(submit(loud, vec![]), Error::<Test>::TxPowerTooHigh);
		let mut most = beacon(1);
		most.tx_power_dbm_x10 = MAX_TX_POWER;
		most.signature = DeviceSignature::Sr25519(
			pair(1).sign(&most.signing_payload(&genesis_hash::<Test>())).0,
		);
		assert_ok!(submit(most, vec![]));
	});
}
