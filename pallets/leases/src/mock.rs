//! The test runtime: System, Balances and the leases pallet, with storage-backed fakes (so that
//! failed dispatches roll them back) of the device registry, the credits ledger and BME's usage
//! settlement, and an `ExtBuilder` that states the world in a line.

use crate::{self as pallet_leases, *};
pub use depin_primitives::genesis_hash;
use depin_primitives::{
	payloads::{availability_payload, heartbeat_payload},
	CreditsError, DeviceAttributes, DeviceInfo, DeviceKey, DeviceStatus, EpochIndex, GpuAttributes,
	GpuInterface, Settlement, ShortString, SuspendReason,
};
use frame_support::{
	assert_ok, construct_runtime, derive_impl,
	pallet_prelude::ValueQuery,
	traits::{fungible::Mutate, ConstU32, ConstU64, Hooks},
	weights::Weight,
	Blake2_128Concat, Twox64Concat,
};
use frame_system::EnsureRoot;
use sp_core::{sr25519, Pair};
use sp_runtime::{BuildStorage, DispatchError};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;
pub type BlockNumber = u64;

construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Leases: pallet_leases,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
	// Longer than an availability window, whose last block's hash a proof signs.
	type BlockHashCount = ConstU64<4096>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

/// 6-second blocks: 600 an hour, so a price of 600 credits an hour is one credit a block.
pub const BLOCKS_PER_HOUR: u32 = 600;
pub const MAX_BIDS: u32 = 20;
pub const MAX_BID_BOND: Balance = 1_000;

impl pallet_leases::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Credits = FakeCredits;
	type Settlement = FakeSettlement;
	type Registry = FakeRegistry;
	type Rewards = FakeRewards;
	type Treasury = TreasuryAccount;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type BlocksPerHour = ConstU32<BLOCKS_PER_HOUR>;
	type MaxBidsPerOrder = ConstU32<MAX_BIDS>;
	type HeartbeatPriority = ConstU64<HEARTBEAT_PRIORITY>;
	type MaxBidBond = ConstU64<MAX_BID_BOND>;
	type MaxPageSize = ConstU32<10>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = FakeRegistry;
}

// Accounts.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;

// Genesis values.
pub const STARTING_BALANCE: Balance = 10_000;
pub const STARTING_CREDITS: CreditBalance = 1_000_000;
pub const BID_BOND: Balance = 50;
/// DPN held from a tenant per open order.
pub const ORDER_DEPOSIT: Balance = 20;
pub const DEVICE_BOND: Balance = 1_000;
/// One credit a block.
pub const PRICE: CreditBalance = 600;
pub const HEARTBEAT: BlockNumber = 100;
/// The treasury's account, which receives the rest of a breach slash.
pub const TREASURY: AccountId = 99;
frame_support::parameter_types! {
	pub const TreasuryAccount: AccountId = TREASURY;
}
/// The pool priority of a heartbeat in the mock.
pub const HEARTBEAT_PRIORITY: u64 = 1 << 60;
pub const MAX_MISSED: u32 = 3;
pub const GRACE: BlockNumber = 50;
pub const NOTICE: BlockNumber = 30;
pub const ORDER_EXPIRY: BlockNumber = 20;
/// The default availability window: one hour.
pub const WINDOW: BlockNumber = BLOCKS_PER_HOUR as BlockNumber;

// ---- Fake registry ----

#[frame_support::storage_alias(verbatim)]
pub type FakeDevices =
	StorageMap<RegistryFake, Twox64Concat, DeviceId, DeviceInfo<AccountId, Balance, BlockNumber>>;

/// Devices as (id → record), written directly by the tests; slashes pay from the recorded bond.
pub struct FakeRegistry;

impl FakeRegistry {
	/// Changes a registered device's record.
	pub fn modify(device: DeviceId, f: impl FnOnce(&mut DeviceInfo<AccountId, Balance, u64>)) {
		FakeDevices::mutate(device, |info| f(info.as_mut().expect("the device is registered")));
	}
}

