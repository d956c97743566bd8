//! The messages device and maker keys sign, byte for byte as the runtime checks them. Each is
//! the SCALE encoding of a fixed-size domain tag (raw bytes, no length prefix), the chain's
//! genesis hash (32 raw bytes: a signature made for one network never verifies on another) and
//! the signed fields. The client stays free of the runtime crates; the unit tests compare every
//! payload with the runtime crates' own functions.
//!
//! Signatures are sr25519 with the signing context "substrate", which is what
//! `sp_io::crypto::sr25519_verify` checks and what `subxt_signer` signs with.

use subxt::ext::codec::Encode;

/// A chain's genesis block hash, which every signed payload is bound to.
pub type GenesisHash = [u8; 32];

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
/// Domain of an availability proof (`pallet_leases::AVAILABILITY_DOMAIN`).
pub const AVAILABILITY_DOMAIN: [u8; 15] = *b"depin/available";

/// How long an attestation the client signs stays valid by default: 14,400 blocks, a day of
/// 6-second blocks.
pub const ATTESTATION_VALIDITY: u32 = 14_400;

/// The last block an attestation signed at block `best` is valid in, by default.
pub fn attestation_deadline(best: u64) -> u32 {
	u32::try_from(best).unwrap_or(u32::MAX).saturating_add(ATTESTATION_VALIDITY)
}

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

/// What a maker signs to let `owner` onboard the sr25519 device key `device` as a `class` under
/// maker id `maker` until block `valid_until`, on the chain `genesis`: SCALE(`b"depin/onboard"`,
/// genesis, maker, `DeviceKey::Sr25519(device)`, owner, class, valid until).
pub fn onboarding(
	genesis: &GenesisHash,
	maker: u32,
	device: &[u8; 32],
	owner: &[u8; 32],
	class: Class,
	valid_until: u32,
) -> Vec<u8> {
	(ONBOARD_DOMAIN, *genesis, maker, (SR25519, *device), *owner, class as u8, valid_until).encode()
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

	/// What the beaconer signs on the chain `genesis`: SCALE(`b"depin/beacon"`, genesis,
	/// fields).
	pub fn payload(&self, genesis: &GenesisHash) -> Vec<u8> {
		let mut message = BEACON_DOMAIN.to_vec();
		message.extend(genesis);
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
	/// What the witness signs on the chain `genesis`: SCALE(`b"depin/witness"`, genesis, beacon
	/// id, fields).
	pub fn payload(&self, genesis: &GenesisHash, beacon: &[u8; 32]) -> Vec<u8> {
		(
			WITNESS_DOMAIN,
			*genesis,
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

/// What a leased device signs to attest it served `interval` of `lease` on the chain `genesis`:
/// SCALE(`b"depin/heartbeat"`, genesis, lease, interval).
pub fn heartbeat(genesis: &GenesisHash, lease: u64, interval: u32) -> Vec<u8> {
	(HEARTBEAT_DOMAIN, *genesis, lease, interval).encode()
}

/// What a listed device signs to prove it was available through `window` on the chain
/// `genesis`: SCALE(`b"depin/available"`, genesis, device, window, challenge), the challenge
/// being the hash of the window's last block.
pub fn availability(
	genesis: &GenesisHash,
	device: u64,
	window: u32,
	challenge: &[u8; 32],
) -> Vec<u8> {
	(AVAILABILITY_DOMAIN, *genesis, device, window, *challenge).encode()
}

#[cfg(test)]
mod tests {
	use super::*;
	use depin_primitives::{DeviceClass, DeviceKey, DeviceSignature, H3Cell};

	const GENESIS: GenesisHash = [0x5a; 32];

	/// A beacon's fields, as the runtime-side beacon below also has them.
	fn beacon_fields() -> BeaconFields {
		BeaconFields {
			beaconer: 7,
			entropy_block: 41,
			entropy_hash: [5u8; 32],
			frequency_hz: 868_100_000,
			tx_power_dbm_x10: 270,
		}
	}

	/// A witness receipt's fields, as the runtime-side receipt below also has them.
	fn witness_fields() -> WitnessFields {
		WitnessFields {
			witness: 8,
			signal_dbm_x10: -1_100,
			snr_db_x10: 55,
			frequency_hz: 868_100_000,
			location: 0x08c2a1072b39b9ff,
		}
	}

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
				&GENESIS,
				4,
				&DeviceKey::Sr25519(device),
				&depin_runtime::AccountId::from(owner),
				runtime,
				900u32,
			);
			assert_eq!(onboarding(&GENESIS, 4, &device, &owner, class, 900), expected);
		}
	}

	#[test]
	fn beacon_and_witness_match_coverage() {
		let fields = beacon_fields();
		let beacon = pallet_coverage::Beacon {
			beaconer: 7,
			entropy_block: 41,
			entropy_hash: [5u8; 32],
			frequency_hz: 868_100_000,
			tx_power_dbm_x10: 270,
			signature: DeviceSignature::Sr25519([0u8; 64]),
		};
		let id = sp_io::TestExternalities::new_empty().execute_with(|| beacon.id());
		assert_eq!(fields.payload(&GENESIS), beacon.signing_payload(&GENESIS));
		assert_eq!(fields.id(), id);

		let witness = witness_fields();
		let receipt = pallet_coverage::WitnessReceipt {
			witness: 8,
			signal_dbm_x10: -1_100,
			snr_db_x10: 55,
			frequency_hz: 868_100_000,
			location: H3Cell(0x08c2a1072b39b9ff),
			signature: DeviceSignature::Sr25519([0u8; 64]),
		};
		assert_eq!(witness.payload(&GENESIS, &id), receipt.signing_payload(&GENESIS, &id));
	}

	#[test]
	fn heartbeat_matches_leases() {
		assert_eq!(heartbeat(&GENESIS, 12, 3), pallet_leases::heartbeat_payload(&GENESIS, 12, 3));
	}

	#[test]
	fn availability_matches_leases() {
		assert_eq!(
			availability(&GENESIS, 12, 3, &[4; 32]),
			pallet_leases::availability_payload(&GENESIS, 12, 3, &[4; 32])
		);
	}

	#[test]
	fn every_payload_differs_between_chains() {
		let other = [0x77; 32];
		let fields = beacon_fields();
		let witness = witness_fields();
		let id = fields.id();
		assert_ne!(fields.payload(&GENESIS), fields.payload(&other));
		assert_ne!(witness.payload(&GENESIS, &id), witness.payload(&other, &id));
		assert_ne!(heartbeat(&GENESIS, 12, 3), heartbeat(&other, 12, 3));
		assert_ne!(availability(&GENESIS, 12, 3, &[4; 32]), availability(&other, 12, 3, &[4; 32]));
		assert_ne!(
			onboarding(&GENESIS, 0, &[3u8; 32], &[9u8; 32], Class::Hotspot, 9),
			onboarding(&other, 0, &[3u8; 32], &[9u8; 32], Class::Hotspot, 9)
		);
	}
}
