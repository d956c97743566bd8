//! Lazy, bounded settlement: accrual of billable blocks, settlement through BME, pause when
//! the escrow runs dry, the close conditions checked on every touch, closing, and the
//! round-robin `on_idle` walk.

use crate::*;
use frame_support::{storage::with_storage_layer, weights::WeightMeter};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding, traits::UniqueSaturatedInto, Rounding,
};

impl<T: Config> Pallet<T> {
	/// `weight` of a path that may close a lease, with the removal of its access details
	/// ([`LeaseAccess`], added after the weights were measured: one write).
	pub fn closing_weight(
		weight: frame_support::weights::Weight,
	) -> frame_support::weights::Weight {
		weight.saturating_add(T::DbWeight::get().writes(1))
	}

	/// The current block.
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// Credits `blocks` blocks cost at `price_per_hour`, rounded up:
	/// `ceil(price_per_hour × blocks / BlocksPerHour)`.
	pub fn cost(
		price_per_hour: CreditBalance,
		blocks: BlockNumberFor<T>,
	) -> Result<CreditBalance, Error<T>> {
		let blocks: u128 = blocks.unique_saturated_into();
		multiply_by_rational_with_rounding(
			price_per_hour,
			blocks,
			u128::from(T::BlocksPerHour::get()).max(1),
			Rounding::Up,
		)
		.ok_or(Error::<T>::Overflow)
	}

	/// Escrows `amount` of `who`'s credits, with a named error when it has fewer.
	pub(crate) fn escrow_credits(who: &T::AccountId, amount: CreditBalance) -> DispatchResult {
		T::Credits::ensure_can_spend(who, amount).map_err(|_| Error::<T>::InsufficientCredits)?;
		T::Credits::escrow(who, amount)
	}

	/// The interval `block` is in (0 before the lease started).
	pub fn interval_at(lease: &LeaseOf<T>, block: BlockNumberFor<T>) -> IntervalIndex {
		let period = lease.heartbeat_period.max(1u32.into());
		(block.saturating_sub(lease.started_at) / period).unique_saturated_into()
	}

	/// The first block of interval `interval`.
	pub(crate) fn interval_start(lease: &LeaseOf<T>, interval: IntervalIndex) -> BlockNumberFor<T> {
		lease.started_at.saturating_add(lease.heartbeat_period.saturating_mul(interval.into()))
	}

	/// The block the lease's service ends at: its term's end, or the end of the provider's
	/// notice if that comes first.
	pub fn effective_end(lease: &LeaseOf<T>) -> BlockNumberFor<T> {
		lease.provider_close_at.map_or(lease.ends_at, |at| at.min(lease.ends_at))
	}

	/// The block at which the lease has missed `max_missed` intervals in a row.
	pub fn breach_at(lease: &LeaseOf<T>, max_missed: u32) -> BlockNumberFor<T> {
		Self::interval_start(lease, lease.counting_from.saturating_add(max_missed))
	}

	/// Adds `blocks` billable blocks at the lease's price to what it owes, carrying the
	/// fraction of a credit.
	pub(crate) fn bill(lease: &mut LeaseOf<T>, blocks: BlockNumberFor<T>) {
		let blocks: u128 = blocks.unique_saturated_into();
		let per_hour = u128::from(T::BlocksPerHour::get()).max(1);
		let numerator = lease.price_per_hour.saturating_mul(blocks).saturating_add(lease.carry);
		lease.owed = lease.owed.saturating_add(numerator / per_hour);
		lease.carry = numerator % per_hour;
	}

	/// Accrues every block from `accrued_to` up to (not including) `to`: for an active lease,
	/// those in the interval of its last heartbeat are billed; a paused one accrues nothing.
	pub(crate) fn accrue(lease: &mut LeaseOf<T>, to: BlockNumberFor<T>) {
		if to <= lease.accrued_to {
			return;
		}
		if let (LeaseState::Active, Some(last)) = (lease.state, lease.last_heartbeat) {
			let start = Self::interval_start(lease, last);
			let end = start.saturating_add(lease.heartbeat_period);
			let from = lease.accrued_to.max(start);
			let until = to.min(end);
			if until > from {
				Self::bill(lease, until - from);
			}
		}
		lease.accrued_to = to;
	}

