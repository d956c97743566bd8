//! Weights for `pallet_bme`.
//!
//! PLACEHOLDER VALUES, NOT YET GENERATED. The structure is what the benchmark CLI writes; the
//! numbers are estimates (storage reads and writes counted from the code, execution time from
//! comparable FRAME calls) so the pallet can be wired and tested. Regenerate on the reference
//! machine before any network uses them:
//!
//! ```sh
//! depin-node benchmark pallet \
//!     --runtime <depin_runtime.wasm> --genesis-builder=runtime \
//!     --pallet pallet_bme --extrinsic '*' \
//!     --steps 50 --repeat 20 \
//!     --output pallets/bme/src/weights.rs \
//!     --template <frame-weight-template.hbs>
//! ```
//!
//! The runtime uses its own generated `runtime/src/weights/pallet_bme.rs`, never these.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_bme`.
pub trait WeightInfo {
	fn add_feeder() -> Weight;
	fn remove_feeder() -> Weight;
	fn submit_price() -> Weight;
	fn burn_for_credits() -> Weight;
	fn claim_rewards() -> Weight;
	fn set_parameters() -> Weight;
	fn on_initialize_idle() -> Weight;
	fn on_initialize_epoch() -> Weight;
	fn on_idle_payout() -> Weight;
	fn on_idle_complete_epoch() -> Weight;
}

/// Weights for `pallet_bme` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Bme::Feeders` (r:1 w:1)
	/// Proof: `Bme::Feeders` (`max_values`: Some(1), `max_size`: Some(1922), mode: `MaxEncodedLen`)
	fn add_feeder() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `900`
		//  Estimated: `3400`
		Weight::from_parts(18_000_000, 3400)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Bme::Feeders` (r:1 w:1)
	/// Proof: `Bme::Feeders` (`max_values`: Some(1), `max_size`: Some(1922), mode: `MaxEncodedLen`)
	fn remove_feeder() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1900`
		//  Estimated: `3400`
		Weight::from_parts(18_000_000, 3400)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Bme::Feeders` (r:1 w:1)
	/// Proof: `Bme::Feeders` (`max_values`: Some(1), `max_size`: Some(1922), mode: `MaxEncodedLen`)
	fn submit_price() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `1900`
		//  Estimated: `3400`
		Weight::from_parts(17_000_000, 3400)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Bme::Parameters` (r:2 w:0)
	/// Storage: `Bme::Feeders` (r:1 w:0)
	/// Storage: `Bme::CreditMintWindow` (r:1 w:1)
	/// Storage: `Bme::CreditAccounts` (r:1 w:1)
	/// Storage: `Bme::TotalCreditsMinted` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Balances::TotalIssuance` (r:1 w:1)
	/// Storage: `Bme::TotalBurned` (r:1 w:1)
	/// Storage: `Bme::BurnedThisEpoch` (r:1 w:1)
	fn burn_for_credits() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `2300`
		//  Estimated: `3600`
		Weight::from_parts(70_000_000, 3600)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `Bme::CurrentEpoch` (r:1 w:0)
	/// Storage: `Bme::AccountShares` (r:1 w:1)
	/// Storage: `Bme::Pools` (r:1 w:1)
	/// Storage: `System::Account` (r:2 w:2)
	/// Storage: `Bme::TotalPoolsPaid` (r:1 w:1)
	fn claim_rewards() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `700`
		//  Estimated: `6200`
		Weight::from_parts(60_000_000, 6200)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Bme::Parameters` (r:0 w:1)
	fn set_parameters() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`
		//  Estimated: `0`
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Bme::Parameters` (r:1 w:0)
	fn on_initialize_idle() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `100`
		//  Estimated: `1600`
		Weight::from_parts(3_000_000, 1600)
			.saturating_add(T::DbWeight::get().reads(1_u64))
	}
	/// Storage: `Bme::Parameters` (r:2 w:0)
	/// Storage: `Bme::CurrentEpoch` (r:1 w:1)
	/// Storage: `Bme::BurnedLastEpoch` (r:1 w:1)
	/// Storage: `Bme::BurnedThisEpoch` (r:1 w:1)
	/// Storage: `Bme::SettlementMintedThisEpoch` (r:0 w:1)
	/// Storage: `Bme::Rollover` (r:1 w:1)
	/// Storage: `Bme::Pools` (r:2 w:2)
	/// Storage: `Bme::TotalPoolsEmitted` (r:1 w:1)
	/// Storage: `Bme::TotalMinted` (r:3 w:3)
	/// Storage: `System::Account` (r:3 w:3)
	/// Storage: `Balances::TotalIssuance` (r:3 w:3)
	fn on_initialize_epoch() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `900`
		//  Estimated: `11000`
		Weight::from_parts(120_000_000, 11000)
			.saturating_add(T::DbWeight::get().reads(19_u64))
			.saturating_add(T::DbWeight::get().writes(18_u64))
	}
	/// Storage: `Bme::Pools` (r:1 w:1)
	/// Storage: `Bme::AccountShares` (r:1 w:1)
	/// Storage: `System::Account` (r:2 w:2)
	/// Storage: `Bme::TotalPoolsPaid` (r:1 w:1)
	fn on_idle_payout() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `700`
		//  Estimated: `6200`
		Weight::from_parts(55_000_000, 6200)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Bme::Pools` (r:2 w:2)
	/// Storage: `Bme::Rollover` (r:1 w:1)
	/// Storage: `Bme::OldestUnpaidEpoch` (r:0 w:1)
	fn on_idle_complete_epoch() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `300`
		//  Estimated: `6000`
		Weight::from_parts(20_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn add_feeder() -> Weight {
		Weight::from_parts(18_000_000, 3400)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn remove_feeder() -> Weight {
		Weight::from_parts(18_000_000, 3400)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn submit_price() -> Weight {
		Weight::from_parts(17_000_000, 3400)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn burn_for_credits() -> Weight {
		Weight::from_parts(70_000_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn claim_rewards() -> Weight {
		Weight::from_parts(60_000_000, 6200)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn on_initialize_idle() -> Weight {
		Weight::from_parts(3_000_000, 1600)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
	}
	fn on_initialize_epoch() -> Weight {
		Weight::from_parts(120_000_000, 11000)
			.saturating_add(RocksDbWeight::get().reads(19_u64))
			.saturating_add(RocksDbWeight::get().writes(18_u64))
	}
	fn on_idle_payout() -> Weight {
		Weight::from_parts(55_000_000, 6200)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn on_idle_complete_epoch() -> Weight {
		Weight::from_parts(20_000_000, 6000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
}
