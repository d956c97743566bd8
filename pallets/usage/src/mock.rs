//! The test runtime: System, Balances (payers' bonds are holds) and the usage pallet, with a
//! storage-backed fake device registry, credits ledger and BME (epoch, budgets, price and the
//! data-transfer pool), all in storage so that failed dispatches roll them back.

use crate::{self as pallet_usage, *};
pub use depin_primitives::genesis_hash;
use depin_primitives::{
	payloads::DataSessionFields, CreditsError, DeviceAttributes, DeviceInfo, DeviceSignature,
	DeviceStatus, HotspotAttributes, RewardPool, RewardShares, Shares, SuspendReason,
};
use frame_support::{
	construct_runtime, derive_impl,
	pallet_prelude::{BoundedVec, TransactionSource, ValueQuery},
	traits::{ConstU32, ConstU64},
	Blake2_128Concat, Twox64Concat,
};
use frame_system::EnsureRoot;
use sp_core::{sr25519, Pair};
use sp_runtime::{BuildStorage, DispatchResult};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;

construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Usage: pallet_usage,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

pub const MAX_SESSION_AGE: u64 = 20;
pub const MAX_SESSIONS_PER_HOTSPOT: u32 = 4;
pub const MAX_SESSIONS_PER_REPORT: u32 = 8;
/// Few, so that tests see noting and pruning spread over blocks.
pub const MAX_NOTED_PER_BLOCK: u32 = 2;
pub const MAX_PRUNED_PER_BLOCK: u32 = 3;
pub const MAX_PAYERS: u32 = 4;
pub const REPORT_PRIORITY: u64 = 1 << 60;

impl pallet_usage::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Registry = FakeRegistry;
	type Credits = FakeCredits;
	type Rewards = FakeBme;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type ReportPriority = ConstU64<REPORT_PRIORITY>;
	type MaxSessionsPerReport = ConstU32<MAX_SESSIONS_PER_REPORT>;
	type MaxSessionsPerHotspotEpoch = ConstU32<MAX_SESSIONS_PER_HOTSPOT>;
	type MaxSessionAge = ConstU64<MAX_SESSION_AGE>;
	type MaxPayers = ConstU32<MAX_PAYERS>;
	type MaxNotedPerBlock = ConstU32<MAX_NOTED_PER_BLOCK>;
	type MaxPrunedPerBlock = ConstU32<MAX_PRUNED_PER_BLOCK>;
	type MaxCapPermille = ConstU32<10_000>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = FakeRegistry;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for FakeRegistry {
	fn register_hotspot(owner: &AccountId, key: DeviceKey, location: H3Cell) -> DeviceId {
		let id = FakeDevices::iter_keys().max().map_or(1_000, |max| max + 1);
		insert_hotspot(id, *owner, key, Some(location));
		id
	}

	fn fund_credits(who: &AccountId, amount: CreditBalance) {
		FakeCreditAccounts::mutate(who, |(spendable, _)| *spendable += amount);
	}

	fn end_epoch(budget: u128) {
		let epoch = FakeEpoch::get();
		FakeBudgets::insert(epoch, budget);
		FakeEpoch::put(epoch + 1);
		FakeValuePerCredit::put(VALUE_PER_CREDIT);
	}
}

// Accounts.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// The carrier: a payer's account.
pub const CARRIER: AccountId = 10;
/// Where governance sends slashed bonds.
pub const TREASURY: AccountId = 99;

/// Every test account's starting balance.
pub const FUNDS: Balance = 1_000_000;
/// A payer's bond.
pub const BOND: Balance = 10_000;
/// The carrier's starting credits.
pub const CREDITS: CreditBalance = 100_000_000;
/// Helium Mobile's price: $0.50 a gigabyte.
pub const PRICE: TrafficPrice = TrafficPrice { per_gb: 50_000, per_packet: 0 };
/// A gigabyte.
pub const GB: u64 = 1_000_000_000;
/// The DPN base units one credit is worth at the fake price ($1 a DPN: 10⁻⁵ DPN).
pub const VALUE_PER_CREDIT: u128 = 10_000_000;

