//! # BME Pallet
//!
//! Burn-and-mint equilibrium for the DePIN chain: the DPN/USD price oracle, the
//! non-transferable credits customers buy by burning DPN, the per-epoch emission schedule with
//! net emissions, usage settlement (credits burned, DPN minted to the provider) and the reward
//! pools paid pro rata to the shares other pallets note.
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the dispatchables, storage, events and errors. Other pallets use
//! the pallet only through the traits of `depin-primitives`, all implemented here:
//! [`depin_primitives::Credits`] (registry fees, lease escrow),
//! [`depin_primitives::RewardShares`] (coverage and leases note shares) and
//! [`depin_primitives::UsageSettlement`] (leases settle used services).
//!
//! ## Overview
//!
//! - **Price oracle.** Governance ([`Config::GovernanceOrigin`]) adds and removes feeders (at
//!   most [`Config::MaxFeeders`]). Each feeder submits the DPN/USD price as a [`Price`]
//!   (`FixedU128`, US dollars per whole DPN). A price is in force when at least `min_feeders`
//!   submissions are at most `max_price_age` blocks old; otherwise nothing that needs one
//!   happens ([`Error::NoPrice`]). Each conversion uses the price that favours the protocol:
//!   credits are minted at the *credit price*, the lower median of the fresh submissions, and
//!   settlements mint DPN at the *settlement price*, the upper median (equal for an odd count).
//!   A minority of feeders can move neither outside the honest feeders' prices, so one feeder
//!   cannot buy credits cheap and settle a self-lease dear. When the two are further apart than
//!   `max_price_spread` of the credit price, both conversions are refused
//!   ([`Error::PriceTooUncertain`]) and the submission that widened the gap emits
//!   [`Event::PriceSpreadTooWide`]: a refusal that says why, never a silent halt.
//! - **Credits.** [`Pallet::burn_for_credits`] burns DPN from the caller (reducing total
//!   issuance) and mints `dpn × credit price` worth of credits, 1 credit = 0.00001 USD, to
//!   the caller or a beneficiary. There is no transfer call: credits are spent, escrowed and
//!   released only by other pallets through [`depin_primitives::Credits`]. A circuit breaker
//!   caps the credits minted in a sliding window of [`Config::CreditWindow`] blocks (one hour,
//!   in twelve buckets) at `max_credits_per_window` ([`Error::CircuitBreakerTripped`]).
//! - **Emissions.** Every block that is a multiple of `epoch_length` ends the current epoch in
//!   `on_initialize` (constant work): its emission, `initial_emission` halved every
//!   `halving_interval` epochs, plus the DPN burned for credits in the epoch before it up to
//!   `net_emissions_cap` (net emissions), is minted and split by `split` (five parts summing to
//!   exactly 100 %): the coverage, compute availability and validators' pools are minted into
//!   the pallet's pot account ([`Pallet::pot_account`]) and paid by shares (the validators' one
//!   share per block authored, noted by the runtime's authorship handler), the treasury's part
//!   straight to [`Config::TreasuryAccount`].
//! - **Data transfer.** The data-transfer part is minted into the pot and set aside as the
//!   budget of the data carried in the epoch that ended ([`DataTransferBudgets`]). The usage
//!   pallet notes each hotspot owner's reward, in DPN base units, as shares of the next epoch's
//!   [`RewardPool::DataTransfer`] pool ([`depin_primitives::DataTransferRewards`]); when that
//!   epoch ends the pool pays them up to the budget (pro rata less above it,
//!   [`Event::DataTransferScaled`]) and what the budget leaves goes where
//!   `data_transfer_remainder` says: into that epoch's coverage pool (the default), to the
//!   treasury, or into the next budget.
//! - **Usage settlement.** [`depin_primitives::UsageSettlement::settle`] burns credits from the
//!   payer's escrow and mints their USD value in DPN at the settlement price: the `protocol_fee`
//!   part to the treasury, the rest to the provider. Settlements may mint at most
//!   `max_settlement_mint_per_epoch` per epoch; one that would pass the cap **fails, changing
//!   nothing** ([`Error::SettlementCapReached`]): the caller keeps what is owed and settles it in a
//!   later epoch (the trait's documented contract).
//! - **Rewards.** Other pallets note shares per (epoch, pool, account) through
//!   [`depin_primitives::RewardShares`]. When the epoch ends its pools are sized and become
//!   payable: an account's reward is `pool × its shares / all shares`, rounded down. It is paid
//!   by [`Pallet::claim_rewards`] or, unclaimed, by `on_idle` in batches bounded by
//!   [`Config::MaxPayoutsPerBlock`] and the remaining block weight, oldest epoch first, so a
//!   million share holders never put a block over its weight.
//! - **Dust.** What a pool does not pay out (rounding remainders, rewards that cannot be paid
//!   because the account does not exist and the reward is below the existential deposit, and
//!   whole pools of epochs in which nobody noted shares) stays in the pot and **rolls over into
//!   the same pool of the next epoch that ends**. Nothing is lost and nothing is minted twice.
//!
//! ## Parameters
//!
//! Every economic value lives in [`BmeParameters`], set at genesis and by
//! [`Pallet::set_parameters`] (governance only), each checked against a bound in [`Config`]
//! with a named error. A new `epoch_length` ends the running epoch at the next block that is a
//! multiple of it.
//!
//! ## Invariants
//!
//! [`Pallet::do_try_state`] checks, after every unit test and in `try-runtime`:
//!
//! - **Issuance.** `total_issuance + TotalBurned + ExternallyBurned == GenesisIssuance +
//!   TotalMinted`. [`GenesisIssuance`] is recorded once at genesis; [`TotalMinted`] and
//!   [`TotalBurned`] count every DPN this pallet mints and burns; [`ExternallyBurned`] counts the
//!   DPN burned elsewhere that the runtime routes through [`RecordedBurn`] (transaction fees and
//!   tips, dust of reaped accounts). It is an equality, so a mint *or* a burn the books do not
//!   know fails the check (see "Assumptions" for what the runtime must route or filter).
//! - **Credits.** The spendable and escrowed credits of all accounts sum to
//!   [`TotalCreditsMinted`] − [`TotalCreditsBurned`].
//! - **Pools.** No pool pays more than it holds (`paid ≤ amount`), [`TotalPoolsPaid`] ≤
//!   [`TotalPoolsEmitted`], what the pot owes (`TotalPoolsEmitted − TotalPoolsPaid`) equals the
//!   unpaid part of the ended pools plus the rollover, and the pot holds at least that plus the
//!   existential deposit. Share totals and holder counts match the share map.
//!
//! ## Assumptions
//!
//! - DPN has 12 decimals (the price conversion uses [`types::CONVERSION_DIVISOR`]).
//! - [`Config::Currency`] is pallet-balances (or behaves like it): the pallet's genesis runs
//!   after the balances genesis (this pallet is declared after Balances in the runtime), so
//!   [`GenesisIssuance`] sees every genesis balance.
//! - Every DPN burned outside this pallet goes through [`RecordedBurn`]: the runtime sets
//!   `pallet_transaction_payment::FungibleAdapter<Balances, RecordedBurn<Runtime>>` and
//!   `pallet_balances::Config::DustRemoval = RecordedBurn<Runtime>`, and keeps
//!   `Balances::burn` (signed), `Balances::force_set_balance` and
//!   `Balances::force_adjust_total_issuance` out of reach (its `BaseCallFilter`), or accepts that
//!   `try_state` reports such a change as issuance the books do not explain.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod features;
mod impl_credits;
mod impl_rewards;
mod issuance;
pub mod migrations;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use issuance::RecordedBurn;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use depin_primitives::{CreditBalance, CreditsError, EpochIndex, RewardPool, Shares};
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{
		fungible::{Balanced, Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation, Provenance},
		Get,
	},
	weights::WeightMeter,
	PalletId,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{AccountIdConversion, Saturating, StaticLookup, UniqueSaturatedInto, Zero},
	ArithmeticError, DispatchError, Perbill, Rounding, SaturatedConversion,
};

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::bme";

