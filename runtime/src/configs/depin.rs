//! The DePIN pallets: hardware registry, proof-of-coverage, GPU leases, burn-and-mint
//! equilibrium and data-transfer rewards.

use super::governance::{origins::DevOr, DepinGovernanceOrigin, TreasuryPotAccount};
use crate::{
	constants::{
		currency::DPN,
		time::{DEV_BEACON_INTERVAL, HOURS},
	},
	AccountId, Balances, BlockNumber, Bme, Coverage, Leases, Registry, Runtime, RuntimeHoldReason,
	Usage,
};
use frame_support::{
	parameter_types,
	traits::{ConstI32, ConstU128, ConstU32},
	PalletId,
};
use sp_runtime::{transaction_validity::TransactionPriority, Perbill};

parameter_types! {
	/// The BME pallet's pot: emitted coverage and compute pools wait here until paid.
	pub const BmePalletId: PalletId = PalletId(*b"depin/bm");
	/// The protocol treasury: its pool share and settlement fees. The treasury pallet's account,
	/// spent by governance.
	pub TreasuryAccount: AccountId = TreasuryPotAccount::get();
	/// The highest protocol fee on usage settlement governance may set.
	pub const MaxProtocolFee: Perbill = Perbill::from_percent(30);
	/// Longest price age governance may allow: 10 minutes.
	pub const MaxPriceAgeLimit: BlockNumber = 100;
	/// The circuit breaker's window: one hour.
	pub const CreditWindow: BlockNumber = HOURS;
	/// Shortest epoch governance may set (dev chains use a few blocks).
	pub const MinEpochLength: BlockNumber = 5;
	/// Longest epoch governance may set: 30 days.
	pub const MaxEpochLength: BlockNumber = 30 * 24 * HOURS;
	/// The shortest unbonding period governance may set: 10 blocks (dev chains).
	pub const MinUnbondingPeriod: BlockNumber = 10;
	/// The longest unbonding period governance may set: 28 days.
	pub const MaxUnbondingPeriod: BlockNumber = 28 * 24 * HOURS;
	/// Oldest block a beacon may take its entropy from: 30 blocks (3 minutes).
	pub const MaxBeaconBlockAge: BlockNumber = 30;
	/// HIP-106 reciprocity looks back 48 hours.
	pub const ReciprocityWindow: BlockNumber = 48 * HOURS;
	/// The pool priority of device-signed, rate-limited transactions (coverage reports, lease
	/// heartbeats): the highest, so no tip on a paid transaction outranks them and paid load
	/// cannot starve them. Their rate limits (one report per hotspot per beacon interval, one
	/// heartbeat per lease per interval) bound how much of a block they can take.
	pub const DeviceTransactionPriority: TransactionPriority = TransactionPriority::MAX;
}

/// One beacon per hotspot every 6 hours; every [`DEV_BEACON_INTERVAL`] blocks (one reward epoch)
/// on chains launched with the development periods, so a simulated fleet beacons every epoch.
pub type BeaconInterval = DevOr<ConstU32<DEV_BEACON_INTERVAL>, ConstU32<{ 6 * HOURS }>>;

impl pallet_coverage::Config for Runtime {
	type Registry = Registry;
	type Rewards = Bme;
	// Coverage steps aside where paid data transfer rewards a hex.
	type Demand = Usage;
	// Root or a referendum on the `depin_parameters` track; never a signed account.
	type GovernanceOrigin = DepinGovernanceOrigin;
	type MaxWitnesses = ConstU32<32>;
	type ReportPriority = DeviceTransactionPriority;
	type RewardedWitnesses = ConstU32<14>;
	type MaxBlockAge = MaxBeaconBlockAge;
	// Receipts of a beacon count for 10 blocks (a minute) after it is accepted; 2 on chains
	// with the development periods, whose epochs last 10 blocks.
	type ReceiptWindow = DevOr<ConstU32<2>, ConstU32<10>>;
	type MaxWindowReceipts = ConstU32<32>;
	// Set from the weights (README, "Proof-of-coverage capacity"): a close is charged 2.4 ms
	// (`close_window`: 0.42 ms of computation, 50 reads and 19 writes at the database weights of
	// a million-hotspot state; 3.9 ms when all 15 of its hotspots earn for the first time in
	// the epoch), an opening report with 14 receipts about 3.1 ms after its refunds. A block of
	// 360 closes and 360 openings fills the 2 s budget (5.5 ms a beacon), and 360 closes at
	// their worst take 1.4 s of `on_initialize`.
	type MaxClosingPerBlock = ConstU32<360>;
	type MaxNotedPerBlock = ConstU32<512>;
	type BeaconInterval = BeaconInterval;
	type ReciprocityWindow = ReciprocityWindow;
	// 8 resolution-11 cells.
	type MinDistance = ConstU32<345>;
	type MaxDistance = ConstU32<100_000>;
	// 30 dBm.
	type MaxTxPower = ConstI32<300>;
	type WeightInfo = pallet_coverage::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RegistryHotspotsForBenchmarks;
}

