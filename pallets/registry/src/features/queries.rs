//! Read accessors, for the runtime API and for other code in the runtime.

use crate::*;

impl<T: Config> Pallet<T> {
	/// The device with this id.
	pub fn device(device: DeviceId) -> Option<DeviceInfoOf<T>> {
		Devices::<T>::get(device)
	}

	/// The device registered with this key, with its id.
	pub fn device_by_key(key: &DeviceKey) -> Option<(DeviceId, DeviceInfoOf<T>)> {
		let device = DeviceByKey::<T>::get(key)?;
		Devices::<T>::get(device).map(|info| (device, info))
	}

	/// One page of `owner`'s devices: at most `limit` (capped at [`Config::MaxPageSize`]),
	/// starting after the device `start_after` (from the beginning when `None`).
	///
	/// Pages follow storage key order, which is stable but not the order of device ids: pass
	/// the last id of a page as `start_after` to get the next page, until a page comes back
	/// shorter than `limit`. `start_after` need not still be owned by `owner`.
	pub fn devices_of(
		owner: &T::AccountId,
		start_after: Option<DeviceId>,
		limit: u32,
	) -> Vec<(DeviceId, DeviceInfoOf<T>)> {
		let limit = limit.min(T::MaxPageSize::get()) as usize;
		let ids = match start_after {
			Some(after) => DevicesOf::<T>::iter_key_prefix_from(
				owner,
				DevicesOf::<T>::hashed_key_for(owner, after),
			),
			None => DevicesOf::<T>::iter_key_prefix(owner),
		};
		ids.take(limit)
			.filter_map(|device| Devices::<T>::get(device).map(|info| (device, info)))
			.collect()
	}

	/// All makers ever approved, revoked ones included (at most [`Config::MaxMakers`]).
	pub fn makers() -> Vec<(MakerId, MakerInfoOf<T>)> {
		Makers::<T>::iter().collect()
	}

	/// The parameters in force.
	pub fn parameters() -> ParametersOf<T> {
		Parameters::<T>::get()
	}
}
