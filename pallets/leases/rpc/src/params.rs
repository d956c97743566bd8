//! The lease methods' own parameters: a tenant's `requirements` and a lease `duration`.

use depin_primitives::ShortString;
use depin_primitives_rpc::{
	invalid_parameter,
	params::{json_kind, parse_amount_str, truncated},
};
use jsonrpsee::types::ErrorObjectOwned;
use pallet_leases::{Region, Requirements};
use serde_json::{Map, Value};
use sp_runtime::{traits::Get, BoundedVec};

/// What a `requirements` parameter may be.
const REQUIREMENTS_EXPECTED: &str = "an object {\"model\": string or null, \"minVramGib\": n, \
	\"gpuCount\": n (at least 1), \"region\": string or null, \"maxPricePerHour\": credits as a \
	decimal string above zero}, of which only maxPricePerHour is required";

/// The keys a `requirements` object may have.
const REQUIREMENTS_KEYS: [&str; 5] =
	["model", "minVramGib", "gpuCount", "region", "maxPricePerHour"];

/// What a `duration` parameter may be.
const DURATION_EXPECTED: &str = "the lease term in blocks (6 s each), at least 1, e.g. 600 for an \
	hour";

/// The optional text field `key` of an object: absent or `null` is `None`, otherwise a
/// non-empty string of at most the bound's bytes; or why it is not.
fn optional_text<S: Get<u32>>(
	fields: &Map<String, Value>,
	key: &str,
) -> Result<Option<BoundedVec<u8, S>>, String> {
	let text = match fields.get(key) {
		None | Some(Value::Null) => return Ok(None),
		Some(Value::String(text)) => text,
		Some(other) => return Err(format!("{key} is {}, not a string or null", json_kind(other))),
	};
	if text.is_empty() {
		return Err(format!("{key} is empty (pass null or leave it out to accept any)"));
	}
	BoundedVec::try_from(text.as_bytes().to_vec()).map(Some).map_err(|_| {
		format!("{key} {:?} is {} bytes long, more than {}", truncated(text), text.len(), S::get())
	})
}

/// The optional `u32` field `key` of an object, `default` when absent or `null`; or why it is
/// not one.
fn optional_u32(fields: &Map<String, Value>, key: &str, default: u32) -> Result<u32, String> {
	match fields.get(key) {
		None | Some(Value::Null) => Ok(default),
		Some(Value::Number(number)) => number
			.as_u64()
			.and_then(|number| u32::try_from(number).ok())
			.ok_or_else(|| format!("{key} is {number}, not a whole number from 0 to 2^32 - 1")),
		Some(other) => Err(format!("{key} is {}, not a number", json_kind(other))),
	}
}

/// The `maxPricePerHour` field of a requirements object: credits per hour above zero, as a
/// decimal or `0x`-hex string or a JSON integer up to 2^64 - 1; or why it is not.
fn parse_max_price(fields: &Map<String, Value>) -> Result<u128, String> {
	const KEY: &str = "maxPricePerHour";
	let price = match fields.get(KEY) {
		None | Some(Value::Null) => return Err(format!("{KEY} is missing")),
		Some(Value::String(text)) => {
			parse_amount_str(text.trim()).map_err(|why| format!("{KEY} is {why}"))?
		}
		Some(Value::Number(number)) => number.as_u64().map(u128::from).ok_or_else(|| {
			format!(
				"{KEY} is {number}, not a whole number from 0 to 2^64 - 1 (pass larger \
				 amounts as a string)"
			)
		})?,
		Some(other) => return Err(format!("{KEY} is {}, not a string", json_kind(other))),
	};
	if price == 0 {
		return Err(format!("{KEY} is 0; a price must be above zero"));
	}
	Ok(price)
}

/// Parses the `requirements` parameter of `depin_offers` and `depin_leaseQuote`: an object with
/// `model` (string or `null`, at most 32 bytes), `minVramGib` (default 0), `gpuCount` (at least
/// 1, default 1), `region` (string or `null`, 1 to 16 bytes) and `maxPricePerHour` (credits,
/// above zero, required). Unknown keys are refused, so that a misspelt key is not ignored.
pub fn parse_requirements(input: &Value) -> Result<Requirements, ErrorObjectOwned> {
	let shown = truncated(&input.to_string());
	let invalid =
		|why: String| invalid_parameter("requirements", &shown, why, REQUIREMENTS_EXPECTED);
	let Value::Object(fields) = input else {
		return Err(invalid(format!("{}, not an object", json_kind(input))));
	};
	if let Some(unknown) = fields.keys().find(|key| !REQUIREMENTS_KEYS.contains(&key.as_str())) {
		return Err(invalid(format!("unknown key {:?}", truncated(unknown))));
	}
	let model: Option<ShortString> = optional_text(fields, "model").map_err(invalid)?;
	let min_vram_gib = optional_u32(fields, "minVramGib", 0).map_err(invalid)?;
	let gpu_count = optional_u32(fields, "gpuCount", 1).map_err(invalid)?;
	if gpu_count == 0 {
		return Err(invalid("gpuCount is 0; a machine has at least one GPU".to_owned()));
	}
	let region: Option<Region> = optional_text(fields, "region").map_err(invalid)?;
	let max_price_per_hour = parse_max_price(fields).map_err(invalid)?;
	Ok(Requirements { model, min_vram_gib, gpu_count, region, max_price_per_hour })
}

