//! `depin-node`: the DePIN chain's validator node.

#![warn(missing_docs)]
// `sc_cli::Error`, which every command returns, is large by the SDK's design.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod depin_metrics;
mod operators;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
