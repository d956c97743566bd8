//! Weights of the usage pallet.
//!
//! NOT YET GENERATED: these are estimates, each a count of the storage reads and writes the
//! code makes at the runtime's database weights plus the signature checks at the coverage
//! pallet's measured cost (about 50 µs an sr25519 verification on the release build machine).
//! `benchmarking.rs` and the generated `runtime/src/weights/pallet_usage.rs` replace them.

#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_usage`.
pub trait WeightInfo {
	fn submit_sessions(n: u32) -> Weight;
	fn authorize_submit_sessions(n: u32) -> Weight;
	fn approve_payer() -> Weight;
	fn suspend_payer() -> Weight;
	fn revoke_payer() -> Weight;
	fn set_payer_limit() -> Weight;
	fn set_price() -> Weight;
	fn escrow_credits() -> Weight;
	fn unlock_escrow() -> Weight;
	fn withdraw_escrow() -> Weight;
	fn set_parameters() -> Weight;
	fn fix_basis() -> Weight;
	fn note_rewards(n: u32) -> Weight;
	fn prune(n: u32) -> Weight;
}

/// Estimates at the given database weights.
pub struct Estimates<T>(PhantomData<T>);

/// The reads of checking one session (payer, hotspot's registry entry, two replay keys, the
/// hotspot's usage, the payer's traffic) and its compute without signatures.
const CHECK_READS: u64 = 6;
const CHECK_TIME_PS: u64 = 20_000_000;
/// Two signature verifications.
const VERIFY_TIME_PS: u64 = 100_000_000;

fn db<D: Get<frame_support::weights::RuntimeDbWeight>>(reads: u64, writes: u64) -> Weight {
	D::get().reads_writes(reads, writes)
}

impl<D: Get<frame_support::weights::RuntimeDbWeight>> WeightInfo for Estimates<D> {
	fn submit_sessions(n: u32) -> Weight {
		let n = u64::from(n);
		// Per session: the checks, the credit account and payer, then payer, traffic, seen,
		// usage, hex demand and credits written; the epoch totals once.
		Weight::from_parts(30_000_000, 4_000)
			.saturating_add(Weight::from_parts(CHECK_TIME_PS.saturating_mul(n), 2_000 * n))
			.saturating_add(db::<D>(3 + (CHECK_READS + 3) * n, 1 + 6 * n))
	}
	fn authorize_submit_sessions(n: u32) -> Weight {
		let n = u64::from(n);
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(Weight::from_parts(
				(CHECK_TIME_PS + VERIFY_TIME_PS).saturating_mul(n),
				2_000 * n,
			))
			.saturating_add(db::<D>(3 + CHECK_READS * n, 0))
	}
	fn approve_payer() -> Weight {
		Weight::from_parts(40_000_000, 4_000).saturating_add(db::<D>(5, 5))
	}
	fn suspend_payer() -> Weight {
		Weight::from_parts(15_000_000, 3_000).saturating_add(db::<D>(1, 1))
	}
	fn revoke_payer() -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(db::<D>(5, 5))
	}
	fn set_payer_limit() -> Weight {
		Weight::from_parts(15_000_000, 3_000).saturating_add(db::<D>(1, 1))
	}
	fn set_price() -> Weight {
		Weight::from_parts(18_000_000, 3_000).saturating_add(db::<D>(2, 1))
	}
	fn escrow_credits() -> Weight {
		Weight::from_parts(25_000_000, 3_000).saturating_add(db::<D>(2, 2))
	}
	fn unlock_escrow() -> Weight {
		Weight::from_parts(18_000_000, 3_000).saturating_add(db::<D>(1, 1))
	}
	fn withdraw_escrow() -> Weight {
		Weight::from_parts(25_000_000, 3_000).saturating_add(db::<D>(2, 2))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(12_000_000, 1_000).saturating_add(db::<D>(0, 1))
	}
	fn fix_basis() -> Weight {
		// Totals, budget, the oracle's feeders and parameters; basis, noting and last basis.
		Weight::from_parts(40_000_000, 6_000).saturating_add(db::<D>(5, 3))
	}
	fn note_rewards(n: u32) -> Weight {
		let n = u64::from(n);
		// Per hotspot: its usage entry and owner, and an owner's shares; the pool once.
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(Weight::from_parts(8_000_000 * n, 600 * n))
			.saturating_add(db::<D>(2 + 3 * n, 2 + n))
	}
	fn prune(n: u32) -> Weight {
		let n = u64::from(n);
		Weight::from_parts(10_000_000, 1_000)
			.saturating_add(Weight::from_parts(2_000_000 * n, 100 * n))
			.saturating_add(db::<D>(4 + n, 2 + n))
	}
}

/// For tests: the estimates at RocksDB's default weights.
impl WeightInfo for () {
	fn submit_sessions(n: u32) -> Weight {
		Estimates::<RocksDbWeight>::submit_sessions(n)
	}
	fn authorize_submit_sessions(n: u32) -> Weight {
		Estimates::<RocksDbWeight>::authorize_submit_sessions(n)
	}
	fn approve_payer() -> Weight {
		Estimates::<RocksDbWeight>::approve_payer()
	}
	fn suspend_payer() -> Weight {
		Estimates::<RocksDbWeight>::suspend_payer()
	}
	fn revoke_payer() -> Weight {
		Estimates::<RocksDbWeight>::revoke_payer()
	}
	fn set_payer_limit() -> Weight {
		Estimates::<RocksDbWeight>::set_payer_limit()
	}
	fn set_price() -> Weight {
		Estimates::<RocksDbWeight>::set_price()
	}
	fn escrow_credits() -> Weight {
		Estimates::<RocksDbWeight>::escrow_credits()
	}
	fn unlock_escrow() -> Weight {
		Estimates::<RocksDbWeight>::unlock_escrow()
	}
	fn withdraw_escrow() -> Weight {
		Estimates::<RocksDbWeight>::withdraw_escrow()
	}
	fn set_parameters() -> Weight {
		Estimates::<RocksDbWeight>::set_parameters()
	}
	fn fix_basis() -> Weight {
		Estimates::<RocksDbWeight>::fix_basis()
	}
	fn note_rewards(n: u32) -> Weight {
		Estimates::<RocksDbWeight>::note_rewards(n)
	}
	fn prune(n: u32) -> Weight {
		Estimates::<RocksDbWeight>::prune(n)
	}
}
