//! The SCALE types of the pallet: parameters, oracle records, credit accounts, reward pools and
//! the views the runtime API returns.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use depin_primitives::{CreditBalance, EpochIndex, RewardPool, Shares};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{traits::Saturating, FixedU128, Perbill};

/// The DPN/USD price: US dollars per whole DPN (10¹² base units), as a [`FixedU128`].
///
/// Feeders submit the fixed-point inner value, USD × 10¹⁸: $2.50 per DPN is
/// `FixedU128::from_inner(2_500_000_000_000_000_000)`. Eighteen decimals keep the price exact to
/// far below a credit even when DPN trades at a fraction of a cent.
pub type Price = FixedU128;

/// Base units of DPN in one DPN (12 decimals).
pub const DPN: u128 = 1_000_000_000_000;

/// Credits in one US dollar (1 credit = 0.00001 USD).
pub const CREDITS_PER_USD: u128 = 100_000;

/// `credits = dpn_base_units × price_inner / CONVERSION_DIVISOR` and
/// `dpn_base_units = credits × CONVERSION_DIVISOR / price_inner`, where `price_inner` is the
/// [`Price`]'s inner value (USD × 10¹⁸ per DPN): 10¹² base units per DPN × 10¹⁸ ÷ 10⁵ credits per
/// USD = 10²⁵.
pub const CONVERSION_DIVISOR: u128 = 10_000_000_000_000_000_000_000_000;

/// How the epoch's emission is shared between the pools. The five parts sum to exactly 100 %
/// ([`PoolSplit::is_whole`]); [`crate::Pallet::set_parameters`] refuses anything else.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PoolSplit {
	/// Proof-of-coverage rewards, paid by shares ([`RewardPool::Coverage`]).
	pub coverage: Perbill,
	/// Compute availability rewards, paid by shares ([`RewardPool::ComputeAvailability`]).
	pub compute_availability: Perbill,
	/// Block production rewards, paid by shares (one a block authored,
	/// [`RewardPool::Validators`]).
	pub validators: Perbill,
	/// Data-transfer rewards ([`RewardPool::DataTransfer`]): set aside when the epoch ends as
	/// the budget of the data carried in it, paid when the next epoch ends, what the rewards
	/// leave going to [`BmeParameters::data_transfer_remainder`].
	pub data_transfer: Perbill,
	/// Minted to [`crate::Config::TreasuryAccount`].
	pub treasury: Perbill,
}

/// What one epoch's emission is split into.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct Apportioned {
	/// To the coverage pool.
	pub coverage: u128,
	/// To the compute availability pool.
	pub compute_availability: u128,
	/// To the validators' pool.
	pub validators: u128,
	/// To the data-transfer budget.
	pub data_transfer: u128,
	/// To the treasury.
	pub treasury: u128,
}

impl Apportioned {
	/// What is minted into the pot: every part but the treasury's.
	pub fn pooled(&self) -> u128 {
		self.coverage
			.saturating_add(self.compute_availability)
			.saturating_add(self.validators)
			.saturating_add(self.data_transfer)
	}
}

impl PoolSplit {
	/// The starting split: coverage 25 %, compute availability 35 %, validators 20 %, data
	/// transfer 10 %, treasury 10 %. What data transfer does not pay goes to coverage by default
	/// ([`DataTransferRemainder::Coverage`]), so without paid traffic coverage gets 35 %, one
	/// epoch later.
	pub const fn testnet() -> Self {
		Self {
			coverage: Perbill::from_parts(250_000_000),
			compute_availability: Perbill::from_parts(350_000_000),
			validators: Perbill::from_parts(200_000_000),
			data_transfer: Perbill::from_parts(100_000_000),
			treasury: Perbill::from_parts(100_000_000),
		}
	}

	/// Whether the five parts sum to exactly 100 %.
	pub fn is_whole(&self) -> bool {
		let sum = u64::from(self.coverage.deconstruct())
			+ u64::from(self.compute_availability.deconstruct())
			+ u64::from(self.validators.deconstruct())
			+ u64::from(self.data_transfer.deconstruct())
			+ u64::from(self.treasury.deconstruct());
		sum == u64::from(Perbill::one().deconstruct())
	}

	/// Splits `total` by the parts, each rounded down; the treasury takes the rounding
	/// remainder, so the five amounts always sum to exactly `total`.
	pub fn apportion(&self, total: u128) -> Apportioned {
		let coverage = self.coverage.mul_floor(total);
		let compute_availability = self.compute_availability.mul_floor(total);
		let validators = self.validators.mul_floor(total);
		let data_transfer = self.data_transfer.mul_floor(total);
		let treasury = total
			.saturating_sub(coverage)
			.saturating_sub(compute_availability)
			.saturating_sub(validators)
			.saturating_sub(data_transfer);
		Apportioned { coverage, compute_availability, validators, data_transfer, treasury }
	}
}

