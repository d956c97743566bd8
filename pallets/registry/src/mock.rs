//! The test runtime: System, Balances and the registry, with a storage-backed fake credits
//! ledger and an observer that records what it is told.

use crate::{self as pallet_registry, *};
use core::cell::RefCell;
use depin_primitives::{CreditsError, GpuAttributes, GpuInterface};
use frame_support::{
	assert_ok, construct_runtime, derive_impl,
	traits::{ConstU128, ConstU32, ConstU64},
	Blake2_128Concat,
};
use frame_system::EnsureRoot;
use sp_core::{ed25519, sr25519, Pair};
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
use sp_runtime::{BuildStorage, Weight};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;

construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Registry: pallet_registry,
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
}

impl pallet_registry::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Credits = FakeCredits;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type Observer = RecordingObserver;
	type MaxDevicesPerOwner = ConstU32<3>;
	type MaxMakers = ConstU32<3>;
	type MaxPageSize = ConstU32<2>;
	type MaxCreditFee = ConstU128<100_000_000>;
	type MaxDeviceBond = ConstU64<1_000>;
	type MinUnbondingPeriod = ConstU64<5>;
	type MaxUnbondingPeriod = ConstU64<1_000>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = FakeCredits;
}

// Accounts.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// Has no balance at all: the account does not exist.
pub const NOBODY: AccountId = 4;
pub const ED_MAKER_ACCOUNT: AccountId = 10;
pub const SR_MAKER_ACCOUNT: AccountId = 11;
pub const TREASURY: AccountId = 99;

// Genesis values.
pub const ED_MAKER: MakerId = 0;
pub const SR_MAKER: MakerId = 1;
pub const MAKER_BOND: Balance = 500;
pub const DEVICE_BOND: Balance = 100;
pub const ONBOARDING_FEE: CreditBalance = 4_000_000;
pub const LOCATION_FEE: CreditBalance = 500_000;
pub const UNBONDING: u64 = 10;
/// The last block the mock's attestations are valid in.
pub const VALID_UNTIL: u64 = 1_000;
pub const STARTING_BALANCE: Balance = 10_000;
pub const STARTING_CREDITS: CreditBalance = 20_000_000;

/// Resolution-12 cells from the H3 reference library: the Statue of Liberty and San Francisco.
pub const CELL_A: H3Cell = H3Cell(0x08c2a1072b59b9ff);
pub const CELL_B: H3Cell = H3Cell(0x08c283082800b3ff);

/// The maker whose attestation key is ed25519.
pub fn ed_maker() -> ed25519::Pair {
	ed25519::Pair::from_seed(&[1u8; 32])
}

/// The maker whose attestation key is sr25519.
pub fn sr_maker() -> sr25519::Pair {
	sr25519::Pair::from_seed(&[2u8; 32])
}

/// The key pair of test device number `n`.
pub fn device_pair(n: u8) -> ed25519::Pair {
	ed25519::Pair::from_seed(&[100u8.wrapping_add(n); 32])
}

/// The key of test device number `n`.
pub fn device_key(n: u8) -> DeviceKey {
	DeviceKey::Ed25519(device_pair(n).public().0)
}

/// The ed25519 maker's attestation for `key`, `owner` and `class` on this chain, valid until
/// [`VALID_UNTIL`].
pub fn attest(key: &DeviceKey, owner: AccountId, class: DeviceClass) -> DeviceSignature {
	let payload =
		onboarding_payload(&genesis_hash::<Test>(), ED_MAKER, key, &owner, class, VALID_UNTIL);
	DeviceSignature::Ed25519(ed_maker().sign(&payload).0)
}

/// The sr25519 maker's attestation for `key`, `owner` and `class` on this chain, valid until
/// [`VALID_UNTIL`].
pub fn attest_sr(key: &DeviceKey, owner: AccountId, class: DeviceClass) -> DeviceSignature {
	let payload =
		onboarding_payload(&genesis_hash::<Test>(), SR_MAKER, key, &owner, class, VALID_UNTIL);
	DeviceSignature::Sr25519(sr_maker().sign(&payload).0)
}

/// `n`'s proof of possession for rotating `device` to it on this chain.
pub fn rotation_proof(n: u8, device: DeviceId) -> DeviceSignature {
	let payload = rotation_payload(&genesis_hash::<Test>(), device, &device_key(n));
	DeviceSignature::Ed25519(device_pair(n).sign(&payload).0)
}

