//! The pallet's invariants, checked by `try_state` and after every unit test.

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the pallet's storage:
	///
	/// - **Payers**: ids below [`NextPayerId`]; every live payer's routing key maps to it in
	///   [`PayerByKey`] and every entry there to a live payer with that key; a revoked payer
	///   holds no bond, escrow or unlocking credits; unlocking credits never exceed the escrow.
	/// - **Escrow books**: the escrow of an account's live payers is at most the credits the
	///   ledger holds in that account's escrow.
	/// - **Traffic books**, for every epoch kept: the hotspots' usage sums to the epoch's
	///   totals (hotspots, sessions, bytes, credits); the hex demand sums to its bytes. No
	///   replay key is in a bucket that was pruned.
	/// - **Noting**: the noting epoch has ended and is the last that did; epochs older than
	///   [`OldestKept`] hold nothing.
	/// - **Parameters** within the `Config` bounds.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		ensure!(
			Self::ensure_parameters_in_bounds(&Parameters::<T>::get()).is_ok(),
			"the parameters are out of bounds"
		);
		Self::try_state_payers()?;
		Self::try_state_traffic()?;
		Self::try_state_noting()
	}

	fn try_state_payers() -> Result<(), TryRuntimeError> {
		let next = NextPayerId::<T>::get();
		let mut escrow_by_account: BTreeMap<T::AccountId, CreditBalance> = BTreeMap::new();
		let mut live = 0usize;
		for (id, payer) in Payers::<T>::iter() {
			ensure!(id < next, "a payer's id is not below NextPayerId");
			let unlocking = payer.unlocking.map_or(0, |(amount, _)| amount);
			if payer.status == PayerStatus::Revoked {
				ensure!(
					payer.bond.is_zero() && payer.escrow == 0 && unlocking == 0,
					"a revoked payer still holds a bond or escrow"
				);
				continue;
			}
			live += 1;
			ensure!(
				PayerByKey::<T>::get(payer.routing_key) == Some(id),
				"a live payer's routing key does not map to it"
			);
			let sum = escrow_by_account.entry(payer.account.clone()).or_insert(0);
			*sum = sum.checked_add(payer.escrow).ok_or("the escrow overflows")?;
		}
		ensure!(
			PayerByKey::<T>::iter().count() == live,
			"PayerByKey lists a key no live payer has"
		);
		for (account, escrow) in escrow_by_account {
			ensure!(
				escrow <= T::Credits::escrowed(&account),
				"the payers' escrow exceeds the credits escrowed in their account"
			);
		}
		Ok(())
	}

	fn try_state_traffic() -> Result<(), TryRuntimeError> {
		let oldest = OldestKept::<T>::get();
		let current = Self::current_epoch();
		let mut totals: BTreeMap<EpochIndex, EpochTraffic> = BTreeMap::new();
		for (epoch, _, usage) in HotspotUsage::<T>::iter() {
			ensure!(epoch >= oldest && epoch <= current, "usage kept for a pruned epoch");
			let sum = totals.entry(epoch).or_default();
			sum.hotspots = sum.hotspots.saturating_add(1);
			sum.sessions = sum.sessions.saturating_add(usage.sessions);
			sum.bytes = sum.bytes.saturating_add(u128::from(usage.bytes));
			sum.credits = sum.credits.saturating_add(usage.credits);
		}
		let mut demand: BTreeMap<EpochIndex, u128> = BTreeMap::new();
		for (epoch, _, bytes) in HexDemand::<T>::iter() {
			let sum = demand.entry(epoch).or_default();
			*sum = sum.saturating_add(u128::from(bytes));
		}
		let oldest_bucket = OldestSeenBucket::<T>::get();
		for (bucket, _, ()) in Seen::<T>::iter() {
			ensure!(bucket >= oldest_bucket, "a replay key outlived its bucket");
		}
		for (epoch, recorded) in EpochTotals::<T>::iter() {
			ensure!(epoch >= oldest && epoch <= current, "totals kept for a pruned epoch");
			// The oldest epoch may be half pruned.
			if epoch == oldest && oldest.saturating_add(1) < current {
				continue;
			}
			let counted = totals.remove(&epoch).unwrap_or_default();
			ensure!(
				counted.hotspots == recorded.hotspots
					&& counted.sessions == recorded.sessions
					&& counted.bytes == recorded.bytes
					&& counted.credits == recorded.credits,
				"an epoch's hotspot usage does not sum to its totals"
			);
			ensure!(
				demand.remove(&epoch).unwrap_or_default() == recorded.bytes,
				"an epoch's hex demand does not sum to its bytes"
			);
		}
		totals.remove(&oldest);
		ensure!(totals.is_empty(), "usage exists for an epoch without totals");
		Ok(())
	}

	fn try_state_noting() -> Result<(), TryRuntimeError> {
		let current = Self::current_epoch();
		ensure!(NextToNote::<T>::get() <= current, "NextToNote is after the current epoch");
		if let Some((basis, _)) = Noting::<T>::get() {
			ensure!(basis.epoch < current, "the noting epoch has not ended");
			ensure!(basis.epoch.saturating_add(1) >= current, "a noting outlived its pool");
			ensure!(basis.bytes > 0 && basis.budget > 0, "a noting with nothing to pay");
		}
		ensure!(OldestKept::<T>::get() <= current, "OldestKept is after the current epoch");
		Ok(())
	}
}
