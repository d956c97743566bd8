//! Consensus and the validator set: Aura block production, GRANDPA finality, sessions, block
//! authorship and the validator set's selection.
//!
//! The validator set is `pallet_collator_selection`'s: governance keeps a list of invulnerables
//! (the genesis validators), and anyone may join as a candidate by setting session keys
//! (`author_rotateKeys`, then `session.setKeys`) and calling
//! `collatorSelection.registerAsCandidate`, which reserves the candidacy bond. At every session
//! boundary the session pallet asks it for the next set: the invulnerables plus the
//! `DesiredCandidates` best-bonded candidates, less candidates that authored no block for
//! [`KickThreshold`] blocks. Aura and GRANDPA take the new set's keys as the session rotates; no
//! node restarts.
//!
//! Misbehaviour is punished. The session pallet keeps a historical root of every session's
//! validators (`pallet_session::historical`), so a GRANDPA equivocation (two votes of one
//! authority in one round) is proven against the session it happened in: any node's GRANDPA
//! voter that sees one submits the report as an unsigned transaction, `pallet_offences` records
//! the offence once, and `pallet_validator_set`'s offence handler disables the offender for the
//! rest of the session (Aura refuses its blocks; at most a third of the set, the byzantine bound),
//! slashes the offence's fraction of its candidacy bond to the treasury, ends its candidacy and
//! bans it until governance lifts the ban.

use super::governance::{origins::DevOr, ValidatorAdminOrigin};
use crate::{
	constants::{
		currency::DPN,
		time::{DEV_SESSION_PERIOD, SESSION_PERIOD},
	},
	AccountId, Aura, Balance, Balances, BlockNumber, CollatorSelection, Historical, Offences,
	Runtime, RuntimeEvent, Session, SessionKeys, ValidatorSet,
};
use alloc::vec::Vec;
use frame_support::{
	parameter_types,
	traits::{ConstBool, Get},
	PalletId,
};
use pallet_session::historical as session_historical;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::ConstU32;
use sp_runtime::traits::ConvertInto;

/// The most validators the chain supports.
pub const MAX_AUTHORITIES: u32 = 100;

/// Session length in blocks: [`SESSION_PERIOD`], or [`DEV_SESSION_PERIOD`] on chains launched
/// with the development periods.
pub type SessionPeriod = DevOr<ConstU32<DEV_SESSION_PERIOD>, ConstU32<SESSION_PERIOD>>;

/// A candidate that authored no block for two sessions is removed at the next boundary (its
/// bond returned). A new candidate is given the same grace from its registration.
pub struct KickThreshold;
impl Get<BlockNumber> for KickThreshold {
	fn get() -> BlockNumber {
		2 * SessionPeriod::get()
	}
}

parameter_types! {
	/// Sessions start at block 0.
	pub const SessionOffset: BlockNumber = 0;
	/// Held from an account that sets session keys, returned when it purges them.
	pub const SessionKeyDeposit: Balance = DPN;
	/// Most GRANDPA set ids kept for equivocation reports: a week of hourly sessions, so an
	/// equivocation can be reported for a week.
	pub const MaxSetIdSessionEntries: u64 = 168;
	/// Blocks an unsigned equivocation report stays valid in the pool.
	pub const ReportLongevity: u64 = 600;
	/// The collator-selection pallet's pot. Nothing pays into it (validators are rewarded from
	/// the BME pallet's validator pool), so block authors receive nothing from it.
	pub const ValidatorPotId: PalletId = PalletId(*b"depin/cs");
}

