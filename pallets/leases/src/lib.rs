//! # Leases Pallet
//!
//! The GPU compute marketplace of the DePIN chain (DESIGN.md §6): providers list GPU devices
//! from the registry, tenants post orders that providers bid on or lease a listed device
//! directly, leases are paid from the tenant's credit escrow through the BME pallet, lazily and
//! in bounded steps, for the intervals the device's own key attests it served.
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the dispatchables, storage, events and errors, and
//! [`Pallet::offers_matching`], [`Pallet::quote`], [`Pallet::lease_status`],
//! [`Pallet::leases_of`] and [`Pallet::earnings`] for the reads behind
//! `pallet-leases-runtime-api`.
//!
//! ## Overview
//!
//! - **Offers.** The owner of an `Active` GPU device ([`depin_primitives::DeviceClass::Gpu`])
//!   lists it with [`OfferTerms`]: a price per hour in credits, the shortest and longest lease
//!   term it accepts (blocks) and its [`Region`]. An offer is identified by its device (one
//!   offer a device). Only the device's current owner lists, changes or withdraws it; changing
//!   or withdrawing an offer never touches a running lease.
//! - **Orders and bids.** A tenant posts [`Requirements`] (model, least VRAM per GPU, least GPU
//!   count, region, most credits per hour) and a term of `duration` blocks, and escrows the
//!   whole term at its maximum price: `ceil(max_price_per_hour × duration / BlocksPerHour)`
//!   credits ([`depin_primitives::Credits::escrow`]). Until the order expires
//!   (`order_expiry` blocks), providers bid with devices they own that are `Active`, not
//!   leased, listed (the offer supplies the region and the accepted term range) and meet the
//!   requirements, at or under the maximum price; at most [`Config::MaxBidsPerOrder`] bids an
//!   order, each holding `bid_bond` DPN from the bidder ([`HoldReason::BidBond`]). The tenant
//!   accepts one bid: a lease starts at the bid's price with `ceil(price × duration /
//!   BlocksPerHour)` credits of the order's escrow, the rest of the escrow is released, and
//!   every bid's bond (the winner's too) is released. The tenant may cancel an open order at
//!   any time; anyone may close an expired one with [`Pallet::close_expired_order`]. Both
//!   refund the escrow in full and release every bond (at most `MaxBidsPerOrder`).
//! - **Direct leases.** A tenant leases a listed device with [`Pallet::lease_offer`] for a term
//!   within the offer's range, at the offer's price (refused above the tenant's
//!   `max_price_per_hour`, so a price change cannot surprise it), escrowing a deposit of at
//!   least the offer's shortest term, `ceil(price × min_duration / BlocksPerHour)`. A lease
//!   whose deposit does not cover its term is topped up as it runs.
//! - **One lease a device.** [`ActiveLeaseOf`] maps a device to its open lease; a leased device
//!   can neither be leased nor bid again until the lease closes.
//! - **Service level.** The device's key signs a heartbeat for each interval of the lease's
//!   `heartbeat_period` blocks (SCALE(`b"depin/heartbeat"`, genesis hash, lease id, interval
//!   index), see [`depin_primitives::payloads::heartbeat_payload`]: a heartbeat signed for
//!   another network never verifies), submitted as a general transaction authorized by that
//!   signature (`#[pallet::authorize]`, no fee, one per (lease, interval) in the pool, at
//!   [`Config::HeartbeatPriority`], above any paid transaction). Only intervals
//!   with a heartbeat are billed, in full (from the start of the interval, or from the resume
//!   block when the lease resumed in it). After `max_missed_heartbeats` complete intervals in a
//!   row without one, the lease closes for [`CloseReason::Breach`] on its next touch: the
//!   unused escrow is refunded and `breach_slash` of the device's registry bond is slashed
//!   ([`depin_primitives::DeviceRegistry::slash_bond`]): `breach_tenant_share` of it to the
//!   tenant, the rest to [`Config::Treasury`], so the party who could try to cause a breach
//!   never collects all of it.
//! - **Settlement.** What a lease owes accrues per billable block,
//!   `price_per_hour × blocks / BlocksPerHour` (fractions carried, never rounded away), and is
//!   settled through [`depin_primitives::UsageSettlement::settle`] (BME burns the credits from
//!   the tenant's escrow and mints DPN to the provider less the protocol fee) on every touch:
//!   [`Pallet::top_up`], [`Pallet::heartbeat`], [`Pallet::claim`], [`Pallet::close_lease`],
//!   [`Pallet::force_close_lease`], and `on_idle`, which walks the leases round-robin, at most
//!   `on_idle_batch` a block within the remaining weight.
//! - **Pause, resume, grace.** Escrow never goes negative. When a touch finds the escrow cannot
//!   cover what is owed (or it is empty), it settles what it can and the lease pauses
//!   ([`Event::LeasePaused`]): it accrues nothing and needs no heartbeats. [`Pallet::top_up`]
//!   escrows more, settles the debt and resumes it ([`Event::LeaseResumed`]). A lease paused
//!   for `grace_period` blocks (or whose term ends while paused) closes for
//!   [`CloseReason::InsufficientFunds`]; a debt its escrow could not cover is written off.
//! - **Settlement failures.** When `settle` fails for another reason (no oracle price, the
//!   epoch's mint cap), the debt is kept and retried on the next touch: never lost, never
//!   counted twice. A lease closed with such a debt keeps exactly that much escrowed in a
//!   [`LeaseState::Closed`] record until it settles, then the record is removed.
//! - **Closing.** The tenant closes at any time (settled up to now, the rest refunded). The
//!   provider's close takes effect `notice_period` blocks later ([`Event::LeaseClosing`]; billed
//!   until then). Governance closes with [`Pallet::force_close_lease`]. A lease also closes
//!   when its term ends ([`CloseReason::Completed`]) and when its device is no longer active
//!   ([`CloseReason::DeviceInactive`]), unless a breach was already due: a due breach is found
//!   before any other reason, so retiring or suspending the device never avoids the slash.
//!   Every close emits [`Event::LeaseClosed`] with the
//!   reason, the credits settled over the lease's life and the credits refunded.
//! - **Access details.** The provider of an open lease tells its tenant where and how to reach
//!   the machine with [`Pallet::set_access`]: opaque bytes (at most [`MAX_ACCESS_LEN`]) the
//!   client seals to the tenant's account key, since the chain is public; set again to rotate,
//!   removed with the lease's close ([`LeaseAccess`]).
//! - **Compute availability.** A listed GPU device that nobody leases still earns, for being
//!   available (as Render's and io.net's idle GPUs do): after each window of
//!   [`AvailabilityParameters::period`] blocks (one hour), its key signs a proof of the window
//!   over the hash of the window's last block
//!   ([`depin_primitives::payloads::availability_payload`]), submitted during the next window
//!   as a fee-less general transaction ([`Pallet::prove_availability`]), and its offer's
//!   provider earns one share of the epoch's compute-availability pool through
//!   [`Config::Rewards`]. A window is paid only if the device was `Active`, listed by its owner,
//!   not leased, and idle under the same terms for all of it ([`Availability`]: listing, a
//!   change of terms and a lease starting or closing restart the count), and only if its offer
//!   could be leased: at most `max_price_per_gpu_hour` per GPU and a shortest term of at most
//!   `max_min_duration`. Each window is paid once; a leased device is paid by its tenant
//!   instead. One share a device, whatever GPUs it declares, since the attributes are the
//!   owner's word.
//! - **Devices leaving service.** The pallet implements [`depin_primitives::DeviceObserver`]:
//!   when the runtime adds it to the registry's observers, a suspended, retired or removed
//!   device's lease closes at once with [`CloseReason::DeviceInactive`] (no slash; intervals
//!   after its last heartbeat are not billed anyway). Without that wiring the lease closes the
//!   same way on its next touch (`on_idle` visits every lease in turn), and the device refuses
//!   heartbeats meanwhile.
//!
//! ## Parameters
//!
//! [`LeaseParameters`] in [`Parameters`], set at genesis and by [`Pallet::set_parameters`]
//! (governance) within bounds the pallet checks, each with a named error:
//!
//! | parameter | default | bounds |
//! |---|---|---|
//! | `heartbeat_period` | 100 blocks | [`MIN_HEARTBEAT_PERIOD`]..=[`MAX_HEARTBEAT_PERIOD`] |
//! | `max_missed_heartbeats` | 3 | 1..=[`MAX_MISSED_HEARTBEATS`] |
//! | `grace_period` | 600 blocks | 0..=[`MAX_PERIOD`] |
//! | `notice_period` | 600 blocks | 0..=[`MAX_PERIOD`] |
//! | `order_expiry` | 600 blocks | [`MIN_ORDER_EXPIRY`]..=[`MAX_PERIOD`] |
//! | `bid_bond` | 0 (set at genesis) | 0..=[`Config::MaxBidBond`] |
//! | `order_deposit` | 0 (set at genesis) | 0..=[`Config::MaxBidBond`] |
//! | `breach_slash` | 10 % | 0..=[`MAX_BREACH_SLASH_PERCENT`] % |
//! | `breach_tenant_share` | 50 % | 0..=100 % |
//! | `on_idle_batch` | 10 | 1..=[`MAX_ON_IDLE_BATCH`] |
//!
//! [`AvailabilityParameters`] in [`AvailabilityParams`], set by
//! [`Pallet::set_availability_parameters`] (governance):
//!
//! | parameter | default | bounds |
//! |---|---|---|
//! | `period` | `BlocksPerHour` (one hour) | [`MIN_HEARTBEAT_PERIOD`]..`BlockHashCount` |
//! | `max_price_per_gpu_hour` | 400,000 credits (4 USD) | any |
//! | `max_min_duration` | 24 × `BlocksPerHour` (one day) | any |
//!
//! ## Low Level / Implementation Details
//!
//! - Lease accrual keeps `accrued_to`, `owed` and `carry` (see [`Lease`]). A heartbeat for the
//!   current interval first accrues up to now under the old heartbeat, then bills the part of
//!   its own interval already passed, so an interval is billed exactly once whatever the order
//!   of touches.
//! - Missed intervals are counted from `counting_from` (one after the last heartbeat, or one
//!   after the interval the lease started or resumed in), so the breach block is
//!   `started_at + (counting_from + max_missed_heartbeats) × heartbeat_period`, checked in O(1)
//!   on every touch.
//! - The `on_idle` cursor ([`IdleCursor`]) is the last lease visited; the walk continues after
//!   it in storage order and wraps to the start. Each visit runs in its own storage layer, so a
//!   lease whose touch fails is skipped and left unchanged.
//! - Offers, orders and bids are plain maps; orders keep their bids in one bounded vector
//!   ([`Bids`]). A provider's leases are indexed in [`LeasesOf`] for paged reads.
//! - The invariants are written in [`Pallet::do_try_state`] and checked after every unit test.
//!
//! ## Assumptions
//!
//! - [`Config::Credits`] escrow is used for leases by this pallet only, so a tenant's escrowed
//!   credits equal its orders' and open (or closed, unsettled) leases' escrows.
//! - [`Config::Settlement`] burns exactly the credits it is asked to from the payer's escrow,
//!   or fails changing nothing (the trait's contract).
//! - [`Config::Registry`] reports devices' owners, keys, status, GPUs and bonds truthfully, and
//!   its `slash_bond` pays the beneficiary.
//! - The runtime's transaction extensions include `frame_system::AuthorizeCall`; authorization
//!   runs again when a heartbeat is applied in a block.
//! - Region codes are free-form and self-declared by providers, like the rest of an offer.
//! - An order's escrow is bounded only by the tenant's credits; posting an order costs a
//!   transaction fee and locks the escrow until it is accepted, cancelled or expired.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod features;
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

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use depin_primitives::{
	CreditBalance, Credits, DeviceId, DeviceRegistry, DeviceSignature, RewardShares,
	UsageSettlement,
};
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::fungible::{Inspect, Mutate, MutateHold},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	traits::{Get, Saturating, Zero},
	DispatchError, Perbill,
};

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::leases";

