//! Orders and bids: a tenant escrows for requirements, providers bid with matching devices
//! holding a bond, the tenant accepts one, or the order is cancelled or expires.

use crate::*;
use frame_support::traits::tokens::Precision;

impl<T: Config> Pallet<T> {
	/// Posts an order, holds `order_deposit` DPN and escrows
	/// `ceil(max_price_per_hour × duration / BlocksPerHour)` credits.
	pub(crate) fn do_create_order(
		tenant: T::AccountId,
		requirements: Requirements,
		duration: BlockNumberFor<T>,
	) -> Result<OrderId, DispatchError> {
		ensure!(
			requirements.gpu_count >= 1
				&& requirements.region.as_ref().is_none_or(|region| !region.is_empty()),
			Error::<T>::InvalidRequirements
		);
		Self::ensure_valid_price(requirements.max_price_per_hour)?;
		ensure!(!duration.is_zero(), Error::<T>::InvalidDuration);
		let escrow = Self::cost(requirements.max_price_per_hour, duration)?;
		let parameters = Parameters::<T>::get();
		let deposit = parameters.order_deposit;
		let order = NextOrderId::<T>::get();
		let next = order.checked_add(1).ok_or(Error::<T>::Overflow)?;
		Self::escrow_credits(&tenant, escrow)?;
		if !deposit.is_zero() {
			T::Currency::hold(&HoldReason::OrderDeposit.into(), &tenant, deposit)
				.map_err(|_| Error::<T>::InsufficientDepositBalance)?;
		}

		NextOrderId::<T>::put(next);
		let expires_at = Self::now().saturating_add(parameters.order_expiry);
		Orders::<T>::insert(
			order,
			Order { tenant: tenant.clone(), deposit, requirements, duration, escrow, expires_at },
		);
		Self::deposit_event(Event::OrderCreated { order, tenant, escrow, deposit, expires_at });
		Ok(order)
	}

	/// Removes an order, refunding its escrow and releasing every bond. With `Some(who)` it is
	/// the tenant's cancellation (at any time); with `None` anyone's close of an expired order.
	pub(crate) fn do_cancel_order(who: Option<T::AccountId>, order: OrderId) -> DispatchResult {
		let info = Orders::<T>::get(order).ok_or(Error::<T>::UnknownOrder)?;
		match &who {
			Some(who) => ensure!(*who == info.tenant, Error::<T>::NotTenant),
			None => ensure!(Self::now() >= info.expires_at, Error::<T>::OrderNotExpired),
		}
		let bids_released = Self::release_bids(order);
		T::Credits::release(&info.tenant, info.escrow)?;
		Self::release_order_deposit(&info);
		Orders::<T>::remove(order);
		let refunded = info.escrow;
		Self::deposit_event(match who {
			Some(_) => Event::OrderCancelled { order, refunded, bids_released },
			None => Event::OrderExpired { order, refunded, bids_released },
		});
		Ok(())
	}

	/// Releases `amount` held from `who` for `reason`. The hold was placed by this pallet and
	/// nothing else releases it, so a shortfall (which `try_state` would report) is only logged:
	/// the order or bid goes regardless.
	fn release_held(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) {
		if amount.is_zero() {
			return;
		}
		match T::Currency::release(&reason.into(), who, amount, Precision::BestEffort) {
			Ok(released) if released == amount => {}
			outcome => log::error!(
				target: LOG_TARGET,
				"{reason:?} of {amount:?} not fully released: {outcome:?}"
			),
		}
	}

	/// Releases an order's deposit to its tenant.
	fn release_order_deposit(info: &OrderOf<T>) {
		Self::release_held(HoldReason::OrderDeposit, &info.tenant, info.deposit);
	}

	/// Removes every bid of `order` and releases its bond. Returns how many there were (at most
	/// [`Config::MaxBidsPerOrder`]).
	pub(crate) fn release_bids(order: OrderId) -> u32 {
		let bids = Bids::<T>::take(order);
		for bid in &bids {
			Self::release_bond(bid);
		}
		bids.len() as u32
	}

	fn release_bond(bid: &BidOf<T>) {
		Self::release_held(HoldReason::BidBond, &bid.provider, bid.bond);
	}

