//! Removing what nothing reads any more, a bounded number of entries a block: an epoch's
//! hotspot usage and hex demand once the epoch after it has ended (its rewards were noted and
//! coverage read its demand while it ran), and a [`Seen`] bucket once every session ending in it
//! is too old to be reported.

use crate::*;
use frame_support::weights::Weight;
use sp_runtime::traits::UniqueSaturatedInto;

impl<T: Config> Pallet<T> {
	/// Removes up to [`Config::MaxPrunedPerBlock`] entries: of the oldest expired [`Seen`]
	/// bucket first, then of the oldest epoch that ended before the previous one.
	pub(crate) fn prune() -> Weight {
		let limit = T::MaxPrunedPerBlock::get() as usize;
		let mut removed = 0usize;

		let now: u64 = frame_system::Pallet::<T>::block_number().unique_saturated_into();
		let bucket = OldestSeenBucket::<T>::get();
		// Sessions ending in bucket `b` can be reported until the end of bucket `b + 1`.
		if bucket.saturating_add(2) <= Self::bucket(now) {
			removed += Seen::<T>::drain_prefix(bucket).take(limit).count();
			if removed < limit {
				OldestSeenBucket::<T>::put(bucket.saturating_add(1));
			}
		}

		let current = Self::current_epoch();
		let epoch = OldestKept::<T>::get();
		if removed < limit && epoch.saturating_add(1) < current {
			removed += HotspotUsage::<T>::drain_prefix(epoch).take(limit - removed).count();
			removed +=
				HexDemand::<T>::drain_prefix(epoch).take(limit.saturating_sub(removed)).count();
			if removed < limit {
				// Everything of the epoch is gone.
				EpochTotals::<T>::remove(epoch);
				OldestKept::<T>::put(epoch.saturating_add(1));
			}
		}
		T::DbWeight::get().reads(4).saturating_add(T::WeightInfo::prune(removed as u32))
	}
}
