//! The views of what every pallet shows: lone quantities, device keys and H3 cells.

use std::fmt::Display;

use depin_primitives::{DeviceKey, H3Cell};
use serde::Serialize;

/// A quantity (plancks, credits, shares) on its own, as a decimal string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(bound(serialize = "T: Display"))]
pub struct Decimal<T>(#[serde(serialize_with = "crate::format::decimal")] pub T);

/// A device or attestation key: `{"publicKey": "0x…", "type": "ed25519" | "sr25519"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyView {
	/// The raw 32-byte public key.
	#[serde(serialize_with = "crate::format::hex")]
	pub public_key: [u8; 32],
	/// `"ed25519"` or `"sr25519"`.
	#[serde(rename = "type")]
	pub scheme: &'static str,
}

impl From<&DeviceKey> for KeyView {
	fn from(key: &DeviceKey) -> Self {
		match key {
			DeviceKey::Ed25519(public) => Self { public_key: *public, scheme: "ed25519" },
			DeviceKey::Sr25519(public) => Self { public_key: *public, scheme: "sr25519" },
		}
	}
}

/// An H3 cell: `{"cell": "0x" + 16 hex digits, "resolution": n}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellView {
	/// The u64 index as `0x` and 16 hex digits.
	pub cell: String,
	/// The cell's resolution, 0 to 15.
	pub resolution: u8,
}

impl From<H3Cell> for CellView {
	fn from(cell: H3Cell) -> Self {
		Self { cell: format!("0x{:016x}", cell.raw()), resolution: cell.resolution() }
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn cells_show_their_index_and_resolution() {
		let cell = CellView::from(H3Cell(0x0802bfffffffffff));
		assert_eq!(cell, CellView { cell: "0x0802bfffffffffff".into(), resolution: 0 });
	}
}
