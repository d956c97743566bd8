//! The `depin` client against real dev nodes: every command run as a subprocess, its output
//! checked against the chain.
//!
//! One test binary, so that the harness's test slots schedule every test against every other.

mod common;

mod account;
mod availability;
mod coverage;
mod hotspot;
mod leases;
mod load;
mod metadata;
mod provider;
mod registry;
mod simulate;
mod usage;
mod validator;
