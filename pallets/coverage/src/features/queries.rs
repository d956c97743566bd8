//! Reads for the runtime API: a hex's coverage and a hotspot's.

use crate::{features::density::CountCache, *};

impl<T: Config> Pallet<T> {
	/// The coverage of `hex` (any resolution), or `None` for an invalid cell. Writes nothing.
	pub fn hex_coverage(hex: H3Cell) -> Option<HexCoverage> {
		let res = hex.validate().ok()?;
		let counted =
			if res > DENSITY_MAX_RESOLUTION { hex.parent(DENSITY_MAX_RESOLUTION)? } else { hex };
		let count = HexCounts::<T>::get(counted).unwrap_or(0);
		let (transmit_scale, scale_fixed) = if res >= DENSITY_MAX_RESOLUTION {
			let epoch = T::Rewards::current_epoch();
			match HexScales::<T>::get(counted) {
				Some((at, scale)) if at == epoch => (Some(scale), true),
				_ => (Some(Self::compute_scale(counted, &mut CountCache::new())), false),
			}
		} else {
			(None, false)
		};
		Some(HexCoverage { hex, count, transmit_scale, scale_fixed })
	}

	/// The coverage record of `device`; all empty for a device that never beaconed or witnessed.
	pub fn hotspot_coverage(device: DeviceId) -> HotspotCoverage<BlockNumberFor<T>> {
		let activity = Activity::<T>::get(device);
		let current_epoch = T::Rewards::current_epoch();
		HotspotCoverage {
			current_epoch,
			last_beacon: activity.last_beacon,
			last_beacon_with_witness: activity.last_beacon_with_witness,
			last_valid_witness: activity.last_valid_witness,
			epoch_shares: if activity.epoch == current_epoch { activity.epoch_shares } else { 0 },
			counted_at: Counted::<T>::get(device),
			refusals: Refusals::<T>::get(device).into_inner(),
		}
	}
}
