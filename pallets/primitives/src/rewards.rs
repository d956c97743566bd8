//! Rewards and usage settlement: how coverage and leases hand their results to the BME pallet.

use crate::credits::CreditBalance;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, DispatchResult};

/// The index of a reward epoch (14,400 blocks, one day, on the testnet).
pub type EpochIndex = u32;

/// An amount of reward shares. Only ratios matter: an account's reward is
/// `pool × its shares / all shares` of the pool and epoch.
pub type Shares = u128;

/// The emission pools that are paid out by shares.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum RewardPool {
	/// Proof-of-coverage rewards (beacons and witnesses), noted by the coverage pallet.
	Coverage,
	/// Compute availability rewards, noted by the leases pallet.
	ComputeAvailability,
	/// Block production rewards: one share per block authored, noted by the runtime's
	/// authorship handler, so the validators' part of every emission is paid to the validators
	/// that produced the epoch's blocks.
	Validators,
	/// Data-transfer rewards: the DPN the usage pallet computed for each hotspot owner from the
	/// bytes its hotspots carried for payers in the epoch before (pro rata on rewardable bytes,
	/// between a floor and a cap of the value the payers burned). Its shares are DPN base
	/// units: the pool pays each holder its shares, or all of them pro rata less when the
	/// budget set aside for the epoch does not cover them.
	DataTransfer,
}

/// Where coverage and leases note the shares their participants earned. Kept by the BME pallet,
/// which pays each pool of each epoch pro rata when the epoch ends.
pub trait RewardShares<AccountId> {
	/// The epoch shares are currently being collected for.
	fn current_epoch() -> EpochIndex;

	/// Adds `shares` to `who`'s shares in `pool` for `epoch`. Fails, changing nothing, when the
	/// epoch is not the current one (it is already being paid, or has not started), or when a
	/// total would overflow.
	fn note_shares(
		pool: RewardPool,
		epoch: EpochIndex,
		who: &AccountId,
		shares: Shares,
	) -> DispatchResult;

	/// Adds each of `shares` (account, shares) to that account's shares in `pool` for `epoch`,
	/// as [`Self::note_shares`] would one by one, but all or nothing: when one fails, none is
	/// noted. A keeper overrides it to touch the pool's totals once for the whole batch (the
	/// coverage pallet notes a closed window's owners this way). The provided version notes
	/// them one by one and is all or nothing only inside a storage transaction.
	fn note_many_shares(
		pool: RewardPool,
		epoch: EpochIndex,
		shares: &[(AccountId, Shares)],
	) -> DispatchResult {
		shares.iter().try_for_each(|(who, amount)| Self::note_shares(pool, epoch, who, *amount))
	}
}

/// Shares go nowhere: epoch 0 forever, every note accepted and dropped.
impl<AccountId> RewardShares<AccountId> for () {
	fn current_epoch() -> EpochIndex {
		0
	}
	fn note_shares(_: RewardPool, _: EpochIndex, _: &AccountId, _: Shares) -> DispatchResult {
		Ok(())
	}
}

/// What the usage pallet needs of the BME pallet to turn an ended epoch's data transfer into
/// rewards: the budget set aside for it and the value of the credits its payers burned.
///
/// The timeline, for data carried in epoch `n`: when `n` ends, its data-transfer part of the
/// emission is set aside ([`Self::data_transfer_budget`]); during `n + 1` the usage pallet notes
/// each hotspot owner's reward, in DPN base units, as shares of the
/// [`RewardPool::DataTransfer`] pool of `n + 1`; when `n + 1` ends that pool pays the noted
/// rewards from the budget (pro rata less when they exceed it) and what they leave goes where
/// governance chose.
pub trait DataTransferRewards<AccountId>: RewardShares<AccountId> {
	/// The DPN (base units) set aside for the data transfer of `epoch`: zero until `epoch` has
	/// ended, and once its rewards have been paid.
	fn data_transfer_budget(epoch: EpochIndex) -> u128;

	/// The DPN (base units) that `credits` are worth at the settlement price in force (the
	/// price usage settlements mint at), rounded down; `None` without a usable price.
	fn credits_value(credits: CreditBalance) -> Option<u128>;
}

/// No budget and no price: nothing is ever worth anything.
impl<AccountId> DataTransferRewards<AccountId> for () {
	fn data_transfer_budget(_: EpochIndex) -> u128 {
		0
	}
	fn credits_value(_: CreditBalance) -> Option<u128> {
		None
	}
}

/// How much of its coverage reward a hotspot keeps where paid data transfer is already
/// rewarding the hex it stands in: kept by the usage pallet, read by coverage when it notes an
/// ended epoch's shares.
pub trait DemandWeight {
	/// The part of a coverage reward earned in `epoch` by a hotspot located at `location` that
	/// is paid: one where no paid traffic was carried in its hex, falling as traffic grows.
	fn coverage_weight(epoch: EpochIndex, location: crate::H3Cell) -> sp_runtime::Perbill;
}

/// Demand never weighs: coverage is paid whole everywhere.
impl DemandWeight for () {
	fn coverage_weight(_: EpochIndex, _: crate::H3Cell) -> sp_runtime::Perbill {
		sp_runtime::Perbill::one()
	}
}

/// What one settlement did.
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
pub struct Settlement<Balance> {
	/// Credits burned from the payer's escrow.
	pub credits_burned: CreditBalance,
	/// DPN minted to the provider (the value at the oracle price, less the protocol fee).
	pub provider_paid: Balance,
	/// DPN minted to the treasury as the protocol fee.
	pub protocol_fee: Balance,
}

/// Settles used services: burns credits from the payer's escrow and mints their value in DPN to
/// the provider. Kept by the BME pallet, used by leases.
pub trait UsageSettlement<AccountId> {
	/// The native token's balance type.
	type Balance;

	/// Burns `credits` from `payer`'s escrow, then mints their USD value in DPN at the oracle
	/// price to `provider`, less the protocol fee, which goes to the treasury.
	///
	/// Fails, changing nothing, when `payer` has fewer escrowed credits, when there is no fresh
	/// oracle price, or when the epoch's settlement mint cap is reached; the caller keeps what is
	/// owed and settles later.
	fn settle(
		payer: &AccountId,
		provider: &AccountId,
		credits: CreditBalance,
	) -> Result<Settlement<Self::Balance>, DispatchError>;
}