impl DeviceRegistry<AccountId> for FakeRegistry {
	type Balance = Balance;
	type BlockNumber = BlockNumber;

	fn device(device: DeviceId) -> Option<DeviceInfo<AccountId, Balance, BlockNumber>> {
		FakeDevices::get(device)
	}
	fn device_by_key(
		key: &DeviceKey,
	) -> Option<(DeviceId, DeviceInfo<AccountId, Balance, BlockNumber>)> {
		FakeDevices::iter().find(|(_, info)| info.key == *key)
	}
	fn slash_bond(
		device: DeviceId,
		amount: Balance,
		beneficiary: &AccountId,
	) -> Result<Balance, DispatchError> {
		let taken = FakeDevices::try_mutate(device, |info| {
			let info = info.as_mut().ok_or(DispatchError::CannotLookup)?;
			let taken = amount.min(info.bond);
			info.bond -= taken;
			Ok::<Balance, DispatchError>(taken)
		})?;
		Balances::mint_into(beneficiary, taken)?;
		Ok(taken)
	}
	fn suspend(device: DeviceId, reason: SuspendReason) -> DispatchResult {
		FakeDevices::try_mutate(device, |info| {
			let info = info.as_mut().ok_or(DispatchError::CannotLookup)?;
			info.status = DeviceStatus::Suspended { reason };
			Ok(())
		})
	}
	fn resume(device: DeviceId, _: SuspendReason) -> DispatchResult {
		FakeDevices::try_mutate(device, |info| {
			let info = info.as_mut().ok_or(DispatchError::CannotLookup)?;
			info.status = DeviceStatus::Active;
			Ok(())
		})
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for FakeRegistry {
	fn register_gpu(owner: &AccountId, key: DeviceKey) -> DeviceId {
		let id = FakeDevices::iter_keys().max().map_or(1_000, |max| max + 1);
		insert_device(id, *owner, key, h100());
		id
	}
	fn fund_credits(who: &AccountId, amount: CreditBalance) {
		FakeCredits::set_balance(*who, amount);
	}
	fn enable_settlement() {
		SettlementFails::set(false);
	}
}

/// A short name.
pub fn name(s: &[u8]) -> ShortString {
	ShortString::try_from(s.to_vec()).expect("test names are at most 32 bytes; qed")
}

/// A region code.
pub fn region(s: &[u8]) -> Region {
	Region::try_from(s.to_vec()).expect("test regions are at most 16 bytes; qed")
}

/// 8 × NVIDIA H100 80 GiB.
pub fn h100() -> GpuAttributes {
	GpuAttributes {
		vendor: name(b"NVIDIA"),
		model: name(b"H100"),
		vram_gib: 80,
		count: 8,
		interface: GpuInterface::Sxm,
	}
}

/// 1 × NVIDIA RTX4090 24 GiB.
pub fn rtx4090() -> GpuAttributes {
	GpuAttributes {
		vendor: name(b"NVIDIA"),
		model: name(b"RTX4090"),
		vram_gib: 24,
		count: 1,
		interface: GpuInterface::Pcie,
	}
}

/// The key pair of test device `n`.
pub fn pair(n: u8) -> sr25519::Pair {
	sr25519::Pair::from_seed(&[n; 32])
}

/// The key of test device `n`.
pub fn key(n: u8) -> DeviceKey {
	DeviceKey::Sr25519(pair(n).public().0)
}

fn insert_device(id: DeviceId, owner: AccountId, key: DeviceKey, gpu: GpuAttributes) {
	FakeDevices::insert(
		id,
		DeviceInfo {
			owner,
			key,
			maker: 0,
			attributes: DeviceAttributes::Gpu(gpu),
			status: DeviceStatus::Active,
			location: None,
			location_asserts: 0,
			bond: DEVICE_BOND,
			onboarded_at: 0,
			unbonding_until: None,
		},
	);
}

/// Registers test device `n` (id `n`, key `key(n)`) as an active GPU machine of `owner`.
pub fn gpu_device(n: u8, owner: AccountId, gpu: GpuAttributes) -> DeviceId {
	insert_device(DeviceId::from(n), owner, key(n), gpu);
	DeviceId::from(n)
}

/// Registers test device `n` as an active hotspot of `owner`.
pub fn hotspot_device(n: u8, owner: AccountId) -> DeviceId {
	FakeDevices::insert(
		DeviceId::from(n),
		DeviceInfo {
			owner,
			key: key(n),
			maker: 0,
			attributes: DeviceAttributes::Hotspot(Default::default()),
			status: DeviceStatus::Active,
			location: None,
			location_asserts: 0,
			bond: DEVICE_BOND,
			onboarded_at: 0,
			unbonding_until: None,
		},
	);
	DeviceId::from(n)
}

/// The registry bond of `device`.
pub fn device_bond(device: DeviceId) -> Balance {
	FakeDevices::get(device).map_or(0, |info| info.bond)
}

// ---- Fake credits ----

#[frame_support::storage_alias(verbatim)]
pub type CreditLedger = StorageMap<
	CreditsFake,
	Blake2_128Concat,
	AccountId,
	(CreditBalance, CreditBalance),
	ValueQuery,
>;

#[frame_support::storage_alias(verbatim)]
pub type CreditsBurned = StorageValue<CreditsFake, CreditBalance, ValueQuery>;

/// Credits as (spendable, escrowed) per account, with a counter of what was burned.
pub struct FakeCredits;

impl FakeCredits {
	/// Sets `who`'s spendable credits.
	pub fn set_balance(who: AccountId, amount: CreditBalance) {
		CreditLedger::mutate(who, |(spendable, _)| *spendable = amount);
	}
}

impl Credits<AccountId> for FakeCredits {
	fn balance(who: &AccountId) -> CreditBalance {
		CreditLedger::get(who).0
	}
	fn escrowed(who: &AccountId) -> CreditBalance {
		CreditLedger::get(who).1
	}
	fn spend(who: &AccountId, amount: CreditBalance) -> DispatchResult {
		CreditLedger::try_mutate(who, |(spendable, _)| {
			*spendable = spendable.checked_sub(amount).ok_or(CreditsError::InsufficientCredits)?;
			Ok::<(), CreditsError>(())
		})?;
		CreditsBurned::mutate(|burned| *burned = burned.saturating_add(amount));
		Ok(())
	}
	fn escrow(who: &AccountId, amount: CreditBalance) -> DispatchResult {
		CreditLedger::try_mutate(who, |(spendable, escrowed)| {
			*spendable = spendable.checked_sub(amount).ok_or(CreditsError::InsufficientCredits)?;
			*escrowed = escrowed.checked_add(amount).ok_or(CreditsError::Overflow)?;
			Ok::<(), CreditsError>(())
		})?;
		Ok(())
	}
	fn release(who: &AccountId, amount: CreditBalance) -> DispatchResult {
		CreditLedger::try_mutate(who, |(spendable, escrowed)| {
			*escrowed = escrowed.checked_sub(amount).ok_or(CreditsError::InsufficientEscrow)?;
			*spendable = spendable.checked_add(amount).ok_or(CreditsError::Overflow)?;
			Ok::<(), CreditsError>(())
		})?;
		Ok(())
	}
	fn burn_escrowed(who: &AccountId, amount: CreditBalance) -> DispatchResult {
		CreditLedger::try_mutate(who, |(_, escrowed)| {
			*escrowed = escrowed.checked_sub(amount).ok_or(CreditsError::InsufficientEscrow)?;
			Ok::<(), CreditsError>(())
		})?;
		Ok(())
	}
}

/// `who`'s spendable credits.
pub fn credits(who: AccountId) -> CreditBalance {
	FakeCredits::balance(&who)
}

/// `who`'s escrowed credits.
pub fn escrowed(who: AccountId) -> CreditBalance {
	FakeCredits::escrowed(&who)
}

// ---- Fake settlement ----

#[frame_support::storage_alias(verbatim)]
pub type ProviderPaid =
	StorageMap<SettlementFake, Blake2_128Concat, AccountId, CreditBalance, ValueQuery>;

#[frame_support::storage_alias(verbatim)]
pub type SettlementFails = StorageValue<SettlementFake, bool, ValueQuery>;

/// Burns the credits from the payer's escrow and records them as paid to the provider (the real
/// BME mints DPN at the oracle price); fails, changing nothing, while `SettlementFails` is set
/// (as BME does without a price) or when the escrow is short.
pub struct FakeSettlement;

impl UsageSettlement<AccountId> for FakeSettlement {
	type Balance = Balance;

	fn settle(
		payer: &AccountId,
		provider: &AccountId,
		credits: CreditBalance,
	) -> Result<Settlement<Balance>, DispatchError> {
		if SettlementFails::get() {
			return Err(DispatchError::Other("no price"));
		}
		CreditLedger::try_mutate(payer, |(_, escrowed)| {
			*escrowed = escrowed.checked_sub(credits).ok_or(CreditsError::InsufficientEscrow)?;
			Ok::<(), CreditsError>(())
		})?;
		CreditsBurned::mutate(|burned| *burned = burned.saturating_add(credits));
		ProviderPaid::mutate(provider, |paid| *paid = paid.saturating_add(credits));
		Ok(Settlement { credits_burned: credits, provider_paid: 0, protocol_fee: 0 })
	}
}

/// Credits settled to `provider` through the fake BME.
pub fn paid(provider: AccountId) -> CreditBalance {
	ProviderPaid::get(provider)
}

/// Makes every settlement fail (as without an oracle price) or succeed again.
pub fn settlement_fails(fails: bool) {
	SettlementFails::set(fails);
}

// ---- Helpers ----

/// This pallet's events so far.
pub fn events() -> Vec<pallet_leases::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Leases(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// Whether `event` was emitted.
pub fn emitted(event: pallet_leases::Event<Test>) -> bool {
	events().contains(&event)
}

/// DPN held from `who` for bids.
pub fn bid_bonds_held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	<Balances as InspectHold<AccountId>>::balance_on_hold(&HoldReason::BidBond.into(), &who)
}

/// DPN held from `who` for order deposits.
pub fn order_deposits_held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	<Balances as InspectHold<AccountId>>::balance_on_hold(&HoldReason::OrderDeposit.into(), &who)
}

/// `who`'s free DPN.
pub fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

/// Terms at `price` credits an hour, 10..=10,000 blocks, in `eu-west`.
pub fn terms(price: CreditBalance) -> OfferTermsOf<Test> {
	OfferTerms {
		price_per_hour: price,
		min_duration: 10,
		max_duration: 10_000,
		region: region(b"eu-west"),
	}
}

/// Requirements any H100 machine in `eu-west` meets at up to `max_price` an hour.
pub fn requirements(max_price: CreditBalance) -> Requirements {
	Requirements {
		model: Some(name(b"H100")),
		min_vram_gib: 40,
		gpu_count: 4,
		region: Some(region(b"eu-west")),
		max_price_per_hour: max_price,
	}
}

/// Registers H100 device `n` for `owner` and lists it at `price`.
pub fn listed(n: u8, owner: AccountId, price: CreditBalance) -> DeviceId {
	let device = gpu_device(n, owner, h100());
	assert_ok!(Leases::list_offer(RuntimeOrigin::signed(owner), device, terms(price)));
	device
}

/// `tenant` leases listed `device` directly for `duration` blocks with `deposit`; returns the
/// lease id.
pub fn lease(
	tenant: AccountId,
	device: DeviceId,
	duration: u64,
	deposit: CreditBalance,
) -> LeaseId {
	assert_ok!(Leases::lease_offer(
		RuntimeOrigin::signed(tenant),
		device,
		duration,
		deposit,
		MAX_PRICE_PER_HOUR
	));
	NextLeaseId::<Test>::get() - 1
}

/// Device `n`'s signature over the heartbeat of `lease` for `interval`.
pub fn heartbeat_signature(n: u8, lease: LeaseId, interval: IntervalIndex) -> DeviceSignature {
	DeviceSignature::Sr25519(
		pair(n).sign(&heartbeat_payload(&genesis_hash::<Test>(), lease, interval)).0,
	)
}

/// Device `n` heartbeats `lease` for the current interval, with the `Authorized` origin as the
/// `AuthorizeCall` extension would.
pub fn beat(n: u8, lease: LeaseId) -> DispatchResult {
	let stored = LeaseRecords::<Test>::get(lease).expect("the lease is stored");
	let interval = Leases::interval_at(&stored, System::block_number());
	Leases::heartbeat(
		RuntimeOrigin::from(frame_system::RawOrigin::Authorized),
		lease,
		interval,
		heartbeat_signature(n, lease, interval),
	)
}

/// The stored lease.
pub fn lease_of(lease: LeaseId) -> LeaseOf<Test> {
	LeaseRecords::<Test>::get(lease).expect("the lease is stored")
}

/// Moves to block `n` (no hooks run), keeping a distinct hash for every block passed, as
/// `frame_system` keeps its parents' hashes.
pub fn run_to_block(n: BlockNumber) {
	for block in System::block_number()..n {
		frame_system::BlockHash::<Test>::insert(block, block_hash(block));
	}
	System::set_block_number(n);
}

/// The hash the mock gives block `n`.
pub fn block_hash(n: BlockNumber) -> sp_core::H256 {
	sp_core::H256(sp_io::hashing::blake2_256(&n.to_le_bytes()))
}

// ---- Fake rewards ----

#[frame_support::storage_alias(verbatim)]
pub type FakeAvailabilityShares = StorageDoubleMap<
	RewardsFake,
	Twox64Concat,
	EpochIndex,
	Twox64Concat,
	AccountId,
	u128,
	ValueQuery,
>;

#[frame_support::storage_alias(verbatim)]
pub type FakeEpoch = StorageValue<RewardsFake, EpochIndex, ValueQuery>;

/// Compute-availability shares per (epoch, account); any other pool is refused.
pub struct FakeRewards;

impl depin_primitives::RewardShares<AccountId> for FakeRewards {
	fn current_epoch() -> EpochIndex {
		FakeEpoch::get()
	}
	fn note_shares(
		pool: depin_primitives::RewardPool,
		epoch: EpochIndex,
		who: &AccountId,
		shares: u128,
	) -> DispatchResult {
		if pool != depin_primitives::RewardPool::ComputeAvailability || epoch != FakeEpoch::get() {
			return Err(DispatchError::Other("shares refused"));
		}
		FakeAvailabilityShares::mutate(epoch, who, |total| *total += shares);
		Ok(())
	}
}

/// `who`'s compute-availability shares in the current epoch.
pub fn availability_shares(who: AccountId) -> u128 {
	FakeAvailabilityShares::get(FakeEpoch::get(), who)
}

/// Device `n`'s signature proving `device` available after `window`, over the hash of the
/// window's last block (the mock's windows are [`WINDOW`] blocks).
pub fn availability_signature(n: u8, device: DeviceId, window: WindowIndex) -> DeviceSignature {
	let last = (u64::from(window) + 1) * WINDOW - 1;
	let payload =
		availability_payload(&genesis_hash::<Test>(), device, window, &block_hash(last).0);
	DeviceSignature::Sr25519(pair(n).sign(&payload).0)
}

/// Device `n` proves `device` available for `window`, with the `Authorized` origin as the
/// `AuthorizeCall` extension would.
pub fn prove(n: u8, device: DeviceId, window: WindowIndex) -> DispatchResult {
	Leases::prove_availability(
		RuntimeOrigin::from(frame_system::RawOrigin::Authorized),
		device,
		window,
		availability_signature(n, device, window),
	)
}

/// Runs `on_idle` of the current block with `weight` left; returns the weight used.
pub fn idle(weight: Weight) -> Weight {
	Leases::on_idle(System::block_number(), weight)
}

/// The test parameters: heartbeats every 100 blocks, breach after 3 missed, 50 blocks of grace,
/// 30 of notice, orders open 20 blocks, a 50 DPN bid bond, 10 % breach slash, 10 leases a
/// block in `on_idle`.
pub fn test_parameters() -> ParametersOf<Test> {
	LeaseParameters {
		heartbeat_period: HEARTBEAT,
		max_missed_heartbeats: MAX_MISSED,
		grace_period: GRACE,
		notice_period: NOTICE,
		order_expiry: ORDER_EXPIRY,
		bid_bond: BID_BOND,
		order_deposit: ORDER_DEPOSIT,
		breach_slash: Perbill::from_percent(10),
		breach_tenant_share: Perbill::from_percent(50),
		on_idle_batch: 10,
	}
}

/// The world of a test, stated in a line.
pub struct ExtBuilder {
	balances: Vec<(AccountId, Balance)>,
	credits: Vec<(AccountId, CreditBalance)>,
	parameters: ParametersOf<Test>,
}

impl Default for ExtBuilder {
	/// Alice, Bob, Charlie and Dave with 10,000 DPN and 1,000,000 credits each; the test
	/// parameters.
	fn default() -> Self {
		let everyone = [ALICE, BOB, CHARLIE, DAVE];
		Self {
			balances: everyone.iter().map(|who| (*who, STARTING_BALANCE)).collect(),
			credits: everyone.iter().map(|who| (*who, STARTING_CREDITS)).collect(),
			parameters: test_parameters(),
		}
	}
}

impl ExtBuilder {
	/// Sets `who`'s starting DPN.
	pub fn balance(mut self, who: AccountId, amount: Balance) -> Self {
		self.balances.retain(|(account, _)| *account != who);
		self.balances.push((who, amount));
		self
	}