	/// Places `who`'s bid with `device` on `order`, holding the bid bond.
	pub(crate) fn do_place_bid(
		who: T::AccountId,
		order: OrderId,
		device: DeviceId,
		price_per_hour: CreditBalance,
	) -> DispatchResult {
		let info = Orders::<T>::get(order).ok_or(Error::<T>::UnknownOrder)?;
		ensure!(Self::now() < info.expires_at, Error::<T>::OrderExpired);
		let registered = T::Registry::device(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(registered.owner == who, Error::<T>::NotDeviceOwner);
		let gpu = registered.gpu().ok_or(Error::<T>::NotGpuDevice)?;
		ensure!(registered.is_active(), Error::<T>::DeviceNotActive);
		ensure!(who != info.tenant, Error::<T>::OwnDevice);
		ensure!(!ActiveLeaseOf::<T>::contains_key(device), Error::<T>::DeviceBusy);
		let offer = Offers::<T>::get(device).ok_or(Error::<T>::NotListed)?;
		ensure!(offer.provider == who, Error::<T>::OfferOwnerChanged);
		ensure!(
			info.requirements.matches_device(gpu, &offer.terms, &info.duration),
			Error::<T>::RequirementsNotMet
		);
		Self::ensure_valid_price(price_per_hour)?;
		ensure!(
			price_per_hour <= info.requirements.max_price_per_hour,
			Error::<T>::PriceAboveMaximum
		);

		let mut bids = Bids::<T>::get(order);
		ensure!(!bids.iter().any(|bid| bid.device == device), Error::<T>::AlreadyBid);
		let bond = Parameters::<T>::get().bid_bond;
		bids.try_push(Bid { provider: who.clone(), device, price_per_hour, bond })
			.map_err(|_| Error::<T>::TooManyBids)?;
		if !bond.is_zero() {
			T::Currency::hold(&HoldReason::BidBond.into(), &who, bond)
				.map_err(|_| Error::<T>::InsufficientBondBalance)?;
		}
		Bids::<T>::insert(order, bids);
		Self::deposit_event(Event::BidPlaced {
			order,
			device,
			provider: who,
			price_per_hour,
			bond,
		});
		Ok(())
	}

	/// Withdraws `who`'s bid with `device` from `order` and releases its bond.
	pub(crate) fn do_withdraw_bid(
		who: T::AccountId,
		order: OrderId,
		device: DeviceId,
	) -> DispatchResult {
		ensure!(Orders::<T>::contains_key(order), Error::<T>::UnknownOrder);
		let mut bids = Bids::<T>::get(order);
		let index =
			bids.iter().position(|bid| bid.device == device).ok_or(Error::<T>::UnknownBid)?;
		ensure!(bids[index].provider == who, Error::<T>::NotBidder);
		let bid = bids.remove(index);
		Self::release_bond(&bid);
		if bids.is_empty() {
			Bids::<T>::remove(order);
		} else {
			Bids::<T>::insert(order, bids);
		}
		Self::deposit_event(Event::BidWithdrawn { order, device });
		Ok(())
	}

	/// Accepts the bid with `device` on `who`'s order: starts the lease at the bid's price,
	/// refunds the escrow above the lease's and releases every bond.
	pub(crate) fn do_accept_bid(
		who: T::AccountId,
		order: OrderId,
		device: DeviceId,
	) -> Result<LeaseId, DispatchError> {
		let info = Orders::<T>::get(order).ok_or(Error::<T>::UnknownOrder)?;
		ensure!(info.tenant == who, Error::<T>::NotTenant);
		ensure!(Self::now() < info.expires_at, Error::<T>::OrderExpired);
		let bid = Bids::<T>::get(order)
			.into_iter()
			.find(|bid| bid.device == device)
			.ok_or(Error::<T>::UnknownBid)?;
		let registered = T::Registry::device(device).ok_or(Error::<T>::DeviceNotActive)?;
		ensure!(registered.is_active(), Error::<T>::DeviceNotActive);
		ensure!(registered.owner == bid.provider, Error::<T>::BidderNotOwner);
		ensure!(!ActiveLeaseOf::<T>::contains_key(device), Error::<T>::DeviceBusy);

		// The bid's price is at most the order's maximum, so this is at most the order's escrow.
		let escrow = Self::cost(bid.price_per_hour, info.duration)?.min(info.escrow);
		let refunded = info.escrow.saturating_sub(escrow);
		let bids_released = Self::release_bids(order);
		Self::release_order_deposit(&info);
		Orders::<T>::remove(order);
		if refunded > 0 {
			T::Credits::release(&who, refunded)?;
		}
		let lease = Self::start_lease(
			who,
			bid.provider,
			device,
			Some(order),
			bid.price_per_hour,
			info.duration,
			escrow,
		)?;
		Self::deposit_event(Event::OrderFilled { order, lease, device, refunded, bids_released });
		Ok(lease)
	}
}
