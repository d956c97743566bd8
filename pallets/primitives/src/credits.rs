//! Credits: the non-transferable, dollar-pegged unit customers spend on the network's services.

use sp_runtime::{ArithmeticError, DispatchError, DispatchResult, TokenError};

/// An amount of credits: an integer count, 1 credit = 0.00001 USD (100,000 credits = 1 USD).
pub type CreditBalance = u128;

/// Why a credit operation failed. Implementations of [`Credits`] return these converted into a
/// [`DispatchError`] (or their own module errors with the same meaning); callers that want a
/// named error of their own check first with [`Credits::ensure_can_spend`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CreditsError {
	/// The account has fewer spendable credits than the amount.
	InsufficientCredits,
	/// The account has fewer escrowed credits than the amount.
	InsufficientEscrow,
	/// A balance would overflow.
	Overflow,
}

impl From<CreditsError> for DispatchError {
	fn from(error: CreditsError) -> Self {
		match error {
			CreditsError::InsufficientCredits | CreditsError::InsufficientEscrow => {
				DispatchError::Token(TokenError::FundsUnavailable)
			}
			CreditsError::Overflow => DispatchError::Arithmetic(ArithmeticError::Overflow),
		}
	}
}

/// The credits ledger, kept by the BME pallet and used by the registry (fees) and leases
/// (escrow).
///
/// Credits are minted only by burning DPN (in the BME pallet) and never move between accounts:
/// there is deliberately no `transfer`. An account's credits are either spendable or escrowed.
/// Every write either succeeds completely or changes nothing.
pub trait Credits<AccountId> {
	/// The spendable (not escrowed) credits of `who`.
	fn balance(who: &AccountId) -> CreditBalance;

	/// The escrowed credits of `who`.
	fn escrowed(who: &AccountId) -> CreditBalance;

	/// Whether `who` could spend `amount` now.
	fn ensure_can_spend(who: &AccountId, amount: CreditBalance) -> Result<(), CreditsError> {
		if Self::balance(who) >= amount {
			Ok(())
		} else {
			Err(CreditsError::InsufficientCredits)
		}
	}

	/// Burns `amount` of `who`'s spendable credits, as a fee. Fails with an insufficient-credits
	/// error, changing nothing, when `who` has fewer.
	fn spend(who: &AccountId, amount: CreditBalance) -> DispatchResult;

	/// Moves `amount` of `who`'s spendable credits into escrow (for example to fund a lease).
	/// Fails with an insufficient-credits error, changing nothing, when `who` has fewer.
	fn escrow(who: &AccountId, amount: CreditBalance) -> DispatchResult;

	/// Moves `amount` of `who`'s escrowed credits back to spendable. Fails with an
	/// insufficient-escrow error, changing nothing, when fewer are escrowed.
	fn release(who: &AccountId, amount: CreditBalance) -> DispatchResult;

	/// Burns `amount` of `who`'s escrowed credits, for services delivered (a payer's data
	/// transfer). Fails with an insufficient-escrow error, changing nothing, when fewer are
	/// escrowed.
	fn burn_escrowed(who: &AccountId, amount: CreditBalance) -> DispatchResult;
}

/// Nobody has credits: balances are zero, spending or escrowing zero succeeds, anything more
/// fails.
impl<AccountId> Credits<AccountId> for () {
	fn balance(_: &AccountId) -> CreditBalance {
		0
	}
	fn escrowed(_: &AccountId) -> CreditBalance {
		0
	}
	fn spend(_: &AccountId, amount: CreditBalance) -> DispatchResult {
		if amount == 0 {
			Ok(())
		} else {
			Err(CreditsError::InsufficientCredits.into())
		}
	}
	fn escrow(_: &AccountId, amount: CreditBalance) -> DispatchResult {
		if amount == 0 {
			Ok(())
		} else {
			Err(CreditsError::InsufficientCredits.into())
		}
	}
	fn release(_: &AccountId, amount: CreditBalance) -> DispatchResult {
		if amount == 0 {
			Ok(())
		} else {
			Err(CreditsError::InsufficientEscrow.into())
		}
	}
	fn burn_escrowed(who: &AccountId, amount: CreditBalance) -> DispatchResult {
		<() as Credits<AccountId>>::release(who, amount)
	}
}
