//! # BME runtime API
//!
//! The reads a client needs from the burn-and-mint pallet, answered by the runtime through
//! `state_call`, and as plain JSON through `pallet-bme-rpc`'s `depin_*` methods: the price in force
//! with the submissions behind it, an account's credits, a quote of credits for DPN, the emission
//! schedule with the current epoch's pools, an account's pending rewards and the parameters;
//! since version 2, the books of the last ended epochs. The runtime implements it by calling
//! `pallet_bme::Pallet::{price_view, credit_account, quote_credits, emission_view,
//! pending_rewards, parameters, epoch_history}`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use depin_primitives::{CreditBalance, EpochIndex, RewardPool, Shares};
pub use pallet_bme::types::{
	BmeParameters, CreditAccount, DataTransferRemainder, EmissionView, EpochRecord, OraclePrice,
	PendingReward, PoolSplit, PoolView, Price, PriceSubmission, PriceView,
};
pub use pallet_bme::EPOCH_HISTORY;

sp_api::decl_runtime_apis! {
	/// Reads of the burn-and-mint pallet.
	#[api_version(2)]
	pub trait BmeApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The price in force (the credit price credits are minted at, the settlement price
		/// settlements mint DPN at, the median and spread), or `None` with fewer fresh
		/// submissions than needed; with the fresh submissions and their feeders.
		fn price() -> PriceView<AccountId, BlockNumber>;

		/// `who`'s credits: spendable and escrowed.
		fn credits(who: AccountId) -> CreditAccount;

		/// The credits burning `amount` DPN would buy now, or `None` when no credits can be
		/// minted (no price, or the feeders disagree too much).
		fn quote_credits(amount: Balance) -> Option<CreditBalance>;

		/// The emission schedule (current epoch, its end, scheduled emission, next halving,
		/// re-mint) and the current epoch's pools as they stand.
		fn emissions() -> EmissionView<Balance, BlockNumber>;

		/// `who`'s unpaid rewards, newest epoch first: ended epochs with their amounts
		/// (claimable now), the running epoch with its shares so far.
		fn pending_rewards(who: AccountId) -> Vec<PendingReward<Balance>>;

		/// The parameters in force.
		fn parameters() -> BmeParameters<Balance, BlockNumber>;

		/// The books of the ended epochs before `before` (the running one when `None`), newest
		/// first, at most `limit` (capped at [`EPOCH_HISTORY`]).
		#[api_version(2)]
		fn epoch_history(
			before: Option<EpochIndex>,
			limit: u32,
		) -> Vec<(EpochIndex, EpochRecord<Balance, BlockNumber>)>;
	}
}
