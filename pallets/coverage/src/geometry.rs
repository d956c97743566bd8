//! Distance rules between a beaconer and a witness, decided from their H3 cells with integer
//! operations only.
//!
//! Helium's rules are: a witness must be at least 8 resolution-11 cells away (about 350 to 400 m)
//! and at most 100 km away. Deciding them exactly needs H3 grid distance (IJK coordinates and
//! the base-cell neighbour and rotation tables) or cell-centre coordinates, neither of which the
//! chain has yet. The runtime therefore chooses a [`CoverageGeometry`] in
//! [`crate::Config::Geometry`], and this module provides [`ParentCellApproximation`], which
//! errs only in the witness's favour (it never rejects an honest witness) and is documented
//! below.
//!
//! TODO: replace with exact H3 grid distance at resolution 11 and a fixed-point haversine
//! distance between cell centres, tested against the H3 reference library off-chain.

use depin_primitives::H3Cell;

/// Decides whether a witness is too close to or too far from a beaconer.
pub trait CoverageGeometry {
	/// Whether `witness` is closer to `beaconer` than the minimum separation.
	fn too_close(beaconer: H3Cell, witness: H3Cell) -> bool;
	/// Whether `witness` is farther from `beaconer` than the maximum distance.
	fn too_far(beaconer: H3Cell, witness: H3Cell) -> bool;
}

/// The resolution whose shared parent marks a witness as too close.
pub const TOO_CLOSE_PARENT_RESOLUTION: u8 = 9;

/// An approximation from the H3 parent hierarchy alone.
///
/// - **Too close**: both cells have the same resolution-9 parent. A resolution-9 hexagon has an
///   average edge of about 200 m, so two points in it are at most about 400 m apart, close to
///   Helium's 8 resolution-11 cells (about 8 × √3 × 28.7 m ≈ 400 m). Every pair rejected is
///   really close (up to H3's small parent/child containment error), but a pair just either side
///   of a resolution-9 boundary is accepted even when it is a few metres apart: the rule has
///   false negatives, never false positives.
/// - **Too far**: never. No rule over parents alone can show that two cells are more than
///   100 km apart, because cells on either side of any boundary, at any resolution, may be
///   neighbours. Rejecting on differing coarse parents would reject honest witnesses near those
///   boundaries, so this approximation accepts every distance. The free-space RSSI check of
///   DESIGN.md §5 is not implemented either (TODO), so impossible-distance witnesses are only
///   bounded by the denylist until the exact geometry lands.
pub struct ParentCellApproximation;

impl CoverageGeometry for ParentCellApproximation {
	fn too_close(beaconer: H3Cell, witness: H3Cell) -> bool {
		match (
			beaconer.parent(TOO_CLOSE_PARENT_RESOLUTION),
			witness.parent(TOO_CLOSE_PARENT_RESOLUTION),
		) {
			(Some(a), Some(b)) => a == b,
			_ => false,
		}
	}

	fn too_far(_beaconer: H3Cell, _witness: H3Cell) -> bool {
		false
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const LIBERTY: H3Cell = H3Cell(0x08c2a1072b59b9ff);
	const SAN_FRANCISCO: H3Cell = H3Cell(0x08c283082800b3ff);

	/// `cell` with digit `r` replaced by `digit`.
	fn with_digit(cell: H3Cell, r: u8, digit: u64) -> H3Cell {
		let offset = (15 - r as u32) * 3;
		H3Cell((cell.0 & !(0b111 << offset)) | (digit << offset))
	}

	#[test]
	fn same_resolution_9_parent_is_too_close() {
		let sibling = with_digit(LIBERTY, 12, 0);
		assert_eq!(sibling.validate(), Ok(12));
		assert!(ParentCellApproximation::too_close(LIBERTY, sibling));
		let cousin = with_digit(LIBERTY, 10, 0);
		assert!(ParentCellApproximation::too_close(LIBERTY, cousin));
	}

	#[test]
	fn different_resolution_9_parent_is_not_too_close() {
		let other = with_digit(LIBERTY, 9, 1);
		assert_eq!(other.validate(), Ok(12));
		assert!(!ParentCellApproximation::too_close(LIBERTY, other));
		assert!(!ParentCellApproximation::too_close(LIBERTY, SAN_FRANCISCO));
	}

	#[test]
	fn the_approximation_never_calls_a_witness_too_far() {
		assert!(!ParentCellApproximation::too_far(LIBERTY, SAN_FRANCISCO));
	}
}
