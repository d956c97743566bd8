//! # Usage Pallet
//!
//! Paid for real use: hotspots are rewarded for the data they carry for payers, and coverage
//! rewards step aside where that demand has arrived (DESIGN.md; Helium's HIP-149 rule, with
//! proof-of-coverage kept for places without demand).
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the dispatchables, storage, events and errors.
//!
//! ## Overview
//!
//! - **Payers.** Network servers and carriers that buy hotspots' data transfer are approved by
//!   governance ([`Pallet::approve_payer`]) with a bond held from their account, a routing key
//!   that countersigns sessions, a price ([`TrafficPrice`]: credits per gigabyte and per packet)
//!   and a per-epoch limit on the credits their sessions may burn. Governance suspends, resumes
//!   and revokes them (slashing the bond to an account it names). A payer escrows credits for
//!   traffic ([`Pallet::escrow_credits`]); credits it asks back stay burnable for
//!   [`Config::MaxSessionAge`] blocks, then it withdraws them. It sets its own price, at least
//!   the governance minimum per gigabyte; a lower price applies only after `MaxSessionAge`
//!   blocks, so sessions carried at the old price are paid at it.
//! - **Sessions.** A session (hotspot, payer, session id, period, bytes up and down, packets)
//!   is signed by the hotspot's device key and countersigned by the payer's routing key
//!   ([`depin_primitives::payloads::DataSessionFields`]) and reported in batches with
//!   [`Pallet::submit_sessions`], a general transaction authorized by those signatures: no
//!   account signs, no fee is paid. A batch is accepted whole or refused whole, with the
//!   first broken rule named ([`Error`]): payer known and active; hotspot registered, active
//!   and located, and not owned by the payer's account; a period that ended at most
//!   `MaxSessionAge` blocks ago; some traffic; a session id the payer has not reported
//!   before; at most [`Config::MaxSessionsPerHotspotEpoch`] sessions per hotspot per epoch;
//!   the cost at the payer's price within its escrow and its epoch limit; both signatures.
//!   The payer's escrowed credits are burned for the traffic and the hotspot's rewardable
//!   bytes, packets and credits are noted for the epoch, with the bytes added to its hex's
//!   demand.
//! - **Rewards.** When an epoch ends, the BME pallet sets its data-transfer part aside as the
//!   budget of the data carried in it. During the next epoch, `on_initialize` fixes the
//!   [`RewardBasis`] (budget, bytes, the settlement price) and computes each hotspot's reward:
//!   `budget × bytes / all bytes`, raised to the floor and lowered to the cap of the value its
//!   payers burned (`floor_permille` and `cap_permille` of the credits' DPN value), summed per
//!   owner and noted, at most [`Config::MaxNotedPerBlock`] hotspots a block, as shares of that
//!   epoch's [`depin_primitives::RewardPool::DataTransfer`] pool. The BME pallet pays it when
//!   that epoch ends (pro rata less if the floors took the rewards over the budget), and sends
//!   what the budget has left where governance chose (coverage by default).
//! - **Demand-weighted coverage.** The bytes of every session count towards its hotspot's hex
//!   at [`UsageParameters::demand_resolution`]; [`depin_primitives::DemandWeight`] gives the
//!   coverage pallet each hex's weight for an epoch, 100 % without paid traffic, falling
//!   linearly to `demand_min_weight` at `demand_saturation_bytes`: a busy hex is paid through
//!   usage, an empty one through coverage.
//!
//! ## Low Level / Implementation Details
//!
//! - Replays are refused by (payer, session id) under the bucket of the session's signed
//!   period end, `end / MaxSessionAge` ([`Seen`]); a session older than `MaxSessionAge` blocks
//!   is refused outright, so a bucket is dropped only when nothing ending in it can be reported
//!   any more, and no session can be counted twice whatever the epochs' length.
//! - An epoch's traffic ([`HotspotUsage`], [`HexDemand`], [`EpochTotals`]) is kept while the
//!   next epoch runs (its rewards are noted and coverage reads its demand), then removed; old
//!   [`Seen`] buckets likewise; at most [`Config::MaxPrunedPerBlock`] entries a block.
//! - The invariants are written in [`Pallet::do_try_state`] and checked after every unit test.
//!
//! ## Assumptions
//!
//! - [`Config::Registry`] reports hotspots' keys, owners, status and locations truthfully.
//! - The runtime's transaction extensions include `frame_system::AuthorizeCall`; authorization
//!   runs again when the transaction is applied in a block.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod features;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use depin_primitives::{
	CreditBalance, Credits, DataTransferRewards, DeviceId, DeviceKey, DeviceRegistry, EpochIndex,
	H3Cell, ShortString,
};
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{
		fungible::{Inspect, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
		Get,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Saturating, Zero},
	ArithmeticError, DispatchError,
};

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::usage";

