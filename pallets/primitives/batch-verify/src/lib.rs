//! # Batch signature verification
//!
//! The DePIN chain's one host function of its own: many device signatures verified in one batch
//! on the node, each signature's result exactly what single verification would say.
//!
//! A coverage report carries up to a few dozen witness receipts, each signed by its witness's
//! device key; checked one at a time through `sp_io::crypto`, signatures are about a quarter of
//! a report's charged weight. Verified together, one multi-scalar multiplication replaces one
//! per signature.
//!
//! ## The rules
//!
//! - **Same answers as single verification.** [`verify`] returns one `bool` per item, and it is
//!   what `sp_io::crypto::ed25519_verify` or `sp_io::crypto::sr25519_verify` would return for
//!   that item. The host verifies each scheme's items as one batch; when the batch fails, it
//!   verifies them one by one, so one bad signature costs its batch the single checks, never a
//!   wrong answer for the others.
//! - **ed25519 under ZIP-215**, with `ed25519-zebra` (the library `sp_core` verifies single
//!   ed25519 signatures with): its batch and single equations are both cofactored, so they agree
//!   on every input, including small-order and non-canonical points. Never ed25519-dalek's
//!   cofactorless batch, which can accept what its single check refuses.
//! - **sr25519 with schnorrkel's deterministic batch** (`verify_batch_deterministic`: the
//!   coefficients come from a transcript of every key, signature and message), under the
//!   `substrate` signing context that `sp_core` uses. A key or signature that does not decode is
//!   `false` without entering the batch, as single verification refuses it.
//! - **Deterministic coefficients.** The ed25519 batch draws its coefficients from ChaCha20
//!   seeded with the BLAKE2-256 hash of the whole batch (keys, signatures, messages), so no node
//!   uses system randomness, and nobody can choose coefficients: a forged batch passes with
//!   probability about 2^-125, the bound of every batch verifier, and then only if its forger
//!   could predict a hash of its own forgery. (`ed25519-zebra` groups signatures by key in a hash
//!   map whose order is per process; that changes which coefficient meets which signature, not
//!   the answer.)
//! - **One thread.** The host verifies on the calling thread; the weights charge that, and a
//!   validator's other cores are headroom, never counted.
//! - **A versioned interface, kept forever.** The runtime imports
//!   `ext_device_signatures_verify_batch_version_1`; a node must keep serving version 1 for as
//!   long as any block of the chain calls it (every block can be re-executed). A change of
//!   arguments or behaviour is a new version beside it.
//!
//! ## What it breaks, and the way around
//!
//! A tool that executes the runtime without this host function cannot execute a block (or a
//! transaction's validation) that verifies receipts: the WASM instance either refuses to start
//! (missing import) or traps when the call is reached (tools that stub missing imports). That
//! includes `try-runtime-cli`, `chopsticks`, the `frame-omni-bencher` and `polkadot-omni-node`.
//! Use `depin-node`'s own commands (`benchmark pallet`, `benchmark block`, `export-state` and the
//! native try-runtime tests in `runtime/tests`), which register it, or build the tool with
//! `depin_batch_verify::HostFunctions` added to its host functions. Node operators must upgrade
//! `depin-node` before a runtime that calls a new version of it is enacted.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::{Decode, Encode};
use sp_runtime_interface::{
	pass_by::{PassFatPointerAndDecodeSlice, PassFatPointerAndWrite},
	runtime_interface,
};

#[cfg(not(substrate_runtime))]
mod host;
#[cfg(test)]
mod tests;

/// The signature scheme of an [`Item`].
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, Debug)]
pub enum Scheme {
	/// ed25519, under ZIP-215.
	Ed25519,
	/// sr25519 (schnorrkel), signing context `substrate`.
	Sr25519,
}

/// One signature to verify: the raw bytes of a public key and a signature of `scheme` over
/// `message`.
#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
pub struct Item {
	/// The scheme of `public` and `signature`.
	pub scheme: Scheme,
	/// The raw 32-byte public key.
	pub public: [u8; 32],
	/// The raw 64-byte signature.
	pub signature: [u8; 64],
	/// The signed message.
	pub message: Vec<u8>,
}

/// Verifies every item, in one host call: the result at `i` is whether `items[i]`'s signature
/// is valid, as single verification would say. No host call is made for an empty batch.
pub fn verify(items: &[Item]) -> Vec<bool> {
	if items.is_empty() {
		return Vec::new();
	}
	let mut results = alloc::vec![0u8; items.len()];
	device_signatures::verify_batch(items, &mut results);
	results.into_iter().map(|valid| valid == 1).collect()
}

/// The host functions `depin-node` registers (and any tool that executes the runtime must).
#[cfg(not(substrate_runtime))]
pub type HostFunctions = device_signatures::HostFunctions;

/// The host function. Version 1 is kept forever (see the crate documentation).
#[runtime_interface]
pub trait DeviceSignatures {
	/// Writes to `results[i]` 1 if `items[i]`'s signature is valid and 0 if not, verifying
	/// each scheme's items in one batch and, when a batch fails, its items one by one. The
	/// runtime passes as many results as items ([`verify`]); a surplus of either is ignored.
	fn verify_batch(
		items: PassFatPointerAndDecodeSlice<&[Item]>,
		results: PassFatPointerAndWrite<&mut [u8]>,
	) {
		for (result, valid) in results.iter_mut().zip(host::verify_each(items)) {
			*result = u8::from(valid);
		}
	}
}
