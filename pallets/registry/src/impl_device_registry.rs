//! The registry as other pallets (coverage, leases) see it.

use crate::*;
use depin_primitives::DeviceRegistry;

impl<T: Config> DeviceRegistry<T::AccountId> for Pallet<T> {
	type Balance = BalanceOf<T>;
	type BlockNumber = BlockNumberFor<T>;

	fn device(device: DeviceId) -> Option<DeviceInfoOf<T>> {
		Devices::<T>::get(device)
	}

	fn device_by_key(key: &DeviceKey) -> Option<(DeviceId, DeviceInfoOf<T>)> {
		let device = DeviceByKey::<T>::get(key)?;
		Devices::<T>::get(device).map(|info| (device, info))
	}

	fn slash_bond(
		device: DeviceId,
		amount: BalanceOf<T>,
		beneficiary: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		Self::do_slash_bond(device, amount, beneficiary)
	}

	fn suspend(device: DeviceId, reason: SuspendReason) -> DispatchResult {
		Self::do_suspend(device, reason)
	}

	fn resume(device: DeviceId, reason: SuspendReason) -> DispatchResult {
		Self::do_resume(device, Some(reason))
	}
}
