//! Parsers of the `depin_*` parameters: each refuses bad input with a code-2 error that names
//! the parameter, says what is wrong and what is expected.

use depin_primitives::{DeviceKey, H3Cell};
use jsonrpsee::types::ErrorObjectOwned;
use serde_json::Value;
use sp_core::crypto::Ss58Codec;

use crate::invalid_parameter;

/// Longest piece of a bad parameter quoted back in an error message, in characters.
pub const MAX_QUOTED_CHARS: usize = 80;

/// What an account parameter may be.
const ACCOUNT_EXPECTED: &str = "an SS58 address (any network prefix) or 0x followed by the 64 \
	hex digits of the 32-byte account id";

/// What a device key parameter may be.
const KEY_EXPECTED: &str = "\"ed25519:0x…\" or \"sr25519:0x…\" with the 64 hex digits of the \
	32-byte public key";

/// What an H3 cell parameter may be.
const CELL_EXPECTED: &str = "a valid H3 cell index as 0x followed by up to 16 hex digits, e.g. \
	\"0x08c2a1072b59b9ff\"";

/// What an amount parameter may be.
const AMOUNT_EXPECTED: &str = "a whole number of plancks (10^12 plancks = 1 DPN) as a decimal \
	string such as \"1000000000000\", a 0x-hex string, or a JSON integer up to 2^64 - 1";

/// `text` cut to [`MAX_QUOTED_CHARS`] characters, an ellipsis marking the cut.
pub fn truncated(text: &str) -> String {
	if text.chars().count() <= MAX_QUOTED_CHARS {
		text.to_owned()
	} else {
		text.chars().take(MAX_QUOTED_CHARS).chain(Some('…')).collect()
	}
}

/// A string parameter quoted (and cut) for an error message.
pub fn quoted(text: &str) -> String {
	format!("{:?}", truncated(text))
}

/// `text` without its `0x` (or `0X`) prefix, or `None` without one.
pub fn strip_hex_prefix(text: &str) -> Option<&str> {
	text.strip_prefix("0x").or_else(|| text.strip_prefix("0X"))
}

/// The 32 bytes written as exactly 64 hex digits (no prefix), or why they are not.
pub fn decode_hex_32(hex: &str) -> Result<[u8; 32], String> {
	if let Some(bad) = hex.chars().find(|digit| !digit.is_ascii_hexdigit()) {
		return Err(format!("{bad:?} is not a hex digit"));
	}
	// All ASCII from here: bytes are digits.
	if hex.len() != 64 {
		return Err(format!("{} hex digits instead of 64 (32 bytes)", hex.len()));
	}
	let nibble = |digit: u8| (digit as char).to_digit(16).unwrap_or(0) as u8;
	let mut bytes = [0u8; 32];
	for (byte, pair) in bytes.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
		*byte = (nibble(pair[0]) << 4) | nibble(pair[1]);
	}
	Ok(bytes)
}

/// Parses the account parameter `what`: an SS58 address of any network prefix, or `0x` and the
/// 64 hex digits of the 32-byte account id.
pub fn parse_account<AccountId: Ss58Codec + From<[u8; 32]>>(
	what: &str,
	input: &str,
) -> Result<AccountId, ErrorObjectOwned> {
	let text = input.trim();
	if let Some(hex) = strip_hex_prefix(text) {
		return decode_hex_32(hex)
			.map(AccountId::from)
			.map_err(|why| invalid_parameter(what, &quoted(input), why, ACCOUNT_EXPECTED));
	}
	AccountId::from_ss58check_with_version(text).map(|(account, _prefix)| account).map_err(
		|error| {
			invalid_parameter(
				what,
				&quoted(input),
				format!("not an SS58 address ({error})"),
				ACCOUNT_EXPECTED,
			)
		},
	)
}