/// The most candidates (besides the invulnerables) that may bid for a validator slot.
pub const MAX_CANDIDATES: u32 = 50;
/// The most invulnerables governance may appoint.
pub const MAX_INVULNERABLES: u32 = 20;
// Every validator collator selection may pick fits Aura's and GRANDPA's authority lists.
const _: () = assert!(MAX_CANDIDATES + MAX_INVULNERABLES <= MAX_AUTHORITIES);

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	// A validator disabled for an offence may not author for the rest of the session.
	type DisabledValidators = Session;
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = MaxSetIdSessionEntries;
	type KeyOwnerProof = sp_session::MembershipProof;
	type EquivocationReportSystem =
		pallet_grandpa::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	// The next validator set is chosen at every session boundary by collator selection.
	// Each new set's root is kept for the equivocation proofs against it.
	type SessionManager = session_historical::NoteHistoricalRoot<Self, UnitIdentified>;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	// An offender is disabled for the rest of the session, up to a third of the set.
	type DisablingStrategy = pallet_session::disabling::UpToLimitDisablingStrategy;
	type WeightInfo = crate::weights::pallet_session::WeightInfo<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_authorship::Config for Runtime {
	// The author is the session validator whose Aura slot it was.
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	// Records the author's last block, which keeps a candidate from being kicked as idle, and
	// notes one share of the epoch's validators' pool for every block authored.
	type EventHandler = (CollatorSelection, super::depin::BlockAuthorShares);
}

impl pallet_collator_selection::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	// Invulnerables, the candidacy bond and the desired number of candidates.
	type UpdateOrigin = ValidatorAdminOrigin;
	type PotId = ValidatorPotId;
	type MaxCandidates = ConstU32<MAX_CANDIDATES>;
	// Candidates may not leave (nor be kicked) below one eligible validator.
	type MinEligibleCollators = ConstU32<1>;
	type MaxInvulnerables = ConstU32<MAX_INVULNERABLES>;
	type KickThreshold = KickThreshold;
	type ValidatorId = AccountId;
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	// Only an account with session keys set, and not banned by governance, may register as a
	// candidate or be an invulnerable.
	type ValidatorRegistration = pallet_validator_set::NotBanned<Runtime, Session>;
	type WeightInfo = crate::weights::pallet_collator_selection::WeightInfo<Runtime>;
}

impl pallet_validator_set::Config for Runtime {
	// Root, or a referendum on the `validator_admin` track.
	type AdminOrigin = ValidatorAdminOrigin;
	// Slashed bonds go to the treasury, like every other slash on this chain.
	type Slashed = super::money::ToTreasury;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
}

impl session_historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	// Validators carry no exposure (no nominators): membership of the set is what is proven.
	type FullIdentification = ();
	type FullIdentificationOf = UnitIdentified;
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = session_historical::IdentificationTuple<Self>;
	type OnOffenceHandler = ValidatorSet;
}

/// Collator selection as the historical session manager: every validator's full identification
/// is `()`, and any account it names is identified.
pub struct UnitIdentified;

impl sp_runtime::traits::Convert<AccountId, Option<()>> for UnitIdentified {
	fn convert(_: AccountId) -> Option<()> {
		Some(())
	}
}

impl pallet_session::SessionManager<AccountId> for UnitIdentified {
	fn new_session(index: sp_staking::SessionIndex) -> Option<Vec<AccountId>> {
		<CollatorSelection as pallet_session::SessionManager<AccountId>>::new_session(index)
	}
	fn new_session_genesis(index: sp_staking::SessionIndex) -> Option<Vec<AccountId>> {
		<CollatorSelection as pallet_session::SessionManager<AccountId>>::new_session_genesis(index)
	}
	fn start_session(index: sp_staking::SessionIndex) {
		<CollatorSelection as pallet_session::SessionManager<AccountId>>::start_session(index)
	}
	fn end_session(index: sp_staking::SessionIndex) {
		<CollatorSelection as pallet_session::SessionManager<AccountId>>::end_session(index)
	}
}

impl session_historical::SessionManager<AccountId, ()> for UnitIdentified {
	fn new_session(index: sp_staking::SessionIndex) -> Option<Vec<(AccountId, ())>> {
		<Self as pallet_session::SessionManager<AccountId>>::new_session(index)
			.map(|validators| validators.into_iter().map(|who| (who, ())).collect())
	}
	fn new_session_genesis(index: sp_staking::SessionIndex) -> Option<Vec<(AccountId, ())>> {
		<Self as pallet_session::SessionManager<AccountId>>::new_session_genesis(index)
			.map(|validators| validators.into_iter().map(|who| (who, ())).collect())
	}
	fn start_session(index: sp_staking::SessionIndex) {
		<Self as pallet_session::SessionManager<AccountId>>::start_session(index)
	}
	fn end_session(index: sp_staking::SessionIndex) {
		<Self as pallet_session::SessionManager<AccountId>>::end_session(index)
	}
}
