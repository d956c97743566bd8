//! The messages device and maker keys sign, byte for byte as the runtime checks them. Each is
//! the SCALE encoding of a fixed-size domain tag (raw bytes, no length prefix) followed by the
//! signed fields; the unit tests compare them with the runtime crates' own functions.
//!
//! Signatures are sr25519 with the signing context "substrate", which is what
//! `sp_io::crypto::sr25519_verify` checks and what `subxt_signer` signs with.

use subxt::ext::codec::Encode;

/// The index of `Sr25519` in `DeviceKey { Ed25519, Sr25519 }`.
const SR25519: u8 = 1;

/// Domain of a maker's onboarding attestation (`depin_primitives::registry::ONBOARD_DOMAIN`).
pub const ONBOARD_DOMAIN: [u8; 13] = *b"depin/onboard";
/// Domain of a beacon (`pallet_coverage::types::BEACON_DOMAIN`).
pub const BEACON_DOMAIN: [u8; 12] = *b"depin/beacon";
/// Domain of a witness receipt (`pallet_coverage::types::WITNESS_DOMAIN`).
pub const WITNESS_DOMAIN: [u8; 13] = *b"depin/witness";
/// Domain of a lease heartbeat (`pallet_leases::HEARTBEAT_DOMAIN`).
pub const HEARTBEAT_DOMAIN: [u8; 15] = *b"depin/heartbeat";

/// A device class and its index in `DeviceClass { Hotspot, Gpu, Storage, Sensor }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Class {
	/// A radio hotspot.
	Hotspot = 0,
	/// A GPU machine.
	Gpu = 1,
	/// A storage server.
	Storage = 2,
	/// A sensor.
	Sensor = 3,
}

/// What a maker signs to let `owner` onboard the sr25519 device key `device` as a `class`:
/// SCALE(`b"depin/onboard"`, `DeviceKey::Sr25519(device)`, owner, class).
pub fn onboarding(device: &[u8; 32], owner: &[u8; 32], class: Class) -> Vec<u8> {
	(ONBOARD_DOMAIN, (SR25519, *device), *owner, class as u8).encode()
}

/// A beacon's signed fields, SCALE-encoded without a domain tag.
pub struct BeaconFields {
	/// The beaconing hotspot.
	pub beaconer: u64,
	/// The number of the recent block whose hash is the entropy.
	pub entropy_block: u64,
	/// That block's hash.
	pub entropy_hash: [u8; 32],
	/// Transmit frequency in Hz.
	pub frequency_hz: u64,
	/// Transmit power in dBm × 10.
	pub tx_power_dbm_x10: i32,
}

impl BeaconFields {
	/// SCALE of the signed fields.
	fn body(&self) -> Vec<u8> {
		(
			self.beaconer,
			self.entropy_block,
			self.entropy_hash,
			self.frequency_hz,
			self.tx_power_dbm_x10,
		)
			.encode()
	}

	/// What the beaconer signs: SCALE(`b"depin/beacon"`, fields).
	pub fn payload(&self) -> Vec<u8> {
		let mut message = BEACON_DOMAIN.to_vec();
		message.extend(self.body());
		message
	}

	/// The beacon id the witnesses sign: `blake2_256` of the signed fields.
	pub fn id(&self) -> [u8; 32] {
		sp_crypto_hashing::blake2_256(&self.body())
	}
}

/// A witness receipt's signed fields.
pub struct WitnessFields {
	/// The witnessing hotspot.
	pub witness: u64,
	/// Received signal in dBm × 10.
	pub signal_dbm_x10: i32,
	/// Signal-to-noise ratio in dB × 10.
	pub snr_db_x10: i32,
	/// Received frequency in Hz.
	pub frequency_hz: u64,
	/// The witness's asserted resolution-12 H3 cell.
	pub location: u64,
}

impl WitnessFields {
	/// What the witness signs: SCALE(`b"depin/witness"`, beacon id, fields).
	pub fn payload(&self, beacon: &[u8; 32]) -> Vec<u8> {
		(
			WITNESS_DOMAIN,
			*beacon,
			self.witness,
			self.signal_dbm_x10,
			self.snr_db_x10,
			self.frequency_hz,
			self.location,
		)
			.encode()
	}
}

/// What a leased device signs to attest it served `interval` of `lease`:
/// SCALE(`b"depin/heartbeat"`, lease, interval).
pub fn heartbeat(lease: u64, interval: u32) -> Vec<u8> {
	(HEARTBEAT_DOMAIN, lease, interval).encode()
}

#[cfg(test)]
mod tests {
	use super::*;
	use depin_primitives::{DeviceClass, DeviceKey, DeviceSignature, H3Cell};

	#[test]
	fn onboarding_matches_the_registry() {
		let (device, owner) = ([3u8; 32], [9u8; 32]);
		for (class, runtime) in [
			(Class::Hotspot, DeviceClass::Hotspot),
			(Class::Gpu, DeviceClass::Gpu),
			(Class::Storage, DeviceClass::Storage),
			(Class::Sensor, DeviceClass::Sensor),
		] {
			let expected = depin_primitives::registry::onboarding_payload(
				&DeviceKey::Sr25519(device),
				&sp_runtime_account(owner),
				runtime,
			);
			assert_eq!(onboarding(&device, &owner, class), expected);
		}
	}

	/// The runtime's account type from raw bytes.
	fn sp_runtime_account(bytes: [u8; 32]) -> depin_runtime::AccountId {
		bytes.into()
	}

	#[test]
	fn beacon_and_witness_match_coverage() {
		let fields = BeaconFields {
			beaconer: 7,
			entropy_block: 41,
			entropy_hash: [5u8; 32],
			frequency_hz: 868_100_000,
			tx_power_dbm_x10: 270,
		};
		let beacon = pallet_coverage::Beacon {
			beaconer: 7,
			entropy_block: 41,
			entropy_hash: [5u8; 32],
			frequency_hz: 868_100_000,
			tx_power_dbm_x10: 270,
			signature: DeviceSignature::Sr25519([0u8; 64]),
		};
		let id = sp_io::TestExternalities::new_empty().execute_with(|| beacon.id());
		assert_eq!(fields.payload(), beacon.signing_payload());
		assert_eq!(fields.id(), id);

		let witness = WitnessFields {
			witness: 8,
			signal_dbm_x10: -1_100,
			snr_db_x10: 55,
			frequency_hz: 868_100_000,
			location: 0x08c2a1072b39b9ff,
		};
		let receipt = pallet_coverage::WitnessReceipt {
			witness: 8,
			signal_dbm_x10: -1_100,
			snr_db_x10: 55,
			frequency_hz: 868_100_000,
			location: H3Cell(0x08c2a1072b39b9ff),
			signature: DeviceSignature::Sr25519([0u8; 64]),
		};
		assert_eq!(witness.payload(&id), receipt.signing_payload(&id));
	}

	#[test]
	fn heartbeat_matches_leases() {
		assert_eq!(heartbeat(12, 3), pallet_leases::heartbeat_payload(12, 3));
	}
}
