//! # Registry Pallet
//!
//! Hardware registration for the DePIN chain: which makers may vouch for hardware, which devices
//! exist, who owns them, where they are and what they bond.
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the dispatchables, storage, events and errors, and
//! [`depin_primitives::DeviceRegistry`] for the interface other pallets (coverage, leases) use.
//!
//! ## Overview
//!
//! - **Makers.** Governance ([`Config::GovernanceOrigin`]) approves a hardware maker with an
//!   attestation key (ed25519 or sr25519) and an optional DPN bond held from the maker's account
//!   ([`HoldReason::MakerBond`]). Revoking a maker releases or slashes its bond; the devices it
//!   already attested keep working, new onboardings under it fail with
//!   [`Error::MakerRevoked`].
//! - **Onboarding.** The owner submits the device key, its attributes (the attribute variant is
//!   the device class), the maker id, the attestation's last valid block and the maker's
//!   signature over [`depin_primitives::payloads::onboarding_payload`] = SCALE(`b"depin/onboard"`,
//!   genesis hash, maker id, device key, owner, class, valid until): bound to this chain, this
//!   maker, this owner and a deadline. A key that was ever registered is never registered again
//!   ([`RetiredKeys`]), so an attestation onboards one device once. Every check runs before
//!   anything is written or charged. Then the
//!   onboarding fee is burned from the owner's credits ([`Config::Credits`]) and the device
//!   bond is held from the owner's DPN ([`HoldReason::DeviceBond`]).
//! - **Location.** The owner asserts a resolution-12 H3 cell (with the antenna gain and elevation
//!   for hotspots). The location fee is charged only when the cell changes; changing only a
//!   hotspot's antenna is free, and an assertion that changes nothing fails with
//!   [`Error::LocationUnchanged`] so the owner never pays for a no-op.
//! - **Lifecycle.** `Active` → `Suspended { reason }` (by governance, or by another pallet through
//!   [`depin_primitives::DeviceRegistry::suspend`]) → `Active` (resumed) … → `Retired` (by the
//!   owner). A retired device's bond stays held and slashable for the unbonding period, then
//!   [`Pallet::withdraw_bond`] releases it and removes the device; its key is retired, never to
//!   be registered again. Device ids are never reused.
//! - **Ownership and keys.** The owner transfers a device (its bond moves with it, still held,
//!   to the new owner) or rotates its key (the new key proves possession by signing
//!   [`depin_primitives::payloads::rotation_payload`], bound to this chain); the id and history are
//!   kept and the old key is retired.
//! - **Observers.** Every lifecycle change calls [`Config::Observer`] so coverage keeps its
//!   per-hex counts of active, located hotspots current.
//!
//! ## Parameters
//!
//! Fees, the device bond and the unbonding period live in [`Parameters`], set at genesis and
//! by [`Pallet::set_parameters`] (governance), bounded by [`Config::MaxCreditFee`],
//! [`Config::MaxDeviceBond`] and [`Config::MinUnbondingPeriod`]..=[`Config::MaxUnbondingPeriod`].
//! A new bond applies to devices onboarded afterwards; each device records its own bond.
//!
//! ## Low Level / Implementation Details
//!
//! - Devices of an owner are kept in the [`DevicesOf`] double map with a counter in
//!   [`OwnerDeviceCount`] bounded by [`Config::MaxDevicesPerOwner`], so listings are paged by key
//!   iteration ([`Pallet::devices_of`]) and nothing is ever iterated whole in a block.
//! - The invariants are written in [`Pallet::do_try_state`] and checked after every unit test.
//!
//! ## Assumptions
//!
//! - [`Config::Currency`] supports holds for both [`HoldReason`] variants on every account that
//!   bonds (pallet-balances: the runtime's `RuntimeHoldReason` aggregates this pallet's).
//! - The observers fit in [`depin_primitives::DeviceObserver::max_weight`] and never fail.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod features;
mod impl_device_registry;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use depin_primitives::{
	payloads::{onboarding_payload, rotation_payload},
	registry::{DEFAULT_LOCATION_FEE, DEFAULT_ONBOARDING_FEE},
	signing::genesis_hash,
	AttributeError, CreditBalance, Credits, DeviceAttributes, DeviceClass, DeviceId, DeviceInfo,
	DeviceKey, DeviceObserver, DeviceSignature, DeviceStatus, H3Cell, HotspotAttributes, MakerId,
	MakerInfo, MakerStatus, RegistryParameters, ShortString, SuspendReason,
};
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{
		fungible::{Inspect, InspectHold, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Get, Saturating, StaticLookup, Zero},
	ArithmeticError, DispatchError,
};

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::registry";