/// The native token's balance type.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A payer record as this runtime stores it.
pub type PayerOf<T> =
	PayerInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

/// Runtime-specific setup the benchmarks need and the pallet cannot do through its traits.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an `Active` hotspot with `key`, owned by `owner` and located at `location`,
	/// and returns its id.
	fn register_hotspot(owner: &AccountId, key: DeviceKey, location: H3Cell) -> DeviceId;

	/// Gives `who` `amount` spendable credits.
	fn fund_credits(who: &AccountId, amount: CreditBalance);

	/// Ends the current epoch of [`Config::Rewards`] with `budget` DPN set aside for its data
	/// transfer, and a price in force.
	fn end_epoch(budget: u128);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds DPN.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A payer's bond, held while it is approved.
		PayerBond,
	}

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native token (DPN): payers' bonds are held in it.
		type Currency: Inspect<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// The device registry: hotspots' owners, keys, status and locations.
		type Registry: depin_primitives::DeviceRegistry<Self::AccountId>;

		/// The credits ledger payers escrow in and their traffic burns.
		type Credits: Credits<Self::AccountId>;

		/// The BME pallet: the epoch, the data-transfer budgets and pool, the settlement price.
		type Rewards: DataTransferRewards<Self::AccountId>;

		/// The origin that approves, suspends and revokes payers and sets the parameters.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The transaction-pool priority of a session report (the runtime gives device-signed
		/// reports `TransactionPriority::MAX`).
		#[pallet::constant]
		type ReportPriority: Get<TransactionPriority>;

		/// Most sessions one report carries.
		#[pallet::constant]
		type MaxSessionsPerReport: Get<u32>;

		/// Most sessions one hotspot reports in one epoch (bounds the fee-less work a hotspot
		/// and its payers can cause).
		#[pallet::constant]
		type MaxSessionsPerHotspotEpoch: Get<u32>;

		/// The oldest a session may be when reported, in blocks after its period ended; also
		/// how long a price decrease and an escrow withdrawal wait.
		#[pallet::constant]
		type MaxSessionAge: Get<BlockNumberFor<Self>>;

		/// Most payers ever approved.
		#[pallet::constant]
		type MaxPayers: Get<u32>;

		/// Most hotspots whose rewards one block notes.
		#[pallet::constant]
		type MaxNotedPerBlock: Get<u32>;

		/// Most entries of old epochs one block removes.
		#[pallet::constant]
		type MaxPrunedPerBlock: Get<u32>;

		/// Highest `cap_permille` governance may set.
		#[pallet::constant]
		type MaxCapPermille: Get<u32>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;

		/// Runtime-specific setup for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The parameters in force.
	#[pallet::storage]
	pub type Parameters<T: Config> =
		StorageValue<_, UsageParameters, ValueQuery, DefaultParameters>;

	/// The starting parameters.
	pub struct DefaultParameters;
	impl Get<UsageParameters> for DefaultParameters {
		fn get() -> UsageParameters {
			UsageParameters::testnet()
		}
	}

	/// Every payer ever approved, by id.
	// TWOX-NOTE: payer ids come from a counter.
	#[pallet::storage]
	pub type Payers<T: Config> = StorageMap<_, Twox64Concat, PayerId, PayerOf<T>, OptionQuery>;

	/// The next payer's id (also how many were ever approved).
	#[pallet::storage]
	pub type NextPayerId<T> = StorageValue<_, PayerId, ValueQuery>;

	/// The payer each routing key belongs to (revoked payers' keys are free).
	#[pallet::storage]
	pub type PayerByKey<T: Config> = StorageMap<_, Blake2_128Concat, DeviceKey, PayerId>;

	/// Each payer's traffic in the current epoch.
	// TWOX-NOTE: payer ids come from a counter.
	#[pallet::storage]
	pub type PayerTraffics<T: Config> =
		StorageMap<_, Twox64Concat, PayerId, PayerTraffic, ValueQuery>;

	/// The sessions counted, by the bucket of their period's end (`end / MaxSessionAge`) and
	/// (payer, session id): a second report of a session (the same signed end, so the same
	/// bucket) is refused. A bucket is removed once every session ending in it is too old to be
	/// reported.
	// TWOX-NOTE: buckets come from block numbers; the session key is chosen by payers, so
	// hashed.
	#[pallet::storage]
	pub type Seen<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		u64,
		Blake2_128Concat,
		(PayerId, SessionId),
		(),
		OptionQuery,
	>;

	/// The oldest bucket of [`Seen`] that may still hold entries.
	#[pallet::storage]
	pub type OldestSeenBucket<T> = StorageValue<_, u64, ValueQuery>;

	/// Each hotspot's data transfer per epoch.
	// TWOX-NOTE: epochs come from a counter and device ids from the registry's.
	#[pallet::storage]
	pub type HotspotUsage<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		EpochIndex,
		Twox64Concat,
		DeviceId,
		HotspotTraffic,
		OptionQuery,
	>;

	/// Paid bytes carried per hex (at the epoch's demand resolution) per epoch.
	// TWOX-NOTE: epochs come from a counter; cells are hashed (users choose locations).
	#[pallet::storage]
	pub type HexDemand<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EpochIndex, Blake2_128Concat, H3Cell, u64, OptionQuery>;

	/// Each epoch's traffic in total.
	// TWOX-NOTE: epochs come from a counter.
	#[pallet::storage]
	pub type EpochTotals<T: Config> =
		StorageMap<_, Twox64Concat, EpochIndex, EpochTraffic, OptionQuery>;

	/// The basis of the ended epoch whose rewards are being noted, and where the noting stands
	/// (the last hotspot's raw key, `None` before the first).
	#[pallet::storage]
	pub type Noting<T: Config> = StorageValue<
		_,
		(RewardBasis, Option<BoundedVec<u8, ConstU32<NOTING_CURSOR_LEN>>>),
		OptionQuery,
	>;

	/// The last epoch whose rewards were all noted (or given up on), plus one: the next epoch
	/// to note.
	#[pallet::storage]
	pub type NextToNote<T> = StorageValue<_, EpochIndex, ValueQuery>;

	/// The rewards basis of the epoch whose rewards were noted last, kept for the runtime API.
	#[pallet::storage]
	pub type LastBasis<T> = StorageValue<_, RewardBasis, OptionQuery>;

	/// The oldest epoch whose traffic may still be stored.
	#[pallet::storage]
	pub type OldestKept<T> = StorageValue<_, EpochIndex, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The parameters; [`UsageParameters::testnet`] when not given.
		pub parameters: Option<UsageParameters>,
		#[serde(skip)]
		#[allow(missing_docs)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A broken genesis must stop the chain from starting, so this panics.
			let parameters = self.parameters.unwrap_or_else(UsageParameters::testnet);
			if let Err(error) = Pallet::<T>::ensure_parameters_in_bounds(&parameters) {
				panic!("usage genesis parameters out of bounds: {error:?}");
			}
			Parameters::<T>::put(parameters);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance approved a payer.
		PayerApproved {
			/// Its id.
			payer: PayerId,
			/// Its account.
			account: T::AccountId,
			/// Its routing key.
			routing_key: DeviceKey,
			/// The bond held.
			bond: BalanceOf<T>,
			/// Most credits its sessions may burn an epoch.
			epoch_limit: CreditBalance,
		},
		/// Governance suspended a payer: its sessions are refused.
		PayerSuspended {
			/// The payer.
			payer: PayerId,
		},
		/// Governance resumed a payer.
		PayerResumed {
			/// The payer.
			payer: PayerId,
		},
		/// Governance revoked a payer: its bond was released, or slashed to `slashed_to`, and
		/// its escrow released.
		PayerRevoked {
			/// The payer.
			payer: PayerId,
			/// The bond released or slashed.
			bond: BalanceOf<T>,
			/// Who received the bond, when it was slashed.
			slashed_to: Option<T::AccountId>,
			/// Credits released from escrow.
			escrow_released: CreditBalance,
		},
		/// Governance changed a payer's epoch limit.
		PayerLimitSet {
			/// The payer.
			payer: PayerId,
			/// Most credits its sessions may burn an epoch.
			epoch_limit: CreditBalance,
		},
		/// A payer set its price; `from` is the block it applies from.
		PriceSet {
			/// The payer.
			payer: PayerId,
			/// The price.
			price: TrafficPrice,
			/// The block it applies from (now for an increase).
			from: BlockNumberFor<T>,
		},
		/// A payer escrowed credits for traffic.
		EscrowAdded {
			/// The payer.
			payer: PayerId,
			/// Credits added.
			amount: CreditBalance,
		},
		/// A payer asked credits back: they pay for sessions until `from`, then can be
		/// withdrawn.
		EscrowUnlocking {
			/// The payer.
			payer: PayerId,
			/// Credits unlocking (all it asked back so far).
			amount: CreditBalance,
			/// The block they can be withdrawn from.
			from: BlockNumberFor<T>,
		},
		/// A payer withdrew unlocked credits (spendable again).
		EscrowWithdrawn {
			/// The payer.
			payer: PayerId,
			/// Credits released.
			amount: CreditBalance,
		},
		/// A session was counted: the payer's credits burned and the hotspot's traffic noted.
		SessionCounted {
			/// The hotspot.
			hotspot: DeviceId,
			/// The payer.
			payer: PayerId,
			/// The payer's session id.
			session_id: SessionId,
			/// Rewardable bytes.
			bytes: u64,
			/// Credits burned.
			credits: CreditBalance,
		},
		/// An ended epoch's rewards basis was fixed and the noting of its rewards began.
		RewardsBasisFixed {
			/// The basis.
			basis: RewardBasis,
		},
		/// Hotspots' rewards of an ended epoch were noted, summed per owner, in the
		/// data-transfer pool of the current epoch.
		RewardsNoted {
			/// The epoch the data was carried in.
			earned_in: EpochIndex,
			/// The epoch whose pool they were noted in (paid when it ends).
			noted_in: EpochIndex,
			/// How many hotspots.
			hotspots: u32,
			/// Their rewards, in DPN base units.
			rewards: u128,
		},
		/// Rewards could not be noted (the pool refused them, or the epoch ended first); they
		/// were dropped and the budget goes where the remainder goes.
		RewardsNotNoted {
			/// The epoch the data was carried in.
			earned_in: EpochIndex,
			/// How many hotspots' rewards were dropped (in this block).
			hotspots: u32,
		},
		/// Governance set new parameters.
		ParametersSet {
			/// The parameters now in force.
			parameters: UsageParameters,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// There is no payer with this id.
		UnknownPayer,
		/// The payer is suspended or revoked: its sessions are refused.
		PayerNotActive,
		/// The payer is already suspended.
		PayerAlreadySuspended,
		/// The payer is not suspended.
		PayerNotSuspended,
		/// The payer was revoked.
		PayerRevoked,
		/// The routing key already belongs to a payer.
		RoutingKeyInUse,
		/// [`Config::MaxPayers`] payers were approved already.
		TooManyPayers,
		/// The account cannot hold the bond (its free balance is smaller).
		InsufficientBondBalance,
		/// Only the payer's account may do this.
		NotPayerAccount,
		/// The price per gigabyte is below the governance minimum (`min_price_per_gb`).
		PriceBelowMinimum,
		/// The payer has fewer escrowed credits than asked.
		InsufficientEscrow,
		/// Nothing is unlocking, or it cannot be withdrawn before its block.
		NothingToWithdraw,
		/// The amount is zero.
		ZeroAmount,
		/// The hotspot is not registered, or is not a hotspot.
		UnknownHotspot,
		/// The hotspot is suspended or retired.
		HotspotNotActive,
		/// The hotspot has no asserted location: its traffic could not count towards a hex.
		HotspotNotLocated,
		/// The payer's account owns the hotspot: a payer cannot buy its own hotspots' traffic.
		PayerOwnsHotspot,
		/// The period ends before it starts.
		BadPeriod,
		/// The period ends after the current block.
		SessionFromFuture,
		/// The period ended more than [`Config::MaxSessionAge`] blocks ago.
		SessionTooOld,
		/// The session carried no bytes and no packets.
		EmptySession,
		/// The session costs nothing at the payer's price.
		SessionWorthless,
		/// The payer already reported this session (or it is twice in this report).
		DuplicateSession,
		/// The hotspot reported [`Config::MaxSessionsPerHotspotEpoch`] sessions this epoch.
		TooManySessions,
		/// The payer's escrow does not cover the session's cost.
		EscrowExhausted,
		/// The session would take the credits the payer's sessions burned this epoch over its
		/// epoch limit.
		PayerEpochLimitReached,
		/// The hotspot's signature does not verify with its device key.
		BadHotspotSignature,
		/// The payer's countersignature does not verify with its routing key.
		BadPayerSignature,
		/// The report carries no session.
		EmptyReport,
		/// `floor_permille` must not exceed `cap_permille`, nor that [`Config::MaxCapPermille`].
		BadRewardBounds,
		/// `demand_resolution` must be between 4 and 10.
		BadDemandResolution,
		/// `min_price_per_gb` must be above zero.
		ZeroMinimumPrice,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxSessionsPerReport::get() > 0, "MaxSessionsPerReport must be positive");
			assert!(
				T::MaxSessionsPerHotspotEpoch::get() > 0,
				"MaxSessionsPerHotspotEpoch must be positive"
			);
			assert!(!T::MaxSessionAge::get().is_zero(), "MaxSessionAge must be positive");
			assert!(T::MaxNotedPerBlock::get() > 0, "MaxNotedPerBlock must be positive");
			assert!(T::MaxPrunedPerBlock::get() > 0, "MaxPrunedPerBlock must be positive");
			assert!(
				Pallet::<T>::ensure_parameters_in_bounds(&UsageParameters::testnet()).is_ok(),
				"the starting parameters must be within the configured bounds"
			);
		}

		/// Notes ended epochs' rewards and removes older epochs' traffic, both bounded.
		fn on_initialize(_now: BlockNumberFor<T>) -> Weight {
			Self::note_rewards().saturating_add(Self::prune())
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Report countersigned data-transfer sessions.
		///
		/// ## Dispatch Origin
		/// `Authorized`: a general transaction authorized by every session's hotspot signature
		/// and payer countersignature ([`Pallet::authorize_submit_sessions`]); no account signs
		/// and no fee is paid.
		///
		/// ## Details
		/// Accepted whole or refused whole. Each session burns its cost at the payer's price
		/// from the payer's escrow and notes the hotspot's traffic for the epoch.
		///
		/// ## Errors
		/// The first broken rule of the first session that breaks one, see the crate docs.
		///
		/// ## Events
		/// [`Event::SessionCounted`] per session.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::submit_sessions(sessions.len() as u32))]
		#[pallet::authorize(Pallet::<T>::authorize_submit_sessions)]
		#[pallet::weight_of_authorize(T::WeightInfo::authorize_submit_sessions(sessions.len() as u32))]
		pub fn submit_sessions(
			origin: OriginFor<T>,
			sessions: BoundedVec<SignedSession, T::MaxSessionsPerReport>,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			Self::do_submit_sessions(&sessions, true)
		}

		/// Approve a payer, holding `bond` from `account`.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Details
		/// - `routing_key`: the key that will countersign its sessions; unused by any payer.
		/// - `price`: its starting price; at least the minimum per gigabyte.
		/// - `epoch_limit`: most credits its sessions may burn an epoch.
		///
		/// ## Errors
		/// [`Error::TooManyPayers`], [`Error::RoutingKeyInUse`], [`Error::PriceBelowMinimum`],
		/// [`Error::InsufficientBondBalance`].
		///
		/// ## Events
		/// [`Event::PayerApproved`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::approve_payer())]
		pub fn approve_payer(
			origin: OriginFor<T>,
			account: T::AccountId,
			routing_key: DeviceKey,
			name: ShortString,
			bond: BalanceOf<T>,
			price: TrafficPrice,
			epoch_limit: CreditBalance,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_approve_payer(account, routing_key, name, bond, price, epoch_limit).map(|_| ())
		}

		/// Suspend a payer: its sessions are refused until it is resumed.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Errors
		/// [`Error::UnknownPayer`], [`Error::PayerRevoked`], [`Error::PayerAlreadySuspended`].
		///
		/// ## Events
		/// [`Event::PayerSuspended`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::suspend_payer())]
		pub fn suspend_payer(origin: OriginFor<T>, payer: PayerId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_suspended(payer, true)
		}

		/// Resume a suspended payer.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Errors
		/// [`Error::UnknownPayer`], [`Error::PayerRevoked`], [`Error::PayerNotSuspended`].
		///
		/// ## Events
		/// [`Event::PayerResumed`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::suspend_payer())]
		pub fn resume_payer(origin: OriginFor<T>, payer: PayerId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_suspended(payer, false)
		}

		/// Revoke a payer: its bond is released, or paid to `slash_to`; its escrow is released
		/// to its account; its routing key is freed.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Errors
		/// [`Error::UnknownPayer`], [`Error::PayerRevoked`].
		///
		/// ## Events
		/// [`Event::PayerRevoked`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke_payer())]
		pub fn revoke_payer(
			origin: OriginFor<T>,
			payer: PayerId,
			slash_to: Option<T::AccountId>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_revoke_payer(payer, slash_to)
		}

		/// Change the most credits a payer's sessions may burn an epoch.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Errors
		/// [`Error::UnknownPayer`], [`Error::PayerRevoked`].
		///
		/// ## Events
		/// [`Event::PayerLimitSet`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_payer_limit())]
		pub fn set_payer_limit(
			origin: OriginFor<T>,
			payer: PayerId,
			epoch_limit: CreditBalance,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_payer_limit(payer, epoch_limit)
		}

		/// Set the payer's price. An increase applies at once; a decrease after
		/// [`Config::MaxSessionAge`] blocks.
		///
		/// ## Dispatch Origin
		/// Signed by the payer's account.
		///
		/// ## Errors
		/// [`Error::UnknownPayer`], [`Error::PayerRevoked`], [`Error::NotPayerAccount`],
		/// [`Error::PriceBelowMinimum`].
		///
		/// ## Events
		/// [`Event::PriceSet`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_price())]
		pub fn set_price(
			origin: OriginFor<T>,
			payer: PayerId,
			price: TrafficPrice,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_price(&who, payer, price)
		}

		/// Escrow `amount` of the account's spendable credits for the payer's traffic.
		///
		/// ## Dispatch Origin
		/// Signed by the payer's account.
		///
		/// ## Errors
		/// [`Error::UnknownPayer`], [`Error::PayerRevoked`], [`Error::NotPayerAccount`],
		/// [`Error::ZeroAmount`], an insufficient-credits error of the credits ledger.
		///
		/// ## Events
		/// [`Event::EscrowAdded`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::escrow_credits())]
		pub fn escrow_credits(
			origin: OriginFor<T>,
			payer: PayerId,
			amount: CreditBalance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_escrow_credits(&who, payer, amount)
		}

		/// Ask `amount` escrowed credits back. They keep paying for sessions for
		/// [`Config::MaxSessionAge`] blocks (sessions countersigned before are still paid),
		/// then [`Pallet::withdraw_escrow`] releases them.
		///
		/// ## Dispatch Origin
		/// Signed by the payer's account.
		///
		/// ## Errors
		/// [`Error::UnknownPayer`], [`Error::NotPayerAccount`], [`Error::ZeroAmount`],
		/// [`Error::InsufficientEscrow`].
		///
		/// ## Events
		/// [`Event::EscrowUnlocking`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::unlock_escrow())]
		pub fn unlock_escrow(
			origin: OriginFor<T>,
			payer: PayerId,
			amount: CreditBalance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unlock_escrow(&who, payer, amount)
		}

		/// Release the unlocked credits (what sessions left of them) to the account.
		///
		/// ## Dispatch Origin
		/// Signed by the payer's account.
		///
		/// ## Errors
		/// [`Error::UnknownPayer`], [`Error::NotPayerAccount`], [`Error::NothingToWithdraw`].
		///
		/// ## Events
		/// [`Event::EscrowWithdrawn`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::withdraw_escrow())]
		pub fn withdraw_escrow(origin: OriginFor<T>, payer: PayerId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_escrow(&who, payer)
		}

		/// Set the parameters.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Details
		/// The floor and cap apply to epochs whose rewards basis is fixed from then on; the
		/// demand resolution to epochs whose first session comes after.
		///
		/// ## Errors
		/// [`Error::BadRewardBounds`], [`Error::BadDemandResolution`],
		/// [`Error::ZeroMinimumPrice`].
		///
		/// ## Events
		/// [`Event::ParametersSet`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_parameters())]
		pub fn set_parameters(origin: OriginFor<T>, parameters: UsageParameters) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::ensure_parameters_in_bounds(&parameters)?;
			Parameters::<T>::put(parameters);
			Self::deposit_event(Event::ParametersSet { parameters });
			Ok(())
		}
	}
}

/// The longest raw storage key the noting cursor holds: the map's prefix (32 bytes), the epoch
/// (twox64 + 4) and the device id (twox64 + 8).
pub const NOTING_CURSOR_LEN: u32 = 64;

impl<T: Config> Pallet<T> {
	/// Checks `parameters` against the `Config` bounds.
	pub fn ensure_parameters_in_bounds(parameters: &UsageParameters) -> Result<(), Error<T>> {
		ensure!(
			parameters.floor_permille <= parameters.cap_permille
				&& parameters.cap_permille <= T::MaxCapPermille::get(),
			Error::<T>::BadRewardBounds
		);
		ensure!((4..=10).contains(&parameters.demand_resolution), Error::<T>::BadDemandResolution);
		ensure!(parameters.min_price_per_gb > 0, Error::<T>::ZeroMinimumPrice);
		Ok(())
	}

	/// The epoch traffic is being counted for.
	pub fn current_epoch() -> EpochIndex {
		<T::Rewards as depin_primitives::RewardShares<T::AccountId>>::current_epoch()
	}
}
