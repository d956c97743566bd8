//! The test runtime: System, Balances, Session with collator selection as its session manager
//! (up to a third of the set disabled), and this pallet as collator selection's registration
//! check and the offence handler; an `ExtBuilder` with two invulnerables and two candidates.

use crate::{self as pallet_validator_set, *};
use frame_support::{
	assert_ok, construct_runtime, derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, OnInitialize},
	PalletId,
};
use frame_system::EnsureRoot;
use pallet_collator_selection::IdentityCollator;
use sp_runtime::{testing::UintAuthorityId, traits::OpaqueKeys, BuildStorage, RuntimeAppPublic};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;

construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Session: pallet_session,
		CollatorSelection: pallet_collator_selection,
		ValidatorSet: pallet_validator_set,
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

sp_runtime::impl_opaque_keys! {
	pub struct MockSessionKeys {
		pub aura: UintAuthorityId,
	}
}

/// Keeps no keys anywhere: the tests look at the session pallet's own storage.
pub struct TestSessionHandler;
impl pallet_session::SessionHandler<AccountId> for TestSessionHandler {
	const KEY_TYPE_IDS: &'static [sp_runtime::KeyTypeId] = &[UintAuthorityId::ID];
	fn on_genesis_session<Ks: OpaqueKeys>(_: &[(AccountId, Ks)]) {}
	fn on_new_session<Ks: OpaqueKeys>(_: bool, _: &[(AccountId, Ks)], _: &[(AccountId, Ks)]) {}
	fn on_before_session_ending() {}
	fn on_disabled(_: u32) {}
}

/// Blocks in a session.
pub const SESSION: u64 = 10;

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = IdentityCollator;
	type ShouldEndSession = pallet_session::PeriodicSessions<ConstU64<SESSION>, ConstU64<0>>;
	type NextSessionRotation = pallet_session::PeriodicSessions<ConstU64<SESSION>, ConstU64<0>>;
	type SessionManager = CollatorSelection;
	type SessionHandler = TestSessionHandler;
	type Keys = MockSessionKeys;
	type DisablingStrategy = pallet_session::disabling::UpToLimitDisablingStrategy;
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ConstU64<0>;
}

parameter_types! {
	pub const PotId: PalletId = PalletId(*b"PotStake");
}

impl pallet_collator_selection::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type UpdateOrigin = EnsureRoot<AccountId>;
	type PotId = PotId;
	type MaxCandidates = ConstU32<20>;
	type MinEligibleCollators = ConstU32<2>;
	type MaxInvulnerables = ConstU32<20>;
	type KickThreshold = ConstU64<{ 10 * SESSION }>;
	type ValidatorId = AccountId;
	type ValidatorIdOf = IdentityCollator;
	type ValidatorRegistration = NotBanned<Test, Session>;
	type WeightInfo = ();
}

/// The treasury's account, which receives slashes.
pub const TREASURY: AccountId = 99;

/// Pays slashes to [`TREASURY`].
pub struct ToTreasury;
impl frame_support::traits::OnUnbalanced<pallet_balances::NegativeImbalance<Test>> for ToTreasury {
	fn on_nonzero_unbalanced(amount: pallet_balances::NegativeImbalance<Test>) {
		use frame_support::traits::Currency;
		Balances::resolve_creating(&TREASURY, amount);
	}
}

impl pallet_validator_set::Config for Test {
	type AdminOrigin = EnsureRoot<AccountId>;
	type Slashed = ToTreasury;
	type WeightInfo = ();
}

// Accounts: two invulnerables, two candidates, two others.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
pub const FERDIE: AccountId = 6;

pub const STARTING_BALANCE: Balance = 1_000;
pub const BOND: Balance = 100;

/// Moves block by block to the first block of session `n`, running every pallet's
/// `on_initialize` (the session pallet rotates there).
pub fn run_to_session(n: u32) {
	while pallet_session::CurrentIndex::<Test>::get() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		<AllPalletsWithSystem as OnInitialize<u64>>::on_initialize(next);
	}
}

/// The candidates' accounts.
pub fn candidates() -> Vec<AccountId> {
	pallet_collator_selection::CandidateList::<Test>::get().into_iter().map(|c| c.who).collect()
}

/// This pallet's events.
pub fn events() -> Vec<pallet_validator_set::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::ValidatorSet(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// The world of a test.
#[derive(Default)]
pub struct ExtBuilder;

impl ExtBuilder {
	/// Alice and Bob invulnerables; Charlie and Dave candidates with a 100 DPN bond, validating
	/// from session 2 on; everyone with session keys and 1,000 DPN.
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage =
			frame_system::GenesisConfig::<Test>::default().build_storage().expect("system");
		let everyone = [ALICE, BOB, CHARLIE, DAVE, EVE, FERDIE];
		pallet_balances::GenesisConfig::<Test> {
			balances: everyone.iter().map(|who| (*who, STARTING_BALANCE)).collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.expect("balances");
		pallet_collator_selection::GenesisConfig::<Test> {
			desired_candidates: 4,
			candidacy_bond: BOND,
			invulnerables: vec![ALICE, BOB],
		}
		.assimilate_storage(&mut storage)
		.expect("collator selection");
		pallet_session::GenesisConfig::<Test> {
			keys: everyone
				.iter()
				.map(|who| (*who, *who, MockSessionKeys { aura: UintAuthorityId(*who) }))
				.collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.expect("session");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			for who in [CHARLIE, DAVE] {
				assert_ok!(CollatorSelection::register_as_candidate(RuntimeOrigin::signed(who)));
			}
			run_to_session(2);
			System::reset_events();
		});
		ext
	}

	/// Runs `test`, then checks the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			ValidatorSet::do_try_state().expect("the validator set's invariants hold");
		});
	}
}
