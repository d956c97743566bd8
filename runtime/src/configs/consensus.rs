//! Consensus and the validator set: Aura block production, GRANDPA finality and sessions.

use crate::{
	constants::{currency::DPN, time::SESSION_PERIOD},
	AccountId, Balance, Balances, BlockNumber, Runtime, RuntimeEvent, SessionKeys,
};
use frame_support::{parameter_types, traits::ConstBool};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::ConstU32;
use sp_runtime::traits::ConvertInto;

/// The most validators the chain supports.
pub const MAX_AUTHORITIES: u32 = 100;

parameter_types! {
	/// Session length in blocks.
	pub const SessionPeriod: BlockNumber = SESSION_PERIOD;
	/// Sessions start at block 0.
	pub const SessionOffset: BlockNumber = 0;
	/// Held from an account that sets session keys, returned when it purges them.
	pub const SessionKeyDeposit: Balance = DPN;
	/// Most GRANDPA set ids kept for equivocation reports.
	pub const MaxSetIdSessionEntries: u64 = 0;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
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
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	// The genesis validators stay until governance manages the set (see DESIGN.md §8).
	type SessionManager = ();
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}
