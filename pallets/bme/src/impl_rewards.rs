//! [`RewardShares`] (coverage and leases note shares), [`DataTransferRewards`] (the usage pallet
//! reads budgets and values) and [`UsageSettlement`] (leases settle used services), all kept by
//! this pallet.

use crate::*;
use depin_primitives::{DataTransferRewards, RewardShares, Settlement, UsageSettlement};

impl<T: Config> RewardShares<T::AccountId> for Pallet<T> {
	fn current_epoch() -> EpochIndex {
		CurrentEpoch::<T>::get()
	}

	fn note_shares(
		pool: RewardPool,
		epoch: EpochIndex,
		who: &T::AccountId,
		shares: Shares,
	) -> DispatchResult {
		Self::do_note_shares(pool, epoch, who, shares)
	}

	fn note_many_shares(
		pool: RewardPool,
		epoch: EpochIndex,
		shares: &[(T::AccountId, Shares)],
	) -> DispatchResult {
		Self::do_note_many_shares(pool, epoch, shares)
	}
}

impl<T: Config> DataTransferRewards<T::AccountId> for Pallet<T> {
	fn data_transfer_budget(epoch: EpochIndex) -> u128 {
		DataTransferBudgets::<T>::get(epoch).map_or(0, Self::to_u128)
	}

	fn credits_value(credits: CreditBalance) -> Option<u128> {
		let price = Self::settlement_price().ok()?;
		Self::dpn_for(credits, price)
	}
}

impl<T: Config> UsageSettlement<T::AccountId> for Pallet<T> {
	type Balance = BalanceOf<T>;

	fn settle(
		payer: &T::AccountId,
		provider: &T::AccountId,
		credits: CreditBalance,
	) -> Result<Settlement<Self::Balance>, DispatchError> {
		Self::do_settle(payer, provider, credits)
	}
}
