//! The report a beaconer submits (a beacon and the witness receipts of it), the per-hotspot
//! activity record, denylist entries and the named reasons a witness receipt is invalid.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{
	payloads::{BeaconFields, BeaconId, WitnessFields},
	DeviceId, DeviceKey, DeviceSignature, EpochIndex, GenesisHash, H3Cell, Shares,
};
use frame_support::{
	traits::{ConstU32, Get},
	BoundedVec,
};
use scale_info::TypeInfo;
use sp_core::H256;

/// A beacon: a hotspot's radio transmission, as the beaconer's device key signed it.
///
/// The signature covers SCALE(`b"depin/beacon"`, genesis hash, `beaconer`, `entropy_block`,
/// `entropy_hash`, `frequency_hz`, `tx_power_dbm_x10`); the domain tag and the genesis hash are
/// fixed-size arrays, so they are encoded as their raw bytes. The bytes are built by
/// [`BeaconFields::payload`].
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
	/// The conducted transmit power in dBm × 10 (e.g. 270 for 27 dBm); at most
	/// [`crate::Config::MaxTxPower`]. The witnesses' signal physics check uses it.
	pub tx_power_dbm_x10: i32,
	/// The beaconer's device-key signature over [`Beacon::signing_payload`].
	pub signature: DeviceSignature,
}

impl Beacon {
	/// The signed fields: the beacon without its signature.
	pub fn fields(&self) -> BeaconFields {
		BeaconFields {
			beaconer: self.beaconer,
			entropy_block: self.entropy_block,
			entropy_hash: self.entropy_hash,
			frequency_hz: self.frequency_hz,
			tx_power_dbm_x10: self.tx_power_dbm_x10,
		}
	}

	/// The message the beaconer signs on the chain whose genesis hash is `genesis`:
	/// SCALE(`b"depin/beacon"`, genesis hash, fields), see [`BeaconFields::payload`].
	pub fn signing_payload(&self, genesis: &GenesisHash) -> alloc::vec::Vec<u8> {
		self.fields().payload(genesis)
	}

	/// The beacon id: `blake2_256` of the SCALE-encoded signed fields, see [`BeaconFields::id`].
	/// The signature is left out so that a re-encoded (malleated) signature cannot make a second
	/// id for the same beacon.
	pub fn id(&self) -> BeaconId {
		self.fields().id()
	}

	/// The rank of the witness whose device key is `witness` among this beacon's receipts:
	/// `blake2_256` of SCALE(`entropy_hash`, key), lower ranks first. Neither the submitter nor
	/// the witness picks it: the entropy is a block hash the beacon had to commit to.
	pub fn rank_of(&self, witness: &DeviceKey) -> [u8; 32] {
		sp_io::hashing::blake2_256(&(self.entropy_hash, witness).encode())
	}
}

/// A witness receipt: a hotspot heard a beacon and signed what it heard.
///
/// The signature covers SCALE(`b"depin/witness"`, genesis hash, beacon id, `witness`,
/// `signal_dbm_x10`, `snr_db_x10`, `frequency_hz`, `location`), built by
/// [`WitnessFields::payload`].
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
	/// The signed fields: the receipt without its signature.
	pub fn fields(&self) -> WitnessFields {
		WitnessFields {
			witness: self.witness,
			signal_dbm_x10: self.signal_dbm_x10,
			snr_db_x10: self.snr_db_x10,
			frequency_hz: self.frequency_hz,
			location: self.location,
		}
	}

	/// The message the witness signs on the chain whose genesis hash is `genesis`:
	/// SCALE(`b"depin/witness"`, genesis hash, beacon id, fields), see
	/// [`WitnessFields::payload`].
	pub fn signing_payload(&self, genesis: &GenesisHash, beacon: &BeaconId) -> alloc::vec::Vec<u8> {
		self.fields().payload(genesis, beacon)
	}
}

/// Why a witness receipt was not counted. Invalid receipts never fail a report that opens a
/// window: each is recorded with its reason in [`crate::Event::WitnessInvalid`].
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
	/// A valid receipt from this witness is already counted in the beacon's window (in this
	/// report or an earlier one). Judged before the signature: only verified receipts are ever
	/// counted, so a forged copy can never make the real one a duplicate.
	Duplicate,
	/// The witness's frequency is more than 100 kHz away from the beacon's.
	FrequencyMismatch,
	/// The witness is closer to the beaconer than [`crate::Config::MinDistance`] (8
	/// resolution-11 cells).
	TooClose,
	/// The witness is farther from the beaconer than [`crate::Config::MaxDistance`] (100 km).
	TooFar,
	/// The reported signal is stronger than free-space path loss allows for the distance, the
	/// beacon's transmit power and both antennas' gains.
	SignalTooStrong,
	/// The signature does not verify with the witness's registered device key.
	BadSignature,
	/// The witness is not a registered hotspot, is not `Active`, or has no asserted location.
	NotActive,
	/// The witness, or the (beaconer, witness) pair, is on the denylist.
	Denylisted,
	/// The location in the receipt is not the witness's asserted location.
	LocationMismatch,
	/// The witness has the beaconer's owner: an owner's hotspots never earn by witnessing each
	/// other.
	SameOwner,
	/// The beacon's receipt window is full and this receipt ranks no better than its worst:
	/// it could never be rewarded. Judged before the signature, so it costs no verification.
	Outranked,
}

