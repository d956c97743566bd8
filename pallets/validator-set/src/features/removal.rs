//! Governance's removal of a validator, and the ban that keeps it out.

use crate::*;
use frame_support::{
	ensure,
	pallet_prelude::{DispatchResult, Get},
	traits::ReservableCurrency,
};

impl<T: Config> Pallet<T> {
	/// Ends `who`'s candidacy (returning its bond) and invulnerability, and bans it; refused
	/// when fewer than `MinEligibleCollators` validators would remain eligible.
	pub(crate) fn do_remove(who: T::AccountId) -> DispatchResult {
		ensure!(!Banned::<T>::contains_key(&who), Error::<T>::AlreadyBanned);
		let mut candidates = pallet_collator_selection::CandidateList::<T>::get();
		let mut invulnerables = pallet_collator_selection::Invulnerables::<T>::get();
		let candidate = candidates.iter().position(|c| c.who == who);
		let invulnerable = invulnerables.iter().position(|i| *i == who);
		if candidate.is_some() || invulnerable.is_some() {
			let remaining = (candidates.len() + invulnerables.len())
				.saturating_sub(usize::from(candidate.is_some()))
				.saturating_sub(usize::from(invulnerable.is_some()));
			let min = <T as pallet_collator_selection::Config>::MinEligibleCollators::get();
			ensure!(remaining >= min as usize, Error::<T>::TooFewValidators);
		}
		let mut bond_returned = BalanceOf::<T>::default();
		if let Some(index) = candidate {
			let info = candidates.remove(index);
			<T as pallet_collator_selection::Config>::Currency::unreserve(&who, info.deposit);
			bond_returned = info.deposit;
			pallet_collator_selection::CandidateList::<T>::put(candidates);
			pallet_collator_selection::LastAuthoredBlock::<T>::remove(&who);
		}
		if let Some(index) = invulnerable {
			invulnerables.remove(index);
			pallet_collator_selection::Invulnerables::<T>::put(invulnerables);
		}
		Banned::<T>::insert(&who, frame_system::Pallet::<T>::block_number());
		Self::deposit_event(Event::Removed {
			who,
			was_candidate: candidate.is_some(),
			was_invulnerable: invulnerable.is_some(),
			bond_returned,
		});
		Ok(())
	}

	/// Lifts `who`'s ban.
	pub(crate) fn do_unban(who: T::AccountId) -> DispatchResult {
		ensure!(Banned::<T>::take(&who).is_some(), Error::<T>::NotBanned);
		Self::deposit_event(Event::Unbanned { who });
		Ok(())
	}
}
