//! `depin`: the operator and tenant command-line client of the DePIN chain (see the
//! `depin_client` library for how it is built).
//!
//! Every command prints text by default and JSON with `--json`; a failed command prints the
//! reason (a refused or failed transaction by its `Pallet::Error` name, its docs and a hint) and
//! exits non-zero: 1 failed on chain, 2 bad usage, 3 refused by the transaction pool, 4 the node
//! or its JSON-RPC, 5 anything else.

use std::process::ExitCode;

use clap::Parser;
use depin_client::{cli::Cli, commands, output::pretty};

#[tokio::main]
async fn main() -> ExitCode {
	let cli = Cli::parse();
	let json = cli.json;
	match commands::run(cli).await {
		Ok(output) if json => {
			println!("{}", pretty(&output.json));
			ExitCode::SUCCESS
		}
		Ok(output) => {
			println!("{}", output.text);
			ExitCode::SUCCESS
		}
		Err(error) => {
			if json {
				println!("{}", pretty(&error.to_json()));
			}
			eprintln!("{error}");
			ExitCode::from(error.exit_code())
		}
	}
}
