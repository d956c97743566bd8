//! The runtime's own governance origins, one per referendum track besides root, and the
//! genesis switch between the testnet's and the development chains' periods.
//!
//! Modelled on Polkadot's `pallet_custom_origins`: the pallet has no calls; it only declares an
//! [`Origin`] that a referendum on the matching track dispatches its proposal with, and one
//! [`EnsureOrigin`](frame_support::traits::EnsureOrigin) type per origin that a pallet's
//! `Config` names to accept it.

pub use pallet::*;

#[frame_support::pallet]
pub mod pallet {
	use crate::Balance;
	use frame_support::{pallet_prelude::*, traits::OriginTrait};

	/// The origins pallet needs nothing of the runtime besides the system.
	#[pallet::config]
	pub trait Config: frame_system::Config {}

	/// The pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The origin a referendum dispatches its proposal with, one per non-root track.
	#[derive(
		PartialEq, Eq, Clone, MaxEncodedLen, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// Changes the parameters of the DePIN pallets: registry, coverage, leases and BME.
		DepinParameters,
		/// Manages the validator set: invulnerables, candidacy bond, desired candidates.
		ValidatorAdmin,
		/// Spends from the treasury, up to [`TreasurerMaxSpend`](crate::configs::TreasurerMaxSpend)
		/// at a time.
		Treasurer,
		/// Dispatches a call the technical committee whitelisted, with the root origin, through
		/// the whitelist pallet.
		WhitelistedCaller,
	}

	/// Whether this chain runs the development periods: blocks every `DEV_SLOT_DURATION`
	/// milliseconds, the development referendum tracks (periods of a few blocks), sessions of
	/// `DEV_SESSION_PERIOD` blocks and a beacon interval of `DEV_BEACON_INTERVAL` blocks, instead
	/// of the testnet's 6-second blocks and real periods. Set only at genesis (by the
	/// `development` and `local_testnet` presets); no call changes it, so a chain keeps the
	/// periods it was launched with.
	#[pallet::storage]
	pub type DevPeriods<T> = StorageValue<_, bool, ValueQuery>;

	/// Genesis: which track table the chain runs.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Run the development periods (see [`DevPeriods`]).
		pub dev_periods: bool,
		/// The runtime.
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			DevPeriods::<T>::put(self.dev_periods);
		}
	}

	/// Declares, for each named origin, a unit type that ensures it with `Success = ()`.
	macro_rules! decl_unit_ensures {
		( $( $(#[$attr:meta])* $name:ident ),* $(,)? ) => { $(
			$(#[$attr])*
			pub struct $name;
			impl<O: OriginTrait + From<Origin>> EnsureOrigin<O> for $name
			where
				for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
			{
				type Success = ();

				fn try_origin(o: O) -> Result<Self::Success, O> {
					let matched = {
						let caller: Result<&Origin, _> = o.caller().try_into();
						matches!(caller, Ok(Origin::$name))
					};
					if matched {
						Ok(())
					} else {
						Err(o)
					}
				}

				#[cfg(feature = "runtime-benchmarks")]
				fn try_successful_origin() -> Result<O, ()> {
					Ok(O::from(Origin::$name))
				}
			}
		)* };
	}

	decl_unit_ensures!(
		/// Accepts the [`Origin::DepinParameters`] origin.
		DepinParameters,
		/// Accepts the [`Origin::ValidatorAdmin`] origin.
		ValidatorAdmin,
		/// Accepts the [`Origin::Treasurer`] origin.
		Treasurer,
		/// Accepts the [`Origin::WhitelistedCaller`] origin.
		WhitelistedCaller,
	);

	/// Accepts the [`Origin::Treasurer`] origin as a treasury spender: its success value is the
	/// most it may spend at a time, `MaxSpend`.
	pub struct TreasurySpender<MaxSpend>(core::marker::PhantomData<MaxSpend>);
	impl<O, MaxSpend> EnsureOrigin<O> for TreasurySpender<MaxSpend>
	where
		O: OriginTrait + From<Origin>,
		for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
		MaxSpend: Get<Balance>,
	{
		type Success = Balance;

		fn try_origin(o: O) -> Result<Self::Success, O> {
			let matched = {
				let caller: Result<&Origin, _> = o.caller().try_into();
				matches!(caller, Ok(Origin::Treasurer))
			};
			if matched {
				Ok(MaxSpend::get())
			} else {
				Err(o)
			}
		}

		#[cfg(feature = "runtime-benchmarks")]
		fn try_successful_origin() -> Result<O, ()> {
			Ok(O::from(Origin::Treasurer))
		}
	}
}

/// `Dev` on chains launched with the development periods ([`DevPeriods`]), `Testnet` on the
/// others: a period that development chains shorten, in blocks unless `T` says otherwise (the
/// slot, in milliseconds).
pub struct DevOr<Dev, Testnet, T = crate::BlockNumber>(
	core::marker::PhantomData<(Dev, Testnet, T)>,
);

impl<Dev, Testnet, T> frame_support::traits::Get<T> for DevOr<Dev, Testnet, T>
where
	Dev: frame_support::traits::Get<T>,
	Testnet: frame_support::traits::Get<T>,
{
	fn get() -> T {
		if DevPeriods::<crate::Runtime>::get() {
			Dev::get()
		} else {
			Testnet::get()
		}
	}
}
