//! Emissions: at the end of every epoch the schedule's DPN plus the capped re-mint of the DPN
//! burned for credits in the epoch before it are minted and split into the pools.

use crate::*;

impl<T: Config> Pallet<T> {
	/// The scheduled emission of `epoch`: `initial_emission` halved once per full
	/// `halving_interval` epochs before it.
	pub fn scheduled_emission(epoch: EpochIndex, parameters: &ParametersOf<T>) -> BalanceOf<T> {
		let halvings = epoch.checked_div(parameters.halving_interval).unwrap_or(0);
		Self::to_u128(parameters.initial_emission)
			.checked_shr(halvings)
			.unwrap_or(0)
			.saturated_into()
	}

	/// The DPN the current epoch re-mints when it ends: what was burned for credits in the
	/// previous epoch, at most `net_emissions_cap`.
	pub fn pending_remint(parameters: &ParametersOf<T>) -> BalanceOf<T> {
		BurnedLastEpoch::<T>::get().min(parameters.net_emissions_cap)
	}

	/// Ends the current epoch (called by `on_initialize`; constant work):
	///
	/// 1. its emission, scheduled plus re-minted, is split by the parameters' `split`;
	/// 2. the share-paid parts (coverage, compute availability, validators, data transfer) are
	///    minted into the pot;
	/// 3. the data-transfer pool of the epoch pays the rewards noted in it (for the data carried
	///    in the epoch before) from the budget set aside when that epoch ended, pro rata less
	///    when they exceed it; what they leave goes where `data_transfer_remainder` says;
	/// 4. each other pool of the epoch becomes payable with its part plus what rolled over into
	///    it (and, for coverage, the data-transfer remainder), or, when nobody noted shares in
	///    it, rolls over whole to the next epoch;
	/// 5. the epoch's data-transfer part, with what rolled over into it, is set aside as the
	///    budget of the data carried in it;
	/// 6. the treasury's part is minted to its account;
	/// 7. the burn counters move on (this epoch's burns are re-minted next epoch), the
	///    settlement counter restarts, and the next epoch begins.
	pub(crate) fn end_epoch() {
		let epoch = CurrentEpoch::<T>::get();
		let parameters = Parameters::<T>::get();
		let base_emission = Self::scheduled_emission(epoch, &parameters);
		let reminted = Self::pending_remint(&parameters);
		let total = Self::to_u128(base_emission).saturating_add(Self::to_u128(reminted));
		let parts = parameters.split.apportion(total);

		// The share-paid parts are minted into the pot in one go.
		let pot = Self::pot_account();
		let pools_part = parts.pooled();
		let pooled = Self::mint_or_withhold(&pot, pools_part);
		TotalPoolsEmitted::<T>::mutate(|total| *total = total.saturating_add(pooled));
		let pools_minted = Self::to_u128(pooled) == pools_part;

		let mut rollover = Rollover::<T>::get();
		let (data_transfer_pool, remainder) = Self::pay_data_transfer(epoch);
		let (to_coverage, to_next_budget) = match parameters.data_transfer_remainder {
			DataTransferRemainder::Coverage => (remainder, Zero::zero()),
			DataTransferRemainder::NextBudget => (Zero::zero(), remainder),
			DataTransferRemainder::Treasury => {
				Self::remainder_to_treasury(epoch, remainder, &mut rollover);
				(Zero::zero(), Zero::zero())
			}
		};

		let mut sizes =
			PerPool::<BalanceOf<T>> { data_transfer: data_transfer_pool, ..Default::default() };
		for pool in POOLS {
			let part = match pool {
				RewardPool::DataTransfer => continue,
				_ if !pools_minted => 0,
				RewardPool::Coverage => parts.coverage,
				RewardPool::ComputeAvailability => parts.compute_availability,
				RewardPool::Validators => parts.validators,
			};
			// The part fits: it is at most what was just minted.
			let mut amount =
				part.saturated_into::<BalanceOf<T>>().saturating_add(rollover.get(pool));
			if pool == RewardPool::Coverage {
				amount = amount.saturating_add(to_coverage);
			}
			*rollover.get_mut(pool) = Zero::zero();
			let key = (epoch, pool);
			match Pools::<T>::get(key) {
				Some(mut info) if info.total_shares > 0 => {
					info.amount = amount;
					Pools::<T>::insert(key, info);
				}
				_ => {
					// Nobody earned it: it waits in the pot for the next epoch's pool.
					*rollover.get_mut(pool) = amount;
					if !amount.is_zero() {
						Self::deposit_event(Event::PoolRolledOver { epoch, pool, amount });
					}
				}
			}
			*sizes.get_mut(pool) = amount;
		}

		// The data carried in this epoch is paid from this budget when the next one ends.
		let data_part = if pools_minted { parts.data_transfer } else { 0 };
		let budget = data_part
			.saturated_into::<BalanceOf<T>>()
			.saturating_add(rollover.data_transfer)
			.saturating_add(to_next_budget);
		rollover.data_transfer = Zero::zero();
		if !budget.is_zero() {
			DataTransferBudgets::<T>::insert(epoch, budget);
		}
		Rollover::<T>::put(rollover);

		let treasury = Self::mint_or_withhold(&T::TreasuryAccount::get(), parts.treasury);

		let burned = BurnedThisEpoch::<T>::take();
		Self::record_epoch(
			epoch,
			EpochRecord {
				ended_at: frame_system::Pallet::<T>::block_number(),
				credit_price: None,
				credits_minted: None,
				credits_minted_total: 0,
				burned,
				base_emission,
				reminted,
				minted: pooled.saturating_add(treasury),
				coverage_pool: sizes.coverage,
				compute_availability_pool: sizes.compute_availability,
				validators_pool: sizes.validators,
				data_transfer_pool: sizes.data_transfer,
				data_transfer_budget: budget,
				treasury,
				total_issuance: Zero::zero(),
			},
		);
		BurnedLastEpoch::<T>::put(burned);
		SettlementMintedThisEpoch::<T>::kill();
		CurrentEpoch::<T>::put(epoch.saturating_add(1));

		Self::deposit_event(Event::EpochEnded {
			epoch,
			base_emission,
			reminted,
			coverage_pool: sizes.coverage,
			compute_availability_pool: sizes.compute_availability,
			validators_pool: sizes.validators,
			data_transfer_pool: sizes.data_transfer,
			data_transfer_budget: budget,
			treasury,
		});
	}

