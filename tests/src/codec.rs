//! Hex and SCALE helpers: `0x`-hex numbers and bytes, and the signature inside an encoded
//! extrinsic.

use std::ops::Range;

use crate::error::{other, Error, Result};

/// Parses `0x`-prefixed (or bare) hex into a number, as the launcher reads block numbers.
pub use depin_launcher::parse_hex_u64;

/// `0x`-prefixed lower-case hex, as the client library writes it.
pub use depin_client::keys::to_hex;

/// The bytes of `0x`-prefixed (or bare) hex.
pub fn from_hex(text: &str) -> Result<Vec<u8>> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	if !digits.len().is_multiple_of(2) {
		return Err(Error::Other(format!("odd-length hex: {text}")));
	}
	(0..digits.len())
		.step_by(2)
		.map(|i| {
			let pair =
				digits.get(i..i + 2).ok_or_else(|| Error::Other(format!("bad hex: {text}")))?;
			u8::from_str_radix(pair, 16).map_err(|e| Error::Other(format!("bad hex {text}: {e}")))
		})
		.collect()
}

/// The byte range of the 64-byte sr25519 signature inside an encoded signed (v4) extrinsic:
/// compact length prefix, version byte `0x84`, `MultiAddress::Id` (`0x00` + 32 bytes), then
/// `MultiSignature::Sr25519` (`0x01` + 64 bytes).
pub fn sr25519_signature_range(extrinsic: &[u8]) -> Result<Range<usize>> {
	let (length, prefix) = decode_compact_prefix(extrinsic)?;
	if prefix + length != extrinsic.len() {
		return Err(Error::Other(format!(
			"length prefix says {length} bytes but {} follow it",
			extrinsic.len() - prefix
		)));
	}
	let version = prefix;
	if extrinsic.get(version) != Some(&0x84) {
		return Err(Error::Other(format!(
			"not a signed v4 extrinsic: version byte {:?}",
			extrinsic.get(version)
		)));
	}
	let address = version + 1;
	if extrinsic.get(address) != Some(&0x00) {
		return Err(Error::Other("the address is not MultiAddress::Id".into()));
	}
	let signature = address + 1 + 32;
	if extrinsic.get(signature) != Some(&0x01) {
		return Err(Error::Other("the signature is not MultiSignature::Sr25519".into()));
	}
	let range = signature + 1..signature + 1 + 64;
	if range.end > extrinsic.len() {
		return Err(Error::Other("extrinsic too short for an sr25519 signature".into()));
	}
	Ok(range)
}

/// Decodes a SCALE compact integer at the start of `bytes`: (value, bytes it took).
fn decode_compact_prefix(bytes: &[u8]) -> Result<(usize, usize)> {
	let truncated = || Error::Other("truncated compact length prefix".into());
	let first = *bytes.first().ok_or_else(truncated)?;
	let little_endian = |n: usize| -> Result<u64> {
		let part = bytes.get(..n).ok_or_else(truncated)?;
		Ok(part.iter().rev().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
	};
	let (value, taken) = match first & 0b11 {
		0b00 => (u64::from(first >> 2), 1),
		0b01 => (little_endian(2)? >> 2, 2),
		0b10 => (little_endian(4)? >> 2, 4),
		_ => {
			let n = usize::from(first >> 2) + 4;
			if n > 8 {
				return Err(Error::Other("compact length prefix too large".into()));
			}
			let value = bytes.get(1..1 + n).ok_or_else(truncated)?;
			(value.iter().rev().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)), 1 + n)
		}
	};
	let value = usize::try_from(value).map_err(|e| other("length out of range", e))?;
	Ok((value, taken))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn compact_prefixes_decode() {
		assert_eq!(decode_compact_prefix(&[0b0000_0100]).ok(), Some((1, 1)));
		// 69 = 0b1_0001_01 -> two-byte mode.
		assert_eq!(decode_compact_prefix(&[0x15, 0x01]).ok(), Some((69, 2)));
		assert_eq!(decode_compact_prefix(&[0x02, 0x00, 0x01, 0x00]).ok(), Some((16384, 4)));
		assert!(decode_compact_prefix(&[0x01]).is_err());
	}

	#[test]
	fn signature_range_is_found() {
		let mut body = vec![0x84, 0x00];
		body.extend([7u8; 32]);
		body.push(0x01);
		body.extend([9u8; 64]);
		body.extend([0u8; 10]);
		// 109 bytes: two-byte compact.
		let length = u16::try_from((body.len() << 2) | 0b01).expect("fits");
		let mut extrinsic = length.to_le_bytes().to_vec();
		extrinsic.extend(&body);
		let range = sr25519_signature_range(&extrinsic).expect("well-formed");
		assert_eq!(range, 2 + 35..2 + 35 + 64);
		assert!(extrinsic[range].iter().all(|b| *b == 9));
	}

	#[test]
	fn hex_round_trips() {
		assert_eq!(to_hex([0, 0xab, 0x10]), "0x00ab10");
		assert_eq!(parse_hex_u64("0x1f").ok(), Some(31));
		assert_eq!(from_hex("0x00ab10").ok(), Some(vec![0, 0xab, 0x10]));
		assert!(from_hex("0xabc").is_err());
		assert!(from_hex("0xzz").is_err());
	}
}
