//! The report a beaconer submits (a beacon and the witness receipts of it), the per-hotspot
//! activity record, denylist entries and the named reasons a witness receipt is invalid.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{DeviceId, DeviceSignature, H3Cell};
use scale_info::TypeInfo;
use sp_core::H256;

/// The domain tag of a beacon signature.
pub const BEACON_DOMAIN: [u8; 12] = *b"depin/beacon";
/// The domain tag of a witness receipt signature.
pub const WITNESS_DOMAIN: [u8; 13] = *b"depin/witness";

/// The identifier of a beacon: `blake2_256` of the SCALE encoding of its signed fields.
pub type BeaconId = [u8; 32];

/// A beacon: a hotspot's radio transmission, as the beaconer's device key signed it.
///
/// The signature covers SCALE(`b"depin/beacon"`, `beaconer`, `entropy_block`, `entropy_hash`,
/// `frequency_hz`); the domain tag is a fixed-size array, so it is encoded as its raw bytes.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Beacon {
	/// The beaconing hotspot.
	pub beaconer: DeviceId,
	/// The number of a recent block whose hash is the beacon's entropy. `u64` whatever the
	/// runtime's block number type, so devices sign one format.
	pub entropy_block: u64,
	/// The hash of `entropy_block`; must equal the chain's `frame_system::BlockHash` of it.
	pub entropy_hash: [u8; 32],
	/// The transmit frequency in Hz.
	pub frequency_hz: u64,
	/// The beaconer's device-key signature over [`Beacon::signing_payload`].
	pub signature: DeviceSignature,
}

impl Beacon {
	/// The signed fields, SCALE-encoded: the beacon without its signature.
	fn body(&self) -> impl Encode + '_ {
		(self.beaconer, self.entropy_block, &self.entropy_hash, self.frequency_hz)
	}

	/// The message the beaconer signs: SCALE(`b"depin/beacon"`, fields).
	pub fn signing_payload(&self) -> alloc::vec::Vec<u8> {
		(BEACON_DOMAIN, self.body()).encode()
	}

	/// The beacon id: `blake2_256` of the SCALE-encoded signed fields. The signature is left out
	/// so that a re-encoded (malleated) signature cannot make a second id for the same beacon.
	pub fn id(&self) -> BeaconId {
		sp_io::hashing::blake2_256(&self.body().encode())
	}
}

/// A witness receipt: a hotspot heard a beacon and signed what it heard.
///
/// The signature covers SCALE(`b"depin/witness"`, beacon id, `witness`, `signal_dbm_x10`,
/// `snr_db_x10`, `frequency_hz`, `location`).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct WitnessReceipt {
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
	/// The witness's device-key signature over [`WitnessReceipt::signing_payload`].
	pub signature: DeviceSignature,
}

impl WitnessReceipt {
	/// The message the witness signs: SCALE(`b"depin/witness"`, beacon id, fields).
	pub fn signing_payload(&self, beacon: &BeaconId) -> alloc::vec::Vec<u8> {
		(
			WITNESS_DOMAIN,
			beacon,
			self.witness,
			self.signal_dbm_x10,
			self.snr_db_x10,
			self.frequency_hz,
			self.location,
		)
			.encode()
	}
}

/// Why a witness receipt was not counted. Invalid receipts never fail the report: each is
/// recorded with its reason in [`crate::Event::WitnessInvalid`].
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum WitnessInvalid {
	/// The witness is the beaconer itself.
	SelfWitness,
	/// A receipt from this witness (with a valid signature) came earlier in the same report.
	Duplicate,
	/// The witness's frequency is more than 100 kHz away from the beacon's.
	FrequencyMismatch,
	/// The witness is too close to the beaconer (see [`crate::geometry`] for the rule used).
	TooClose,
	/// The witness is too far from the beaconer (see [`crate::geometry`] for the rule used).
	TooFar,
	/// The signature does not verify with the witness's registered device key.
	BadSignature,
	/// The witness is not a registered hotspot, is not `Active`, or has no asserted location.
	NotActive,
	/// The witness, or the (beaconer, witness) pair, is on the denylist.
	Denylisted,
	/// The location in the receipt is not the witness's asserted location.
	LocationMismatch,
}

/// What the pallet remembers about each hotspot that beaconed or witnessed: enough for the beacon
/// interval and the HIP-106 reciprocity rules.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct HotspotActivity<BlockNumber> {
	/// The block of its last accepted beacon.
	pub last_beacon: Option<BlockNumber>,
	/// The block of its last accepted beacon that had at least one valid witness.
	pub last_beacon_with_witness: Option<BlockNumber>,
	/// The block of its last valid witness receipt (selected for rewards or not).
	pub last_valid_witness: Option<BlockNumber>,
}

/// A denylist entry: why (a hash of the evidence, kept off-chain) and until when.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Denial<BlockNumber> {
	/// The hash of the evidence published off-chain.
	pub evidence: H256,
	/// The first block at which the entry no longer applies.
	pub expires_at: BlockNumber,
}
