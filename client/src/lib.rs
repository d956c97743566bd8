//! The DePIN chain's client library, behind the `depin` command line: a subxt client of
//! depin-node with the interface generated from the metadata of the runtime this workspace
//! builds.
//!
//! # Layers
//!
//! Each layer imports only the ones below it.
//!
//! 1. **Values**: [`keys`] (secret URIs, SS58, hex), [`amount`] (exact DPN and USD decimals),
//!    [`access`] (a lease's access details sealed to its tenant),
//!    [`payloads`] (what device and maker keys sign, from `depin_primitives`), [`output`] (what
//!    a command prints), [`errors`] (what can go wrong and its exit code), [`sessions`] (a
//!    data-transfer session as JSON) and [`runtime`] (the generated interface).
//! 2. **The connection**: [`chain`] signs, submits and follows transactions to their block and
//!    returns plain data (a [`chain::Receipt`], JSON-RPC results).
//! 3. **Engines**: [`sim`] (the radio world of simulated hotspots), [`fleet`] (a simulated fleet
//!    on a real chain) and [`traffic`] (paced submission and a block watcher); the operator
//!    daemons ([`provider`], [`hotspot`] with [`lora`] for its gateways' protocol; [`daemon`] for
//!    what they share and [`http`] for their metrics and health).
//! 4. **The command line**: [`cli`] (clap's options) and [`commands`] (one module per group).
//!
//! `main.rs` only parses the command line, runs the command and prints its [`output::Output`].

pub mod access;
pub mod amount;
pub mod errors;
pub mod keys;
pub mod keystore;
pub mod output;
pub mod payloads;
pub mod runtime;
pub mod secrets;
pub mod sessions;

pub mod chain;

pub mod air;
pub mod carrier;
pub mod fleet;
pub mod sim;
pub mod traffic;

pub mod daemon;
pub mod hotspot;
pub mod http;
pub mod lora;
pub mod provider;

pub mod cli;
pub mod commands;
