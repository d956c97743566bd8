//! Usage settlement: credits burned from the payer's escrow, their USD value minted in DPN at the
//! settlement price (the oracle's upper median) to the provider, less the protocol fee to the
//! treasury, under the epoch's settlement mint cap.

use crate::*;
use depin_primitives::Settlement;

impl<T: Config> Pallet<T> {
	/// DPN (base units) worth `credits` at `price`, rounded down.
	pub fn dpn_for(credits: CreditBalance, price: Price) -> Option<u128> {
		multiply_by_rational_with_rounding(
			credits,
			CONVERSION_DIVISOR,
			price.into_inner(),
			Rounding::Down,
		)
	}

	/// Settles `credits` of used services: burns them from `payer`'s escrow and mints their value
	/// at the settlement price (the oracle's upper median) to `provider`, less the protocol fee,
	/// which is minted to the treasury. Every check runs first and the writes run in a storage
	/// layer, so a failure changes nothing.
	///
	/// The fee is left unminted (and reported as zero) in the one case the treasury cannot
	/// receive it: the treasury account does not exist and the fee is below the existential
	/// deposit. The provider is still paid.
	pub(crate) fn do_settle(
		payer: &T::AccountId,
		provider: &T::AccountId,
		credits: CreditBalance,
	) -> Result<Settlement<BalanceOf<T>>, DispatchError> {
		if credits == 0 {
			return Ok(Settlement::default());
		}
		let price = Self::settlement_price()?;
		let escrowed = CreditAccounts::<T>::get(payer).map_or(0, |account| account.escrowed);
		ensure!(escrowed >= credits, CreditsError::InsufficientEscrow);

		let parameters = Parameters::<T>::get();
		let value = Self::dpn_for(credits, price).ok_or(ArithmeticError::Overflow)?;
		let fee = parameters.protocol_fee.mul_floor(value);
		let provider_paid = Self::to_balance(value.saturating_sub(fee))?;
		let treasury = T::TreasuryAccount::get();
		let fee = Self::to_balance(fee)?;
		let fee =
			if T::Currency::can_deposit(&treasury, fee, Provenance::Minted).into_result().is_ok() {
				fee
			} else {
				Zero::zero()
			};

		let minted = Self::to_u128(provider_paid).saturating_add(Self::to_u128(fee));
		let settled = Self::to_u128(SettlementMintedThisEpoch::<T>::get())
			.checked_add(minted)
			.ok_or(Error::<T>::SettlementCapReached)?;
		ensure!(
			settled <= Self::to_u128(parameters.max_settlement_mint_per_epoch),
			Error::<T>::SettlementCapReached
		);
		let settled = Self::to_balance(settled)?;

		frame_support::storage::with_storage_layer(|| -> DispatchResult {
			Self::burn_escrowed(payer, credits)?;
			Self::mint(provider, provider_paid)?;
			Self::mint(&treasury, fee)?;
			SettlementMintedThisEpoch::<T>::put(settled);
			Ok(())
		})?;

		Self::deposit_event(Event::UsageSettled {
			payer: payer.clone(),
			provider: provider.clone(),
			credits,
			provider_paid,
			protocol_fee: fee,
			price,
		});
		Ok(Settlement { credits_burned: credits, provider_paid, protocol_fee: fee })
	}
}