impl pallet_bme::Config for Runtime {
	type Currency = Balances;
	// Root or a referendum on the `depin_parameters` track; never a signed account.
	type GovernanceOrigin = DepinGovernanceOrigin;
	type PalletId = BmePalletId;
	type TreasuryAccount = TreasuryAccount;
	type MaxFeeders = ConstU32<32>;
	type MaxPriceAgeLimit = MaxPriceAgeLimit;
	type CreditWindow = CreditWindow;
	// 10,000,000 USD of credits an hour at most.
	type MaxCreditsPerWindowLimit = ConstU128<1_000_000_000_000>;
	type MinEpochLength = MinEpochLength;
	type MaxEpochLength = MaxEpochLength;
	type MaxEmissionPerEpoch = ConstU128<{ 10_000_000 * DPN }>;
	type MaxProtocolFee = MaxProtocolFee;
	type MaxSettlementMintLimit = ConstU128<{ 100_000_000 * DPN }>;
	type MaxPayoutsPerBlock = ConstU32<500>;
	type WeightInfo = pallet_bme::weights::SubstrateWeight<Runtime>;
}

/// How long after its period ends a data-transfer session may be reported, and how long price
/// cuts and escrow withdrawals wait: an hour; 30 blocks (30 seconds of one-second blocks) on
/// chains with the development periods, room for a hotspot, a payer and a submitter in turn.
pub type MaxSessionAge = DevOr<ConstU32<30>, ConstU32<{ HOURS }>>;

impl pallet_usage::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Registry = Registry;
	type Credits = Bme;
	type Rewards = Bme;
	// Root or a referendum on the `depin_parameters` track; never a signed account.
	type GovernanceOrigin = DepinGovernanceOrigin;
	type ReportPriority = DeviceTransactionPriority;
	type MaxSessionsPerReport = ConstU32<64>;
	// Hourly sessions from two payers for a day, with room to spare.
	type MaxSessionsPerHotspotEpoch = ConstU32<64>;
	type MaxSessionAge = MaxSessionAge;
	type MaxPayers = ConstU32<1_000>;
	type MaxNotedPerBlock = ConstU32<512>;
	type MaxPrunedPerBlock = ConstU32<1_024>;
	// 10×.
	type MaxCapPermille = ConstU32<10_000>;
	type WeightInfo = pallet_usage::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = UsageBenchmarkHelper;
}

/// Registers benchmark hotspots in the real registry, funds credits through BME, and ends BME's
/// epoch with a data-transfer budget and a price.
#[cfg(feature = "runtime-benchmarks")]
pub struct UsageBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_usage::BenchmarkHelper<AccountId> for UsageBenchmarkHelper {
	fn register_hotspot(
		owner: &AccountId,
		key: depin_primitives::DeviceKey,
		location: depin_primitives::H3Cell,
	) -> depin_primitives::DeviceId {
		pallet_registry::Pallet::<Runtime>::benchmark_register_hotspot(owner, key, location)
	}

	fn fund_credits(who: &AccountId, amount: depin_primitives::CreditBalance) {
		pallet_bme::Pallet::<Runtime>::benchmark_fund_credits(who, amount);
	}

	fn end_epoch(budget: u128) {
		let _ =
			pallet_bme::Pallet::<Runtime>::benchmark_set_price(sp_runtime::FixedU128::from_u32(2));
		let epoch = pallet_bme::CurrentEpoch::<Runtime>::get();
		pallet_bme::DataTransferBudgets::<Runtime>::insert(epoch, budget);
		pallet_bme::CurrentEpoch::<Runtime>::put(epoch.saturating_add(1));
	}
}

impl pallet_registry::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Credits = Bme;
	// Root or a referendum on the `depin_parameters` track; never a signed account.
	type GovernanceOrigin = DepinGovernanceOrigin;
	// Coverage keeps its per-hex counts of active, located hotspots through the hooks; leases
	// close the lease of a device that leaves service.
	type Observer = (Coverage, Leases);
	type MaxDevicesPerOwner = ConstU32<10_000>;
	type MaxMakers = ConstU32<256>;
	type MaxPageSize = ConstU32<100>;
	// 1,000 USD.
	type MaxCreditFee = ConstU128<100_000_000>;
	type MaxDeviceBond = ConstU128<{ 100_000 * DPN }>;
	type MinUnbondingPeriod = MinUnbondingPeriod;
	type MaxUnbondingPeriod = MaxUnbondingPeriod;
	type WeightInfo = pallet_registry::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BmeCreditsForBenchmarks;
}

