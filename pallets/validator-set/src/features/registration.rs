//! Who may register: collator selection asks its `ValidatorRegistration` before an account
//! becomes a candidate or an invulnerable.

use crate::*;
use frame_support::traits::ValidatorRegistration;

/// Collator selection's `ValidatorRegistration`: registered with `Inner` (the session pallet:
/// session keys set) and not banned.
pub struct NotBanned<T, Inner>(core::marker::PhantomData<(T, Inner)>);

impl<T: Config, Inner: ValidatorRegistration<T::AccountId>> ValidatorRegistration<T::AccountId>
	for NotBanned<T, Inner>
{
	fn is_registered(id: &T::AccountId) -> bool {
		!Banned::<T>::contains_key(id) && Inner::is_registered(id)
	}
}