/// Where the part of a data-transfer budget that its rewards do not take goes (when traffic
/// is light, or hotspots' caps bind).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum DataTransferRemainder {
	/// Into the coverage pool of the epoch whose end pays the data transfer (Helium IoT's rule:
	/// unused data-transfer rewards go to proof-of-coverage), so coverage pays where demand has
	/// not arrived.
	Coverage,
	/// To the treasury.
	Treasury,
	/// Into the next epoch's data-transfer budget.
	NextBudget,
}

/// The pallet's governance-tunable parameters, each within bounds checked by
/// [`crate::Pallet::set_parameters`] against the pallet's `Config` constants.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BmeParameters<Balance, BlockNumber> {
	/// Oldest a submission may be, in blocks, to count towards the price (testnet: 100).
	pub max_price_age: BlockNumber,
	/// Fewest fresh submissions from distinct feeders for a price to be in force (testnet: 3,
	/// so that one feeder alone moves neither conversion price).
	pub min_feeders: u32,
	/// Widest gap between the settlement price and the credit price, as a part of the credit
	/// price, at which the price is used (default 10 %). Wider, both conversions are refused
	/// with `PriceTooUncertain` and the submission that widened it emits `PriceSpreadTooWide`.
	pub max_price_spread: Perbill,
	/// Most credits minted per circuit-breaker window of `Config::CreditWindow` blocks
	/// (testnet: 10¹², 10 million USD an hour).
	pub max_credits_per_window: CreditBalance,
	/// Blocks per reward epoch; an epoch ends at every block that is a multiple of it
	/// (testnet: 14,400, one day).
	pub epoch_length: BlockNumber,
	/// DPN emitted in epoch 0; halved every `halving_interval` epochs.
	pub initial_emission: Balance,
	/// Epochs between halvings of the emission (testnet: 730, two years of daily epochs).
	pub halving_interval: EpochIndex,
	/// How each epoch's emission is shared between the pools.
	pub split: PoolSplit,
	/// Most DPN burned for credits in one epoch that is re-minted into the next epoch's pools
	/// (net emissions).
	pub net_emissions_cap: Balance,
	/// Part of each settlement's value minted to the treasury instead of the provider
	/// (testnet: 5 %).
	pub protocol_fee: Perbill,
	/// Most DPN that usage settlements may mint in one epoch (provider payments and protocol
	/// fees together); a settlement that would pass it fails.
	pub max_settlement_mint_per_epoch: Balance,
	/// Where the part of a data-transfer budget its rewards do not take goes.
	pub data_transfer_remainder: DataTransferRemainder,
}

/// A feeder's latest price submission.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct PriceSubmission<BlockNumber> {
	/// The DPN/USD price submitted.
	pub price: Price,
	/// The block it was submitted in.
	pub at: BlockNumber,
}

/// A governance-approved price feeder and its latest submission.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Feeder<AccountId, BlockNumber> {
	/// The feeder's account, which signs its submissions.
	pub account: AccountId,
	/// Its latest submission; `None` until it submits.
	pub submission: Option<PriceSubmission<BlockNumber>>,
}

/// The price in force, computed from the fresh submissions.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct OraclePrice {
	/// The median of the fresh submissions (the mean of the two middle ones, rounded down, for
	/// an even count); informational.
	pub median: Price,
	/// The highest fresh submission less the lowest; informational.
	pub spread: Price,
	/// The lower median of the fresh submissions (the middle one for an odd count, the lower of
	/// the two middle ones for an even count): the price credits are minted at. A minority of
	/// feeders cannot raise it above an honest feeder's price, so nobody buys credits cheap.
	pub credit_price: Price,
	/// The upper median (the middle one, or the higher of the two middle ones): the price usage
	/// settlements mint DPN at. A minority of feeders cannot lower it below an honest feeder's
	/// price, so nobody is paid more DPN than the credits were worth.
	pub settlement_price: Price,
	/// How many fresh submissions the price was computed from.
	pub sources: u32,
}

impl OraclePrice {
	/// Whether the two conversion prices are within `max_spread` of the credit price; when they
	/// are not, the feeders disagree too much and neither conversion happens.
	pub fn is_within(&self, max_spread: Perbill) -> bool {
		let gap = self.settlement_price.saturating_sub(self.credit_price);
		gap.into_inner() <= max_spread.mul_floor(self.credit_price.into_inner())
	}
}

