//! Transferring a device to a new owner and rotating its key.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Transfers `who`'s `device` to `new_owner`. The bond moves with the device and stays on
	/// hold, now from `new_owner`.
	pub(crate) fn do_transfer(
		who: T::AccountId,
		device: DeviceId,
		new_owner: T::AccountId,
	) -> DispatchResult {
		let mut info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(info.owner == who, Error::<T>::NotOwner);
		ensure!(info.status != DeviceStatus::Retired, Error::<T>::DeviceRetired);
		ensure!(new_owner != who, Error::<T>::AlreadyOwner);

		let received = OwnerDeviceCount::<T>::get(&new_owner);
		ensure!(received < T::MaxDevicesPerOwner::get(), Error::<T>::TooManyDevices);
		let received = received.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let kept =
			OwnerDeviceCount::<T>::get(&who).checked_sub(1).ok_or(ArithmeticError::Underflow)?;

		let reason: T::RuntimeHoldReason = HoldReason::DeviceBond.into();
		if !info.bond.is_zero() {
			ensure!(
				T::Currency::hold_available(&reason, &new_owner),
				Error::<T>::NewOwnerCannotHoldBond
			);
			T::Currency::transfer_on_hold(
				&reason,
				&who,
				&new_owner,
				info.bond,
				Precision::Exact,
				Restriction::OnHold,
				Fortitude::Polite,
			)?;
		}

		info.owner = new_owner.clone();
		Devices::<T>::insert(device, info);
		DevicesOf::<T>::remove(&who, device);
		DevicesOf::<T>::insert(&new_owner, device, ());
		if kept == 0 {
			OwnerDeviceCount::<T>::remove(&who);
		} else {
			OwnerDeviceCount::<T>::insert(&who, kept);
		}
		OwnerDeviceCount::<T>::insert(&new_owner, received);

		T::Observer::on_owner_changed(device, &who, &new_owner);
		Self::deposit_event(Event::DeviceTransferred { device, from: who, to: new_owner });
		Ok(())
	}

	/// Rotates `who`'s `device` to `new_key`, which proves possession with `proof`, a signature
	/// over [`rotation_payload`] for this chain. The old key is retired.
	pub(crate) fn do_rotate_key(
		who: T::AccountId,
		device: DeviceId,
		new_key: DeviceKey,
		proof: DeviceSignature,
	) -> DispatchResult {
		let mut info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(info.owner == who, Error::<T>::NotOwner);
		ensure!(info.status != DeviceStatus::Retired, Error::<T>::DeviceRetired);
		// Also refuses rotating to the device's own current key.
		Self::ensure_key_never_registered(&new_key)?;
		ensure!(
			new_key.verify(&rotation_payload(&genesis_hash::<T>(), device, &new_key), &proof),
			Error::<T>::BadKeyProof
		);

		let old_key = info.key;
		info.key = new_key;
		Devices::<T>::insert(device, info);
		DeviceByKey::<T>::remove(old_key);
		DeviceByKey::<T>::insert(new_key, device);
		RetiredKeys::<T>::insert(old_key, device);

		T::Observer::on_key_rotated(device, &old_key, &new_key);
		Self::deposit_event(Event::DeviceKeyRotated { device, old_key, new_key });
		Ok(())
	}
}