/// A counted receipt in a beacon's receipt window: its witness and its rank.
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
pub struct RankedWitness {
	/// `blake2_256(SCALE(entropy hash, witness key))`: smaller ranks better.
	pub rank: [u8; 32],
	/// The witness.
	pub witness: DeviceId,
}

/// A beacon's receipt window: the beacon was accepted and valid receipts of it are counted,
/// whoever submits them, until the window closes (see the crate documentation).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
#[scale_info(skip_type_params(MaxReceipts))]
#[codec(mel_bound(BlockNumber: MaxEncodedLen))]
pub struct ReceiptWindow<BlockNumber, MaxReceipts: Get<u32>> {
	/// The beaconer.
	pub beaconer: DeviceId,
	/// The block the beacon was accepted in.
	pub opened_at: BlockNumber,
	/// The block whose `on_initialize` closes the window: `opened_at + ReceiptWindow`.
	pub closes_at: BlockNumber,
	/// Valid receipts counted so far, including those since outranked.
	pub valid: u32,
	/// The best-ranked valid receipts, best first, at most `MaxReceipts`.
	pub best: BoundedVec<RankedWitness, MaxReceipts>,
}

/// Most (beaconer, witness) pairs on the denylist per witness; beyond them governance denies
/// the witness itself.
pub const MAX_DENIED_EDGES: u32 = 8;

/// What the pallet remembers about each hotspot that beaconed, witnessed or is on the denylist:
/// enough for the beacon interval, the HIP-106 reciprocity rules and the denylist, so a receipt
/// costs one lookup of its witness here.
#[derive(
	Clone,
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
	/// The epoch `epoch_shares` were earned in.
	pub epoch: EpochIndex,
	/// The shares it earned (as beaconer and witness) in `epoch`, not yet noted in a reward
	/// pool: the epoch's earners are noted when it has ended (see [`crate::Earners`]).
	pub epoch_shares: Shares,
	/// The shares it earned in epochs before `epoch` that are not yet noted.
	pub unnoted: Shares,
	/// Its denylist entry: while it applies, its beacons are refused and its receipts invalid.
	pub denial: Option<Denial<BlockNumber>>,
	/// The beaconers whose beacons its receipts are invalid for while the entry applies (the
	/// denylist's (beaconer, witness) pairs, kept with the witness), at most
	/// [`MAX_DENIED_EDGES`].
	pub denied_edges: BoundedVec<DeniedEdge<BlockNumber>, ConstU32<MAX_DENIED_EDGES>>,
}

impl<BlockNumber> HotspotActivity<BlockNumber> {
	/// Moves the record on to `epoch`: the shares of its earlier epoch join `unnoted`.
	pub fn roll(&mut self, epoch: EpochIndex) {
		if self.epoch != epoch {
			self.unnoted = self.unnoted.saturating_add(self.epoch_shares);
			self.epoch_shares = 0;
			self.epoch = epoch;
		}
	}

	/// Its shares of epochs before `current` that are not yet noted.
	pub fn unnoted_before(&self, current: EpochIndex) -> Shares {
		if self.epoch < current {
			self.unnoted.saturating_add(self.epoch_shares)
		} else {
			self.unnoted
		}
	}
}

/// A (beaconer, witness) pair on the denylist, kept in the witness's activity record.
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
pub struct DeniedEdge<BlockNumber> {
	/// The beaconer whose beacons the witness's receipts are invalid for.
	pub beaconer: DeviceId,
	/// Why and until when.
	pub denial: Denial<BlockNumber>,
}

/// A witness receipt of this hotspot that was signed by it but not counted.
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
pub struct Refusal<BlockNumber> {
	/// The block the report was included in.
	pub at: BlockNumber,
	/// The beacon's beaconer.
	pub beaconer: DeviceId,
	/// Why the receipt was not counted.
	pub reason: WitnessInvalid,
}

/// One row of the HIP-17 hex-density table (as tuned by HIP-104), for one resolution.
///
/// A hex's hotspot count is clipped to
/// `min(max, target × max(occupied − neighbors + 1, 1))`, where `occupied` counts the hexes of
/// its k = 1 disk (itself and its neighbours) holding at least `target` hotspots.
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
pub struct DensityRule {
	/// `N`: occupied hexes in the disk before the limit grows.
	pub neighbors: u32,
	/// Hotspots that make a hex occupied, and the limit's step.
	pub target: u32,
	/// The largest limit.
	pub max: u32,
}

/// The first resolution with a density rule.
pub const DENSITY_MIN_RESOLUTION: u8 = 4;
/// The last resolution with a density rule.
pub const DENSITY_MAX_RESOLUTION: u8 = 10;
/// The number of resolutions with a density rule (4 to 10).
pub const DENSITY_RESOLUTIONS: usize =
	(DENSITY_MAX_RESOLUTION - DENSITY_MIN_RESOLUTION + 1) as usize;

