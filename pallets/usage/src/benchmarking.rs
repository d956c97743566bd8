//! Benchmarks of the usage calls and hooks (frame-benchmarking v2).
//!
//! Keys are sr25519 (the slower scheme to verify), generated in the benchmark keystore. The
//! worst case of a report has every session of its own payer and its own hotspot in its own hex
//! (so each burns its own escrow and writes its own payer, traffic record, usage entry and
//! hex-demand entry, all new this epoch); noting has every hotspot of its own owner.

#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::Pallet as Usage;
use alloc::vec::Vec;
use depin_primitives::{genesis_hash, payloads::DataSessionFields, DeviceSignature};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::{BoundedVec, TransactionSource},
	traits::{Authorize, EnsureOrigin},
};
use frame_system::RawOrigin;
use sp_core::{crypto::KeyTypeId, sr25519};
use sp_runtime::traits::UniqueSaturatedInto;

const SEED: u32 = 0;
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"dpin");
/// A resolution-12 cell (the Statue of Liberty); the benchmarks' cells vary its digits at
/// resolutions 5 to 8.
const HOME: H3Cell = H3Cell(0x08c2a1072b59b9ff);
/// A gigabyte.
const GB: u64 = 1_000_000_000;

fn new_key() -> (sr25519::Public, DeviceKey) {
	let public = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
	(public, DeviceKey::Sr25519(public.0))
}

fn sign(public: &sr25519::Public, message: &[u8]) -> Result<DeviceSignature, BenchmarkError> {
	sp_io::crypto::sr25519_sign(KEY_TYPE, public, message)
		.map(|signature| DeviceSignature::Sr25519(signature.0))
		.ok_or(BenchmarkError::Stop("the benchmark keystore cannot sign"))
}

/// Cell `i`: `HOME` with the digits of resolutions 5 to 8 set from `i` in base 7, so cells
/// `0..2401` have distinct resolution-8 parents.
fn cell(i: u32) -> H3Cell {
	let mut raw = HOME.raw();
	let mut rest = u64::from(i);
	for resolution in (5u8..=8).rev() {
		let offset = (15 - u64::from(resolution)) * 3;
		raw = (raw & !(0b111 << offset)) | ((rest % 7) << offset);
		rest /= 7;
	}
	H3Cell(raw)
}

/// An approved payer whose account has `escrow` credits escrowed, with an unlimited epoch
/// limit; returns its id and routing key.
fn payer<T: Config>(escrow: CreditBalance) -> Result<(PayerId, sr25519::Public), BenchmarkError> {
	numbered_payer::<T>(0, escrow)
}

/// Payer `index` (its own account) as [`payer`] makes it.
fn numbered_payer<T: Config>(
	index: u32,
	escrow: CreditBalance,
) -> Result<(PayerId, sr25519::Public), BenchmarkError> {
	let account: T::AccountId = account("payer", index, SEED);
	let (public, key) = new_key();
	T::BenchmarkHelper::fund_credits(&account, escrow);
	let price = TrafficPrice { per_gb: Parameters::<T>::get().min_price_per_gb, per_packet: 1 };
	let name = ShortString::truncate_from(b"carrier".to_vec());
	let id =
		Usage::<T>::do_approve_payer(account.clone(), key, name, Zero::zero(), price, u128::MAX)
			.map_err(|_| "the payer is approved")?;
	Usage::<T>::do_escrow_credits(&account, id, escrow).map_err(|_| "the escrow is funded")?;
	Ok((id, public))
}

/// Sessions `first..first + n`, each of its own new hotspot (of its own owner) in its own hex,
/// for the `payers` in turn, signed by the hotspot's and the payer's keys.
fn sessions<T: Config>(
	first: u32,
	n: u32,
	payers: &[(PayerId, sr25519::Public)],
) -> Result<BoundedVec<SignedSession, T::MaxSessionsPerReport>, BenchmarkError> {
	let now: u64 = frame_system::Pallet::<T>::block_number().unique_saturated_into();
	let genesis = genesis_hash::<T>();
	let mut signed = Vec::new();
	for i in first..first.saturating_add(n) {
		let owner: T::AccountId = account("owner", i, SEED);
		let (public, key) = new_key();
		let hotspot = T::BenchmarkHelper::register_hotspot(&owner, key, cell(i));
		let (payer, router) =
			payers.get(i as usize % payers.len().max(1)).ok_or(BenchmarkError::Stop("a payer"))?;
		let payer = *payer;
		let session = DataSessionFields {
			hotspot,
			payer,
			session_id: u128::from(i).to_le_bytes(),
			period: (now.saturating_sub(2), now.saturating_sub(1)),
			bytes_up: GB,
			bytes_down: GB,
			packets: 1_000,
		};
		signed.push(SignedSession {
			session,
			hotspot_signature: sign(&public, &session.payload(&genesis))?,
			payer_signature: sign(router, &session.countersign_payload(&genesis))?,
		});
	}
	BoundedVec::try_from(signed).map_err(|_| BenchmarkError::Stop("n is within the bound"))
}

