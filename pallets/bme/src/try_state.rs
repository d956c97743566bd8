//! The pallet's invariants, checked by `try_state` and after every unit test.

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the pallet's storage:
	///
	/// - **Issuance**: `total_issuance + TotalBurned + ExternallyBurned == GenesisIssuance +
	///   TotalMinted`: every DPN minted or burned since genesis is accounted for, by this
	///   pallet or by a [`RecordedBurn`] the runtime routes its other burns through.
	/// - **Credits**: the spendable and escrowed credits of all accounts sum to
	///   [`TotalCreditsMinted`] − [`TotalCreditsBurned`]; no account record is empty.
	/// - **Pools**: every pool pays at most what it holds; [`TotalPoolsPaid`] ≤
	///   [`TotalPoolsEmitted`]; what the pot owes (`TotalPoolsEmitted − TotalPoolsPaid`) is
	///   exactly the unpaid part of the ended pools plus [`Rollover`] plus the
	///   [`DataTransferBudgets`]; the pot holds at least that plus the existential deposit; a
	///   budget exists only for the epoch that just ended, until the next one pays it.
	/// - **Shares**: every pool's `total_shares` and `holders` match [`AccountShares`] while the
	///   epoch runs, and `holders` matches the unpaid entries once it ended; no share entry is
	///   zero or without a pool; pools exist only from [`OldestUnpaidEpoch`] to
	///   [`CurrentEpoch`], and only the current epoch's pools have no size yet.
	/// - **Oracle and parameters**: at most [`Config::MaxFeeders`] distinct feeders, every
	///   submitted price above zero; the parameters within the bounds of [`Config`].
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::try_state_parameters()?;
		Self::try_state_issuance()?;
		Self::try_state_credits()?;
		Self::try_state_pools()?;
		Self::try_state_history()
	}

	/// The history keeps ended epochs only, at most [`EPOCH_HISTORY`] of them, each no later
	/// than the credits and issuance now.
	fn try_state_history() -> Result<(), TryRuntimeError> {
		let current = CurrentEpoch::<T>::get();
		let mut kept = 0u32;
		for (epoch, record) in EpochHistory::<T>::iter() {
			kept += 1;
			ensure!(epoch < current, "a running epoch has a record");
			ensure!(
				epoch.saturating_add(EPOCH_HISTORY) >= current,
				"a record older than the history is kept"
			);
			ensure!(
				record.credits_minted_total <= TotalCreditsMinted::<T>::get(),
				"a record counts credits not minted"
			);
		}
		ensure!(kept <= EPOCH_HISTORY, "more records than the history holds");
		Ok(())
	}

	fn try_state_parameters() -> Result<(), TryRuntimeError> {
		ensure!(
			Self::ensure_parameters_in_bounds(&Parameters::<T>::get()).is_ok(),
			"the parameters are out of bounds"
		);
		let feeders = Feeders::<T>::get();
		for (index, feeder) in feeders.iter().enumerate() {
			ensure!(
				!feeders.iter().skip(index + 1).any(|other| other.account == feeder.account),
				"a feeder is listed twice"
			);
			if let Some(submission) = feeder.submission {
				ensure!(!submission.price.is_zero(), "a submitted price is zero");
			}
		}
		Ok(())
	}

	fn try_state_issuance() -> Result<(), TryRuntimeError> {
		let expected = Self::to_u128(GenesisIssuance::<T>::get())
			.checked_add(Self::to_u128(TotalMinted::<T>::get()))
			.ok_or("genesis issuance plus minted overflows")?;
		let actual = Self::to_u128(T::Currency::total_issuance())
			.checked_add(Self::to_u128(TotalBurned::<T>::get()))
			.and_then(|sum| sum.checked_add(Self::to_u128(ExternallyBurned::<T>::get())))
			.ok_or("issuance plus burned overflows")?;
		ensure!(
			actual <= expected,
			"total issuance is above genesis + minted − burned: DPN was minted outside the books"
		);
		ensure!(
			actual >= expected,
			"total issuance is below genesis + minted − burned: DPN was burned outside the books \
			 (route the burn through RecordedBurn)"
		);
		Ok(())
	}

	fn try_state_credits() -> Result<(), TryRuntimeError> {
		let mut total: CreditBalance = 0;
		for (_, account) in CreditAccounts::<T>::iter() {
			ensure!(!account.is_empty(), "an empty credit account was left behind");
			total = total.checked_add(account.total()).ok_or("the credits overflow")?;
		}
		let outstanding = TotalCreditsMinted::<T>::get()
			.checked_sub(TotalCreditsBurned::<T>::get())
			.ok_or("more credits were burned than minted")?;
		ensure!(
			total == outstanding,
			"the credits held differ from the credits minted less the credits burned"
		);
		Ok(())
	}

	fn try_state_pools() -> Result<(), TryRuntimeError> {
		let current = CurrentEpoch::<T>::get();
		let oldest = OldestUnpaidEpoch::<T>::get();
		ensure!(oldest <= current, "OldestUnpaidEpoch is after CurrentEpoch");

		// Per pool: (shares, entries) counted from the share map.
		let mut counted: BTreeMap<(EpochIndex, RewardPool), (Shares, u32)> = BTreeMap::new();
		for (key, _, shares) in AccountShares::<T>::iter() {
			ensure!(shares > 0, "a share entry is zero");
			let (total, entries) = counted.entry(key).or_insert((0, 0));
			*total = total.checked_add(shares).ok_or("the shares overflow")?;
			*entries = entries.checked_add(1).ok_or("the share entries overflow")?;
		}

		let mut owed: u128 = 0;
		for ((epoch, pool), info) in Pools::<T>::iter() {
			ensure!(
				epoch >= oldest && epoch <= current,
				"a pool exists for an epoch that is fully paid or has not started"
			);
			ensure!(info.paid <= info.amount, "a pool paid more than it holds");
			let (shares, entries) = counted.remove(&(epoch, pool)).unwrap_or((0, 0));
			ensure!(info.holders == entries, "a pool's holders differ from its share entries");
			if epoch < current && pool == RewardPool::DataTransfer {
				ensure!(
					Self::to_u128(info.amount) <= info.total_shares,
					"a data-transfer pool pays more than the rewards noted in it"
				);
			}
			if epoch == current {
				ensure!(info.amount.is_zero(), "the running epoch's pool already has a size");
				ensure!(
					info.total_shares == shares,
					"a running pool's total shares differ from its share entries"
				);
				ensure!(info.total_shares > 0, "a running pool has no shares");
			} else {
				ensure!(
					shares <= info.total_shares,
					"an ended pool's unpaid shares exceed its total shares"
				);
				owed = owed
					.checked_add(Self::to_u128(info.amount.saturating_sub(info.paid)))
					.ok_or("the pools overflow")?;
			}
		}
		ensure!(counted.is_empty(), "share entries exist for a pool that does not");

		let rollover = Rollover::<T>::get();
		for pool in POOLS {
			owed = owed.checked_add(Self::to_u128(rollover.get(pool))).ok_or("overflow")?;
		}
		for (epoch, budget) in DataTransferBudgets::<T>::iter() {
			ensure!(epoch < current, "a data-transfer budget was set aside for a running epoch");
			ensure!(
				epoch.saturating_add(1) >= current,
				"a data-transfer budget outlived the epoch that pays it"
			);
			ensure!(!budget.is_zero(), "a data-transfer budget is zero");
			owed = owed.checked_add(Self::to_u128(budget)).ok_or("overflow")?;
		}
		let emitted = Self::to_u128(TotalPoolsEmitted::<T>::get());
		let paid = Self::to_u128(TotalPoolsPaid::<T>::get());
		ensure!(paid <= emitted, "the pools paid more than was emitted into them");
		ensure!(
			emitted.saturating_sub(paid) == owed,
			"what the pot owes differs from the unpaid pools plus the rollover"
		);
		let pot = Self::to_u128(T::Currency::balance(&Self::pot_account()));
		let minimum = Self::to_u128(T::Currency::minimum_balance());
		ensure!(
			pot >= owed.saturating_add(minimum),
			"the pot holds less than it owes plus the existential deposit"
		);
		Ok(())
	}
}
