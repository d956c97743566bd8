//! What the burn-and-mint methods return, as JSON: fields in alphabetical order (the order the
//! `depin_*` JSON has always had), amounts as decimal strings, prices with 18 places, parts of
//! one with 9, accounts as SS58.

use std::fmt::Display;

use depin_primitives::{CreditBalance, EpochIndex, RewardPool, Shares};
use pallet_bme_runtime_api::{
	BmeParameters, CreditAccount, DataTransferRemainder, EmissionView, EpochRecord, OraclePrice,
	PendingReward, PoolSplit, PoolView, Price, PriceView,
};
use serde::Serialize;
use sp_core::crypto::Ss58Codec;
use sp_runtime::Perbill;

/// The oracle: the price in force (or `null`) and the fresh submissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "AccountId: Ss58Codec, BlockNumber: Serialize"))]
pub struct PriceInForceView<AccountId, BlockNumber> {
	/// How old, in blocks, a submission may be and still count.
	pub max_price_age: BlockNumber,
	/// How many fresh submissions a price needs.
	pub min_feeders: u32,
	/// The price in force, or `null` with too few fresh submissions.
	pub price: Option<OraclePriceView>,
	/// The fresh submissions.
	pub submissions: Vec<SubmissionView<AccountId, BlockNumber>>,
}

impl<AccountId, BlockNumber> From<PriceView<AccountId, BlockNumber>>
	for PriceInForceView<AccountId, BlockNumber>
{
	fn from(view: PriceView<AccountId, BlockNumber>) -> Self {
		Self {
			max_price_age: view.max_price_age,
			min_feeders: view.min_feeders,
			price: view.price.map(OraclePriceView::from),
			submissions: view
				.submissions
				.into_iter()
				.map(|(feeder, submission)| SubmissionView {
					at: submission.at,
					feeder,
					price: submission.price,
				})
				.collect(),
		}
	}
}

/// The price in force: the credit price (lower median, what credits are minted at), the
/// settlement price (upper median, what settlements mint DPN at), the median and spread of the
/// fresh submissions, with the number of sources. USD per DPN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OraclePriceView {
	/// What credits are minted at.
	#[serde(serialize_with = "depin_primitives_rpc::format::fixed_u128")]
	pub credit_price: Price,
	/// The median of the fresh submissions.
	#[serde(serialize_with = "depin_primitives_rpc::format::fixed_u128")]
	pub median: Price,
	/// What settlements mint DPN at.
	#[serde(serialize_with = "depin_primitives_rpc::format::fixed_u128")]
	pub settlement_price: Price,
	/// How many fresh submissions.
	pub sources: u32,
	/// Highest less lowest fresh submission.
	#[serde(serialize_with = "depin_primitives_rpc::format::fixed_u128")]
	pub spread: Price,
}

impl From<OraclePrice> for OraclePriceView {
	fn from(price: OraclePrice) -> Self {
		Self {
			credit_price: price.credit_price,
			median: price.median,
			settlement_price: price.settlement_price,
			sources: price.sources,
			spread: price.spread,
		}
	}
}

/// One feeder's fresh submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(bound(serialize = "AccountId: Ss58Codec, BlockNumber: Serialize"))]
pub struct SubmissionView<AccountId, BlockNumber> {
	/// The block it was submitted in.
	pub at: BlockNumber,
	/// The feeder.
	#[serde(serialize_with = "depin_primitives_rpc::format::ss58")]
	pub feeder: AccountId,
	/// The price submitted, USD per DPN.
	#[serde(serialize_with = "depin_primitives_rpc::format::fixed_u128")]
	pub price: Price,
}

/// An account's credits: spendable, escrowed and their total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreditsView {
	/// Held in lease escrow.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub escrowed: CreditBalance,
	/// Free to spend.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub spendable: CreditBalance,
	/// Both.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub total: CreditBalance,
}

impl From<CreditAccount> for CreditsView {
	fn from(credits: CreditAccount) -> Self {
		Self { escrowed: credits.escrowed, spendable: credits.spendable, total: credits.total() }
	}
}

/// The split of each epoch's emission, each part a fraction of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SplitView {
	/// To listed, idle GPU machines that prove they are available.
	#[serde(serialize_with = "depin_primitives_rpc::format::perbill")]
	pub compute_availability: Perbill,
	/// To hotspots, for proven coverage.
	#[serde(serialize_with = "depin_primitives_rpc::format::perbill")]
	pub coverage: Perbill,
	/// To hotspots, for the data they carried for payers (set aside one epoch ahead).
	#[serde(serialize_with = "depin_primitives_rpc::format::perbill")]
	pub data_transfer: Perbill,
	/// To the treasury.
	#[serde(serialize_with = "depin_primitives_rpc::format::perbill")]
	pub treasury: Perbill,
	/// To the validators.
	#[serde(serialize_with = "depin_primitives_rpc::format::perbill")]
	pub validators: Perbill,
}

impl From<PoolSplit> for SplitView {
	fn from(split: PoolSplit) -> Self {
		Self {
			compute_availability: split.compute_availability,
			coverage: split.coverage,
			data_transfer: split.data_transfer,
			treasury: split.treasury,
			validators: split.validators,
		}
	}
}

