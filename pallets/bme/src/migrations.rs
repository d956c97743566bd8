//! Storage migrations of the BME pallet.

use crate::*;
use frame_support::{
	migrations::VersionedMigration,
	traits::UncheckedOnRuntimeUpgrade,
	weights::{RuntimeDbWeight, Weight},
};
#[cfg(feature = "try-runtime")]
use sp_runtime::TryRuntimeError;

/// Version 0 to 1: the data-transfer pool. [`Parameters`] gains `split.data_transfer` (0 %: the
/// split in force is kept as it is, governance gives data transfer its part) and
/// `data_transfer_remainder` ([`DataTransferRemainder::Coverage`]); [`Rollover`] gains the
/// data-transfer pool's entry (zero). Two values translated, in one block.
pub type MigrateV0ToV1<T> = VersionedMigration<
	0,
	1,
	v1::AddDataTransferPool<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;

/// The version 1 migration, unversioned, with version 0's types.
pub mod v1 {
	use super::*;
	use codec::{Decode, Encode};
	use depin_primitives::EpochIndex;
	use frame_support::storage_alias;

	/// Version 0's split: four parts.
	#[derive(Clone, Copy, Encode, Decode)]
	pub struct OldPoolSplit {
		/// Coverage.
		pub coverage: Perbill,
		/// Compute availability.
		pub compute_availability: Perbill,
		/// Validators.
		pub validators: Perbill,
		/// Treasury.
		pub treasury: Perbill,
	}

	/// Version 0's parameters.
	#[derive(Clone, Copy, Encode, Decode)]
	pub struct OldParameters<Balance, BlockNumber> {
		/// As in version 1.
		pub max_price_age: BlockNumber,
		/// As in version 1.
		pub min_feeders: u32,
		/// As in version 1.
		pub max_price_spread: Perbill,
		/// As in version 1.
		pub max_credits_per_window: CreditBalance,
		/// As in version 1.
		pub epoch_length: BlockNumber,
		/// As in version 1.
		pub initial_emission: Balance,
		/// As in version 1.
		pub halving_interval: EpochIndex,
		/// Four parts.
		pub split: OldPoolSplit,
		/// As in version 1.
		pub net_emissions_cap: Balance,
		/// As in version 1.
		pub protocol_fee: Perbill,
		/// As in version 1.
		pub max_settlement_mint_per_epoch: Balance,
	}

	/// Version 0's rollover: three pools.
	#[derive(Clone, Copy, Default, Encode, Decode)]
	pub struct OldPerPool<B> {
		/// Coverage.
		pub coverage: B,
		/// Compute availability.
		pub compute_availability: B,
		/// Validators.
		pub validators: B,
	}

	/// Version 0's [`Parameters`], under the same key.
	#[storage_alias]
	pub type Parameters<T: Config> = StorageValue<
		Pallet<T>,
		OldParameters<BalanceOf<T>, BlockNumberFor<T>>,
		frame_support::pallet_prelude::OptionQuery,
	>;

	/// Version 0's [`Rollover`], under the same key.
	#[storage_alias]
	pub type Rollover<T: Config> = StorageValue<
		Pallet<T>,
		OldPerPool<BalanceOf<T>>,
		frame_support::pallet_prelude::OptionQuery,
	>;

	/// Version 0's parameters as version 1's: data transfer gets 0 % of the split and its
	/// remainder goes to coverage.
	pub fn translate<B, N>(old: OldParameters<B, N>) -> BmeParameters<B, N> {
		BmeParameters {
			max_price_age: old.max_price_age,
			min_feeders: old.min_feeders,
			max_price_spread: old.max_price_spread,
			max_credits_per_window: old.max_credits_per_window,
			epoch_length: old.epoch_length,
			initial_emission: old.initial_emission,
			halving_interval: old.halving_interval,
			split: PoolSplit {
				coverage: old.split.coverage,
				compute_availability: old.split.compute_availability,
				validators: old.split.validators,
				data_transfer: Perbill::zero(),
				treasury: old.split.treasury,
			},
			net_emissions_cap: old.net_emissions_cap,
			protocol_fee: old.protocol_fee,
			max_settlement_mint_per_epoch: old.max_settlement_mint_per_epoch,
			data_transfer_remainder: DataTransferRemainder::Coverage,
		}
	}

	/// Translates the parameters and the rollover to version 1.
	pub struct AddDataTransferPool<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for AddDataTransferPool<T> {
		fn on_runtime_upgrade() -> Weight {
			if let Some(old) = v1::Parameters::<T>::take() {
				crate::Parameters::<T>::put(translate(old));
			}
			if let Some(old) = v1::Rollover::<T>::take() {
				crate::Rollover::<T>::put(PerPool {
					coverage: old.coverage,
					compute_availability: old.compute_availability,
					validators: old.validators,
					data_transfer: Zero::zero(),
				});
			}
			let db: RuntimeDbWeight = T::DbWeight::get();
			db.reads_writes(2, 2)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			Ok((v1::Parameters::<T>::get(), v1::Rollover::<T>::get()).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			type State<T> = (
				Option<OldParameters<BalanceOf<T>, BlockNumberFor<T>>>,
				Option<OldPerPool<BalanceOf<T>>>,
			);
			let (parameters, rollover) = State::<T>::decode(&mut &state[..])
				.map_err(|_| "the pre-upgrade state does not decode")?;
			if let Some(old) = parameters {
				ensure!(
					crate::Parameters::<T>::get() == translate(old),
					"the parameters were not translated"
				);
			}
			let new = crate::Rollover::<T>::get();
			let old = rollover.unwrap_or_default();
			ensure!(
				new.coverage == old.coverage
					&& new.compute_availability == old.compute_availability
					&& new.validators == old.validators
					&& new.data_transfer.is_zero(),
				"the rollover was not translated"
			);
			ensure!(
				Pallet::<T>::ensure_parameters_in_bounds(&crate::Parameters::<T>::get()).is_ok(),
				"the translated parameters are out of bounds"
			);
			Ok(())
		}
	}
}
