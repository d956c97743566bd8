//! `depin-runtime` built as its own next version: the same code with the `next-spec-version`
//! feature, whose only change is `spec_version` one higher. The end-to-end governance test
//! upgrades the four-validator network to [`WASM_BINARY`] by referendum.
//!
//! A crate of its own, so that its WASM is built once into its own folder of the build cache
//! (`wbuild/depin-runtime-next/`) beside the node's runtime and rebuilt only when the runtime's
//! code changes, instead of the node's runtime being rebuilt with and without the feature in
//! turn. Only the crates that need it (the end-to-end tests) depend on it.

#![cfg_attr(not(feature = "std"), no_std)]

// The WASM build: the runtime's exports (its runtime APIs and version section) are this blob's.
#[cfg(feature = "runtime-wasm")]
pub use depin_runtime::*;

// The native build: the WASM blob as `WASM_BINARY` (None under `SKIP_WASM_BUILD`).
#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));