/// One pool of the current epoch, as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "Balance: Display"))]
pub struct PoolStandingView<Balance> {
	/// Accounts holding shares.
	pub holders: u32,
	/// What the pool pays out if the epoch ended now, in plancks.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub projected_amount: Balance,
	/// Shares earned so far.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub total_shares: Shares,
}

impl<Balance> From<PoolView<Balance>> for PoolStandingView<Balance> {
	fn from(pool: PoolView<Balance>) -> Self {
		Self {
			holders: pool.holders,
			projected_amount: pool.projected_amount,
			total_shares: pool.total_shares,
		}
	}
}

/// The emission schedule and the current epoch's pools.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "Balance: Display, BlockNumber: Serialize"))]
pub struct EmissionsView<Balance, BlockNumber> {
	/// This epoch's scheduled emission, in plancks.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub base_emission: Balance,
	/// DPN burned for credits this epoch, in plancks.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub burned_this_epoch: Balance,
	/// The compute-availability pool.
	pub compute_availability: PoolStandingView<Balance>,
	/// The coverage pool.
	pub coverage: PoolStandingView<Balance>,
	/// The epoch running.
	pub current_epoch: EpochIndex,
	/// The data-transfer pool: the rewards noted for the data carried in the previous epoch,
	/// and what it pays of them.
	pub data_transfer: PoolStandingView<Balance>,
	/// The budget set aside for the data carried in the previous epoch, in plancks.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub data_transfer_budget: Balance,
	/// The block it ends at.
	pub epoch_ends_at: BlockNumber,
	/// Blocks per epoch.
	pub epoch_length: BlockNumber,
	/// The first epoch at half the emission.
	pub next_halving_epoch: EpochIndex,
	/// Burned DPN minted again this epoch, in plancks.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub reminted: Balance,
	/// The most usage settlements may mint this epoch, in plancks.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub settlement_mint_cap: Balance,
	/// What usage settlements minted this epoch, in plancks.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub settlement_minted: Balance,
	/// The split of the emission.
	pub split: SplitView,
	/// The treasury's part this epoch, in plancks.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub treasury: Balance,
	/// The validators' pool.
	pub validators: PoolStandingView<Balance>,
}

impl<Balance, BlockNumber> From<EmissionView<Balance, BlockNumber>>
	for EmissionsView<Balance, BlockNumber>
{
	fn from(view: EmissionView<Balance, BlockNumber>) -> Self {
		let (settlement_minted, settlement_mint_cap) = view.settlement_minted;
		Self {
			base_emission: view.base_emission,
			burned_this_epoch: view.burned_this_epoch,
			compute_availability: view.compute_availability.into(),
			coverage: view.coverage.into(),
			current_epoch: view.current_epoch,
			data_transfer: view.data_transfer.into(),
			data_transfer_budget: view.data_transfer_budget,
			epoch_ends_at: view.epoch_ends_at,
			epoch_length: view.epoch_length,
			next_halving_epoch: view.next_halving_epoch,
			reminted: view.reminted,
			settlement_mint_cap,
			settlement_minted,
			split: view.split.into(),
			treasury: view.treasury,
			validators: view.validators.into(),
		}
	}
}

/// A reward pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RewardPoolView {
	/// Hotspots' proven coverage.
	Coverage,
	/// Idle GPU machines' proven availability.
	ComputeAvailability,
	/// Validators' blocks.
	Validators,
	/// Hotspots' data transfer for payers.
	DataTransfer,
}

impl From<RewardPool> for RewardPoolView {
	fn from(pool: RewardPool) -> Self {
		match pool {
			RewardPool::Coverage => Self::Coverage,
			RewardPool::ComputeAvailability => Self::ComputeAvailability,
			RewardPool::Validators => Self::Validators,
			RewardPool::DataTransfer => Self::DataTransfer,
		}
	}
}

/// One unpaid reward; `amount` is `null` while its epoch runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "Balance: Display"))]
pub struct PendingRewardView<Balance> {
	/// What it pays, in plancks, once its epoch ended.
	#[serde(serialize_with = "depin_primitives_rpc::format::option_decimal")]
	pub amount: Option<Balance>,
	/// The epoch it was earned in.
	pub epoch: EpochIndex,
	/// The pool it is paid from.
	pub pool: RewardPoolView,
	/// The account's shares.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub shares: Shares,
	/// Every holder's shares.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub total_shares: Shares,
}

impl<Balance> From<PendingReward<Balance>> for PendingRewardView<Balance> {
	fn from(reward: PendingReward<Balance>) -> Self {
		Self {
			amount: reward.amount,
			epoch: reward.epoch,
			pool: reward.pool.into(),
			shares: reward.shares,
			total_shares: reward.total_shares,
		}
	}
}

