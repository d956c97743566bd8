//! Benchmarks of the BME pallet's calls and hooks (frame-benchmarking v2).
//!
//! Every benchmark runs with [`Config::MaxFeeders`] feeders that all submitted a fresh price
//! (the price computation sorts them), and with the loosest parameters the bounds allow, so no
//! limit cuts a path short.

#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::Pallet as Bme;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Hooks};
use frame_system::RawOrigin;

const SEED: u32 = 0;

fn governance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

/// `whole` DPN.
fn dpn<T: Config>(whole: u128) -> BalanceOf<T> {
	whole.saturating_mul(DPN).saturated_into()
}

/// An account holding `whole` DPN plus a thousand existential deposits.
fn funded<T: Config>(name: &'static str, index: u32, whole: u128) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	let amount = dpn::<T>(whole)
		.saturating_add(T::Currency::minimum_balance().saturating_mul(1_000u32.into()));
	T::Currency::set_balance(&who, amount);
	who
}

/// The loosest parameters within the bounds; every feeder's submission is needed for a price.
fn open_parameters<T: Config>() -> ParametersOf<T> {
	let parameters = BmeParameters {
		max_price_age: T::MaxPriceAgeLimit::get(),
		min_feeders: T::MaxFeeders::get(),
		max_price_spread: Perbill::from_percent(10),
		max_credits_per_window: T::MaxCreditsPerWindowLimit::get(),
		epoch_length: T::MaxEpochLength::get(),
		initial_emission: T::MaxEmissionPerEpoch::get(),
		halving_interval: EpochIndex::MAX,
		split: PoolSplit::testnet(),
		net_emissions_cap: T::MaxEmissionPerEpoch::get(),
		protocol_fee: T::MaxProtocolFee::get(),
		max_settlement_mint_per_epoch: T::MaxSettlementMintLimit::get(),
		data_transfer_remainder: DataTransferRemainder::Treasury,
	};
	Parameters::<T>::put(parameters);
	parameters
}

/// Replaces the feeders with `count` new ones (`feeder` 0..count).
fn feeders<T: Config>(count: u32) -> Result<Vec<T::AccountId>, BenchmarkError> {
	Feeders::<T>::kill();
	let mut accounts = Vec::new();
	for index in 0..count {
		let feeder: T::AccountId = account("feeder", index, SEED);
		Bme::<T>::do_add_feeder(feeder.clone())
			.map_err(|_| BenchmarkError::Stop("a feeder could not be added"))?;
		accounts.push(feeder);
	}
	Ok(accounts)
}

/// [`Config::MaxFeeders`] feeders, each with a fresh $1.00 submission.
fn priced<T: Config>() -> Result<(), BenchmarkError> {
	for feeder in feeders::<T>(T::MaxFeeders::get())? {
		Bme::<T>::do_submit_price(feeder, Price::from_u32(1))
			.map_err(|_| BenchmarkError::Stop("a price could not be submitted"))?;
	}
	Ok(())
}

