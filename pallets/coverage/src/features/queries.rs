//! Reads for the runtime API: a hex's coverage and a hotspot's, and the explorer's paged
//! listings (regions, hexes and hotspots under a hex, a block's coverage activity). None is
//! called by a dispatchable or a hook; each listing scans at most [`MAX_PAGE`] entries.

use crate::{features::density::CountCache, *};
use alloc::collections::btree_set::BTreeSet;

impl<T: Config> Pallet<T> {
	/// The coverage of `hex` (any resolution), or `None` for an invalid cell. Writes nothing.
	pub fn hex_coverage(hex: H3Cell) -> Option<HexCoverage> {
		Self::hex_coverage_with(hex, &mut CountCache::new())
	}

	/// [`Self::hex_coverage`], reading counts through `cache` (shared by the hexes of a page).
	fn hex_coverage_with(hex: H3Cell, cache: &mut CountCache) -> Option<HexCoverage> {
		let res = hex.validate().ok()?;
		let counted =
			if res > DENSITY_MAX_RESOLUTION { hex.parent(DENSITY_MAX_RESOLUTION)? } else { hex };
		let count = HexCounts::<T>::get(counted).unwrap_or(0);
		let (transmit_scale, scale_fixed) = if res >= DENSITY_MAX_RESOLUTION {
			let epoch = T::Rewards::current_epoch();
			match HexScales::<T>::get(counted) {
				Some((at, scale)) if at == epoch => (Some(scale), true),
				_ => (Some(Self::compute_scale(counted, cache)), false),
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

	/// One page of the regions (resolution-4 hexes holding a counted hotspot) with their
	/// counts: at most `limit` (capped at [`MAX_PAGE`]), after `start_after`, in storage order.
	pub fn regions(start_after: Option<H3Cell>, limit: u32) -> HexPage<H3Cell> {
		let limit = limit.clamp(1, MAX_PAGE) as usize;
		let keys = match start_after {
			Some(after) => Regions::<T>::iter_keys_from(Regions::<T>::hashed_key_for(after)),
			None => Regions::<T>::iter_keys(),
		};
		let mut cache = CountCache::new();
		let mut hexes = Vec::new();
		let mut next = None;
		for region in keys {
			if hexes.len() == limit {
				next = hexes.last().map(|last: &HexCoverage| last.hex);
				break;
			}
			hexes.extend(Self::hex_coverage_with(region, &mut cache));
		}
		HexPage { hexes, next }
	}

	/// One page of the hexes at `resolution` under `parent` that hold counted hotspots, with
	/// their counts (and, at resolution 10, transmit scales): found by scanning at most `limit`
	/// (capped at [`MAX_PAGE`]) of the hotspots of `parent`'s region after the device
	/// `start_after`. A hex may show again on a later page. `None` unless `parent` is a valid
	/// cell of resolution 4 to 10 and `resolution` is between its resolution and 10.
	pub fn hexes_under(
		parent: H3Cell,
		resolution: u8,
		start_after: Option<DeviceId>,
		limit: u32,
	) -> Option<HexPage<DeviceId>> {
		let parent_res = Self::listing_resolution(parent, DENSITY_MAX_RESOLUTION)?;
		if !(parent_res..=DENSITY_MAX_RESOLUTION).contains(&resolution) {
			return None;
		}
		let mut found = BTreeSet::new();
		let next = Self::scan_region(parent, parent_res, start_after, limit, |_, cell| {
			found.extend(cell.parent(resolution));
		})?;
		let mut cache = CountCache::new();
		let hexes =
			found.into_iter().filter_map(|hex| Self::hex_coverage_with(hex, &mut cache)).collect();
		Some(HexPage { hexes, next })
	}

	/// One page of the counted hotspots located under `parent` (resolution 4 to 15), with
	/// their locations: found by scanning at most `limit` (capped at [`MAX_PAGE`]) of the
	/// hotspots of `parent`'s region after the device `start_after`. `None` for an invalid or
	/// too coarse `parent`.
	pub fn hotspots_under(
		parent: H3Cell,
		start_after: Option<DeviceId>,
		limit: u32,
	) -> Option<HotspotPage> {
		let parent_res = Self::listing_resolution(parent, 15)?;
		let mut hotspots = Vec::new();
		let next = Self::scan_region(parent, parent_res, start_after, limit, |device, cell| {
			hotspots.push((device, cell));
		})?;
		Some(HotspotPage { hotspots, next })
	}

	/// What a block's events say happened in proof-of-coverage, for the runtime API to map over
	/// the block's event records.
	pub fn activity_of(event: &Event<T>) -> Option<CoverageActivity<BlockNumberFor<T>>> {
		Some(match event.clone() {
			Event::BeaconAccepted { beacon_id, beaconer, closes_at } => {
				CoverageActivity::BeaconAccepted { beacon: beacon_id, beaconer, closes_at }
			}
			Event::ReceiptsCounted { beacon_id, counted } => {
				CoverageActivity::ReceiptsCounted { beacon: beacon_id, count: counted }
			}
			Event::BeaconRewarded {
				beacon_id,
				beaconer,
				epoch,
				valid_witnesses,
				beacon_shares,
				rewarded,
			} => CoverageActivity::BeaconRewarded {
				beacon: beacon_id,
				beaconer,
				epoch,
				valid_witnesses,
				shares: beacon_shares,
				witnesses: rewarded,
			},
			Event::WitnessInvalid { beacon_id, witness, reason } => {
				CoverageActivity::WitnessInvalid { beacon: beacon_id, witness, reason }
			}
			_ => return None,
		})
	}

	/// The resolution of `parent` when it is a valid cell of resolution 4 to `finest`.
	fn listing_resolution(parent: H3Cell, finest: u8) -> Option<u8> {
		let res = parent.validate().ok()?;
		(DENSITY_MIN_RESOLUTION..=finest).contains(&res).then_some(res)
	}

	/// Scans at most `limit` (capped at [`MAX_PAGE`]) hotspots of the region of `parent` (of
	/// resolution `parent_res`) after `start_after`, giving `found` those located under
	/// `parent`. Returns the device to continue after, `None` when the region is done.
	fn scan_region(
		parent: H3Cell,
		parent_res: u8,
		start_after: Option<DeviceId>,
		limit: u32,
		mut found: impl FnMut(DeviceId, H3Cell),
	) -> Option<Option<DeviceId>> {
		let region = parent.parent(DENSITY_MIN_RESOLUTION)?;
		let limit = limit.clamp(1, MAX_PAGE);
		let entries = match start_after {
			Some(after) => {
				Located::<T>::iter_prefix_from(region, Located::<T>::hashed_key_for(region, after))
			}
			None => Located::<T>::iter_prefix(region),
		};
		let mut last = None;
		for (scanned, (device, cell)) in (0u32..).zip(entries) {
			if scanned == limit {
				return Some(last);
			}
			last = Some(device);
			if cell.parent(parent_res) == Some(parent) {
				found(device, cell);
			}
		}
		Some(None)
	}
}