/// Shortest heartbeat period governance may set, in blocks (one minute).
pub const MIN_HEARTBEAT_PERIOD: u32 = 10;
/// Longest heartbeat period governance may set, in blocks (one day).
pub const MAX_HEARTBEAT_PERIOD: u32 = 14_400;
/// Most missed heartbeats in a row governance may allow before a breach.
pub const MAX_MISSED_HEARTBEATS: u32 = 100;
/// Longest grace, notice or order expiry period governance may set, in blocks (one week).
pub const MAX_PERIOD: u32 = 100_800;
/// Shortest order expiry governance may set, in blocks (one minute).
pub const MIN_ORDER_EXPIRY: u32 = 10;
/// Highest breach slash governance may set, in percent of the device's bond.
pub const MAX_BREACH_SLASH_PERCENT: u32 = 50;
/// Most leases `on_idle` may be set to settle in one block.
pub const MAX_ON_IDLE_BATCH: u32 = 100;
/// Highest price per hour an offer, bid or order may name, in credits (10¹⁸ credits, ten
/// trillion USD an hour): keeps every accrual far from overflow.
pub const MAX_PRICE_PER_HOUR: CreditBalance = 1_000_000_000_000_000_000;
/// The most bytes of access details a lease holds (see [`Pallet::set_access`]): an endpoint
/// or a manifest hash sealed to the tenant, with its ephemeral key, nonce and tag.
pub const MAX_ACCESS_LEN: u32 = 512;

