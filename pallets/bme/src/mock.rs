//! The test runtime: System, Balances (whose dust goes through [`RecordedBurn`]) and the BME
//! pallet, with an `ExtBuilder` that states the world in a line.

use crate::{self as pallet_bme, *};
use frame_support::{
	assert_ok, construct_runtime, derive_impl, parameter_types,
	traits::{ConstU128, ConstU32, ConstU64, Hooks},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, FixedU128};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u128;
pub type BlockNumber = u64;

construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Bme: pallet_bme,
	}
);

/// 0.001 DPN, as in the runtime.
pub const EXISTENTIAL_DEPOSIT: Balance = DPN / 1_000;

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type Balance = Balance;
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type DustRemoval = RecordedBurn<Test>;
}

// Accounts.
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// Has no balance at all: the account does not exist.
pub const NOBODY: AccountId = 4;
pub const FEEDER_1: AccountId = 11;
pub const FEEDER_2: AccountId = 12;
pub const FEEDER_3: AccountId = 13;
pub const TREASURY: AccountId = 90;

parameter_types! {
	pub const BmePalletId: PalletId = PalletId(*b"depin/bm");
	pub const TreasuryAccount: AccountId = TREASURY;
	pub const MaxProtocolFee: Perbill = Perbill::from_percent(20);
}

impl pallet_bme::Config for Test {
	type Currency = Balances;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type PalletId = BmePalletId;
	type TreasuryAccount = TreasuryAccount;
	type MaxFeeders = ConstU32<5>;
	type MaxPriceAgeLimit = ConstU64<1_000>;
	type CreditWindow = ConstU64<600>;
	type MaxCreditsPerWindowLimit = ConstU128<1_000_000_000_000_000>;
	type MinEpochLength = ConstU64<2>;
	type MaxEpochLength = ConstU64<100_000>;
	type MaxEmissionPerEpoch = ConstU128<{ 1_000_000_000 * DPN }>;
	type MaxProtocolFee = MaxProtocolFee;
	type MaxSettlementMintLimit = ConstU128<{ 1_000_000_000 * DPN }>;
	type MaxPayoutsPerBlock = ConstU32<5>;
	type WeightInfo = ();
}

// Genesis values.
pub const STARTING_BALANCE: Balance = 10_000 * DPN;
pub const EPOCH_LENGTH: BlockNumber = 10;
pub const INITIAL_EMISSION: Balance = 1_000 * DPN;
pub const HALVING_INTERVAL: EpochIndex = 4;
pub const NET_EMISSIONS_CAP: Balance = 100 * DPN;
pub const SETTLEMENT_CAP: Balance = 10_000 * DPN;
/// Credits per window at genesis: 10,000 USD.
pub const CREDITS_PER_WINDOW: CreditBalance = 1_000_000_000;

/// The parameters the mock starts with.
pub fn genesis_parameters() -> ParametersOf<Test> {
	BmeParameters {
		max_price_age: 100,
		min_feeders: 2,
		max_price_spread: Perbill::from_percent(10),
		max_credits_per_window: CREDITS_PER_WINDOW,
		epoch_length: EPOCH_LENGTH,
		initial_emission: INITIAL_EMISSION,
		halving_interval: HALVING_INTERVAL,
		// No data-transfer part, so the other pools' figures are round; the data-transfer
		// tests give it one.
		split: PoolSplit {
			coverage: Perbill::from_percent(35),
			compute_availability: Perbill::from_percent(35),
			validators: Perbill::from_percent(20),
			data_transfer: Perbill::zero(),
			treasury: Perbill::from_percent(10),
		},
		net_emissions_cap: NET_EMISSIONS_CAP,
		protocol_fee: Perbill::from_percent(5),
		max_settlement_mint_per_epoch: SETTLEMENT_CAP,
		data_transfer_remainder: DataTransferRemainder::Coverage,
	}
}

/// `dollars` US dollars per DPN.
pub fn usd(dollars: u32) -> Price {
	FixedU128::from_u32(dollars)
}

/// `cents` US cents per DPN.
pub fn cents(cents: u128) -> Price {
	FixedU128::from_rational(cents, 100)
}

/// The pot account.
pub fn pot() -> AccountId {
	Bme::pot_account()
}

/// `who`'s free DPN.
pub fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

