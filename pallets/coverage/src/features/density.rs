//! Hex density (HIP-17 as tuned by HIP-104): per-hex counts of active, located hotspots at
//! resolutions 4 to 10, kept current by the registry's [`DeviceObserver`] hooks, and the
//! transmit scale they give every reward.
//!
//! The transmit scale of a location is the product, over resolutions 4 to 10, of
//! `min(count, limit) / count` for the hex containing it, with `limit` from that resolution's
//! [`DensityRule`]. Helium rolls clipped counts up from the finer resolution; this pallet clips
//! each resolution's own count, so the scale is a pure function of the counts stored on-chain
//! and anyone can recompute it.
//!
//! The scale is computed for a resolution-10 hex the first time a report needs it in an epoch
//! and kept in [`HexScales`] for the rest of that epoch, unless the hex's own count changes
//! (a hotspot arrives, leaves, suspends or resumes there), which drops it: a report then reads
//! one entry per hotspot instead of up to 49 counts, and hotspots that leave a hex while its
//! scale is computed and come back do not keep that scale. Changes at coarser resolutions reach
//! other hexes' scales at the next epoch.

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use depin_primitives::{h3::ring, DeviceClass, DeviceStatus, SuspendReason};
use frame_support::weights::Weight;
use sp_runtime::Perbill;

/// The counts read while computing scales for one report.
pub(crate) type CountCache = BTreeMap<H3Cell, u32>;

impl<T: Config> Pallet<T> {
	/// The stored count of `hex`, read once per report.
	fn cached_count(hex: H3Cell, cache: &mut CountCache) -> u32 {
		*cache.entry(hex).or_insert_with(|| HexCounts::<T>::get(hex).unwrap_or(0))
	}

	/// The transmit scale of the resolution-10 hex `hex`, computed from the stored counts.
	pub fn compute_scale(hex: H3Cell, cache: &mut CountCache) -> Perbill {
		let rules = DensityRules::<T>::get();
		let mut scale = Perbill::one();
		for (rule, res) in rules.iter().zip(DENSITY_MIN_RESOLUTION..=DENSITY_MAX_RESOLUTION) {
			let Some(parent) = hex.parent(res) else { continue };
			let count = Self::cached_count(parent, cache);
			if count == 0 {
				continue;
			}
			let mut occupied = u32::from(count >= rule.target);
			if let Some(neighbors) = ring::neighbors(parent) {
				for neighbor in neighbors.iter() {
					if Self::cached_count(*neighbor, cache) >= rule.target {
						occupied += 1;
					}
				}
			}
			let steps = occupied.saturating_add(1).saturating_sub(rule.neighbors).max(1);
			let limit = rule.target.saturating_mul(steps).min(rule.max);
			if count > limit {
				scale = scale * Perbill::from_rational(limit, count);
			}
		}
		scale
	}

	/// The transmit scale of a hotspot at `location` in `epoch`: the cached value of its
	/// resolution-10 hex, or a fresh computation that is then cached. Returns whether it was
	/// computed.
	pub(crate) fn transmit_scale(
		location: H3Cell,
		epoch: EpochIndex,
		cache: &mut CountCache,
	) -> (Perbill, bool) {
		let Some(hex) = location.parent(DENSITY_MAX_RESOLUTION) else {
			return (Perbill::zero(), false);
		};
		match HexScales::<T>::get(hex) {
			Some((at, scale)) if at == epoch => (scale, false),
			_ => {
				let scale = Self::compute_scale(hex, cache);
				HexScales::<T>::insert(hex, (epoch, scale));
				(scale, true)
			}
		}
	}

	/// Moves `device`'s contribution to the counts from where it was counted to `now_at`
	/// (`None`: not counted). Does nothing when they are the same.
	pub(crate) fn recount(device: DeviceId, now_at: Option<H3Cell>) {
		let before = Counted::<T>::get(device);
		if before == now_at {
			return;
		}
		if let Some(cell) = before {
			Self::add_to_counts(cell, false);
			if let Some(region) = cell.parent(DENSITY_MIN_RESOLUTION) {
				Located::<T>::remove(region, device);
			}
		}
		if let Some(cell) = now_at {
			Self::add_to_counts(cell, true);
			if let Some(region) = cell.parent(DENSITY_MIN_RESOLUTION) {
				Located::<T>::insert(region, device, cell);
			}
		}
		match now_at {
			Some(cell) => Counted::<T>::insert(device, cell),
			None => Counted::<T>::remove(device),
		}
	}