/// A lease's access details as the chain stores them: opaque bytes, at most
/// [`MAX_ACCESS_LEN`].
pub type SealedAccess =
	frame_support::BoundedVec<u8, frame_support::traits::ConstU32<MAX_ACCESS_LEN>>;

/// The native token's balance type.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// An offer as this runtime stores it.
pub type OfferOf<T> = Offer<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
/// Offer terms as this runtime takes them.
pub type OfferTermsOf<T> = OfferTerms<BlockNumberFor<T>>;
/// An order as this runtime stores it.
pub type OrderOf<T> =
	Order<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
/// A bid as this runtime stores it.
pub type BidOf<T> = Bid<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// A lease as this runtime stores it.
pub type LeaseOf<T> = Lease<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
/// A lease's status as the runtime API reports it.
pub type LeaseStatusOf<T> = LeaseStatus<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
/// The parameters as this runtime stores them.
pub type ParametersOf<T> = LeaseParameters<BalanceOf<T>, BlockNumberFor<T>>;
/// The availability parameters as this runtime stores them.
pub type AvailabilityParametersOf<T> = AvailabilityParameters<BlockNumberFor<T>>;

/// Runtime-specific setup the benchmarks need and the pallet cannot do through its traits.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an `Active` GPU device with `key`, owned by `owner`, whose GPUs meet
	/// `benchmark_requirements` (model `b"H100"`, 80 GiB, 8 GPUs), with a registry bond, and
	/// returns its id.
	fn register_gpu(owner: &AccountId, key: depin_primitives::DeviceKey) -> DeviceId;

	/// Gives `who` at least `amount` spendable credits.
	fn fund_credits(who: &AccountId, amount: CreditBalance);

	/// Makes [`depin_primitives::UsageSettlement::settle`] succeed (for example by feeding the
	/// oracle a price).
	fn enable_settlement();
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

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native token (DPN), in which bid bonds are held.
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason, which this pallet's [`HoldReason`] converts into.
		type RuntimeHoldReason: From<HoldReason>;

		/// The credits ledger that tenants' escrows live in (the BME pallet).
		type Credits: Credits<Self::AccountId>;

		/// Pays providers for used service: burns the tenant's escrowed credits and mints DPN
		/// (the BME pallet).
		type Settlement: UsageSettlement<Self::AccountId>;

		/// The device registry: GPU devices' owners, keys, status, attributes and bonds.
		type Registry: DeviceRegistry<Self::AccountId, Balance = BalanceOf<Self>>;

		/// Where listed, idle GPU devices' compute-availability shares are noted (the BME
		/// pallet, which pays the pool of each epoch pro rata).
		type Rewards: RewardShares<Self::AccountId>;

		/// The origin that force-closes leases and sets the parameters.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The treasury's account: receives the part of a breach slash not paid to the tenant.
		type Treasury: Get<Self::AccountId>;

		/// Blocks in an hour, the unit of prices (600 with 6-second blocks).
		#[pallet::constant]
		type BlocksPerHour: Get<u32>;

		/// Most bids one order may have (20).
		#[pallet::constant]
		type MaxBidsPerOrder: Get<u32>;

		/// The transaction-pool priority of a heartbeat and of an availability proof. Above any
		/// paid transaction's (the runtime uses `TransactionPriority::MAX`), so a tenant who
		/// floods blocks with paid transactions cannot make the provider's heartbeats miss and
		/// collect a breach slash.
		#[pallet::constant]
		type HeartbeatPriority: Get<TransactionPriority>;

		/// Highest bid bond governance may set.
		#[pallet::constant]
		type MaxBidBond: Get<BalanceOf<Self>>;

		/// Most entries one page of a runtime API listing returns.
		#[pallet::constant]
		type MaxPageSize: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Runtime-specific setup for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Why this pallet holds DPN.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A provider's bond on an open bid.
		BidBond,
		/// A tenant's deposit on an open order: the storage an order takes is paid for while
		/// it stands, and returned when it is filled, cancelled or closed after expiry.
		OrderDeposit,
	}

	/// The parameters used when nothing was set at genesis.
	#[pallet::type_value]
	pub fn DefaultParameters<T: Config>() -> ParametersOf<T> {
		LeaseParameters {
			heartbeat_period: 100u32.into(),
			max_missed_heartbeats: 3,
			grace_period: 600u32.into(),
			notice_period: 600u32.into(),
			order_expiry: 600u32.into(),
			bid_bond: Zero::zero(),
			order_deposit: Zero::zero(),
			breach_slash: Perbill::from_percent(10),
			breach_tenant_share: Perbill::from_percent(50),
			on_idle_batch: 10,
		}
	}

	/// Heartbeat period, breach, grace, notice, expiry, bond, slash and `on_idle` batch.
	#[pallet::storage]
	pub type Parameters<T: Config> =
		StorageValue<_, ParametersOf<T>, ValueQuery, DefaultParameters<T>>;

	/// The availability parameters used when governance has set none: one-hour windows, four
	/// USD per GPU-hour, a shortest term of at most one day.
	#[pallet::type_value]
	pub fn DefaultAvailabilityParameters<T: Config>() -> AvailabilityParametersOf<T> {
		let hour = T::BlocksPerHour::get();
		AvailabilityParameters {
			period: hour.into(),
			max_price_per_gpu_hour: 400_000,
			max_min_duration: hour.saturating_mul(24).into(),
		}
	}

	/// The window length and the terms an offer must keep to earn availability shares.
	#[pallet::storage]
	pub type AvailabilityParams<T: Config> =
		StorageValue<_, AvailabilityParametersOf<T>, ValueQuery, DefaultAvailabilityParameters<T>>;

	/// Since when each listed device has been idle under its terms, and the windows it was paid
	/// for. Written when it is listed, its terms change and its leases start and close; removed
	/// with its offer. An offer listed before this record existed counts as idle since genesis.
	// TWOX-NOTE: device ids come from the registry's counter.
	#[pallet::storage]
	pub type Availability<T: Config> =
		StorageMap<_, Twox64Concat, DeviceId, OfferAvailability<BlockNumberFor<T>>>;

	/// Listed devices. At most one offer a device; bounded by the registered GPU devices.
	// TWOX-NOTE: device ids come from the registry's counter, users cannot choose them.
	#[pallet::storage]
	pub type Offers<T: Config> = StorageMap<_, Twox64Concat, DeviceId, OfferOf<T>>;

	/// The id the next order gets.
	#[pallet::storage]
	pub type NextOrderId<T> = StorageValue<_, OrderId, ValueQuery>;

	/// Open orders. Each holds its escrow; removed when accepted, cancelled or closed expired.
	// TWOX-NOTE: order ids come from a counter.
	#[pallet::storage]
	pub type Orders<T: Config> = StorageMap<_, Twox64Concat, OrderId, OrderOf<T>>;

	/// The bids of each open order, at most [`Config::MaxBidsPerOrder`].
	// TWOX-NOTE: order ids come from a counter.
	#[pallet::storage]
	pub type Bids<T: Config> =
		StorageMap<_, Twox64Concat, OrderId, BoundedVec<BidOf<T>, T::MaxBidsPerOrder>, ValueQuery>;

	/// The id the next lease gets.
	#[pallet::storage]
	pub type NextLeaseId<T> = StorageValue<_, LeaseId, ValueQuery>;

	/// Open leases, and closed ones until their last settlement succeeds.
	// TWOX-NOTE: lease ids come from a counter.
	#[pallet::storage]
	pub type LeaseRecords<T: Config> = StorageMap<_, Twox64Concat, LeaseId, LeaseOf<T>>;

	/// The open (active or paused) lease of each leased device: a device is never leased twice
	/// at once.
	// TWOX-NOTE: device ids come from the registry's counter.
	#[pallet::storage]
	pub type ActiveLeaseOf<T: Config> = StorageMap<_, Twox64Concat, DeviceId, LeaseId>;

	/// The leases (stored records) of each provider, for paged reads.
	// TWOX-NOTE: the second key is a lease id from a counter; the provider is hashed with blake2.
	#[pallet::storage]
	pub type LeasesOf<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, LeaseId, (), OptionQuery>;

	/// Each open lease's access details (an endpoint or a manifest hash), sealed by its provider
	/// to its tenant's key ([`Pallet::set_access`]); removed when the lease closes.
	// TWOX-NOTE: lease ids come from a counter.
	#[pallet::storage]
	pub type LeaseAccess<T: Config> = StorageMap<_, Twox64Concat, LeaseId, SealedAccess>;

	/// Credits settled to each provider over all its leases.
	#[pallet::storage]
	pub type ProviderEarnings<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, CreditBalance, ValueQuery>;

	/// The last lease `on_idle` visited; the next visit starts after it.
	#[pallet::storage]
	pub type IdleCursor<T> = StorageValue<_, LeaseId, OptionQuery>;

	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The parameters in force from genesis.
		pub parameters: ParametersOf<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self { parameters: DefaultParameters::<T>::get() }
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A broken genesis must stop the chain from starting, so this panics.
			if let Err(error) = Pallet::<T>::ensure_parameters_in_bounds(&self.parameters) {
				panic!("leases genesis parameters out of bounds: {error:?}");
			}
			Parameters::<T>::put(self.parameters);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A device was listed.
		OfferListed {
			/// The device (and offer id).
			device: DeviceId,
			/// Its owner.
			provider: T::AccountId,
			/// The terms.
			terms: OfferTermsOf<T>,
		},
		/// A listed device's terms changed; running leases keep theirs.
		OfferUpdated {
			/// The device.
			device: DeviceId,
			/// The new terms.
			terms: OfferTermsOf<T>,
		},
		/// A device's offer was withdrawn; running leases continue.
		OfferWithdrawn {
			/// The device.
			device: DeviceId,
		},
		/// A tenant posted an order and escrowed its credits.
		OrderCreated {
			/// The new order's id.
			order: OrderId,
			/// The tenant.
			tenant: T::AccountId,
			/// Credits escrowed.
			escrow: CreditBalance,
			/// DPN held from the tenant while the order stands.
			deposit: BalanceOf<T>,
			/// The first block at which it no longer takes bids.
			expires_at: BlockNumberFor<T>,
		},
		/// The tenant cancelled an order; its escrow was refunded and its bids released.
		OrderCancelled {
			/// The order.
			order: OrderId,
			/// Credits released to the tenant.
			refunded: CreditBalance,
			/// Bids whose bonds were released.
			bids_released: u32,
		},
		/// An expired order was closed; its escrow was refunded and its bids released.
		OrderExpired {
			/// The order.
			order: OrderId,
			/// Credits released to the tenant.
			refunded: CreditBalance,
			/// Bids whose bonds were released.
			bids_released: u32,
		},
		/// A provider bid on an order.
		BidPlaced {
			/// The order.
			order: OrderId,
			/// The device offered.
			device: DeviceId,
			/// The bidder.
			provider: T::AccountId,
			/// The price asked, credits per hour.
			price_per_hour: CreditBalance,
			/// DPN held.
			bond: BalanceOf<T>,
		},
		/// A provider withdrew its bid; its bond was released.
		BidWithdrawn {
			/// The order.
			order: OrderId,
			/// The device.
			device: DeviceId,
		},
		/// The tenant accepted a bid: the order became a lease and every bond was released.
		OrderFilled {
			/// The order, now removed.
			order: OrderId,
			/// The lease it became.
			lease: LeaseId,
			/// The winning device.
			device: DeviceId,
			/// Order escrow above the lease's that was released to the tenant.
			refunded: CreditBalance,
			/// Bids whose bonds were released, the winner's included.
			bids_released: u32,
		},
		/// A lease started.
		LeaseStarted {
			/// The new lease's id.
			lease: LeaseId,
			/// The tenant.
			tenant: T::AccountId,
			/// The provider.
			provider: T::AccountId,
			/// The device.
			device: DeviceId,
			/// Credits per hour.
			price_per_hour: CreditBalance,
			/// Credits escrowed for it.
			escrow: CreditBalance,
			/// The block its term ends at.
			ends_at: BlockNumberFor<T>,
		},
		/// A device attested an interval of its lease.
		HeartbeatReceived {
			/// The lease.
			lease: LeaseId,
			/// The interval attested.
			interval: IntervalIndex,
		},
		/// Owed credits were settled: burned from the tenant's escrow and paid in DPN by BME.
		LeaseSettled {
			/// The lease.
			lease: LeaseId,
			/// Credits settled.
			credits: CreditBalance,
		},
		/// A settlement failed for a reason other than funds (no price, mint cap); the debt is
		/// kept and retried on the next touch.
		SettlementDeferred {
			/// The lease.
			lease: LeaseId,
			/// Credits owed and not settled.
			owed: CreditBalance,
		},
		/// A lease's escrow could not cover what it owes: it paused and accrues nothing until
		/// the tenant tops it up, within the grace period.
		LeasePaused {
			/// The lease.
			lease: LeaseId,
			/// Credits owed beyond the escrow.
			shortfall: CreditBalance,
			/// The block it closes at unless topped up.
			closes_at: BlockNumberFor<T>,
		},
		/// The tenant escrowed more credits for a lease.
		LeaseToppedUp {
			/// The lease.
			lease: LeaseId,
			/// Credits added.
			amount: CreditBalance,
		},
		/// A paused lease was topped up and runs again.
		LeaseResumed {
			/// The lease.
			lease: LeaseId,
		},
		/// The provider gave notice: the lease closes at `closes_at`.
		LeaseClosing {
			/// The lease.
			lease: LeaseId,
			/// The block it closes at.
			closes_at: BlockNumberFor<T>,
		},
		/// A lease closed.
		LeaseClosed {
			/// The lease.
			lease: LeaseId,
			/// Why.
			reason: CloseReason,
			/// Credits settled over the lease's life.
			settled: CreditBalance,
			/// Unused credits released to the tenant.
			refunded: CreditBalance,
		},
		/// Part of a breaching device's registry bond was slashed: `breach_tenant_share` of it to
		/// the tenant, the rest to the treasury.
		ProviderSlashed {
			/// The lease.
			lease: LeaseId,
			/// The device.
			device: DeviceId,
			/// DPN paid to the tenant.
			to_tenant: BalanceOf<T>,
			/// DPN paid to the treasury.
			to_treasury: BalanceOf<T>,
		},
		/// Governance set new parameters.
		ParametersSet {
			/// The parameters now in force.
			parameters: ParametersOf<T>,
		},
		/// A listed device proved it was idle and available through a window; its provider
		/// earned one compute-availability share for it.
		AvailabilityProven {
			/// The device.
			device: DeviceId,
			/// Its offer's provider, who earned the share.
			provider: T::AccountId,
			/// The window proven.
			window: WindowIndex,
		},
		/// Governance set new availability parameters.
		AvailabilityParametersSet {
			/// The parameters now in force.
			parameters: AvailabilityParametersOf<T>,
		},
		/// A lease's provider set (or replaced) its access details for the tenant.
		AccessSet {
			/// The lease.
			lease: LeaseId,
			/// How many bytes the sealed details take.
			bytes: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No device has this id in the registry.
		UnknownDevice,
		/// Only the device's owner may do this.
		NotDeviceOwner,
		/// The device is not a GPU device; only GPU devices are leased.
		NotGpuDevice,
		/// The device is suspended or retired; only `Active` devices are listed, bid and leased.
		DeviceNotActive,
		/// The device is already listed; change its offer with `update_offer`.
		AlreadyListed,
		/// The device has no offer. List it first (bids need the offer's region and terms).
		NotListed,
		/// The device changed owner since it was listed; the new owner must list it again.
		OfferOwnerChanged,
		/// The price must be above zero and at most [`MAX_PRICE_PER_HOUR`].
		InvalidPrice,
		/// Durations must be at least one block, and the shortest at most the longest.
		InvalidDuration,
		/// The region code must not be empty.
		InvalidRegion,
		/// The requirements need at least one GPU.
		InvalidRequirements,
		/// The term is outside the offer's shortest..=longest duration.
		DurationOutOfRange,
		/// The price is above the maximum the tenant accepts.
		PriceAboveMaximum,
		/// The deposit is below the offer's shortest term at its price,
		/// `ceil(price × min_duration / BlocksPerHour)`.
		DepositTooLow,
		/// The account has fewer spendable credits than this needs. Buy credits by burning DPN.
		InsufficientCredits,
		/// A device cannot be leased to, or bid on an order of, its own owner.
		OwnDevice,
		/// The device is already leased; wait until its lease closes.
		DeviceBusy,
		/// No order has this id (it may have been accepted, cancelled or closed).
		UnknownOrder,
		/// Only the order's tenant may do this.
		NotTenant,
		/// The order has expired: it takes and accepts no bids. Close it with
		/// `close_expired_order` to refund it.
		OrderExpired,
		/// The order has not expired yet; only its tenant may cancel it before then.
		OrderNotExpired,
		/// The device does not meet the order's requirements (model, VRAM, GPU count, region,
		/// or the term is outside its offer's durations).
		RequirementsNotMet,
		/// The order already has [`Config::MaxBidsPerOrder`] bids.
		TooManyBids,
		/// This device already bid on the order.
		AlreadyBid,
		/// No bid on this order offers this device.
		UnknownBid,
		/// Only the bidder may withdraw its bid.
		NotBidder,
		/// The bidder's free balance cannot hold the bid bond (the existential deposit must
		/// stay). Fund the account.
		InsufficientBondBalance,
		/// The bidder no longer owns the device; accept another bid.
		BidderNotOwner,
		/// No lease has this id (it may have closed and been removed).
		UnknownLease,
		/// The lease is closed (its record only awaits a settlement).
		LeaseClosed,
		/// Only the lease's tenant may do this.
		NotLeaseTenant,
		/// Only the lease's provider may do this.
		NotLeaseProvider,
		/// Only the lease's tenant or provider may close it.
		NotLeaseParty,
		/// The provider already gave notice; the lease closes at the block in `LeaseClosing`.
		AlreadyClosing,
		/// The amount must be above zero.
		ZeroAmount,
		/// The lease is paused: it takes no heartbeats until the tenant tops it up.
		LeasePaused,
		/// The lease's term (or the provider's notice) is over; it closes on its next touch.
		LeaseEnded,
		/// The device missed too many heartbeats; the lease closes for breach on its next
		/// touch.
		LeaseInBreach,
		/// A heartbeat must name the current interval, `(now − started_at) / heartbeat_period`.
		WrongInterval,
		/// This interval already has a heartbeat.
		DuplicateHeartbeat,
		/// The heartbeat signature does not verify with the device's key over
		/// SCALE(`b"depin/heartbeat"`, lease id, interval).
		BadHeartbeatSignature,
		/// A credit amount would overflow.
		Overflow,
		/// `heartbeat_period` must be within [`MIN_HEARTBEAT_PERIOD`]..=[`MAX_HEARTBEAT_PERIOD`].
		HeartbeatPeriodOutOfRange,
		/// `max_missed_heartbeats` must be within 1..=[`MAX_MISSED_HEARTBEATS`].
		MaxMissedOutOfRange,
		/// `grace_period` and `notice_period` must be at most [`MAX_PERIOD`].
		PeriodTooLong,
		/// `order_expiry` must be within [`MIN_ORDER_EXPIRY`]..=[`MAX_PERIOD`].
		OrderExpiryOutOfRange,
		/// `bid_bond` is above [`Config::MaxBidBond`].
		BidBondTooHigh,
		/// `order_deposit` is above [`Config::MaxBidBond`].
		OrderDepositTooHigh,
		/// The tenant's free balance cannot hold the order deposit (the existential deposit
		/// must stay). Fund the account.
		InsufficientDepositBalance,
		/// `breach_slash` is above [`MAX_BREACH_SLASH_PERCENT`] %.
		BreachSlashTooHigh,
		/// `on_idle_batch` must be within 1..=[`MAX_ON_IDLE_BATCH`].
		OnIdleBatchOutOfRange,
		/// The offer asks more than `max_price_per_gpu_hour` per GPU, or a shortest term above
		/// `max_min_duration`: it earns no availability shares. Lower its terms.
		OfferNotEligible,
		/// The device was not idle under its current terms for the whole window: it was listed,
		/// its terms changed, or a lease of it started or closed after the window began.
		NotIdleThroughWindow,
		/// Only the window that ended last may be proven, during the window after it.
		WrongWindow,
		/// The device was already paid for this window.
		AvailabilityAlreadyProven,
		/// The signature is not the device key's over the availability payload.
		BadAvailabilitySignature,
		/// The availability window must be within [`MIN_HEARTBEAT_PERIOD`] blocks and the
		/// blocks whose hashes the chain keeps (`frame_system`'s `BlockHashCount`), less one.
		AvailabilityPeriodOutOfRange,
		/// Access details must not be empty.
		EmptyAccess,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Settles leases round-robin, at most `on_idle_batch` within the remaining weight.
		fn on_idle(_n: BlockNumberFor<T>, remaining_weight: Weight) -> Weight {
			let mut meter = frame_support::weights::WeightMeter::with_limit(remaining_weight);
			Self::settle_idle(&mut meter, Parameters::<T>::get().on_idle_batch);
			meter.consumed()
		}

		fn integrity_test() {
			assert!(T::BlocksPerHour::get() > 0, "BlocksPerHour must be positive");
			assert!(T::MaxBidsPerOrder::get() > 0, "MaxBidsPerOrder must be positive");
			assert!(T::MaxPageSize::get() > 0, "MaxPageSize must be positive");
			assert!(
				Pallet::<T>::ensure_parameters_in_bounds(&DefaultParameters::<T>::get()).is_ok(),
				"the default parameters must be within the bounds"
			);
			assert!(
				Pallet::<T>::ensure_availability_parameters_in_bounds(
					&DefaultAvailabilityParameters::<T>::get()
				)
				.is_ok(),
				"the default availability window must be shorter than BlockHashCount"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// List a GPU device for lease.
		///
		/// ## Dispatch Origin
		/// Signed by the device's owner.
		///
		/// ## Details
		/// - `device`: an `Active` GPU device of the caller, not listed yet.
		/// - `terms`: price per hour (1..=[`MAX_PRICE_PER_HOUR`] credits), shortest and longest
		///   term (blocks, 1 ≤ min ≤ max) and a non-empty region.
		///
		/// ## Errors
		/// [`Error::UnknownDevice`], [`Error::NotDeviceOwner`], [`Error::NotGpuDevice`],
		/// [`Error::DeviceNotActive`], [`Error::AlreadyListed`], [`Error::InvalidPrice`],
		/// [`Error::InvalidDuration`], [`Error::InvalidRegion`].
		///
		/// ## Events
		/// [`Event::OfferListed`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::list_offer())]
		pub fn list_offer(
			origin: OriginFor<T>,
			device: DeviceId,
			terms: OfferTermsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_list_offer(who, device, terms)
		}

		/// Change a listed device's terms. Running leases keep their terms.
		///
		/// ## Dispatch Origin
		/// Signed by the device's owner (also after a transfer, which makes it the offer's
		/// provider).
		///
		/// ## Errors
		/// [`Error::NotListed`], [`Error::UnknownDevice`], [`Error::NotDeviceOwner`],
		/// [`Error::InvalidPrice`], [`Error::InvalidDuration`], [`Error::InvalidRegion`].
		///
		/// ## Events
		/// [`Event::OfferUpdated`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_offer())]
		pub fn update_offer(
			origin: OriginFor<T>,
			device: DeviceId,
			terms: OfferTermsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_offer(who, device, terms)
		}

		/// Withdraw a device's offer. A running lease continues.
		///
		/// ## Dispatch Origin
		/// Signed by the device's owner; anyone when the device is no longer registered.
		///
		/// ## Errors
		/// [`Error::NotListed`], [`Error::NotDeviceOwner`].
		///
		/// ## Events
		/// [`Event::OfferWithdrawn`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw_offer())]
		pub fn withdraw_offer(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_offer(who, device)
		}

		/// Lease a listed device directly, at its offer's price.
		///
		/// ## Dispatch Origin
		/// Signed by the tenant.
		///
		/// ## Details
		/// - `device`: a listed, `Active`, unleased device of another account, still owned by
		///   its offer's provider.
		/// - `duration`: the term in blocks, within the offer's shortest..=longest.
		/// - `deposit`: credits to escrow, at least `ceil(price × min_duration /
		///   BlocksPerHour)`; top up later if it does not cover the term.
		/// - `max_price_per_hour`: the most the tenant accepts; refused if the offer's price is
		///   higher.
		///
		/// ## Errors
		/// [`Error::NotListed`], [`Error::UnknownDevice`], [`Error::DeviceNotActive`],
		/// [`Error::OfferOwnerChanged`], [`Error::OwnDevice`], [`Error::DeviceBusy`],
		/// [`Error::DurationOutOfRange`], [`Error::PriceAboveMaximum`],
		/// [`Error::DepositTooLow`], [`Error::InsufficientCredits`], [`Error::Overflow`].
		///
		/// ## Events
		/// [`Event::LeaseStarted`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::lease_offer())]
		pub fn lease_offer(
			origin: OriginFor<T>,
			device: DeviceId,
			duration: BlockNumberFor<T>,
			deposit: CreditBalance,
			max_price_per_hour: CreditBalance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_lease_offer(who, device, duration, deposit, max_price_per_hour).map(|_| ())
		}

		/// Post an order and escrow the whole term at the maximum price,
		/// `ceil(max_price_per_hour × duration / BlocksPerHour)` credits; `order_deposit` DPN is
		/// held from the tenant until the order is filled, cancelled or closed after expiry.
		///
		/// ## Dispatch Origin
		/// Signed by the tenant.
		///
		/// ## Details
		/// - `requirements`: model (optional), least VRAM per GPU, least GPU count (≥ 1),
		///   region (optional), most credits per hour (1..=[`MAX_PRICE_PER_HOUR`]).
		/// - `duration`: the lease term wanted, in blocks (≥ 1).
		///
		/// ## Errors
		/// [`Error::InvalidRequirements`], [`Error::InvalidPrice`], [`Error::InvalidDuration`],
		/// [`Error::InsufficientCredits`], [`Error::InsufficientDepositBalance`],
		/// [`Error::Overflow`].
		///
		/// ## Events
		/// [`Event::OrderCreated`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::create_order())]
		pub fn create_order(
			origin: OriginFor<T>,
			requirements: Requirements,
			duration: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_create_order(who, requirements, duration).map(|_| ())
		}

		/// Cancel an open order: its escrow is refunded and every bid's bond released.
		///
		/// ## Dispatch Origin
		/// Signed by the order's tenant.
		///
		/// ## Errors
		/// [`Error::UnknownOrder`], [`Error::NotTenant`].
		///
		/// ## Events
		/// [`Event::OrderCancelled`].
		///
		/// ## Weight
		/// At most [`Config::MaxBidsPerOrder`] bonds released.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::cancel_order(T::MaxBidsPerOrder::get()))]
		pub fn cancel_order(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_cancel_order(Some(who), order)
		}

		/// Bid on an order with one of the caller's devices, holding the bid bond.
		///
		/// ## Dispatch Origin
		/// Signed by the device's owner.
		///
		/// ## Details
		/// - `device`: an `Active`, unleased GPU device of the caller, listed by it, meeting the
		///   order's requirements, and accepting the order's term.
		/// - `price_per_hour`: at most the order's maximum, above zero.
		///
		/// ## Errors
		/// [`Error::UnknownOrder`], [`Error::OrderExpired`], [`Error::UnknownDevice`],
		/// [`Error::NotDeviceOwner`], [`Error::NotGpuDevice`], [`Error::DeviceNotActive`],
		/// [`Error::OwnDevice`], [`Error::DeviceBusy`], [`Error::NotListed`],
		/// [`Error::OfferOwnerChanged`], [`Error::RequirementsNotMet`],
		/// [`Error::InvalidPrice`], [`Error::PriceAboveMaximum`], [`Error::AlreadyBid`],
		/// [`Error::TooManyBids`], [`Error::InsufficientBondBalance`].
		///
		/// ## Events
		/// [`Event::BidPlaced`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::place_bid())]
		pub fn place_bid(
			origin: OriginFor<T>,
			order: OrderId,
			device: DeviceId,
			price_per_hour: CreditBalance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_place_bid(who, order, device, price_per_hour)
		}

		/// Withdraw a bid; its bond is released.
		///
		/// ## Dispatch Origin
		/// Signed by the bidder.
		///
		/// ## Errors
		/// [`Error::UnknownOrder`], [`Error::UnknownBid`], [`Error::NotBidder`].
		///
		/// ## Events
		/// [`Event::BidWithdrawn`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::withdraw_bid())]
		pub fn withdraw_bid(
			origin: OriginFor<T>,
			order: OrderId,
			device: DeviceId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_bid(who, order, device)
		}

		/// Accept a bid: the lease starts at the bid's price, the order's surplus escrow is
		/// refunded and every bond is released.
		///
		/// ## Dispatch Origin
		/// Signed by the order's tenant.
		///
		/// ## Errors
		/// [`Error::UnknownOrder`], [`Error::NotTenant`], [`Error::OrderExpired`],
		/// [`Error::UnknownBid`], [`Error::DeviceNotActive`], [`Error::BidderNotOwner`],
		/// [`Error::DeviceBusy`], [`Error::Overflow`].
		///
		/// ## Events
		/// [`Event::LeaseStarted`], [`Event::OrderFilled`].
		///
		/// ## Weight
		/// At most [`Config::MaxBidsPerOrder`] bonds released.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::accept_bid(T::MaxBidsPerOrder::get()))]
		pub fn accept_bid(
			origin: OriginFor<T>,
			order: OrderId,
			device: DeviceId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_accept_bid(who, order, device).map(|_| ())
		}

		/// Close an expired order: its escrow is refunded to the tenant in full and every bid's
		/// bond released.
		///
		/// ## Dispatch Origin
		/// Signed by anyone.
		///
		/// ## Errors
		/// [`Error::UnknownOrder`], [`Error::OrderNotExpired`].
		///
		/// ## Events
		/// [`Event::OrderExpired`].
		///
		/// ## Weight
		/// At most [`Config::MaxBidsPerOrder`] bonds released.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::close_expired_order(T::MaxBidsPerOrder::get()))]
		pub fn close_expired_order(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_cancel_order(None, order)
		}

		/// Escrow more credits for a lease; settles what it owes and resumes it if paused.
		///
		/// If the lease has already ended (term, breach, grace, device inactive), this closes
		/// it instead: what it owes is settled (from the top-up too) and the rest of its escrow
		/// refunded; the call still succeeds so the close is kept.
		///
		/// ## Dispatch Origin
		/// Signed by the lease's tenant.
		///
		/// ## Errors
		/// [`Error::ZeroAmount`], [`Error::UnknownLease`], [`Error::NotLeaseTenant`],
		/// [`Error::LeaseClosed`], [`Error::InsufficientCredits`], [`Error::Overflow`].
		///
		/// ## Events
		/// [`Event::LeaseToppedUp`], [`Event::LeaseSettled`], [`Event::LeaseResumed`], or the
		/// close events.
		#[pallet::call_index(10)]
		#[pallet::weight(Pallet::<T>::closing_weight(T::WeightInfo::top_up()))]
		pub fn top_up(
			origin: OriginFor<T>,
			lease: LeaseId,
			amount: CreditBalance,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_top_up(who, lease, amount)
		}

		/// A device's attestation that it serves the current interval of its lease.
		///
		/// ## Dispatch Origin
		/// `Authorized`: a general transaction authorized by the device-key signature (see
		/// [`Pallet::authorize_heartbeat`]); no account signs and no fee is paid.
		///
		/// ## Details
		/// - `interval`: the current interval, `(now − started_at) / heartbeat_period`.
		/// - `signature`: the device key's signature over SCALE(`b"depin/heartbeat"`, `lease`,
		///   `interval`).
		///
		/// ## Errors
		/// [`Error::UnknownLease`], [`Error::LeaseClosed`], [`Error::LeasePaused`],
		/// [`Error::DeviceNotActive`], [`Error::LeaseEnded`], [`Error::LeaseInBreach`],
		/// [`Error::WrongInterval`], [`Error::DuplicateHeartbeat`],
		/// [`Error::BadHeartbeatSignature`].
		///
		/// ## Events
		/// [`Event::HeartbeatReceived`], then settlement events.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::heartbeat())]
		#[pallet::authorize(Pallet::<T>::authorize_heartbeat)]
		#[pallet::weight_of_authorize(T::WeightInfo::authorize_heartbeat())]
		pub fn heartbeat(
			origin: OriginFor<T>,
			lease: LeaseId,
			interval: IntervalIndex,
			signature: DeviceSignature,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			Self::do_heartbeat(lease, interval, &signature)
		}

		/// Settle what a lease owes now (or retry a closed lease's failed settlement).
		///
		/// ## Dispatch Origin
		/// Signed by the lease's provider.
		///
		/// ## Errors
		/// [`Error::UnknownLease`], [`Error::NotLeaseProvider`].
		///
		/// ## Events
		/// [`Event::LeaseSettled`] or [`Event::SettlementDeferred`]; [`Event::LeasePaused`] or
		/// the close events when the touch finds them due.
		#[pallet::call_index(12)]
		#[pallet::weight(Pallet::<T>::closing_weight(T::WeightInfo::claim()))]
		pub fn claim(origin: OriginFor<T>, lease: LeaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim(who, lease)
		}

		/// Close a lease. The tenant's close is immediate; the provider's takes effect after the
		/// notice period (at once when it is zero). Either settles up to now first; a lease
		/// found already ended (breach, term, grace) closes with that reason instead.
		///
		/// ## Dispatch Origin
		/// Signed by the lease's tenant or provider.
		///
		/// ## Errors
		/// [`Error::UnknownLease`], [`Error::LeaseClosed`], [`Error::NotLeaseParty`],
		/// [`Error::AlreadyClosing`].
		///
		/// ## Events
		/// [`Event::LeaseClosed`] (and [`Event::ProviderSlashed`] on a breach) or
		/// [`Event::LeaseClosing`].
		#[pallet::call_index(13)]
		#[pallet::weight(Pallet::<T>::closing_weight(T::WeightInfo::close_lease()))]
		pub fn close_lease(origin: OriginFor<T>, lease: LeaseId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_lease(who, lease)
		}

		/// Close a lease by governance, settled up to now.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Errors
		/// [`Error::UnknownLease`], [`Error::LeaseClosed`].
		///
		/// ## Events
		/// [`Event::LeaseClosed`].
		#[pallet::call_index(14)]
		#[pallet::weight(Pallet::<T>::closing_weight(T::WeightInfo::force_close_lease()))]
		pub fn force_close_lease(origin: OriginFor<T>, lease: LeaseId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_force_close(lease)
		}

		/// Set the parameters.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Errors
		/// [`Error::HeartbeatPeriodOutOfRange`], [`Error::MaxMissedOutOfRange`],
		/// [`Error::PeriodTooLong`], [`Error::OrderExpiryOutOfRange`],
		/// [`Error::BidBondTooHigh`], [`Error::OrderDepositTooHigh`],
		/// [`Error::BreachSlashTooHigh`],
		/// [`Error::OnIdleBatchOutOfRange`].
		///
		/// ## Events
		/// [`Event::ParametersSet`].
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::set_parameters())]
		pub fn set_parameters(origin: OriginFor<T>, parameters: ParametersOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_parameters(parameters)
		}

		/// A listed device's proof that it was idle and available through the window that
		/// ended last: its provider earns one compute-availability share.
		///
		/// ## Dispatch Origin
		/// `Authorized`: a general transaction authorized by the device-key signature (see
		/// [`Pallet::authorize_availability`]); no account signs and no fee is paid.
		///
		/// ## Details
		/// - `device`: an `Active` GPU device, listed by its owner, not leased, idle under its
		///   current terms since before `window` began, with terms within the availability
		///   parameters.
		/// - `window`: the window that ended last, `now / period − 1`.
		/// - `signature`: the device key's signature over
		///   [`depin_primitives::payloads::availability_payload`], whose challenge is the hash of
		///   the window's last block.
		///
		/// ## Errors
		/// [`Error::NotListed`], [`Error::UnknownDevice`], [`Error::DeviceNotActive`],
		/// [`Error::OfferOwnerChanged`], [`Error::DeviceBusy`], [`Error::OfferNotEligible`],
		/// [`Error::WrongWindow`], [`Error::NotIdleThroughWindow`],
		/// [`Error::AvailabilityAlreadyProven`], [`Error::BadAvailabilitySignature`].
		///
		/// ## Events
		/// [`Event::AvailabilityProven`].
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::prove_availability())]
		#[pallet::authorize(Pallet::<T>::authorize_availability)]
		#[pallet::weight_of_authorize(T::WeightInfo::authorize_availability())]
		pub fn prove_availability(
			origin: OriginFor<T>,
			device: DeviceId,
			window: WindowIndex,
			signature: DeviceSignature,
		) -> DispatchResult {
			ensure_authorized(origin)?;
			Self::do_prove_availability(device, window, &signature)
		}

		/// Set the availability parameters. Windows already paid stay paid.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Errors
		/// [`Error::AvailabilityPeriodOutOfRange`].
		///
		/// ## Events
		/// [`Event::AvailabilityParametersSet`].
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::set_availability_parameters())]
		pub fn set_availability_parameters(
			origin: OriginFor<T>,
			parameters: AvailabilityParametersOf<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_availability_parameters(parameters)
		}

		/// Set an open lease's access details: where and how its tenant reaches the machine (an
		/// endpoint, or a manifest's hash), sealed by the provider to the tenant's key off chain,
		/// so only the tenant can read them. Setting them again replaces them (a moved endpoint);
		/// they are removed when the lease closes.
		///
		/// ## Dispatch Origin
		/// Signed by the lease's provider.
		///
		/// ## Details
		/// - `sealed`: 1 to [`MAX_ACCESS_LEN`] bytes; the chain does not read them.
		///
		/// ## Errors
		/// [`Error::UnknownLease`], [`Error::NotLeaseProvider`], [`Error::LeaseClosed`],
		/// [`Error::EmptyAccess`].
		///
		/// ## Events
		/// [`Event::AccessSet`].
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::set_access())]
		pub fn set_access(
			origin: OriginFor<T>,
			lease: LeaseId,
			sealed: SealedAccess,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_access(who, lease, sealed)
		}
	}
}
