//! The daemons' subcommands: `depin provider …` and `depin hotspot …`.

use clap::Subcommand;

/// `depin provider …`.
#[derive(Subcommand, Debug)]
pub enum ProviderCommand {
	/// Run the service until SIGTERM or SIGINT (its options, documented, in
	/// `depin_client::provider::config` and deploy/systemd/provider.toml).
	Run {
		/// The configuration file (TOML).
		#[arg(long)]
		config: std::path::PathBuf,
	},
}

/// `depin hotspot …`.
#[derive(Subcommand, Debug)]
pub enum HotspotCommand {
	/// Run the service until SIGTERM or SIGINT (its options, documented, in
	/// `depin_client::hotspot::config` and deploy/systemd/hotspot.toml).
	Run {
		/// The configuration file (TOML).
		#[arg(long)]
		config: std::path::PathBuf,
	},
}
