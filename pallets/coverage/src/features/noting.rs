//! Noting earned shares in the coverage pool: once an epoch has ended, `on_initialize` takes its
//! [`Earners`] in bounded steps, sums their shares per owner and notes them in one batch in the
//! coverage pool of the current epoch. A window's close only adds shares to activity records it
//! writes anyway; the pools see each earner once an epoch, not once a report.
//!
//! Each hotspot's shares are weighted by the demand of its hex in the epoch they were earned in
//! ([`Config::Demand`]): 100 % where no paid traffic was carried, less where it was, so a busy
//! hex is paid through data transfer and an empty one through coverage.
//!
//! A hotspot's unnoted shares go to whoever owns it when they are noted (they follow a hotspot
//! that changes hands, as Helium's lazily claimed rewards do); a hotspot that is removed has them
//! noted for its last owner at once.

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use depin_primitives::DemandWeight;
use frame_support::weights::Weight;

impl<T: Config> Pallet<T> {
	/// Notes the shares of up to [`Config::MaxNotedPerBlock`] earners of ended epochs, oldest
	/// epoch first, in the current epoch's coverage pool, and returns the weight used.
	pub(crate) fn note_earners() -> Weight {
		let db = T::DbWeight::get();
		let current = T::Rewards::current_epoch();
		let mut epoch = NotingEpoch::<T>::get();
		if epoch >= current {
			return db.reads(2);
		}
		let limit = T::MaxNotedPerBlock::get();
		let mut taken = 0u32;
		let mut per_owner: BTreeMap<T::AccountId, Shares> = BTreeMap::new();
		let mut total: Shares = 0;
		let earned_in = epoch;
		while epoch < current && taken < limit {
			let before = taken;
			for (device, ()) in Earners::<T>::drain_prefix(epoch).take((limit - taken) as usize) {
				taken += 1;
				let shares = Self::take_unnoted(device, current);
				let view = T::Registry::hotspot(device);
				// Where paid traffic was carried in its hex, coverage steps aside.
				let shares = match view.as_ref().and_then(|view| view.location) {
					Some(location) => T::Demand::coverage_weight(epoch, location).mul_floor(shares),
					None => shares,
				};
				let owner = view.map(|view| view.owner);
				if let (Some(owner), true) = (owner, shares > 0) {
					let sum = per_owner.entry(owner).or_insert(0);
					*sum = sum.saturating_add(shares);
					total = total.saturating_add(shares);
				}
			}
			if taken - before < limit - before {
				// The epoch's prefix is exhausted.
				epoch = epoch.saturating_add(1);
			}
		}
		NotingEpoch::<T>::put(epoch);
		let per_owner: Vec<(T::AccountId, Shares)> = per_owner.into_iter().collect();
		match T::Rewards::note_many_shares(RewardPool::Coverage, current, &per_owner) {
			Ok(()) if taken > 0 => Self::deposit_event(Event::SharesNoted {
				earned_in,
				noted_in: current,
				hotspots: taken,
				shares: total,
			}),
			Ok(()) => {}
			Err(error) => {
				log::warn!(target: LOG_TARGET, "{taken} earners' shares not noted: {error:?}");
				Self::deposit_event(Event::SharesNotNoted { noted_in: current, hotspots: taken });
			}
		}
		T::WeightInfo::note_earners(taken)
	}

	/// Takes `device`'s shares of epochs before `current` out of its activity record (rolled on
	/// to `current`); zero for a device without a record.
	fn take_unnoted(device: DeviceId, current: EpochIndex) -> Shares {
		Activity::<T>::mutate_exists(device, |record| {
			let Some(activity) = record else { return 0 };
			if activity.epoch < current {
				activity.roll(current);
			}
			core::mem::take(&mut activity.unnoted)
		})
	}

	/// Notes every share `activity` has not had noted (its current epoch's too) for `owner` in
	/// the current epoch's coverage pool: for a hotspot whose record is being removed.
	pub(crate) fn note_all_now(owner: &T::AccountId, activity: &ActivityOf<T>) {
		let shares = activity.unnoted.saturating_add(activity.epoch_shares);
		if shares == 0 {
			return;
		}
		let current = T::Rewards::current_epoch();
		if let Err(error) = T::Rewards::note_shares(RewardPool::Coverage, current, owner, shares) {
			log::warn!(target: LOG_TARGET, "a removed hotspot's shares not noted: {error:?}");
			Self::deposit_event(Event::SharesNotNoted { noted_in: current, hotspots: 1 });
		}
	}
}
