//! The pallets benchmarked for this runtime's weights (every pallet with dispatchables and
//! benchmarks: the DePIN pallets and the SDK's), and the two runtime-API entry points the
//! `depin-node benchmark pallet` command calls. `scripts/benchmark-weights.sh` runs them all.
//!
//! Not listed: `pallet_treasury`, whose `payout` and `check_status` benchmarks fail on this
//! runtime (`PayFromAccount` from the treasury pot: `PayoutError`), so the treasury still runs on
//! upstream weights; `pallet_grandpa`, whose `WeightInfo` upstream derives by hand from its
//! `check_equivocation_proof` benchmark.

use crate::{AllPalletsWithSystem, Runtime};
use alloc::vec::Vec;
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use frame_support::traits::{StorageInfo, StorageInfoTrait, WhitelistedStorageKeys};

type SystemBench = frame_system_benchmarking::Pallet<Runtime>;
type BaselineBench = frame_benchmarking::baseline::Pallet<Runtime>;
type SessionBench = cumulus_pallet_session_benchmarking::Pallet<Runtime>;

impl frame_system_benchmarking::Config for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}
impl pallet_transaction_payment::BenchmarkConfig for Runtime {}
impl cumulus_pallet_session_benchmarking::Config for Runtime {
	fn generate_session_keys_and_proof(owner: crate::AccountId) -> (crate::SessionKeys, Vec<u8>) {
		use codec::Encode;
		let generated = crate::SessionKeys::generate(&owner.encode(), None);
		(generated.keys, generated.proof.encode())
	}
}

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench]
	[frame_system, SystemBench]
	[pallet_balances, crate::Balances]
	[pallet_timestamp, crate::Timestamp]
	[pallet_sudo, crate::Sudo]
	[pallet_utility, crate::Utility]
	[pallet_migrations, crate::MultiBlockMigrations]
	[pallet_transaction_payment, crate::TransactionPayment]
	[pallet_grandpa, crate::Grandpa]
	[pallet_session, SessionBench]
	[pallet_collator_selection, crate::CollatorSelection]
	[pallet_scheduler, crate::Scheduler]
	[pallet_preimage, crate::Preimage]
	[pallet_referenda, crate::Referenda]
	[pallet_conviction_voting, crate::ConvictionVoting]
	[pallet_whitelist, crate::Whitelist]
	[pallet_collective, crate::TechnicalCommittee]
	[pallet_registry, crate::Registry]
	[pallet_coverage, crate::Coverage]
	[pallet_usage, crate::Usage]
	[pallet_leases, crate::Leases]
	[pallet_bme, crate::Bme]
	[pallet_validator_set, crate::ValidatorSet]
);

/// Lists every benchmark and the runtime's storage items.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Keys of other pallets that every block reads before its transactions, so a transaction never
/// pays their first read (an empty block's measured `BlockExecutionWeight` and the coverage
/// pallet's `on_initialize` do): the genesis hash in `System::BlockHash` (every device
/// signature is bound to it; the coverage pallet reads it), `Bme::CurrentEpoch` (the authorship
/// handler notes the author's share in it) and `Origins::DevPeriods` (the timestamp inherent's
/// `MinimumPeriod` and the session's period read it).
fn read_every_block() -> Vec<sp_storage::TrackedStorageKey> {
	[
		frame_system::BlockHash::<Runtime>::hashed_key_for(0),
		pallet_bme::CurrentEpoch::<Runtime>::hashed_key().to_vec(),
		crate::configs::governance::origins::DevPeriods::<Runtime>::hashed_key().to_vec(),
	]
	.into_iter()
	.map(Into::into)
	.collect()
}

/// Runs the benchmarks `config` selects.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, alloc::string::String> {
	let mut whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
	whitelist.extend(read_every_block());
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}
