//! # DePIN runtime
//!
//! The WASM runtime of the DePIN appchain: which pallets run, at which indices, with which
//! configuration, and the runtime APIs the node and its clients call. Configuration is split by
//! domain under [`configs`]; genesis presets live in [`genesis_config_presets`]; runtime APIs in
//! `apis.rs`.
//!
//! Governance upgrades this runtime on a live chain: bump [`VERSION`]'s `spec_version` with every
//! change of behaviour, and `transaction_version` with every change of call encoding.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` and the runtime APIs expand to deep recursion.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod constants;
pub mod genesis_config_presets;
#[cfg(test)]
mod tests;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::{runtime_version, RuntimeVersion};

pub use apis::RuntimeApi;
pub use constants::{currency::*, time::*};

/// Opaque types: what the node needs to know of the runtime's types without knowing the runtime.
pub mod opaque {
	use super::*;
	use sp_runtime::OpaqueExtrinsic;

	/// An extrinsic as the node sees it: bytes.
	pub type UncheckedExtrinsic = OpaqueExtrinsic;
	/// A block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// A block, with opaque extrinsics.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// A block's id.
	pub type BlockId = generic::BlockId<Block>;
	/// A block hash.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;

	impl_opaque_keys! {
		/// The session keys a validator registers with `session.setKeys`.
		pub struct SessionKeys {
			/// Block production.
			pub aura: Aura,
			/// Finality.
			pub grandpa: Grandpa,
		}
	}
}

pub use opaque::SessionKeys;

/// The runtime's version: a node runs any runtime whose version it is given on chain.
#[cfg(not(feature = "next-spec-version"))]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("depin"),
	impl_name: alloc::borrow::Cow::Borrowed("depin-node"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// This runtime as its own next version, for the end-to-end upgrade test: `spec_version` one
/// higher, everything else the same.
#[cfg(feature = "next-spec-version")]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("depin"),
	impl_name: alloc::borrow::Cow::Borrowed("depin-node"),
	authoring_version: 1,
	spec_version: 101,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// An index of a block.
pub type BlockNumber = u32;
/// The signature type: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;
/// An account id: the public key of the signature scheme, as 32 bytes.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// An amount of DPN, in plancks (10^-12 DPN).
pub type Balance = u128;
/// A transaction's sequence number.
pub type Nonce = u32;
/// A hash of some data.
pub type Hash = sp_core::H256;
/// The address format for extrinsics.
pub type Address = MultiAddress<AccountId, ()>;
/// A block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// A block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// A signed block with justifications.
pub type SignedBlock = generic::SignedBlock<Block>;
/// A block's id.
pub type BlockId = generic::BlockId<Block>;

/// The checks every signed transaction passes, in order.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// An extrinsic as the runtime decodes it.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// The single-block storage migrations of the next runtime upgrade, run by `frame_system`
/// (`SingleBlockMigrations`) before any block of the new runtime. Each is versioned (a
/// `VersionedMigration` or a check of the pallet's storage version) and bounded; one that
/// iterates a growing map belongs in `pallet_migrations` instead (see `configs/system.rs`).
pub type Migrations = (
	// Counts the coverage denylist's entries into its stored size (a handful of entries).
	pallet_coverage::migrations::MigrateV0ToV1<Runtime>,
	// Coverage v2's receipt windows: new storage only (v1 keeps nothing in flight).
	pallet_coverage::migrations::MigrateV1ToV2<Runtime>,
	// The coverage denylist moves into the activity records (one record per hotspot that took
	// part: a few dozen on the testnet).
	pallet_coverage::migrations::MigrateV2ToV3<Runtime>,
	// Shares noted once an epoch has ended, per earner.
	pallet_coverage::migrations::MigrateV3ToV4<Runtime>,
	// The explorer's index of counted hotspots by region (one entry per located hotspot).
	pallet_coverage::migrations::MigrateV4ToV5<Runtime>,
	// BME's data-transfer pool: the parameters and rollover gain its part (two values).
	pallet_bme::migrations::MigrateV0ToV1<Runtime>,
);

/// Dispatches extrinsics to the pallets. Migrations are `frame_system`'s (see [`Migrations`]),
/// not the deprecated last parameter of `Executive`.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

// The origins pallet, under the name the runtime macro declares it by.
use configs::governance::origins as pallet_custom_origins;
// Governance's removals and bans of validators, likewise.

/// The runtime's pallets with their fixed indices, grouped by domain. An index is never reused:
/// clients and signed transactions encode it.
#[frame_support::runtime]
mod runtime {
	/// The runtime.
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// System and consensus: 0..=9.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(4)]
	pub type MultiBlockMigrations = pallet_migrations;
	#[runtime::pallet_index(5)]
	pub type Utility = pallet_utility;

	// Money: 10..=19.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;
	#[runtime::pallet_index(12)]
	pub type Treasury = pallet_treasury;

	// Validators: 20..=29. The runtime builds genesis and runs hooks in index order: collator
	// selection's genesis (the invulnerables) is built before the session pallet's, which asks
	// it for the first validator set, and authorship notes a block's author before the session
	// may rotate.
	#[runtime::pallet_index(20)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(21)]
	pub type CollatorSelection = pallet_collator_selection;
	#[runtime::pallet_index(22)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(23)]
	pub type ValidatorSet = pallet_validator_set;
	#[runtime::pallet_index(24)]
	pub type Historical = pallet_session::historical;
	#[runtime::pallet_index(25)]
	pub type Offences = pallet_offences;

	// Governance: 30..=39.
	#[runtime::pallet_index(30)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(31)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(32)]
	pub type Referenda = pallet_referenda;
	#[runtime::pallet_index(33)]
	pub type ConvictionVoting = pallet_conviction_voting;
	#[runtime::pallet_index(34)]
	pub type Origins = pallet_custom_origins;
	#[runtime::pallet_index(35)]
	pub type Whitelist = pallet_whitelist;
	#[runtime::pallet_index(36)]
	pub type TechnicalCommittee = pallet_collective<Instance1>;

	// DePIN: 40..=59.
	#[runtime::pallet_index(40)]
	pub type Registry = pallet_registry;
	#[runtime::pallet_index(41)]
	pub type Coverage = pallet_coverage;
	#[runtime::pallet_index(42)]
	pub type Leases = pallet_leases;
	#[runtime::pallet_index(43)]
	pub type Bme = pallet_bme;
	#[runtime::pallet_index(44)]
	pub type Usage = pallet_usage;

	// Development only: present in the runtime, but with no key in the `testnet` preset nobody
	// can use it there; governance there is the referenda pallet's.
	#[runtime::pallet_index(255)]
	pub type Sudo = pallet_sudo;
}
