//! Weights for `pallet_registry`.
//!
//! PLACEHOLDER VALUES, NOT YET GENERATED. The structure is what the benchmark CLI writes; the
//! numbers are estimates (storage reads and writes counted from the code, execution time from
//! comparable FRAME calls, sr25519 verification about 50 µs) so the pallet can be wired and
//! tested. Regenerate on the reference machine before any network uses them:
//!
//! ```sh
//! depin-node benchmark pallet \
//!     --runtime <depin_runtime.wasm> --genesis-builder=runtime \
//!     --pallet pallet_registry --extrinsic '*' \
//!     --steps 50 --repeat 20 \
//!     --output pallets/registry/src/weights.rs \
//!     --template <frame-weight-template.hbs>
//! ```
//!
//! The runtime uses its own generated `runtime/src/weights/pallet_registry.rs`, never these.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_registry`.
pub trait WeightInfo {
	fn approve_maker() -> Weight;
	fn revoke_maker() -> Weight;
	fn onboard_device() -> Weight;
	fn assert_location() -> Weight;
	fn suspend_device() -> Weight;
	fn resume_device() -> Weight;
	fn retire_device() -> Weight;
	fn withdraw_bond() -> Weight;
	fn transfer_device() -> Weight;
	fn rotate_device_key() -> Weight;
	fn set_parameters() -> Weight;
	fn slash_device_bond() -> Weight;
}

/// Weights for `pallet_registry` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Registry::NextMakerId` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Registry::Makers` (r:0 w:1)
	fn approve_maker() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `150`
		//  Estimated: `3700`
		Weight::from_parts(45_000_000, 3700)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Registry::Makers` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:2 w:2)
	fn revoke_maker() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `450`
		//  Estimated: `6200`
		Weight::from_parts(60_000_000, 6200)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Registry::DeviceByKey` (r:1 w:1)
	/// Storage: `Registry::Makers` (r:1 w:1)
	/// Storage: `Registry::OwnerDeviceCount` (r:1 w:1)
	/// Storage: `Registry::Parameters` (r:1 w:0)
	/// Storage: credits ledger (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Registry::NextDeviceId` (r:1 w:1)
	/// Storage: `Registry::DeviceCount` (r:1 w:1)
	/// Storage: `Registry::Devices` (r:0 w:1)
	/// Storage: `Registry::DevicesOf` (r:0 w:1)
	fn onboard_device() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `600`
		//  Estimated: `4100`
		Weight::from_parts(130_000_000, 4100)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: `Registry::Devices` (r:1 w:1)
	/// Storage: `Registry::Parameters` (r:1 w:0)
	/// Storage: credits ledger (r:1 w:1)
	fn assert_location() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `500`
		//  Estimated: `3700`
		Weight::from_parts(35_000_000, 3700)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Registry::Devices` (r:1 w:1)
	fn suspend_device() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `400`
		//  Estimated: `3700`
		Weight::from_parts(20_000_000, 3700)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Registry::Devices` (r:1 w:1)
	fn resume_device() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `400`
		//  Estimated: `3700`
		Weight::from_parts(20_000_000, 3700)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Registry::Devices` (r:1 w:1)
	/// Storage: `Registry::Parameters` (r:1 w:0)
	fn retire_device() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `450`
		//  Estimated: `3700`
		Weight::from_parts(22_000_000, 3700)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Registry::Devices` (r:1 w:1)
	/// Storage: `Registry::OwnerDeviceCount` (r:1 w:1)
	/// Storage: `Registry::DeviceCount` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Registry::DeviceByKey` (r:0 w:1)
	/// Storage: `Registry::DevicesOf` (r:0 w:1)
	fn withdraw_bond() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `650`
		//  Estimated: `4100`
		Weight::from_parts(55_000_000, 4100)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `Registry::Devices` (r:1 w:1)
	/// Storage: `Registry::OwnerDeviceCount` (r:2 w:2)
	/// Storage: `Balances::Holds` (r:2 w:2)
	/// Storage: `System::Account` (r:2 w:2)
	/// Storage: `Registry::DevicesOf` (r:0 w:2)
	fn transfer_device() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `800`
		//  Estimated: `6300`
		Weight::from_parts(75_000_000, 6300)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	/// Storage: `Registry::Devices` (r:1 w:1)
	/// Storage: `Registry::DeviceByKey` (r:1 w:2)
	fn rotate_device_key() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `450`
		//  Estimated: `3700`
		Weight::from_parts(75_000_000, 3700)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Registry::Parameters` (r:0 w:1)
	fn set_parameters() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `0`
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Registry::Devices` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:2 w:2)
	fn slash_device_bond() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `650`
		//  Estimated: `6200`
		Weight::from_parts(60_000_000, 6200)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn approve_maker() -> Weight {
		Weight::from_parts(45_000_000, 3700)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn revoke_maker() -> Weight {
		Weight::from_parts(60_000_000, 6200)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn onboard_device() -> Weight {
		Weight::from_parts(130_000_000, 4100)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn assert_location() -> Weight {
		Weight::from_parts(35_000_000, 3700)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn suspend_device() -> Weight {
		Weight::from_parts(20_000_000, 3700)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn resume_device() -> Weight {
		Weight::from_parts(20_000_000, 3700)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn retire_device() -> Weight {
		Weight::from_parts(22_000_000, 3700)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn withdraw_bond() -> Weight {
		Weight::from_parts(55_000_000, 4100)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn transfer_device() -> Weight {
		Weight::from_parts(75_000_000, 6300)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	fn rotate_device_key() -> Weight {
		Weight::from_parts(75_000_000, 3700)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn slash_device_bond() -> Weight {
		Weight::from_parts(60_000_000, 6200)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
}
