//! The [`Credits`] ledger other pallets use: balances, fees, escrow and release. There is no
//! transfer; only burning DPN mints credits.

use crate::*;
use depin_primitives::Credits;

impl<T: Config> Credits<T::AccountId> for Pallet<T> {
	fn balance(who: &T::AccountId) -> CreditBalance {
		CreditAccounts::<T>::get(who).map_or(0, |account| account.spendable)
	}

	fn escrowed(who: &T::AccountId) -> CreditBalance {
		CreditAccounts::<T>::get(who).map_or(0, |account| account.escrowed)
	}

	fn spend(who: &T::AccountId, amount: CreditBalance) -> DispatchResult {
		if amount == 0 {
			return Ok(());
		}
		Self::mutate_credits(who, |account| {
			account.spendable =
				account.spendable.checked_sub(amount).ok_or(CreditsError::InsufficientCredits)?;
			Ok(())
		})?;
		TotalCreditsBurned::<T>::mutate(|total| *total = total.saturating_add(amount));
		Self::deposit_event(Event::CreditsSpent { who: who.clone(), amount });
		Ok(())
	}

	fn escrow(who: &T::AccountId, amount: CreditBalance) -> DispatchResult {
		if amount == 0 {
			return Ok(());
		}
		Self::mutate_credits(who, |account| {
			let spendable =
				account.spendable.checked_sub(amount).ok_or(CreditsError::InsufficientCredits)?;
			let escrowed = account.escrowed.checked_add(amount).ok_or(CreditsError::Overflow)?;
			account.spendable = spendable;
			account.escrowed = escrowed;
			Ok(())
		})?;
		Self::deposit_event(Event::CreditsEscrowed { who: who.clone(), amount });
		Ok(())
	}

	fn release(who: &T::AccountId, amount: CreditBalance) -> DispatchResult {
		if amount == 0 {
			return Ok(());
		}
		Self::mutate_credits(who, |account| {
			let escrowed =
				account.escrowed.checked_sub(amount).ok_or(CreditsError::InsufficientEscrow)?;
			let spendable = account.spendable.checked_add(amount).ok_or(CreditsError::Overflow)?;
			account.spendable = spendable;
			account.escrowed = escrowed;
			Ok(())
		})?;
		Self::deposit_event(Event::CreditsReleased { who: who.clone(), amount });
		Ok(())
	}

	fn burn_escrowed(who: &T::AccountId, amount: CreditBalance) -> DispatchResult {
		if amount == 0 {
			return Ok(());
		}
		Pallet::<T>::burn_escrowed(who, amount)?;
		Self::deposit_event(Event::EscrowBurned { who: who.clone(), amount });
		Ok(())
	}
}
