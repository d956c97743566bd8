//! System, time, storage migrations and development-only pallets.

use crate::weights::{block_weights::BlockExecutionWeight, extrinsic_weights::ExtrinsicBaseWeight};
use crate::{
	constants::currency::SS58_PREFIX, AccountId, Aura, Balance, Block, Hash, Migrations,
	MultiBlockMigrations, Nonce, PalletInfo, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin,
	RuntimeTask, VERSION,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstU32, ConstU64, Contains},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
};
use frame_system::limits::{BlockLength, BlockWeights};
use sp_runtime::Perbill;

/// Share of a block's weight and length that normal (user) extrinsics may use; the rest is
/// reserved for operational ones.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
/// The compute a block may use: two seconds of a 6-second slot.
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(2 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX);
/// The most bytes a block may hold: 5 MiB.
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

parameter_types! {
	/// The runtime's version, checked by every signed transaction.
	pub const Version: sp_version::RuntimeVersion = VERSION;
	/// Two seconds of compute per 6-second block, no limit on proof size (a solochain). Every
	/// block is charged the measured time of an empty one and every extrinsic the measured
	/// time of a no-op one (`benchmark overhead`: `weights::block_weights`,
	/// `weights::extrinsic_weights`), not FRAME's defaults; 10 % of the block is set aside for
	/// `on_initialize`.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			weights.reserved =
				Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic();
	/// At most [`MAX_BLOCK_LENGTH`] per block, of which normal extrinsics may fill 75%.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * MAX_BLOCK_LENGTH
		})
		.build();
	/// The chain's SS58 address prefix.
	pub const SS58Prefix: u16 = SS58_PREFIX;
	/// Multi-block migrations may use up to 80% of a block's weight, leaving room for the
	/// mandatory inherents (no transactions are included while one runs).
	pub MbmServiceWeight: Weight = Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

/// Calls that no signed origin may make. Burning DPN outside the BME pallet would bypass its
/// books: the BME pallet owns every mint and burn of DPN outside transfers and fees
/// (DESIGN.md §7). Root is not filtered.
pub struct DepinCallFilter;
impl Contains<RuntimeCall> for DepinCallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(call, RuntimeCall::Balances(pallet_balances::Call::burn { .. }))
	}
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type SystemWeightInfo = crate::weights::frame_system::WeightInfo<Runtime>;
	type BaseCallFilter = DepinCallFilter;
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = ConstU32<2400>;
	// Measured on this chain's RocksDB (see `weights/mod.rs`).
	type DbWeight = crate::weights::rocksdb_weights::constants::RocksDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	// Bounded single-block migrations of the next runtime upgrade.
	type SingleBlockMigrations = Migrations;
	// Migrations that iterate growing maps run over several blocks.
	type MultiBlockMigrator = MultiBlockMigrations;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	// Half the slot: Aura's slot duration is twice this (`MinimumPeriodTimesTwo`), 6 s, or 1 s on
	// development chains. The node reads it once at start from the chain's genesis state.
	type MinimumPeriod = super::governance::origins::DevOr<
		ConstU64<{ crate::DEV_SLOT_DURATION / 2 }>,
		ConstU64<{ crate::SLOT_DURATION / 2 }>,
		u64,
	>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = crate::weights::pallet_sudo::WeightInfo<Runtime>;
}

impl pallet_migrations::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// The multi-block migrations of the next runtime upgrade. None yet: add a versioned
	// `SteppedMigration` here with the upgrade that needs it, and take it out again in the
	// upgrade after it completed (`pallet_migrations::Cursor` is `None`).
	#[cfg(not(feature = "runtime-benchmarks"))]
	type Migrations = ();
	// Benchmarks measure the pallet with mocked migrations.
	#[cfg(feature = "runtime-benchmarks")]
	type Migrations = pallet_migrations::mock_helpers::MockedMigrations;
	type CursorMaxLen = ConstU32<65_536>;
	type IdentifierMaxLen = ConstU32<256>;
	type MigrationStatusHandler = ();
	// A failed migration leaves state half-migrated. Keeping the chain stuck would also stop
	// the votes that could repair it (no transactions are included while a migration runs), so
	// transactions resume and a referendum repairs the state. The pallet emits
	// `UpgradeFailed` for monitoring.
	type FailedMigrationHandler = frame_support::migrations::ForceUnstuckOnFailedMigration;
	type MaxServiceWeight = MbmServiceWeight;
	type WeightInfo = crate::weights::pallet_migrations::WeightInfo<Runtime>;
}

/// Unsigned transactions the runtime creates itself (a GRANDPA equivocation report, submitted
/// by the node's voter through the offchain transaction pool).
impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	type Extrinsic = crate::UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<LocalCall> frame_system::offchain::CreateBare<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	fn create_bare(call: RuntimeCall) -> crate::UncheckedExtrinsic {
		crate::UncheckedExtrinsic::new_bare(call)
	}
}