/// The block every test starts at.
pub const START: u64 = 50;

/// A resolution-12 cell (the Statue of Liberty) and one in another resolution-8 hex nearby.
pub const HOME: H3Cell = H3Cell(0x08c2a1072b59b9ff);
pub const NEAR: H3Cell = H3Cell((0x08c2a1072b59b9ff & !(0b111 << 21)) | (1 << 21));

#[frame_support::storage_alias(verbatim)]
pub type FakeDevices =
	StorageMap<RegistryFake, Twox64Concat, DeviceId, DeviceInfo<AccountId, u64, u64>>;

/// Devices as (id → record), written directly by the tests.
pub struct FakeRegistry;

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
		FakeDevices::mutate(device, |info| {
			if let Some(info) = info {
				info.status = DeviceStatus::Suspended { reason };
			}
		});
		Ok(())
	}
	fn resume(device: DeviceId, _: SuspendReason) -> DispatchResult {
		FakeDevices::mutate(device, |info| {
			if let Some(info) = info {
				info.status = DeviceStatus::Active;
			}
		});
		Ok(())
	}
}

#[frame_support::storage_alias(verbatim)]
pub type FakeCreditAccounts = StorageMap<
	CreditsFake,
	Blake2_128Concat,
	AccountId,
	(CreditBalance, CreditBalance),
	ValueQuery,
>;

#[frame_support::storage_alias(verbatim)]
pub type FakeCreditsBurned = StorageValue<CreditsFake, CreditBalance, ValueQuery>;

/// Credits as (spendable, escrowed) per account.
pub struct FakeCredits;

impl Credits<AccountId> for FakeCredits {
	fn balance(who: &AccountId) -> CreditBalance {
		FakeCreditAccounts::get(who).0
	}
	fn escrowed(who: &AccountId) -> CreditBalance {
		FakeCreditAccounts::get(who).1
	}
	fn spend(who: &AccountId, amount: CreditBalance) -> DispatchResult {
		FakeCreditAccounts::try_mutate(who, |(spendable, _)| {
			*spendable = spendable.checked_sub(amount).ok_or(CreditsError::InsufficientCredits)?;
			Ok::<_, DispatchError>(())
		})
	}
	fn escrow(who: &AccountId, amount: CreditBalance) -> DispatchResult {
		FakeCreditAccounts::try_mutate(who, |(spendable, escrowed)| {
			*spendable = spendable.checked_sub(amount).ok_or(CreditsError::InsufficientCredits)?;
			*escrowed += amount;
			Ok::<_, DispatchError>(())
		})
	}
	fn release(who: &AccountId, amount: CreditBalance) -> DispatchResult {
		FakeCreditAccounts::try_mutate(who, |(spendable, escrowed)| {
			*escrowed = escrowed.checked_sub(amount).ok_or(CreditsError::InsufficientEscrow)?;
			*spendable += amount;
			Ok::<_, DispatchError>(())
		})
	}
	fn burn_escrowed(who: &AccountId, amount: CreditBalance) -> DispatchResult {
		FakeCreditAccounts::try_mutate(who, |(_, escrowed)| {
			*escrowed = escrowed.checked_sub(amount).ok_or(CreditsError::InsufficientEscrow)?;
			Ok::<_, DispatchError>(())
		})?;
		FakeCreditsBurned::mutate(|burned| *burned += amount);
		Ok(())
	}
}

#[frame_support::storage_alias(verbatim)]
pub type FakeEpoch = StorageValue<BmeFake, EpochIndex, ValueQuery>;

#[frame_support::storage_alias(verbatim)]
pub type FakeBudgets = StorageMap<BmeFake, Twox64Concat, EpochIndex, u128, ValueQuery>;

/// DPN base units per credit; none means there is no price.
#[frame_support::storage_alias(verbatim)]
pub type FakeValuePerCredit = StorageValue<BmeFake, u128, ValueQuery>;