impl pallet_leases::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Credits = Bme;
	type Settlement = Bme;
	type Registry = Registry;
	type Rewards = Bme;
	// Root or a referendum on the `depin_parameters` track; never a signed account.
	type GovernanceOrigin = DepinGovernanceOrigin;
	type BlocksPerHour = ConstU32<{ HOURS }>;
	type MaxBidsPerOrder = ConstU32<20>;
	type HeartbeatPriority = DeviceTransactionPriority;
	type Treasury = TreasuryAccount;
	type MaxBidBond = ConstU128<{ 1_000 * DPN }>;
	type MaxPageSize = ConstU32<100>;
	type WeightInfo = pallet_leases::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = RegistryGpusForBenchmarks;
}

/// Registers benchmark GPU machines in the real registry, funds credits through BME and feeds
/// BME a price so settlements succeed.
#[cfg(feature = "runtime-benchmarks")]
pub struct RegistryGpusForBenchmarks;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_leases::BenchmarkHelper<AccountId> for RegistryGpusForBenchmarks {
	fn register_gpu(
		owner: &AccountId,
		key: depin_primitives::DeviceKey,
	) -> depin_primitives::DeviceId {
		use frame_support::traits::fungible::Mutate;
		let bond = 100 * DPN;
		let _ = Balances::mint_into(owner, 10 * bond);
		let gpus = depin_primitives::GpuAttributes {
			vendor: depin_primitives::ShortString::truncate_from(b"NVIDIA".to_vec()),
			model: depin_primitives::ShortString::truncate_from(b"H100".to_vec()),
			vram_gib: 80,
			count: 8,
			interface: depin_primitives::GpuInterface::Sxm,
		};
		pallet_registry::Pallet::<Runtime>::benchmark_register_device(
			owner,
			key,
			depin_primitives::DeviceAttributes::Gpu(gpus),
			bond,
		)
	}

	fn fund_credits(who: &AccountId, amount: depin_primitives::CreditBalance) {
		pallet_bme::Pallet::<Runtime>::benchmark_fund_credits(who, amount);
	}

	fn enable_settlement() {
		let _ =
			pallet_bme::Pallet::<Runtime>::benchmark_set_price(sp_runtime::FixedU128::from_u32(2));
	}
}

/// Registers benchmark hotspots in the real registry.
#[cfg(feature = "runtime-benchmarks")]
pub struct RegistryHotspotsForBenchmarks;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_coverage::BenchmarkHelper<AccountId> for RegistryHotspotsForBenchmarks {
	fn register_hotspot(
		owner: &AccountId,
		key: depin_primitives::DeviceKey,
		location: depin_primitives::H3Cell,
	) -> depin_primitives::DeviceId {
		pallet_registry::Pallet::<Runtime>::benchmark_register_hotspot(owner, key, location)
	}

	fn start_epoch(epoch: depin_primitives::EpochIndex) {
		pallet_bme::CurrentEpoch::<Runtime>::put(epoch);
	}
}

/// Gives benchmark accounts credits through the BME pallet's ledger.
#[cfg(feature = "runtime-benchmarks")]
pub struct BmeCreditsForBenchmarks;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_registry::BenchmarkHelper<AccountId> for BmeCreditsForBenchmarks {
	fn fund_credits(who: &AccountId, amount: depin_primitives::CreditBalance) {
		pallet_bme::Pallet::<Runtime>::benchmark_fund_credits(who, amount);
	}
}

/// Notes one share of the current epoch's validators' pool ([`RewardPool::Validators`]) for the
/// author of every block, so the validators' part of each emission is paid, by the BME pallet's
/// claims and bounded `on_idle` payouts, to the validators that produced the epoch's blocks in
/// proportion to the blocks each produced.
///
/// Runs in `pallet_authorship`'s `on_initialize`; its weight (the pool and the author's share,
/// each read and written) is registered as it runs.
pub struct BlockAuthorShares;

impl pallet_authorship::EventHandler<AccountId, BlockNumber> for BlockAuthorShares {
	fn note_author(author: AccountId) {
		use depin_primitives::{RewardPool, RewardShares};
		let epoch = <Bme as RewardShares<AccountId>>::current_epoch();
		if let Err(error) =
			<Bme as RewardShares<AccountId>>::note_shares(RewardPool::Validators, epoch, &author, 1)
		{
			frame_support::defensive!(
				error,
				"the epoch is the current one; shares cannot overflow"
			);
		}
		// The epoch, the pool and the author's share read; the pool and the share written.
		frame_system::Pallet::<Runtime>::register_extra_weight_unchecked(
			<Runtime as frame_system::Config>::DbWeight::get().reads_writes(3, 2),
			frame_support::dispatch::DispatchClass::Mandatory,
		);
	}
}
