//! Benchmarks of the calls and of punishing one offender (frame-benchmarking v2). Each runs its
//! most expensive path: the account is the last of a full candidate list, with its bond
//! reserved; the offender also validates this session, so it is disabled.

#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::Pallet as ValidatorSet;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get, ReservableCurrency};
use pallet_collator_selection::CandidateInfo;
use sp_runtime::{traits::Saturating, BoundedVec, Perbill};

const SEED: u32 = 0;

type Bonds<T> = <T as pallet_collator_selection::Config>::Currency;

fn admin<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// A full candidate list whose last candidate is returned; every candidate's bond reserved, and
/// enough invulnerables that a removal keeps the minimum.
fn full_candidate_list<T: Config>() -> Result<T::AccountId, BenchmarkError> {
	let bond = Bonds::<T>::minimum_balance().saturating_mul(100u32.into());
	pallet_collator_selection::CandidacyBond::<T>::put(bond);
	let min = <T as pallet_collator_selection::Config>::MinEligibleCollators::get();
	let invulnerables: Vec<T::AccountId> =
		(0..min).map(|i| account("invulnerable", i, SEED)).collect();
	pallet_collator_selection::Invulnerables::<T>::put(
		BoundedVec::try_from(invulnerables).map_err(|_| "too many invulnerables")?,
	);
	let max = <T as pallet_collator_selection::Config>::MaxCandidates::get();
	let mut candidates = Vec::new();
	for i in 0..max {
		let who: T::AccountId = account("candidate", i, SEED);
		Bonds::<T>::make_free_balance_be(&who, bond.saturating_mul(10u32.into()));
		Bonds::<T>::reserve(&who, bond)?;
		candidates.push(CandidateInfo { who, deposit: bond });
	}
	let last = candidates.last().map(|c| c.who.clone()).ok_or("no candidate")?;
	pallet_collator_selection::CandidateList::<T>::put(
		BoundedVec::try_from(candidates).map_err(|_| "too many candidates")?,
	);
	Ok(last)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: the last of a full candidate list, its bond returned.
	#[benchmark]
	fn remove() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let who = full_candidate_list::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Banned::<T>::contains_key(&who));
		Ok(())
	}

	/// The only path: the ban lifted.
	#[benchmark]
	fn unban() -> Result<(), BenchmarkError> {
		let origin = admin::<T>()?;
		let who: T::AccountId = account("banned", 0, SEED);
		Banned::<T>::insert(&who, frame_system::Pallet::<T>::block_number());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Banned::<T>::contains_key(&who));
		Ok(())
	}

	/// Worst case: the offender validates this session (it is disabled) and is the last of a
	/// full candidate list (its bond slashed, the rest returned).
	#[benchmark]
	fn punish() -> Result<(), BenchmarkError> {
		let who = full_candidate_list::<T>()?;
		let mut validators = pallet_session::Validators::<T>::get();
		validators.push(who.clone());
		for i in 0..3u32 {
			validators.push(account("validator", i, SEED));
		}
		pallet_session::Validators::<T>::put(validators);

		#[block]
		{
			ValidatorSet::<T>::punish(&who, Perbill::from_percent(36), 0);
		}

		assert!(Banned::<T>::contains_key(&who));
		Ok(())
	}

	impl_benchmark_test_suite!(ValidatorSet, crate::mock::ExtBuilder.build(), crate::mock::Test);
}