	/// Settles what the lease owes, as far as its escrow goes. A failed settlement keeps the
	/// debt for the next touch.
	pub(crate) fn settle_owed(id: LeaseId, lease: &mut LeaseOf<T>) {
		let credits = lease.owed.min(lease.escrow);
		if credits == 0 {
			return;
		}
		match with_storage_layer(|| T::Settlement::settle(&lease.tenant, &lease.provider, credits))
		{
			Ok(_) => {
				lease.escrow = lease.escrow.saturating_sub(credits);
				lease.owed = lease.owed.saturating_sub(credits);
				lease.settled = lease.settled.saturating_add(credits);
				ProviderEarnings::<T>::mutate(&lease.provider, |total| {
					*total = total.saturating_add(credits)
				});
				Self::deposit_event(Event::LeaseSettled { lease: id, credits });
			}
			Err(error) => {
				log::debug!(target: LOG_TARGET, "lease {id} settlement deferred: {error:?}");
				Self::deposit_event(Event::SettlementDeferred { lease: id, owed: lease.owed });
			}
		}
	}

	/// Settles an active lease and pauses it when its escrow cannot cover what it owes (or is
	/// empty).
	pub(crate) fn settle_or_pause(id: LeaseId, lease: &mut LeaseOf<T>, now: BlockNumberFor<T>) {
		Self::settle_owed(id, lease);
		if lease.state == LeaseState::Active && lease.escrow <= lease.owed {
			lease.state = LeaseState::Paused { since: now };
			let closes_at = now.saturating_add(Parameters::<T>::get().grace_period);
			Self::deposit_event(Event::LeasePaused {
				lease: id,
				shortfall: lease.owed.saturating_sub(lease.escrow),
				closes_at,
			});
		}
	}

	/// Brings a lease up to `now`: accrues, closes it if it is due to close (a due breach before
	/// any other reason), otherwise settles and pauses it if its escrow ran dry. Returns the
	/// close reason when the lease is (or already was) closed, in which case its storage is
	/// already written; otherwise the caller stores the updated lease.
	pub(crate) fn touch(
		id: LeaseId,
		lease: &mut LeaseOf<T>,
		now: BlockNumberFor<T>,
	) -> Result<Option<CloseReason>, DispatchError> {
		if let LeaseState::Closed { reason, .. } = lease.state {
			Self::retry_closed(id, lease)?;
			return Ok(Some(reason));
		}
		let end = Self::effective_end(lease);
		let to = now.min(end);
		Self::accrue(lease, to);

		// A breach that is due is found first, whatever else happened since: a provider who
		// missed its heartbeats cannot escape the slash by retiring or suspending the device.
		let paused = matches!(lease.state, LeaseState::Paused { .. });
		let max_missed = Parameters::<T>::get().max_missed_heartbeats;
		let reason = if !paused && Self::breach_at(lease, max_missed) <= to {
			Some(CloseReason::Breach)
		} else if !T::Registry::is_active(lease.device) {
			Some(CloseReason::DeviceInactive)
		} else {
			match lease.state {
				LeaseState::Paused { since } => {
					let grace_end = since.saturating_add(Parameters::<T>::get().grace_period);
					if lease.provider_close_at.is_some_and(|at| at <= now) {
						Some(CloseReason::Provider)
					} else if grace_end <= now || lease.ends_at <= now {
						Some(CloseReason::InsufficientFunds)
					} else {
						None
					}
				}
				_ if end <= now => Some(if end < lease.ends_at {
					CloseReason::Provider
				} else {
					CloseReason::Completed
				}),
				_ => None,
			}
		};
		match reason {
			Some(reason) => {
				Self::close(id, lease, reason, now)?;
				Ok(Some(reason))
			}
			None => {
				Self::settle_or_pause(id, lease, now);
				Ok(None)
			}
		}
	}

	/// Closes an open lease for `reason`, after accrual: settles what it owes as far as the
	/// escrow goes, refunds the rest of the escrow to the tenant, frees the device, slashes the
	/// provider on a breach and removes the record. When the settlement failed for another
	/// reason than funds, the owed credits stay escrowed in a [`LeaseState::Closed`] record
	/// until they settle; a debt the escrow cannot cover is written off.
	pub(crate) fn close(
		id: LeaseId,
		lease: &mut LeaseOf<T>,
		reason: CloseReason,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		Self::settle_owed(id, lease);
		// After a successful settlement the debt or the escrow is zero; only a failed one
		// leaves both.
		let kept = lease.owed.min(lease.escrow);
		let refunded = lease.escrow.saturating_sub(kept);
		if refunded > 0 {
			T::Credits::release(&lease.tenant, refunded)?;
		}
		if lease.owed > kept {
			log::debug!(
				target: LOG_TARGET,
				"lease {id} closed owing {} credits its escrow cannot cover; written off",
				lease.owed - kept
			);
		}
		lease.escrow = kept;
		lease.owed = kept;
		lease.carry = 0;
		LeaseAccess::<T>::remove(id);
		if ActiveLeaseOf::<T>::get(lease.device) == Some(id) {
			ActiveLeaseOf::<T>::remove(lease.device);
			Self::restart_idle(lease.device, now);
		}
		if kept > 0 {
			lease.state = LeaseState::Closed { reason, at: now };
			LeaseRecords::<T>::insert(id, &*lease);
		} else {
			LeaseRecords::<T>::remove(id);
			LeasesOf::<T>::remove(&lease.provider, id);
		}
		if reason == CloseReason::Breach {
			Self::slash_provider(id, lease);
		}
		Self::deposit_event(Event::LeaseClosed {
			lease: id,
			reason,
			settled: lease.settled,
			refunded,
		});
		Ok(())
	}

