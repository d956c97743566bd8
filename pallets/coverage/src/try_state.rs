//! The pallet's invariants, checked by `try_state` and after every unit test.

use crate::*;
use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the pallet's storage:
	///
	/// - **Activity**: no recorded block is after the current block; a hotspot's last beacon
	///   with a witness is never after its last beacon (both are set by the same report, the
	///   former only when it had a valid witness); no record is empty.
	/// - **Denylist**: no pair denies a device as a witness of its own beacons; a witness's pairs
	///   name distinct beaconers.
	/// - **Hex counts**: every count equals the number of counted hotspots inside the hex, none
	///   is zero, and every counted hotspot is a registered, `Active` hotspot located where it is
	///   counted.
	/// - **Windows**: every window closes after the current block, `ReceiptWindow` blocks after
	///   it was opened (at or before the current block), and is indexed at its close block; its
	///   best receipts are ranked strictly best first, name distinct witnesses, number at
	///   most its valid count; the stored count of windows closing at each block is exact and
	///   within [`Config::MaxClosingPerBlock`].
	/// - **Epoch shares**: the current epoch's total equals the sum of the hotspots' shares of
	///   that epoch plus the shares of hotspots removed within it ([`RemovedShares`]).
	/// - **Noting**: the noting epoch is not after the current one and no earner is indexed in
	///   an epoch before it; every record holding shares of an ended epoch not yet noted is
	///   indexed in [`Earners`] at an epoch it earned in; no record's shares are in the future.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::try_state_counts()?;
		Self::try_state_shares()?;
		Self::try_state_noting()?;
		Self::try_state_windows()?;
		let now = frame_system::Pallet::<T>::block_number();
		for (_, activity) in Activity::<T>::iter() {
			ensure!(activity != ActivityOf::<T>::default(), "an empty activity record is stored");
			for at in [
				activity.last_beacon,
				activity.last_beacon_with_witness,
				activity.last_valid_witness,
			]
			.into_iter()
			.flatten()
			{
				ensure!(at <= now, "an activity record is after the current block");
			}
			if let Some(with_witness) = activity.last_beacon_with_witness {
				ensure!(
					activity.last_beacon.is_some_and(|last| with_witness <= last),
					"a beacon with a witness is recorded after the last beacon"
				);
			}
		}
		for (witness, activity) in Activity::<T>::iter() {
			let beaconers: alloc::collections::btree_set::BTreeSet<DeviceId> =
				activity.denied_edges.iter().map(|edge| edge.beaconer).collect();
			ensure!(!beaconers.contains(&witness), "a denylisted pair is a self-edge");
			ensure!(
				beaconers.len() == activity.denied_edges.len(),
				"a witness has two entries for one beaconer"
			);
		}
		Ok(())
	}

	fn try_state_counts() -> Result<(), TryRuntimeError> {
		let mut expected: BTreeMap<H3Cell, u32> = BTreeMap::new();
		for (device, cell) in Counted::<T>::iter() {
			let view = T::Registry::hotspot(device).ok_or("a counted device is not a hotspot")?;
			ensure!(view.status.is_active(), "a counted hotspot is not active");
			ensure!(view.location == Some(cell), "a hotspot is counted away from its location");
			for res in DENSITY_MIN_RESOLUTION..=DENSITY_MAX_RESOLUTION {
				let hex =
					cell.parent(res).ok_or("a counted location is finer than resolution 10")?;
				*expected.entry(hex).or_insert(0) += 1;
			}
		}
		let stored: BTreeMap<H3Cell, u32> = HexCounts::<T>::iter().collect();
		ensure!(!stored.values().any(|count| *count == 0), "a zero hex count is stored");
		ensure!(stored == expected, "hex counts differ from the counted hotspots");
		// The explorer's index: every counted hotspot under its region, nothing else, and a
		// region listed exactly while it holds one.
		let mut located = 0usize;
		for (region, device, cell) in Located::<T>::iter() {
			located += 1;
			ensure!(
				Counted::<T>::get(device) == Some(cell),
				"a located entry is not counted there"
			);
			ensure!(
				cell.parent(DENSITY_MIN_RESOLUTION) == Some(region),
				"a hotspot is indexed under another region"
			);
		}
		ensure!(located == Counted::<T>::iter_keys().count(), "a counted hotspot is not indexed");
		let regions: BTreeSet<H3Cell> = Regions::<T>::iter_keys().collect();
		let occupied: BTreeSet<H3Cell> = expected
			.keys()
			.filter(|hex| hex.resolution() == DENSITY_MIN_RESOLUTION)
			.copied()
			.collect();
		ensure!(regions == occupied, "the listed regions differ from the occupied ones");
		Ok(())
	}

	fn try_state_windows() -> Result<(), TryRuntimeError> {
		let now = frame_system::Pallet::<T>::block_number();
		let mut closing: BTreeMap<BlockNumberFor<T>, u32> = BTreeMap::new();
		for (id, window) in Windows::<T>::iter() {
			ensure!(window.closes_at > now, "a window is open past its close block");
			ensure!(window.opened_at <= now, "a window was opened after the current block");
			ensure!(
				window.closes_at == window.opened_at.saturating_add(T::ReceiptWindow::get()),
				"a window does not close ReceiptWindow blocks after it opened"
			);
			ensure!(
				Closing::<T>::contains_key(window.closes_at, id),
				"a window is not indexed at its close block"
			);
			ensure!(
				window.best.windows(2).all(|pair| pair[0].rank < pair[1].rank),
				"a window's receipts are not ranked best first"
			);
			let witnesses: alloc::collections::btree_set::BTreeSet<DeviceId> =
				window.best.iter().map(|counted| counted.witness).collect();
			ensure!(witnesses.len() == window.best.len(), "a window counts a witness twice");
			ensure!(
				window.best.len() as u32 <= window.valid,
				"a window keeps more than it counted"
			);
			*closing.entry(window.closes_at).or_insert(0) += 1;
		}
		ensure!(
			Closing::<T>::iter_keys().all(|(_, id)| Windows::<T>::contains_key(id)),
			"a close block indexes a window that does not exist"
		);
		let stored: BTreeMap<BlockNumberFor<T>, u32> = ClosingCount::<T>::iter().collect();
		ensure!(stored == closing, "the windows' closing counts differ from the windows");
		ensure!(
			stored.values().all(|count| *count <= T::MaxClosingPerBlock::get()),
			"more windows close at a block than MaxClosingPerBlock"
		);
		Ok(())
	}

	fn try_state_noting() -> Result<(), TryRuntimeError> {
		let current = T::Rewards::current_epoch();
		let from = NotingEpoch::<T>::get();
		ensure!(from <= current, "the noting epoch is in the future");
		let mut indexed: BTreeMap<DeviceId, Vec<EpochIndex>> = BTreeMap::new();
		for (epoch, device) in Earners::<T>::iter_keys() {
			ensure!(epoch >= from, "an earner is indexed before the noting epoch");
			ensure!(epoch <= current, "an earner is indexed in a future epoch");
			indexed.entry(device).or_default().push(epoch);
		}
		for (device, activity) in Activity::<T>::iter() {
			ensure!(activity.epoch <= current, "an activity record's epoch is in the future");
			if activity.unnoted_before(current) > 0 {
				let epochs = indexed.get(&device).map(Vec::as_slice).unwrap_or_default();
				ensure!(
					epochs.iter().any(|epoch| *epoch < current && *epoch <= activity.epoch),
					"a hotspot's unnoted shares are not indexed"
				);
			}
			if activity.epoch_shares > 0 {
				ensure!(
					Earners::<T>::contains_key(activity.epoch, device) || activity.epoch < from,
					"a hotspot earning in an epoch is not indexed in it"
				);
			}
		}
		Ok(())
	}

	fn try_state_shares() -> Result<(), TryRuntimeError> {
		let (epoch, total) = EpochTotal::<T>::get();
		if epoch != T::Rewards::current_epoch() {
			// An ended epoch's shares are being noted (or were): the records moved on.
			return Ok(());
		}
		let sum = Activity::<T>::iter_values()
			.filter(|activity| activity.epoch == epoch)
			.fold(0 as Shares, |sum, activity| sum.saturating_add(activity.epoch_shares));
		let (removed_epoch, removed) = RemovedShares::<T>::get();
		let removed = if removed_epoch == epoch { removed } else { 0 };
		ensure!(
			sum.saturating_add(removed) == total,
			"the epoch total differs from the hotspots' shares"
		);
		Ok(())
	}
}