/// The native token's balance type.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A device record as this runtime stores it.
pub type DeviceInfoOf<T> =
	DeviceInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
/// A maker record as this runtime stores it.
pub type MakerInfoOf<T> = MakerInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// The registry's parameters as this runtime stores them.
pub type ParametersOf<T> = RegistryParameters<BalanceOf<T>, BlockNumberFor<T>>;
/// A maker approved at genesis: account, attestation key, name and bond.
pub type GenesisMaker<T> =
	(<T as frame_system::Config>::AccountId, DeviceKey, Vec<u8>, BalanceOf<T>);
/// An account as a call names it (an address the runtime's lookup resolves).
pub type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

/// Runtime-specific setup the benchmarks need and the pallet cannot do through its traits.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Gives `who` at least `amount` spendable credits.
	fn fund_credits(who: &AccountId, amount: CreditBalance);
}

#[cfg(feature = "runtime-benchmarks")]
impl<AccountId> BenchmarkHelper<AccountId> for () {
	fn fund_credits(_: &AccountId, _: CreditBalance) {}
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native token (DPN), which maker and device bonds are held in.
		type Currency: Inspect<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ frame_support::traits::fungible::Mutate<Self::AccountId>;

		/// The overarching hold reason, which this pallet's [`HoldReason`] converts into.
		type RuntimeHoldReason: From<HoldReason>;

		/// The credits ledger that onboarding and location fees are burned from.
		type Credits: Credits<Self::AccountId>;

		/// The origin that approves and revokes makers, suspends, resumes and slashes devices
		/// and sets the parameters.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Told about every lifecycle change (coverage keeps its per-hex counts with it).
		type Observer: DeviceObserver<Self::AccountId>;

		/// Most devices one account may own, retired devices awaiting withdrawal included.
		#[pallet::constant]
		type MaxDevicesPerOwner: Get<u32>;

		/// Most makers that may ever be approved (revoked makers keep their slot: their devices
		/// still refer to them).
		#[pallet::constant]
		type MaxMakers: Get<u32>;

		/// Most devices one page of [`Pallet::devices_of`] returns.
		#[pallet::constant]
		type MaxPageSize: Get<u32>;

		/// Highest onboarding or location fee governance may set, in credits.
		#[pallet::constant]
		type MaxCreditFee: Get<CreditBalance>;

		/// Highest device bond governance may set.
		#[pallet::constant]
		type MaxDeviceBond: Get<BalanceOf<Self>>;

