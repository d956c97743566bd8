//! Closing receipt windows: at its close block each window is settled as one report with every
//! valid receipt it counted (selection by rank, reciprocity, reward units, hex-density scales,
//! shares per owner) and removed.

use crate::{
	features::{
		density::CountCache,
		reward_units::{beacon_unit, witness_unit},
	},
	*,
};
use alloc::collections::btree_map::BTreeMap;
use frame_support::{
	storage::{with_transaction, TransactionOutcome},
	weights::Weight,
};
use sp_runtime::DispatchError;

impl<T: Config> Pallet<T> {
	/// Closes every window whose close block is `now` (at most [`Config::MaxClosingPerBlock`],
	/// which opening enforces) and returns the weight used.
	pub(crate) fn close_windows(now: BlockNumberFor<T>) -> Weight {
		let db = T::DbWeight::get();
		let opened = ClosingCount::<T>::take(now);
		if opened == 0 {
			return db.reads(1);
		}
		let mut weight = db.reads_writes(1, 1);
		for (id, ()) in Closing::<T>::drain_prefix(now) {
			let Some(window) = Windows::<T>::take(id) else { continue };
			let computed = Self::settle(id, window);
			weight = weight
				.saturating_add(T::WeightInfo::close_window())
				.saturating_add(T::WeightInfo::compute_scale().saturating_mul(u64::from(computed)));
		}
		weight
	}

	/// Settles a closed window: its best-ranked `RewardedWitnesses` receipts are rewarded, with
	/// reciprocity judged now, and the shares noted in the current epoch; a hotspot no longer
	/// registered earns nothing. Noting is all or nothing ([`Event::RewardsNotNoted`]). Returns
	/// the transmit scales it computed.
	pub(crate) fn settle(id: BeaconId, window: WindowOf<T>) -> u32 {
		let now = frame_system::Pallet::<T>::block_number();
		let epoch = T::Rewards::current_epoch();
		let mut computed = 0u32;
		let outcome = with_transaction(|| {
			let result = Self::reward(id, &window, now, epoch, &mut computed);
			match result {
				Ok(()) => TransactionOutcome::Commit(Ok(())),
				Err(error) => TransactionOutcome::Rollback(Err(error)),
			}
		});
		if let Err(error) = outcome {
			log::warn!(target: LOG_TARGET, "rewards of beacon {id:?} not noted: {error:?}");
			Self::deposit_event(Event::RewardsNotNoted { beacon_id: id });
		}
		computed
	}

	fn reward(
		id: BeaconId,
		window: &WindowOf<T>,
		now: BlockNumberFor<T>,
		epoch: EpochIndex,
		computed: &mut u32,
	) -> Result<(), DispatchError> {
		let rewarded_count = (window.best.len() as u32).min(T::RewardedWitnesses::get()) as usize;
		let mut cache = CountCache::new();
		let mut scale_of = |location: H3Cell| {
			let (scale, fresh) = Self::transmit_scale(location, epoch, &mut cache);
			*computed += u32::from(fresh);
			scale
		};
		let located = |device: DeviceId| {
			T::Registry::hotspot(device)
				.and_then(|view| view.location.map(|location| (view.owner, location)))
		};

		let mut shares: BTreeMap<T::AccountId, Shares> = BTreeMap::new();
		let beaconer = located(window.beaconer);
		let beacon_shares = match &beaconer {
			Some((owner, location))
				if rewarded_count > 0
					&& Self::within_window(
						Activity::<T>::get(window.beaconer).last_valid_witness,
						now,
					) =>
			{
				let earned = scale_of(*location).mul_floor(beacon_unit(rewarded_count as u32));
				if earned > 0 {
					shares.insert(owner.clone(), earned);
				}
				earned
			}
			_ => 0,
		};
		let unit = witness_unit(rewarded_count as u32);
		let mut rewarded = Vec::with_capacity(rewarded_count);
		for counted in &window.best[..rewarded_count] {
			let Some((owner, location)) = located(counted.witness) else {
				rewarded.push((counted.witness, 0));
				continue;
			};
			let activity = Activity::<T>::get(counted.witness);
			let earned = if Self::within_window(activity.last_beacon_with_witness, now) {
				scale_of(location).mul_floor(unit)
			} else {
				0
			};
			if earned > 0 {
				let total = shares.entry(owner).or_insert(0);
				*total = total.saturating_add(earned);
			}
			Self::note_activity(counted.witness, epoch, earned, |_| {});
			rewarded.push((counted.witness, earned));
		}

		// One batch: the pool's totals are read and written once per window, not per owner.
		let shares: Vec<(T::AccountId, Shares)> = shares.into_iter().collect();
		T::Rewards::note_many_shares(RewardPool::Coverage, epoch, &shares)?;
		let noted =
			shares.iter().fold(0, |noted: Shares, (_, amount)| noted.saturating_add(*amount));
		EpochTotal::<T>::mutate(|(at, total)| {
			if *at != epoch {
				*at = epoch;
				*total = 0;
			}
			*total = total.saturating_add(noted);
		});
		if beaconer.is_some() {
			Self::note_activity(window.beaconer, epoch, beacon_shares, |activity| {
				if window.valid > 0 {
					activity.last_beacon_with_witness = Some(window.opened_at);
				}
			});
		}
		Self::deposit_event(Event::BeaconRewarded {
			beacon_id: id,
			beaconer: window.beaconer,
			epoch,
			valid_witnesses: window.valid,
			beacon_shares,
			rewarded,
		});
		Ok(())
	}

	/// Whether `last` is within the reciprocity window before `now`.
	pub(crate) fn within_window(last: Option<BlockNumberFor<T>>, now: BlockNumberFor<T>) -> bool {
		last.is_some_and(|at| now.saturating_sub(at) <= T::ReciprocityWindow::get())
	}

	/// Updates `device`'s activity record with `update` and adds `earned` to its shares of
	/// `epoch` (restarting the count when the record is from an earlier epoch).
	pub(crate) fn note_activity(
		device: DeviceId,
		epoch: EpochIndex,
		earned: Shares,
		update: impl FnOnce(&mut ActivityOf<T>),
	) {
		Activity::<T>::mutate(device, |activity| {
			update(activity);
			if activity.epoch != epoch {
				activity.epoch = epoch;
				activity.epoch_shares = 0;
			}
			activity.epoch_shares = activity.epoch_shares.saturating_add(earned);
		});
	}
}
