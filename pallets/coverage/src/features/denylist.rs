//! The denylist of devices and (beaconer, witness) pairs, kept by governance in the devices'
//! activity records: a device's entry in its own, a pair's in the witness's, so judging a receipt
//! reads nothing its witness's record does not hold.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Whether `device` is denied at `now` (an entry applies before its expiry block).
	pub fn is_device_denied(device: DeviceId, now: BlockNumberFor<T>) -> bool {
		Self::device_denied(&Activity::<T>::get(device), now)
	}

	/// Whether the pair (`beaconer`, `witness`) is denied at `now`.
	pub fn is_edge_denied(beaconer: DeviceId, witness: DeviceId, now: BlockNumberFor<T>) -> bool {
		Self::edge_denied(&Activity::<T>::get(witness), beaconer, now)
	}

	/// [`Self::is_device_denied`] given the device's activity record.
	pub(crate) fn device_denied(activity: &ActivityOf<T>, now: BlockNumberFor<T>) -> bool {
		activity.denial.is_some_and(|denial| now < denial.expires_at)
	}

	/// [`Self::is_edge_denied`] given the witness's activity record.
	pub(crate) fn edge_denied(
		witness: &ActivityOf<T>,
		beaconer: DeviceId,
		now: BlockNumberFor<T>,
	) -> bool {
		witness
			.denied_edges
			.iter()
			.any(|edge| edge.beaconer == beaconer && now < edge.denial.expires_at)
	}

	fn ensure_future_expiry(denial: &DenialOf<T>) -> DispatchResult {
		ensure!(
			denial.expires_at > frame_system::Pallet::<T>::block_number(),
			Error::<T>::ExpiryInPast
		);
		Ok(())
	}

	/// Changes `device`'s activity record with `change`, all or nothing; a record left empty is
	/// removed.
	fn change_record(
		device: DeviceId,
		change: impl FnOnce(&mut ActivityOf<T>) -> DispatchResult,
	) -> DispatchResult {
		let mut activity = Activity::<T>::get(device);
		change(&mut activity)?;
		if activity == ActivityOf::<T>::default() {
			Activity::<T>::remove(device);
		} else {
			Activity::<T>::insert(device, activity);
		}
		Ok(())
	}

	/// Denies `device` (replacing any entry) until `denial.expires_at`.
	pub(crate) fn do_deny_device(device: DeviceId, denial: DenialOf<T>) -> DispatchResult {
		Self::ensure_future_expiry(&denial)?;
		Self::change_record(device, |activity| {
			activity.denial = Some(denial);
			Ok(())
		})?;
		Self::deposit_event(Event::DeviceDenied { device, denial });
		Ok(())
	}

	/// Removes `device`'s entry.
	pub(crate) fn do_allow_device(device: DeviceId) -> DispatchResult {
		Self::change_record(device, |activity| {
			activity.denial.take().map(|_| ()).ok_or(Error::<T>::NotDenied.into())
		})?;
		Self::deposit_event(Event::DeviceAllowed { device });
		Ok(())
	}

	/// Denies receipts of `witness` for `beaconer`'s beacons until `denial.expires_at`
	/// (replacing the pair's entry), dropping the witness's expired pairs first.
	pub(crate) fn do_deny_edge(
		beaconer: DeviceId,
		witness: DeviceId,
		denial: DenialOf<T>,
	) -> DispatchResult {
		ensure!(beaconer != witness, Error::<T>::SelfEdge);
		Self::ensure_future_expiry(&denial)?;
		let now = frame_system::Pallet::<T>::block_number();
		Self::change_record(witness, |activity| {
			let edges = &mut activity.denied_edges;
			edges.retain(|edge| edge.beaconer != beaconer && now < edge.denial.expires_at);
			edges
				.try_push(DeniedEdge { beaconer, denial })
				.map_err(|_| Error::<T>::DeniedEdgesFull.into())
		})?;
		Self::deposit_event(Event::EdgeDenied { beaconer, witness, denial });
		Ok(())
	}

	/// Removes the pair's entry.
	pub(crate) fn do_allow_edge(beaconer: DeviceId, witness: DeviceId) -> DispatchResult {
		Self::change_record(witness, |activity| {
			let before = activity.denied_edges.len();
			activity.denied_edges.retain(|edge| edge.beaconer != beaconer);
			ensure!(activity.denied_edges.len() < before, Error::<T>::NotDenied);
			Ok(())
		})?;
		Self::deposit_event(Event::EdgeAllowed { beaconer, witness });
		Ok(())
	}
}
