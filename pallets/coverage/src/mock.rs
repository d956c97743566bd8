//! The test runtime: System and the coverage pallet, with a storage-backed fake device registry
//! that keeps the pallet's hex counts current as the real registry's hooks do, and fake reward
//! shares (both in storage so that failed dispatches roll them back).

use crate::{self as pallet_coverage, *};
pub use depin_primitives::genesis_hash;
use depin_primitives::{
	DeviceAttributes, DeviceInfo, DeviceKey, DeviceSignature, DeviceStatus, HotspotAttributes,
	SuspendReason,
};
use frame_support::{
	construct_runtime, derive_impl,
	pallet_prelude::{BoundedVec, TransactionSource, ValueQuery},
	traits::{ConstI32, ConstU32, ConstU64},
	Twox64Concat,
};
use frame_system::EnsureRoot;
use sp_core::{sr25519, Pair};
use sp_runtime::{BuildStorage, DispatchError, DispatchResult};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

/// The pool priority of a report in the mock.
pub const REPORT_PRIORITY: u64 = 1 << 60;

construct_runtime!(
	pub enum Test {
		System: frame_system,
		Coverage: pallet_coverage,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	// Non-zero, so that the refunds of reads are seen.
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
}

pub const MAX_BLOCK_AGE: u64 = 30;
pub const BEACON_INTERVAL: u64 = 100;
pub const RECIPROCITY_WINDOW: u64 = 1_000;
pub const REWARDED_WITNESSES: u32 = 14;
pub const MAX_WITNESSES: u32 = 20;
pub const MIN_DISTANCE: u32 = 345;
pub const MAX_DISTANCE: u32 = 100_000;
pub const MAX_TX_POWER: i32 = 300;
pub const RECEIPT_WINDOW: u64 = 10;
pub const MAX_WINDOW_RECEIPTS: u32 = 16;
pub const MAX_CLOSING_PER_BLOCK: u32 = 8;
/// Few, so that tests see the noting of an epoch's earners spread over blocks.
pub const MAX_NOTED_PER_BLOCK: u32 = 4;
/// The transmit power of test beacons: 27 dBm.
pub const TX_POWER: i32 = 270;
/// The antenna gain of test hotspots: 4 dBi.
pub const GAIN: u16 = 40;

impl pallet_coverage::Config for Test {
	type Registry = FakeRegistry;
	type Rewards = FakeRewards;
	type Demand = FakeDemand;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type MaxWitnesses = ConstU32<MAX_WITNESSES>;
	type ReportPriority = ConstU64<REPORT_PRIORITY>;
	type RewardedWitnesses = ConstU32<REWARDED_WITNESSES>;
	type MaxBlockAge = ConstU64<MAX_BLOCK_AGE>;
	type ReceiptWindow = ConstU64<RECEIPT_WINDOW>;
	type MaxWindowReceipts = ConstU32<MAX_WINDOW_RECEIPTS>;
	type MaxClosingPerBlock = ConstU32<MAX_CLOSING_PER_BLOCK>;
	type MaxNotedPerBlock = ConstU32<MAX_NOTED_PER_BLOCK>;
	type BeaconInterval = ConstU64<BEACON_INTERVAL>;
	type ReciprocityWindow = ConstU64<RECIPROCITY_WINDOW>;
	type MinDistance = ConstU32<MIN_DISTANCE>;
	type MaxDistance = ConstU32<MAX_DISTANCE>;
	type MaxTxPower = ConstI32<MAX_TX_POWER>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = FakeRegistry;
}

// Accounts.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;

/// The block every test starts at, so that recent entropy blocks exist.
pub const START: u64 = 50;
/// The beacon frequency used by default: 868.1 MHz.
pub const FREQUENCY: u64 = 868_100_000;

/// `cell` with digit `r` replaced by `digit`.
pub const fn with_digit(cell: H3Cell, r: u8, digit: u64) -> H3Cell {
	let offset = (15 - r as u32) * 3;
	H3Cell((cell.0 & !(0b111 << offset)) | (digit << offset))
}

/// The beaconer's cell: the Statue of Liberty, resolution 12.
pub const HOME: H3Cell = H3Cell(0x08c2a1072b59b9ff);
/// A valid witness cell: another resolution-8 parent in the same resolution-7 cell as `HOME`,
/// several hundred metres away.
pub const NEAR: H3Cell = with_digit(HOME, 8, 1);
/// Too close: the same resolution-9 parent as `HOME`, tens of metres away.
pub const TOO_CLOSE: H3Cell = with_digit(HOME, 12, 0);
/// Too far: San Francisco, about 4,100 km away.
pub const FAR: H3Cell = H3Cell(0x08c283082800b3ff);

#[frame_support::storage_alias(verbatim)]
pub type FakeDevices =
	StorageMap<RegistryFake, Twox64Concat, DeviceId, DeviceInfo<AccountId, u64, u64>>;

/// Devices as (id → record), written directly by the tests.
pub struct FakeRegistry;

impl FakeRegistry {
	/// Changes a registered device's record, then recounts it as the registry's hooks would.
	pub fn modify(device: DeviceId, f: impl FnOnce(&mut DeviceInfo<AccountId, u64, u64>)) {
		FakeDevices::mutate(device, |info| f(info.as_mut().expect("the device is registered")));
		Self::recount(device);
	}

	/// Counts `device` where it is counted while `Active` and located.
	fn recount(device: DeviceId) {
		let at = FakeDevices::get(device)
			.filter(|info| info.status == DeviceStatus::Active && info.hotspot().is_some())
			.and_then(|info| info.location);
		Coverage::recount(device, at);
	}
}

impl DeviceRegistry<AccountId> for FakeRegistry {
	type Balance = u64;
	type BlockNumber = u64;

	fn device(device: DeviceId) -> Option<DeviceInfo<AccountId, u64, u64>> {
		FakeDevices::get(device)
	}
	fn device_by_key(key: &DeviceKey) -> Option<(DeviceId, DeviceInfo<AccountId, u64, u64>)> {
		FakeDevices::iter().find(|(_, info)| info.key == *key)
	}
	fn slash_bond(_: DeviceId, _: u64, _: &AccountId) -> Result<u64, DispatchError> {
		Ok(0)
	}
	fn suspend(device: DeviceId, reason: SuspendReason) -> DispatchResult {
		FakeDevices::try_mutate(device, |info| {
			let info = info.as_mut().ok_or(DispatchError::CannotLookup)?;
			info.status = DeviceStatus::Suspended { reason };
			Ok::<_, DispatchError>(())
		})?;
		Self::recount(device);
		Ok(())
	}
	fn resume(device: DeviceId, _: SuspendReason) -> DispatchResult {
		FakeDevices::try_mutate(device, |info| {
			let info = info.as_mut().ok_or(DispatchError::CannotLookup)?;
			info.status = DeviceStatus::Active;
			Ok::<_, DispatchError>(())
		})?;
		Self::recount(device);
		Ok(())
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for FakeRegistry {
	fn register_hotspot(owner: &AccountId, key: DeviceKey, location: H3Cell) -> DeviceId {
		let id = FakeDevices::iter_keys().max().map_or(1_000, |max| max + 1);
		insert_device(id, *owner, key, Some(location));
		id
	}

	fn start_epoch(epoch: EpochIndex) {
		FakeEpoch::put(epoch);
	}
}

#[frame_support::storage_alias(verbatim)]
pub type FakeShares = StorageDoubleMap<
	RewardsFake,
	Twox64Concat,
	EpochIndex,
	Twox64Concat,
	AccountId,
	Shares,
	ValueQuery,
>;

#[frame_support::storage_alias(verbatim)]
pub type FakeEpoch = StorageValue<RewardsFake, EpochIndex, ValueQuery>;

#[frame_support::storage_alias(verbatim)]
pub type FakeRefuseNotes = StorageValue<RewardsFake, bool, ValueQuery>;

/// Shares per (epoch, account); refuses every note while `FakeRefuseNotes` is set.
pub struct FakeRewards;

impl RewardShares<AccountId> for FakeRewards {
	fn current_epoch() -> EpochIndex {
		FakeEpoch::get()
	}
	fn note_shares(
		pool: RewardPool,
		epoch: EpochIndex,
		who: &AccountId,
		shares: Shares,
	) -> DispatchResult {
		if FakeRefuseNotes::get() || pool != RewardPool::Coverage || epoch != FakeEpoch::get() {
			return Err(DispatchError::Other("shares refused"));
		}
		FakeShares::mutate(epoch, who, |total| *total = total.saturating_add(shares));
		Ok(())
	}
}

#[frame_support::storage_alias(verbatim)]
pub type FakeDemandWeights =
	StorageMap<DemandFake, Twox64Concat, (EpochIndex, H3Cell), sp_runtime::Perbill>;

/// The coverage weight of (epoch, resolution-12 location): 100 % unless a test set one.
pub struct FakeDemand;

impl depin_primitives::DemandWeight for FakeDemand {
	fn coverage_weight(epoch: EpochIndex, location: H3Cell) -> sp_runtime::Perbill {
		FakeDemandWeights::get((epoch, location)).unwrap_or_else(sp_runtime::Perbill::one)
	}
}

/// `who`'s coverage shares earned in the current epoch, as its hotspots' activity records hold
/// them (noted in a pool once the epoch has ended: [`end_epoch`], [`noted`]).
pub fn shares(who: AccountId) -> Shares {
	let epoch = FakeEpoch::get();
	Activity::<Test>::iter()
		.filter(|(device, activity)| {
			activity.epoch == epoch
				&& FakeDevices::get(device).is_some_and(|info| info.owner == who)
		})
		.map(|(_, activity)| activity.epoch_shares)
		.sum()
}

/// `who`'s shares noted in the coverage pool of `epoch`.
pub fn noted(epoch: EpochIndex, who: AccountId) -> Shares {
	FakeShares::get(epoch, who)
}

/// Ends the current epoch and moves to the next block, whose `on_initialize` notes the ended
/// epoch's earners (up to [`MAX_NOTED_PER_BLOCK`]).
pub fn end_epoch() {
	FakeEpoch::mutate(|epoch| *epoch += 1);
	run_to_block(System::block_number() + 1);
}

/// The key pair of test device `n`.
pub fn pair(n: u8) -> sr25519::Pair {
	sr25519::Pair::from_seed(&[n; 32])
}

/// The key of test device `n`.
pub fn key(n: u8) -> DeviceKey {
	DeviceKey::Sr25519(pair(n).public().0)
}

fn insert_device(id: DeviceId, owner: AccountId, key: DeviceKey, location: Option<H3Cell>) {
	FakeDevices::insert(
		id,
		DeviceInfo {
			owner,
			key,
			maker: 0,
			attributes: DeviceAttributes::Hotspot(HotspotAttributes {
				gain_dbi_x10: GAIN,
				elevation_m: 10,
			}),
			status: DeviceStatus::Active,
			location,
			location_asserts: u32::from(location.is_some()),
			bond: 0,
			onboarded_at: 0,
			unbonding_until: None,
		},
	);
	FakeRegistry::recount(id);
}

/// Registers test device `n` (id `n`) as an active hotspot of `owner` at `cell`.
pub fn hotspot(n: u8, owner: AccountId, cell: H3Cell) -> DeviceId {
	insert_device(DeviceId::from(n), owner, key(n), Some(cell));
	DeviceId::from(n)
}

/// Marks `device` as having beaconed with a witness and witnessed at the current block, so that
/// it passes both reciprocity checks.
pub fn reciprocal(device: DeviceId) {
	let now = System::block_number();
	Activity::<Test>::mutate(device, |activity| {
		activity.last_beacon = Some(now);
		activity.last_beacon_with_witness = Some(now);
		activity.last_valid_witness = Some(now);
	});
}

/// The hash the mock gives block `n`.
fn hash_of(n: u64) -> sp_core::H256 {
	sp_core::H256(sp_io::hashing::blake2_256(&n.to_le_bytes()))
}

/// Moves to block `n`, recording the hash of every block passed and running the pallet's
/// `on_initialize` in each block reached (which closes the windows due).
pub fn run_to_block(n: u64) {
	let mut now = System::block_number();
	while now < n {
		frame_system::BlockHash::<Test>::insert(now, hash_of(now));
		now += 1;
		System::set_block_number(now);
		<Coverage as frame_support::traits::Hooks<u64>>::on_initialize(now);
	}
}

/// A beacon by device `n` with entropy from `entropy_block` on `frequency_hz`, signed.
pub fn beacon_at(n: u8, entropy_block: u64, frequency_hz: u64) -> Beacon {
	let mut beacon = Beacon {
		beaconer: DeviceId::from(n),
		entropy_block,
		entropy_hash: frame_system::BlockHash::<Test>::get(entropy_block).0,
		frequency_hz,
		tx_power_dbm_x10: TX_POWER,
		signature: DeviceSignature::Sr25519([0u8; 64]),
	};
	beacon.signature =
		DeviceSignature::Sr25519(pair(n).sign(&beacon.signing_payload(&genesis_hash::<Test>())).0);
	beacon
}

/// A beacon by device `n` with entropy from the previous block.
pub fn beacon(n: u8) -> Beacon {
	beacon_at(n, System::block_number() - 1, FREQUENCY)
}

/// Device `n`'s signed receipt of `beacon`, heard at `location` on `frequency_hz`.
pub fn receipt_at(beacon: &Beacon, n: u8, location: H3Cell, frequency_hz: u64) -> WitnessReceipt {
	let mut receipt = WitnessReceipt {
		witness: DeviceId::from(n),
		signal_dbm_x10: -1_100,
		snr_db_x10: 55,
		frequency_hz,
		location,
		signature: DeviceSignature::Sr25519([0u8; 64]),
	};
	receipt.signature = DeviceSignature::Sr25519(
		pair(n).sign(&receipt.signing_payload(&genesis_hash::<Test>(), &beacon.id())).0,
	);
	receipt
}

/// Device `n`'s signed receipt of `beacon` from its registered location on the beacon's
/// frequency.
pub fn receipt(beacon: &Beacon, n: u8) -> WitnessReceipt {
	let location =
		FakeDevices::get(DeviceId::from(n)).and_then(|info| info.location).unwrap_or(NEAR);
	receipt_at(beacon, n, location, beacon.frequency_hz)
}

/// Submits a report as the `AuthorizeCall` extension would (authorization in full, then the
/// dispatch with the `Authorized` origin), without closing its window. A report refused at
/// authorization returns the pallet error that refused it when there is one (an opening), else
/// `Other("refused at authorization")`.
pub fn submit_only(beacon: Beacon, receipts: Vec<WitnessReceipt>) -> DispatchResult {
	let receipts = BoundedVec::try_from(receipts).expect("tests stay within MaxWitnesses");
	if !Windows::<Test>::contains_key(beacon.id()) {
		// The pallet error, rather than its pool code.
		Coverage::check_beacon(&beacon, true)?;
	}
	Coverage::authorize_submit_report(TransactionSource::External, &beacon, &receipts)
		.map_err(|_| DispatchError::Other("refused at authorization"))?;
	Coverage::submit_report(
		RuntimeOrigin::from(frame_system::RawOrigin::Authorized),
		beacon,
		receipts,
	)
	.map(|_| ())
	.map_err(|error| error.error)
}

/// Submits a report with [`submit_only`] and, when it was accepted, closes its beacon's window
/// at once (as if the window ended in this block), so that its rewards are noted: v1's
/// report-at-once, which the rule tests read.
pub fn submit(beacon: Beacon, receipts: Vec<WitnessReceipt>) -> DispatchResult {
	let id = beacon.id();
	submit_only(beacon, receipts)?;
	close_now(id);
	Ok(())
}

/// Settles and removes `beacon`'s window now, as its close block's `on_initialize` would, and
/// returns what the close did (for its weight).
pub fn close_now(id: depin_primitives::payloads::BeaconId) -> crate::features::Closed {
	let window = Windows::<Test>::take(id).expect("the beacon's window is open");
	Closing::<Test>::remove(window.closes_at, id);
	let left = ClosingCount::<Test>::take(window.closes_at) - 1;
	if left > 0 {
		ClosingCount::<Test>::insert(window.closes_at, left);
	}
	Coverage::settle(id, window)
}

/// This pallet's events so far.
pub fn events() -> Vec<pallet_coverage::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Coverage(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// The reasons recorded for invalid receipts, in order.
pub fn invalid_reasons() -> Vec<(DeviceId, WitnessInvalid)> {
	events()
		.into_iter()
		.filter_map(|event| match event {
			Event::WitnessInvalid { witness, reason, .. } => Some((witness, reason)),
			_ => None,
		})
		.collect()
}

/// Turns hex-density clipping off, so that shares are plain reward units.
pub fn no_clipping() {
	DensityRules::<Test>::put(
		[DensityRule { neighbors: 1, target: MAX_DENSITY_LIMIT, max: MAX_DENSITY_LIMIT };
			DENSITY_RESOLUTIONS],
	);
}

/// Devices `witnesses` by their rank for `beacon` ([`Beacon::rank_of`]), best first.
pub fn by_rank(beacon: &Beacon, witnesses: &[u8]) -> Vec<u8> {
	let mut ranked: Vec<([u8; 32], u8)> =
		witnesses.iter().map(|&n| (beacon.rank_of(&key(n)), n)).collect();
	ranked.sort();
	ranked.into_iter().map(|(_, n)| n).collect()
}

/// The witnesses a window of all of `witnesses` rewards: the best `RewardedWitnesses` ranks.
pub fn best_ranked(beacon: &Beacon, witnesses: &[u8]) -> Vec<DeviceId> {
	by_rank(beacon, witnesses)
		.into_iter()
		.take(REWARDED_WITNESSES as usize)
		.map(DeviceId::from)
		.collect()
}

/// A `BeaconRewarded` event's valid witness count, beacon shares and rewarded witnesses.
pub type Accepted = (u32, Shares, Vec<(DeviceId, Shares)>);

/// The last `BeaconRewarded` event's (valid count, beacon shares, rewarded witnesses).
pub fn last_accepted() -> Option<Accepted> {
	events().into_iter().rev().find_map(|event| match event {
		Event::BeaconRewarded { valid_witnesses, beacon_shares, rewarded, .. } => {
			Some((valid_witnesses, beacon_shares, rewarded))
		}
		_ => None,
	})
}

/// The world of a test: block [`START`] with every earlier block's hash recorded, and no
/// devices.
#[derive(Default)]
pub struct ExtBuilder;

impl ExtBuilder {
	/// The externalities at block [`START`].
	pub fn build(self) -> sp_io::TestExternalities {
		let storage = frame_system::GenesisConfig::<Test>::default()
			.build_storage()
			.expect("the system genesis builds; qed");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.register_extension(sp_keystore::KeystoreExt::new(
			sp_keystore::testing::MemoryKeystore::new(),
		));
		ext.execute_with(|| {
			System::set_block_number(0);
			run_to_block(START);
		});
		ext
	}

	/// Runs `test`, then checks every invariant of the pallet.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Coverage::do_try_state().expect("the coverage invariants hold after every test");
		});
	}
}