/// A report of `n` sessions, ready to submit at a block where the sessions have ended: each of
/// its own payer as far as `MaxPayers` allows (each payer's escrow burned and traffic written
/// once a report).
fn report<T: Config>(
	n: u32,
) -> Result<BoundedVec<SignedSession, T::MaxSessionsPerReport>, BenchmarkError> {
	frame_system::Pallet::<T>::set_block_number(10u32.into());
	let payers = (0..n.clamp(1, T::MaxPayers::get()))
		.map(|index| numbered_payer::<T>(index, 1_000_000_000_000))
		.collect::<Result<Vec<_>, _>>()?;
	sessions::<T>(0, n, &payers)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: `n` sessions, each of a new hotspot in a new hex; the signatures were
	/// verified at authorization.
	#[benchmark]
	fn submit_sessions(
		n: Linear<1, { T::MaxSessionsPerReport::get() }>,
	) -> Result<(), BenchmarkError> {
		let sessions = report::<T>(n)?;

		#[extrinsic_call]
		_(RawOrigin::Authorized, sessions);

		let epoch = Usage::<T>::current_epoch();
		assert_eq!(EpochTotals::<T>::get(epoch).map(|totals| totals.sessions), Some(n));
		Ok(())
	}

	/// Every rule of `n` sessions and their 2 `n` signatures, verified in one batch.
	#[benchmark]
	fn authorize_submit_sessions(
		n: Linear<1, { T::MaxSessionsPerReport::get() }>,
	) -> Result<(), BenchmarkError> {
		let sessions = report::<T>(n)?;
		let call = Call::<T>::submit_sessions { sessions };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("submit_sessions has an authorize function")?
				.map_err(|_| "the sessions are valid")?;
		}

		Ok(())
	}

	#[benchmark]
	fn approve_payer() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let account: T::AccountId = account("payer", 0, SEED);
		let (_, key) = new_key();
		let price = TrafficPrice { per_gb: Parameters::<T>::get().min_price_per_gb, per_packet: 1 };
		let name = ShortString::truncate_from(alloc::vec![b'x'; 32]);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, account, key, name, Zero::zero(), price, 1_000u128);

		assert!(Payers::<T>::contains_key(0));
		Ok(())
	}

	#[benchmark]
	fn suspend_payer() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (id, _) = payer::<T>(1_000)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert_eq!(Payers::<T>::get(id).map(|info| info.status), Some(PayerStatus::Suspended));
		Ok(())
	}

	/// Worst case: the escrow is released (the bond is not: holds are the same either way).
	#[benchmark]
	fn revoke_payer() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (id, _) = payer::<T>(1_000)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, None);

		assert_eq!(Payers::<T>::get(id).map(|info| info.status), Some(PayerStatus::Revoked));
		Ok(())
	}

	#[benchmark]
	fn set_payer_limit() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let (id, _) = payer::<T>(1_000)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, 5u128);

		assert_eq!(Payers::<T>::get(id).map(|info| info.epoch_limit), Some(5));
		Ok(())
	}

	/// A cut, announced for later (the longer path).
	#[benchmark]
	fn set_price() -> Result<(), BenchmarkError> {
		let (id, _) = payer::<T>(1_000)?;
		let account: T::AccountId = account("payer", 0, SEED);
		let price = TrafficPrice { per_gb: Parameters::<T>::get().min_price_per_gb, per_packet: 0 };

		#[extrinsic_call]
		_(RawOrigin::Signed(account), id, price);

		assert!(Payers::<T>::get(id).is_some_and(|info| info.next_price.is_some()));
		Ok(())
	}

	#[benchmark]
	fn escrow_credits() -> Result<(), BenchmarkError> {
		let (id, _) = payer::<T>(1_000)?;
		let account: T::AccountId = account("payer", 0, SEED);
		T::BenchmarkHelper::fund_credits(&account, 1_000);

		#[extrinsic_call]
		_(RawOrigin::Signed(account), id, 1_000u128);

		assert_eq!(Payers::<T>::get(id).map(|info| info.escrow), Some(2_000));
		Ok(())
	}

	#[benchmark]
	fn unlock_escrow() -> Result<(), BenchmarkError> {
		let (id, _) = payer::<T>(1_000)?;
		let account: T::AccountId = account("payer", 0, SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(account), id, 1_000u128);

		assert!(Payers::<T>::get(id).is_some_and(|info| info.unlocking.is_some()));
		Ok(())
	}

	#[benchmark]
	fn withdraw_escrow() -> Result<(), BenchmarkError> {
		let (id, _) = payer::<T>(1_000)?;
		let account: T::AccountId = account("payer", 0, SEED);
		Usage::<T>::do_unlock_escrow(&account, id, 1_000).map_err(|_| "unlocking")?;
		let later = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::MaxSessionAge::get())
			.saturating_add(1u32.into());
		frame_system::Pallet::<T>::set_block_number(later);

		#[extrinsic_call]
		_(RawOrigin::Signed(account), id);

		assert_eq!(Payers::<T>::get(id).map(|info| info.escrow), Some(0));
		Ok(())
	}

	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let parameters = UsageParameters { demand_resolution: 7, ..UsageParameters::testnet() };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, parameters);

		assert_eq!(Parameters::<T>::get(), parameters);
		Ok(())
	}

	/// Fixing an ended epoch's basis (its totals, budget and the price read).
	#[benchmark]
	fn fix_basis() -> Result<(), BenchmarkError> {
		let sessions = report::<T>(1)?;
		Usage::<T>::do_submit_sessions(&sessions, true).map_err(|_| "the report is valid")?;
		T::BenchmarkHelper::end_epoch(1_000_000_000_000);
		let epoch = Usage::<T>::current_epoch().saturating_sub(1);

		#[block]
		{
			Usage::<T>::fix_basis(epoch).ok_or("a basis")?;
		}

		assert!(Noting::<T>::get().is_some());
		Ok(())
	}

	/// Worst case: `n` hotspots of `n` owners noted in one block, the basis fixed already. From
	/// one hotspot on, so every sample takes the same path (the CLI's proof-size analysis of a
	/// storage item needs two values of `n`; without a hotspot there is no basis to read).
	#[benchmark]
	fn note_rewards(n: Linear<1, { T::MaxNotedPerBlock::get() }>) -> Result<(), BenchmarkError> {
		frame_system::Pallet::<T>::set_block_number(10u32.into());
		let payers = [payer::<T>(1_000_000_000_000_000)?];
		let per_report = T::MaxSessionsPerReport::get().max(1);
		let mut done = 0u32;
		while done < n {
			let batch = per_report.min(n - done);
			let report = sessions::<T>(done, batch, &payers)?;
			Usage::<T>::do_submit_sessions(&report, true).map_err(|_| "the report is valid")?;
			done += batch;
		}
		T::BenchmarkHelper::end_epoch(1_000_000_000_000);
		let epoch = Usage::<T>::current_epoch().saturating_sub(1);
		Usage::<T>::fix_basis(epoch).ok_or("a basis")?;

		#[block]
		{
			Usage::<T>::note_rewards();
		}

		assert_eq!(NextToNote::<T>::get(), Usage::<T>::current_epoch());
		Ok(())
	}

	/// `n` replay keys of an expired bucket removed.
	#[benchmark]
	fn prune(n: Linear<0, { T::MaxPrunedPerBlock::get() }>) -> Result<(), BenchmarkError> {
		for i in 0..n {
			Seen::<T>::insert(0, (0, (i as u128).to_le_bytes()), ());
		}
		let age: u64 = T::MaxSessionAge::get().unique_saturated_into();
		let later: u64 = age.saturating_mul(3);
		frame_system::Pallet::<T>::set_block_number(later.unique_saturated_into());

		#[block]
		{
			Usage::<T>::prune();
		}

		assert_eq!(Seen::<T>::iter_prefix(0).count(), 0);
		Ok(())
	}

	impl_benchmark_test_suite!(Usage, crate::mock::ExtBuilder.build(), crate::mock::Test);
}