	/// Slashes `breach_slash` of the device's registry bond: `breach_tenant_share` of it to the
	/// tenant, the rest to the treasury. A slash the registry refuses is logged and skipped: the
	/// close goes ahead.
	fn slash_provider(id: LeaseId, lease: &LeaseOf<T>) {
		let Some(bond) = T::Registry::device(lease.device).map(|info| info.bond) else { return };
		let parameters = Parameters::<T>::get();
		let amount = parameters.breach_slash.mul_floor(bond);
		if amount.is_zero() {
			return;
		}
		let tenant_part = parameters.breach_tenant_share.mul_floor(amount);
		let treasury_part = amount.saturating_sub(tenant_part);
		let slash = |amount: BalanceOf<T>, to: &T::AccountId| {
			if amount.is_zero() {
				return Zero::zero();
			}
			match with_storage_layer(|| T::Registry::slash_bond(lease.device, amount, to)) {
				Ok(taken) => taken,
				Err(error) => {
					log::warn!(target: LOG_TARGET, "lease {id} breach slash refused: {error:?}");
					Zero::zero()
				}
			}
		};
		let to_tenant = slash(tenant_part, &lease.tenant);
		let to_treasury = slash(treasury_part, &T::Treasury::get());
		if !to_tenant.is_zero() || !to_treasury.is_zero() {
			Self::deposit_event(Event::ProviderSlashed {
				lease: id,
				device: lease.device,
				to_tenant,
				to_treasury,
			});
		}
	}

	/// Retries the settlement of a closed lease; removes the record once nothing is owed.
	pub(crate) fn retry_closed(id: LeaseId, lease: &mut LeaseOf<T>) -> DispatchResult {
		Self::settle_owed(id, lease);
		if lease.owed == 0 {
			if lease.escrow > 0 {
				T::Credits::release(&lease.tenant, lease.escrow)?;
			}
			LeaseRecords::<T>::remove(id);
			LeasesOf::<T>::remove(&lease.provider, id);
		} else {
			LeaseRecords::<T>::insert(id, &*lease);
		}
		Ok(())
	}

	/// Touches a stored lease and stores the result; the whole touch runs in a storage layer,
	/// so a failure leaves the lease as it was.
	pub(crate) fn touch_stored(id: LeaseId, now: BlockNumberFor<T>) -> DispatchResult {
		with_storage_layer(|| {
			let mut lease = LeaseRecords::<T>::get(id).ok_or(Error::<T>::UnknownLease)?;
			if Self::touch(id, &mut lease, now)?.is_none() {
				LeaseRecords::<T>::insert(id, lease);
			}
			Ok(())
		})
	}

	/// Touches up to `max` leases, round-robin after [`IdleCursor`] in storage order and
	/// wrapping to the start, each while `meter` can take [`WeightInfo::settle_lease`]. A lease
	/// is visited at most once a call. Returns how many were visited.
	pub(crate) fn settle_idle(meter: &mut WeightMeter, max: u32) -> u32 {
		// The parameters, the cursor and the cursor's write.
		if meter.try_consume(T::DbWeight::get().reads_writes(2, 1)).is_err() {
			return 0;
		}
		let per_lease = Self::closing_weight(T::WeightInfo::settle_lease());
		let now = Self::now();
		let mut cursor = IdleCursor::<T>::get();
		let mut first = None;
		let mut visited = 0;
		while visited < max && meter.can_consume(per_lease) {
			let next = cursor
				.and_then(|after| {
					LeaseRecords::<T>::iter_keys_from(LeaseRecords::<T>::hashed_key_for(after))
						.next()
				})
				.or_else(|| LeaseRecords::<T>::iter_keys().next());
			let Some(id) = next else { break };
			if first == Some(id) {
				break;
			}
			first.get_or_insert(id);
			meter.consume(per_lease);
			visited += 1;
			cursor = Some(id);
			if let Err(error) = Self::touch_stored(id, now) {
				log::error!(target: LOG_TARGET, "on_idle could not settle lease {id}: {error:?}");
			}
		}
		if visited > 0 {
			IdleCursor::<T>::set(cursor);
		}
		visited
	}
}