/// Parses the `key` parameter of `depin_deviceByKey`: `"ed25519:0x…"` or `"sr25519:0x…"` with
/// the 64 hex digits of the raw 32-byte public key (the scheme is case-insensitive).
pub fn parse_device_key(input: &str) -> Result<DeviceKey, ErrorObjectOwned> {
	let invalid = |why: String| invalid_parameter("key", &quoted(input), why, KEY_EXPECTED);
	let (scheme, public) = input
		.trim()
		.split_once(':')
		.ok_or_else(|| invalid("no \"<scheme>:\" before the public key".to_owned()))?;
	let make: fn([u8; 32]) -> DeviceKey = match scheme.trim().to_ascii_lowercase().as_str() {
		"ed25519" => DeviceKey::Ed25519,
		"sr25519" => DeviceKey::Sr25519,
		other => {
			return Err(invalid(format!(
				"unknown key scheme {:?} (device keys are ed25519 or sr25519)",
				truncated(other)
			)))
		}
	};
	let hex = strip_hex_prefix(public.trim())
		.ok_or_else(|| invalid("the public key does not start with 0x".to_owned()))?;
	decode_hex_32(hex).map(make).map_err(invalid)
}

/// Parses the amount parameter `what`, in plancks: a decimal string, a `0x`-hex string, or a
/// JSON integer from 0 to 2^64 - 1 (larger integers lose precision in JSON: pass a string).
pub fn parse_amount(what: &str, input: &Value) -> Result<u128, ErrorObjectOwned> {
	let invalid =
		|why: &str| invalid_parameter(what, &truncated(&input.to_string()), why, AMOUNT_EXPECTED);
	match input {
		Value::Number(number) => number.as_u64().map(u128::from).ok_or_else(|| {
			invalid("not a whole number from 0 to 2^64 - 1 (pass larger amounts as a string)")
		}),
		Value::String(text) => parse_amount_str(text.trim()).map_err(invalid),
		_ => Err(invalid("neither a string nor a number")),
	}
}

/// A whole number (of plancks or credits) written in decimal or as `0x`-hex, or why it is not one.
pub fn parse_amount_str(text: &str) -> Result<u128, &'static str> {
	const TOO_LARGE: &str = "more than 2^128 - 1";
	if let Some(hex) = strip_hex_prefix(text) {
		if hex.is_empty() || !hex.bytes().all(|digit| digit.is_ascii_hexdigit()) {
			return Err("not a hex number after 0x");
		}
		return u128::from_str_radix(hex, 16).map_err(|_| TOO_LARGE);
	}
	if text.is_empty() || !text.bytes().all(|digit| digit.is_ascii_digit()) {
		return Err("not a whole decimal number (digits only: no sign, point, exponent or \
			separator)");
	}
	text.parse::<u128>().map_err(|_| TOO_LARGE)
}

/// Parses an H3 cell parameter: 0x and up to 16 hex digits of a valid cell index.
pub fn parse_cell(what: &str, input: &str) -> Result<H3Cell, ErrorObjectOwned> {
	let shown = format!("{:?}", truncated(input));
	let digits = input
		.strip_prefix("0x")
		.ok_or_else(|| invalid_parameter(what, &shown, "no 0x prefix", CELL_EXPECTED))?;
	let raw = u64::from_str_radix(digits, 16)
		.map_err(|error| invalid_parameter(what, &shown, error, CELL_EXPECTED))?;
	let cell = H3Cell(raw);
	cell.validate()
		.map_err(|error| invalid_parameter(what, &shown, format!("{error:?}"), CELL_EXPECTED))?;
	Ok(cell)
}

