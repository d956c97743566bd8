//! What the RPC crates' tests share: the pinned bytes of the `depin_*` JSON, the check of a
//! refusal, and sample accounts.
//!
//! Each RPC crate's `tests/pinned.txt` holds one line per sample, its name, a space and the
//! compact JSON jsonrpsee sends. A change to what a method returns shows as a failing test and a
//! diff of that file; `DEPIN_PIN_WRITE=1` rewrites it, for a deliberate change.

use jsonrpsee::types::ErrorObjectOwned;
use serde::Serialize;
use sp_runtime::AccountId32;

/// Alice's sr25519 account id (the well-known development key):
/// `5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY` with prefix 42.
pub fn alice() -> AccountId32 {
	AccountId32::from([
		0xd4, 0x35, 0x93, 0xc7, 0x15, 0xfd, 0xd3, 0x1c, 0x61, 0x14, 0x1a, 0xbd, 0x04, 0xa9, 0x9f,
		0xd6, 0x82, 0x2c, 0x85, 0x58, 0x85, 0x4c, 0xcd, 0xe3, 0x9a, 0x56, 0x84, 0xe7, 0xa5, 0x6d,
		0xa2, 0x7d,
	])
}

/// Another account, every byte 0x8e.
pub fn bob() -> AccountId32 {
	AccountId32::from([0x8e; 32])
}

/// Asserts that `result` is a code-2 "invalid parameter" refusal whose message holds every one
/// of `fragments`.
pub fn assert_invalid<T: std::fmt::Debug>(result: Result<T, ErrorObjectOwned>, fragments: &[&str]) {
	let error = result.expect_err("the input is invalid");
	assert_eq!(error.code(), 2, "{}", error.message());
	assert!(error.message().starts_with("invalid parameter: "), "{}", error.message());
	for fragment in fragments {
		assert!(error.message().contains(fragment), "{:?} in {}", fragment, error.message());
	}
}

/// One sample: its name and its compact JSON.
pub fn sample(name: &str, value: &impl Serialize) -> String {
	let json = serde_json::to_string(value).unwrap_or_else(|e| panic!("{name}: {e}"));
	format!("{name} {json}\n")
}

/// Asserts that `samples` (from [`sample`]) are the lines of the pinned file at `path`.
pub fn assert_pinned(path: &str, samples: &[String]) {
	let shown: String = samples.concat();
	if std::env::var_os("DEPIN_PIN_WRITE").is_some() {
		std::fs::write(path, &shown).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
	}
	let pinned =
		std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
	for (line, (shown, pinned)) in shown.lines().zip(pinned.lines()).enumerate() {
		assert_eq!(shown, pinned, "{path}, line {}", line + 1);
	}
	assert_eq!(shown.lines().count(), pinned.lines().count(), "{path}: the number of samples");
}
