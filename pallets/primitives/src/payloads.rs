//! Every message a device or maker key signs, byte for byte, in one place: the pallets check
//! signatures over these bytes and off-chain signers build them with these functions.
//!
//! Each payload is the SCALE encoding of (domain tag, genesis hash, fields):
//!
//! - the domain tag names the payload (`b"depin/onboard"`, `b"depin/rotate"`, `b"depin/beacon"`,
//!   `b"depin/witness"`, `b"depin/heartbeat"`, `b"depin/available"`, `b"depin/session"`,
//!   `b"depin/countersign"`); it is a fixed-size array,
//!   so it is encoded as its raw bytes with no length prefix;
//! - the genesis hash is the [`GenesisHash`] of the chain the signature is for, 32 raw bytes (see
//!   [`crate::signing`]), so a signature made for one network never verifies on another;
//! - the fields follow in the order each builder documents, each SCALE-encoded (integers little
//!   endian, fixed-size arrays raw).
//!
//! | payload | signed by | checked by |
//! | --- | --- | --- |
//! | [`onboarding_payload`] | a maker's attestation key | registry, onboarding |
//! | [`rotation_payload`] | a device's new key | registry, key rotation |
//! | [`BeaconFields::payload`] | a hotspot's device key | coverage, reports |
//! | [`WitnessFields::payload`] | a witnessing hotspot's device key | coverage, reports |
//! | [`heartbeat_payload`] | a leased device's key | leases, heartbeats |
//! | [`availability_payload`] | a listed device's key | leases, availability proofs |
//! | [`DataSessionFields::payload`] | a hotspot's device key | usage, data-transfer reports |
//! | [`DataSessionFields::countersign_payload`] | a payer's routing key | usage, data-transfer reports |
//!
//! The signatures themselves are checked by the pallets, with the keys the registry holds.

use crate::{
	device::{DeviceClass, DeviceId, DeviceKey, MakerId},
	h3::H3Cell,
	signing::GenesisHash,
};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The domain tag of a maker's onboarding attestation.
pub const ONBOARD_DOMAIN: [u8; 13] = *b"depin/onboard";
/// The domain tag of a new device key's proof of possession.
pub const ROTATE_DOMAIN: [u8; 12] = *b"depin/rotate";
/// The domain tag of a beacon signature.
pub const BEACON_DOMAIN: [u8; 12] = *b"depin/beacon";
/// The domain tag of a witness receipt signature.
pub const WITNESS_DOMAIN: [u8; 13] = *b"depin/witness";
/// The domain tag of a heartbeat signature.
pub const HEARTBEAT_DOMAIN: [u8; 15] = *b"depin/heartbeat";
/// The domain tag of an availability proof's signature.
pub const AVAILABILITY_DOMAIN: [u8; 15] = *b"depin/available";
/// The domain tag of a hotspot's signature of a data-transfer session.
pub const SESSION_DOMAIN: [u8; 13] = *b"depin/session";
/// The domain tag of a payer's countersignature of a data-transfer session.
pub const COUNTERSIGN_DOMAIN: [u8; 17] = *b"depin/countersign";

/// The message a maker's attestation key signs to let `owner` onboard the device with `key` as a
/// device of `class` under maker `maker`, on the chain whose genesis block hash is `genesis`,
/// until block `valid_until`: the SCALE encoding of
/// `(b"depin/onboard", genesis, maker, key, owner, class, valid_until)`. The domain tag and the
/// genesis hash are fixed-size arrays, encoded as their raw bytes with no length prefix.
///
/// An attestation is used at most once: the registry never registers a device key twice.
pub fn onboarding_payload<AccountId: Encode, BlockNumber: Encode>(
	genesis: &GenesisHash,
	maker: MakerId,
	key: &DeviceKey,
	owner: &AccountId,
	class: DeviceClass,
	valid_until: BlockNumber,
) -> Vec<u8> {
	(ONBOARD_DOMAIN, genesis, maker, key, owner, class, valid_until).encode()
}

/// The message a new device key signs to prove possession when its device is rotated to it on
/// the chain whose genesis block hash is `genesis`: the SCALE encoding of
/// `(b"depin/rotate", genesis, device, new_key)`.
pub fn rotation_payload(genesis: &GenesisHash, device: DeviceId, new_key: &DeviceKey) -> Vec<u8> {
	(ROTATE_DOMAIN, genesis, device, new_key).encode()
}

