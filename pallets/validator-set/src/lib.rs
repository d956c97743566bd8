//! # Validator Set Pallet
//!
//! Governance and discipline for a validator set kept by `pallet_collator_selection` (DESIGN.md
//! §8): governance removes and bans validators, and reported offenders are disabled, slashed and
//! banned.
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the dispatchables, storage, events and errors; [`NotBanned`]
//! for collator selection's `ValidatorRegistration`; and the [`OnOffenceHandler`] impl of
//! [`Pallet`] for `pallet_offences`.
//!
//! ## Overview
//!
//! - **Removal.** Collator selection lets governance appoint and drop invulnerables, but it has
//!   no call to remove a bonded candidate, and a candidate that leaves may register again at
//!   once. [`Pallet::remove`] ([`Config::AdminOrigin`]) ends an account's candidacy (returning
//!   its bond) and invulnerability, and bans it; it is refused when fewer than collator
//!   selection's `MinEligibleCollators` would remain.
//! - **Bans.** [`NotBanned`] wraps the session pallet as collator selection's
//!   `ValidatorRegistration`, so a banned account can neither register as a candidate nor be made
//!   invulnerable until [`Pallet::unban`]. Like any change of collator selection's lists, a
//!   removal takes effect at the session boundary after next: the session already queued keeps
//!   its validators.
//! - **Offences.** The pallet is the runtime's `pallet_offences` handler. A reported offender (a
//!   GRANDPA equivocation, proven against the session's historical root) is disabled for the rest
//!   of the session through the session pallet's `DisablingStrategy` (the runtime's refuses to
//!   disable more than a third of the set), the offence's slash fraction of its candidacy bond is
//!   slashed to [`Config::Slashed`] (the treasury), the rest of the bond returned, its candidacy
//!   ended and the account banned ([`Event::OffenderPunished`]). An offender that left the
//!   candidates before the report landed has its bond back in its balance: the same fraction of
//!   the current candidacy bond is slashed from its balance. Invulnerables hold no bond: they
//!   are disabled, dropped from the invulnerables and banned, unless fewer than collator
//!   selection's `MinEligibleCollators` would remain (then they stay, disabled, and governance
//!   decides).
//!
//! ## Low Level / Implementation Details
//!
//! - `pallet_offences` reports each offence once (a duplicate report is refused before the
//!   handler runs), so an offender is punished once per offence.
//! - The invariants are written in [`Pallet::do_try_state`] and checked after every unit test.
//!
//! ## Assumptions
//!
//! - Validators are accounts in both collator selection and the session pallet (the runtime's
//!   `ValidatorId` is its `AccountId`).
//! - Collator selection's currency reserves candidacy bonds, and nothing else reserves with the
//!   same currency for a validator while it is a candidate.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod features;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use features::NotBanned;
pub use pallet::*;
pub use weights::WeightInfo;

use frame_support::traits::Currency;
use sp_staking::offence::OnOffenceHandler;

/// The balance type of collator selection's currency.
pub type BalanceOf<T> = <<T as pallet_collator_selection::Config>::Currency as Currency<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// What a slash takes from an offender.
pub type NegativeImbalanceOf<T> =
	<<T as pallet_collator_selection::Config>::Currency as Currency<
		<T as frame_system::Config>::AccountId,
	>>::NegativeImbalance;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::OnUnbalanced};
	use frame_system::pallet_prelude::*;
	use sp_runtime::Perbill;
	use sp_staking::SessionIndex;

	/// The pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The runtime: validators are accounts in both collator selection and the session pallet.
	#[pallet::config]
	pub trait Config:
		frame_system::Config<RuntimeEvent: From<Event<Self>>>
		+ pallet_collator_selection::Config<ValidatorId = <Self as frame_system::Config>::AccountId>
		+ pallet_session::Config<ValidatorId = <Self as frame_system::Config>::AccountId>
	{
		/// Who may remove and unban validators.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Where slashed bonds go (the treasury, so total issuance does not change).
		type Slashed: OnUnbalanced<NegativeImbalanceOf<Self>>;

		/// Weights of this pallet's calls and of punishing one offender.
		type WeightInfo: WeightInfo;
	}

	/// Accounts removed from the validator set by governance or for an offence, with the block
	/// of their ban. A banned account cannot become a candidate or an invulnerable.
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
		/// A reported offence of `who` in `session` was punished: it is disabled for the rest of
		/// the session (as far as the disabling strategy allows) and `slashed` was taken
		/// (`fraction` of its candidacy bond); `was_candidate` says whether its candidacy ended
		/// (the rest of its bond returned), `banned` whether it was banned (an invulnerable that
		/// too few validators would remain without keeps its place and is not).
		OffenderPunished {
			who: T::AccountId,
			session: SessionIndex,
			fraction: Perbill,
			slashed: BalanceOf<T>,
			was_candidate: bool,
			banned: bool,
		},
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

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Remove `who` from collator selection's candidates (returning its bond) and
		/// invulnerables, and ban it. Works on an account that is neither, to keep it out.
		///
		/// ## Dispatch Origin
		/// [`Config::AdminOrigin`].
		///
		/// ## Errors
		/// [`Error::AlreadyBanned`], [`Error::TooFewValidators`].
		///
		/// ## Events
		/// [`Event::Removed`].
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::remove())]
		pub fn remove(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_remove(who)
		}

		/// Lift `who`'s ban.
		///
		/// ## Dispatch Origin
		/// [`Config::AdminOrigin`].
		///
		/// ## Errors
		/// [`Error::NotBanned`].
		///
		/// ## Events
		/// [`Event::Unbanned`].
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::unban())]
		pub fn unban(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_unban(who)
		}
	}
}

/// The runtime's offence handler: every offender of a report is punished once (an offender
/// already reported for the same offence is not reported again by `pallet_offences`).
impl<T: Config, Reporter>
	OnOffenceHandler<Reporter, (T::AccountId, ()), frame_support::weights::Weight> for Pallet<T>
{
	fn on_offence(
		offenders: &[sp_staking::offence::OffenceDetails<Reporter, (T::AccountId, ())>],
		slash_fraction: &[sp_runtime::Perbill],
		session: sp_staking::SessionIndex,
	) -> frame_support::weights::Weight {
		offenders.iter().zip(slash_fraction).fold(
			Default::default(),
			|weight, (details, fraction)| {
				Self::punish(&details.offender.0, *fraction, session);
				frame_support::weights::Weight::saturating_add(
					weight,
					<T as Config>::WeightInfo::punish(),
				)
			},
		)
	}
}
