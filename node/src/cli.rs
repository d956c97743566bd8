//! Command-line arguments: `depin-node [run options]` or `depin-node <subcommand>`.

/// The node's command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A subcommand; without one the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options for running the node.
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// Keep the runtimes the node compiles in DIR (created if missing): a restart, or another
	/// node on this machine naming the same directory, loads a compiled runtime instead of
	/// compiling it again. Off by default.
	#[arg(long, value_name = "DIR")]
	pub wasm_cache: Option<std::path::PathBuf>,
}

/// The node's subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect and insert keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification.
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain specification.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Benchmark the runtime's pallets, storage and this machine.
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Database metadata: best, finalized and genesis blocks.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// A live network's raw chain spec from its operators' file (docs/launch.md).
	SpecFromOperators(crate::operators::SpecFromOperatorsCmd),

	/// A validator's entry for the operators' file, signed with the keys in its keystore.
	ValidatorKeys(crate::operators::keys::ValidatorKeysCmd),
}

/// The transaction pool this node runs unless `--pool-type` says otherwise: the single-state
/// pool, which validates every submission against the best block. Under a backlog of thousands
/// of paid transactions the fork-aware pool's views fall behind the chain by more than a lease's
/// heartbeat interval (measured on a debug node: a heartbeat signed for the current interval was
/// refused as "valid in the future" for 18 blocks running, and the lease went into breach), so
/// the device-signed, rate-limited transactions that must land on time could not even enter it.
pub const DEFAULT_POOL_TYPE: &str = "single-state";

impl Cli {
	/// Parses `args` as [`sc_cli::SubstrateCli::from_iter`] does, with this node's defaults
	/// ([`DEFAULT_POOL_TYPE`]); prints the error (or the help) and exits on bad arguments.
	pub fn parse_from_args<I>(args: I) -> Self
	where
		I: IntoIterator,
		I::Item: Into<std::ffi::OsString> + Clone,
	{
		Self::try_parse_from_args(args).unwrap_or_else(|error| error.exit())
	}

	/// [`Self::parse_from_args`] without exiting.
	pub fn try_parse_from_args<I>(args: I) -> clap::error::Result<Self>
	where
		I: IntoIterator,
		I::Item: Into<std::ffi::OsString> + Clone,
	{
		use clap::{CommandFactory, FromArgMatches};
		use sc_cli::SubstrateCli;
		let command = Self::setup_command(Self::command())
			.mut_arg("pool_type", |arg| arg.default_value(DEFAULT_POOL_TYPE));
		Self::from_arg_matches(&command.try_get_matches_from(args)?)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn pool_type(args: &[&str]) -> sc_cli::TransactionPoolType {
		let cli = Cli::try_parse_from_args(args).expect("valid arguments");
		cli.run.pool_config.pool_type
	}

	#[test]
	fn the_single_state_pool_is_the_default() {
		assert!(matches!(pool_type(&["depin-node"]), sc_cli::TransactionPoolType::SingleState));
		assert!(matches!(
			pool_type(&["depin-node", "--dev"]),
			sc_cli::TransactionPoolType::SingleState
		));
	}

	#[test]
	fn pool_type_flag_still_chooses_the_pool() {
		assert!(matches!(
			pool_type(&["depin-node", "--pool-type", "fork-aware"]),
			sc_cli::TransactionPoolType::ForkAware
		));
	}

	#[test]
	fn unknown_pool_type_is_refused_with_a_message() {
		let error = Cli::try_parse_from_args(["depin-node", "--pool-type", "fast"])
			.expect_err("an unknown pool type");
		assert!(error.to_string().contains("fork-aware"), "{error}");
	}
}
