//! Asserting a device's location and a hotspot's antenna.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Sets `device`'s location to `location` and, for a hotspot, its antenna.
	///
	/// The location fee is burned only when the cell changes. For a hotspot whose cell stays the
	/// same, a new gain or elevation is recorded free of charge. An assertion that changes
	/// nothing fails with [`Error::LocationUnchanged`], so nobody pays for a no-op.
	pub(crate) fn do_assert_location(
		who: T::AccountId,
		device: DeviceId,
		location: H3Cell,
		gain_dbi_x10: u16,
		elevation_m: i32,
	) -> DispatchResult {
		let mut info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(info.owner == who, Error::<T>::NotOwner);
		ensure!(info.status != DeviceStatus::Retired, Error::<T>::DeviceRetired);
		location.validate_location().map_err(|_| Error::<T>::InvalidLocation)?;

		let antenna_changed = match &mut info.attributes {
			DeviceAttributes::Hotspot(antenna) => {
				let asserted = HotspotAttributes { gain_dbi_x10, elevation_m };
				asserted.validate().map_err(Self::attribute_error)?;
				let changed = *antenna != asserted;
				*antenna = asserted;
				changed
			}
			_ => {
				ensure!(gain_dbi_x10 == 0 && elevation_m == 0, Error::<T>::AntennaNotApplicable);
				false
			}
		};
		let previous = info.location;
		let moved = previous != Some(location);
		ensure!(moved || antenna_changed, Error::<T>::LocationUnchanged);

		let fee = if moved { Parameters::<T>::get().location_fee } else { 0 };
		if moved {
			T::Credits::ensure_can_spend(&who, fee).map_err(|_| Error::<T>::InsufficientCredits)?;
			T::Credits::spend(&who, fee)?;
			info.location = Some(location);
			// A counter for display only: saturating at u32::MAX is the intended bound.
			info.location_asserts = info.location_asserts.saturating_add(1);
		}

		let (class, status) = (info.class(), info.status);
		Devices::<T>::insert(device, info);

		if moved {
			T::Observer::on_moved(device, class, status, previous, location);
		}
		Self::deposit_event(Event::LocationAsserted {
			device,
			location,
			gain_dbi_x10,
			elevation_m,
			fee,
		});
		Ok(())
	}
}