	/// Sets `who`'s starting credits.
	pub fn credits(mut self, who: AccountId, amount: CreditBalance) -> Self {
		self.credits.retain(|(account, _)| *account != who);
		self.credits.push((who, amount));
		self
	}

	/// Changes the genesis parameters.
	pub fn parameters(mut self, f: impl FnOnce(&mut ParametersOf<Test>)) -> Self {
		f(&mut self.parameters);
		self
	}

	/// The externalities at block 1, with a keystore for the benchmarks' signing.
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default()
			.build_storage()
			.expect("the system genesis builds; qed");
		pallet_balances::GenesisConfig::<Test> { balances: self.balances, ..Default::default() }
			.assimilate_storage(&mut storage)
			.expect("the balances genesis builds; qed");
		pallet_leases::GenesisConfig::<Test> { parameters: self.parameters }
			.assimilate_storage(&mut storage)
			.expect("the leases genesis builds; qed");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.register_extension(sp_keystore::KeystoreExt::new(
			sp_keystore::testing::MemoryKeystore::new(),
		));
		let credits = self.credits;
		ext.execute_with(|| {
			System::set_block_number(1);
			for (who, amount) in credits {
				FakeCredits::set_balance(who, amount);
			}
		});
		ext
	}

	/// Runs `test`, then checks every invariant of the pallet, and that every account's
	/// escrowed credits are exactly its orders' and leases' escrows.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Leases::do_try_state().expect("the leases invariants hold after every test");
			for (who, (_, escrowed)) in CreditLedger::iter() {
				let orders: CreditBalance = Orders::<Test>::iter_values()
					.filter(|order| order.tenant == who)
					.map(|order| order.escrow)
					.sum();
				let leases: CreditBalance = LeaseRecords::<Test>::iter_values()
					.filter(|lease| lease.tenant == who)
					.map(|lease| lease.escrow)
					.sum();
				assert_eq!(escrowed, orders + leases, "account {who}'s escrow is accounted for");
			}
		});
	}
}
