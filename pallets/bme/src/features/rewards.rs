//! Rewards: shares noted per (epoch, pool, account), paid pro rata once the epoch ends, by claim
//! or in bounded `on_idle` batches, with the dust rolled over.

use crate::*;
use alloc::collections::btree_map::BTreeMap;

impl<T: Config> Pallet<T> {
	/// Adds `shares` to `who`'s shares in `pool` for `epoch`, which must be the current one.
	/// Nothing is written when it fails.
	pub(crate) fn do_note_shares(
		pool: RewardPool,
		epoch: EpochIndex,
		who: &T::AccountId,
		shares: Shares,
	) -> DispatchResult {
		// A batch of one: the checked sums and the holders' count live in one place.
		Self::do_note_many_shares(pool, epoch, &[(who.clone(), shares)])
	}

	/// Adds each of `shares` to its account's shares in `pool` for `epoch`, which must be the
	/// current one, reading and writing the pool's totals once. Every sum is checked before
	/// anything is written, so nothing is written when it fails. An account listed twice gets
	/// both amounts.
	pub(crate) fn do_note_many_shares(
		pool: RewardPool,
		epoch: EpochIndex,
		shares: &[(T::AccountId, Shares)],
	) -> DispatchResult {
		ensure!(epoch == CurrentEpoch::<T>::get(), Error::<T>::EpochNotCurrent);
		let key = (epoch, pool);
		let mut info = Pools::<T>::get(key).unwrap_or_default();
		let mut totals: BTreeMap<&T::AccountId, Shares> = BTreeMap::new();
		for (who, amount) in shares.iter().filter(|(_, amount)| *amount > 0) {
			let total = match totals.get(who) {
				Some(total) => *total,
				None => match AccountShares::<T>::get(key, who) {
					Some(existing) => existing,
					None => {
						info.holders =
							info.holders.checked_add(1).ok_or(ArithmeticError::Overflow)?;
						0
					}
				},
			};
			let total = total.checked_add(*amount).ok_or(ArithmeticError::Overflow)?;
			info.total_shares =
				info.total_shares.checked_add(*amount).ok_or(ArithmeticError::Overflow)?;
			totals.insert(who, total);
		}
		if totals.is_empty() {
			return Ok(());
		}
		for (who, total) in totals {
			AccountShares::<T>::insert(key, who, total);
		}
		Pools::<T>::insert(key, info);
		Ok(())
	}

	/// An account's reward for `shares` in the ended pool `info`:
	/// `amount × shares / total_shares`, rounded down, and never more than the pool still holds.
	pub(crate) fn reward_of(info: &PoolInfo<BalanceOf<T>>, shares: Shares) -> BalanceOf<T> {
		let reward = multiply_by_rational_with_rounding(
			Self::to_u128(info.amount),
			shares,
			info.total_shares,
			Rounding::Down,
		)
		.unwrap_or(0);
		reward.saturated_into::<BalanceOf<T>>().min(info.amount.saturating_sub(info.paid))
	}

	/// Transfers `amount` from the pot to `who`, keeping the pot's existential deposit.
	fn pay_from_pot(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer(&Self::pot_account(), who, amount, Preservation::Preserve)?;
		TotalPoolsPaid::<T>::mutate(|total| *total = total.saturating_add(amount));
		Ok(())
	}

	/// Pays `who`'s reward from `pool` of the ended `epoch`. Nothing changes when it fails.
	pub(crate) fn do_claim_rewards(
		who: T::AccountId,
		epoch: EpochIndex,
		pool: RewardPool,
	) -> Result<BalanceOf<T>, DispatchError> {
		ensure!(epoch < CurrentEpoch::<T>::get(), Error::<T>::EpochNotEnded);
		let key = (epoch, pool);
		let shares = AccountShares::<T>::get(key, &who).ok_or(Error::<T>::NothingToClaim)?;
		let mut info = Pools::<T>::get(key).ok_or(Error::<T>::NothingToClaim)?;
		let amount = Self::reward_of(&info, shares);
		Self::pay_from_pot(&who, amount).map_err(|error| {
			log::debug!(target: LOG_TARGET, "reward of {amount:?} to {who:?} not paid: {error:?}");
			Error::<T>::RewardBelowExistentialDeposit
		})?;
		AccountShares::<T>::remove(key, &who);
		info.holders = info.holders.saturating_sub(1);
		info.paid = info.paid.saturating_add(amount);
		Pools::<T>::insert(key, info);
		Self::deposit_event(Event::RewardPaid { epoch, pool, who, amount });
		Ok(amount)
	}

