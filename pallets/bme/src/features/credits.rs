//! Credits: bought by burning DPN at the credit price (the oracle's lower median), under the
//! circuit breaker; kept per account as spendable and escrowed, never transferable.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Credits `amount` DPN buys at `price`, rounded down.
	pub fn credits_for(amount: BalanceOf<T>, price: Price) -> Option<CreditBalance> {
		multiply_by_rational_with_rounding(
			Self::to_u128(amount),
			price.into_inner(),
			CONVERSION_DIVISOR,
			Rounding::Down,
		)
	}

	/// Credits `amount` DPN would buy now, at the credit price.
	pub fn quote_credits(amount: BalanceOf<T>) -> Result<CreditBalance, DispatchError> {
		let price = Self::credit_price()?;
		Ok(Self::credits_for(amount, price).ok_or(ArithmeticError::Overflow)?)
	}

	/// Burns `amount` DPN from `payer` and mints the credits it buys at the credit price
	/// to `beneficiary`. Every check runs before anything is burned or minted. Returns the
	/// credits minted.
	pub(crate) fn do_burn_for_credits(
		payer: T::AccountId,
		beneficiary: T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<CreditBalance, DispatchError> {
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let price = Self::credit_price()?;
		let credits = Self::credits_for(amount, price).ok_or(ArithmeticError::Overflow)?;
		ensure!(credits > 0, Error::<T>::BelowOneCredit);

		// The circuit breaker, checked before the burn.
		let window = Self::credit_window_after(credits)?;

		// A credit record is only opened for an account that exists (it paid the existential
		// deposit): the deposit that stands for the storage, as for every account.
		let account = CreditAccounts::<T>::get(&beneficiary);
		ensure!(
			account.is_some() || frame_system::Pallet::<T>::account_exists(&beneficiary),
			Error::<T>::UnknownBeneficiary
		);
		let mut account = account.unwrap_or_default();
		account.spendable =
			account.spendable.checked_add(credits).ok_or(ArithmeticError::Overflow)?;
		let minted =
			TotalCreditsMinted::<T>::get().checked_add(credits).ok_or(ArithmeticError::Overflow)?;

		let burned = T::Currency::burn_from(
			&payer,
			amount,
			Preservation::Preserve,
			Precision::Exact,
			Fortitude::Polite,
		)
		.map_err(|_| Error::<T>::InsufficientBalance)?;

		CreditAccounts::<T>::insert(&beneficiary, account);
		TotalCreditsMinted::<T>::put(minted);
		CreditMintWindow::<T>::put(window);
		TotalBurned::<T>::mutate(|total| *total = total.saturating_add(burned));
		BurnedThisEpoch::<T>::mutate(|total| *total = total.saturating_add(burned));

		Self::deposit_event(Event::CreditsBought { payer, beneficiary, burned, credits, price });
		Ok(credits)
	}

	/// The circuit breaker's window once `credits` more are minted now, or
	/// [`Error::CircuitBreakerTripped`] when the sliding window would pass
	/// `max_credits_per_window`.
	pub(crate) fn credit_window_after(credits: CreditBalance) -> Result<MintWindow, Error<T>> {
		let now: u64 = frame_system::Pallet::<T>::block_number().unique_saturated_into();
		let window: u64 = T::CreditWindow::get().unique_saturated_into();
		let bucket_length = (window / CREDIT_WINDOW_BUCKETS as u64).max(1);
		let mut minted = CreditMintWindow::<T>::get().at(now / bucket_length);
		let total = minted.total().checked_add(credits).ok_or(Error::<T>::CircuitBreakerTripped)?;
		ensure!(
			total <= Parameters::<T>::get().max_credits_per_window,
			Error::<T>::CircuitBreakerTripped
		);
		minted.add(credits);
		Ok(minted)
	}

	/// Changes `who`'s credit account with `change`, writing nothing when it fails; an account
	/// left without credits is removed.
	pub(crate) fn mutate_credits<R>(
		who: &T::AccountId,
		change: impl FnOnce(&mut CreditAccount) -> Result<R, CreditsError>,
	) -> Result<R, CreditsError> {
		let mut account = CreditAccounts::<T>::get(who).unwrap_or_default();
		let result = change(&mut account)?;
		if account.is_empty() {
			CreditAccounts::<T>::remove(who);
		} else {
			CreditAccounts::<T>::insert(who, account);
		}
		Ok(result)
	}

	/// Burns `amount` credits from `who`'s escrow (usage settlement).
	pub(crate) fn burn_escrowed(who: &T::AccountId, amount: CreditBalance) -> DispatchResult {
		Self::mutate_credits(who, |account| {
			account.escrowed =
				account.escrowed.checked_sub(amount).ok_or(CreditsError::InsufficientEscrow)?;
			Ok(())
		})?;
		TotalCreditsBurned::<T>::mutate(|total| *total = total.saturating_add(amount));
		Ok(())
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// Gives `who` `amount` spendable credits, recorded as minted so the ledger's invariant holds.
	/// For other pallets' benchmarks, which need credits without a price feed.
	pub fn benchmark_fund_credits(who: &T::AccountId, amount: CreditBalance) {
		let mut account = CreditAccounts::<T>::get(who).unwrap_or_default();
		account.spendable = account.spendable.saturating_add(amount);
		CreditAccounts::<T>::insert(who, account);
		TotalCreditsMinted::<T>::mutate(|total| *total = total.saturating_add(amount));
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// Makes `price` (USD per DPN) the price in force: enough feeders are added and each submits
	/// it at the current block. For other pallets' benchmarks, which need a settlement price.
	pub fn benchmark_set_price(price: Price) -> DispatchResult {
		let needed = Self::parameters().min_feeders.max(1);
		for i in 0..needed {
			let feeder: T::AccountId = frame_benchmarking::account("bme-feeder", i, 0);
			if !Feeders::<T>::get().iter().any(|record| record.account == feeder) {
				Self::do_add_feeder(feeder.clone())?;
			}
			Self::do_submit_price(feeder, price)?;
		}
		Ok(())
	}
}