	/// Adds one to (or takes one from) the count of every parent of `cell` at resolutions 4 to
	/// 10, and drops the cached scale of its resolution-10 hex. A count that reaches zero is
	/// removed.
	fn add_to_counts(cell: H3Cell, add: bool) {
		for res in DENSITY_MIN_RESOLUTION..=DENSITY_MAX_RESOLUTION {
			let Some(hex) = cell.parent(res) else { continue };
			HexCounts::<T>::mutate_exists(hex, |count| {
				let next = if add {
					count.unwrap_or(0).saturating_add(1)
				} else {
					count.unwrap_or(0).saturating_sub(1)
				};
				*count = (next > 0).then_some(next);
			});
			// A region is listed while it holds a counted hotspot.
			if res == DENSITY_MIN_RESOLUTION {
				if add {
					Regions::<T>::insert(hex, ());
				} else if !HexCounts::<T>::contains_key(hex) {
					Regions::<T>::remove(hex);
				}
			}
			// Any change of a resolution-10 hex's own count drops its cached scale, so hotspots
			// that leave a hex while its scale is computed and come back do not keep it.
			if res == DENSITY_MAX_RESOLUTION {
				HexScales::<T>::remove(hex);
			}
		}
	}

	/// Replaces the density table after checking it.
	pub(crate) fn do_set_density_rules(rules: DensityTable) -> DispatchResult {
		for rule in rules.iter() {
			ensure!(
				rule.target >= 1 && rule.max >= rule.target && rule.neighbors >= 1,
				Error::<T>::BadDensityRule
			);
			ensure!(
				rule.neighbors <= 7 && rule.max <= MAX_DENSITY_LIMIT,
				Error::<T>::BadDensityRule
			);
		}
		DensityRules::<T>::put(rules);
		Self::deposit_event(Event::DensityRulesSet { rules });
		Ok(())
	}
}

/// The count-keeping side of the registry's lifecycle hooks: a hotspot is counted at its
/// location while it is `Active` and located.
impl<T: Config> DeviceObserver<T::AccountId> for Pallet<T> {
	fn on_moved(
		device: DeviceId,
		class: DeviceClass,
		status: DeviceStatus,
		_from: Option<H3Cell>,
		to: H3Cell,
	) {
		if class == DeviceClass::Hotspot {
			Self::recount(device, status.is_active().then_some(to));
		}
	}

	fn on_suspended(
		device: DeviceId,
		class: DeviceClass,
		_location: Option<H3Cell>,
		_reason: SuspendReason,
	) {
		if class == DeviceClass::Hotspot {
			Self::recount(device, None);
		}
	}

	fn on_resumed(device: DeviceId, class: DeviceClass, location: Option<H3Cell>) {
		if class == DeviceClass::Hotspot {
			Self::recount(device, location);
		}
	}

	fn on_retired(
		device: DeviceId,
		class: DeviceClass,
		_location: Option<H3Cell>,
		_was_active: bool,
	) {
		if class == DeviceClass::Hotspot {
			Self::recount(device, None);
		}
	}

	fn on_removed(device: DeviceId, owner: &T::AccountId) {
		Self::recount(device, None);
		let activity = Activity::<T>::take(device);
		Self::note_all_now(owner, &activity);
		let (epoch, _) = EpochTotal::<T>::get();
		if activity.epoch == epoch && activity.epoch_shares > 0 {
			RemovedShares::<T>::mutate(|(at, removed)| {
				if *at != epoch {
					*at = epoch;
					*removed = 0;
				}
				*removed = removed.saturating_add(activity.epoch_shares);
			});
		}
		Refusals::<T>::remove(device);
	}

	fn max_weight() -> Weight {
		// `Counted` read and write; two passes over seven counts (read and write each); one
		// scale removal; the region's entry of `Located` removed and inserted, `Regions` read
		// and written twice; `Activity` taken, `EpochTotal` read, `RemovedShares` read and written,
		// `Refusals` removed; the removed hotspot's unnoted shares noted (the current epoch,
		// the pool and the owner's shares read, the latter two written).
		let resolutions = u64::from(DENSITY_MAX_RESOLUTION - DENSITY_MIN_RESOLUTION + 1);
		T::DbWeight::get().reads_writes(1 + 2 * resolutions + 8, 1 + 2 * resolutions + 10)
	}
}