		/// Shortest unbonding period governance may set, in blocks.
		#[pallet::constant]
		type MinUnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// Longest unbonding period governance may set, in blocks.
		#[pallet::constant]
		type MaxUnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Runtime-specific setup for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds DPN.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A maker's bond, held while the maker is approved.
		MakerBond,
		/// A device's bond, held from its owner while the device exists.
		DeviceBond,
	}

	/// The parameters used when nothing was set at genesis.
	#[pallet::type_value]
	pub fn DefaultParameters<T: Config>() -> ParametersOf<T> {
		RegistryParameters {
			onboarding_fee: DEFAULT_ONBOARDING_FEE,
			location_fee: DEFAULT_LOCATION_FEE,
			device_bond: Zero::zero(),
			unbonding_period: T::MinUnbondingPeriod::get(),
		}
	}

	/// Fees, device bond and unbonding period.
	#[pallet::storage]
	pub type Parameters<T: Config> =
		StorageValue<_, ParametersOf<T>, ValueQuery, DefaultParameters<T>>;

	/// The id the next approved maker gets; also how many makers were ever approved.
	#[pallet::storage]
	pub type NextMakerId<T> = StorageValue<_, MakerId, ValueQuery>;

	/// Approved and revoked makers. At most [`Config::MaxMakers`] entries.
	// TWOX-NOTE: maker ids come from a counter, users cannot choose them.
	#[pallet::storage]
	pub type Makers<T: Config> = StorageMap<_, Twox64Concat, MakerId, MakerInfoOf<T>>;

	/// The id the next onboarded device gets. Ids are never reused.
	#[pallet::storage]
	pub type NextDeviceId<T> = StorageValue<_, DeviceId, ValueQuery>;

	/// How many devices are registered (retired devices awaiting withdrawal included).
	#[pallet::storage]
	pub type DeviceCount<T> = StorageValue<_, u64, ValueQuery>;

	/// Registered devices.
	// TWOX-NOTE: device ids come from a counter, users cannot choose them.
	#[pallet::storage]
	pub type Devices<T: Config> = StorageMap<_, Twox64Concat, DeviceId, DeviceInfoOf<T>>;

	/// The device each registered key belongs to; the inverse of `Devices[id].key`.
	#[pallet::storage]
	pub type DeviceByKey<T> = StorageMap<_, Blake2_128Concat, DeviceKey, DeviceId>;

	/// Keys that identified a device once and no longer do (rotated away from, or freed when the
	/// device's bond was withdrawn), with that device. Never pruned: a key that was ever
	/// registered is never registered again, so one maker attestation onboards one device once.
	#[pallet::storage]
	pub type RetiredKeys<T> = StorageMap<_, Blake2_128Concat, DeviceKey, DeviceId>;

	/// The devices of each owner, for paged listing by key iteration.
	// TWOX-NOTE: the second key is a device id from a counter; the owner is hashed with blake2.
	#[pallet::storage]
	pub type DevicesOf<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		DeviceId,
		(),
		OptionQuery,
	>;

	/// How many devices each owner has; at most [`Config::MaxDevicesPerOwner`].
	#[pallet::storage]
	pub type OwnerDeviceCount<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// Credits burned to onboard a device.
		pub onboarding_fee: CreditBalance,
		/// Credits burned per location change.
		pub location_fee: CreditBalance,
		/// DPN held per device.
		pub device_bond: BalanceOf<T>,
		/// Blocks between retiring a device and withdrawing its bond.
		pub unbonding_period: BlockNumberFor<T>,
		/// Makers approved at genesis: account, attestation key, name (at most 32 bytes) and a
		/// bond held from the account (which must be funded by the balances genesis).
		pub makers: Vec<GenesisMaker<T>>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			let defaults = DefaultParameters::<T>::get();
			Self {
				onboarding_fee: defaults.onboarding_fee,
				location_fee: defaults.location_fee,
				device_bond: defaults.device_bond,
				unbonding_period: defaults.unbonding_period,
				makers: Vec::new(),
			}
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A broken genesis must stop the chain from starting, so this panics.
			let parameters = RegistryParameters {
				onboarding_fee: self.onboarding_fee,
				location_fee: self.location_fee,
				device_bond: self.device_bond,
				unbonding_period: self.unbonding_period,
			};
			if let Err(error) = Pallet::<T>::ensure_parameters_in_bounds(&parameters) {
				panic!("registry genesis parameters out of bounds: {error:?}");
			}
			Parameters::<T>::put(parameters);
			for (account, key, name, bond) in &self.makers {
				let Ok(name) = ShortString::try_from(name.clone()) else {
					panic!("registry genesis maker name longer than 32 bytes");
				};
				if let Err(error) =
					Pallet::<T>::do_approve_maker(account.clone(), *key, name, *bond)
				{
					panic!("registry genesis maker not approved: {error:?}");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A maker was approved.
		MakerApproved {
			/// The new maker's id.
			maker: MakerId,
			/// The account its bond was held from.
			account: T::AccountId,
			/// The key its attestations must be signed with.
			attestation_key: DeviceKey,
			/// The bond held.
			bond: BalanceOf<T>,
		},
		/// A maker was revoked; its devices keep working.
		MakerRevoked {
			/// The maker.
			maker: MakerId,
			/// The bond that was released or slashed.
			bond: BalanceOf<T>,
			/// Who received the slashed bond; `None` when it was released to the maker.
			slashed_to: Option<T::AccountId>,
		},
		/// A device was onboarded.
		DeviceOnboarded {
			/// The new device's id.
			device: DeviceId,
			/// Its owner.
			owner: T::AccountId,
			/// The maker that attested it.
			maker: MakerId,
			/// Its class.
			class: DeviceClass,
			/// Its key.
			key: DeviceKey,
			/// The credits burned.
			fee: CreditBalance,
			/// The DPN held as its bond.
			bond: BalanceOf<T>,
		},
		/// A device's location or antenna was asserted.
		LocationAsserted {
			/// The device.
			device: DeviceId,
			/// Its resolution-12 cell.
			location: H3Cell,
			/// Its antenna gain in dBi × 10 (0 for non-hotspots).
			gain_dbi_x10: u16,
			/// Its antenna height in metres (0 for non-hotspots).
			elevation_m: i32,
			/// The credits burned: the location fee if the cell changed, otherwise 0.
			fee: CreditBalance,
		},
		/// A device was suspended (or a suspended device's reason was changed).
		DeviceSuspended {
			/// The device.
			device: DeviceId,
			/// Why.
			reason: SuspendReason,
		},
		/// A suspended device was resumed and is active again.
		DeviceResumed {
			/// The device.
			device: DeviceId,
		},
		/// A device was retired by its owner.
		DeviceRetired {
			/// The device.
			device: DeviceId,
			/// The first block at which its bond may be withdrawn.
			unbonding_until: BlockNumberFor<T>,
		},
		/// A retired device's bond was released to its owner and the device removed; its key is
		/// free again.
		BondWithdrawn {
			/// The removed device.
			device: DeviceId,
			/// Its last owner.
			owner: T::AccountId,
			/// The bond released.
			amount: BalanceOf<T>,
		},
		/// A device changed owner; its bond moved with it.
		DeviceTransferred {
			/// The device.
			device: DeviceId,
			/// The previous owner.
			from: T::AccountId,
			/// The new owner.
			to: T::AccountId,
		},
		/// A device's key was rotated; the old key is free.
		DeviceKeyRotated {
			/// The device.
			device: DeviceId,
			/// The key it no longer uses.
			old_key: DeviceKey,
			/// The key it uses now.
			new_key: DeviceKey,
		},
		/// Part of a device's bond was slashed.
		DeviceBondSlashed {
			/// The device.
			device: DeviceId,
			/// The amount taken from the bond.
			amount: BalanceOf<T>,
			/// Who received it.
			beneficiary: T::AccountId,
		},
		/// Governance set new parameters.
		ParametersSet {
			/// The parameters now in force.
			parameters: ParametersOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No maker has this id. Look the id up with the `makers` runtime API.
		UnknownMaker,
		/// The maker was revoked and attests no new devices. Devices it onboarded before keep
		/// working; onboard new ones under an approved maker.
		MakerRevoked,
		/// The maker limit ([`Config::MaxMakers`]) is reached; no more makers can be approved.
		TooManyMakers,
		/// The maker's signature does not verify over SCALE(`b"depin/onboard"`, genesis hash,
		/// maker id, device key, owner, class, valid until) with the maker's attestation key. Ask
		/// the maker to sign exactly that payload for this chain, owner and class.
		BadAttestation,
		/// The attestation's `valid_until` block has passed. Ask the maker for a fresh one.
		AttestationExpired,
		/// Another registered device already has this key. A key identifies one device only;
		/// generate a new key.
		DeviceKeyTaken,
		/// The key identified a device before (it was rotated away from or its device was
		/// withdrawn). A key is registered once, ever; generate a new key.
		DeviceKeyRetired,
		/// No device has this id. It may never have existed or its bond was withdrawn.
		UnknownDevice,
		/// Only the device's owner may do this.
		NotOwner,
		/// The owner already has [`Config::MaxDevicesPerOwner`] devices. Withdraw retired
		/// devices or use another account.
		TooManyDevices,
		/// The owner has fewer credits than the fee. Buy credits by burning DPN first.
		InsufficientCredits,
		/// The account cannot place the bond on hold: its free balance is too low (the
		/// existential deposit must stay) or it cannot take another hold. Fund it first.
		InsufficientBondBalance,
		/// The cell is not a valid resolution-12 H3 cell index. Use an H3 library's
		/// `latLngToCell(lat, lng, 12)`.
		InvalidLocation,
		/// The antenna gain is outside 10..=150 dBi × 10 (1.0 to 15.0 dBi).
		InvalidAntennaGain,
		/// The antenna elevation is outside -500..=10,000 metres.
		InvalidElevation,
		/// Gain and elevation describe a hotspot's antenna; pass 0 for both for other classes.
		AntennaNotApplicable,
		/// GPU attributes need a vendor and a model, non-zero memory and 1 to 64 GPUs.
		InvalidGpuAttributes,
		/// Storage attributes need a non-zero capacity.
		InvalidStorageAttributes,
		/// Sensor attributes need a non-empty kind.
		InvalidSensorAttributes,
		/// The assertion changes neither the cell nor the antenna, so nothing was done and no fee
		/// charged.
		LocationUnchanged,
		/// The device is retired; it can only have its bond withdrawn after unbonding.
		DeviceRetired,
		/// The device is already suspended for this reason.
		AlreadySuspended,
		/// The device is not suspended, so there is nothing to resume.
		NotSuspended,
		/// The device is suspended for another reason, which only its own authority (or
		/// governance) may lift.
		SuspendReasonMismatch,
		/// The device is not retired; retire it first.
		NotRetired,
		/// The unbonding period has not passed; withdraw at or after the block in the
		/// `DeviceRetired` event.
		StillUnbonding,
		/// The account already owns the device.
		AlreadyOwner,
		/// The new owner's account cannot hold the bond that moves with the device: it does not
		/// exist or cannot take another hold. Fund it with at least the existential deposit.
		NewOwnerCannotHoldBond,
		/// The new key's signature over SCALE(`b"depin/rotate"`, genesis hash, device id, new key)
		/// does not verify. Sign exactly that payload for this chain with the new key.
		BadKeyProof,
		/// A fee is above [`Config::MaxCreditFee`].
		FeeTooHigh,
		/// The device bond is above [`Config::MaxDeviceBond`].
		BondTooHigh,
		/// The unbonding period is outside [`Config::MinUnbondingPeriod`] ..=
		/// [`Config::MaxUnbondingPeriod`].
		UnbondingPeriodOutOfRange,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxDevicesPerOwner::get() > 0, "MaxDevicesPerOwner must be positive");
			assert!(T::MaxMakers::get() > 0, "MaxMakers must be positive");
			assert!(T::MaxPageSize::get() > 0, "MaxPageSize must be positive");
			assert!(
				T::MinUnbondingPeriod::get() <= T::MaxUnbondingPeriod::get(),
				"MinUnbondingPeriod must not exceed MaxUnbondingPeriod"
			);
			assert!(
				Pallet::<T>::ensure_parameters_in_bounds(&DefaultParameters::<T>::get()).is_ok(),
				"the default parameters must be within the configured bounds"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Approve a hardware maker whose key may attest devices.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Details
		/// - `account`: the account the bond is held from.
		/// - `attestation_key`: the key that signs onboarding attestations.
		/// - `name`: a display name, at most 32 bytes.
		/// - `bond`: DPN held from `account` while approved; 0 for none.
		///
		/// ## Errors
		/// [`Error::TooManyMakers`], [`Error::InsufficientBondBalance`].
		///
		/// ## Events
		/// [`Event::MakerApproved`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::approve_maker())]
		pub fn approve_maker(
			origin: OriginFor<T>,
			account: AccountIdLookupOf<T>,
			attestation_key: DeviceKey,
			name: ShortString,
			bond: BalanceOf<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let account = T::Lookup::lookup(account)?;
			Self::do_approve_maker(account, attestation_key, name, bond).map(|_| ())
		}

		/// Revoke a maker. Its existing devices keep working; it attests no new ones.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Details
		/// - `maker`: the maker to revoke.
		/// - `slash_to`: `None` releases the bond to the maker; `Some(account)` pays it to
		///   `account` instead.
		///
		/// ## Errors
		/// [`Error::UnknownMaker`], [`Error::MakerRevoked`] (already revoked).
		///
		/// ## Events
		/// [`Event::MakerRevoked`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revoke_maker())]
		pub fn revoke_maker(
			origin: OriginFor<T>,
			maker: MakerId,
			slash_to: Option<AccountIdLookupOf<T>>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let slash_to = slash_to.map(T::Lookup::lookup).transpose()?;
			Self::do_revoke_maker(maker, slash_to)
		}

		/// Onboard a device attested by an approved maker. Burns the onboarding fee in credits
		/// and holds the device bond; nothing is charged or written if any check fails.
		///
		/// ## Dispatch Origin
		/// Signed by the device's owner.
		///
		/// ## Details
		/// - `key`: the device's public key; must never have been registered.
		/// - `attributes`: the class attributes; the variant is the device's class.
		/// - `maker`: the approved maker attesting the device.
		/// - `valid_until`: the last block the attestation may be used in.
		/// - `attestation`: the maker's signature over
		///   [`depin_primitives::payloads::onboarding_payload`] = SCALE(`b"depin/onboard"`,
		///   genesis hash, `maker`, `key`, owner, class, `valid_until`).
		///
		/// ## Errors
		/// Attribute errors ([`Error::InvalidAntennaGain`], [`Error::InvalidElevation`],
		/// [`Error::InvalidGpuAttributes`], [`Error::InvalidStorageAttributes`],
		/// [`Error::InvalidSensorAttributes`]), [`Error::DeviceKeyTaken`],
		/// [`Error::DeviceKeyRetired`], [`Error::AttestationExpired`],
		/// [`Error::UnknownMaker`], [`Error::MakerRevoked`], [`Error::BadAttestation`],
		/// [`Error::TooManyDevices`], [`Error::InsufficientCredits`],
		/// [`Error::InsufficientBondBalance`].
		///
		/// ## Events
		/// [`Event::DeviceOnboarded`].
		#[pallet::call_index(2)]
		#[pallet::weight(
			T::WeightInfo::onboard_device().saturating_add(T::Observer::max_weight())
		)]
		pub fn onboard_device(
			origin: OriginFor<T>,
			key: DeviceKey,
			attributes: DeviceAttributes,
			maker: MakerId,
			valid_until: BlockNumberFor<T>,
			attestation: DeviceSignature,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			Self::do_onboard(owner, key, attributes, maker, valid_until, attestation).map(|_| ())
		}

		/// Assert a device's location (and a hotspot's antenna). The location fee is burned only
		/// when the cell changes.
		///
		/// ## Dispatch Origin
		/// Signed by the device's owner.
		///
		/// ## Details
		/// - `device`: the device; not retired.
		/// - `location`: a valid resolution-12 H3 cell.
		/// - `gain_dbi_x10`, `elevation_m`: a hotspot's antenna (10..=150, -500..=10,000); 0 and
		///   0 for other classes.
		///
		/// ## Errors
		/// [`Error::UnknownDevice`], [`Error::NotOwner`], [`Error::DeviceRetired`],
		/// [`Error::InvalidLocation`], [`Error::InvalidAntennaGain`],
		/// [`Error::InvalidElevation`], [`Error::AntennaNotApplicable`],
		/// [`Error::LocationUnchanged`], [`Error::InsufficientCredits`].
		///
		/// ## Events
		/// [`Event::LocationAsserted`].
		#[pallet::call_index(3)]
		#[pallet::weight(
			T::WeightInfo::assert_location().saturating_add(T::Observer::max_weight())
		)]
		pub fn assert_location(
			origin: OriginFor<T>,
			device: DeviceId,
			location: H3Cell,
			gain_dbi_x10: u16,
			elevation_m: i32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_assert_location(who, device, location, gain_dbi_x10, elevation_m)
		}

		/// Suspend a device, or change a suspended device's reason.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Errors
		/// [`Error::UnknownDevice`], [`Error::DeviceRetired`], [`Error::AlreadySuspended`].
		///
		/// ## Events
		/// [`Event::DeviceSuspended`].
		#[pallet::call_index(4)]
		#[pallet::weight(
			T::WeightInfo::suspend_device().saturating_add(T::Observer::max_weight())
		)]
		pub fn suspend_device(
			origin: OriginFor<T>,
			device: DeviceId,
			reason: SuspendReason,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_suspend(device, reason)
		}

		/// Resume a suspended device, whatever the reason of its suspension.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Errors
		/// [`Error::UnknownDevice`], [`Error::NotSuspended`].
		///
		/// ## Events
		/// [`Event::DeviceResumed`].
		#[pallet::call_index(5)]
		#[pallet::weight(
			T::WeightInfo::resume_device().saturating_add(T::Observer::max_weight())
		)]
		pub fn resume_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_resume(device, None)
		}

		/// Retire a device. Its bond stays held, and slashable, for the unbonding period; then
		/// [`Pallet::withdraw_bond`] releases it. A retired device never comes back.
		///
		/// ## Dispatch Origin
		/// Signed by the device's owner.
		///
		/// ## Errors
		/// [`Error::UnknownDevice`], [`Error::NotOwner`], [`Error::DeviceRetired`].
		///
		/// ## Events
		/// [`Event::DeviceRetired`].
		#[pallet::call_index(6)]
		#[pallet::weight(
			T::WeightInfo::retire_device().saturating_add(T::Observer::max_weight())
		)]
		pub fn retire_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_retire(who, device)
		}

		/// Release a retired device's bond after the unbonding period and remove the device. Its
		/// key is retired: it is never registered again.
		///
		/// ## Dispatch Origin
		/// Signed by the device's owner.
		///
		/// ## Errors
		/// [`Error::UnknownDevice`], [`Error::NotOwner`], [`Error::NotRetired`],
		/// [`Error::StillUnbonding`].
		///
		/// ## Events
		/// [`Event::BondWithdrawn`].
		#[pallet::call_index(7)]
		#[pallet::weight(
			T::WeightInfo::withdraw_bond().saturating_add(T::Observer::max_weight())
		)]
		pub fn withdraw_bond(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_bond(who, device)
		}

		/// Transfer a device to a new owner. The bond moves with it and stays held, now from the
		/// new owner; a buyer settles with the seller off-chain.
		///
		/// ## Dispatch Origin
		/// Signed by the device's current owner.
		///
		/// ## Errors
		/// [`Error::UnknownDevice`], [`Error::NotOwner`], [`Error::DeviceRetired`],
		/// [`Error::AlreadyOwner`], [`Error::TooManyDevices`] (the new owner's),
		/// [`Error::NewOwnerCannotHoldBond`].
		///
		/// ## Events
		/// [`Event::DeviceTransferred`].
		#[pallet::call_index(8)]
		#[pallet::weight(
			T::WeightInfo::transfer_device().saturating_add(T::Observer::max_weight())
		)]
		pub fn transfer_device(
			origin: OriginFor<T>,
			device: DeviceId,
			new_owner: AccountIdLookupOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let new_owner = T::Lookup::lookup(new_owner)?;
			Self::do_transfer(who, device, new_owner)
		}

		/// Rotate a device's key. The device keeps its id, owner, bond and history; the old key
		/// is retired (never registered again).
		///
		/// ## Dispatch Origin
		/// Signed by the device's owner.
		///
		/// ## Details
		/// - `new_key`: the new key; must never have been registered.
		/// - `proof`: the new key's signature over SCALE(`b"depin/rotate"`, genesis hash,
		///   `device`, `new_key`).
		///
		/// ## Errors
		/// [`Error::UnknownDevice`], [`Error::NotOwner`], [`Error::DeviceRetired`],
		/// [`Error::DeviceKeyTaken`], [`Error::DeviceKeyRetired`], [`Error::BadKeyProof`].
		///
		/// ## Events
		/// [`Event::DeviceKeyRotated`].
		#[pallet::call_index(9)]
		#[pallet::weight(
			T::WeightInfo::rotate_device_key().saturating_add(T::Observer::max_weight())
		)]
		pub fn rotate_device_key(
			origin: OriginFor<T>,
			device: DeviceId,
			new_key: DeviceKey,
			proof: DeviceSignature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_rotate_key(who, device, new_key, proof)
		}

		/// Set the fees, the device bond and the unbonding period.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Errors
		/// [`Error::FeeTooHigh`], [`Error::BondTooHigh`], [`Error::UnbondingPeriodOutOfRange`].
		///
		/// ## Events
		/// [`Event::ParametersSet`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_parameters())]
		pub fn set_parameters(origin: OriginFor<T>, parameters: ParametersOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_parameters(parameters)
		}

		/// Slash up to `amount` of a device's bond to `beneficiary` (free balance). The device's
		/// status does not change; suspend it separately if it should stop.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Errors
		/// [`Error::UnknownDevice`].
		///
		/// ## Events
		/// [`Event::DeviceBondSlashed`] when anything was taken.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::slash_device_bond())]
		pub fn slash_device_bond(
			origin: OriginFor<T>,
			device: DeviceId,
			amount: BalanceOf<T>,
			beneficiary: AccountIdLookupOf<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let beneficiary = T::Lookup::lookup(beneficiary)?;
			Self::do_slash_bond(device, amount, &beneficiary).map(|_| ())
		}
	}
}