#[frame_support::storage_alias(verbatim)]
pub type FakeDataShares = StorageDoubleMap<
	BmeFake,
	Twox64Concat,
	EpochIndex,
	Twox64Concat,
	AccountId,
	Shares,
	ValueQuery,
>;

/// The epoch, the budget set aside per epoch, the price, and the data-transfer pool's shares.
pub struct FakeBme;

impl RewardShares<AccountId> for FakeBme {
	fn current_epoch() -> EpochIndex {
		FakeEpoch::get()
	}
	fn note_shares(
		pool: RewardPool,
		epoch: EpochIndex,
		who: &AccountId,
		shares: Shares,
	) -> DispatchResult {
		if pool != RewardPool::DataTransfer || epoch != FakeEpoch::get() {
			return Err(DispatchError::Other("shares refused"));
		}
		FakeDataShares::mutate(epoch, who, |total| *total += shares);
		Ok(())
	}
}

impl DataTransferRewards<AccountId> for FakeBme {
	fn data_transfer_budget(epoch: EpochIndex) -> u128 {
		FakeBudgets::get(epoch)
	}
	fn credits_value(credits: CreditBalance) -> Option<u128> {
		let value = FakeValuePerCredit::get();
		(value > 0).then(|| credits * value)
	}
}

/// `who`'s data-transfer rewards noted in the pool of `epoch`.
pub fn noted(epoch: EpochIndex, who: AccountId) -> Shares {
	FakeDataShares::get(epoch, who)
}

/// The key pair of test device or routing key `n`.
pub fn pair(n: u8) -> sr25519::Pair {
	sr25519::Pair::from_seed(&[n; 32])
}

/// The key of test device or routing key `n`.
pub fn key(n: u8) -> DeviceKey {
	DeviceKey::Sr25519(pair(n).public().0)
}

/// Registers test device `n` (id `n`, key `n`) as an active hotspot of `owner` at `cell`.
pub fn hotspot(n: u8, owner: AccountId, cell: Option<H3Cell>) -> DeviceId {
	insert_hotspot(DeviceId::from(n), owner, key(n), cell);
	DeviceId::from(n)
}

fn insert_hotspot(id: DeviceId, owner: AccountId, key: DeviceKey, cell: Option<H3Cell>) {
	FakeDevices::insert(
		id,
		DeviceInfo {
			owner,
			key,
			maker: 0,
			attributes: DeviceAttributes::Hotspot(HotspotAttributes {
				gain_dbi_x10: 40,
				elevation_m: 10,
			}),
			status: DeviceStatus::Active,
			location: cell,
			location_asserts: u32::from(cell.is_some()),
			bond: 0,
			onboarded_at: 0,
			unbonding_until: None,
		},
	);
}

/// The routing key of the test payer: key 100.
pub const ROUTER: u8 = 100;

/// Approves `account` as a payer with routing key `router`, the test bond and price, and a
/// generous epoch limit, then escrows `escrow` of its credits.
pub fn payer_with(account: AccountId, router: u8, escrow: CreditBalance) -> PayerId {
	let name = ShortString::try_from(b"carrier".to_vec()).expect("short");
	let id = NextPayerId::<Test>::get();
	assert_ok(Usage::approve_payer(
		RuntimeOrigin::root(),
		account,
		key(router),
		name,
		BOND,
		PRICE,
		CREDITS,
	));
	if escrow > 0 {
		assert_ok(Usage::escrow_credits(RuntimeOrigin::signed(account), id, escrow));
	}
	id
}

/// The carrier as a payer with all its credits escrowed.
pub fn payer() -> PayerId {
	payer_with(CARRIER, ROUTER, CREDITS)
}

fn assert_ok(result: DispatchResult) {
	if let Err(error) = result {
		panic!("expected Ok, got {error:?}");
	}
}

/// A session of `hotspot` for `payer`, id byte `id`, carrying `bytes` down, its period ending
/// at the previous block.
pub fn session(hotspot: DeviceId, payer: PayerId, id: u8, bytes: u64) -> DataSessionFields {
	let now = System::block_number();
	DataSessionFields {
		hotspot,
		payer,
		session_id: [id; 16],
		period: (now.saturating_sub(10), now - 1),
		bytes_up: 0,
		bytes_down: bytes,
		packets: 0,
	}
}

