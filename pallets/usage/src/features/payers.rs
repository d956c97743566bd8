//! Payers: approval with a bond, suspension, revocation with an optional slash, their price,
//! their escrow and their epoch limit.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Approves a payer, holding `bond` from `account`. Returns its id.
	pub(crate) fn do_approve_payer(
		account: T::AccountId,
		routing_key: DeviceKey,
		name: ShortString,
		bond: BalanceOf<T>,
		price: TrafficPrice,
		epoch_limit: CreditBalance,
	) -> Result<PayerId, DispatchError> {
		let payer = NextPayerId::<T>::get();
		ensure!(payer < T::MaxPayers::get(), Error::<T>::TooManyPayers);
		let next = payer.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		ensure!(!PayerByKey::<T>::contains_key(routing_key), Error::<T>::RoutingKeyInUse);
		Self::ensure_price_allowed(&price)?;
		if !bond.is_zero() {
			let reason: T::RuntimeHoldReason = HoldReason::PayerBond.into();
			T::Currency::hold(&reason, &account, bond)
				.map_err(|_| Error::<T>::InsufficientBondBalance)?;
		}
		Payers::<T>::insert(
			payer,
			PayerInfo {
				account: account.clone(),
				routing_key,
				name,
				bond,
				status: PayerStatus::Active,
				price,
				next_price: None,
				escrow: 0,
				unlocking: None,
				epoch_limit,
			},
		);
		PayerByKey::<T>::insert(routing_key, payer);
		NextPayerId::<T>::put(next);
		Self::deposit_event(Event::PayerApproved {
			payer,
			account,
			routing_key,
			bond,
			epoch_limit,
		});
		Ok(payer)
	}

	/// Suspends (`suspend`) or resumes a payer.
	pub(crate) fn do_set_suspended(payer: PayerId, suspend: bool) -> DispatchResult {
		let mut info = Self::live_payer(payer)?;
		if suspend {
			ensure!(info.status == PayerStatus::Active, Error::<T>::PayerAlreadySuspended);
			info.status = PayerStatus::Suspended;
			Self::deposit_event(Event::PayerSuspended { payer });
		} else {
			ensure!(info.status == PayerStatus::Suspended, Error::<T>::PayerNotSuspended);
			info.status = PayerStatus::Active;
			Self::deposit_event(Event::PayerResumed { payer });
		}
		Payers::<T>::insert(payer, info);
		Ok(())
	}

	/// Revokes a payer: the bond released or paid to `slash_to`, the escrow released, the
	/// routing key freed.
	pub(crate) fn do_revoke_payer(
		payer: PayerId,
		slash_to: Option<T::AccountId>,
	) -> DispatchResult {
		let mut info = Self::live_payer(payer)?;
		let bond = info.bond;
		if !bond.is_zero() {
			let reason: T::RuntimeHoldReason = HoldReason::PayerBond.into();
			match &slash_to {
				Some(beneficiary) => {
					T::Currency::transfer_on_hold(
						&reason,
						&info.account,
						beneficiary,
						bond,
						Precision::Exact,
						Restriction::Free,
						Fortitude::Force,
					)?;
				}
				None => {
					T::Currency::release(&reason, &info.account, bond, Precision::Exact)?;
				}
			}
		}
		let escrow_released = info.escrow;
		T::Credits::release(&info.account, escrow_released)?;
		PayerByKey::<T>::remove(info.routing_key);
		info.status = PayerStatus::Revoked;
		info.bond = Zero::zero();
		info.escrow = 0;
		info.unlocking = None;
		Payers::<T>::insert(payer, info);
		Self::deposit_event(Event::PayerRevoked {
			payer,
			bond,
			slashed_to: slash_to,
			escrow_released,
		});
		Ok(())
	}

	/// Sets a payer's epoch limit.
	pub(crate) fn do_set_payer_limit(payer: PayerId, epoch_limit: CreditBalance) -> DispatchResult {
		let mut info = Self::live_payer(payer)?;
		info.epoch_limit = epoch_limit;
		Payers::<T>::insert(payer, info);
		Self::deposit_event(Event::PayerLimitSet { payer, epoch_limit });
		Ok(())
	}

	/// Sets `payer`'s price, for its account `who`: an increase (neither part lower) at once, a
	/// decrease after `MaxSessionAge` blocks.
	pub(crate) fn do_set_price(
		who: &T::AccountId,
		payer: PayerId,
		price: TrafficPrice,
	) -> DispatchResult {
		let mut info = Self::managed_payer(who, payer)?;
		Self::ensure_price_allowed(&price)?;
		let now = frame_system::Pallet::<T>::block_number();
		let current = info.price_at(now);
		let from = if price.covers(&current) {
			info.price = price;
			info.next_price = None;
			now
		} else {
			let from = now.saturating_add(T::MaxSessionAge::get()).saturating_add(1u32.into());
			info.price = current;
			info.next_price = Some((price, from));
			from
		};
		Payers::<T>::insert(payer, info);
		Self::deposit_event(Event::PriceSet { payer, price, from });
		Ok(())
	}

	/// Escrows `amount` of `who`'s spendable credits for `payer`.
	pub(crate) fn do_escrow_credits(
		who: &T::AccountId,
		payer: PayerId,
		amount: CreditBalance,
	) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		let mut info = Self::managed_payer(who, payer)?;
		info.escrow = info.escrow.checked_add(amount).ok_or(ArithmeticError::Overflow)?;
		T::Credits::escrow(who, amount)?;
		Payers::<T>::insert(payer, info);
		Self::deposit_event(Event::EscrowAdded { payer, amount });
		Ok(())
	}

	/// Starts unlocking `amount` more of `payer`'s escrow; all of it unlocks `MaxSessionAge`
	/// blocks from now.
	pub(crate) fn do_unlock_escrow(
		who: &T::AccountId,
		payer: PayerId,
		amount: CreditBalance,
	) -> DispatchResult {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		let mut info = Self::managed_payer(who, payer)?;
		let unlocking = info.unlocking.map_or(0, |(amount, _)| amount);
		let total = unlocking.checked_add(amount).ok_or(ArithmeticError::Overflow)?;
		ensure!(total <= info.escrow, Error::<T>::InsufficientEscrow);
		let from = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::MaxSessionAge::get())
			.saturating_add(1u32.into());
		info.unlocking = Some((total, from));
		Payers::<T>::insert(payer, info);
		Self::deposit_event(Event::EscrowUnlocking { payer, amount: total, from });
		Ok(())
	}

	/// Releases what is left of `payer`'s unlocked credits to its account.
	pub(crate) fn do_withdraw_escrow(who: &T::AccountId, payer: PayerId) -> DispatchResult {
		let mut info = Self::managed_payer(who, payer)?;
		let now = frame_system::Pallet::<T>::block_number();
		let (unlocking, from) = info.unlocking.ok_or(Error::<T>::NothingToWithdraw)?;
		ensure!(from <= now, Error::<T>::NothingToWithdraw);
		// Sessions may have burned some of it meanwhile.
		let amount = unlocking.min(info.escrow);
		T::Credits::release(who, amount)?;
		info.escrow = info.escrow.saturating_sub(amount);
		info.unlocking = None;
		Payers::<T>::insert(payer, info);
		Self::deposit_event(Event::EscrowWithdrawn { payer, amount });
		Ok(())
	}

	/// The record of a payer that was not revoked.
	fn live_payer(payer: PayerId) -> Result<PayerOf<T>, Error<T>> {
		let info = Payers::<T>::get(payer).ok_or(Error::<T>::UnknownPayer)?;
		ensure!(info.status != PayerStatus::Revoked, Error::<T>::PayerRevoked);
		Ok(info)
	}

	/// The record of a payer that was not revoked, when `who` is its account.
	fn managed_payer(who: &T::AccountId, payer: PayerId) -> Result<PayerOf<T>, Error<T>> {
		let info = Self::live_payer(payer)?;
		ensure!(&info.account == who, Error::<T>::NotPayerAccount);
		Ok(info)
	}

	/// Whether `price` may be set: at least the minimum per gigabyte.
	fn ensure_price_allowed(price: &TrafficPrice) -> Result<(), Error<T>> {
		ensure!(
			price.per_gb >= Parameters::<T>::get().min_price_per_gb,
			Error::<T>::PriceBelowMinimum
		);
		Ok(())
	}
}