/// What kind of JSON value `value` is, for error messages.
pub fn json_kind(value: &Value) -> &'static str {
	match value {
		Value::Null => "null",
		Value::Bool(_) => "a boolean",
		Value::Number(_) => "a number",
		Value::String(_) => "a string",
		Value::Array(_) => "an array",
		Value::Object(_) => "an object",
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::testing::{alice, assert_invalid};
	use serde_json::json;
	use sp_core::crypto::Ss58AddressFormat;
	use sp_runtime::AccountId32 as AccountId;

	/// Alice's sr25519 account id (the well-known dev key).
	const ALICE_HEX: &str = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
	/// Alice with prefix 42.
	const ALICE_SS58: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
	/// Alice with prefix 0 (Polkadot).
	const ALICE_POLKADOT: &str = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5";
	/// Bob with prefix 42.
	const BOB_SS58: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
	/// 2^128 - 1.
	const U128_MAX: &str = "340282366920938463463374607431768211455";

	fn account(what: &str, input: &str) -> Result<AccountId, ErrorObjectOwned> {
		parse_account(what, input)
	}

	#[test]
	fn accounts_parse_from_ss58_of_any_prefix_and_from_hex() {
		assert_eq!(account("owner", ALICE_SS58).expect("valid SS58"), alice());
		assert_eq!(account("owner", ALICE_POLKADOT).expect("valid SS58"), alice());
		assert_eq!(account("owner", ALICE_HEX).expect("valid hex"), alice());
		assert_eq!(
			account("owner", &ALICE_HEX.to_uppercase().replacen("0X", "0x", 1))
				.expect("upper-case hex"),
			alice()
		);
		assert_eq!(account("owner", &format!("  {ALICE_SS58}\n")).expect("trimmed"), alice());
		let kusama = alice().to_ss58check_with_version(Ss58AddressFormat::custom(2));
		assert_eq!(account("owner", &kusama).expect("valid SS58"), alice());
		assert_ne!(account("owner", BOB_SS58).expect("valid SS58"), alice());
	}

	#[test]
	fn bad_accounts_get_named_errors() {
		// Last character changed: the checksum fails.
		let bad_checksum = format!("{}Z", &ALICE_SS58[..ALICE_SS58.len() - 1]);
		assert_invalid(account("owner", &bad_checksum), &["owner", "not an SS58 address"]);
		assert_invalid(account("account", "alice"), &["account \"alice\"", "SS58"]);
		assert_invalid(account("account", ""), &["account \"\""]);
		assert_invalid(account("owner", "0x1234"), &["4 hex digits instead of 64"]);
		assert_invalid(
			account("owner", &format!("0x{}", "g".repeat(64))),
			&["'g' is not a hex digit", "0x followed by the 64 hex digits"],
		);
		let long = "x".repeat(500);
		let error = account("owner", &long).expect_err("invalid");
		assert!(error.message().len() < 400, "the input is cut: {}", error.message());
	}

	#[test]
	fn accounts_render_as_ss58_with_prefix_42() {
		let shown = crate::format::ss58(&alice(), serde_json::value::Serializer);
		assert_eq!(shown.expect("an address"), json!(ALICE_SS58));
	}

	#[test]
	fn device_keys_parse_from_scheme_and_hex() {
		let hex = format!("0x{}", "ab".repeat(32));
		assert_eq!(
			parse_device_key(&format!("ed25519:{hex}")).expect("valid key"),
			DeviceKey::Ed25519([0xab; 32])
		);
		assert_eq!(
			parse_device_key(&format!("sr25519:{hex}")).expect("valid key"),
			DeviceKey::Sr25519([0xab; 32])
		);
		assert_eq!(
			parse_device_key(&format!(
				" SR25519 : {} ",
				hex.to_uppercase().replacen("0X", "0x", 1)
			))
			.expect("case and spaces are forgiven"),
			DeviceKey::Sr25519([0xab; 32])
		);
		// The `type` and `publicKey` of a device's key, joined by a colon, parse back.
		let key = DeviceKey::Ed25519(decode_hex_32(&ALICE_HEX[2..]).expect("valid hex; qed"));
		let shown = serde_json::to_value(crate::views::KeyView::from(&key)).expect("JSON");
		let joined = format!(
			"{}:{}",
			shown["type"].as_str().expect("a string"),
			shown["publicKey"].as_str().expect("a string")
		);
		assert_eq!(parse_device_key(&joined).expect("round trip"), key);
	}

	#[test]
	fn bad_device_keys_get_named_errors() {
		let hex = format!("0x{}", "ab".repeat(32));
		assert_invalid(parse_device_key(&hex), &["key", "no \"<scheme>:\""]);
		assert_invalid(
			parse_device_key(&format!("ecdsa:{hex}")),
			&["unknown key scheme \"ecdsa\"", "ed25519:0x"],
		);
		assert_invalid(
			parse_device_key(&format!("ed25519:{}", "ab".repeat(32))),
			&["does not start with 0x"],
		);
		assert_invalid(parse_device_key("ed25519:0xabcd"), &["4 hex digits instead of 64"]);
		assert_invalid(parse_device_key(""), &["key \"\""]);
	}

	#[test]
	fn amounts_parse_from_strings_and_integers() {
		assert_eq!(parse_amount("amountPlancks", &json!(0)).expect("valid"), 0);
		assert_eq!(
			parse_amount("amountPlancks", &json!(u64::MAX)).expect("valid"),
			u128::from(u64::MAX)
		);
		assert_eq!(
			parse_amount("amountPlancks", &json!("1000000000000")).expect("valid"),
			1_000_000_000_000
		);
		assert_eq!(parse_amount("amountPlancks", &json!(U128_MAX)).expect("valid"), u128::MAX);
		assert_eq!(parse_amount("amountPlancks", &json!("0x10")).expect("valid"), 16);
		assert_eq!(parse_amount("amountPlancks", &json!(" 007 ")).expect("valid"), 7);
		assert_eq!(
			parse_amount("amountPlancks", &json!(format!("0x{}", "f".repeat(32)))).expect("valid"),
			u128::MAX
		);
	}

	#[test]
	fn bad_amounts_get_named_errors() {
		let bad = [
			(json!(-1), "not a whole number from 0 to 2^64 - 1"),
			(json!(1.5), "not a whole number from 0 to 2^64 - 1"),
			(json!(1e30), "not a whole number from 0 to 2^64 - 1"),
			(json!(""), "not a whole decimal number"),
			(json!("-1"), "not a whole decimal number"),
			(json!("+1"), "not a whole decimal number"),
			(json!("1.5"), "not a whole decimal number"),
			(json!("1e12"), "not a whole decimal number"),
			(json!("1_000"), "not a whole decimal number"),
			(json!("340282366920938463463374607431768211456"), "more than 2^128 - 1"),
			(json!("0x"), "not a hex number"),
			(json!("0x+1"), "not a hex number"),
			(json!(format!("0x1{}", "0".repeat(32))), "more than 2^128 - 1"),
			(json!(true), "neither a string nor a number"),
			(json!(null), "neither a string nor a number"),
			(json!(["1"]), "neither a string nor a number"),
		];
		for (input, why) in bad {
			assert_invalid(parse_amount("amountPlancks", &input), &["amountPlancks", why]);
		}
	}

	#[test]
	fn cells_parse_only_when_valid_and_say_what_is_expected() {
		assert_eq!(parse_cell("cell", "0x08c2a1072b59b9ff"), Ok(H3Cell(0x08c2a1072b59b9ff)));
		for bad in ["08c2a1072b59b9ff", "0xzz", "0x0", "0x08c2a1072b59b9f7"] {
			let error = parse_cell("cell", bad).expect_err(bad);
			assert_eq!(error.code(), 2, "{bad}");
			assert!(error.message().contains("H3 cell index"), "{bad}: {}", error.message());
		}
	}

	#[test]
	fn hex_round_trips() {
		let bytes = decode_hex_32(&ALICE_HEX[2..]).expect("valid hex");
		assert_eq!(crate::format::hex_encode(&bytes), ALICE_HEX);
	}
}
