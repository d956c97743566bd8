//! Data-transfer rewards: once an epoch has ended, each hotspot's reward is computed from the
//! epoch's [`RewardBasis`] and noted, summed per owner, in the data-transfer pool of the epoch
//! running then, a bounded number of hotspots a block.

use crate::*;
use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use depin_primitives::{RewardPool, RewardShares};
use frame_support::{weights::Weight, BoundedVec};
use sp_runtime::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};

impl<T: Config> Pallet<T> {
	/// A hotspot's reward for `traffic` under `basis`, in DPN base units: its pro-rata part of
	/// the budget by rewardable bytes, `budget × bytes / all bytes`, raised to the floor and
	/// lowered to the cap of the value its payers burned for it (`floor_permille` and
	/// `cap_permille` thousandths of the credits' DPN value at the basis's price).
	pub fn reward_of(basis: &RewardBasis, traffic: &HotspotTraffic) -> u128 {
		let pro_rata = multiply_by_rational_with_rounding(
			basis.budget,
			u128::from(traffic.bytes),
			basis.bytes.max(1),
			Rounding::Down,
		)
		.unwrap_or(0);
		let value = multiply_by_rational_with_rounding(
			traffic.credits,
			basis.probe_value,
			VALUE_PROBE,
			Rounding::Down,
		)
		.unwrap_or(u128::MAX);
		let bound = |permille: u32| {
			multiply_by_rational_with_rounding(
				value,
				u128::from(permille),
				PERMILLE,
				Rounding::Down,
			)
			.unwrap_or(u128::MAX)
		};
		pro_rata.max(bound(basis.floor_permille)).min(bound(basis.cap_permille))
	}

	/// Notes rewards of the epoch that ended last, at most [`Config::MaxNotedPerBlock`]
	/// hotspots: fixes its basis first (waiting for a price when there is none), then notes the
	/// next hotspots' rewards, summed per owner, in the current epoch's data-transfer pool. An
	/// epoch whose rewards were not all noted before the next one ended is given up.
	pub(crate) fn note_rewards() -> Weight {
		let current = Self::current_epoch();
		let mut weight = T::DbWeight::get().reads(2);
		let next = NextToNote::<T>::get();
		if next >= current {
			return weight;
		}
		let epoch = current.saturating_sub(1);
		if next < epoch {
			// Its pool has ended: what was not noted is dropped.
			if Noting::<T>::take().is_some() {
				Self::deposit_event(Event::RewardsNotNoted { earned_in: next, hotspots: 0 });
			}
			NextToNote::<T>::put(epoch);
			weight.saturating_accrue(T::DbWeight::get().writes(2));
		}

		let (basis, cursor) = match Noting::<T>::get() {
			Some((basis, cursor)) if basis.epoch == epoch => (basis, cursor),
			_ => {
				weight.saturating_accrue(T::WeightInfo::fix_basis());
				match Self::fix_basis(epoch) {
					Some(basis) => (basis, None),
					None => return weight,
				}
			}
		};

		let hotspots = match cursor {
			Some(raw) => HotspotUsage::<T>::iter_prefix_from(epoch, raw.into_inner()),
			None => HotspotUsage::<T>::iter_prefix(epoch),
		};
		let mut hotspots = hotspots.peekable();
		let mut owners: BTreeMap<T::AccountId, u128> = BTreeMap::new();
		let (mut count, mut total, mut last) = (0u32, 0u128, None);
		while count < T::MaxNotedPerBlock::get() {
			let Some((device, traffic)) = hotspots.next() else { break };
			count = count.saturating_add(1);
			last = Some(device);
			let reward = Self::reward_of(&basis, &traffic);
			// A hotspot removed from the registry since has nobody to pay: its reward stays in
			// the budget.
			if let Some(owner) = T::Registry::owner(device).filter(|_| reward > 0) {
				let sum = owners.entry(owner).or_insert(0);
				*sum = sum.saturating_add(reward);
				total = total.saturating_add(reward);
			}
		}
		// One more read tells whether the epoch is done, so it never waits a block for nothing.
		let done = hotspots.peek().is_none();
		let cursor = last.map(|device| HotspotUsage::<T>::hashed_key_for(epoch, device));
		weight.saturating_accrue(T::WeightInfo::note_rewards(count));

		let shares: Vec<(T::AccountId, u128)> = owners.into_iter().collect();
		match T::Rewards::note_many_shares(RewardPool::DataTransfer, current, &shares) {
			Ok(()) if count > 0 => Self::deposit_event(Event::RewardsNoted {
				earned_in: epoch,
				noted_in: current,
				hotspots: count,
				rewards: total,
			}),
			Ok(()) => {}
			Err(error) => {
				log::warn!(target: LOG_TARGET, "rewards of epoch {epoch} not noted: {error:?}");
				Self::deposit_event(Event::RewardsNotNoted { earned_in: epoch, hotspots: count });
			}
		}
		if done {
			Noting::<T>::kill();
			NextToNote::<T>::put(current);
		} else {
			let cursor = cursor.and_then(|key| BoundedVec::try_from(key).ok());
			if cursor.is_none() {
				log::error!(target: LOG_TARGET, "noting cursor longer than {NOTING_CURSOR_LEN}");
			}
			Noting::<T>::put((basis, cursor));
		}
		weight
	}

	/// Fixes the rewards basis of the ended `epoch`, or, when it has nothing to pay (no
	/// traffic or no budget), marks it noted. `None` when noting cannot go on in this block:
	/// nothing to pay, or no price to value the credits at yet (it is tried again next block).
	pub(crate) fn fix_basis(epoch: EpochIndex) -> Option<RewardBasis> {
		let totals = EpochTotals::<T>::get(epoch).unwrap_or_default();
		let budget = T::Rewards::data_transfer_budget(epoch);
		if totals.bytes == 0 || budget == 0 {
			NextToNote::<T>::put(epoch.saturating_add(1));
			return None;
		}
		let probe_value = T::Rewards::credits_value(VALUE_PROBE)?;
		let parameters = Parameters::<T>::get();
		let basis = RewardBasis {
			epoch,
			budget,
			bytes: totals.bytes,
			probe_value,
			floor_permille: parameters.floor_permille,
			cap_permille: parameters.cap_permille,
		};
		LastBasis::<T>::put(basis);
		Noting::<T>::put((basis, None::<BoundedVec<u8, _>>));
		Self::deposit_event(Event::RewardsBasisFixed { basis });
		Some(basis)
	}
}
