//! Leases: starting one (from an accepted bid or directly from an offer), topping it up,
//! claiming and closing it, and the provider's access details for the tenant.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Starts a lease of `device` with `escrow` credits already escrowed from `tenant`.
	pub(crate) fn start_lease(
		tenant: T::AccountId,
		provider: T::AccountId,
		device: DeviceId,
		order: Option<OrderId>,
		price_per_hour: CreditBalance,
		duration: BlockNumberFor<T>,
		escrow: CreditBalance,
	) -> Result<LeaseId, DispatchError> {
		let id = NextLeaseId::<T>::get();
		NextLeaseId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		let now = Self::now();
		let ends_at = now.saturating_add(duration);
		let lease = Lease {
			tenant: tenant.clone(),
			provider: provider.clone(),
			device,
			order,
			price_per_hour,
			started_at: now,
			ends_at,
			heartbeat_period: Parameters::<T>::get().heartbeat_period,
			state: LeaseState::Active,
			escrow,
			owed: 0,
			carry: 0,
			accrued_to: now,
			billable_from: now,
			last_heartbeat: None,
			counting_from: 0,
			provider_close_at: None,
			settled: 0,
		};
		LeaseRecords::<T>::insert(id, lease);
		ActiveLeaseOf::<T>::insert(device, id);
		Self::restart_idle(device, now);
		LeasesOf::<T>::insert(&provider, id, ());
		Self::deposit_event(Event::LeaseStarted {
			lease: id,
			tenant,
			provider,
			device,
			price_per_hour,
			escrow,
			ends_at,
		});
		Ok(id)
	}

	/// Leases a listed device directly at its offer's price, escrowing `deposit`.
	pub(crate) fn do_lease_offer(
		tenant: T::AccountId,
		device: DeviceId,
		duration: BlockNumberFor<T>,
		deposit: CreditBalance,
		max_price_per_hour: CreditBalance,
	) -> Result<LeaseId, DispatchError> {
		let offer = Offers::<T>::get(device).ok_or(Error::<T>::NotListed)?;
		let registered = T::Registry::device(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(registered.is_active(), Error::<T>::DeviceNotActive);
		ensure!(registered.owner == offer.provider, Error::<T>::OfferOwnerChanged);
		ensure!(tenant != offer.provider, Error::<T>::OwnDevice);
		ensure!(!ActiveLeaseOf::<T>::contains_key(device), Error::<T>::DeviceBusy);
		let terms = offer.terms;
		ensure!(
			duration >= terms.min_duration && duration <= terms.max_duration,
			Error::<T>::DurationOutOfRange
		);
		ensure!(terms.price_per_hour <= max_price_per_hour, Error::<T>::PriceAboveMaximum);
		let least = Self::cost(terms.price_per_hour, terms.min_duration)?;
		ensure!(deposit >= least, Error::<T>::DepositTooLow);
		Self::escrow_credits(&tenant, deposit)?;
		Self::start_lease(
			tenant,
			offer.provider,
			device,
			None,
			terms.price_per_hour,
			duration,
			deposit,
		)
	}

	/// Reads an open lease.
	fn open_lease(id: LeaseId) -> Result<LeaseOf<T>, DispatchError> {
		let lease = LeaseRecords::<T>::get(id).ok_or(Error::<T>::UnknownLease)?;
		ensure!(lease.state.is_open(), Error::<T>::LeaseClosed);
		Ok(lease)
	}

	/// Escrows `amount` more for the tenant's lease, then touches it: what it owes is settled
	/// and a paused lease whose escrow now covers its debt resumes. A lease the touch finds
	/// ended closes: its debt is settled (from the top-up too) and the rest refunded.
	pub(crate) fn do_top_up(
		who: T::AccountId,
		id: LeaseId,
		amount: CreditBalance,
	) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		let mut lease = Self::open_lease(id)?;
		ensure!(lease.tenant == who, Error::<T>::NotLeaseTenant);
		Self::escrow_credits(&who, amount)?;
		lease.escrow = lease.escrow.checked_add(amount).ok_or(Error::<T>::Overflow)?;
		Self::deposit_event(Event::LeaseToppedUp { lease: id, amount });

		let now = Self::now();
		if Self::touch(id, &mut lease, now)?.is_some() {
			return Ok(());
		}
		if matches!(lease.state, LeaseState::Paused { .. }) && lease.escrow > lease.owed {
			lease.state = LeaseState::Active;
			lease.accrued_to = now;
			lease.billable_from = now;
			lease.counting_from = Self::interval_at(&lease, now).saturating_add(1);
			Self::deposit_event(Event::LeaseResumed { lease: id });
		}
		LeaseRecords::<T>::insert(id, lease);
		Ok(())
	}

	/// The provider's claim: touches the lease, settling what it owes (or retries a closed
	/// lease's settlement).
	pub(crate) fn do_claim(who: T::AccountId, id: LeaseId) -> DispatchResult {
		let mut lease = LeaseRecords::<T>::get(id).ok_or(Error::<T>::UnknownLease)?;
		ensure!(lease.provider == who, Error::<T>::NotLeaseProvider);
		if Self::touch(id, &mut lease, Self::now())?.is_none() {
			LeaseRecords::<T>::insert(id, lease);
		}
		Ok(())
	}

	/// The tenant's close (immediate) or the provider's (after the notice period).
	pub(crate) fn do_close_lease(who: T::AccountId, id: LeaseId) -> DispatchResult {
		let mut lease = Self::open_lease(id)?;
		let by_tenant = lease.tenant == who;
		ensure!(by_tenant || lease.provider == who, Error::<T>::NotLeaseParty);
		if !by_tenant {
			ensure!(lease.provider_close_at.is_none(), Error::<T>::AlreadyClosing);
		}
		let now = Self::now();
		if Self::touch(id, &mut lease, now)?.is_some() {
			return Ok(());
		}
		if by_tenant {
			return Self::close(id, &mut lease, CloseReason::Tenant, now);
		}
		let notice = Parameters::<T>::get().notice_period;
		if notice.is_zero() {
			return Self::close(id, &mut lease, CloseReason::Provider, now);
		}
		let closes_at = now.saturating_add(notice);
		lease.provider_close_at = Some(closes_at);
		LeaseRecords::<T>::insert(id, lease);
		Self::deposit_event(Event::LeaseClosing { lease: id, closes_at });
		Ok(())
	}

	/// Governance's close, settled up to now.
	pub(crate) fn do_force_close(id: LeaseId) -> DispatchResult {
		let mut lease = Self::open_lease(id)?;
		let now = Self::now();
		if Self::touch(id, &mut lease, now)?.is_some() {
			return Ok(());
		}
		Self::close(id, &mut lease, CloseReason::Governance, now)
	}

	/// The provider's access details for the tenant of an open lease, stored as given.
	pub(crate) fn do_set_access(
		who: T::AccountId,
		id: LeaseId,
		sealed: SealedAccess,
	) -> DispatchResult {
		ensure!(!sealed.is_empty(), Error::<T>::EmptyAccess);
		let lease = Self::open_lease(id)?;
		ensure!(lease.provider == who, Error::<T>::NotLeaseProvider);
		let bytes = sealed.len() as u32;
		LeaseAccess::<T>::insert(id, sealed);
		Self::deposit_event(Event::AccessSet { lease: id, bytes });
		Ok(())
	}
}
