//! Read accessors, for the runtime API and for other code in the runtime.

use crate::*;

impl<T: Config> Pallet<T> {
	/// The parameters in force.
	pub fn parameters() -> ParametersOf<T> {
		Parameters::<T>::get()
	}

	/// The feeders and their latest submissions.
	pub fn feeders() -> Vec<FeederOf<T>> {
		Feeders::<T>::get().into_inner()
	}

	/// The price in force with the fresh submissions it is computed from.
	pub fn price_view() -> PriceView<T::AccountId, BlockNumberFor<T>> {
		let parameters = Parameters::<T>::get();
		let feeders = Feeders::<T>::get();
		let submissions = Self::fresh_submissions(&feeders, &parameters);
		let price = Self::aggregate(
			submissions.iter().map(|(_, submission)| submission.price).collect(),
			parameters.min_feeders,
		);
		PriceView {
			price,
			submissions,
			min_feeders: parameters.min_feeders,
			max_price_age: parameters.max_price_age,
		}
	}

	/// `who`'s credits, spendable and escrowed.
	pub fn credit_account(who: &T::AccountId) -> CreditAccount {
		CreditAccounts::<T>::get(who).unwrap_or_default()
	}

	/// The emission schedule and the current epoch's pools, as they stand.
	pub fn emission_view() -> EmissionView<BalanceOf<T>, BlockNumberFor<T>> {
		let parameters = Parameters::<T>::get();
		let epoch = CurrentEpoch::<T>::get();
		let now = frame_system::Pallet::<T>::block_number();
		let length = parameters.epoch_length;
		let into_epoch = if length.is_zero() { Zero::zero() } else { now % length };
		let epoch_ends_at = now.saturating_sub(into_epoch).saturating_add(length);

		let base_emission = Self::scheduled_emission(epoch, &parameters);
		let reminted = Self::pending_remint(&parameters);
		let total = Self::to_u128(base_emission).saturating_add(Self::to_u128(reminted));
		let parts = parameters.split.apportion(total);
		let rollover = Rollover::<T>::get();
		let pool_view = |pool: RewardPool, part: u128| {
			let info = Pools::<T>::get((epoch, pool)).unwrap_or_default();
			PoolView {
				projected_amount: part
					.saturated_into::<BalanceOf<T>>()
					.saturating_add(rollover.get(pool)),
				total_shares: info.total_shares,
				holders: info.holders,
			}
		};
		// The data-transfer pool pays what was noted, up to the budget; by default what it
		// leaves joins the coverage pool.
		let budget =
			epoch.checked_sub(1).and_then(DataTransferBudgets::<T>::get).unwrap_or_else(Zero::zero);
		let data_info = Pools::<T>::get((epoch, RewardPool::DataTransfer)).unwrap_or_default();
		let data_paid = data_info.total_shares.saturated_into::<BalanceOf<T>>().min(budget);
		let mut coverage = pool_view(RewardPool::Coverage, parts.coverage);
		if parameters.data_transfer_remainder == DataTransferRemainder::Coverage {
			coverage.projected_amount =
				coverage.projected_amount.saturating_add(budget.saturating_sub(data_paid));
		}
		let halvings = epoch.checked_div(parameters.halving_interval).unwrap_or(0);
		EmissionView {
			current_epoch: epoch,
			epoch_length: length,
			epoch_ends_at,
			base_emission,
			next_halving_epoch: halvings
				.saturating_add(1)
				.saturating_mul(parameters.halving_interval),
			reminted,
			burned_this_epoch: BurnedThisEpoch::<T>::get(),
			split: parameters.split,
			coverage,
			compute_availability: pool_view(
				RewardPool::ComputeAvailability,
				parts.compute_availability,
			),
			validators: pool_view(RewardPool::Validators, parts.validators),
			data_transfer: PoolView {
				projected_amount: data_paid,
				total_shares: data_info.total_shares,
				holders: data_info.holders,
			},
			data_transfer_budget: budget,
			treasury: parts.treasury.saturated_into(),
			settlement_minted: (
				SettlementMintedThisEpoch::<T>::get(),
				parameters.max_settlement_mint_per_epoch,
			),
		}
	}

	/// `who`'s unpaid rewards, newest epoch first, over the last [`PENDING_REWARD_EPOCHS`]
	/// epochs that are not fully paid (the running one included, with no amount yet).
	pub fn pending_rewards(who: &T::AccountId) -> Vec<PendingReward<BalanceOf<T>>> {
		let current = CurrentEpoch::<T>::get();
		let oldest = OldestUnpaidEpoch::<T>::get()
			.max(current.saturating_sub(PENDING_REWARD_EPOCHS.saturating_sub(1)));
		let mut pending = Vec::new();
		for epoch in (oldest..=current).rev() {
			for pool in POOLS {
				let key = (epoch, pool);
				let Some(shares) = AccountShares::<T>::get(key, who) else { continue };
				let info = Pools::<T>::get(key).unwrap_or_default();
				let amount = (epoch < current).then(|| Self::reward_of(&info, shares));
				pending.push(PendingReward {
					epoch,
					pool,
					shares,
					total_shares: info.total_shares,
					amount,
				});
			}
		}
		pending
	}

	/// The records of the ended epochs before `before` (before the current one when `None`),
	/// newest first, at most `limit` (capped at [`EPOCH_HISTORY`]); stops at the oldest kept.
	pub fn epoch_history(
		before: Option<EpochIndex>,
		limit: u32,
	) -> Vec<(EpochIndex, EpochRecordOf<T>)> {
		let before = before.unwrap_or_else(CurrentEpoch::<T>::get).min(CurrentEpoch::<T>::get());
		let limit = limit.min(EPOCH_HISTORY);
		(before.saturating_sub(limit)..before)
			.rev()
			.map_while(|epoch| EpochHistory::<T>::get(epoch).map(|record| (epoch, record)))
			.collect()
	}
}