/// The identifier of a beacon: `blake2_256` of the SCALE encoding of its signed fields.
pub type BeaconId = [u8; 32];

/// The fields of a beacon that the beaconer's device key signs, in the order they are encoded.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode)]
pub struct BeaconFields {
	/// The beaconing hotspot.
	pub beaconer: DeviceId,
	/// The number of a recent block whose hash is the beacon's entropy. `u64` whatever the
	/// runtime's block number type, so devices sign one format.
	pub entropy_block: u64,
	/// The hash of `entropy_block`; must equal the chain's `frame_system::BlockHash` of it.
	pub entropy_hash: [u8; 32],
	/// The transmit frequency in Hz.
	pub frequency_hz: u64,
	/// The conducted transmit power in dBm × 10 (e.g. 270 for 27 dBm). The witnesses' signal
	/// physics check uses it.
	pub tx_power_dbm_x10: i32,
}

impl BeaconFields {
	/// The message the beaconer signs on the chain whose genesis hash is `genesis`: the SCALE
	/// encoding of `(b"depin/beacon", genesis, beaconer, entropy_block, entropy_hash,
	/// frequency_hz, tx_power_dbm_x10)`.
	pub fn payload(&self, genesis: &GenesisHash) -> Vec<u8> {
		(BEACON_DOMAIN, genesis, self).encode()
	}

	/// The beacon id: `blake2_256` of the SCALE-encoded fields, without the domain tag and the
	/// genesis hash. The signature is not a field, so a re-encoded (malleated) signature cannot
	/// make a second id for the same beacon.
	pub fn id(&self) -> BeaconId {
		sp_io::hashing::blake2_256(&self.encode())
	}
}

/// The fields of a witness receipt that the witness's device key signs, in the order they are
/// encoded.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode)]
pub struct WitnessFields {
	/// The witnessing hotspot.
	pub witness: DeviceId,
	/// Received signal strength in dBm × 10 (e.g. -1105 for -110.5 dBm).
	pub signal_dbm_x10: i32,
	/// Signal-to-noise ratio in dB × 10.
	pub snr_db_x10: i32,
	/// The frequency the witness received on, in Hz.
	pub frequency_hz: u64,
	/// The witness's own resolution-12 location; must equal its asserted location.
	pub location: H3Cell,
}

impl WitnessFields {
	/// The message the witness signs for the beacon `beacon` on the chain whose genesis hash is
	/// `genesis`: the SCALE encoding of `(b"depin/witness", genesis, beacon, witness,
	/// signal_dbm_x10, snr_db_x10, frequency_hz, location)`.
	pub fn payload(&self, genesis: &GenesisHash, beacon: &BeaconId) -> Vec<u8> {
		(WITNESS_DOMAIN, genesis, beacon, self).encode()
	}
}

/// The message a leased device's key signs to attest that it served interval `interval` of lease
/// `lease` on the chain whose genesis hash is `genesis`: SCALE(`b"depin/heartbeat"`, genesis
/// hash, lease id, interval index). The domain tag and the genesis hash are fixed-size arrays,
/// encoded as their raw bytes with no length prefix.
pub fn heartbeat_payload(genesis: &GenesisHash, lease: u64, interval: u32) -> Vec<u8> {
	(HEARTBEAT_DOMAIN, genesis, lease, interval).encode()
}

/// The message a listed device's key signs to prove it is online and available after availability
/// window `window` ended, on the chain whose genesis hash is `genesis`: SCALE(`b"depin/available"`,
/// genesis hash, device id, window index, challenge), where the challenge is the hash of the
/// window's last block. That hash exists only once the window is over, so a proof cannot be signed
/// in advance: the device key must be online during the window that follows.
pub fn availability_payload(
	genesis: &GenesisHash,
	device: DeviceId,
	window: u32,
	challenge: &[u8; 32],
) -> Vec<u8> {
	(AVAILABILITY_DOMAIN, genesis, device, window, challenge).encode()
}

/// The fields of a data-transfer session, signed by the hotspot that carried the data and
/// countersigned by the payer that bought it, in the order they are encoded.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub struct DataSessionFields {
	/// The hotspot that carried the data.
	pub hotspot: DeviceId,
	/// The payer that bought it (its id in the usage pallet).
	pub payer: u32,
	/// The payer's identifier of the session, unique among its sessions: a second report of the
	/// same id is refused.
	pub session_id: [u8; 16],
	/// The first and last block of the period the session covers (`u64` whatever the
	/// runtime's block number type, so devices sign one format).
	pub period: (u64, u64),
	/// Bytes the hotspot carried from devices to the network.
	pub bytes_up: u64,
	/// Bytes the hotspot carried from the network to devices.
	pub bytes_down: u64,
	/// Packets carried, both ways (what IoT traffic is priced by).
	pub packets: u64,
}