/// The density rules of resolutions 4 to 10, in that order.
pub type DensityTable = [DensityRule; DENSITY_RESOLUTIONS];

/// Helium's table (HIP-104): (N, target, max) of r4 (2, 500, 1000), r5 (4, 100, 200),
/// r6 (4, 25, 50), r7 (4, 5, 10), r8 to r10 (2, 1, 1).
pub const HELIUM_DENSITY_TABLE: DensityTable = [
	DensityRule { neighbors: 2, target: 500, max: 1_000 },
	DensityRule { neighbors: 4, target: 100, max: 200 },
	DensityRule { neighbors: 4, target: 25, max: 50 },
	DensityRule { neighbors: 4, target: 5, max: 10 },
	DensityRule { neighbors: 2, target: 1, max: 1 },
	DensityRule { neighbors: 2, target: 1, max: 1 },
	DensityRule { neighbors: 2, target: 1, max: 1 },
];

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

/// What one report did that its weight depends on, beyond its number of receipts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ReportWork {
	/// Whether it opened its beacon's window (beacon checks, every receipt's signature
	/// verified) or appended to it (receipts' signatures verified at authorization).
	pub opened: bool,
	/// Whether an opening's batch of receipt signatures failed, so each was verified alone
	/// (charged up front, refunded when the batch passed).
	pub batch_failed: bool,
}

/// What a client sees of one hex: its count of active, located hotspots and the transmit scale
/// a hotspot in it gets.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct HexCoverage {
	/// The hex asked about.
	pub hex: H3Cell,
	/// Active, located hotspots in the hex (for a hex finer than resolution 10: in its
	/// resolution-10 parent).
	pub count: u32,
	/// The transmit scale of a hotspot in the hex, for hexes at resolution 10 or finer: the
	/// scale cached for the current epoch, or the one a report would compute now. `None` for
	/// coarser hexes, which hold many resolution-10 hexes of different scales.
	pub transmit_scale: Option<sp_runtime::Perbill>,
	/// Whether `transmit_scale` is the one fixed for the current epoch by an earlier report.
	pub scale_fixed: bool,
}

/// What a client sees of one hotspot's proof-of-coverage.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct HotspotCoverage<BlockNumber> {
	/// The epoch shares are being collected for.
	pub current_epoch: EpochIndex,
	/// Its last beacon, last beacon with a witness and last valid witness.
	pub last_beacon: Option<BlockNumber>,
	/// The block of its last beacon that had at least one valid witness.
	pub last_beacon_with_witness: Option<BlockNumber>,
	/// The block of its last valid witness receipt.
	pub last_valid_witness: Option<BlockNumber>,
	/// The shares it earned in the current epoch.
	pub epoch_shares: Shares,
	/// Where it is counted in the hex densities: its location while `Active` and located.
	pub counted_at: Option<H3Cell>,
	/// Its last receipts that were signed by it but not counted, oldest first.
	pub refusals: alloc::vec::Vec<Refusal<BlockNumber>>,
}

/// One page of hexes (the explorer's reads): the hexes found, and where the next page starts
/// (`None`: this was the last).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct HexPage<Cursor> {
	/// The hexes, each with its count and, at resolution 10, its transmit scale.
	pub hexes: alloc::vec::Vec<HexCoverage>,
	/// Pass it as `start_after` for the next page; `None` when there is none.
	pub next: Option<Cursor>,
}

/// One page of located hotspots: `(device, location)`, and the device the next page starts
/// after (`None`: this was the last). A page may be empty and still have a next one.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct HotspotPage {
	/// The hotspots found, with their locations.
	pub hotspots: alloc::vec::Vec<(DeviceId, H3Cell)>,
	/// Pass it as `start_after` for the next page; `None` when there is none.
	pub next: Option<DeviceId>,
}

/// What happened in proof-of-coverage in one block, from its events: the explorer's activity
/// feed.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum CoverageActivity<BlockNumber> {
	/// A beacon was accepted; its window closes at `closes_at`.
	BeaconAccepted {
		/// The beacon.
		beacon: BeaconId,
		/// Its beaconer.
		beaconer: DeviceId,
		/// The block its window closes at.
		closes_at: BlockNumber,
	},
	/// A report's valid receipts were counted in the beacon's window.
	ReceiptsCounted {
		/// The beacon.
		beacon: BeaconId,
		/// How many.
		count: u32,
	},
	/// A beacon's window closed and its rewards were noted.
	BeaconRewarded {
		/// The beacon.
		beacon: BeaconId,
		/// Its beaconer.
		beaconer: DeviceId,
		/// The epoch the shares went to.
		epoch: EpochIndex,
		/// Receipts the window counted as valid.
		valid_witnesses: u32,
		/// The beaconer's shares.
		shares: Shares,
		/// The rewarded witnesses with their shares.
		witnesses: alloc::vec::Vec<(DeviceId, Shares)>,
	},
	/// A witness receipt was not counted.
	WitnessInvalid {
		/// The beacon it claims to have heard.
		beacon: BeaconId,
		/// The witness.
		witness: DeviceId,
		/// Why.
		reason: WitnessInvalid,
	},
}