/// How many ended epochs' books [`EpochHistory`] keeps.
pub const EPOCH_HISTORY: u32 = 128;

/// The native token's balance type.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// The parameters as this runtime stores them.
pub type ParametersOf<T> = BmeParameters<BalanceOf<T>, BlockNumberFor<T>>;
/// An epoch's record with the runtime's types.
pub type EpochRecordOf<T> = EpochRecord<BalanceOf<T>, BlockNumberFor<T>>;
/// A feeder record as this runtime stores it.
pub type FeederOf<T> = Feeder<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
/// An account as a call names it (an address the runtime's lookup resolves).
pub type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native token (DPN), burned for credits and minted by emissions and settlements.
		type Currency: Mutate<Self::AccountId> + Balanced<Self::AccountId>;

		/// The origin that adds and removes price feeders and sets the parameters.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The id of the pot account that holds the reward pools until they are paid.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Receives the treasury's part of every emission and the protocol fee of every
		/// settlement.
		type TreasuryAccount: Get<Self::AccountId>;

		/// Most price feeders.
		#[pallet::constant]
		type MaxFeeders: Get<u32>;

		/// Highest `max_price_age` governance may set, in blocks.
		#[pallet::constant]
		type MaxPriceAgeLimit: Get<BlockNumberFor<Self>>;

		/// The circuit breaker's window, in blocks (600 blocks of 6 s: one hour). It slides in
		/// [`CREDIT_WINDOW_BUCKETS`] buckets of `CreditWindow / CREDIT_WINDOW_BUCKETS` blocks
		/// (at least one): what the last that many buckets minted is at most
		/// `max_credits_per_window`.
		#[pallet::constant]
		type CreditWindow: Get<BlockNumberFor<Self>>;

		/// Highest `max_credits_per_window` governance may set.
		#[pallet::constant]
		type MaxCreditsPerWindowLimit: Get<CreditBalance>;

		/// Shortest `epoch_length` governance may set, in blocks.
		#[pallet::constant]
		type MinEpochLength: Get<BlockNumberFor<Self>>;

		/// Longest `epoch_length` governance may set, in blocks.
		#[pallet::constant]
		type MaxEpochLength: Get<BlockNumberFor<Self>>;

		/// Highest `initial_emission` and `net_emissions_cap` governance may set, per epoch.
		#[pallet::constant]
		type MaxEmissionPerEpoch: Get<BalanceOf<Self>>;

		/// Highest `protocol_fee` governance may set.
		#[pallet::constant]
		type MaxProtocolFee: Get<Perbill>;

		/// Highest `max_settlement_mint_per_epoch` governance may set.
		#[pallet::constant]
		type MaxSettlementMintLimit: Get<BalanceOf<Self>>;

		/// Most reward payouts (and epoch completions) `on_idle` makes in one block, whatever
		/// weight is left.
		#[pallet::constant]
		type MaxPayoutsPerBlock: Get<u32>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// The parameters used when nothing was set at genesis: the testnet's starting values,
	/// clamped into the configured bounds.
	#[pallet::type_value]
	pub fn DefaultParameters<T: Config>() -> ParametersOf<T> {
		let dpn = |whole: u128| -> BalanceOf<T> { whole.saturating_mul(DPN).saturated_into() };
		let epoch_length: BlockNumberFor<T> = 14_400u32.into();
		BmeParameters {
			max_price_age: T::MaxPriceAgeLimit::get().min(100u32.into()),
			min_feeders: T::MaxFeeders::get().min(2),
			max_price_spread: Perbill::from_percent(10),
			max_credits_per_window: T::MaxCreditsPerWindowLimit::get().min(1_000_000_000_000),
			epoch_length: epoch_length.max(T::MinEpochLength::get()).min(T::MaxEpochLength::get()),
			initial_emission: T::MaxEmissionPerEpoch::get().min(dpn(100_000)),
			halving_interval: 730,
			split: PoolSplit::testnet(),
			net_emissions_cap: T::MaxEmissionPerEpoch::get().min(dpn(1_000)),
			protocol_fee: T::MaxProtocolFee::get().min(Perbill::from_percent(5)),
			max_settlement_mint_per_epoch: T::MaxSettlementMintLimit::get().min(dpn(10_000_000)),
			data_transfer_remainder: DataTransferRemainder::Coverage,
		}
	}

	/// The parameters in force.
	#[pallet::storage]
	pub type Parameters<T: Config> =
		StorageValue<_, ParametersOf<T>, ValueQuery, DefaultParameters<T>>;

	/// The price feeders, each with its latest submission. At most [`Config::MaxFeeders`].
	#[pallet::storage]
	pub type Feeders<T: Config> =
		StorageValue<_, BoundedVec<FeederOf<T>, T::MaxFeeders>, ValueQuery>;

	/// Each account's credits. Accounts without credits have no entry.
	#[pallet::storage]
	pub type CreditAccounts<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, CreditAccount, OptionQuery>;

	/// Credits ever minted (by burning DPN).
	#[pallet::storage]
	pub type TotalCreditsMinted<T> = StorageValue<_, CreditBalance, ValueQuery>;

	/// The books of the last [`EPOCH_HISTORY`] ended epochs, by epoch.
	// TWOX-NOTE: epochs are sequential.
	#[pallet::storage]
	pub type EpochHistory<T: Config> =
		StorageMap<_, Twox64Concat, EpochIndex, EpochRecordOf<T>, OptionQuery>;

	/// Credits ever burned (spent as fees or settled from escrow).
	#[pallet::storage]
	pub type TotalCreditsBurned<T> = StorageValue<_, CreditBalance, ValueQuery>;

	/// The circuit breaker: credits minted in the sliding window's buckets.
	#[pallet::storage]
	pub type CreditMintWindow<T: Config> = StorageValue<_, MintWindow, ValueQuery>;

	/// The total issuance of DPN when the chain started, recorded by this pallet's genesis.
	#[pallet::storage]
	pub type GenesisIssuance<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// DPN ever minted by this pallet (emissions, re-mints, settlements).
	#[pallet::storage]
	pub type TotalMinted<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// DPN ever burned by this pallet (burned for credits).
	#[pallet::storage]
	pub type TotalBurned<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// DPN ever burned outside this pallet and reported through [`RecordedBurn`] (transaction
	/// fees and tips, dust of reaped accounts).
	#[pallet::storage]
	pub type ExternallyBurned<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// The epoch shares are being collected for; it ends at the next block that is a multiple
	/// of `epoch_length`.
	#[pallet::storage]
	pub type CurrentEpoch<T> = StorageValue<_, EpochIndex, ValueQuery>;

	/// DPN burned for credits in the current epoch.
	#[pallet::storage]
	pub type BurnedThisEpoch<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// DPN burned for credits in the previous epoch, re-minted (up to the cap) when the current
	/// epoch ends.
	#[pallet::storage]
	pub type BurnedLastEpoch<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// DPN minted by usage settlements in the current epoch.
	#[pallet::storage]
	pub type SettlementMintedThisEpoch<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Each pool of each epoch that has shares and is not fully paid yet: the current epoch's
	/// pools (collecting shares) and ended epochs' pools (being paid).
	// TWOX-NOTE: epochs come from a counter and pools from a two-variant enum.
	#[pallet::storage]
	pub type Pools<T: Config> =
		StorageMap<_, Twox64Concat, (EpochIndex, RewardPool), PoolInfo<BalanceOf<T>>, OptionQuery>;

	/// Each account's unpaid shares per (epoch, pool). An entry is removed when it is paid.
	// TWOX-NOTE: the first key comes from a counter and an enum; the account is hashed with
	// blake2.
	#[pallet::storage]
	pub type AccountShares<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(EpochIndex, RewardPool),
		Blake2_128Concat,
		T::AccountId,
		Shares,
		OptionQuery,
	>;

	/// The oldest ended epoch whose pools are not fully paid; `on_idle` pays from it first.
	#[pallet::storage]
	pub type OldestUnpaidEpoch<T> = StorageValue<_, EpochIndex, ValueQuery>;

	/// DPN waiting in the pot for the next epoch that ends, per pool: dust and forfeited
	/// rewards of fully paid epochs, and whole pools of epochs without shares.
	#[pallet::storage]
	pub type Rollover<T: Config> = StorageValue<_, PerPool<BalanceOf<T>>, ValueQuery>;

	/// The DPN set aside in the pot, when an epoch ended, for the data carried in it: paid to
	/// the rewards noted in the data-transfer pool of the next epoch when that one ends, and
	/// removed then.
	// TWOX-NOTE: epochs come from a counter.
	#[pallet::storage]
	pub type DataTransferBudgets<T: Config> =
		StorageMap<_, Twox64Concat, EpochIndex, BalanceOf<T>, OptionQuery>;

	/// DPN ever minted into the reward pools (the pot).
	#[pallet::storage]
	pub type TotalPoolsEmitted<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// DPN ever paid out of the reward pools.
	#[pallet::storage]
	pub type TotalPoolsPaid<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The parameters; [`DefaultParameters`] when not given.
		pub parameters: Option<ParametersOf<T>>,
		/// The price feeders (they submit prices once the chain runs).
		pub feeders: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A broken genesis must stop the chain from starting, so this panics.
			let parameters = self.parameters.unwrap_or_else(DefaultParameters::<T>::get);
			if let Err(error) = Pallet::<T>::ensure_parameters_in_bounds(&parameters) {
				panic!("bme genesis parameters out of bounds: {error:?}");
			}
			Parameters::<T>::put(parameters);

			let mut feeders: Vec<FeederOf<T>> = Vec::new();
			for account in &self.feeders {
				if feeders.iter().any(|feeder| &feeder.account == account) {
					panic!("bme genesis feeder listed twice");
				}
				feeders.push(Feeder { account: account.clone(), submission: None });
			}
			let Ok(feeders) = BoundedVec::<_, T::MaxFeeders>::try_from(feeders) else {
				panic!("bme genesis lists more than MaxFeeders feeders");
			};
			Feeders::<T>::put(feeders);

			// The pot always keeps the existential deposit, so paying the last reward of a pool
			// never reaps it (payouts preserve it). It is minted before the genesis issuance is
			// recorded, so it is part of it.
			let pot = Pallet::<T>::pot_account();
			let minimum = T::Currency::minimum_balance();
			let held = T::Currency::balance(&pot);
			if held < minimum {
				if let Err(error) = T::Currency::mint_into(&pot, minimum.saturating_sub(held)) {
					panic!("bme genesis could not fund the pot: {error:?}");
				}
			}
			GenesisIssuance::<T>::put(T::Currency::total_issuance());
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance added a price feeder.
		FeederAdded {
			/// The feeder.
			feeder: T::AccountId,
		},
		/// Governance removed a price feeder; its submission no longer counts.
		FeederRemoved {
			/// The feeder.
			feeder: T::AccountId,
		},
		/// A feeder submitted the DPN/USD price.
		PriceSubmitted {
			/// The feeder.
			feeder: T::AccountId,
			/// USD per DPN.
			price: Price,
		},
		/// After a submission, the fresh prices' settlement price is more than
		/// `max_price_spread` above their credit price: buying credits and settling usage are
		/// refused with `PriceTooUncertain` until they converge.
		PriceSpreadTooWide {
			/// The lower median (USD per DPN).
			credit_price: Price,
			/// The upper median (USD per DPN).
			settlement_price: Price,
		},
		/// DPN was burned and credits minted for it.
		CreditsBought {
			/// Who burned the DPN.
			payer: T::AccountId,
			/// Who received the credits.
			beneficiary: T::AccountId,
			/// DPN burned.
			burned: BalanceOf<T>,
			/// Credits minted.
			credits: CreditBalance,
			/// The credit price they were minted at (USD per DPN).
			price: Price,
		},
		/// Spendable credits were burned as a fee.
		CreditsSpent {
			/// Whose credits.
			who: T::AccountId,
			/// How many.
			amount: CreditBalance,
		},
		/// Spendable credits were moved into escrow.
		CreditsEscrowed {
			/// Whose credits.
			who: T::AccountId,
			/// How many.
			amount: CreditBalance,
		},
		/// Escrowed credits were made spendable again.
		CreditsReleased {
			/// Whose credits.
			who: T::AccountId,
			/// How many.
			amount: CreditBalance,
		},
		/// Escrowed credits were burned for services delivered (a payer's data transfer).
		EscrowBurned {
			/// Whose credits.
			who: T::AccountId,
			/// How many.
			amount: CreditBalance,
		},
		/// Used services were settled: credits burned from escrow, DPN minted to the provider
		/// and the protocol fee to the treasury.
		UsageSettled {
			/// Whose escrow paid.
			payer: T::AccountId,
			/// Who was paid.
			provider: T::AccountId,
			/// Credits burned from the payer's escrow.
			credits: CreditBalance,
			/// DPN minted to the provider.
			provider_paid: BalanceOf<T>,
			/// DPN minted to the treasury.
			protocol_fee: BalanceOf<T>,
			/// The median price used (USD per DPN).
			price: Price,
		},
		/// An epoch ended: its emission was minted and its pools became payable.
		EpochEnded {
			/// The epoch that ended.
			epoch: EpochIndex,
			/// Its scheduled emission (after halvings).
			base_emission: BalanceOf<T>,
			/// DPN burned for credits in the epoch before it, re-minted (capped).
			reminted: BalanceOf<T>,
			/// The coverage pool: its part of the emission plus what rolled over into it.
			coverage_pool: BalanceOf<T>,
			/// The compute availability pool, likewise.
			compute_availability_pool: BalanceOf<T>,
			/// The validators' pool, likewise (paid by blocks authored).
			validators_pool: BalanceOf<T>,
			/// The data-transfer pool: the rewards noted for the data carried in the epoch
			/// before, paid from that epoch's budget (all of it when they exceed it).
			data_transfer_pool: BalanceOf<T>,
			/// Set aside for the data carried in the epoch that ended, paid when the next ends.
			data_transfer_budget: BalanceOf<T>,
			/// Minted to the treasury.
			treasury: BalanceOf<T>,
		},
		/// The data-transfer rewards noted in an epoch's pool exceeded the budget set aside for
		/// them: each is paid pro rata less (`budget / noted` of it).
		DataTransferScaled {
			/// The epoch whose pool pays them.
			epoch: EpochIndex,
			/// The rewards noted, in total.
			noted: BalanceOf<T>,
			/// The budget that pays them.
			budget: BalanceOf<T>,
		},
		/// What a data-transfer budget left was paid to the destination governance chose.
		DataTransferRemainderPaid {
			/// The epoch whose end paid it.
			epoch: EpochIndex,
			/// Who received it.
			to: T::AccountId,
			/// DPN paid.
			amount: BalanceOf<T>,
		},
		/// A pool had no shares when its epoch ended; its DPN stays in the pot for the next
		/// epoch's pool.
		PoolRolledOver {
			/// The epoch.
			epoch: EpochIndex,
			/// The pool.
			pool: RewardPool,
			/// DPN carried over.
			amount: BalanceOf<T>,
		},
		/// A part of an emission could not be minted (its account does not exist and the part
		/// is below the existential deposit, or issuance would overflow) and was not minted.
		EmissionWithheld {
			/// The intended recipient.
			recipient: T::AccountId,
			/// DPN not minted.
			amount: BalanceOf<T>,
		},
		/// A reward was paid from the pot.
		RewardPaid {
			/// The epoch the shares were earned in.
			epoch: EpochIndex,
			/// The pool.
			pool: RewardPool,
			/// Who was paid.
			who: T::AccountId,
			/// DPN paid.
			amount: BalanceOf<T>,
		},
		/// A reward could not be paid by `on_idle` (the account does not exist and the reward
		/// is below the existential deposit); it stays in the pot and rolls over.
		RewardForfeited {
			/// The epoch.
			epoch: EpochIndex,
			/// The pool.
			pool: RewardPool,
			/// Whose reward.
			who: T::AccountId,
			/// DPN not paid.
			amount: BalanceOf<T>,
		},
		/// Every reward of an ended epoch was paid; what was left rolled over.
		EpochRewardsCompleted {
			/// The epoch.
			epoch: EpochIndex,
			/// Left in the coverage pool and rolled over.
			coverage_dust: BalanceOf<T>,
			/// Left in the compute availability pool and rolled over.
			compute_availability_dust: BalanceOf<T>,
			/// Left in the data-transfer pool and rolled over into the next budget.
			data_transfer_dust: BalanceOf<T>,
		},
		/// Governance set new parameters.
		ParametersSet {
			/// The parameters now in force.
			parameters: ParametersOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is not a price feeder. Ask governance to add it.
		NotFeeder,
		/// The account is already a price feeder.
		AlreadyFeeder,
		/// There are already [`Config::MaxFeeders`] feeders. Remove one first.
		TooManyFeeders,
		/// A price must be above zero.
		ZeroPrice,
		/// There is no price in force: fewer than `min_feeders` feeders submitted within the
		/// last `max_price_age` blocks. Nothing needing a price can happen until they do; check
		/// the `price` runtime API.
		NoPrice,
		/// The feeders disagree too much: the settlement price (upper median of the fresh
		/// submissions) is more than `max_price_spread` above the credit price (lower median), so
		/// neither credits nor settlements are converted. Wait until the submissions converge, or
		/// for governance to remove the feeder that strays (see `PriceSpreadTooWide` events).
		PriceTooUncertain,
		/// The amount is zero.
		ZeroAmount,
		/// The beneficiary has no account on chain (it holds no DPN), and a credit account is
		/// only opened for one that exists: its existential deposit stands for the storage.
		/// Fund it with at least the existential deposit first.
		UnknownBeneficiary,
		/// The DPN burned would buy less than one credit at the credit price. Burn more.
		BelowOneCredit,
		/// Minting these credits would pass `max_credits_per_window` for the current window of
		/// [`Config::CreditWindow`] blocks. Buy fewer or wait for the next window.
		CircuitBreakerTripped,
		/// The account cannot burn this much DPN: its free balance less the existential deposit
		/// (and anything frozen) is smaller. Burn less.
		InsufficientBalance,
		/// Usage settlements already minted `max_settlement_mint_per_epoch` this epoch, or this
		/// one would pass it. Nothing changed: keep what is owed and settle it next epoch.
		SettlementCapReached,
		/// Shares can only be noted for the current epoch.
		EpochNotCurrent,
		/// The epoch has not ended, so its pools are not sized yet. Claim after it ends.
		EpochNotEnded,
		/// The account has no unpaid shares in this pool of this epoch (never had, or was paid
		/// already, possibly by `on_idle`).
		NothingToClaim,
		/// The reward is below the existential deposit and the account does not exist, so it
		/// cannot be paid. Fund the account first.
		RewardBelowExistentialDeposit,
		/// `max_price_age` must be between 1 and [`Config::MaxPriceAgeLimit`].
		PriceAgeOutOfRange,
		/// `min_feeders` must be between 1 and [`Config::MaxFeeders`].
		MinFeedersOutOfRange,
		/// `max_credits_per_window` is above [`Config::MaxCreditsPerWindowLimit`].
		CreditsPerWindowTooHigh,
		/// `epoch_length` must be between [`Config::MinEpochLength`] and
		/// [`Config::MaxEpochLength`].
		EpochLengthOutOfRange,
		/// `initial_emission` or `net_emissions_cap` is above [`Config::MaxEmissionPerEpoch`].
		EmissionTooHigh,
		/// `halving_interval` must be at least one epoch.
		HalvingIntervalZero,
		/// The five parts of `split` must sum to exactly 100 %.
		SplitNotWhole,
		/// `protocol_fee` is above [`Config::MaxProtocolFee`].
		ProtocolFeeTooHigh,
		/// `max_settlement_mint_per_epoch` is above [`Config::MaxSettlementMintLimit`].
		SettlementCapTooHigh,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Ends the current epoch at every block that is a multiple of `epoch_length`.
		fn on_initialize(n: BlockNumberFor<T>) -> Weight {
			let epoch_length = Parameters::<T>::get().epoch_length;
			if !epoch_length.is_zero() && (n % epoch_length).is_zero() {
				Self::end_epoch();
				// The epoch's record: the feeders, the record before it and the issuance read;
				// it written and the oldest removed.
				T::WeightInfo::on_initialize_epoch()
					.saturating_add(T::DbWeight::get().reads_writes(3, 2))
			} else {
				T::WeightInfo::on_initialize_idle()
			}
		}

		/// Pays unclaimed rewards of ended epochs, within the remaining weight and at most
		/// [`Config::MaxPayoutsPerBlock`] steps.
		fn on_idle(_n: BlockNumberFor<T>, remaining_weight: Weight) -> Weight {
			let mut meter = WeightMeter::with_limit(remaining_weight);
			Self::process_payouts(&mut meter, T::MaxPayoutsPerBlock::get());
			meter.consumed()
		}

		fn integrity_test() {
			assert!(T::MaxFeeders::get() > 0, "MaxFeeders must be positive");
			assert!(!T::MaxPriceAgeLimit::get().is_zero(), "MaxPriceAgeLimit must be positive");
			assert!(!T::CreditWindow::get().is_zero(), "CreditWindow must be positive");
			assert!(!T::MinEpochLength::get().is_zero(), "MinEpochLength must be positive");
			assert!(
				T::MinEpochLength::get() <= T::MaxEpochLength::get(),
				"MinEpochLength must not exceed MaxEpochLength"
			);
			assert!(T::MaxPayoutsPerBlock::get() > 0, "MaxPayoutsPerBlock must be positive");
			assert!(
				Pallet::<T>::ensure_parameters_in_bounds(&DefaultParameters::<T>::get()).is_ok(),
				"the default parameters must be within the configured bounds"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Add a price feeder.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Details
		/// - `feeder`: the account that will sign price submissions.
		///
		/// ## Errors
		/// [`Error::AlreadyFeeder`], [`Error::TooManyFeeders`].
		///
		/// ## Events
		/// [`Event::FeederAdded`].
		///
		/// ## Weight
		/// `O(MaxFeeders)`: one bounded value read and written.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_feeder())]
		pub fn add_feeder(origin: OriginFor<T>, feeder: AccountIdLookupOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let feeder = T::Lookup::lookup(feeder)?;
			Self::do_add_feeder(feeder)
		}

		/// Remove a price feeder; its submission stops counting at once.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Errors
		/// [`Error::NotFeeder`].
		///
		/// ## Events
		/// [`Event::FeederRemoved`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_feeder())]
		pub fn remove_feeder(origin: OriginFor<T>, feeder: AccountIdLookupOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let feeder = T::Lookup::lookup(feeder)?;
			Self::do_remove_feeder(feeder)
		}

		/// Submit the DPN/USD price, replacing the feeder's previous submission.
		///
		/// ## Dispatch Origin
		/// Signed by a feeder.
		///
		/// ## Details
		/// - `price`: US dollars per whole DPN as a `FixedU128` (inner value = USD × 10¹⁸);
		///   above zero.
		///
		/// ## Errors
		/// [`Error::NotFeeder`], [`Error::ZeroPrice`].
		///
		/// ## Events
		/// [`Event::PriceSubmitted`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::submit_price())]
		pub fn submit_price(origin: OriginFor<T>, price: Price) -> DispatchResult {
			let feeder = ensure_signed(origin)?;
			Self::do_submit_price(feeder, price)
		}

		/// Burn DPN and mint credits at the credit price (the lower median) to the
		/// caller or to `beneficiary`. Total issuance falls by `amount`.
		///
		/// ## Dispatch Origin
		/// Signed by the account whose DPN is burned.
		///
		/// ## Details
		/// - `amount`: DPN to burn (base units); the account keeps its existential deposit.
		/// - `beneficiary`: who receives the credits; the caller when `None`. It must exist (hold
		///   at least the existential deposit) unless it already has credits. Credits can never
		///   be moved afterwards.
		///
		/// ## Errors
		/// [`Error::ZeroAmount`], [`Error::UnknownBeneficiary`], [`Error::NoPrice`],
		/// [`Error::PriceTooUncertain`],
		/// [`Error::BelowOneCredit`], [`Error::CircuitBreakerTripped`],
		/// [`Error::InsufficientBalance`].
		///
		/// ## Events
		/// [`Event::CreditsBought`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::burn_for_credits())]
		pub fn burn_for_credits(
			origin: OriginFor<T>,
			amount: BalanceOf<T>,
			beneficiary: Option<AccountIdLookupOf<T>>,
		) -> DispatchResult {
			let payer = ensure_signed(origin)?;
			let beneficiary = match beneficiary {
				Some(beneficiary) => T::Lookup::lookup(beneficiary)?,
				None => payer.clone(),
			};
			Self::do_burn_for_credits(payer, beneficiary, amount).map(|_| ())
		}

		/// Claim the caller's reward from one pool of an ended epoch:
		/// `pool × shares / all shares`, rounded down, paid from the pot.
		///
		/// ## Dispatch Origin
		/// Signed by the account that earned the shares.
		///
		/// ## Errors
		/// [`Error::EpochNotEnded`], [`Error::NothingToClaim`],
		/// [`Error::RewardBelowExistentialDeposit`].
		///
		/// ## Events
		/// [`Event::RewardPaid`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::claim_rewards())]
		pub fn claim_rewards(
			origin: OriginFor<T>,
			epoch: EpochIndex,
			pool: RewardPool,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim_rewards(who, epoch, pool).map(|_| ())
		}

		/// Set every parameter at once, each within its bound.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Details
		/// A new `epoch_length` ends the running epoch at the next block that is a multiple of
		/// it; new caps apply to what the current window or epoch already minted.
		///
		/// ## Errors
		/// [`Error::PriceAgeOutOfRange`], [`Error::MinFeedersOutOfRange`],
		/// [`Error::CreditsPerWindowTooHigh`], [`Error::EpochLengthOutOfRange`],
		/// [`Error::EmissionTooHigh`], [`Error::HalvingIntervalZero`],
		/// [`Error::SplitNotWhole`], [`Error::ProtocolFeeTooHigh`],
		/// [`Error::SettlementCapTooHigh`].
		///
		/// ## Events
		/// [`Event::ParametersSet`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_parameters())]
		pub fn set_parameters(origin: OriginFor<T>, parameters: ParametersOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_parameters(parameters)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The pot account that holds the reward pools until they are paid.
	pub fn pot_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// `balance` as a `u128` (lossless for every balance type of 128 bits or fewer).
	pub(crate) fn to_u128(balance: BalanceOf<T>) -> u128 {
		balance.saturated_into()
	}

	/// `value` as a balance, failing when it does not fit.
	pub(crate) fn to_balance(value: u128) -> Result<BalanceOf<T>, ArithmeticError> {
		value.try_into().map_err(|_| ArithmeticError::Overflow)
	}

	/// Mints `amount` into `who`, counted in [`TotalMinted`]. Fails, minting nothing, when `who`
	/// cannot receive it (it does not exist and `amount` is below the existential deposit) or
	/// issuance would overflow.
	pub(crate) fn mint(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::can_deposit(who, amount, Provenance::Minted).into_result()?;
		let minted = T::Currency::mint_into(who, amount)?;
		TotalMinted::<T>::mutate(|total| *total = total.saturating_add(minted));
		Ok(())
	}
}