/// The burn-and-mint parameters: amounts in plancks or credits, durations in blocks or epochs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "Balance: Display, BlockNumber: Serialize"))]
pub struct BmeParametersView<Balance, BlockNumber> {
	/// Where what a data-transfer budget's rewards leave goes: `"coverage"`, `"treasury"` or
	/// `"nextBudget"`.
	pub data_transfer_remainder: &'static str,
	/// Blocks per epoch.
	pub epoch_length: BlockNumber,
	/// Epochs between halvings.
	pub halving_interval: EpochIndex,
	/// The first epoch's emission, in plancks.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub initial_emission: Balance,
	/// The most credits minted per circuit-breaker window.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub max_credits_per_window: CreditBalance,
	/// How old, in blocks, a submission may be and still count.
	pub max_price_age: BlockNumber,
	/// The widest spread of fresh submissions credits are still minted at.
	#[serde(serialize_with = "depin_primitives_rpc::format::perbill")]
	pub max_price_spread: Perbill,
	/// The most usage settlements may mint in an epoch, in plancks.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub max_settlement_mint_per_epoch: Balance,
	/// How many fresh submissions a price needs.
	pub min_feeders: u32,
	/// The most DPN burned for credits in one epoch that is re-minted into the next epoch's
	/// pools (net emissions), in plancks.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub net_emissions_cap: Balance,
	/// The protocol's part of each settlement.
	#[serde(serialize_with = "depin_primitives_rpc::format::perbill")]
	pub protocol_fee: Perbill,
	/// The split of each epoch's emission.
	pub split: SplitView,
}

impl<Balance, BlockNumber> From<BmeParameters<Balance, BlockNumber>>
	for BmeParametersView<Balance, BlockNumber>
{
	fn from(parameters: BmeParameters<Balance, BlockNumber>) -> Self {
		Self {
			data_transfer_remainder: match parameters.data_transfer_remainder {
				DataTransferRemainder::Coverage => "coverage",
				DataTransferRemainder::Treasury => "treasury",
				DataTransferRemainder::NextBudget => "nextBudget",
			},
			epoch_length: parameters.epoch_length,
			halving_interval: parameters.halving_interval,
			initial_emission: parameters.initial_emission,
			max_credits_per_window: parameters.max_credits_per_window,
			max_price_age: parameters.max_price_age,
			max_price_spread: parameters.max_price_spread,
			max_settlement_mint_per_epoch: parameters.max_settlement_mint_per_epoch,
			min_feeders: parameters.min_feeders,
			net_emissions_cap: parameters.net_emissions_cap,
			protocol_fee: parameters.protocol_fee,
			split: parameters.split.into(),
		}
	}
}

/// The pools an ended epoch paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "Balance: Display"))]
pub struct EpochPoolsView<Balance> {
	/// The compute availability pool.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub compute_availability: Balance,
	/// The coverage pool.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub coverage: Balance,
	/// The data-transfer pool.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub data_transfer: Balance,
	/// The validators' pool.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub validators: Balance,
}

/// One ended epoch's books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[serde(bound(serialize = "Balance: Display, BlockNumber: Serialize"))]
pub struct EpochRecordView<Balance, BlockNumber> {
	/// Its scheduled emission.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub base_emission: Balance,
	/// DPN burned for credits during it.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub burned: Balance,
	/// The credit price in force when it ended (USD per DPN, 18 places), or `null`.
	pub credit_price: Option<String>,
	/// Credits minted during it, or `null` when the history does not reach the epoch before.
	#[serde(serialize_with = "depin_primitives_rpc::format::option_decimal")]
	pub credits_minted: Option<CreditBalance>,
	/// Credits minted since genesis, when it ended.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub credits_minted_total: CreditBalance,
	/// Set aside for the data carried in it.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub data_transfer_budget: Balance,
	/// The block whose start ended it.
	pub ended_at: BlockNumber,
	/// The epoch.
	pub epoch: EpochIndex,
	/// DPN minted at its end (pools and treasury).
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub minted: Balance,
	/// The pools it paid.
	pub pools: EpochPoolsView<Balance>,
	/// The re-mint of the epoch before's burns.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub reminted: Balance,
	/// DPN in existence after its end.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub total_issuance: Balance,
	/// Minted to the treasury.
	#[serde(serialize_with = "depin_primitives_rpc::format::decimal")]
	pub treasury: Balance,
}

impl<Balance, BlockNumber> EpochRecordView<Balance, BlockNumber> {
	/// The record of `epoch`.
	pub fn new(epoch: EpochIndex, record: EpochRecord<Balance, BlockNumber>) -> Self {
		Self {
			base_emission: record.base_emission,
			burned: record.burned,
			credit_price: record.credit_price.map(depin_primitives_rpc::format::fixed_u128_string),
			credits_minted: record.credits_minted,
			credits_minted_total: record.credits_minted_total,
			data_transfer_budget: record.data_transfer_budget,
			ended_at: record.ended_at,
			epoch,
			minted: record.minted,
			pools: EpochPoolsView {
				compute_availability: record.compute_availability_pool,
				coverage: record.coverage_pool,
				data_transfer: record.data_transfer_pool,
				validators: record.validators_pool,
			},
			reminted: record.reminted,
			total_issuance: record.total_issuance,
			treasury: record.treasury,
		}
	}
}