/// A short name.
pub fn name(s: &[u8]) -> ShortString {
	ShortString::try_from(s.to_vec()).expect("test names are at most 32 bytes; qed")
}

/// A valid hotspot antenna: 4.0 dBi at 10 m.
pub fn hotspot() -> DeviceAttributes {
	DeviceAttributes::Hotspot(HotspotAttributes { gain_dbi_x10: 40, elevation_m: 10 })
}

/// A valid GPU machine: 8 × NVIDIA H100 80 GiB SXM.
pub fn gpu() -> DeviceAttributes {
	DeviceAttributes::Gpu(GpuAttributes {
		vendor: name(b"NVIDIA"),
		model: name(b"H100"),
		vram_gib: 80,
		count: 8,
		interface: GpuInterface::Sxm,
	})
}

/// Onboards test device `n` for `owner` under the ed25519 maker and returns its id.
pub fn onboard(owner: AccountId, n: u8, attributes: DeviceAttributes) -> DeviceId {
	let key = device_key(n);
	let attestation = attest(&key, owner, attributes.class());
	assert_ok!(Registry::onboard_device(
		RuntimeOrigin::signed(owner),
		key,
		attributes,
		ED_MAKER,
		VALID_UNTIL,
		attestation
	));
	NextDeviceId::<Test>::get() - 1
}

/// Onboards a hotspot for `owner` and asserts its location at `cell`.
pub fn onboard_located_hotspot(owner: AccountId, n: u8, cell: H3Cell) -> DeviceId {
	let device = onboard(owner, n, hotspot());
	assert_ok!(Registry::assert_location(RuntimeOrigin::signed(owner), device, cell, 40, 10));
	device
}

/// This pallet's events so far.
pub fn events() -> Vec<pallet_registry::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Registry(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// DPN held from `who` for device bonds.
pub fn device_bond_held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(&HoldReason::DeviceBond.into(), &who)
}

/// DPN held from `who` for maker bonds.
pub fn maker_bond_held(who: AccountId) -> Balance {
	<Balances as InspectHold<AccountId>>::balance_on_hold(&HoldReason::MakerBond.into(), &who)
}

/// `who`'s free DPN.
pub fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

/// `who`'s spendable credits.
pub fn credits(who: AccountId) -> CreditBalance {
	FakeCredits::balance(&who)
}

// The fake credits ledger lives in storage so that failed dispatches roll it back, as the real
// one does.
#[frame_support::storage_alias(verbatim)]
pub type CreditLedger = StorageMap<
	CreditsFake,
	Blake2_128Concat,
	AccountId,
	(CreditBalance, CreditBalance),
	frame_support::pallet_prelude::ValueQuery,
>;

#[frame_support::storage_alias(verbatim)]
pub type CreditsBurned =
	StorageValue<CreditsFake, CreditBalance, frame_support::pallet_prelude::ValueQuery>;

/// Credits as (spendable, escrowed) per account, with a counter of what was burned.
pub struct FakeCredits;

impl FakeCredits {
	/// Sets `who`'s spendable credits.
	pub fn set_balance(who: AccountId, amount: CreditBalance) {
		CreditLedger::mutate(who, |(spendable, _)| *spendable = amount);
	}