impl DataSessionFields {
	/// The message the hotspot signs on the chain whose genesis hash is `genesis`: the SCALE
	/// encoding of `(b"depin/session", genesis, hotspot, payer, session_id, period, bytes_up,
	/// bytes_down, packets)`.
	pub fn payload(&self, genesis: &GenesisHash) -> Vec<u8> {
		(SESSION_DOMAIN, genesis, self).encode()
	}

	/// The message the payer's routing key countersigns: the same fields under
	/// `b"depin/countersign"`, so neither signature can stand in for the other even when one
	/// key were both a device key and a routing key.
	pub fn countersign_payload(&self, genesis: &GenesisHash) -> Vec<u8> {
		(COUNTERSIGN_DOMAIN, genesis, self).encode()
	}

	/// All bytes carried, both ways.
	pub fn bytes(&self) -> u64 {
		self.bytes_up.saturating_add(self.bytes_down)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn beacon() -> BeaconFields {
		BeaconFields {
			beaconer: 7,
			entropy_block: 11,
			entropy_hash: [4u8; 32],
			frequency_hz: 868_100_000,
			tx_power_dbm_x10: 270,
		}
	}

	fn witness() -> WitnessFields {
		WitnessFields {
			witness: 8,
			signal_dbm_x10: -1105,
			snr_db_x10: 55,
			frequency_hz: 868_100_000,
			location: H3Cell(0x08c2_a100_d2a4_5fff),
		}
	}

	#[test]
	fn onboarding_payload_is_raw_domain_then_scale_fields() {
		let key = DeviceKey::Ed25519([9u8; 32]);
		let owner = 42u64;
		let payload = onboarding_payload(&[7u8; 32], 3, &key, &owner, DeviceClass::Gpu, 500u32);
		assert_eq!(&payload[..13], b"depin/onboard");
		assert_eq!(&payload[13..45], &[7u8; 32]);
		assert_eq!(&payload[45..49], &3u32.to_le_bytes());
		assert_eq!(&payload[49..82], &key.encode()[..]);
		assert_eq!(&payload[82..90], &42u64.to_le_bytes());
		assert_eq!(payload[90], 1);
		assert_eq!(&payload[91..], &500u32.to_le_bytes());
	}

	#[test]
	fn rotation_payload_is_raw_domain_then_scale_fields() {
		let key = DeviceKey::Sr25519([3u8; 32]);
		let payload = rotation_payload(&[5u8; 32], 7, &key);
		assert_eq!(&payload[..12], b"depin/rotate");
		assert_eq!(&payload[12..44], &[5u8; 32]);
		assert_eq!(&payload[44..52], &7u64.to_le_bytes());
		assert_eq!(&payload[52..], &key.encode()[..]);
	}

	#[test]
	fn beacon_payload_is_raw_domain_then_scale_fields() {
		let payload = beacon().payload(&[5u8; 32]);
		assert_eq!(&payload[..12], b"depin/beacon");
		assert_eq!(&payload[12..44], &[5u8; 32]);
		assert_eq!(&payload[44..52], &7u64.to_le_bytes());
		assert_eq!(&payload[52..60], &11u64.to_le_bytes());
		assert_eq!(&payload[60..92], &[4u8; 32]);
		assert_eq!(&payload[92..100], &868_100_000u64.to_le_bytes());
		assert_eq!(&payload[100..], &270i32.to_le_bytes());
	}

	#[test]
	fn witness_payload_is_raw_domain_then_scale_fields() {
		let payload = witness().payload(&[5u8; 32], &[6u8; 32]);
		assert_eq!(&payload[..13], b"depin/witness");
		assert_eq!(&payload[13..45], &[5u8; 32]);
		assert_eq!(&payload[45..77], &[6u8; 32]);
		assert_eq!(&payload[77..85], &8u64.to_le_bytes());
		assert_eq!(&payload[85..89], &(-1105i32).to_le_bytes());
		assert_eq!(&payload[89..93], &55i32.to_le_bytes());
		assert_eq!(&payload[93..101], &868_100_000u64.to_le_bytes());
		assert_eq!(&payload[101..], &0x08c2_a100_d2a4_5fffu64.to_le_bytes());
	}

	#[test]
	fn heartbeat_payload_is_raw_domain_then_scale_fields() {
		let payload = heartbeat_payload(&[5u8; 32], 7, 3);
		assert_eq!(&payload[..15], b"depin/heartbeat");
		assert_eq!(&payload[15..47], &[5u8; 32]);
		assert_eq!(&payload[47..55], &7u64.to_le_bytes());
		assert_eq!(&payload[55..], &3u32.to_le_bytes());
	}

	#[test]
	fn availability_payload_is_raw_domain_then_scale_fields() {
		let payload = availability_payload(&[5u8; 32], 7, 3, &[9u8; 32]);
		assert_eq!(&payload[..15], b"depin/available");
		assert_eq!(&payload[15..47], &[5u8; 32]);
		assert_eq!(&payload[47..55], &7u64.to_le_bytes());
		assert_eq!(&payload[55..59], &3u32.to_le_bytes());
		assert_eq!(&payload[59..], &[9u8; 32]);
	}

	fn session() -> DataSessionFields {
		DataSessionFields {
			hotspot: 7,
			payer: 2,
			session_id: [3u8; 16],
			period: (100, 200),
			bytes_up: 1_000,
			bytes_down: 9_000,
			packets: 12,
		}
	}

	#[test]
	fn session_payloads_are_raw_domain_then_scale_fields() {
		for (payload, domain) in [
			(session().payload(&[5u8; 32]), &b"depin/session"[..]),
			(session().countersign_payload(&[5u8; 32]), &b"depin/countersign"[..]),
		] {
			let fields = &payload[domain.len()..];
			assert_eq!(&payload[..domain.len()], domain);
			assert_eq!(&fields[..32], &[5u8; 32]);
			assert_eq!(&fields[32..40], &7u64.to_le_bytes());
			assert_eq!(&fields[40..44], &2u32.to_le_bytes());
			assert_eq!(&fields[44..60], &[3u8; 16]);
			assert_eq!(&fields[60..68], &100u64.to_le_bytes());
			assert_eq!(&fields[68..76], &200u64.to_le_bytes());
			assert_eq!(&fields[76..84], &1_000u64.to_le_bytes());
			assert_eq!(&fields[84..92], &9_000u64.to_le_bytes());
			assert_eq!(&fields[92..], &12u64.to_le_bytes());
		}
	}

	#[test]
	fn a_beacon_id_leaves_out_the_domain_and_genesis() {
		let fields = beacon();
		let id = fields.id();
		let tuple = (
			fields.beaconer,
			fields.entropy_block,
			&fields.entropy_hash,
			fields.frequency_hz,
			fields.tx_power_dbm_x10,
		);
		assert_eq!(id, sp_io::hashing::blake2_256(&tuple.encode()));
		for genesis in [[1u8; 32], [2u8; 32]] {
			let payload = fields.payload(&genesis);
			assert_eq!(id, sp_io::hashing::blake2_256(&payload[BEACON_DOMAIN.len() + 32..]));
		}
	}

	#[test]
	fn every_payload_differs_between_chains() {
		type Builder<'a> = dyn Fn(&GenesisHash) -> Vec<u8> + 'a;
		let (a, b) = ([1u8; 32], [2u8; 32]);
		let key = DeviceKey::Sr25519([3u8; 32]);
		let onboarding = |genesis: &GenesisHash| {
			onboarding_payload(genesis, 3, &key, &42u64, DeviceClass::Hotspot, 500u32)
		};
		let rotation = |genesis: &GenesisHash| rotation_payload(genesis, 7, &key);
		let beacon_of = |genesis: &GenesisHash| beacon().payload(genesis);
		let witness_of = |genesis: &GenesisHash| witness().payload(genesis, &[6u8; 32]);
		let heartbeat = |genesis: &GenesisHash| heartbeat_payload(genesis, 7, 3);
		let availability = |genesis: &GenesisHash| availability_payload(genesis, 7, 3, &[9u8; 32]);
		let session_of = |genesis: &GenesisHash| session().payload(genesis);
		let countersign_of = |genesis: &GenesisHash| session().countersign_payload(genesis);
		let builders: [&Builder; 8] = [
			&onboarding,
			&rotation,
			&beacon_of,
			&witness_of,
			&heartbeat,
			&availability,
			&session_of,
			&countersign_of,
		];
		for build in builders {
			assert_ne!(build(&a), build(&b));
		}
	}
}
