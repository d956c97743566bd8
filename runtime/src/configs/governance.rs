//! Governance (DESIGN.md §8): referenda with conviction voting on the tracks in [`tracks`], the
//! origins those tracks dispatch with ([`origins`]), the scheduler and preimages they run on, a
//! technical committee that fast-tracks calls through the whitelist, and the treasury.
//!
//! How a change is made:
//!
//! - a runtime upgrade: a referendum on the `root` track calls `system.authorize_upgrade(hash)`;
//!   once enacted, anyone submits the code with `system.apply_authorized_upgrade(code)`;
//! - a DePIN parameter: a referendum on the `depin_parameters` track calls the pallet's setter;
//! - the validator set: a referendum on the `validator_admin` track calls `collatorSelection`;
//! - a treasury spend: a referendum on the `treasurer` track calls `treasury.spend`;
//! - fast-tracking: the technical committee whitelists a call's hash (simple majority), then a
//!   referendum on the short `whitelisted_caller` track calls
//!   `whitelist.dispatch_whitelisted_call_with_preimage(call)`, which dispatches it as root.
//!
//! Slashed deposits go to the treasury; nothing here burns DPN (the BME pallet keeps the books
//! of every mint and burn, DESIGN.md §7).

pub mod origins;
pub mod tracks;

pub use origins::{DepinParameters, Treasurer, TreasurySpender, ValidatorAdmin, WhitelistedCaller};

use crate::{
	configs::RuntimeBlockWeights,
	constants::{
		currency::{DPN, MICRO_DPN},
		time::DAYS,
	},
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Referenda, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, Scheduler, System, Treasury,
};
use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration,
		tokens::{pay::PayFromAccount, UnityAssetBalanceConversion},
		ConstU32, EitherOf, EitherOfDiverse, EqualPrivilegeOnly, LinearStoragePrice,
	},
	weights::Weight,
	PalletId,
};
use frame_system::{EnsureRoot, EnsureRootWithSuccess, EnsureSigned};
use sp_runtime::{
	traits::{AccountIdConversion, AccountIdLookup},
	Perbill, Permill,
};

/// The technical committee's instance of `pallet_collective`.
pub type TechnicalCollective = pallet_collective::Instance1;

/// More than half of the technical committee: may whitelist a call for the fast track.
pub type TechnicalCommitteeMajority =
	pallet_collective::EnsureProportionMoreThan<AccountId, TechnicalCollective, 1, 2>;

/// At least two thirds of the technical committee: may cancel a referendum (refunding its
/// deposits) and disapprove its own motions.
pub type TechnicalCommitteeTwoThirds =
	pallet_collective::EnsureProportionAtLeast<AccountId, TechnicalCollective, 2, 3>;

/// Root, or a referendum on the `depin_parameters` track: the governance origin of the
/// registry, coverage, leases and BME pallets.
pub type DepinGovernanceOrigin = EitherOfDiverse<EnsureRoot<AccountId>, DepinParameters>;

/// Root, or a referendum on the `validator_admin` track: manages the validator set.
pub type ValidatorAdminOrigin = EitherOfDiverse<EnsureRoot<AccountId>, ValidatorAdmin>;