	/// Keeps `record` of the ending `epoch`, completed with the price in force, the credits
	/// minted and the issuance, and drops the record [`EPOCH_HISTORY`] epochs older.
	fn record_epoch(epoch: EpochIndex, mut record: EpochRecordOf<T>) {
		let total = TotalCreditsMinted::<T>::get();
		let before = match epoch.checked_sub(1) {
			None => Some(0),
			Some(previous) => EpochHistory::<T>::get(previous).map(|r| r.credits_minted_total),
		};
		record.credit_price = Self::price_in_force().map(|price| price.credit_price);
		record.credits_minted = before.map(|before| total.saturating_sub(before));
		record.credits_minted_total = total;
		record.total_issuance = T::Currency::total_issuance();
		EpochHistory::<T>::insert(epoch, record);
		if let Some(oldest) = epoch.checked_sub(EPOCH_HISTORY) {
			EpochHistory::<T>::remove(oldest);
		}
	}

	/// Sizes the data-transfer pool of the ending `epoch` from the budget set aside for the
	/// data carried in the epoch before: it pays the rewards noted in it (its shares, DPN base
	/// units) up to the budget. Returns the pool's size and what the budget has left.
	fn pay_data_transfer(epoch: EpochIndex) -> (BalanceOf<T>, BalanceOf<T>) {
		let budget = epoch
			.checked_sub(1)
			.and_then(DataTransferBudgets::<T>::take)
			.unwrap_or_else(Zero::zero);
		let key = (epoch, RewardPool::DataTransfer);
		let Some(mut info) = Pools::<T>::get(key).filter(|info| info.total_shares > 0) else {
			return (Zero::zero(), budget);
		};
		let noted = info.total_shares.saturated_into::<BalanceOf<T>>();
		info.amount = noted.min(budget);
		Pools::<T>::insert(key, info);
		if noted > budget {
			Self::deposit_event(Event::DataTransferScaled { epoch, noted, budget });
		}
		(info.amount, budget.saturating_sub(info.amount))
	}

	/// Moves what a data-transfer budget left from the pot to the treasury; when the transfer
	/// fails (the treasury account cannot receive it) it rolls over into the next budget.
	fn remainder_to_treasury(
		epoch: EpochIndex,
		remainder: BalanceOf<T>,
		rollover: &mut PerPool<BalanceOf<T>>,
	) {
		if remainder.is_zero() {
			return;
		}
		let treasury = T::TreasuryAccount::get();
		match T::Currency::transfer(
			&Self::pot_account(),
			&treasury,
			remainder,
			Preservation::Preserve,
		) {
			Ok(_) => {
				TotalPoolsPaid::<T>::mutate(|total| *total = total.saturating_add(remainder));
				Self::deposit_event(Event::DataTransferRemainderPaid {
					epoch,
					to: treasury,
					amount: remainder,
				});
			}
			Err(_) => {
				rollover.data_transfer = rollover.data_transfer.saturating_add(remainder);
			}
		}
	}

	/// Mints `amount` to `recipient` and returns it, or, when that is impossible (the account
	/// does not exist and `amount` is below the existential deposit, or issuance would
	/// overflow), mints nothing, reports [`Event::EmissionWithheld`] and returns zero.
	fn mint_or_withhold(recipient: &T::AccountId, amount: u128) -> BalanceOf<T> {
		if amount == 0 {
			return Zero::zero();
		}
		let minted = Self::to_balance(amount)
			.map_err(DispatchError::from)
			.and_then(|balance| Self::mint(recipient, balance).map(|()| balance));
		match minted {
			Ok(balance) => balance,
			Err(error) => {
				log::warn!(
					target: LOG_TARGET,
					"emission of {amount} to {recipient:?} withheld: {error:?}"
				);
				Self::deposit_event(Event::EmissionWithheld {
					recipient: recipient.clone(),
					amount: amount.saturated_into(),
				});
				Zero::zero()
			}
		}
	}
}
