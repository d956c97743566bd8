//! Burns outside this pallet that the issuance invariant must know about.

use crate::*;
use frame_support::traits::{fungible::Credit, Imbalance as _, OnUnbalanced};

/// An [`OnUnbalanced`] handler that burns the DPN it is given and counts it in
/// [`ExternallyBurned`], so `try_state` can check total issuance exactly.
///
/// Wire it wherever the runtime burns DPN outside this pallet:
/// `pallet_transaction_payment::FungibleAdapter<Balances, RecordedBurn<Runtime>>` (fees and
/// tips) and `pallet_balances::Config::DustRemoval` (dust of reaped accounts). Dropping the
/// credit reduces total issuance exactly as dropping it in `()` does; the only difference is the
/// record.
pub struct RecordedBurn<T>(core::marker::PhantomData<T>);

impl<T: Config> OnUnbalanced<Credit<T::AccountId, T::Currency>> for RecordedBurn<T> {
	fn on_nonzero_unbalanced(amount: Credit<T::AccountId, T::Currency>) {
		let burned = amount.peek();
		ExternallyBurned::<T>::mutate(|total| *total = total.saturating_add(burned));
		// Dropping the credit burns it: total issuance falls by `burned`.
		drop(amount);
	}
}
