//! Governance's removal of a validator, and the ban that keeps it out.
//!
//! Collator selection lets governance appoint and drop invulnerables, but it has no call to
//! remove a bonded candidate, and a candidate that leaves may register again at once. This pallet
//! adds both halves: [`Pallet::remove`] (the `validator_admin` track or root) ends an account's
//! candidacy and invulnerability, returns its candidacy bond, and bans it; [`NotBanned`] wraps
//! the session pallet as collator selection's `ValidatorRegistration`, so a banned account can
//! neither register as a candidate nor be made invulnerable until [`Pallet::unban`]. Like any
//! change of collator selection's lists, the removal takes effect at the session boundary after
//! next: the session already queued keeps its validators.

pub use pallet::*;

#[frame_support::pallet]
pub mod pallet {
	use frame_support::{
		pallet_prelude::*,
		traits::{ReservableCurrency, ValidatorRegistration},
	};
	use frame_system::pallet_prelude::*;

	/// The balance type of collator selection's currency.
	pub type BalanceOf<T> =
		<<T as pallet_collator_selection::Config>::Currency as frame_support::traits::Currency<
			<T as frame_system::Config>::AccountId,
		>>::Balance;

	/// The runtime: validators are accounts in both collator selection and the session pallet.
	#[pallet::config]
	pub trait Config:
		frame_system::Config<RuntimeEvent: From<Event<Self>>>
		+ pallet_collator_selection::Config<ValidatorId = <Self as frame_system::Config>::AccountId>
	{
		/// Who may remove and unban validators.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;
	}

	/// The pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Accounts governance removed from the validator set, with the block of their removal. A
	/// banned account cannot become a candidate or an invulnerable.
	#[pallet::storage]
	pub type Banned<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>, OptionQuery>;

	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance removed `who` from the validator set and banned it. `bond_returned` is its
		/// candidacy bond, unreserved (zero if it was no candidate).
		Removed {
			who: T::AccountId,
			was_candidate: bool,
			was_invulnerable: bool,
			bond_returned: BalanceOf<T>,
		},
		/// Governance lifted `who`'s ban: it may register as a candidate again.
		Unbanned { who: T::AccountId },
	}

	/// The pallet's errors.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is banned already.
		AlreadyBanned,
		/// The account is not banned.
		NotBanned,
		/// Removing the account would leave fewer eligible validators than collator selection's
		/// minimum.
		TooFewValidators,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Removes `who` from collator selection's candidates (returning its bond) and
		/// invulnerables, and bans it. Works on an account that is neither, to keep it out.
		///
		/// Origin: `AdminOrigin`.
		// Reads: Banned, CandidateList, Invulnerables, the account. Writes: those four and
		// LastAuthoredBlock.
		#[pallet::call_index(0)]
		#[pallet::weight(T::DbWeight::get().reads_writes(4, 5).saturating_add(Weight::from_parts(50_000_000, 0)))]
		pub fn remove(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(!Banned::<T>::contains_key(&who), Error::<T>::AlreadyBanned);
			let mut candidates = pallet_collator_selection::CandidateList::<T>::get();
			let mut invulnerables = pallet_collator_selection::Invulnerables::<T>::get();
			let candidate = candidates.iter().position(|c| c.who == who);
			let invulnerable = invulnerables.iter().position(|i| *i == who);
			let eligible = candidates.len() + invulnerables.len();
			let remaining =
				eligible - usize::from(candidate.is_some()) - usize::from(invulnerable.is_some());
			if remaining < eligible {
				let min =
					<T as pallet_collator_selection::Config>::MinEligibleCollators::get() as usize;
				ensure!(remaining >= min, Error::<T>::TooFewValidators);
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
		///
		/// Origin: `AdminOrigin`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::DbWeight::get().reads_writes(1, 1).saturating_add(Weight::from_parts(20_000_000, 0)))]
		pub fn unban(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(Banned::<T>::take(&who).is_some(), Error::<T>::NotBanned);
			Self::deposit_event(Event::Unbanned { who });
			Ok(())
		}
	}

	/// Collator selection's `ValidatorRegistration`: registered with `Inner` (the session
	/// pallet: session keys set) and not banned.
	pub struct NotBanned<T, Inner>(core::marker::PhantomData<(T, Inner)>);
	impl<T: Config, Inner: ValidatorRegistration<T::AccountId>> ValidatorRegistration<T::AccountId>
		for NotBanned<T, Inner>
	{
		fn is_registered(id: &T::AccountId) -> bool {
			!Banned::<T>::contains_key(id) && Inner::is_registered(id)
		}
	}
}
