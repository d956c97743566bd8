//! Devices: identifiers, classes, keys and signatures, attributes, status and the stored record.

use crate::h3::H3Cell;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_batch_verify::{Item, Scheme};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::{ed25519, sr25519, ConstU32};
use sp_runtime::BoundedVec;

/// The identifier of a registered device. Assigned by the registry from a counter and never
/// reused, so it stays the same across key rotations and ownership transfers.
pub type DeviceId = u64;

/// The identifier of an approved hardware maker. Assigned by the registry from a counter.
pub type MakerId = u32;

/// The longest name (GPU vendor and model, sensor kind, maker name) the chain stores, in bytes.
pub const MAX_NAME_LEN: u32 = 32;

/// A short UTF-8 name of at most [`MAX_NAME_LEN`] bytes. The chain does not check the encoding.
pub type ShortString = BoundedVec<u8, ConstU32<MAX_NAME_LEN>>;

/// Lowest antenna gain a hotspot may declare, in dBi × 10 (1.0 dBi).
pub const MIN_ANTENNA_GAIN_DBI_X10: u16 = 10;
/// Highest antenna gain a hotspot may declare, in dBi × 10 (15.0 dBi).
pub const MAX_ANTENNA_GAIN_DBI_X10: u16 = 150;
/// Lowest elevation a hotspot may declare, in metres above ground.
pub const MIN_ELEVATION_M: i32 = -500;
/// Highest elevation a hotspot may declare, in metres above ground.
pub const MAX_ELEVATION_M: i32 = 10_000;
/// Most GPUs one registered GPU device (one machine) may declare.
pub const MAX_GPUS_PER_DEVICE: u32 = 64;

/// What kind of hardware a device is. Decides which attributes it carries and which pallets use
/// it: hotspots prove coverage, GPUs are leased.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum DeviceClass {
	/// A radio hotspot that beacons and witnesses for proof-of-coverage.
	Hotspot,
	/// A machine with one or more GPUs offered for lease.
	Gpu,
	/// A storage server.
	Storage,
	/// A sensor that reports measurements.
	Sensor,
}

/// The public key a device signs with (beacons, witness receipts, heartbeats), or a maker's
/// attestation key. The raw 32 bytes of the public key of the named scheme.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub enum DeviceKey {
	/// An ed25519 public key.
	Ed25519([u8; 32]),
	/// An sr25519 (schnorrkel) public key.
	Sr25519([u8; 32]),
}

/// A signature by a [`DeviceKey`]: the raw 64 bytes of a signature of the named scheme.
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
pub enum DeviceSignature {
	/// An ed25519 signature.
	Ed25519([u8; 64]),
	/// An sr25519 (schnorrkel) signature.
	Sr25519([u8; 64]),
}

impl DeviceKey {
	/// Whether `signature` is a valid signature of `message` by this key.
	///
	/// Uses the runtime's crypto host functions. A signature of the other scheme never verifies.
	pub fn verify(&self, message: &[u8], signature: &DeviceSignature) -> bool {
		match (self, signature) {
			(DeviceKey::Ed25519(public), DeviceSignature::Ed25519(sig)) => {
				sp_io::crypto::ed25519_verify(
					&ed25519::Signature::from_raw(*sig),
					message,
					&ed25519::Public::from_raw(*public),
				)
			}
			(DeviceKey::Sr25519(public), DeviceSignature::Sr25519(sig)) => {
				sp_io::crypto::sr25519_verify(
					&sr25519::Signature::from_raw(*sig),
					message,
					&sr25519::Public::from_raw(*public),
				)
			}
			_ => false,
		}
	}

	/// Whether each signature is a valid signature of its message by its key: the result at `i`
	/// is `signed[i].0.verify(&signed[i].1, &signed[i].2)`, computed in one host call that
	/// verifies the signatures as a batch (`depin_batch_verify`). A signature of the other
	/// scheme is refused without being sent.
	pub fn verify_batch(signed: Vec<(DeviceKey, Vec<u8>, DeviceSignature)>) -> Vec<bool> {
		let mut results = alloc::vec![false; signed.len()];
		let mut sent = Vec::with_capacity(signed.len());
		let mut items = Vec::with_capacity(signed.len());
		for (index, (key, message, signature)) in signed.into_iter().enumerate() {
			let (scheme, public, signature) = match (key, signature) {
				(DeviceKey::Ed25519(public), DeviceSignature::Ed25519(signature)) => {
					(Scheme::Ed25519, public, signature)
				}
				(DeviceKey::Sr25519(public), DeviceSignature::Sr25519(signature)) => {
					(Scheme::Sr25519, public, signature)
				}
				_ => continue,
			};
			sent.push(index);
			items.push(Item { scheme, public, signature, message });
		}
		for (index, valid) in sent.into_iter().zip(depin_batch_verify::verify(&items)) {
			results[index] = valid;
		}
		results
	}