	/// Pays one holder whose share entry `on_idle` just took from the map. A reward that cannot
	/// be paid is forfeited: it stays in the pool and rolls over when the epoch completes.
	fn pay_out(
		epoch: EpochIndex,
		pool: RewardPool,
		who: T::AccountId,
		shares: Shares,
		info: &mut PoolInfo<BalanceOf<T>>,
	) {
		info.holders = info.holders.saturating_sub(1);
		let amount = Self::reward_of(info, shares);
		if amount.is_zero() {
			return;
		}
		match Self::pay_from_pot(&who, amount) {
			Ok(()) => {
				info.paid = info.paid.saturating_add(amount);
				Self::deposit_event(Event::RewardPaid { epoch, pool, who, amount });
			}
			Err(_) => Self::deposit_event(Event::RewardForfeited { epoch, pool, who, amount }),
		}
	}

	/// Removes the fully paid pools of `epoch` and rolls what they did not pay over into the
	/// next epoch that ends.
	pub(crate) fn complete_epoch(epoch: EpochIndex) {
		let mut rollover = Rollover::<T>::get();
		let mut dust = PerPool::<BalanceOf<T>>::default();
		let mut had_pools = false;
		for pool in POOLS {
			if let Some(info) = Pools::<T>::take((epoch, pool)) {
				had_pools = true;
				let left = info.amount.saturating_sub(info.paid);
				*dust.get_mut(pool) = left;
				*rollover.get_mut(pool) = rollover.get(pool).saturating_add(left);
			}
		}
		if had_pools {
			Rollover::<T>::put(rollover);
			Self::deposit_event(Event::EpochRewardsCompleted {
				epoch,
				coverage_dust: dust.coverage,
				compute_availability_dust: dust.compute_availability,
				data_transfer_dust: dust.data_transfer,
			});
		}
	}

	/// Pays unpaid rewards of ended epochs, oldest epoch first, then completes each fully paid
	/// epoch. Stops after `max_steps` payouts and completions together, or when `meter` cannot
	/// take another step. Returns the steps taken.
	///
	/// Each pool's share map is drained with one iterator per call (a cursor that removes each
	/// entry it yields), so a pool of any size is paid over as many blocks as it needs.
	pub(crate) fn process_payouts(meter: &mut WeightMeter, max_steps: u32) -> u32 {
		let check = T::DbWeight::get().reads(2);
		if meter.try_consume(check).is_err() {
			return 0;
		}
		let pay_weight = T::WeightInfo::on_idle_payout();
		let complete_weight = T::WeightInfo::on_idle_complete_epoch();
		let current = CurrentEpoch::<T>::get();
		let mut epoch = OldestUnpaidEpoch::<T>::get();
		let mut steps: u32 = 0;

		'epochs: while epoch < current {
			for pool in POOLS {
				let key = (epoch, pool);
				let Some(mut info) = Pools::<T>::get(key) else { continue };
				if info.holders == 0 {
					continue;
				}
				let mut holders = AccountShares::<T>::drain_prefix(key);
				let mut out_of_budget = false;
				let mut changed = false;
				while info.holders > 0 {
					if steps >= max_steps || !meter.can_consume(pay_weight) {
						out_of_budget = true;
						break;
					}
					changed = true;
					match holders.next() {
						Some((who, shares)) => {
							Self::pay_out(epoch, pool, who, shares, &mut info);
							meter.consume(pay_weight);
							steps = steps.saturating_add(1);
						}
						None => {
							log::error!(
								target: LOG_TARGET,
								"pool {key:?} counts {} holders the share map does not have",
								info.holders
							);
							info.holders = 0;
						}
					}
				}
				if changed {
					Pools::<T>::insert(key, info);
				}
				if out_of_budget {
					break 'epochs;
				}
			}
			if steps >= max_steps || !meter.can_consume(complete_weight) {
				break;
			}
			Self::complete_epoch(epoch);
			meter.consume(complete_weight);
			steps = steps.saturating_add(1);
			epoch = epoch.saturating_add(1);
			OldestUnpaidEpoch::<T>::put(epoch);
		}
		steps
	}
}
