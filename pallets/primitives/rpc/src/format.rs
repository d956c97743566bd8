//! Serde helpers for the `depin_*` JSON conventions, for `#[serde(serialize_with = "…")]` on
//! the views' fields.

use std::fmt::Display;

use serde::{ser::Error as _, Serialize, Serializer};
use sp_core::crypto::Ss58Codec;
use sp_runtime::{FixedU128, Perbill};

/// `FixedU128`'s denominator: its inner value is the number × 10^18.
const FIXED_U128_DIV: u128 = 1_000_000_000_000_000_000;

/// `Perbill`'s denominator: parts per billion.
const PERBILL_DIV: u32 = 1_000_000_000;

/// A quantity (plancks, credits, shares: any `u128` or `u64`) as a decimal string, exact beyond
/// JSON's 2^53.
pub fn decimal<T: Display, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
	serializer.collect_str(value)
}

/// [`decimal`], or `null`.
pub fn option_decimal<T: Display, S: Serializer>(
	value: &Option<T>,
	serializer: S,
) -> Result<S::Ok, S::Error> {
	match value {
		Some(value) => serializer.collect_str(value),
		None => serializer.serialize_none(),
	}
}

/// A `FixedU128` as a decimal with 18 places, e.g. `"1.250000000000000000"`.
pub fn fixed_u128_string(value: FixedU128) -> String {
	let inner = value.into_inner();
	format!("{}.{:018}", inner / FIXED_U128_DIV, inner % FIXED_U128_DIV)
}

/// [`fixed_u128_string`] as a serde helper.
pub fn fixed_u128<S: Serializer>(value: &FixedU128, serializer: S) -> Result<S::Ok, S::Error> {
	serializer.serialize_str(&fixed_u128_string(*value))
}

/// A `Perbill` as a fraction of one with 9 places, e.g. 35 % is `"0.350000000"`.
pub fn perbill_string(value: Perbill) -> String {
	let parts = value.deconstruct();
	format!("{}.{:09}", parts / PERBILL_DIV, parts % PERBILL_DIV)
}

/// [`perbill_string`] as a serde helper.
pub fn perbill<S: Serializer>(value: &Perbill, serializer: S) -> Result<S::Ok, S::Error> {
	serializer.serialize_str(&perbill_string(*value))
}

/// [`perbill`], or `null`.
pub fn option_perbill<S: Serializer>(
	value: &Option<Perbill>,
	serializer: S,
) -> Result<S::Ok, S::Error> {
	match value {
		Some(value) => serializer.serialize_str(&perbill_string(*value)),
		None => serializer.serialize_none(),
	}
}

/// An account as an SS58 address with the process's default SS58 prefix, which the node sets
/// to its runtime's.
pub fn ss58<A: Ss58Codec, S: Serializer>(account: &A, serializer: S) -> Result<S::Ok, S::Error> {
	serializer.serialize_str(&account.to_ss58check())
}

/// Short on-chain text (a name, a GPU model, a region code); bytes that are not UTF-8 become
/// U+FFFD.
pub fn text<B: AsRef<[u8]>, S: Serializer>(bytes: &B, serializer: S) -> Result<S::Ok, S::Error> {
	serializer.serialize_str(&lossy(bytes.as_ref()))
}

/// Short on-chain text as a `String`, for a view that keeps it as one: what [`text`] writes.
pub fn lossy(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

/// `bytes` as `0x` and two lowercase hex digits per byte.
pub fn hex_encode(bytes: &[u8]) -> String {
	const DIGITS: &[u8; 16] = b"0123456789abcdef";
	let mut hex = String::with_capacity(2 + 2 * bytes.len());
	hex.push_str("0x");
	for byte in bytes {
		hex.push(DIGITS[usize::from(byte >> 4)] as char);
		hex.push(DIGITS[usize::from(byte & 0x0f)] as char);
	}
	hex
}

/// [`hex_encode`] as a serde helper.
pub fn hex<B: AsRef<[u8]>, S: Serializer>(bytes: &B, serializer: S) -> Result<S::Ok, S::Error> {
	serializer.serialize_str(&hex_encode(bytes.as_ref()))
}

/// `value` with its object keys in alphabetical order, however its type orders them: for the
/// tagged enums, whose tag serde writes first.
pub fn sorted<T: Serialize, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
	serde_json::to_value(value).map_err(S::Error::custom)?.serialize(serializer)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn prices_render_with_18_places() {
		assert_eq!(
			fixed_u128_string(FixedU128::from_inner(1_250_000_000_000_000_000)),
			"1.250000000000000000"
		);
		assert_eq!(fixed_u128_string(FixedU128::from_inner(0)), "0.000000000000000000");
		assert_eq!(fixed_u128_string(FixedU128::from_inner(1)), "0.000000000000000001");
		assert_eq!(
			fixed_u128_string(FixedU128::from_inner(u128::MAX)),
			"340282366920938463463.374607431768211455"
		);
	}

	#[test]
	fn perbills_render_as_fractions_with_9_places() {
		assert_eq!(perbill_string(Perbill::from_percent(35)), "0.350000000");
		assert_eq!(perbill_string(Perbill::one()), "1.000000000");
		assert_eq!(perbill_string(Perbill::zero()), "0.000000000");
		assert_eq!(perbill_string(Perbill::from_parts(1)), "0.000000001");
	}

	#[test]
	fn hex_is_lowercase_with_0x() {
		assert_eq!(hex_encode(&[]), "0x");
		assert_eq!(hex_encode(&[0x00, 0x0f, 0xab, 0xff]), "0x000fabff");
	}
}
