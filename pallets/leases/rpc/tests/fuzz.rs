//! Fuzzing of the `depin_*` JSON-RPC parameters: arbitrary strings and JSON values through every
//! parameter parser. cargo-fuzz needs a nightly toolchain; proptest drives the same search on
//! stable, bounded by its case counts. Every input is either parsed or refused with a code-2
//! JSON-RPC error whose message names the parameter and says what was expected; nothing panics,
//! and whatever parses prints back to an input that parses to the same value.

use depin_primitives_rpc::params::{parse_account, parse_amount, parse_cell, parse_device_key};
use jsonrpsee::types::ErrorObjectOwned;
use pallet_leases_rpc::params::parse_requirements;
use proptest::prelude::*;
use serde_json::{json, Value};
use sp_runtime::AccountId32;

/// A refusal must be a code-2 "invalid parameter" error that names the parameter.
fn named_refusal(error: &ErrorObjectOwned, what: &str) -> Result<(), TestCaseError> {
	prop_assert_eq!(error.code(), 2, "{}", error.message());
	let named = error.message().starts_with(&format!("invalid parameter: {what}"));
	prop_assert!(named, "{}", error.message());
	prop_assert!(error.message().contains("expected"), "{}", error.message());
	Ok(())
}

/// Arbitrary JSON values, nested a few levels.
fn json_value() -> impl Strategy<Value = Value> {
	let leaf = prop_oneof![
		Just(Value::Null),
		any::<bool>().prop_map(Value::Bool),
		any::<i64>().prop_map(|n| json!(n)),
		any::<u64>().prop_map(|n| json!(n)),
		any::<f64>().prop_map(|n| json!(n)),
		".{0,40}".prop_map(Value::String),
		"(0x)?[0-9a-fA-F]{0,40}".prop_map(Value::String),
	];
	leaf.prop_recursive(3, 24, 6, |inner| {
		prop_oneof![
			prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
			prop::collection::btree_map(
				prop_oneof![
					Just("model".to_owned()),
					Just("minVramGib".to_owned()),
					Just("gpuCount".to_owned()),
					Just("region".to_owned()),
					Just("maxPricePerHour".to_owned()),
					"[a-zA-Z]{1,12}",
				],
				inner,
				0..6,
			)
			.prop_map(|map| Value::Object(map.into_iter().collect())),
		]
	})
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(2_048))]

	#[test]
	fn arbitrary_text_is_parsed_or_refused_by_name(text in ".{0,80}", hex in "(0x)?[0-9a-fA-F]{0,70}") {
		for input in [&text, &hex] {
			if let Err(error) = parse_account::<AccountId32>("account", input) {
				named_refusal(&error, "account")?;
			}
			if let Err(error) = parse_device_key(input) {
				named_refusal(&error, "key")?;
			}
			match parse_cell("cell", input) {
				Ok(cell) => {
					let again = parse_cell("cell", &format!("0x{:x}", cell.0));
					prop_assert_eq!(again.ok(), Some(cell));
				}
				Err(error) => named_refusal(&error, "cell")?,
			}
			match parse_amount("amount", &Value::String(input.clone())) {
				Ok(amount) => {
					let again = parse_amount("amount", &Value::String(amount.to_string()));
					prop_assert_eq!(again.ok(), Some(amount));
				}
				Err(error) => named_refusal(&error, "amount")?,
			}
		}
	}

	#[test]
	fn arbitrary_json_is_parsed_or_refused_by_name(value in json_value()) {
		if let Err(error) = parse_amount("amount", &value) {
			named_refusal(&error, "amount")?;
		}
		if let Err(error) = parse_requirements(&value) {
			named_refusal(&error, "requirements")?;
		}
	}
}