/// Checks a `duration` parameter: a lease term of at least one block.
pub fn check_duration<BlockNumber: PartialEq + Default>(
	duration: BlockNumber,
) -> Result<BlockNumber, ErrorObjectOwned> {
	if duration == BlockNumber::default() {
		return Err(invalid_parameter(
			"duration",
			"0",
			"a lease lasts at least one block",
			DURATION_EXPECTED,
		));
	}
	Ok(duration)
}

#[cfg(test)]
mod tests {
	use super::*;
	use depin_primitives_rpc::testing::assert_invalid;
	use serde_json::json;

	/// A region code as the runtime stores it.
	fn region(code: &str) -> Region {
		Region::try_from(code.as_bytes().to_vec()).expect("a short region code")
	}

	#[test]
	fn requirements_parse_from_an_object() {
		let parsed = parse_requirements(&json!({
			"model": "H100",
			"minVramGib": 80,
			"gpuCount": 8,
			"region": "eu-west",
			"maxPricePerHour": "6000000",
		}))
		.expect("valid requirements");
		assert_eq!(
			parsed,
			Requirements {
				model: Some(ShortString::truncate_from(b"H100".to_vec())),
				min_vram_gib: 80,
				gpu_count: 8,
				region: Some(region("eu-west")),
				max_price_per_hour: 6_000_000,
			}
		);
		// Only the price is required: any model and region, no VRAM floor, one GPU.
		let least = parse_requirements(&json!({ "maxPricePerHour": 7 })).expect("valid");
		assert_eq!(
			least,
			Requirements {
				model: None,
				min_vram_gib: 0,
				gpu_count: 1,
				region: None,
				max_price_per_hour: 7,
			}
		);
		let nulls = json!({
			"model": null,
			"minVramGib": null,
			"gpuCount": null,
			"region": null,
			"maxPricePerHour": format!("0x{}", "f".repeat(32)),
		});
		let parsed = parse_requirements(&nulls).expect("nulls are the defaults");
		assert_eq!(parsed, Requirements { max_price_per_hour: u128::MAX, ..least });
		// The longest model and region fit.
		let longest = json!({
			"model": "m".repeat(32),
			"region": "r".repeat(16),
			"maxPricePerHour": "1",
		});
		let parsed = parse_requirements(&longest).expect("the longest names fit");
		assert_eq!(parsed.model.map(|model| model.len()), Some(32));
		assert_eq!(parsed.region.map(|region| region.len()), Some(16));
	}

	#[test]
	fn bad_requirements_get_named_errors() {
		let price = json!("1000");
		let bad = [
			(json!("H100"), "a string, not an object"),
			(json!([1, 2]), "an array, not an object"),
			(json!(null), "null, not an object"),
			(json!({}), "maxPricePerHour is missing"),
			(json!({ "maxPricePerHour": null }), "maxPricePerHour is missing"),
			(json!({ "maxPricePerHour": "0" }), "maxPricePerHour is 0"),
			(json!({ "maxPricePerHour": 0 }), "maxPricePerHour is 0"),
			(json!({ "maxPricePerHour": "1.5" }), "maxPricePerHour is not a whole decimal"),
			(json!({ "maxPricePerHour": -1 }), "not a whole number from 0 to 2^64 - 1"),
			(json!({ "maxPricePerHour": true }), "maxPricePerHour is a boolean"),
			(
				json!({ "maxPricePerHour": "340282366920938463463374607431768211456" }),
				"maxPricePerHour is more than 2^128 - 1",
			),
			(
				json!({ "maxPricePerHour": price, "min_vram_gib": 80 }),
				"unknown key \"min_vram_gib\"",
			),
			(json!({ "maxPricePerHour": price, "model": 100 }), "model is a number"),
			(json!({ "maxPricePerHour": price, "model": "" }), "model is empty"),
			(
				json!({ "maxPricePerHour": price, "model": "m".repeat(33) }),
				"is 33 bytes long, more than 32",
			),
			(json!({ "maxPricePerHour": price, "region": "" }), "region is empty"),
			(
				json!({ "maxPricePerHour": price, "region": "r".repeat(17) }),
				"is 17 bytes long, more than 16",
			),
			(json!({ "maxPricePerHour": price, "region": ["eu"] }), "region is an array"),
			(json!({ "maxPricePerHour": price, "gpuCount": 0 }), "gpuCount is 0"),
			(json!({ "maxPricePerHour": price, "gpuCount": -1 }), "gpuCount is -1"),
			(json!({ "maxPricePerHour": price, "gpuCount": 4294967296u64 }), "2^32 - 1"),
			(json!({ "maxPricePerHour": price, "minVramGib": "80" }), "minVramGib is a string"),
			(json!({ "maxPricePerHour": price, "minVramGib": 1.5 }), "minVramGib is 1.5"),
		];
		for (input, why) in bad {
			assert_invalid(
				parse_requirements(&input),
				&["invalid parameter: requirements", why, "maxPricePerHour"],
			);
		}
		let long = json!({ "maxPricePerHour": "1", "model": "m".repeat(500) });
		let error = parse_requirements(&long).expect_err("invalid");
		assert!(error.message().len() < 700, "the input is cut: {}", error.message());
	}

	#[test]
	fn a_zero_duration_is_refused() {
		assert_eq!(check_duration(600).expect("a valid term"), 600);
		assert_invalid(check_duration(0), &["duration", "at least one block", "e.g. 600"]);
	}
}
