//! # Coverage Pallet
//!
//! Proof-of-coverage for the DePIN chain's radio hotspots, verified on-chain (DESIGN.md §5):
//! Helium's IoT rule set, moved from off-chain oracles onto the chain and made deterministic.
//!
//! ## Pallet API
//!
//! See the [`pallet`] module for the dispatchables, storage, events and errors.
//!
//! ## Overview
//!
//! - **Reports.** A report is one [`Beacon`] and [`WitnessReceipt`]s of the hotspots that heard
//!   it, submitted by anyone with [`Pallet::submit_report`]. It is a general
//!   (unsigned-by-account) transaction authorized through `#[pallet::authorize]` and the
//!   runtime's `frame_system::AuthorizeCall` extension, so hotspots need no tokens and pay no fee.
//! - **Receipt windows.** The first report of a beacon **opens** its window: it is authorized by
//!   the beacon's device-key signature (the beacon rules below) and spam is bounded by one beacon
//!   per registered, active hotspot per [`Config::BeaconInterval`]. Every later report of the same
//!   beacon (the same [`Beacon::id`], a hash of all its signed fields) **appends** to the window
//!   until it closes, [`Config::ReceiptWindow`] blocks after the beacon was accepted. So a valid
//!   receipt counts whoever submits it and whatever was submitted first: a relayer who strips the
//!   honest receipts from a beacon and gets it included first only opens the window the honest
//!   receipts then join. An append carries no beaconer signature, so the pool takes it only if it
//!   would count at least one receipt and every receipt that passes the rules also verifies (a
//!   forged one refuses it whole, `BadProof`); a receipt breaking a rule in an append is skipped
//!   without a signature check. At most [`Config::MaxClosingPerBlock`] windows close at one block,
//!   so a block accepts at most that many beacons (one more is refused with [`Error::WindowsFull`],
//!   `ExhaustsResources` to the pool, and waits there for the next block); each window is
//!   settled in `on_initialize` of its close block. The design, with the attacks it answers, is
//!   `docs/coverage-v2.md`.
//! - **Beacon rules** (the report fails with a named [`Error`] when one is broken): the beaconer
//!   is a registered hotspot, `Active`, located and not denylisted; its signature over
//!   SCALE(`b"depin/beacon"`, genesis hash, beaconer, entropy block, entropy hash, frequency,
//!   transmit power) verifies (a beacon signed for another network never does); the
//!   entropy block is before the current block, at most [`Config::MaxBlockAge`] blocks old, and
//!   its hash is the chain's `frame_system::BlockHash`; the beaconer's previous beacon is at
//!   least [`Config::BeaconInterval`] blocks old.
//! - **Witness rules** (an invalid receipt never fails a report that opens a window: it is
//!   recorded in [`Event::WitnessInvalid`] with a [`WitnessInvalid`] reason): not the beaconer,
//!   registered, `Active` and located, not already counted in the window (checked before the
//!   signature: only verified receipts are ever counted), its signature over
//!   SCALE(`b"depin/witness"`, genesis hash, beacon id, fields) verifies with its device key, its
//!   reported location is its asserted one, neither it nor the (beaconer, witness) pair is
//!   denylisted, frequency within 100 kHz of the beacon's, at least [`Config::MinDistance`] and
//!   at most [`Config::MaxDistance`] metres from the beaconer, and a signal no stronger than
//!   free-space path loss allows for that distance, the beacon's transmit power and both
//!   antennas' gains; and, last, not owned by the beaconer's owner ([`WitnessInvalid::SameOwner`]:
//!   an owner's hotspots never earn by witnessing each other). In a report that opens the window
//!   the signature is checked before the radio rules, so a refusal for a rule is one the witness
//!   signed and is remembered against it ([`Refusals`]); in an append it is checked after them.
//!   Distances are great-circle distances between the cells' centres, computed in integer fixed
//!   point ([`depin_primitives::h3::geo`], [`depin_primitives::radio`]).
//! - **Selection.** A window keeps its best [`Config::MaxWindowReceipts`] valid receipts by rank
//!   `blake2_256(SCALE(entropy hash, witness key))`, smallest first, evicting the worst when a
//!   better one arrives; one ranking no better than a full window's worst is refused
//!   ([`WitnessInvalid::Outranked`]) before its signature is checked. When the window closes the
//!   best [`Config::RewardedWitnesses`] are rewarded: the best of every valid receipt of the
//!   window. The entropy is a block hash the beaconer committed to, so neither the beaconer nor
//!   any submitter can choose which witnesses win, and neither the order of receipts nor how
//!   they are split into reports matters.
//! - **Reciprocity (HIP-106).** A beacon earns only if its beaconer was a valid witness within
//!   the last [`Config::ReciprocityWindow`] blocks; a witness earns only if it had an accepted
//!   beacon with at least one valid witness within the window (both judged when the window
//!   closes). Activity is recorded whether or not it earned (a valid receipt when it is counted,
//!   a beacon with a witness when its window closes), so a new hotspot qualifies after one round
//!   of each.
//! - **Rewards (HIP-15).** Reward units from the number of rewarded witnesses
//!   ([`features::reward_units`]), times the hotspot's hex-density transmit scale
//!   ([`features::density`]: HIP-17 as tuned by HIP-104, from the per-hex counts of active,
//!   located hotspots at resolutions 4 to 10 that the registry's lifecycle hooks keep current,
//!   with the governance-set [`DensityRules`]), added up per hotspot in its activity record
//!   when the window closes ([`Event::BeaconRewarded`]). Once an epoch has ended, its
//!   [`Earners`]' shares are summed per owner (the owner when they are noted: unnoted shares
//!   follow a hotspot that changes hands) and noted in the coverage pool of the current epoch
//!   with [`Config::Rewards`], which pays the pool when that epoch ends ([`Event::SharesNoted`]):
//!   coverage earned in one epoch is paid at the end of the next. Each hotspot's shares are
//!   weighted then by its hex's paid traffic in the epoch they were earned in
//!   ([`Config::Demand`]): a busy hex is paid through data transfer, an empty one through
//!   coverage.
//! - **Denylist.** Governance denies devices and (beaconer, witness) pairs with an evidence hash
//!   and an expiry block; expired entries no longer apply. At most [`MAX_DENIED_EDGES`] pairs
//!   apply to one witness at once ([`Error::DeniedEdgesFull`]: deny the witness instead).
//!
//! ## Not implemented
//!
//! - Expired denylist entries are ignored; a device's stays in its activity record until
//!   governance takes it off, a pair's until governance denies the witness another pair.
//!
//! ## Low Level / Implementation Details
//!
//! - One [`Activity`] record per hotspot holds its last beacon, last beacon with a witness and
//!   last valid witness, its shares this epoch and those of ended epochs not yet noted, and its
//!   denylist entries (its own, and the pairs it is the witness of), so the interval, both
//!   reciprocity checks and the denylist read one item: a receipt reads its witness's registry
//!   entry and this record, nothing else, and a close writes it and no reward pool.
//! - The invariants are written in [`Pallet::do_try_state`] and checked after every unit test.
//!
//! ## Assumptions
//!
//! - [`Config::Registry`] reports hotspots' keys, status and asserted locations truthfully.
//! - The runtime's transaction extensions include `frame_system::AuthorizeCall`; authorization
//!   runs again when the transaction is applied in a block.
//! - `frame_system::BlockHashCount` is larger than [`Config::MaxBlockAge`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod features;
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

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use depin_primitives::{
	payloads::BeaconId, DeviceId, DeviceObserver, DeviceRegistry, EpochIndex, H3Cell, HotspotView,
	RewardPool, RewardShares, Shares,
};
use frame_support::{ensure, pallet_prelude::DispatchResult};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::traits::{Get, Saturating, Zero};

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::coverage";

