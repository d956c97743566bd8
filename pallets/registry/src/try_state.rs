//! The pallet's invariants, checked by `try_state` and after every unit test.

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the pallet's storage:
	///
	/// - **Parameters** are within the bounds of [`Config`].
	/// - **Makers**: every id is below [`NextMakerId`], which equals the number of makers and is
	///   at most [`Config::MaxMakers`]; revoked makers hold no bond; the maker bond held from each
	///   account equals the sum of the bonds of its makers.
	/// - **Devices**: every id is below [`NextDeviceId`]; [`DeviceCount`] is the number of
	///   devices; every device's key maps back to it in [`DeviceByKey`] and every entry of
	///   [`DeviceByKey`] maps to a device with that key (keys and devices are one-to-one); every
	///   device refers to a known maker; a device is retired exactly when it has an unbonding
	///   block; locations are valid resolution-12 cells; attributes are within bounds.
	/// - **Retired keys**: no key in [`RetiredKeys`] is a registered device's key, and each names
	///   a device id below [`NextDeviceId`].
	/// - **Owners**: [`DevicesOf`] holds exactly the pairs (owner, device) of [`Devices`];
	///   [`OwnerDeviceCount`] equals the number of each owner's devices, is never zero (zero
	///   entries are removed) and never above [`Config::MaxDevicesPerOwner`]; the device bond
	///   held from each owner equals the sum of the bonds of its devices.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::try_state_parameters()?;
		Self::try_state_makers()?;
		Self::try_state_devices()
	}

	fn try_state_parameters() -> Result<(), TryRuntimeError> {
		ensure!(
			Self::ensure_parameters_in_bounds(&Parameters::<T>::get()).is_ok(),
			"the parameters are out of bounds"
		);
		Ok(())
	}

	fn try_state_makers() -> Result<(), TryRuntimeError> {
		let next_maker = NextMakerId::<T>::get();
		ensure!(next_maker <= T::MaxMakers::get(), "more makers than MaxMakers");
		let mut makers: u32 = 0;
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, maker) in Makers::<T>::iter() {
			makers = makers.saturating_add(1);
			ensure!(id < next_maker, "a maker id is at or above NextMakerId");
			if maker.status == MakerStatus::Revoked {
				ensure!(maker.bond.is_zero(), "a revoked maker still has a bond");
			}
			let total = held.entry(maker.account).or_insert_with(Zero::zero);
			*total = total.saturating_add(maker.bond);
		}
		ensure!(makers == next_maker, "NextMakerId differs from the number of makers");
		let reason: T::RuntimeHoldReason = HoldReason::MakerBond.into();
		for (account, bond) in held {
			ensure!(
				T::Currency::balance_on_hold(&reason, &account) == bond,
				"the maker bond held from an account differs from its makers' bonds"
			);
		}
		Ok(())
	}

	fn try_state_devices() -> Result<(), TryRuntimeError> {
		let next_device = NextDeviceId::<T>::get();
		let mut devices: u64 = 0;
		let mut owners: BTreeMap<T::AccountId, (u32, BalanceOf<T>)> = BTreeMap::new();
		for (id, info) in Devices::<T>::iter() {
			devices = devices.saturating_add(1);
			ensure!(id < next_device, "a device id is at or above NextDeviceId");
			ensure!(
				DeviceByKey::<T>::get(info.key) == Some(id),
				"a device's key does not map back to it"
			);
			ensure!(
				DevicesOf::<T>::contains_key(&info.owner, id),
				"a device is missing from its owner's list"
			);
			ensure!(Makers::<T>::contains_key(info.maker), "a device refers to an unknown maker");
			ensure!(
				(info.status == DeviceStatus::Retired) == info.unbonding_until.is_some(),
				"a device is retired without an unbonding block, or the other way round"
			);
			if let Some(cell) = info.location {
				ensure!(cell.validate_location().is_ok(), "a device's location is invalid");
			}
			ensure!(info.attributes.validate().is_ok(), "a device's attributes are invalid");
			let (count, bond) = owners.entry(info.owner).or_insert_with(|| (0, Zero::zero()));
			*count = count.saturating_add(1);
			*bond = bond.saturating_add(info.bond);
		}
		ensure!(DeviceCount::<T>::get() == devices, "DeviceCount differs from the devices");

		for (key, id) in DeviceByKey::<T>::iter() {
			ensure!(
				Devices::<T>::get(id).is_some_and(|info| info.key == key),
				"a key maps to a device that does not have it"
			);
		}
		for (key, id) in RetiredKeys::<T>::iter() {
			ensure!(id < next_device, "a retired key names a device id at or above NextDeviceId");
			ensure!(!DeviceByKey::<T>::contains_key(key), "a retired key is registered again");
		}
		for (owner, id) in DevicesOf::<T>::iter_keys() {
			ensure!(
				Devices::<T>::get(id).is_some_and(|info| info.owner == owner),
				"an owner's list names a device it does not own"
			);
		}
		for (owner, count) in OwnerDeviceCount::<T>::iter() {
			ensure!(count > 0, "a zero OwnerDeviceCount entry was left behind");
			ensure!(
				count <= T::MaxDevicesPerOwner::get(),
				"an owner has more devices than MaxDevicesPerOwner"
			);
			ensure!(
				owners.get(&owner).is_some_and(|(devices, _)| *devices == count),
				"OwnerDeviceCount differs from the owner's devices"
			);
		}
		let reason: T::RuntimeHoldReason = HoldReason::DeviceBond.into();
		for (owner, (count, bond)) in owners {
			ensure!(
				OwnerDeviceCount::<T>::get(&owner) == count,
				"an owner's devices are not counted in OwnerDeviceCount"
			);
			ensure!(
				T::Currency::balance_on_hold(&reason, &owner) == bond,
				"the device bond held from an owner differs from its devices' bonds"
			);
		}
		Ok(())
	}
}
