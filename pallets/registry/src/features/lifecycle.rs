//! The device lifecycle: suspend, resume, retire, withdraw the bond, slash the bond.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Suspends `device` for `reason`. A device already suspended for another reason takes the
	/// new reason (observers are not called again: it was already out of service).
	pub(crate) fn do_suspend(device: DeviceId, reason: SuspendReason) -> DispatchResult {
		let mut info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		let was_active = match info.status {
			DeviceStatus::Active => true,
			DeviceStatus::Suspended { reason: current } => {
				ensure!(current != reason, Error::<T>::AlreadySuspended);
				false
			}
			DeviceStatus::Retired => return Err(Error::<T>::DeviceRetired.into()),
		};

		info.status = DeviceStatus::Suspended { reason };
		let (class, location) = (info.class(), info.location);
		Devices::<T>::insert(device, info);

		if was_active {
			T::Observer::on_suspended(device, class, location, reason);
		}
		Self::deposit_event(Event::DeviceSuspended { device, reason });
		Ok(())
	}

	/// Resumes a suspended `device`. With `Some(reason)`, only a suspension for that reason is
	/// lifted (how other pallets lift their own suspensions); with `None`, any (governance).
	pub(crate) fn do_resume(
		device: DeviceId,
		only_reason: Option<SuspendReason>,
	) -> DispatchResult {
		let mut info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		let DeviceStatus::Suspended { reason } = info.status else {
			return Err(Error::<T>::NotSuspended.into());
		};
		if let Some(required) = only_reason {
			ensure!(reason == required, Error::<T>::SuspendReasonMismatch);
		}

		info.status = DeviceStatus::Active;
		let (class, location) = (info.class(), info.location);
		Devices::<T>::insert(device, info);

		T::Observer::on_resumed(device, class, location);
		Self::deposit_event(Event::DeviceResumed { device });
		Ok(())
	}

	/// Retires `who`'s `device`; its bond unlocks after the unbonding period.
	pub(crate) fn do_retire(who: T::AccountId, device: DeviceId) -> DispatchResult {
		let mut info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(info.owner == who, Error::<T>::NotOwner);
		ensure!(info.status != DeviceStatus::Retired, Error::<T>::DeviceRetired);

		let was_active = info.is_active();
		// A point in time: saturating at the largest block number is the intended bound.
		let unbonding_until = frame_system::Pallet::<T>::block_number()
			.saturating_add(Parameters::<T>::get().unbonding_period);
		info.status = DeviceStatus::Retired;
		info.unbonding_until = Some(unbonding_until);
		let (class, location) = (info.class(), info.location);
		Devices::<T>::insert(device, info);

		T::Observer::on_retired(device, class, location, was_active);
		Self::deposit_event(Event::DeviceRetired { device, unbonding_until });
		Ok(())
	}

	/// Releases a retired device's bond to `who` once unbonded, and removes the device: its
	/// record, its key and its place in the owner's list.
	pub(crate) fn do_withdraw_bond(who: T::AccountId, device: DeviceId) -> DispatchResult {
		let info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(info.owner == who, Error::<T>::NotOwner);
		ensure!(info.status == DeviceStatus::Retired, Error::<T>::NotRetired);
		let unbonding_until = info.unbonding_until.ok_or(Error::<T>::NotRetired)?;
		ensure!(
			frame_system::Pallet::<T>::block_number() >= unbonding_until,
			Error::<T>::StillUnbonding
		);

		let owned =
			OwnerDeviceCount::<T>::get(&who).checked_sub(1).ok_or(ArithmeticError::Underflow)?;
		let device_count =
			DeviceCount::<T>::get().checked_sub(1).ok_or(ArithmeticError::Underflow)?;

		let amount = info.bond;
		if !amount.is_zero() {
			let reason: T::RuntimeHoldReason = HoldReason::DeviceBond.into();
			T::Currency::release(&reason, &who, amount, Precision::Exact)?;
		}

		Devices::<T>::remove(device);
		DeviceByKey::<T>::remove(info.key);
		RetiredKeys::<T>::insert(info.key, device);
		DevicesOf::<T>::remove(&who, device);
		if owned == 0 {
			OwnerDeviceCount::<T>::remove(&who);
		} else {
			OwnerDeviceCount::<T>::insert(&who, owned);
		}
		DeviceCount::<T>::put(device_count);

		T::Observer::on_removed(device, &who);
		Self::deposit_event(Event::BondWithdrawn { device, owner: who, amount });
		Ok(())
	}

	/// Pays up to `amount` of `device`'s bond to `beneficiary` as free balance and lowers the
	/// recorded bond. Returns what was taken: less than `amount` when the bond is smaller, zero
	/// (with no event) when it is empty. The device's status is not changed.
	pub(crate) fn do_slash_bond(
		device: DeviceId,
		amount: BalanceOf<T>,
		beneficiary: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		let mut info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		let wanted = amount.min(info.bond);
		if wanted.is_zero() {
			return Ok(Zero::zero());
		}

		let reason: T::RuntimeHoldReason = HoldReason::DeviceBond.into();
		let taken = T::Currency::transfer_on_hold(
			&reason,
			&info.owner,
			beneficiary,
			wanted,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)?;
		if taken < wanted {
			log::warn!(
				target: LOG_TARGET,
				"device {device}: slashed {taken:?} of a recorded bond share of {wanted:?}",
			);
		}
		// `taken <= wanted <= info.bond`, so this never saturates.
		info.bond = info.bond.saturating_sub(taken);
		Devices::<T>::insert(device, info);

		Self::deposit_event(Event::DeviceBondSlashed {
			device,
			amount: taken,
			beneficiary: beneficiary.clone(),
		});
		Ok(taken)
	}
}
