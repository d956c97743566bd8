//! The denylist of devices and (beaconer, witness) pairs, kept by governance.

use crate::*;
use frame_support::weights::Weight;

impl<T: Config> Pallet<T> {
	/// `weight` with one write of [`DenylistSize`] added: the benchmarks whitelist the key (every
	/// block reads it in `on_initialize`), so they count neither its reads nor the write a
	/// change of the denylist makes, which is charged here.
	pub(crate) fn denylist_write(weight: Weight) -> Weight {
		weight.saturating_add(T::DbWeight::get().writes(1))
	}

	/// Whether `device` is denied at `now` (an entry applies before its expiry block).
	pub fn is_device_denied(device: DeviceId, now: BlockNumberFor<T>) -> bool {
		Self::device_denied(DenylistSize::<T>::get(), device, now)
	}

	/// Whether the pair (`beaconer`, `witness`) is denied at `now`.
	pub fn is_edge_denied(beaconer: DeviceId, witness: DeviceId, now: BlockNumberFor<T>) -> bool {
		Self::edge_denied(DenylistSize::<T>::get(), beaconer, witness, now)
	}

	/// [`Self::is_device_denied`] given the denylist's `size`: an empty part is not looked up.
	pub(crate) fn device_denied(
		size: DenylistCounts,
		device: DeviceId,
		now: BlockNumberFor<T>,
	) -> bool {
		size.devices > 0
			&& DeniedDevices::<T>::get(device).is_some_and(|denial| now < denial.expires_at)
	}

	/// [`Self::is_edge_denied`] given the denylist's `size`.
	pub(crate) fn edge_denied(
		size: DenylistCounts,
		beaconer: DeviceId,
		witness: DeviceId,
		now: BlockNumberFor<T>,
	) -> bool {
		size.edges > 0
			&& DeniedEdges::<T>::get(beaconer, witness)
				.is_some_and(|denial| now < denial.expires_at)
	}

	/// The denylist's size counted from its entries (what [`DenylistSize`] stores): one read
	/// per entry.
	pub(crate) fn count_denylist() -> DenylistCounts {
		DenylistCounts {
			devices: DeniedDevices::<T>::iter_keys().count() as u32,
			edges: DeniedEdges::<T>::iter_keys().count() as u32,
		}
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
		if DeniedDevices::<T>::mutate(device, |entry| entry.replace(denial).is_none()) {
			DenylistSize::<T>::mutate(|size| size.devices.saturating_inc());
		}
		Self::deposit_event(Event::DeviceDenied { device, denial });
		Ok(())
	}

	/// Removes `device`'s entry.
	pub(crate) fn do_allow_device(device: DeviceId) -> DispatchResult {
		ensure!(DeniedDevices::<T>::take(device).is_some(), Error::<T>::NotDenied);
		DenylistSize::<T>::mutate(|size| size.devices.saturating_dec());
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
		if DeniedEdges::<T>::mutate(beaconer, witness, |entry| entry.replace(denial).is_none()) {
			DenylistSize::<T>::mutate(|size| size.edges.saturating_inc());
		}
		Self::deposit_event(Event::EdgeDenied { beaconer, witness, denial });
		Ok(())
	}

	/// Removes the pair's entry.
	pub(crate) fn do_allow_edge(beaconer: DeviceId, witness: DeviceId) -> DispatchResult {
		ensure!(DeniedEdges::<T>::take(beaconer, witness).is_some(), Error::<T>::NotDenied);
		DenylistSize::<T>::mutate(|size| size.edges.saturating_dec());
		Self::deposit_event(Event::EdgeAllowed { beaconer, witness });
		Ok(())
	}
}
