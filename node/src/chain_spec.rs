//! The chains this node knows by name, and loading any other from a JSON file.

use depin_runtime::{
	constants::currency::{SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL},
	genesis_config_presets::{BENCHMARK_LOCAL_RUNTIME_PRESET, BENCHMARK_RUNTIME_PRESET},
	WASM_BINARY,
};
use sc_service::ChainType;
use std::path::PathBuf;

/// A chain spec of this chain: no extensions.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The public testnet's committed raw chain spec, made from its operators' file
/// `chain-specs/testnet.operators.json` (regenerate with `scripts/gen-chain-specs.sh`).
const TESTNET_RAW: &[u8] = include_bytes!("../../chain-specs/testnet.raw.json");

/// The names `--chain` accepts besides a path, for error messages.
pub const KNOWN_CHAINS: &str = "dev, local, bench, bench-local, testnet";

/// The token's symbol, decimals and SS58 prefix, for wallets.
pub(crate) fn properties() -> sc_service::Properties {
	let mut p = sc_service::Properties::new();
	p.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	p.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	p.insert("ss58Format".into(), SS58_PREFIX.into());
	p
}

/// The runtime this node was built with, for a new chain's genesis.
pub(crate) fn runtime_code() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"this node was built without its WASM runtime (SKIP_WASM_BUILD): rebuild it without \
		 SKIP_WASM_BUILD to make a chain's genesis"
			.to_string()
	})
}

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(runtime_code()?, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("depin")
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// The chain `--chain id` names: a built-in name or the path of a JSON chain spec.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	let spec = match id {
		"" | "dev" => from_preset(
			"DePIN Development",
			"depin_dev",
			ChainType::Development,
			sp_genesis_builder::DEV_RUNTIME_PRESET,
		)?,
		"local" => from_preset(
			"DePIN Local Testnet",
			"depin_local",
			ChainType::Local,
			sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
		)?,
		// `dev` and `local` with the testnet's timing (6-second blocks): what the throughput
		// benchmark measures.
		"bench" => from_preset(
			"DePIN Benchmark",
			"depin_bench",
			ChainType::Development,
			BENCHMARK_RUNTIME_PRESET,
		)?,
		"bench-local" => from_preset(
			"DePIN Local Benchmark",
			"depin_bench_local",
			ChainType::Local,
			BENCHMARK_LOCAL_RUNTIME_PRESET,
		)?,
		"testnet" => ChainSpec::from_json_bytes(TESTNET_RAW)
			.map_err(|e| format!("the built-in testnet chain spec is invalid: {e}"))?,
		path => load_file(PathBuf::from(path))?,
	};
	Ok(Box::new(spec))
}

fn load_file(path: PathBuf) -> Result<ChainSpec, String> {
	if !path.is_file() {
		return Err(format!(
			"chain spec {} not found: pass --chain with one of {KNOWN_CHAINS} or the path of a \
			 JSON chain spec file",
			path.display()
		));
	}
	ChainSpec::from_json_file(path.clone()).map_err(|e| {
		format!(
			"chain spec {} is not a valid chain spec: {e}. Regenerate it with \
			 `depin-node build-spec` or fix the JSON",
			path.display()
		)
	})
}