/// An account's credits. Credits never move between accounts.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct CreditAccount {
	/// Credits the account may spend or escrow.
	pub spendable: CreditBalance,
	/// Credits escrowed (for example funding a lease); only usage settlement burns them, only
	/// a release makes them spendable again.
	pub escrowed: CreditBalance,
}

impl CreditAccount {
	/// Whether the account holds no credits at all (its record is then removed).
	pub fn is_empty(&self) -> bool {
		self.spendable == 0 && self.escrowed == 0
	}

	/// Spendable and escrowed credits together.
	pub fn total(&self) -> CreditBalance {
		self.spendable.saturating_add(self.escrowed)
	}
}

/// How many buckets the circuit breaker's window is divided into.
pub const CREDIT_WINDOW_BUCKETS: usize = 12;

/// The credits minted in the circuit breaker's sliding window: the last
/// [`CREDIT_WINDOW_BUCKETS`] buckets of `Config::CreditWindow / CREDIT_WINDOW_BUCKETS` blocks each,
/// the current one included. What any window of that many buckets minted is at most
/// `max_credits_per_window`, so no run of `CreditWindow` less one bucket of blocks mints more,
/// wherever it starts (fixed windows allowed twice the cap across a boundary).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct MintWindow {
	/// The newest bucket's index: block number ÷ bucket length.
	pub bucket: u64,
	/// Credits minted per bucket, at `bucket index % CREDIT_WINDOW_BUCKETS`; buckets older than
	/// the window are zero.
	pub minted: [CreditBalance; CREDIT_WINDOW_BUCKETS],
}

impl MintWindow {
	/// The window as it stands in bucket `now`: buckets that left it are emptied.
	pub fn at(mut self, now: u64) -> Self {
		let buckets = CREDIT_WINDOW_BUCKETS as u64;
		let elapsed = now.saturating_sub(self.bucket);
		if elapsed >= buckets {
			self.minted = [0; CREDIT_WINDOW_BUCKETS];
		} else {
			for passed in 1..=elapsed {
				// `% buckets` keeps the index below the array's length.
				self.minted[(self.bucket.saturating_add(passed) % buckets) as usize] = 0;
			}
		}
		self.bucket = self.bucket.max(now);
		self
	}

	/// Credits minted in the window.
	pub fn total(&self) -> CreditBalance {
		self.minted.iter().fold(0, |sum, minted| sum.saturating_add(*minted))
	}

	/// Records `credits` minted in the newest bucket.
	pub fn add(&mut self, credits: CreditBalance) {
		let slot = (self.bucket % CREDIT_WINDOW_BUCKETS as u64) as usize;
		self.minted[slot] = self.minted[slot].saturating_add(credits);
	}
}

/// One reward pool of one epoch.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct PoolInfo<Balance> {
	/// All shares noted in the pool for the epoch.
	pub total_shares: Shares,
	/// Accounts whose shares are not paid out yet (while the epoch runs: accounts with
	/// shares).
	pub holders: u32,
	/// DPN the pool pays, set when the epoch ends (zero before).
	pub amount: Balance,
	/// DPN paid out of it so far; never more than `amount`.
	pub paid: Balance,
}

/// A value per share-paid pool.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct PerPool<B> {
	/// For [`RewardPool::Coverage`].
	pub coverage: B,
	/// For [`RewardPool::ComputeAvailability`].
	pub compute_availability: B,
	/// For [`RewardPool::Validators`].
	pub validators: B,
	/// For [`RewardPool::DataTransfer`].
	pub data_transfer: B,
}

impl<B: Copy> PerPool<B> {
	/// The value for `pool`.
	pub fn get(&self, pool: RewardPool) -> B {
		match pool {
			RewardPool::Coverage => self.coverage,
			RewardPool::ComputeAvailability => self.compute_availability,
			RewardPool::Validators => self.validators,
			RewardPool::DataTransfer => self.data_transfer,
		}
	}

	/// The value for `pool`, to change.
	pub fn get_mut(&mut self, pool: RewardPool) -> &mut B {
		match pool {
			RewardPool::Coverage => &mut self.coverage,
			RewardPool::ComputeAvailability => &mut self.compute_availability,
			RewardPool::Validators => &mut self.validators,
			RewardPool::DataTransfer => &mut self.data_transfer,
		}
	}
}

/// Most epochs [`crate::Pallet::pending_rewards`] looks at, newest first (the running one
/// included).
pub const PENDING_REWARD_EPOCHS: u32 = 64;

/// Every share-paid pool, in payout order.
pub const POOLS: [RewardPool; 4] = [
	RewardPool::Coverage,
	RewardPool::ComputeAvailability,
	RewardPool::Validators,
	RewardPool::DataTransfer,
];