/// `who`'s credits as (spendable, escrowed).
pub fn credits(who: AccountId) -> (CreditBalance, CreditBalance) {
	let account = Bme::credit_account(&who);
	(account.spendable, account.escrowed)
}

/// The total issuance of DPN.
pub fn issuance() -> Balance {
	pallet_balances::TotalIssuance::<Test>::get()
}

/// This pallet's events so far.
pub fn events() -> Vec<pallet_bme::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Bme(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// Every feeder submits `price` now.
pub fn submit_all(price: Price) {
	for feeder in Bme::feeders() {
		assert_ok!(Bme::submit_price(RuntimeOrigin::signed(feeder.account), price));
	}
}

/// Moves to block `n`, running `on_initialize` of every block on the way (epochs end) but not
/// `on_idle` (nothing is paid out unless a test asks).
pub fn run_to_block(n: BlockNumber) {
	let mut block = System::block_number();
	while block < n {
		block += 1;
		System::set_block_number(block);
		Bme::on_initialize(block);
	}
}

/// Moves to the first block of epoch `epoch` (that is, until `epoch` epochs have ended).
pub fn run_to_epoch(epoch: EpochIndex) {
	run_to_block(BlockNumber::from(epoch) * Parameters::<Test>::get().epoch_length);
	assert_eq!(CurrentEpoch::<Test>::get(), epoch);
}

/// Runs `on_idle` of the current block with `weight` left; returns the weight it used.
pub fn idle(weight: Weight) -> Weight {
	Bme::on_idle(System::block_number(), weight)
}

/// The world of a test, stated in a line.
pub struct ExtBuilder {
	balances: Vec<(AccountId, Balance)>,
	feeders: Vec<AccountId>,
	prices: Vec<(AccountId, Price)>,
	parameters: ParametersOf<Test>,
}

impl Default for ExtBuilder {
	/// Alice, Bob and Charlie with 10,000 DPN each, the treasury and the validators' account
	/// with 1 DPN; three feeders who all submitted $1.00 at block 1; the genesis parameters.
	fn default() -> Self {
		Self {
			balances: vec![
				(ALICE, STARTING_BALANCE),
				(BOB, STARTING_BALANCE),
				(CHARLIE, STARTING_BALANCE),
				(TREASURY, DPN),
			],
			feeders: vec![FEEDER_1, FEEDER_2, FEEDER_3],
			prices: vec![(FEEDER_1, usd(1)), (FEEDER_2, usd(1)), (FEEDER_3, usd(1))],
			parameters: genesis_parameters(),
		}
	}
}

impl ExtBuilder {
	/// The feeders' submissions at block 1 (replacing the default $1.00 from each).
	pub fn prices(mut self, prices: &[(AccountId, Price)]) -> Self {
		self.prices = prices.to_vec();
		self
	}

	/// No submissions at all: there is no price.
	pub fn no_prices(self) -> Self {
		self.prices(&[])
	}

	/// Sets `who`'s starting DPN; zero means the account does not exist.
	pub fn balance(mut self, who: AccountId, amount: Balance) -> Self {
		self.balances.retain(|(account, _)| *account != who);
		if amount > 0 {
			self.balances.push((who, amount));
		}
		self
	}

	/// Changes the genesis parameters.
	pub fn parameters(mut self, change: impl FnOnce(&mut ParametersOf<Test>)) -> Self {
		change(&mut self.parameters);
		self
	}

	/// The externalities at block 1, after the feeders' submissions, with no events.
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default()
			.build_storage()
			.expect("the system genesis builds; qed");
		pallet_balances::GenesisConfig::<Test> { balances: self.balances, ..Default::default() }
			.assimilate_storage(&mut storage)
			.expect("the balances genesis builds; qed");
		pallet_bme::GenesisConfig::<Test> {
			parameters: Some(self.parameters),
			feeders: self.feeders,
		}
		.assimilate_storage(&mut storage)
		.expect("the bme genesis builds; qed");

		let mut ext = sp_io::TestExternalities::new(storage);
		let prices = self.prices;
		ext.execute_with(|| {
			System::set_block_number(1);
			for (feeder, price) in prices {
				assert_ok!(Bme::submit_price(RuntimeOrigin::signed(feeder), price));
			}
			System::reset_events();
		});
		ext
	}

	/// Runs `test`, then checks every invariant of the pallet.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Bme::do_try_state().expect("the bme invariants hold after every test");
		});
	}
}
