//! The denylist of devices and (beaconer, witness) pairs, kept by governance.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Whether `device` is denied at `now` (an entry applies before its expiry block).
	pub fn is_device_denied(device: DeviceId, now: BlockNumberFor<T>) -> bool {
		DeniedDevices::<T>::get(device).is_some_and(|denial| now < denial.expires_at)
	}

	/// Whether the pair (`beaconer`, `witness`) is denied at `now`.
	pub fn is_edge_denied(beaconer: DeviceId, witness: DeviceId, now: BlockNumberFor<T>) -> bool {
		DeniedEdges::<T>::get(beaconer, witness).is_some_and(|denial| now < denial.expires_at)
	}

	fn ensure_future_expiry(denial: &DenialOf<T>) -> DispatchResult {
		ensure!(
			denial.expires_at > frame_system::Pallet::<T>::block_number(),
			Error::<T>::ExpiryInPast
		);
		Ok(())
	}

	/// Denies `device` (replacing any entry) until `denial.expires_at`.
	pub(crate) fn do_deny_device(device: DeviceId, denial: DenialOf<T>) -> DispatchResult {
		Self::ensure_future_expiry(&denial)?;
		DeniedDevices::<T>::insert(device, denial);
		Self::deposit_event(Event::DeviceDenied { device, denial });
		Ok(())
	}

	/// Removes `device`'s entry.
	pub(crate) fn do_allow_device(device: DeviceId) -> DispatchResult {
		ensure!(DeniedDevices::<T>::take(device).is_some(), Error::<T>::NotDenied);
		Self::deposit_event(Event::DeviceAllowed { device });
		Ok(())
	}

	/// Denies receipts of `witness` for `beaconer`'s beacons until `denial.expires_at`.
	pub(crate) fn do_deny_edge(
		beaconer: DeviceId,
		witness: DeviceId,
		denial: DenialOf<T>,
	) -> DispatchResult {
		ensure!(beaconer != witness, Error::<T>::SelfEdge);
		Self::ensure_future_expiry(&denial)?;
		DeniedEdges::<T>::insert(beaconer, witness, denial);
		Self::deposit_event(Event::EdgeDenied { beaconer, witness, denial });
		Ok(())
	}

	/// Removes the pair's entry.
	pub(crate) fn do_allow_edge(beaconer: DeviceId, witness: DeviceId) -> DispatchResult {
		ensure!(DeniedEdges::<T>::take(beaconer, witness).is_some(), Error::<T>::NotDenied);
		Self::deposit_event(Event::EdgeAllowed { beaconer, witness });
		Ok(())
	}
}