/// The oracle as a client sees it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct PriceView<AccountId, BlockNumber> {
	/// The price in force; `None` when fewer than `min_feeders` submissions are fresh.
	pub price: Option<OraclePrice>,
	/// The fresh submissions the price is computed from, with their feeders.
	pub submissions: Vec<(AccountId, PriceSubmission<BlockNumber>)>,
	/// Fewest fresh submissions for a price.
	pub min_feeders: u32,
	/// Oldest a submission may be, in blocks.
	pub max_price_age: BlockNumber,
}

/// One pool of the current epoch, as it stands.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct PoolView<Balance> {
	/// What the pool will pay if the epoch ended now: its part of the projected emission plus
	/// what rolled over into it.
	pub projected_amount: Balance,
	/// Shares noted so far this epoch.
	pub total_shares: Shares,
	/// Accounts with shares this epoch.
	pub holders: u32,
}

/// The emission schedule and the current epoch's pools.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct EmissionView<Balance, BlockNumber> {
	/// The epoch shares are being collected for.
	pub current_epoch: EpochIndex,
	/// Blocks per epoch.
	pub epoch_length: BlockNumber,
	/// The block at which the current epoch ends and its emission is minted.
	pub epoch_ends_at: BlockNumber,
	/// The current epoch's scheduled emission (after halvings).
	pub base_emission: Balance,
	/// The first epoch of the next halving.
	pub next_halving_epoch: EpochIndex,
	/// DPN burned for credits in the previous epoch that the current epoch re-mints (already
	/// capped by the net emissions cap).
	pub reminted: Balance,
	/// DPN burned for credits so far this epoch (re-minted, up to the cap, next epoch).
	pub burned_this_epoch: Balance,
	/// The split in force.
	pub split: PoolSplit,
	/// The coverage pool.
	pub coverage: PoolView<Balance>,
	/// The compute availability pool.
	pub compute_availability: PoolView<Balance>,
	/// The validators' pool (one share a block authored).
	pub validators: PoolView<Balance>,
	/// The data-transfer pool: the rewards noted so far for the data carried in the previous
	/// epoch (its shares are DPN), and `projected_amount` what it will pay of them from
	/// `data_transfer_budget`.
	pub data_transfer: PoolView<Balance>,
	/// The budget set aside, when the previous epoch ended, for the data carried in it.
	pub data_transfer_budget: Balance,
	/// What the treasury will receive.
	pub treasury: Balance,
	/// DPN usage settlements minted so far this epoch, and the cap.
	pub settlement_minted: (Balance, Balance),
}

/// Rewards an account has not been paid yet.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct PendingReward<Balance> {
	/// The epoch the shares were earned in.
	pub epoch: EpochIndex,
	/// The pool.
	pub pool: RewardPool,
	/// The account's shares.
	pub shares: Shares,
	/// All shares of the pool in the epoch (so far, for the running epoch).
	pub total_shares: Shares,
	/// What it will be paid: `Some` once the epoch has ended (claimable, or paid soon by
	/// `on_idle`), `None` while the epoch runs and the pool's size is not known yet.
	pub amount: Option<Balance>,
}

/// One ended epoch's books, kept for the last [`crate::EPOCH_HISTORY`] epochs: what a chart of
/// the token's history reads.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct EpochRecord<Balance, BlockNumber> {
	/// The block whose start ended it.
	pub ended_at: BlockNumber,
	/// The credit price in force when it ended (USD per DPN), if any.
	pub credit_price: Option<Price>,
	/// Credits minted (for DPN burned) during it; `None` when the epoch before it has no record
	/// (the history began after it).
	pub credits_minted: Option<CreditBalance>,
	/// Credits minted since genesis, when it ended.
	pub credits_minted_total: CreditBalance,
	/// DPN burned for credits during it (re-minted, capped, when the next epoch ends).
	pub burned: Balance,
	/// Its scheduled emission (after halvings).
	pub base_emission: Balance,
	/// The re-mint of the DPN burned in the epoch before it (capped).
	pub reminted: Balance,
	/// DPN minted at its end: into the pot for the pools, and to the treasury.
	pub minted: Balance,
	/// The coverage pool it paid.
	pub coverage_pool: Balance,
	/// The compute availability pool it paid.
	pub compute_availability_pool: Balance,
	/// The validators' pool it paid.
	pub validators_pool: Balance,
	/// The data-transfer pool it paid.
	pub data_transfer_pool: Balance,
	/// Set aside for the data carried in it.
	pub data_transfer_budget: Balance,
	/// Minted to the treasury.
	pub treasury: Balance,
	/// DPN in existence after its end.
	pub total_issuance: Balance,
}
