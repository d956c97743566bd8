//! LoRa on the wire: the Semtech packet-forwarder protocol gateways speak ([`semtech`]) and the
//! frame a hotspot's beacon travels in over the air ([`BeaconFrame`]).
//!
//! # The beacon frame
//!
//! 130 bytes, little-endian, sent at SF9/125 kHz (which carries up to 222 bytes in the EU868
//! and US915 plans):
//!
//! | bytes | field |
//! | --- | --- |
//! | 4 | `DPNB`, the magic |
//! | 1 | frame version, 1 |
//! | 8 | beaconer's device id |
//! | 8 | entropy block number |
//! | 32 | entropy block hash |
//! | 8 | frequency, Hz |
//! | 4 | transmit power, dBm × 10 (signed) |
//! | 1 | signature scheme: 0 ed25519, 1 sr25519 |
//! | 64 | the beaconer's device-key signature over the chain's beacon payload |
//!
//! It is the chain's beacon field for field, so a witness that hears it can sign a receipt of
//! the very beacon the chain will count, and submit it with the beacon if the beaconer's own
//! report has not arrived yet.

pub mod semtech;

use depin_primitives::{payloads::BeaconFields, DeviceSignature};

/// The frame's first four bytes.
pub const MAGIC: &[u8; 4] = b"DPNB";
/// The frame version this client writes and reads.
pub const FRAME_VERSION: u8 = 1;
/// The frame's length.
pub const FRAME_LEN: usize = 4 + 1 + 8 + 8 + 32 + 8 + 4 + 1 + 64;

/// A beacon as it travels over the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BeaconFrame {
	/// What the beaconer signed.
	pub fields: BeaconFields,
	/// Its signature.
	pub signature: DeviceSignature,
}

/// Why a received payload is not a beacon frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotABeacon {
	/// It does not start with [`MAGIC`]: another network's traffic, counted as data.
	Foreign,
	/// It starts with the magic but does not read; the reason.
	Malformed(String),
}

impl BeaconFrame {
	/// The frame's bytes.
	pub fn encode(&self) -> Vec<u8> {
		let fields = &self.fields;
		let mut bytes = Vec::with_capacity(FRAME_LEN);
		bytes.extend_from_slice(MAGIC);
		bytes.push(FRAME_VERSION);
		bytes.extend_from_slice(&fields.beaconer.to_le_bytes());
		bytes.extend_from_slice(&fields.entropy_block.to_le_bytes());
		bytes.extend_from_slice(&fields.entropy_hash);
		bytes.extend_from_slice(&fields.frequency_hz.to_le_bytes());
		bytes.extend_from_slice(&fields.tx_power_dbm_x10.to_le_bytes());
		let (scheme, signature) = match self.signature {
			DeviceSignature::Ed25519(bytes) => (0u8, bytes),
			DeviceSignature::Sr25519(bytes) => (1u8, bytes),
		};
		bytes.push(scheme);
		bytes.extend_from_slice(&signature);
		bytes
	}

	/// Reads a received payload.
	pub fn decode(bytes: &[u8]) -> Result<BeaconFrame, NotABeacon> {
		if !bytes.starts_with(MAGIC) {
			return Err(NotABeacon::Foreign);
		}
		let malformed = |reason: String| NotABeacon::Malformed(reason);
		if bytes.len() != FRAME_LEN {
			return Err(malformed(format!(
				"beacon frame of {} bytes, expected {FRAME_LEN}",
				bytes.len()
			)));
		}
		if bytes[4] != FRAME_VERSION {
			return Err(malformed(format!("beacon frame version {}", bytes[4])));
		}
		let mut at = 5;
		let mut take = |n: usize| {
			let slice = &bytes[at..at + n];
			at += n;
			slice
		};
		let u64_of = |slice: &[u8]| u64::from_le_bytes(slice.try_into().unwrap_or([0; 8]));
		let beaconer = u64_of(take(8));
		let entropy_block = u64_of(take(8));
		let entropy_hash: [u8; 32] = take(32).try_into().unwrap_or([0; 32]);
		let frequency_hz = u64_of(take(8));
		let tx_power_dbm_x10 = i32::from_le_bytes(take(4).try_into().unwrap_or([0; 4]));
		let scheme = take(1)[0];
		let signature: [u8; 64] = take(64).try_into().unwrap_or([0; 64]);
		let signature = match scheme {
			0 => DeviceSignature::Ed25519(signature),
			1 => DeviceSignature::Sr25519(signature),
			other => return Err(malformed(format!("unknown signature scheme {other}"))),
		};
		Ok(BeaconFrame {
			fields: BeaconFields {
				beaconer,
				entropy_block,
				entropy_hash,
				frequency_hz,
				tx_power_dbm_x10,
			},
			signature,
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn frame() -> BeaconFrame {
		BeaconFrame {
			fields: BeaconFields {
				beaconer: 42,
				entropy_block: 1_000,
				entropy_hash: [7; 32],
				frequency_hz: 868_100_000,
				tx_power_dbm_x10: -15,
			},
			signature: DeviceSignature::Sr25519([3; 64]),
		}
	}

	#[test]
	fn a_beacon_frame_is_130_bytes_and_reads_back() {
		let bytes = frame().encode();
		assert_eq!(bytes.len(), FRAME_LEN);
		assert_eq!(FRAME_LEN, 130);
		assert_eq!(BeaconFrame::decode(&bytes), Ok(frame()));
		let ed = BeaconFrame { signature: DeviceSignature::Ed25519([5; 64]), ..frame() };
		assert_eq!(BeaconFrame::decode(&ed.encode()), Ok(ed));
	}

	#[test]
	fn other_traffic_is_foreign_and_a_broken_frame_is_named() {
		assert_eq!(BeaconFrame::decode(b"\x40\x01\x02"), Err(NotABeacon::Foreign));
		let mut bytes = frame().encode();
		let reason = |bytes: &[u8]| match BeaconFrame::decode(bytes) {
			Err(NotABeacon::Malformed(reason)) => reason,
			other => panic!("expected malformed, got {other:?}"),
		};
		assert!(reason(&bytes[..100]).contains("100 bytes, expected 130"));
		bytes[65] = 9;
		assert!(reason(&bytes).contains("unknown signature scheme 9"));
		bytes[4] = 2;
		assert!(reason(&bytes).contains("version 2"));
	}
}
