//! Offences: a reported offender is disabled for the rest of the session, part of its candidacy
//! bond is slashed, its candidacy (or invulnerability) ends and it is banned.

use crate::*;
use frame_support::traits::{Get, Imbalance, OnUnbalanced, ReservableCurrency};
use sp_runtime::{traits::Saturating, Perbill};
use sp_staking::{offence::OffenceSeverity, SessionIndex};

/// Collator selection's list of invulnerables.
type InvulnerablesOf<T> = frame_support::BoundedVec<
	<T as frame_system::Config>::AccountId,
	<T as pallet_collator_selection::Config>::MaxInvulnerables,
>;

impl<T: Config> Pallet<T> {
	/// Punishes one offender of `session`: disabled (as the session pallet's disabling strategy
	/// allows), `fraction` of its bond slashed to [`Config::Slashed`], candidacy or
	/// invulnerability ended and banned (an invulnerable stays, unbanned, when too few eligible
	/// validators would remain without it).
	pub(crate) fn punish(who: &T::AccountId, fraction: Perbill, session: SessionIndex) {
		type Bonds<T> = <T as pallet_collator_selection::Config>::Currency;
		pallet_session::Pallet::<T>::report_offence(who.clone(), OffenceSeverity(fraction));
		let mut candidates = pallet_collator_selection::CandidateList::<T>::get();
		let candidate = candidates.iter().position(|c| c.who == *who);
		let slashed = match candidate {
			Some(index) => {
				let info = candidates.remove(index);
				let (imbalance, _) = Bonds::<T>::slash_reserved(who, fraction * info.deposit);
				let slashed = imbalance.peek();
				T::Slashed::on_unbalanced(imbalance);
				Bonds::<T>::unreserve(who, info.deposit.saturating_sub(slashed));
				pallet_collator_selection::CandidateList::<T>::put(candidates);
				pallet_collator_selection::LastAuthoredBlock::<T>::remove(who);
				slashed
			}
			None => match Self::invulnerable_removable(who, candidates.len()) {
				// An invulnerable holds no bond: it loses its place unless too few would remain.
				Some(Ok(invulnerables)) => {
					pallet_collator_selection::Invulnerables::<T>::put(invulnerables);
					Default::default()
				}
				Some(Err(())) => Default::default(),
				// It left after the offence: the bond it took back answers for it.
				None => {
					let bond = pallet_collator_selection::CandidacyBond::<T>::get();
					let (imbalance, _) = Bonds::<T>::slash(who, fraction * bond);
					let slashed = imbalance.peek();
					T::Slashed::on_unbalanced(imbalance);
					slashed
				}
			},
		};
		let invulnerable = pallet_collator_selection::Invulnerables::<T>::get().contains(who);
		if !invulnerable {
			Banned::<T>::insert(who, frame_system::Pallet::<T>::block_number());
		}
		Self::deposit_event(Event::OffenderPunished {
			who: who.clone(),
			session,
			fraction,
			slashed,
			was_candidate: candidate.is_some(),
			banned: !invulnerable,
		});
	}

	/// For an invulnerable `who`: the invulnerables without it, or `Err` when fewer than the
	/// minimum of eligible validators would remain beside `candidates` candidates. `None` when
	/// `who` is not invulnerable.
	fn invulnerable_removable(
		who: &T::AccountId,
		candidates: usize,
	) -> Option<Result<InvulnerablesOf<T>, ()>> {
		let mut invulnerables = pallet_collator_selection::Invulnerables::<T>::get();
		let index = invulnerables.iter().position(|i| i == who)?;
		let min = <T as pallet_collator_selection::Config>::MinEligibleCollators::get() as usize;
		if invulnerables.len().saturating_sub(1).saturating_add(candidates) < min {
			return Some(Err(()));
		}
		invulnerables.remove(index);
		Some(Ok(invulnerables))
	}
}
