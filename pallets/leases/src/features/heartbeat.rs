//! Heartbeats: the leased device's key attests each interval it serves. Authorized by the
//! signature (`#[pallet::authorize]`), so devices hold no tokens and pay no fee.

use crate::*;
use depin_primitives::{genesis_hash, payloads::heartbeat_payload};
use frame_support::pallet_prelude::{
	InvalidTransaction, TransactionSource, TransactionValidityError, TransactionValidityWithRefund,
	ValidTransaction, Weight,
};
use sp_runtime::traits::UniqueSaturatedInto;

/// `InvalidTransaction::Custom` codes of heartbeats refused at authorization; the other
/// refusals use `BadProof` (signature), `Stale` (a past interval, a duplicate, an ended or
/// breached lease) and `Future` (a future interval).
pub mod invalid_codes {
	/// No lease has this id.
	pub const UNKNOWN_LEASE: u8 = 1;
	/// The lease is closed.
	pub const LEASE_CLOSED: u8 = 2;
	/// The lease is paused.
	pub const LEASE_PAUSED: u8 = 3;
	/// The device is not active.
	pub const DEVICE_NOT_ACTIVE: u8 = 4;
}

impl<T: Config> Pallet<T> {
	/// Authorizes a heartbeat: every rule is checked, the signature last. The transaction
	/// provides (lease, interval), so the pool keeps one heartbeat an interval, and lives until
	/// the interval ends.
	pub(crate) fn authorize_heartbeat(
		_source: TransactionSource,
		lease: &LeaseId,
		interval: &IntervalIndex,
		signature: &DeviceSignature,
	) -> TransactionValidityWithRefund {
		let checked = Self::check_heartbeat(*lease, *interval, signature)
			.map_err(|error| Self::invalid_heartbeat(*lease, *interval, error))?;
		let now = Self::now();
		let interval_end = Self::interval_start(&checked, interval.saturating_add(1));
		let longevity: u64 = interval_end.saturating_sub(now).unique_saturated_into();
		let validity: ValidTransaction = ValidTransaction::with_tag_prefix("LeaseHeartbeat")
			.priority(T::HeartbeatPriority::get())
			.and_provides((*lease, *interval))
			.longevity(longevity.max(1))
			.propagate(true)
			.into();
		Ok((validity, Weight::zero()))
	}

	fn invalid_heartbeat(
		lease: LeaseId,
		interval: IntervalIndex,
		error: Error<T>,
	) -> TransactionValidityError {
		let invalid = match error {
			Error::<T>::BadHeartbeatSignature => InvalidTransaction::BadProof,
			Error::<T>::WrongInterval => {
				let current = LeaseRecords::<T>::get(lease)
					.map(|lease| Self::interval_at(&lease, Self::now()))
					.unwrap_or_default();
				if interval > current {
					InvalidTransaction::Future
				} else {
					InvalidTransaction::Stale
				}
			}
			Error::<T>::DuplicateHeartbeat | Error::<T>::LeaseEnded | Error::<T>::LeaseInBreach => {
				InvalidTransaction::Stale
			}
			Error::<T>::UnknownLease => InvalidTransaction::Custom(invalid_codes::UNKNOWN_LEASE),
			Error::<T>::LeaseClosed => InvalidTransaction::Custom(invalid_codes::LEASE_CLOSED),
			Error::<T>::LeasePaused => InvalidTransaction::Custom(invalid_codes::LEASE_PAUSED),
			Error::<T>::DeviceNotActive => {
				InvalidTransaction::Custom(invalid_codes::DEVICE_NOT_ACTIVE)
			}
			_ => InvalidTransaction::Call,
		};
		TransactionValidityError::Invalid(invalid)
	}

	/// Checks every heartbeat rule, cheapest first, the signature last, and returns the lease.
	pub(crate) fn check_heartbeat(
		id: LeaseId,
		interval: IntervalIndex,
		signature: &DeviceSignature,
	) -> Result<LeaseOf<T>, Error<T>> {
		let lease = LeaseRecords::<T>::get(id).ok_or(Error::<T>::UnknownLease)?;
		match lease.state {
			LeaseState::Closed { .. } => return Err(Error::<T>::LeaseClosed),
			LeaseState::Paused { .. } => return Err(Error::<T>::LeasePaused),
			LeaseState::Active => {}
		}
		let device = T::Registry::device(lease.device).ok_or(Error::<T>::DeviceNotActive)?;
		ensure!(device.is_active(), Error::<T>::DeviceNotActive);
		let now = Self::now();
		ensure!(now < Self::effective_end(&lease), Error::<T>::LeaseEnded);
		let max_missed = Parameters::<T>::get().max_missed_heartbeats;
		ensure!(now < Self::breach_at(&lease, max_missed), Error::<T>::LeaseInBreach);
		ensure!(interval == Self::interval_at(&lease, now), Error::<T>::WrongInterval);
		ensure!(lease.last_heartbeat != Some(interval), Error::<T>::DuplicateHeartbeat);
		ensure!(
			device.key.verify(&heartbeat_payload(&genesis_hash::<T>(), id, interval), signature),
			Error::<T>::BadHeartbeatSignature
		);
		Ok(lease)
	}

	/// Records a heartbeat: accrues up to now under the previous heartbeat, then bills the part
	/// of this interval already passed (from its start, or from the resume if later), then
	/// settles (pausing the lease if its escrow ran dry).
	pub(crate) fn do_heartbeat(
		id: LeaseId,
		interval: IntervalIndex,
		signature: &DeviceSignature,
	) -> DispatchResult {
		let mut lease = Self::check_heartbeat(id, interval, signature)?;
		let now = Self::now();
		Self::accrue(&mut lease, now);
		lease.last_heartbeat = Some(interval);
		lease.counting_from = interval.saturating_add(1);
		let from = Self::interval_start(&lease, interval).max(lease.billable_from);
		if now > from {
			Self::bill(&mut lease, now - from);
		}
		Self::deposit_event(Event::HeartbeatReceived { lease: id, interval });
		Self::settle_or_pause(id, &mut lease, now);
		LeaseRecords::<T>::insert(id, lease);
		Ok(())
	}
}
