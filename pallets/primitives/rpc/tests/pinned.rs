//! The error objects of refused parameters, byte for byte (`tests/pinned.txt`).

use depin_primitives_rpc::{
	params::{parse_account, parse_amount, parse_cell, parse_device_key},
	runtime_error,
	testing::{assert_pinned, sample},
};
use jsonrpsee::types::ErrorObjectOwned;
use serde_json::json;
use sp_runtime::AccountId32;

/// The error object of a refused parameter, as the JSON-RPC response carries it.
fn error(name: &str, result: Result<impl std::fmt::Debug, ErrorObjectOwned>) -> String {
	sample(name, &result.expect_err("a bad parameter"))
}

fn account(what: &str, input: &str) -> Result<AccountId32, ErrorObjectOwned> {
	parse_account(what, input)
}

#[test]
fn refused_parameters_get_the_pinned_errors() {
	let hex = "ab".repeat(32);
	let amount = |input| parse_amount("amountPlancks", &input);
	assert_pinned(
		concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pinned.txt"),
		&[
			error("account_not_ss58", account("owner", "alice")),
			error("account_short_hex", account("account", "0x1234")),
			error("account_bad_hex", account("provider", &format!("0x{}", "g".repeat(64)))),
			error("account_long", account("owner", &"x".repeat(200))),
			error("key_no_scheme", parse_device_key(&format!("0x{hex}"))),
			error("key_unknown_scheme", parse_device_key(&format!("ecdsa:0x{hex}"))),
			error("key_no_0x", parse_device_key(&format!("ed25519:{hex}"))),
			error("key_short", parse_device_key("ed25519:0xabcd")),
			error("amount_negative", amount(json!(-1))),
			error("amount_decimal_point", amount(json!("1.5"))),
			error("amount_too_large", amount(json!("340282366920938463463374607431768211456"))),
			error("amount_bad_hex", amount(json!("0x"))),
			error("amount_boolean", amount(json!(true))),
			error("cell_no_0x", parse_cell("cell", "08c2a1072b59b9ff")),
			error("cell_not_hex", parse_cell("cell", "0xzz")),
			error("cell_invalid", parse_cell("cell", "0x08c2a1072b59b9f7")),
			sample(
				"runtime_error",
				&runtime_error("BmeApi::price", "Api called for an unknown Block: 0x00"),
			),
		],
	);
}
