//! The end-to-end tests: real `depin-node` processes on loopback, driven over JSON-RPC.
//!
//! One test binary, so that the harness's test slots schedule every test against every other:
//! the single-node tests run side by side, and the four-validator tests (consensus: finality
//! with three of four, the upgrade by referendum, the fifth validator) take every slot.

mod bad_input;
mod chain_specs;
mod coverage;
mod dev_chain;
mod durability;
mod equivocation;
mod governance;
mod launch;
mod leases;
mod local_network;
mod node_surface;
mod registry_bme;
mod validators;
mod warp_sync;