/// Ends the current epoch with `holders` accounts holding shares in both pools; returns them.
fn ended_epoch<T: Config>(holders: u32) -> Result<(EpochIndex, Vec<T::AccountId>), BenchmarkError> {
	open_parameters::<T>();
	let epoch = CurrentEpoch::<T>::get();
	let mut accounts = Vec::new();
	for index in 0..holders {
		let who: T::AccountId = account("holder", index, SEED);
		for pool in POOLS {
			Bme::<T>::do_note_shares(pool, epoch, &who, 1_000)
				.map_err(|_| BenchmarkError::Stop("shares could not be noted"))?;
		}
		accounts.push(who);
	}
	Bme::<T>::end_epoch();
	Ok((epoch, accounts))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: the list is one short of full, so the duplicate scan reads every feeder.
	#[benchmark]
	fn add_feeder() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		feeders::<T>(T::MaxFeeders::get().saturating_sub(1))?;
		let feeder: T::AccountId = account("new feeder", 0, SEED);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::Lookup::unlookup(feeder.clone()));

		assert!(Feeders::<T>::get().iter().any(|record| record.account == feeder));
		Ok(())
	}

	/// Worst case: the list is full and the last feeder is removed.
	#[benchmark]
	fn remove_feeder() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let accounts = feeders::<T>(T::MaxFeeders::get())?;
		let feeder = accounts.last().cloned().ok_or(BenchmarkError::Stop("no feeders"))?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, T::Lookup::unlookup(feeder.clone()));

		assert!(!Feeders::<T>::get().iter().any(|record| record.account == feeder));
		Ok(())
	}

	/// Worst case: the list is full and the last feeder submits.
	#[benchmark]
	fn submit_price() -> Result<(), BenchmarkError> {
		let accounts = feeders::<T>(T::MaxFeeders::get())?;
		let feeder = accounts.last().cloned().ok_or(BenchmarkError::Stop("no feeders"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(feeder), Price::from_u32(2));

		assert!(Feeders::<T>::get()
			.iter()
			.any(|record| record.submission.map(|s| s.price) == Some(Price::from_u32(2))));
		Ok(())
	}

	/// Worst case: every feeder's submission is fresh (all sorted for the median), the credits
	/// go to a new beneficiary, and the circuit breaker's window slid by every bucket but one
	/// (each emptied).
	#[benchmark]
	fn burn_for_credits() -> Result<(), BenchmarkError> {
		open_parameters::<T>();
		// Late enough that a full window of buckets lies behind.
		let late = T::CreditWindow::get().saturating_mul(2u32.into());
		frame_system::Pallet::<T>::set_block_number(late);
		priced::<T>()?;
		let payer = funded::<T>("payer", 0, 10);
		// An account with no credits yet (a new record), which exists as credit accounts must.
		let beneficiary = funded::<T>("beneficiary", 0, 0);
		let now: u64 = frame_system::Pallet::<T>::block_number().unique_saturated_into();
		let window: u64 = T::CreditWindow::get().unique_saturated_into();
		let bucket_length = (window / CREDIT_WINDOW_BUCKETS as u64).max(1);
		let buckets = CREDIT_WINDOW_BUCKETS as u64;
		CreditMintWindow::<T>::put(MintWindow {
			bucket: (now / bucket_length).saturating_sub(buckets - 1),
			minted: [1; CREDIT_WINDOW_BUCKETS],
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(payer), dpn::<T>(1), Some(T::Lookup::unlookup(beneficiary.clone())));

		assert!(CreditAccounts::<T>::get(&beneficiary).is_some_and(|a| a.spendable > 0));
		Ok(())
	}

	/// Worst case: the reward creates the claimer's account.
	#[benchmark]
	fn claim_rewards() -> Result<(), BenchmarkError> {
		let (epoch, holders) = ended_epoch::<T>(2)?;
		let claimer = holders.first().cloned().ok_or(BenchmarkError::Stop("no holders"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(claimer.clone()), epoch, RewardPool::Coverage);

		assert!(AccountShares::<T>::get((epoch, RewardPool::Coverage), &claimer).is_none());
		Ok(())
	}

	/// The only case: bounds checked and one value written.
	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let parameters = open_parameters::<T>();
		Parameters::<T>::kill();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, parameters);

		assert_eq!(Parameters::<T>::get(), parameters);
		Ok(())
	}

	/// A block that does not end an epoch: the parameters are read and nothing else happens.
	#[benchmark]
	fn on_initialize_idle() -> Result<(), BenchmarkError> {
		let parameters = open_parameters::<T>();
		let block = parameters.epoch_length.saturating_add(1u32.into());
		let epoch = CurrentEpoch::<T>::get();

		#[block]
		{
			Bme::<T>::on_initialize(block);
		}

		assert_eq!(CurrentEpoch::<T>::get(), epoch);
		Ok(())
	}

	/// Worst case of an epoch's end: every pool has shares and a rollover, the data-transfer
	/// pool pays from the previous epoch's budget and sends what it leaves to the treasury (a
	/// transfer), DPN burned in the previous epoch is re-minted, and the validators' and
	/// treasury's accounts are created.
	#[benchmark]
	fn on_initialize_epoch() -> Result<(), BenchmarkError> {
		// The testnet split has a data-transfer part; the remainder goes to the treasury.
		let parameters = open_parameters::<T>();
		let epoch = CurrentEpoch::<T>::get().max(1);
		CurrentEpoch::<T>::put(epoch);
		OldestUnpaidEpoch::<T>::put(epoch);
		let holder: T::AccountId = account("holder", 0, SEED);
		for pool in POOLS {
			Bme::<T>::do_note_shares(pool, epoch, &holder, 1_000)
				.map_err(|_| BenchmarkError::Stop("shares could not be noted"))?;
		}
		// A rollover as a completed epoch would have left it, and the previous epoch's
		// data-transfer budget: already in the pot.
		let rollover = dpn::<T>(1);
		let budget = dpn::<T>(2);
		let all = rollover.saturating_mul(4u32.into()).saturating_add(budget);
		T::Currency::mint_into(&Bme::<T>::pot_account(), all)
			.map_err(|_| BenchmarkError::Stop("the pot could not be funded"))?;
		TotalMinted::<T>::mutate(|total| *total = total.saturating_add(all));
		TotalPoolsEmitted::<T>::mutate(|total| *total = total.saturating_add(all));
		Rollover::<T>::put(PerPool {
			coverage: rollover,
			compute_availability: rollover,
			validators: rollover,
			data_transfer: rollover,
		});
		DataTransferBudgets::<T>::insert(epoch.saturating_sub(1), budget);
		BurnedLastEpoch::<T>::put(dpn::<T>(1));
		let block = parameters.epoch_length;

		#[block]
		{
			Bme::<T>::on_initialize(block);
		}

		assert_eq!(CurrentEpoch::<T>::get(), epoch.saturating_add(1));
		let pool = Pools::<T>::get((epoch, RewardPool::Coverage));
		assert!(pool.is_some_and(|pool| !pool.amount.is_zero()));
		assert!(DataTransferBudgets::<T>::get(epoch).is_some());
		Ok(())
	}

	/// One payout by `on_idle`, creating the receiver's account.
	#[benchmark]
	fn on_idle_payout() -> Result<(), BenchmarkError> {
		let (epoch, _) = ended_epoch::<T>(2)?;
		let mut meter = WeightMeter::new();

		#[block]
		{
			Bme::<T>::process_payouts(&mut meter, 1);
		}

		assert_eq!(Pools::<T>::get((epoch, RewardPool::Coverage)).map(|p| p.holders), Some(1));
		Ok(())
	}

	/// Completing a fully paid epoch: both pools are removed and the rollover rewritten.
	#[benchmark]
	fn on_idle_complete_epoch() -> Result<(), BenchmarkError> {
		let (epoch, holders) = ended_epoch::<T>(1)?;
		for who in holders {
			for pool in POOLS {
				Bme::<T>::do_claim_rewards(who.clone(), epoch, pool)
					.map_err(|_| BenchmarkError::Stop("a reward could not be claimed"))?;
			}
		}
		OldestUnpaidEpoch::<T>::put(epoch);
		let mut meter = WeightMeter::new();

		#[block]
		{
			Bme::<T>::process_payouts(&mut meter, 1);
		}

		assert_eq!(OldestUnpaidEpoch::<T>::get(), epoch.saturating_add(1));
		assert!(Pools::<T>::get((epoch, RewardPool::Coverage)).is_none());
		Ok(())
	}

	impl_benchmark_test_suite!(Bme, crate::mock::ExtBuilder::default().build(), crate::mock::Test);
}