parameter_types! {
	/// Scheduled calls (enacted referenda) may use up to 80% of a block.
	pub MaximumSchedulerWeight: Weight =
		Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
	/// Held for noting a preimage: 1 DPN ...
	pub const PreimageBaseDeposit: Balance = DPN;
	/// ... plus 0.0001 DPN a byte (100 DPN a megabyte). Runtime upgrades do not note the code as
	/// a preimage (`authorize_upgrade` takes its hash), so no deposit is ever that large.
	pub const PreimageByteDeposit: Balance = 100 * MICRO_DPN;
	/// The hold reason of preimage deposits.
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// Reserved from whoever submits a referendum; returned unless it is killed.
	pub const SubmissionDeposit: Balance = 10 * DPN;
	/// A referendum nobody places the decision deposit for within 14 days may be cancelled.
	pub const UndecidingTimeout: BlockNumber = 14 * DAYS;
	/// Referenda are serviced every block.
	pub const AlarmInterval: BlockNumber = 1;
	/// A vote with conviction 1x locks its DPN for 7 days after the referendum ends (2x for 14,
	/// and so on): longer than any track's enactment period.
	pub const VoteLockingPeriod: BlockNumber = 7 * DAYS;
	/// The treasury's pallet id; its account is the protocol treasury the BME pallet pays its
	/// pool share and settlement fees into (`crate::configs::TreasuryAccount`).
	pub const TreasuryPalletId: PalletId = PalletId(*b"depin/tr");
	/// The treasury's account.
	pub TreasuryPotAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
	/// The most one referendum on the `treasurer` track may spend.
	pub const TreasurerMaxSpend: Balance = 100_000 * DPN;
	/// Root may spend anything.
	pub const MaxBalance: Balance = Balance::MAX;
	/// The treasury's spend period; only the deprecated `spend_local` approvals wait for it.
	pub const SpendPeriod: BlockNumber = 7 * DAYS;
	/// Nothing is burned at the end of a spend period: the BME pallet owns every burn of DPN.
	pub const TreasuryBurn: Permill = Permill::zero();
	/// An approved spend must be paid out (`treasury.payout`) within 30 days of becoming valid.
	pub const PayoutPeriod: BlockNumber = 30 * DAYS;
	/// A technical committee motion expires after 3 days (it closes early once decided).
	pub const TechnicalMotionDuration: BlockNumber = 3 * DAYS;
	/// A motion's call may weigh up to half a block.
	pub MaxProposalWeight: Weight =
		Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
	/// A referendum that passed before the committee whitelisted its call may be relayed by
	/// anyone for 7 days after the whitelisting.
	pub const WhitelistDeferredDispatchExpiration: BlockNumber = 7 * DAYS;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	// Only referenda (through the scheduler's traits) and root schedule calls.
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = crate::weights::pallet_scheduler::WeightInfo<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_preimage::WeightInfo<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

impl pallet_referenda::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_referenda::WeightInfo<Runtime>;
	type Scheduler = Scheduler;
	type Currency = Balances;
	type SubmitOrigin = EnsureSigned<AccountId>;
	type CancelOrigin = EitherOfDiverse<EnsureRoot<AccountId>, TechnicalCommitteeTwoThirds>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Slash = Treasury;
	type Votes = pallet_conviction_voting::VotesOf<Runtime>;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<100>;
	type UndecidingTimeout = UndecidingTimeout;
	type AlarmInterval = AlarmInterval;
	type Tracks = tracks::TracksInfo;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_conviction_voting::WeightInfo<Runtime>;
	type Currency = Balances;
	type Polls = Referenda;
	// Support is measured against the active issuance: every DPN not deactivated (the BME
	// pallet deactivates none, so this is the total issuance).
	type MaxTurnout =
		frame_support::traits::tokens::currency::ActiveIssuanceOf<Balances, AccountId>;
	type MaxVotes = ConstU32<512>;
	type VoteLockingPeriod = VoteLockingPeriod;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

impl origins::Config for Runtime {}

impl pallet_treasury::Config for Runtime {
	type Currency = Balances;
	type RejectOrigin = EitherOfDiverse<EnsureRoot<AccountId>, Treasurer>;
	type RuntimeEvent = RuntimeEvent;
	type SpendPeriod = SpendPeriod;
	type Burn = TreasuryBurn;
	type PalletId = TreasuryPalletId;
	// Never called: `Burn` is zero.
	type BurnDestination = ();
	type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
	type SpendFunds = ();
	type MaxApprovals = ConstU32<100>;
	type SpendOrigin =
		EitherOf<EnsureRootWithSuccess<AccountId, MaxBalance>, TreasurySpender<TreasurerMaxSpend>>;
	// Only DPN.
	type AssetKind = ();
	type Beneficiary = AccountId;
	type BeneficiaryLookup = AccountIdLookup<AccountId, ()>;
	type Paymaster = PayFromAccount<Balances, TreasuryPotAccount>;
	type BalanceConverter = UnityAssetBalanceConversion;
	type PayoutPeriod = PayoutPeriod;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
	type BlockNumberProvider = System;
}

impl pallet_collective::Config<TechnicalCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = TechnicalMotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<100>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	// Members change by a root referendum.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EitherOfDiverse<EnsureRoot<AccountId>, TechnicalCommitteeTwoThirds>;
	type KillOrigin = EitherOfDiverse<EnsureRoot<AccountId>, TechnicalCommitteeTwoThirds>;
	// Members are few and appointed: proposing costs no deposit.
	type Consideration = ();
}

impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WhitelistOrigin = EitherOfDiverse<EnsureRoot<AccountId>, TechnicalCommitteeMajority>;
	type DispatchWhitelistedOrigin = EitherOfDiverse<EnsureRoot<AccountId>, WhitelistedCaller>;
	type Preimages = Preimage;
	type DeferredDispatchExpiration = WhitelistDeferredDispatchExpiration;
	type BlockNumberProvider = System;
	type WeightInfo = crate::weights::pallet_whitelist::WeightInfo<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = crate::weights::pallet_utility::WeightInfo<Runtime>;
}
