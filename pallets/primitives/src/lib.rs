//! # DePIN primitives
//!
//! The types every DePIN pallet shares, and the traits through which the pallets talk to each
//! other. Pallets never import each other: the registry implements [`DeviceRegistry`], the BME
//! pallet implements [`Credits`], [`RewardShares`] and [`UsageSettlement`], and the runtime wires
//! them into the `Config` of the pallets that use them. Mock runtimes implement the same traits
//! with small in-memory fakes.
//!
//! ## Contents
//!
//! - [`device`]: device identifiers, classes, keys and signatures, attributes, status and the
//!   [`DeviceInfo`] record.
//! - [`h3`]: the [`H3Cell`] location index, validated and walked up to its parents with integer
//!   bit operations only.
//! - [`registry`]: the [`DeviceRegistry`] trait (used by coverage and leases), the
//!   [`DeviceObserver`] hooks the registry calls on every lifecycle change, makers and
//!   parameters.
//! - [`payloads`]: every message a device or maker key signs (onboarding attestations, key
//!   rotation proofs, beacons, witness receipts, lease heartbeats, availability proofs), byte for
//!   byte.
//! - [`credits`]: the [`Credits`] trait (non-transferable, dollar-pegged credits).
//! - [`rewards`]: the [`RewardShares`] and [`UsageSettlement`] traits of the BME pallet.
//! - [`signing`]: the [`GenesisHash`] every signed payload is bound to.
//!
//! ## Assumptions
//!
//! - A credit is an integer count; 1 credit = 0.00001 USD. There is no floating point anywhere.
//! - Device and attestation keys are ed25519 or sr25519, verified with the runtime's host
//!   functions.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod credits;
pub mod device;
pub mod h3;
pub mod payloads;
pub mod radio;
pub mod registry;
pub mod rewards;
pub mod signing;

pub use credits::{CreditBalance, Credits, CreditsError};
pub use device::{
	AttributeError, DeviceAttributes, DeviceClass, DeviceId, DeviceInfo, DeviceKey,
	DeviceSignature, DeviceStatus, GpuAttributes, GpuInterface, HotspotAttributes, MakerId,
	SensorAttributes, ShortString, StorageAttributes, SuspendReason,
};
pub use h3::{H3Cell, H3Error, LOCATION_RESOLUTION};
pub use registry::{
	DeviceObserver, DeviceRegistry, HotspotView, MakerInfo, MakerStatus, RegistryParameters,
};
pub use rewards::{
	DataTransferRewards, DemandWeight, EpochIndex, RewardPool, RewardShares, Settlement, Shares,
	UsageSettlement,
};
pub use signing::{genesis_hash, GenesisHash};

/// Helpers for the DePIN pallets' property tests, shared so that each states its rules, not its
/// plumbing.
#[cfg(feature = "std")]
pub mod testing {
	use core::fmt::Debug;
	use sp_runtime::StateVersion;

	/// Runs `call` inside the test externalities and returns whether it succeeded. A call that
	/// fails must leave storage exactly as it found it: when it does not, the error says which
	/// operation (`what`) changed storage and how it failed.
	pub fn atomically<T, E: Debug>(
		what: &dyn Debug,
		call: impl FnOnce() -> Result<T, E>,
	) -> Result<bool, String> {
		let before = sp_io::storage::root(StateVersion::V1);
		match call() {
			Ok(_) => Ok(true),
			Err(error) if sp_io::storage::root(StateVersion::V1) == before => {
				let _ = error;
				Ok(false)
			}
			Err(error) => Err(format!("{what:?} failed ({error:?}) but changed storage")),
		}
	}

	#[cfg(test)]
	mod tests {
		use super::atomically;

		#[test]
		fn a_failed_call_that_changed_storage_is_reported() {
			sp_io::TestExternalities::new_empty().execute_with(|| {
				assert_eq!(atomically(&"ok", || Ok::<(), ()>(())), Ok(true));
				assert_eq!(atomically(&"refused", || Err::<(), _>("no")), Ok(false));
				let partial = atomically(&"partial", || {
					sp_io::storage::set(b"key", b"value");
					Err::<(), _>("half done")
				});
				assert_eq!(
					partial,
					Err("\"partial\" failed (\"half done\") but changed storage".to_owned())
				);
			});
		}
	}
}