/// `session` signed by device key `device` and countersigned by routing key `router`.
pub fn sign_with(session: DataSessionFields, device: u8, router: u8) -> SignedSession {
	let genesis = genesis_hash::<Test>();
	SignedSession {
		session,
		hotspot_signature: DeviceSignature::Sr25519(
			pair(device).sign(&session.payload(&genesis)).0,
		),
		payer_signature: DeviceSignature::Sr25519(
			pair(router).sign(&session.countersign_payload(&genesis)).0,
		),
	}
}

/// `session` signed by its hotspot's key (device `n` has key `n`) and the test router.
pub fn signed(session: DataSessionFields) -> SignedSession {
	sign_with(session, session.hotspot as u8, ROUTER)
}

/// Submits a report as the `AuthorizeCall` extension would: authorization in full, then the
/// dispatch with the `Authorized` origin. A report refused at authorization returns the
/// pallet error that refused it (the rules are checked first, as authorization checks them).
pub fn submit(sessions: Vec<SignedSession>) -> DispatchResult {
	Usage::check_sessions(&sessions, true)?;
	let sessions = BoundedVec::try_from(sessions).expect("tests stay within MaxSessionsPerReport");
	Usage::authorize_submit_sessions(TransactionSource::External, &sessions)
		.map_err(|_| DispatchError::Other("refused at authorization"))?;
	Usage::submit_sessions(RuntimeOrigin::from(frame_system::RawOrigin::Authorized), sessions)
}

/// Moves to block `n`, running the pallet's `on_initialize` in each block reached.
pub fn run_to_block(n: u64) {
	let mut now = System::block_number();
	while now < n {
		now += 1;
		System::set_block_number(now);
		<Usage as frame_support::traits::Hooks<u64>>::on_initialize(now);
	}
}

/// Ends the current epoch with `budget` set aside for its data, and moves to the next block,
/// whose `on_initialize` begins noting its rewards.
pub fn end_epoch(budget: u128) {
	let epoch = FakeEpoch::get();
	if budget > 0 {
		FakeBudgets::insert(epoch, budget);
	}
	FakeEpoch::put(epoch + 1);
	run_to_block(System::block_number() + 1);
}

/// Runs blocks until the ended epoch's rewards are all noted (at most 50).
pub fn note_all() {
	for _ in 0..50 {
		if NextToNote::<Test>::get() >= FakeEpoch::get() {
			return;
		}
		run_to_block(System::block_number() + 1);
	}
	panic!("the rewards were not all noted within 50 blocks");
}

/// This pallet's events so far.
pub fn events() -> Vec<pallet_usage::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Usage(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// The world of a test: block [`START`], funded accounts, the carrier's credits, a price.
#[derive(Default)]
pub struct ExtBuilder;

impl ExtBuilder {
	/// The externalities at block [`START`].
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default()
			.build_storage()
			.expect("the system genesis builds; qed");
		pallet_balances::GenesisConfig::<Test> {
			balances: [ALICE, BOB, CHARLIE, CARRIER, TREASURY]
				.into_iter()
				.map(|account| (account, FUNDS))
				.collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.expect("the balances genesis builds; qed");
		pallet_usage::GenesisConfig::<Test>::default()
			.assimilate_storage(&mut storage)
			.expect("the usage genesis builds; qed");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.register_extension(sp_keystore::KeystoreExt::new(
			sp_keystore::testing::MemoryKeystore::new(),
		));
		ext.execute_with(|| {
			System::set_block_number(0);
			run_to_block(START);
			FakeCreditAccounts::insert(CARRIER, (CREDITS, 0));
			FakeCreditAccounts::insert(ALICE, (CREDITS, 0));
			FakeValuePerCredit::put(VALUE_PER_CREDIT);
		});
		ext
	}

	/// Runs `test`, then checks every invariant of the pallet.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Usage::do_try_state().expect("the usage invariants hold after every test");
		});
	}
}
