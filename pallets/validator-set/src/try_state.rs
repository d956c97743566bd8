//! The pallet's invariants, checked by `try_state` and after every unit test.

use crate::*;
use frame_support::ensure;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the pallet's storage:
	///
	/// - **Banned accounts are out.** No banned account is one of collator selection's
	///   candidates or invulnerables (a ban ends both, and [`NotBanned`] refuses both).
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		for candidate in pallet_collator_selection::CandidateList::<T>::get() {
			ensure!(!Banned::<T>::contains_key(&candidate.who), "a banned account is a candidate");
		}
		for invulnerable in pallet_collator_selection::Invulnerables::<T>::get() {
			ensure!(!Banned::<T>::contains_key(&invulnerable), "a banned account is invulnerable");
		}
		Ok(())
	}
}