/// The most a witness's frequency may differ from the beacon's, in Hz (100 kHz).
pub const MAX_FREQUENCY_DIFFERENCE_HZ: u64 = 100_000;

/// The largest `max` a density rule may set.
pub const MAX_DENSITY_LIMIT: u32 = 100_000;

/// Most refused receipts remembered per hotspot.
pub const MAX_REFUSALS: u32 = 4;

/// The most entries one page of the explorer's reads (`regions`, `hexes_under`,
/// `hotspots_under`) scans.
pub const MAX_PAGE: u32 = 1_000;

/// A denylist entry as this runtime stores it.
pub type DenialOf<T> = Denial<BlockNumberFor<T>>;
/// A hotspot's activity record as this runtime stores it.
pub type ActivityOf<T> = HotspotActivity<BlockNumberFor<T>>;
/// A refused receipt as this runtime stores it.
pub type RefusalOf<T> = Refusal<BlockNumberFor<T>>;
/// A beacon's receipt window as this runtime stores it.
pub type WindowOf<T> = ReceiptWindow<BlockNumberFor<T>, <T as Config>::MaxWindowReceipts>;

/// Runtime-specific setup the benchmarks need and the pallet cannot do through its traits.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers an `Active` hotspot with `key`, owned by `owner` and located at `location`,
	/// and returns its id.
	fn register_hotspot(
		owner: &AccountId,
		key: depin_primitives::DeviceKey,
		location: H3Cell,
	) -> DeviceId;

	/// Makes `epoch` the current epoch of [`Config::Rewards`], so earlier epochs have ended.
	fn start_epoch(epoch: EpochIndex);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_runtime::Perbill;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(5);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The device registry: hotspots' owners, keys, status and locations.
		type Registry: DeviceRegistry<Self::AccountId>;

		/// Where earned shares are noted (the BME pallet's coverage pool).
		type Rewards: RewardShares<Self::AccountId>;

		/// The weight of each hex's coverage rewards given its paid traffic (the usage
		/// pallet); `()` weighs nothing.
		type Demand: depin_primitives::DemandWeight;

		/// The origin that keeps the denylist.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most witness receipts one report may carry.
		#[pallet::constant]
		type MaxWitnesses: Get<u32>;

		/// The transaction-pool priority of a report. Above any paid transaction's (the runtime
		/// uses `TransactionPriority::MAX`), so a flood of paid transactions cannot crowd the
		/// device-signed, rate-limited reports out of blocks.
		#[pallet::constant]
		type ReportPriority: Get<TransactionPriority>;

		/// Most valid witnesses rewarded per beacon (Helium: 14).
		#[pallet::constant]
		type RewardedWitnesses: Get<u32>;

		/// Oldest entropy block a beacon may use, in blocks before the current one (30).
		#[pallet::constant]
		type MaxBlockAge: Get<BlockNumberFor<Self>>;

		/// How long receipts of a beacon are counted: its window closes this many blocks after
		/// the beacon is accepted (10: a minute).
		#[pallet::constant]
		type ReceiptWindow: Get<BlockNumberFor<Self>>;

		/// Most valid receipts a window keeps, best-ranked first; at least `RewardedWitnesses`,
		/// so the rewarded ones are the best of every valid receipt (32).
		#[pallet::constant]
		type MaxWindowReceipts: Get<u32>;

		/// Most windows that close at one block, so most beacons one block accepts; one more is
		/// refused (`WindowsFull`) until the next block. Bounds the work of `on_initialize`.
		#[pallet::constant]
		type MaxClosingPerBlock: Get<u32>;

		/// Most earners of ended epochs whose shares one block notes in the coverage pool
		/// (`on_initialize`). Bounds that work; at this many a block, an epoch's earners are all
		/// noted within `earners / MaxNotedPerBlock` blocks of the next one.
		#[pallet::constant]
		type MaxNotedPerBlock: Get<u32>;

		/// Fewest blocks between two beacons of one hotspot (6 h = 3,600 blocks).
		#[pallet::constant]
		type BeaconInterval: Get<BlockNumberFor<Self>>;

		/// How far back reciprocity looks, in blocks (48 h = 28,800 blocks).
		#[pallet::constant]
		type ReciprocityWindow: Get<BlockNumberFor<Self>>;

		/// The least distance between beaconer and witness, in metres: Helium's 8
		/// resolution-11 cells, 8 × 43.1 m (the spacing of resolution-11 cell centres) = 345 m.
		#[pallet::constant]
		type MinDistance: Get<u32>;

		/// The greatest distance between beaconer and witness, in metres (100 km).
		#[pallet::constant]
		type MaxDistance: Get<u32>;

		/// The highest transmit power a beacon may claim, in dBm × 10 (300: 30 dBm).
		#[pallet::constant]
		type MaxTxPower: Get<i32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Runtime-specific setup for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Each hotspot's last beacon, last beacon with a witness and last valid witness, its
	/// shares this epoch and its denylist entries (as a device, and the pairs it is the witness
	/// of): a receipt looks up its witness here and in the registry, nothing else.
	// TWOX-NOTE: device ids come from the registry's counter, users cannot choose them.
	#[pallet::storage]
	pub type Activity<T: Config> = StorageMap<_, Twox64Concat, DeviceId, ActivityOf<T>, ValueQuery>;

	/// Active, located hotspots per hex, at resolutions 4 to 10. Absent means zero.
	#[pallet::storage]
	pub type HexCounts<T: Config> = StorageMap<_, Blake2_128Concat, H3Cell, u32, OptionQuery>;

	/// Where each counted hotspot is counted: its location while it is `Active` and located.
	// TWOX-NOTE: device ids come from the registry's counter.
	#[pallet::storage]
	pub type Counted<T: Config> = StorageMap<_, Twox64Concat, DeviceId, H3Cell, OptionQuery>;

	/// The counted hotspots by the resolution-4 hex (region) of their location, with the
	/// location: what the explorer's reads page through, a region at a time.
	// TWOX-NOTE: device ids come from the registry's counter; regions are user-chosen, hashed.
	#[pallet::storage]
	pub type Located<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, H3Cell, Twox64Concat, DeviceId, H3Cell, OptionQuery>;

	/// The resolution-4 hexes holding at least one counted hotspot: the keys of [`Located`],
	/// listable without reading its entries.
	#[pallet::storage]
	pub type Regions<T: Config> = StorageMap<_, Blake2_128Concat, H3Cell, (), OptionQuery>;

	/// The transmit scale of resolution-10 hexes, with the epoch it was computed in. Valid for
	/// that epoch only.
	#[pallet::storage]
	pub type HexScales<T: Config> =
		StorageMap<_, Blake2_128Concat, H3Cell, (EpochIndex, Perbill), OptionQuery>;

	/// The hex-density table of resolutions 4 to 10 (HIP-104's values at genesis).
	#[pallet::storage]
	pub type DensityRules<T: Config> =
		StorageValue<_, DensityTable, ValueQuery, DefaultDensityRules>;

	/// Helium's density table.
	pub struct DefaultDensityRules;
	impl Get<DensityTable> for DefaultDensityRules {
		fn get() -> DensityTable {
			HELIUM_DENSITY_TABLE
		}
	}

	/// The last receipts each hotspot signed that were not counted, oldest first.
	// TWOX-NOTE: device ids come from the registry's counter.
	#[pallet::storage]
	pub type Refusals<T: Config> = StorageMap<
		_,
		Twox64Concat,
		DeviceId,
		BoundedVec<RefusalOf<T>, ConstU32<MAX_REFUSALS>>,
		ValueQuery,
	>;

	/// The receipt windows of accepted beacons, by beacon id.
	#[pallet::storage]
	pub type Windows<T: Config> = StorageMap<_, Identity, BeaconId, WindowOf<T>, OptionQuery>;

	/// The windows by close block: each is settled and removed in `on_initialize` of its close
	/// block.
	// TWOX-NOTE: block numbers are sequential; beacon ids are hashes.
	#[pallet::storage]
	pub type Closing<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BlockNumberFor<T>, Identity, BeaconId, (), OptionQuery>;

	/// How many windows close at a block (at most [`Config::MaxClosingPerBlock`]).
	#[pallet::storage]
	pub type ClosingCount<T: Config> =
		StorageMap<_, Twox64Concat, BlockNumberFor<T>, u32, ValueQuery>;

	/// The hotspots that earned shares in an epoch, indexed when they first earn in it. Once
	/// the epoch has ended, `on_initialize` notes their shares, summed per owner, in the
	/// coverage pool of the current epoch, at most [`Config::MaxNotedPerBlock`] a block, and
	/// removes them: a window's close writes the activity records it already writes, never the
	/// reward pools.
	// TWOX-NOTE: epochs are sequential and device ids come from the registry's counter.
	#[pallet::storage]
	pub type Earners<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EpochIndex, Twox64Concat, DeviceId, (), OptionQuery>;

	/// The oldest epoch whose [`Earners`] may not all be noted yet.
	#[pallet::storage]
	pub type NotingEpoch<T: Config> = StorageValue<_, EpochIndex, ValueQuery>;

	/// The coverage shares earned in an epoch, in total.
	#[pallet::storage]
	pub type EpochTotal<T: Config> = StorageValue<_, (EpochIndex, Shares), ValueQuery>;

	/// The shares of [`EpochTotal`]'s epoch earned by hotspots whose activity record was removed
	/// within it (their bond withdrawn): their shares were noted for their last owner at once,
	/// and this keeps the epoch's books checkable.
	#[pallet::storage]
	pub type RemovedShares<T: Config> = StorageValue<_, (EpochIndex, Shares), ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A beacon was accepted: its receipt window is open until `closes_at`.
		BeaconAccepted {
			/// The beacon's id.
			beacon_id: BeaconId,
			/// The beaconer.
			beaconer: DeviceId,
			/// The block the window closes (and is rewarded) at.
			closes_at: BlockNumberFor<T>,
		},
		/// A report's valid receipts were counted in its beacon's window.
		ReceiptsCounted {
			/// The beacon's id.
			beacon_id: BeaconId,
			/// How many of the report's receipts were counted.
			counted: u32,
		},
		/// A beacon's window closed and its rewards were noted.
		BeaconRewarded {
			/// The beacon's id.
			beacon_id: BeaconId,
			/// The beaconer.
			beaconer: DeviceId,
			/// The epoch the shares were noted in.
			epoch: EpochIndex,
			/// How many receipts the window counted as valid.
			valid_witnesses: u32,
			/// The beaconer's shares; 0 without witnesses or without reciprocity.
			beacon_shares: Shares,
			/// The rewarded witnesses with their shares (0 for those without reciprocity).
			rewarded: Vec<(DeviceId, Shares)>,
		},
		/// Earners of an ended epoch had their shares noted, summed per owner, in the coverage
		/// pool of the current epoch.
		SharesNoted {
			/// The epoch they were earned in.
			earned_in: EpochIndex,
			/// The epoch whose coverage pool they were noted in (paid when it ends).
			noted_in: EpochIndex,
			/// How many earners were noted.
			hotspots: u32,
			/// Their shares, in total.
			shares: Shares,
		},
		/// Earners' shares could not be noted (a pool's total would overflow); they were
		/// dropped.
		SharesNotNoted {
			/// The epoch whose coverage pool refused them.
			noted_in: EpochIndex,
			/// How many earners' shares were dropped.
			hotspots: u32,
		},
		/// A witness receipt in an accepted report was not counted.
		WitnessInvalid {
			/// The beacon it claims to have heard.
			beacon_id: BeaconId,
			/// The witness it names.
			witness: DeviceId,
			/// Why it was not counted.
			reason: WitnessInvalid,
		},
		/// A device was put on (or its entry replaced in) the denylist.
		DeviceDenied {
			/// The device.
			device: DeviceId,
			/// The evidence hash and expiry.
			denial: DenialOf<T>,
		},
		/// A device was taken off the denylist.
		DeviceAllowed {
			/// The device.
			device: DeviceId,
		},
		/// A (beaconer, witness) pair was put on (or its entry replaced in) the denylist.
		EdgeDenied {
			/// The beaconer.
			beaconer: DeviceId,
			/// The witness.
			witness: DeviceId,
			/// The evidence hash and expiry.
			denial: DenialOf<T>,
		},
		/// A (beaconer, witness) pair was taken off the denylist.
		EdgeAllowed {
			/// The beaconer.
			beaconer: DeviceId,
			/// The witness.
			witness: DeviceId,
		},
		/// The hex-density table was replaced. Scales computed from then on use it.
		DensityRulesSet {
			/// The new rules of resolutions 4 to 10.
			rules: DensityTable,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The beaconer is not a registered hotspot.
		UnknownHotspot,
		/// The beaconer is suspended or retired; only `Active` hotspots beacon.
		BeaconerNotActive,
		/// The beaconer has no asserted location; assert one with the registry first.
		BeaconerNotLocated,
		/// The beaconer is on the denylist until its entry expires.
		BeaconerDenylisted,
		/// The beacon signature does not verify with the beaconer's device key over
		/// SCALE(`b"depin/beacon"`, beaconer, entropy block, entropy hash, frequency).
		BadBeaconSignature,
		/// The entropy block is not before the current block. Use a recent finalized or best
		/// block.
		EntropyFromFuture,
		/// The entropy block is more than [`Config::MaxBlockAge`] blocks old. Take the hash of a
		/// more recent block and sign again.
		EntropyTooOld,
		/// The entropy hash is not the chain's hash of the entropy block.
		EntropyMismatch,
		/// The beaconer's previous beacon is less than [`Config::BeaconInterval`] blocks old.
		BeaconTooSoon,
		/// The denylist expiry is not after the current block.
		ExpiryInPast,
		/// A device cannot be denied as a witness of its own beacons; deny the device instead.
		SelfEdge,
		/// The device or pair is not on the denylist.
		NotDenied,
		/// The beacon claims a transmit power above [`Config::MaxTxPower`].
		TxPowerTooHigh,
		/// A density rule needs `1 ≤ target ≤ max ≤ 100,000` and `1 ≤ neighbors ≤ 7`.
		BadDensityRule,
		/// This block has accepted as many beacons as a block may close windows for: submit
		/// the beacon again in the next block.
		WindowsFull,
		/// The witness is already denied for [`MAX_DENIED_EDGES`] beaconers whose entries apply:
		/// deny the witness itself, or take one of its pairs off first.
		DeniedEdgesFull,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxWitnesses::get() > 0, "MaxWitnesses must be positive");
			assert!(T::RewardedWitnesses::get() > 0, "RewardedWitnesses must be positive");
			assert!(
				T::RewardedWitnesses::get() <= T::MaxWitnesses::get(),
				"RewardedWitnesses must not exceed MaxWitnesses"
			);
			assert!(!T::BeaconInterval::get().is_zero(), "BeaconInterval must be positive");
			assert!(!T::MaxBlockAge::get().is_zero(), "MaxBlockAge must be positive");
			assert!(!T::ReceiptWindow::get().is_zero(), "ReceiptWindow must be positive");
			assert!(
				T::MaxWindowReceipts::get() >= T::RewardedWitnesses::get(),
				"MaxWindowReceipts must be at least RewardedWitnesses"
			);
			assert!(T::MaxClosingPerBlock::get() > 0, "MaxClosingPerBlock must be positive");
			assert!(T::MaxNotedPerBlock::get() > 0, "MaxNotedPerBlock must be positive");
			assert!(
				T::ReciprocityWindow::get() >= T::BeaconInterval::get(),
				"ReciprocityWindow must cover at least one BeaconInterval"
			);
			assert!(
				T::MinDistance::get() < T::MaxDistance::get(),
				"MinDistance must be less than MaxDistance"
			);
		}

		/// Closes the windows whose close block this is, notes ended epochs' earners, and reads
		/// the key every report reads (the genesis hash), so that it is charged once a block,
		/// here, and never to a report (the runtime's benchmarks whitelist it).
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let _ = depin_primitives::genesis_hash::<T>();
			Self::close_windows(now)
				.saturating_add(Self::note_earners())
				.saturating_add(T::DbWeight::get().reads(1))
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Submit a beacon and witness receipts of it: opens the beacon's receipt window, or
		/// appends to it while it is open.
		///
		/// ## Dispatch Origin
		/// `Authorized`: a general transaction authorized by the beacon's device-key signature
		/// when it opens the window, by its receipts' when it appends (see
		/// [`Pallet::authorize_submit_report`]); no account signs and no fee is paid.
		///
		/// ## Details
		/// - `beacon`: the beacon, signed by the beaconer's device key.
		/// - `witnesses`: at most [`Config::MaxWitnesses`] receipts, each signed by its witness's
		///   device key. Invalid receipts are recorded and skipped; their order does not matter.
		///
		/// ## Errors
		/// [`Error::UnknownHotspot`], [`Error::BeaconerNotActive`],
		/// [`Error::BeaconerNotLocated`], [`Error::BeaconerDenylisted`],
		/// [`Error::EntropyFromFuture`], [`Error::EntropyTooOld`], [`Error::EntropyMismatch`],
		/// [`Error::BadBeaconSignature`], [`Error::BeaconTooSoon`], [`Error::TxPowerTooHigh`],
		/// [`Error::WindowsFull`].
		///
		/// ## Weight
		/// Charged the dearer of opening (its batch of receipt signatures failing, so each is
		/// verified alone) and appending; the difference and, when the batch passed, the
		/// signatures verified alone are refunded. Authorization is charged the dearer of its
		/// two paths, an opening's beacon checks and an append's receipt checks with their
		/// signatures verified in one batch, and refunded to the one it took.
		/// Rewards are computed when the window closes, charged to that block's
		/// `on_initialize`.
		///
		/// ## Events
		/// [`Event::BeaconAccepted`] when it opens the window, [`Event::WitnessInvalid`] per
		/// invalid receipt, then [`Event::ReceiptsCounted`].
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::max_report_weight(witnesses.len() as u32))]
		#[pallet::authorize(Pallet::<T>::authorize_submit_report)]
		#[pallet::weight_of_authorize(Pallet::<T>::authorize_weight(witnesses.len() as u32))]
		pub fn submit_report(
			origin: OriginFor<T>,
			beacon: Beacon,
			witnesses: BoundedVec<WitnessReceipt, T::MaxWitnesses>,
		) -> DispatchResultWithPostInfo {
			ensure_authorized(origin)?;
			let count = witnesses.len() as u32;
			let work = Self::do_submit_report(beacon, witnesses.into_inner())?;
			Ok(Some(Self::report_weight(count, work)).into())
		}

		/// Put a device on the denylist, or replace its entry.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Details
		/// - `evidence`: the hash of the published evidence.
		/// - `expires_at`: the first block at which the entry no longer applies.
		///
		/// ## Errors
		/// [`Error::ExpiryInPast`].
		///
		/// ## Events
		/// [`Event::DeviceDenied`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::deny_device())]
		pub fn deny_device(
			origin: OriginFor<T>,
			device: DeviceId,
			evidence: H256,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_deny_device(device, Denial { evidence, expires_at })
		}

		/// Take a device off the denylist.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Errors
		/// [`Error::NotDenied`].
		///
		/// ## Events
		/// [`Event::DeviceAllowed`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::allow_device())]
		pub fn allow_device(origin: OriginFor<T>, device: DeviceId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_allow_device(device)
		}

		/// Put a (beaconer, witness) pair on the denylist, or replace its entry. Only that
		/// direction is denied.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Details
		/// Kept with the witness: expired pairs of the witness are dropped here, and at most
		/// [`MAX_DENIED_EDGES`] apply at once.
		///
		/// ## Errors
		/// [`Error::SelfEdge`], [`Error::ExpiryInPast`], [`Error::DeniedEdgesFull`].
		///
		/// ## Events
		/// [`Event::EdgeDenied`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::deny_edge())]
		pub fn deny_edge(
			origin: OriginFor<T>,
			beaconer: DeviceId,
			witness: DeviceId,
			evidence: H256,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_deny_edge(beaconer, witness, Denial { evidence, expires_at })
		}

		/// Take a (beaconer, witness) pair off the denylist.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Errors
		/// [`Error::NotDenied`].
		///
		/// ## Events
		/// [`Event::EdgeAllowed`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::allow_edge())]
		pub fn allow_edge(
			origin: OriginFor<T>,
			beaconer: DeviceId,
			witness: DeviceId,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_allow_edge(beaconer, witness)
		}

		/// Replace the hex-density table of resolutions 4 to 10.
		///
		/// ## Dispatch Origin
		/// [`Config::GovernanceOrigin`].
		///
		/// ## Details
		/// Scales already computed for the current epoch are kept; the new rules apply to the
		/// scales computed from then on (every hex's next epoch at the latest).
		///
		/// ## Errors
		/// [`Error::BadDensityRule`].
		///
		/// ## Events
		/// [`Event::DensityRulesSet`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_density_rules())]
		pub fn set_density_rules(origin: OriginFor<T>, rules: DensityTable) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_density_rules(rules)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The most a report with `witnesses` receipts can weigh: the dearer of opening a window
	/// (its batch of signatures failed, so each was verified alone) and appending to one.
	pub fn max_report_weight(witnesses: u32) -> frame_support::weights::Weight {
		Self::opening_weight(witnesses, true).max(T::WeightInfo::append_report(witnesses))
	}

	/// The weight of a report with `witnesses` receipts that did `work`: an opening's (see
	/// [`Self::opening_weight`]), `append_report` for appending.
	pub fn report_weight(witnesses: u32, work: ReportWork) -> frame_support::weights::Weight {
		if work.opened {
			Self::opening_weight(witnesses, work.batch_failed)
		} else {
			T::WeightInfo::append_report(witnesses)
		}
	}

	/// The weight of a report opening a window with `witnesses` receipts: `submit_report`
	/// (every signature valid, verified in one batch), plus `verify_forged_batch` when the
	/// batch failed and each signature was verified alone.
	fn opening_weight(witnesses: u32, batch_failed: bool) -> frame_support::weights::Weight {
		let weight = T::WeightInfo::submit_report(witnesses);
		if batch_failed && witnesses > 0 {
			weight.saturating_add(T::WeightInfo::verify_forged_batch(witnesses))
		} else {
			weight
		}
	}

	/// The weight of authorizing a report with `witnesses` receipts: the dearer of an opening
	/// (beacon checks) and an append (receipt checks and one batch of signatures).
	pub fn authorize_weight(witnesses: u32) -> frame_support::weights::Weight {
		T::WeightInfo::authorize_submit_report().max(T::WeightInfo::authorize_append(witnesses))
	}
}
