//! What the DePIN pallets' JSON-RPC crates (`pallet-registry-rpc`, `pallet-bme-rpc`,
//! `pallet-coverage-rpc`, `pallet-leases-rpc`) share, so that every `depin_*` method speaks the
//! same JSON:
//!
//! - [`format`]: serde helpers for the conventions below, used as `#[serde(serialize_with)]`;
//! - [`params`]: parameter parsers that refuse bad input with a named code-2 error;
//! - [`views`]: the views of the types every pallet shows (device keys, H3 cells);
//! - [`Error`], [`runtime_error`], [`invalid_parameter`]: the two error codes;
//! - [`at_or_best`]: the block a method answers at;
//! - [`testing`]: what the crates' tests share (pinned bytes, refusals, sample accounts).
//!
//! JSON conventions:
//! - keys are camelCase, and every object's keys are in alphabetical order: the views declare
//!   their fields alphabetically, and a tagged enum is written through [`format::sorted`] (the
//!   bytes are pinned by each crate's `tests/pinned.txt`);
//! - DPN amounts (plancks), credits, shares and other `u128`/`u64` quantities are decimal
//!   strings, exact beyond the 2^53 a JSON number holds ([`format::decimal`]); ids, block
//!   numbers, epochs and small counts are JSON numbers;
//! - accounts are SS58 addresses with the node's SS58 prefix ([`format::ss58`]); as parameters,
//!   any SS58 prefix or `0x` and 64 hex digits are accepted ([`params::parse_account`]);
//! - keys are `{"publicKey": "0x…", "type": "ed25519" | "sr25519"}` ([`views::KeyView`]);
//! - H3 cells are `{"cell": "0x" + 16 hex digits of the u64 index, "resolution": n}`
//!   ([`views::CellView`]);
//! - prices (`FixedU128`) are decimals with 18 places, e.g. `"1.250000000000000000"`; `Perbill`
//!   parts are fractions of one with 9 places, e.g. 35 % is `"0.350000000"`;
//! - enums with fields are `{"type": "…", …fields}`, field-less enums are plain strings;
//! - short on-chain texts (names, models, region codes) are text, bytes that are not UTF-8
//!   becoming U+FFFD ([`format::text`]).
//!
//! Errors: code 1 "runtime API call failed: …" (unknown or pruned block, runtime without the
//! API, ...), code 2 "invalid parameter: …" naming the parameter, what is wrong and what is
//! expected. A parameter of the wrong JSON type gets JSON-RPC's own -32602.

pub mod format;
pub mod params;
pub mod testing;
pub mod views;

use std::fmt::Display;

use jsonrpsee::types::{ErrorObject, ErrorObjectOwned};
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

/// Entries a paged method (`depin_devicesOf`, `depin_offers`, `depin_leaseQuote`,
/// `depin_leasesOf`) asks for when `limit` is not given. The runtime caps every page at its own
/// page size.
pub const DEFAULT_PAGE_LIMIT: u32 = 100;

/// The codes of the `depin_*` errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
	/// Code 1: the runtime API call failed (unknown or pruned block, runtime without the API,
	/// undecodable answer).
	RuntimeError,
	/// Code 2: a parameter has the right JSON type but not a valid value.
	InvalidParameter,
}

impl From<Error> for i32 {
	fn from(error: Error) -> i32 {
		match error {
			Error::RuntimeError => 1,
			Error::InvalidParameter => 2,
		}
	}
}

/// A code-1 error: the runtime API function `call` failed with `error`.
pub fn runtime_error(call: &str, error: impl Display) -> ErrorObjectOwned {
	ErrorObject::owned(
		Error::RuntimeError.into(),
		format!("runtime API call failed: {call}: {error}"),
		None::<()>,
	)
}

/// A code-2 error: parameter `what`, shown as `shown`, is not valid because `why`; `expected`
/// says what would be.
pub fn invalid_parameter(
	what: &str,
	shown: &str,
	why: impl Display,
	expected: &str,
) -> ErrorObjectOwned {
	ErrorObject::owned(
		Error::InvalidParameter.into(),
		format!("invalid parameter: {what} {shown}: {why}; expected {expected}"),
		None::<()>,
	)
}

/// The block asked for, or `client`'s best block.
pub fn at_or_best<Block: BlockT, C: HeaderBackend<Block>>(
	client: &C,
	at: Option<Block::Hash>,
) -> Block::Hash {
	at.unwrap_or_else(|| client.info().best_hash)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn error_codes_are_1_and_2() {
		let runtime = runtime_error("BmeApi::price", "Api called for an unknown Block: 0x00");
		assert_eq!(runtime.code(), 1);
		assert_eq!(
			runtime.message(),
			"runtime API call failed: BmeApi::price: Api called for an unknown Block: 0x00"
		);
		assert_eq!(i32::from(Error::InvalidParameter), 2);
	}
}