	/// The raw public key bytes, whatever the scheme.
	pub fn as_bytes(&self) -> &[u8; 32] {
		match self {
			DeviceKey::Ed25519(key) | DeviceKey::Sr25519(key) => key,
		}
	}
}

/// Why a device was suspended. A suspended device neither earns nor serves; the reason says who
/// may lift the suspension (governance always may; a pallet only lifts its own reason).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum SuspendReason {
	/// Suspended by a governance decision.
	Governance,
	/// The device is on the proof-of-coverage denylist.
	Denylist,
	/// The device's bond was slashed for misbehaviour.
	Slash,
	/// The device breached a lease's service level.
	SlaBreach,
}

/// Where a device is in its lifecycle.
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
pub enum DeviceStatus {
	/// Registered and in service: may beacon, witness, be leased and earn.
	Active,
	/// Temporarily out of service for the given reason; its bond stays held and slashable.
	Suspended {
		/// Why the device was suspended.
		reason: SuspendReason,
	},
	/// Retired by its owner; the bond unlocks after the unbonding period and is then withdrawn,
	/// which removes the device. A retired device never comes back.
	Retired,
}

impl DeviceStatus {
	/// Whether the device is in service.
	pub fn is_active(&self) -> bool {
		matches!(self, DeviceStatus::Active)
	}
}

/// How a GPU is attached to its host.
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
pub enum GpuInterface {
	/// A PCI Express card.
	Pcie,
	/// An NVIDIA SXM module.
	Sxm,
	/// An OCP Accelerator Module.
	Oam,
	/// Anything else (integrated, proprietary).
	Other,
}

/// What a GPU device offers: `count` identical GPUs of one model.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct GpuAttributes {
	/// The GPU vendor, e.g. `b"NVIDIA"`. Must not be empty.
	pub vendor: ShortString,
	/// The GPU model, e.g. `b"H100"`. Must not be empty.
	pub model: ShortString,
	/// Memory of one GPU in GiB. Must not be zero.
	pub vram_gib: u32,
	/// How many GPUs the machine has, 1 to [`MAX_GPUS_PER_DEVICE`].
	pub count: u32,
	/// How the GPUs are attached.
	pub interface: GpuInterface,
}

/// A hotspot's antenna: what the proof-of-coverage physics checks need.
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
pub struct HotspotAttributes {
	/// Antenna gain in dBi × 10, from [`MIN_ANTENNA_GAIN_DBI_X10`] to
	/// [`MAX_ANTENNA_GAIN_DBI_X10`].
	pub gain_dbi_x10: u16,
	/// Antenna height above ground in metres, from [`MIN_ELEVATION_M`] to [`MAX_ELEVATION_M`].
	pub elevation_m: i32,
}

/// What a storage device offers.
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
pub struct StorageAttributes {
	/// Usable capacity in GiB. Must not be zero.
	pub capacity_gib: u64,
}

/// What a sensor measures.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct SensorAttributes {
	/// What the sensor measures, e.g. `b"air-quality"`. Must not be empty.
	pub kind: ShortString,
}

/// A device's class-specific attributes. The variant decides the device's [`DeviceClass`].
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum DeviceAttributes {
	/// A radio hotspot's antenna.
	Hotspot(HotspotAttributes),
	/// A GPU machine's GPUs.
	Gpu(GpuAttributes),
	/// A storage server's capacity.
	Storage(StorageAttributes),
	/// A sensor's kind.
	Sensor(SensorAttributes),
}

/// Why a set of attributes was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AttributeError {
	/// The antenna gain is outside 10..=150 dBi × 10.
	AntennaGainOutOfRange,
	/// The elevation is outside -500..=10,000 metres.
	ElevationOutOfRange,
	/// A GPU's vendor or model is empty.
	EmptyGpuName,
	/// A GPU's memory is zero.
	ZeroVram,
	/// The GPU count is zero or above [`MAX_GPUS_PER_DEVICE`].
	GpuCountOutOfRange,
	/// A storage device's capacity is zero.
	ZeroCapacity,
	/// A sensor's kind is empty.
	EmptySensorKind,
}

impl HotspotAttributes {
	/// Checks the gain and elevation bounds.
	pub fn validate(&self) -> Result<(), AttributeError> {
		if !(MIN_ANTENNA_GAIN_DBI_X10..=MAX_ANTENNA_GAIN_DBI_X10).contains(&self.gain_dbi_x10) {
			return Err(AttributeError::AntennaGainOutOfRange);
		}
		if !(MIN_ELEVATION_M..=MAX_ELEVATION_M).contains(&self.elevation_m) {
			return Err(AttributeError::ElevationOutOfRange);
		}
		Ok(())
	}
}

