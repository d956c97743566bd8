//! The registry's lifecycle hooks: a device that leaves service closes its lease.

use crate::*;
use depin_primitives::{DeviceClass, DeviceObserver, H3Cell, SuspendReason};
use sp_runtime::Weight;

impl<T: Config> Pallet<T> {
	/// Closes the open lease of `device`, which is no longer active, with
	/// [`CloseReason::DeviceInactive`] (through a touch, so it is settled first). Never fails:
	/// a failure is logged and leaves the lease to its next touch.
	pub(crate) fn device_left_service(device: DeviceId) {
		let Some(id) = ActiveLeaseOf::<T>::get(device) else { return };
		if let Err(error) = Self::touch_stored(id, Self::now()) {
			log::error!(target: LOG_TARGET, "lease {id} of device {device} not closed: {error:?}");
		}
	}
}

/// Add the pallet to the registry's `Observer` so a suspended, retired or removed device's
/// lease closes at once rather than on its next touch.
impl<T: Config> DeviceObserver<T::AccountId> for Pallet<T> {
	fn on_suspended(
		device: DeviceId,
		_class: DeviceClass,
		_location: Option<H3Cell>,
		_reason: SuspendReason,
	) {
		Self::device_left_service(device);
	}

	fn on_retired(
		device: DeviceId,
		_class: DeviceClass,
		_location: Option<H3Cell>,
		_was_active: bool,
	) {
		Self::device_left_service(device);
	}

	fn on_removed(device: DeviceId, _owner: &T::AccountId) {
		Self::device_left_service(device);
	}

	fn max_weight() -> Weight {
		Self::closing_weight(T::WeightInfo::settle_lease())
	}
}
