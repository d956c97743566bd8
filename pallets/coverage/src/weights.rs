//! Weights for `pallet_coverage`.
//!
//! PLACEHOLDER VALUES, NOT YET GENERATED. The structure is what the benchmark CLI writes; the
//! numbers are estimates (storage reads and writes counted from the code, sr25519 verification
//! about 50 µs, one verification for the beacon and one per receipt, the beacon verified twice:
//! at authorization and at dispatch) so the pallet can be wired and tested. Regenerate on the
//! reference machine before any network uses them:
//!
//! ```sh
//! depin-node benchmark pallet \
//!     --runtime <depin_runtime.wasm> --genesis-builder=runtime \
//!     --pallet pallet_coverage --extrinsic '*' \
//!     --steps 50 --repeat 20 \
//!     --output pallets/coverage/src/weights.rs \
//!     --template <frame-weight-template.hbs>
//! ```

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_coverage`.
pub trait WeightInfo {
	fn submit_report(w: u32, ) -> Weight;
	fn authorize_submit_report() -> Weight;
	fn deny_device() -> Weight;
	fn allow_device() -> Weight;
	fn deny_edge() -> Weight;
	fn allow_edge() -> Weight;
	fn compute_scale() -> Weight;
	fn set_density_rules() -> Weight;
}

/// Weights for `pallet_coverage` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: registry `Devices` (r:1+w w:0)
	/// Storage: `Coverage::DeniedDevices` (r:1+w w:0)
	/// Storage: `Coverage::DeniedEdges` (r:w w:0)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Storage: `Coverage::Activity` (r:1+w w:1+w)
	/// Storage: rewards shares (r:1+w w:1+w)
	/// The range of component `w` is `[0, 50]`.
	fn submit_report(w: u32, ) -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `400 + w * (250 ±0)`
		//  Estimated: `3900 + w * (2600 ±0)`
		Weight::from_parts(90_000_000, 3900)
			.saturating_add(Weight::from_parts(62_000_000, 0).saturating_mul(w.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((5_u64).saturating_mul(w.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(w.into())))
			.saturating_add(Weight::from_parts(0, 2600).saturating_mul(w.into()))
	}
	/// Storage: registry `Devices` (r:1 w:0)
	/// Storage: `Coverage::DeniedDevices` (r:1 w:0)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Storage: `Coverage::Activity` (r:1 w:0)
	fn authorize_submit_report() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `400`
		//  Estimated: `3900`
		Weight::from_parts(60_000_000, 3900)
			.saturating_add(T::DbWeight::get().reads(4_u64))
	}
	/// Storage: `Coverage::DeniedDevices` (r:0 w:1)
	fn deny_device() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Coverage::DeniedDevices` (r:1 w:1)
	fn allow_device() -> Weight {
		Weight::from_parts(12_000_000, 3550)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Coverage::DeniedEdges` (r:0 w:1)
	fn deny_edge() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Coverage::DeniedEdges` (r:1 w:1)
	fn allow_edge() -> Weight {
		Weight::from_parts(12_000_000, 3580)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn compute_scale() -> Weight {
		Weight::from_parts(400_000_000, 49 * 2_600)
			.saturating_add(T::DbWeight::get().reads(50_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn set_density_rules() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn submit_report(w: u32, ) -> Weight {
		Weight::from_parts(90_000_000, 3900)
			.saturating_add(Weight::from_parts(62_000_000, 0).saturating_mul(w.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().reads((5_u64).saturating_mul(w.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(w.into())))
			.saturating_add(Weight::from_parts(0, 2600).saturating_mul(w.into()))
	}
	fn authorize_submit_report() -> Weight {
		Weight::from_parts(60_000_000, 3900)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
	}
	fn deny_device() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn allow_device() -> Weight {
		Weight::from_parts(12_000_000, 3550)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn deny_edge() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn allow_edge() -> Weight {
		Weight::from_parts(12_000_000, 3580)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn compute_scale() -> Weight {
		Weight::from_parts(400_000_000, 49 * 2_600)
			.saturating_add(RocksDbWeight::get().reads(50_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_density_rules() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