impl GpuAttributes {
	/// Checks that the names are set, the memory is not zero and the count is in range.
	pub fn validate(&self) -> Result<(), AttributeError> {
		if self.vendor.is_empty() || self.model.is_empty() {
			return Err(AttributeError::EmptyGpuName);
		}
		if self.vram_gib == 0 {
			return Err(AttributeError::ZeroVram);
		}
		if self.count == 0 || self.count > MAX_GPUS_PER_DEVICE {
			return Err(AttributeError::GpuCountOutOfRange);
		}
		Ok(())
	}
}

impl DeviceAttributes {
	/// The class these attributes describe.
	pub fn class(&self) -> DeviceClass {
		match self {
			DeviceAttributes::Hotspot(_) => DeviceClass::Hotspot,
			DeviceAttributes::Gpu(_) => DeviceClass::Gpu,
			DeviceAttributes::Storage(_) => DeviceClass::Storage,
			DeviceAttributes::Sensor(_) => DeviceClass::Sensor,
		}
	}

	/// Checks the bounds of the class's attributes.
	pub fn validate(&self) -> Result<(), AttributeError> {
		match self {
			DeviceAttributes::Hotspot(hotspot) => hotspot.validate(),
			DeviceAttributes::Gpu(gpu) => gpu.validate(),
			DeviceAttributes::Storage(storage) => {
				if storage.capacity_gib == 0 {
					Err(AttributeError::ZeroCapacity)
				} else {
					Ok(())
				}
			}
			DeviceAttributes::Sensor(sensor) => {
				if sensor.kind.is_empty() {
					Err(AttributeError::EmptySensorKind)
				} else {
					Ok(())
				}
			}
		}
	}
}

/// A registered device as the registry stores it and as other pallets see it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct DeviceInfo<AccountId, Balance, BlockNumber> {
	/// The account that owns the device, pays its fees, holds its bond and earns its rewards.
	pub owner: AccountId,
	/// The key the device signs with. Unique among registered devices.
	pub key: DeviceKey,
	/// The maker whose attestation onboarded the device.
	pub maker: MakerId,
	/// The class-specific attributes; the variant is the device's class.
	pub attributes: DeviceAttributes,
	/// Where the device is in its lifecycle.
	pub status: DeviceStatus,
	/// The asserted location, a resolution-12 H3 cell; `None` until first asserted.
	pub location: Option<H3Cell>,
	/// How many times the location has changed (saturating).
	pub location_asserts: u32,
	/// The DPN held from the owner while the device exists; lowered by slashes.
	pub bond: Balance,
	/// The block the device was onboarded in.
	pub onboarded_at: BlockNumber,
	/// For a retired device, the first block at which its bond may be withdrawn.
	pub unbonding_until: Option<BlockNumber>,
}

impl<AccountId, Balance, BlockNumber> DeviceInfo<AccountId, Balance, BlockNumber> {
	/// The device's class, from its attributes.
	pub fn class(&self) -> DeviceClass {
		self.attributes.class()
	}

	/// Whether the device is in service.
	pub fn is_active(&self) -> bool {
		self.status.is_active()
	}

	/// The antenna of a hotspot; `None` for other classes.
	pub fn hotspot(&self) -> Option<&HotspotAttributes> {
		match &self.attributes {
			DeviceAttributes::Hotspot(hotspot) => Some(hotspot),
			_ => None,
		}
	}

