//! Weights for `pallet_leases`.
//!
//! PLACEHOLDER VALUES, NOT YET GENERATED. The structure is what the benchmark CLI writes; the
//! numbers are conservative estimates (storage reads and writes counted from the code, the
//! settlement through BME counted as four reads and writes, sr25519 verification about 50 µs,
//! the heartbeat signature verified at authorization and again at dispatch) so the pallet can be
//! wired and tested. Regenerate on the reference machine before any network uses them:
//!
//! ```sh
//! depin-node benchmark pallet \
//!     --runtime <depin_runtime.wasm> --genesis-builder=runtime \
//!     --pallet pallet_leases --extrinsic '*' \
//!     --steps 50 --repeat 20 \
//!     --output pallets/leases/src/weights.rs \
//!     --template <frame-weight-template.hbs>
//! ```

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_leases`.
pub trait WeightInfo {
	fn list_offer() -> Weight;
	fn update_offer() -> Weight;
	fn withdraw_offer() -> Weight;
	fn lease_offer() -> Weight;
	fn create_order() -> Weight;
	fn cancel_order(b: u32, ) -> Weight;
	fn place_bid() -> Weight;
	fn withdraw_bid() -> Weight;
	fn accept_bid(b: u32, ) -> Weight;
	fn close_expired_order(b: u32, ) -> Weight;
	fn top_up() -> Weight;
	fn heartbeat() -> Weight;
	fn authorize_heartbeat() -> Weight;
	fn claim() -> Weight;
	fn close_lease() -> Weight;
	fn force_close_lease() -> Weight;
	fn set_parameters() -> Weight;
	fn settle_lease() -> Weight;
}

/// Weights for `pallet_leases` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: registry `Devices` (r:1 w:0)
	/// Storage: `Leases::Offers` (r:1 w:1)
	fn list_offer() -> Weight {
		Weight::from_parts(25_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Leases::Offers` (r:1 w:1)
	/// Storage: registry `Devices` (r:1 w:0)
	fn update_offer() -> Weight {
		Weight::from_parts(25_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Leases::Offers` (r:1 w:1)
	/// Storage: registry `Devices` (r:1 w:0)
	fn withdraw_offer() -> Weight {
		Weight::from_parts(20_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Leases::Offers` (r:1 w:0)
	/// Storage: registry `Devices` (r:1 w:0)
	/// Storage: `Leases::ActiveLeaseOf` (r:1 w:1)
	/// Storage: credits ledger (r:1 w:1)
	/// Storage: `Leases::Parameters` (r:1 w:0)
	/// Storage: `Leases::NextLeaseId` (r:1 w:1)
	/// Storage: `Leases::LeaseRecords` (r:0 w:1)
	/// Storage: `Leases::LeasesOf` (r:0 w:1)
	fn lease_offer() -> Weight {
		Weight::from_parts(70_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: credits ledger (r:1 w:1)
	/// Storage: `Leases::NextOrderId` (r:1 w:1)
	/// Storage: `Leases::Parameters` (r:1 w:0)
	/// Storage: `Leases::Orders` (r:0 w:1)
	fn create_order() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Leases::Orders` (r:1 w:1)
	/// Storage: `Leases::Bids` (r:1 w:1)
	/// Storage: credits ledger (r:1 w:1)
	/// Storage: `Balances::Holds` (r:b w:b)
	/// The range of component `b` is `[0, 20]`.
	fn cancel_order(b: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(b.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(b.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(b.into())))
			.saturating_add(Weight::from_parts(0, 2600).saturating_mul(b.into()))
	}
	/// Storage: `Leases::Orders` (r:1 w:0)
	/// Storage: registry `Devices` (r:1 w:0)
	/// Storage: `Leases::ActiveLeaseOf` (r:1 w:0)
	/// Storage: `Leases::Offers` (r:1 w:0)
	/// Storage: `Leases::Bids` (r:1 w:1)
	/// Storage: `Leases::Parameters` (r:1 w:0)
	/// Storage: `Balances::Holds` (r:1 w:1)
	fn place_bid() -> Weight {
		Weight::from_parts(70_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Leases::Orders` (r:1 w:0)
	/// Storage: `Leases::Bids` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	fn withdraw_bid() -> Weight {
		Weight::from_parts(50_000_000, 6000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Leases::Orders` (r:1 w:1)
	/// Storage: `Leases::Bids` (r:1 w:1)
	/// Storage: registry `Devices` (r:1 w:0)
	/// Storage: `Leases::ActiveLeaseOf` (r:1 w:1)
	/// Storage: credits ledger (r:1 w:1)
	/// Storage: `Leases::Parameters` (r:1 w:0)
	/// Storage: `Leases::NextLeaseId` (r:1 w:1)
	/// Storage: `Leases::LeaseRecords` (r:0 w:1)
	/// Storage: `Leases::LeasesOf` (r:0 w:1)
	/// Storage: `Balances::Holds` (r:b w:b)
	/// The range of component `b` is `[0, 20]`.
	fn accept_bid(b: u32, ) -> Weight {
		Weight::from_parts(90_000_000, 6000)
			.saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(b.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(b.into())))
			.saturating_add(T::DbWeight::get().writes(8_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(b.into())))
			.saturating_add(Weight::from_parts(0, 2600).saturating_mul(b.into()))
	}
	/// Storage: `Leases::Orders` (r:1 w:1)
	/// Storage: `Leases::Bids` (r:1 w:1)
	/// Storage: credits ledger (r:1 w:1)
	/// Storage: `Balances::Holds` (r:b w:b)
	/// The range of component `b` is `[0, 20]`.
	fn close_expired_order(b: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(b.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(b.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(b.into())))
			.saturating_add(Weight::from_parts(0, 2600).saturating_mul(b.into()))
	}
	/// Storage: `Leases::LeaseRecords` (r:1 w:1)
	/// Storage: credits ledger (r:1 w:1)
	/// Storage: registry `Devices` (r:1 w:0)
	/// Storage: `Leases::Parameters` (r:1 w:0)
	/// Storage: settlement (BME oracle, parameters, accounts) (r:4 w:4)
	/// Storage: `Leases::ProviderEarnings` (r:1 w:1)
	fn top_up() -> Weight {
		Weight::from_parts(120_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `Leases::LeaseRecords` (r:1 w:1)
	/// Storage: registry `Devices` (r:1 w:0)
	/// Storage: `Leases::Parameters` (r:1 w:0)
	/// Storage: settlement (BME oracle, parameters, accounts) (r:5 w:4)
	/// Storage: `Leases::ProviderEarnings` (r:1 w:1)
	fn heartbeat() -> Weight {
		Weight::from_parts(160_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Leases::LeaseRecords` (r:1 w:0)
	/// Storage: registry `Devices` (r:1 w:0)
	/// Storage: `Leases::Parameters` (r:1 w:0)
	fn authorize_heartbeat() -> Weight {
		Weight::from_parts(60_000_000, 4000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
	}
	/// Worst case: the touch closes the lease for breach (settles, refunds, slashes).
	/// Storage: `Leases::LeaseRecords` (r:1 w:1)
	/// Storage: registry `Devices` (r:2 w:1)
	/// Storage: `Leases::Parameters` (r:1 w:0)
	/// Storage: settlement (r:4 w:4)
	/// Storage: `Leases::ProviderEarnings` (r:1 w:1)
	/// Storage: `Leases::ActiveLeaseOf` (r:1 w:1)
	fn claim() -> Weight {
		Weight::from_parts(130_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	/// Worst case: the touch closes the lease for breach (settles, refunds, slashes).
	/// Storage: `Leases::LeaseRecords` (r:1 w:1)
	/// Storage: registry `Devices` (r:2 w:1)
	/// Storage: `Leases::Parameters` (r:1 w:0)
	/// Storage: settlement (r:4 w:4)
	/// Storage: `Leases::ProviderEarnings` (r:1 w:1)
	/// Storage: `Leases::ActiveLeaseOf` (r:1 w:1)
	/// Storage: `Leases::LeasesOf` (r:0 w:1)
	fn close_lease() -> Weight {
		Weight::from_parts(130_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	/// Worst case: the touch closes the lease for breach (settles, refunds, slashes).
	/// Storage: as `close_lease`
	fn force_close_lease() -> Weight {
		Weight::from_parts(130_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	/// Storage: `Leases::Parameters` (r:0 w:1)
	fn set_parameters() -> Weight {
		Weight::from_parts(12_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// One lease visited by `on_idle`, worst case closing it for breach.
	/// Storage: the next key of `Leases::LeaseRecords` (r:1 w:0)
	/// Storage: as `close_lease`
	fn settle_lease() -> Weight {
		Weight::from_parts(140_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn list_offer() -> Weight {
		Weight::from_parts(25_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn update_offer() -> Weight {
		Weight::from_parts(25_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn withdraw_offer() -> Weight {
		Weight::from_parts(20_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn lease_offer() -> Weight {
		Weight::from_parts(70_000_000, 6000)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn create_order() -> Weight {
		Weight::from_parts(50_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn cancel_order(b: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(b.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(b.into())))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(b.into())))
			.saturating_add(Weight::from_parts(0, 2600).saturating_mul(b.into()))
	}
	fn place_bid() -> Weight {
		Weight::from_parts(70_000_000, 6000)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn withdraw_bid() -> Weight {
		Weight::from_parts(50_000_000, 6000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn accept_bid(b: u32, ) -> Weight {
		Weight::from_parts(90_000_000, 6000)
			.saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(b.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(b.into())))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(b.into())))
			.saturating_add(Weight::from_parts(0, 2600).saturating_mul(b.into()))
	}
	fn close_expired_order(b: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 4000)
			.saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(b.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(b.into())))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(b.into())))
			.saturating_add(Weight::from_parts(0, 2600).saturating_mul(b.into()))
	}
	fn top_up() -> Weight {
		Weight::from_parts(120_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn heartbeat() -> Weight {
		Weight::from_parts(160_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn authorize_heartbeat() -> Weight {
		Weight::from_parts(60_000_000, 4000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
	}
	fn claim() -> Weight {
		Weight::from_parts(130_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn close_lease() -> Weight {
		Weight::from_parts(130_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	fn force_close_lease() -> Weight {
		Weight::from_parts(130_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(12_000_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn settle_lease() -> Weight {
		Weight::from_parts(140_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
}
