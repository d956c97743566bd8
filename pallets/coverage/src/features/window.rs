//! Closing receipt windows: at its close block each window is settled as one report with every
//! valid receipt it counted (selection by rank, reciprocity, reward units, hex-density scales,
//! shares added up per hotspot) and removed.

use crate::{
	features::{
		density::CountCache,
		reward_units::{beacon_unit, witness_unit},
	},
	*,
};
use frame_support::weights::Weight;

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
			let closed = Self::settle(id, window);
			weight = weight.saturating_add(Self::close_weight(closed)).saturating_add(
				T::WeightInfo::compute_scale().saturating_mul(u64::from(closed.scales)),
			);
		}
		weight
	}

	/// A close's weight: [`WeightInfo::close_window`] measures every rewarded hotspot (and the
	/// beaconer) earning for the first time in the epoch, so indexed in [`Earners`]; the
	/// indexes it did not write are refunded.
	pub(crate) fn close_weight(closed: Closed) -> Weight {
		let most = T::RewardedWitnesses::get().saturating_add(1);
		let unwritten = most.saturating_sub(closed.indexed);
		T::WeightInfo::close_window()
			.saturating_sub(T::DbWeight::get().writes(u64::from(unwritten)))
	}

	/// Settles a closed window: its best-ranked `RewardedWitnesses` receipts are rewarded, with
	/// reciprocity judged now, and the shares added to the hotspots' activity records in the
	/// current epoch (noted in a reward pool once the epoch has ended: [`Earners`]); a hotspot
	/// no longer registered earns nothing.
	pub(crate) fn settle(id: BeaconId, window: WindowOf<T>) -> Closed {
		let now = frame_system::Pallet::<T>::block_number();
		let epoch = T::Rewards::current_epoch();
		let mut closed = Closed::default();
		let rewarded_count = (window.best.len() as u32).min(T::RewardedWitnesses::get()) as usize;
		let mut cache = CountCache::new();
		let mut scale_of = |location: H3Cell| {
			let (scale, fresh) = Self::transmit_scale(location, epoch, &mut cache);
			closed.scales += u32::from(fresh);
			scale
		};
		let location =
			|device: DeviceId| T::Registry::hotspot(device).and_then(|view| view.location);

		let beaconer = location(window.beaconer);
		let beacon_shares = match beaconer {
			Some(location)
				if rewarded_count > 0
					&& Self::within_window(
						Activity::<T>::get(window.beaconer).last_valid_witness,
						now,
					) =>
			{
				scale_of(location).mul_floor(beacon_unit(rewarded_count as u32))
			}
			_ => 0,
		};
		let unit = witness_unit(rewarded_count as u32);
		let mut rewarded = Vec::with_capacity(rewarded_count);
		let mut noted: Shares = beacon_shares;
		for counted in &window.best[..rewarded_count] {
			let Some(location) = location(counted.witness) else {
				rewarded.push((counted.witness, 0));
				continue;
			};
			let activity = Activity::<T>::get(counted.witness);
			let earned = if Self::within_window(activity.last_beacon_with_witness, now) {
				scale_of(location).mul_floor(unit)
			} else {
				0
			};
			noted = noted.saturating_add(earned);
			closed.indexed +=
				u32::from(Self::note_activity(counted.witness, epoch, earned, |_| {}));
			rewarded.push((counted.witness, earned));
		}
		if beaconer.is_some() {
			let indexed = Self::note_activity(window.beaconer, epoch, beacon_shares, |activity| {
				if window.valid > 0 {
					activity.last_beacon_with_witness = Some(window.opened_at);
				}
			});
			closed.indexed += u32::from(indexed);
		}
		EpochTotal::<T>::mutate(|(at, total)| {
			if *at != epoch {
				*at = epoch;
				*total = 0;
			}
			*total = total.saturating_add(noted);
		});
		Self::deposit_event(Event::BeaconRewarded {
			beacon_id: id,
			beaconer: window.beaconer,
			epoch,
			valid_witnesses: window.valid,
			beacon_shares,
			rewarded,
		});
		closed
	}

	/// Whether `last` is within the reciprocity window before `now`.
	pub(crate) fn within_window(last: Option<BlockNumberFor<T>>, now: BlockNumberFor<T>) -> bool {
		last.is_some_and(|at| now.saturating_sub(at) <= T::ReciprocityWindow::get())
	}

	/// Updates `device`'s activity record with `update` and adds `earned` to its shares of
	/// `epoch` (moving the shares of an earlier epoch to `unnoted`). Returns whether this was
	/// its first earning in `epoch`, which indexes it in [`Earners`].
	pub(crate) fn note_activity(
		device: DeviceId,
		epoch: EpochIndex,
		earned: Shares,
		update: impl FnOnce(&mut ActivityOf<T>),
	) -> bool {
		Activity::<T>::mutate(device, |activity| {
			update(activity);
			activity.roll(epoch);
			let first = activity.epoch_shares == 0 && earned > 0;
			activity.epoch_shares = activity.epoch_shares.saturating_add(earned);
			if first {
				Earners::<T>::insert(epoch, device, ());
			}
			first
		})
	}
}

/// What closing one window did, for its weight.
#[derive(Clone, Copy, Default)]
pub(crate) struct Closed {
	/// The transmit scales it computed.
	pub scales: u32,
	/// The hotspots it indexed in [`Earners`] (their first earning in the epoch).
	pub indexed: u32,
}
