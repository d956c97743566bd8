//! Balances of DPN and transaction fees.

use crate::{
	constants::{currency::EXISTENTIAL_DEPOSIT, fee},
	Balance, Balances, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU8, VariantCountOf},
	weights::{ConstantMultiplier, IdentityFee},
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use sp_runtime::{traits::Bounded, FixedPointNumber, Perquintill};

parameter_types! {
	/// The smallest balance an account may hold.
	pub const ExistentialDeposit: Balance = EXISTENTIAL_DEPOSIT;
	/// The fee per byte of an extrinsic.
	pub const TransactionByteFee: Balance = fee::TRANSACTION_BYTE_FEE;
	/// Blocks are kept a quarter full on average; fees rise above that.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the fee multiplier follows congestion.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(3, 100_000);
	/// Fees never fall below the plain weight fee.
	pub MinimumMultiplier: Multiplier = Multiplier::from_u32(1);
	/// Nor rise without bound.
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	// Dust of reaped accounts is burned, on the BME pallet's books.
	type DustRemoval = pallet_bme::RecordedBurn<Runtime>;
	type ExistentialDeposit = ExistentialDeposit;
	type AccountStore = frame_system::Pallet<Runtime>;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// Fees and tips are burned, on the BME pallet's books (its issuance invariant counts them).
	type OnChargeTransaction = FungibleAdapter<Balances, pallet_bme::RecordedBurn<Runtime>>;
	type OperationalFeeMultiplier = ConstU8<5>;
	// One plank per picosecond of reference execution time: 1 DPN per second.
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

/// Pays a slash into the treasury's account, so total issuance does not change.
pub struct ToTreasury;

impl frame_support::traits::OnUnbalanced<pallet_balances::NegativeImbalance<Runtime>>
	for ToTreasury
{
	fn on_nonzero_unbalanced(amount: pallet_balances::NegativeImbalance<Runtime>) {
		use frame_support::traits::Currency;
		Balances::resolve_creating(&super::TreasuryAccount::get(), amount);
	}
}