	/// All credits burned so far.
	pub fn burned() -> CreditBalance {
		CreditsBurned::get()
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

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for FakeCredits {
	fn fund_credits(who: &AccountId, amount: CreditBalance) {
		Self::set_balance(*who, amount);
	}
}

/// A hook call the observer saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Observed {
	Onboarded(DeviceId, AccountId, DeviceClass),
	Moved(DeviceId, DeviceStatus, Option<H3Cell>, H3Cell),
	Suspended(DeviceId, Option<H3Cell>, SuspendReason),
	Resumed(DeviceId, Option<H3Cell>),
	Retired(DeviceId, Option<H3Cell>, bool),
	Removed(DeviceId),
	OwnerChanged(DeviceId, AccountId, AccountId),
	KeyRotated(DeviceId, DeviceKey, DeviceKey),
}

thread_local! {
	static OBSERVED: RefCell<Vec<Observed>> = const { RefCell::new(Vec::new()) };
}

fn observe(call: Observed) {
	OBSERVED.with(|observed| observed.borrow_mut().push(call));
}

/// What the observer saw since the last call (or the start of the test).
pub fn take_observed() -> Vec<Observed> {
	OBSERVED.with(|observed| core::mem::take(&mut *observed.borrow_mut()))
}

/// Records every hook call.
pub struct RecordingObserver;

impl DeviceObserver<AccountId> for RecordingObserver {
	fn on_onboarded(device: DeviceId, owner: &AccountId, class: DeviceClass) {
		observe(Observed::Onboarded(device, *owner, class));
	}
	fn on_moved(
		device: DeviceId,
		_class: DeviceClass,
		status: DeviceStatus,
		from: Option<H3Cell>,
		to: H3Cell,
	) {
		observe(Observed::Moved(device, status, from, to));
	}
	fn on_suspended(
		device: DeviceId,
		_class: DeviceClass,
		location: Option<H3Cell>,
		reason: SuspendReason,
	) {
		observe(Observed::Suspended(device, location, reason));
	}
	fn on_resumed(device: DeviceId, _class: DeviceClass, location: Option<H3Cell>) {
		observe(Observed::Resumed(device, location));
	}
	fn on_retired(
		device: DeviceId,
		_class: DeviceClass,
		location: Option<H3Cell>,
		was_active: bool,
	) {
		observe(Observed::Retired(device, location, was_active));
	}
	fn on_removed(device: DeviceId, _owner: &AccountId) {
		observe(Observed::Removed(device));
	}
	fn on_owner_changed(device: DeviceId, from: &AccountId, to: &AccountId) {
		observe(Observed::OwnerChanged(device, *from, *to));
	}
	fn on_key_rotated(device: DeviceId, old: &DeviceKey, new: &DeviceKey) {
		observe(Observed::KeyRotated(device, *old, *new));
	}
	fn max_weight() -> Weight {
		Weight::from_parts(1_000_000, 0)
	}
}

/// The world of a test, stated in a line.
pub struct ExtBuilder {
	balances: Vec<(AccountId, Balance)>,
	credits: Vec<(AccountId, CreditBalance)>,
	makers: bool,
	device_bond: Balance,
}

impl Default for ExtBuilder {
	/// Alice, Bob, Charlie and both makers funded; Alice, Bob and Charlie with credits; the
	/// ed25519 maker (id 0) and the sr25519 maker (id 1) approved with a bond each.
	fn default() -> Self {
		Self {
			balances: vec![
				(ALICE, STARTING_BALANCE),
				(BOB, STARTING_BALANCE),
				(CHARLIE, STARTING_BALANCE),
				(ED_MAKER_ACCOUNT, STARTING_BALANCE),
				(SR_MAKER_ACCOUNT, STARTING_BALANCE),
				(TREASURY, STARTING_BALANCE),
			],
			credits: vec![
				(ALICE, STARTING_CREDITS),
				(BOB, STARTING_CREDITS),
				(CHARLIE, STARTING_CREDITS),
			],
			makers: true,
			device_bond: DEVICE_BOND,
		}
	}
}

impl ExtBuilder {
	/// No makers at genesis (the benchmarks approve their own).
	#[cfg(feature = "runtime-benchmarks")]
	pub fn without_makers(mut self) -> Self {
		self.makers = false;
		self
	}

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

	/// Sets the device bond parameter at genesis.
	pub fn device_bond(mut self, bond: Balance) -> Self {
		self.device_bond = bond;
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
		let makers = if self.makers {
			vec![
				(
					ED_MAKER_ACCOUNT,
					DeviceKey::Ed25519(ed_maker().public().0),
					b"Ed Hardware".to_vec(),
					MAKER_BOND,
				),
				(
					SR_MAKER_ACCOUNT,
					DeviceKey::Sr25519(sr_maker().public().0),
					b"Sr Hardware".to_vec(),
					MAKER_BOND,
				),
			]
		} else {
			Vec::new()
		};
		pallet_registry::GenesisConfig::<Test> {
			onboarding_fee: ONBOARDING_FEE,
			location_fee: LOCATION_FEE,
			device_bond: self.device_bond,
			unbonding_period: UNBONDING,
			makers,
		}
		.assimilate_storage(&mut storage)
		.expect("the registry genesis builds; qed");

		let mut ext = sp_io::TestExternalities::new(storage);
		ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
		let credits = self.credits;
		ext.execute_with(|| {
			System::set_block_number(1);
			for (who, amount) in credits {
				FakeCredits::set_balance(who, amount);
			}
		});
		take_observed();
		ext
	}

	/// Runs `test`, then checks every invariant of the pallet.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Registry::do_try_state().expect("the registry's invariants hold after every test");
		});
	}
}

/// Moves to block `n`.
pub fn run_to_block(n: u64) {
	System::set_block_number(n);
}