	/// The GPUs of a GPU machine; `None` for other classes.
	pub fn gpu(&self) -> Option<&GpuAttributes> {
		match &self.attributes {
			DeviceAttributes::Gpu(gpu) => Some(gpu),
			_ => None,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::Pair;

	fn name(s: &[u8]) -> ShortString {
		ShortString::try_from(s.to_vec()).expect("test names are short; qed")
	}

	#[test]
	fn ed25519_key_verifies_its_own_signature_only() {
		let pair = ed25519::Pair::from_seed(&[7u8; 32]);
		let key = DeviceKey::Ed25519(pair.public().0);
		let sig = DeviceSignature::Ed25519(pair.sign(b"hello").0);
		assert!(key.verify(b"hello", &sig));
		assert!(!key.verify(b"hullo", &sig));
		let other = ed25519::Pair::from_seed(&[8u8; 32]);
		assert!(!DeviceKey::Ed25519(other.public().0).verify(b"hello", &sig));
	}

	#[test]
	fn sr25519_key_verifies_its_own_signature_only() {
		let pair = sr25519::Pair::from_seed(&[7u8; 32]);
		let key = DeviceKey::Sr25519(pair.public().0);
		let sig = DeviceSignature::Sr25519(pair.sign(b"hello").0);
		assert!(key.verify(b"hello", &sig));
		assert!(!key.verify(b"hullo", &sig));
	}

	#[test]
	fn signature_of_the_other_scheme_never_verifies() {
		let pair = sr25519::Pair::from_seed(&[7u8; 32]);
		let sig = pair.sign(b"hello").0;
		let key = DeviceKey::Ed25519(pair.public().0);
		assert!(!key.verify(b"hello", &DeviceSignature::Sr25519(sig)));
		assert!(!key.verify(b"hello", &DeviceSignature::Ed25519(sig)));
	}

	#[test]
	fn a_batch_gives_each_signature_its_single_verification_result() {
		let ed = ed25519::Pair::from_seed(&[1u8; 32]);
		let sr = sr25519::Pair::from_seed(&[2u8; 32]);
		let ed_key = DeviceKey::Ed25519(ed.public().0);
		let sr_key = DeviceKey::Sr25519(sr.public().0);
		let ed_sig = DeviceSignature::Ed25519(ed.sign(b"a").0);
		let sr_sig = DeviceSignature::Sr25519(sr.sign(b"b").0);
		let signed = vec![
			(ed_key, b"a".to_vec(), ed_sig),
			(sr_key, b"b".to_vec(), sr_sig),
			// Wrong message, wrong scheme, the other key.
			(ed_key, b"b".to_vec(), ed_sig),
			(sr_key, b"b".to_vec(), DeviceSignature::Ed25519(sr.sign(b"b").0)),
			(sr_key, b"a".to_vec(), DeviceSignature::Sr25519(ed.sign(b"a").0)),
			(ed_key, b"a".to_vec(), ed_sig),
		];
		let single: Vec<bool> = signed.iter().map(|(k, m, s)| k.verify(m, s)).collect();
		assert_eq!(single, vec![true, true, false, false, false, true]);
		assert_eq!(DeviceKey::verify_batch(signed), single);
		assert!(DeviceKey::verify_batch(Vec::new()).is_empty());
	}

	#[test]
	fn hotspot_gain_must_be_within_10_and_150() {
		let ok = HotspotAttributes { gain_dbi_x10: 10, elevation_m: 0 };
		assert_eq!(ok.validate(), Ok(()));
		assert_eq!(HotspotAttributes { gain_dbi_x10: 150, ..ok }.validate(), Ok(()));
		assert_eq!(
			HotspotAttributes { gain_dbi_x10: 9, ..ok }.validate(),
			Err(AttributeError::AntennaGainOutOfRange)
		);
		assert_eq!(
			HotspotAttributes { gain_dbi_x10: 151, ..ok }.validate(),
			Err(AttributeError::AntennaGainOutOfRange)
		);
		assert_eq!(
			HotspotAttributes { elevation_m: 10_001, ..ok }.validate(),
			Err(AttributeError::ElevationOutOfRange)
		);
	}

	#[test]
	fn gpu_attributes_need_names_memory_and_a_sane_count() {
		let gpu = GpuAttributes {
			vendor: name(b"NVIDIA"),
			model: name(b"H100"),
			vram_gib: 80,
			count: 8,
			interface: GpuInterface::Sxm,
		};
		assert_eq!(gpu.validate(), Ok(()));
		assert_eq!(
			GpuAttributes { vendor: name(b""), ..gpu.clone() }.validate(),
			Err(AttributeError::EmptyGpuName)
		);
		assert_eq!(
			GpuAttributes { vram_gib: 0, ..gpu.clone() }.validate(),
			Err(AttributeError::ZeroVram)
		);
		assert_eq!(
			GpuAttributes { count: 0, ..gpu.clone() }.validate(),
			Err(AttributeError::GpuCountOutOfRange)
		);
		assert_eq!(
			GpuAttributes { count: MAX_GPUS_PER_DEVICE + 1, ..gpu.clone() }.validate(),
			Err(AttributeError::GpuCountOutOfRange)
		);
		assert_eq!(DeviceAttributes::Gpu(gpu).class(), DeviceClass::Gpu);
	}

	#[test]
	fn device_key_encoding_is_tag_then_32_bytes() {
		let key = DeviceKey::Sr25519([1u8; 32]);
		let encoded = key.encode();
		assert_eq!(encoded.len(), 33);
		assert_eq!(encoded[0], 1);
		assert_eq!(DeviceKey::max_encoded_len(), 33);
	}
}
