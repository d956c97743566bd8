//! A data-transfer session as JSON, the form it travels in between a hotspot, its payer and
//! whoever submits it (`depin session sign`, `depin payer countersign`, `depin session submit`,
//! and the hotspot service's outbox and inbox):
//!
//! ```json
//! {"hotspot": 1, "payer": 0, "sessionId": "0x…(16 bytes)", "period": [120, 180],
//!  "bytesUp": 1000, "bytesDown": 9000, "packets": 12,
//!  "hotspotSignature": "sr25519:0x…", "payerSignature": "sr25519:0x…"}
//! ```

use depin_primitives::{payloads::DataSessionFields, DeviceSignature};
use serde_json::{json, Value as Json};

use crate::{
	errors::{Error, Result},
	keys,
};

/// The sessions in `text`: one JSON session or an array of them.
pub fn parse(text: &str) -> std::result::Result<Vec<Json>, String> {
	let value: Json =
		serde_json::from_str(text).map_err(|error| format!("not a session as JSON: {error}"))?;
	Ok(match value {
		Json::Array(sessions) => sessions,
		session => vec![session],
	})
}

/// A session's JSON without signatures.
pub fn to_json(fields: &DataSessionFields) -> Json {
	json!({
		"hotspot": fields.hotspot,
		"payer": fields.payer,
		"sessionId": keys::to_hex(fields.session_id),
		"period": [fields.period.0, fields.period.1],
		"bytesUp": fields.bytes_up,
		"bytesDown": fields.bytes_down,
		"packets": fields.packets,
	})
}

/// A session's signed fields from its JSON, each named when it is missing or malformed.
pub fn fields(session: &Json) -> Result<DataSessionFields> {
	let number = |name: &str| {
		session[name]
			.as_u64()
			.ok_or_else(|| Error::Usage(format!("session: {name} is missing or not a number")))
	};
	let period = session["period"]
		.as_array()
		.filter(|period| period.len() == 2)
		.and_then(|period| Some((period[0].as_u64()?, period[1].as_u64()?)))
		.ok_or_else(|| Error::Usage("session: period is not [first block, last block]".into()))?;
	let id = session["sessionId"]
		.as_str()
		.ok_or_else(|| Error::Usage("session: sessionId is missing".into()))?;
	Ok(DataSessionFields {
		hotspot: number("hotspot")?,
		payer: u32::try_from(number("payer")?)
			.map_err(|_| Error::Usage("session: payer is not a payer id".into()))?,
		session_id: parse_id(id)?,
		period,
		bytes_up: number("bytesUp")?,
		bytes_down: number("bytesDown")?,
		packets: number("packets")?,
	})
}

/// A session id: `0x` and 32 hex digits.
pub fn parse_id(text: &str) -> Result<[u8; 16]> {
	text.strip_prefix("0x")
		.and_then(|hex| hex::decode(hex).ok())
		.and_then(|bytes| <[u8; 16]>::try_from(bytes).ok())
		.ok_or_else(|| Error::Usage(format!("session id {text:?}: expected 0x and 32 hex digits")))
}

/// A signature as `ed25519:0x…` or `sr25519:0x…`.
pub fn format_signature(signature: &DeviceSignature) -> String {
	match signature {
		DeviceSignature::Ed25519(bytes) => format!("ed25519:{}", keys::to_hex(bytes)),
		DeviceSignature::Sr25519(bytes) => format!("sr25519:{}", keys::to_hex(bytes)),
	}
}

/// The signature in `session[field]`.
pub fn signature(session: &Json, field: &str) -> Result<DeviceSignature> {
	let text = session[field]
		.as_str()
		.ok_or_else(|| Error::Usage(format!("session: {field} is missing")))?;
	let (scheme, hex) = keys::DeviceScheme::split(text);
	let bytes = keys::parse_signature(hex)
		.map_err(|error| Error::Usage(format!("session: {field}: {error}")))?;
	Ok(match scheme {
		keys::DeviceScheme::Ed25519 => DeviceSignature::Ed25519(bytes),
		keys::DeviceScheme::Sr25519 => DeviceSignature::Sr25519(bytes),
	})
}
