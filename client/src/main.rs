//! `depin`: the operator and tenant command-line client of the DePIN chain, built on subxt with
//! the interface generated from the metadata of the runtime this workspace builds.
//!
//! Every command prints text by default and JSON with `--json`; a failed command prints the
//! reason (a refused or failed transaction by its `Pallet::Error` name, its docs and a hint) and
//! exits non-zero: 1 failed on chain, 2 bad usage, 3 refused by the transaction pool, 4 the node
//! or its JSON-RPC, 5 anything else.

use std::process::ExitCode;

use clap::Parser;

mod amount;
mod chain;
mod cli;
mod commands;
mod errors;
mod fleet;
mod keys;
mod load;
mod payloads;
mod runtime;
mod sim;

/// What a command prints.
pub struct Output {
	/// For people.
	pub text: String,
	/// For `--json`.
	pub json: serde_json::Value,
}

#[tokio::main]
async fn main() -> ExitCode {
	let cli = cli::Cli::parse();
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

/// Indented JSON.
fn pretty(value: &serde_json::Value) -> String {
	serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}
