//! The pallets benchmarked for this runtime's weights, and the two runtime-API entry points the
//! `depin-node benchmark pallet` command calls.

use crate::{AllPalletsWithSystem, Runtime};
use alloc::vec::Vec;
use frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList};
use frame_support::traits::{StorageInfo, StorageInfoTrait, WhitelistedStorageKeys};

type SystemBench = frame_system_benchmarking::Pallet<Runtime>;
type BaselineBench = frame_benchmarking::baseline::Pallet<Runtime>;

impl frame_system_benchmarking::Config for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench]
	[frame_system, SystemBench]
	[pallet_balances, crate::Balances]
	[pallet_timestamp, crate::Timestamp]
	[pallet_sudo, crate::Sudo]
	[pallet_registry, crate::Registry]
	[pallet_coverage, crate::Coverage]
	[pallet_leases, crate::Leases]
	[pallet_bme, crate::Bme]
);

/// Lists every benchmark and the runtime's storage items.
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Runs the benchmarks `config` selects.
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, alloc::string::String> {
	let whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}
