//! H3 cell indexes, validated and walked up to their parents with integer bit operations only.
//!
//! An H3 cell index is a `u64` laid out as (most significant bit first):
//!
//! | bits    | width | meaning                                                       |
//! |---------|-------|---------------------------------------------------------------|
//! | 63      | 1     | reserved, always 0                                            |
//! | 59..=62 | 4     | mode: 1 for a cell                                            |
//! | 56..=58 | 3     | mode-dependent, 0 for a cell                                  |
//! | 52..=55 | 4     | resolution, 0 to 15                                           |
//! | 45..=51 | 7     | base cell, 0 to 121                                           |
//! | 0..=44  | 45    | fifteen 3-bit digits; digit `r` sits at bits `3·(15−r)`       |
//!
//! Digits 1 to the resolution are 0 to 6 (7 is invalid); the digits past the resolution are all
//! 7. Twelve base cells are pentagons; a pentagon has no sub-cell in direction 1 (the "K axis"),
//! so within a pentagon base cell the first non-zero digit may not be 1.
//!
//! A parent at a coarser resolution keeps the base cell and the first `res` digits and sets the
//! rest to 7, so deriving it is a mask and a shift.

pub mod geo;
pub mod ring;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The resolution at which devices assert their location (about 307 m² per cell).
pub const LOCATION_RESOLUTION: u8 = 12;

/// The finest resolution H3 has.
pub const MAX_RESOLUTION: u8 = 15;

/// How many base cells H3 has (0 to 121).
pub const NUM_BASE_CELLS: u8 = 122;

/// The twelve base cells that are pentagons.
pub const PENTAGON_BASE_CELLS: [u8; 12] = [4, 14, 24, 38, 49, 58, 63, 72, 83, 97, 107, 117];

const RESERVED_HIGH_BIT: u64 = 1 << 63;
const MODE_OFFSET: u32 = 59;
const MODE_MASK: u64 = 0b1111 << MODE_OFFSET;
const MODE_CELL: u64 = 1;
const MODE_RESERVED_OFFSET: u32 = 56;
const MODE_RESERVED_MASK: u64 = 0b111 << MODE_RESERVED_OFFSET;
const RES_OFFSET: u32 = 52;
const RES_MASK: u64 = 0b1111 << RES_OFFSET;
const BASE_CELL_OFFSET: u32 = 45;
const BASE_CELL_MASK: u64 = 0b111_1111 << BASE_CELL_OFFSET;
const DIGIT_BITS: u32 = 3;
const DIGIT_MASK: u64 = 0b111;
const INVALID_DIGIT: u8 = 7;
const K_AXES_DIGIT: u8 = 1;

/// Why a `u64` is not an acceptable H3 cell.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum H3Error {
	/// The reserved top bit, or a mode-dependent bit, is set.
	ReservedBitSet,
	/// The mode is not 1: this is an edge, a vertex or garbage, not a cell.
	NotACell,
	/// The base cell is 122 or more.
	BaseCellOutOfRange,
	/// A digit within the resolution is 7.
	InvalidDigit,
	/// A digit past the resolution is not 7.
	UnusedDigitNotSeven,
	/// The cell lies in a pentagon base cell and its first non-zero digit is 1, a direction a
	/// pentagon does not have.
	DeletedPentagonSubsequence,
	/// A valid cell, but not at the resolution asked for.
	WrongResolution,
}

/// An H3 cell index. Decoding accepts any `u64`; call [`H3Cell::validate`] or
/// [`H3Cell::validate_location`] before trusting it.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Hash,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct H3Cell(pub u64);

impl H3Cell {
	/// A validated resolution-12 cell, the resolution devices assert their location at.
	pub fn new_location(raw: u64) -> Result<Self, H3Error> {
		let cell = H3Cell(raw);
		cell.validate_location()?;
		Ok(cell)
	}

	/// The raw index.
	pub const fn raw(self) -> u64 {
		self.0
	}

	/// The resolution field, 0 to 15.
	pub const fn resolution(self) -> u8 {
		((self.0 & RES_MASK) >> RES_OFFSET) as u8
	}

	/// The base cell field, 0 to 127 (valid cells: 0 to 121).
	pub const fn base_cell(self) -> u8 {
		((self.0 & BASE_CELL_MASK) >> BASE_CELL_OFFSET) as u8
	}

	/// Digit `r` (1 to 15) of the index; 7 for `r` outside 1..=15.
	pub const fn digit(self, r: u8) -> u8 {
		if r == 0 || r > MAX_RESOLUTION {
			return INVALID_DIGIT;
		}
		let offset = (MAX_RESOLUTION - r) as u32 * DIGIT_BITS;
		((self.0 >> offset) & DIGIT_MASK) as u8
	}

	/// Whether the base cell is one of the twelve pentagons.
	pub fn is_in_pentagon_base_cell(self) -> bool {
		PENTAGON_BASE_CELLS.contains(&self.base_cell())
	}

	/// Checks that this is a valid H3 cell at any resolution and returns the resolution.
	pub fn validate(self) -> Result<u8, H3Error> {
		if self.0 & RESERVED_HIGH_BIT != 0 || self.0 & MODE_RESERVED_MASK != 0 {
			return Err(H3Error::ReservedBitSet);
		}
		if (self.0 & MODE_MASK) >> MODE_OFFSET != MODE_CELL {
			return Err(H3Error::NotACell);
		}
		if self.base_cell() >= NUM_BASE_CELLS {
			return Err(H3Error::BaseCellOutOfRange);
		}
		let res = self.resolution();
		let mut first_non_zero = 0u8;
		for r in 1..=res {
			let digit = self.digit(r);
			if digit == INVALID_DIGIT {
				return Err(H3Error::InvalidDigit);
			}
			if first_non_zero == 0 && digit != 0 {
				first_non_zero = digit;
			}
		}
		for r in (res + 1)..=MAX_RESOLUTION {
			if self.digit(r) != INVALID_DIGIT {
				return Err(H3Error::UnusedDigitNotSeven);
			}
		}
		if first_non_zero == K_AXES_DIGIT && self.is_in_pentagon_base_cell() {
			return Err(H3Error::DeletedPentagonSubsequence);
		}
		Ok(res)
	}

	/// Checks that this is a valid cell at [`LOCATION_RESOLUTION`].
	pub fn validate_location(self) -> Result<(), H3Error> {
		match self.validate()? {
			LOCATION_RESOLUTION => Ok(()),
			_ => Err(H3Error::WrongResolution),
		}
	}

	/// The cell's ancestor at resolution `res`, or `None` when `res` is finer than the cell.
	/// The parent of a valid cell is valid. Asking for the cell's own resolution returns the cell.
	pub fn parent(self, res: u8) -> Option<H3Cell> {
		if res > self.resolution() {
			return None;
		}
		let unused_bits = (MAX_RESOLUTION - res) as u32 * DIGIT_BITS;
		// `unused_bits` is at most 45, so the shift cannot overflow.
		let unused_mask = (1u64 << unused_bits) - 1;
		let kept = self.0 & !RES_MASK & !unused_mask;
		Some(H3Cell(kept | ((res as u64) << RES_OFFSET) | unused_mask))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Resolution-12 cells computed by the H3 reference library (v4.5) from (lat, lng), with
	/// their parents at resolutions 4 to 11 from `cell_to_parent`.
	const VECTORS: [(&str, u64, [u64; 8]); 5] = [
		(
			"Statue of Liberty (40.689167, -74.044444), base cell 21",
			0x08c2a1072b59b9ff,
			[
				0x0842a107ffffffff,
				0x0852a1073fffffff,
				0x0862a1072fffffff,
				0x0872a1072bffffff,
				0x0882a1072b5fffff,
				0x0892a1072b5bffff,
				0x08a2a1072b59ffff,
				0x08b2a1072b59bfff,
			],
		),
		(
			"San Francisco (37.7749, -122.4194), base cell 20",
			0x08c283082800b3ff,
			[
				0x08428309ffffffff,
				0x085283083fffffff,
				0x086283082fffffff,
				0x0872830828ffffff,
				0x08828308281fffff,
				0x089283082803ffff,
				0x08a283082800ffff,
				0x08b283082800bfff,
			],
		),
		(
			"Sydney (-33.8688, 151.2093), base cell 95",
			0x08cbe0e35cbad1ff,
			[
				0x084be0e3ffffffff,
				0x085be0e37fffffff,
				0x086be0e35fffffff,
				0x087be0e35cffffff,
				0x088be0e35cbfffff,
				0x089be0e35cbbffff,
				0x08abe0e35cbaffff,
				0x08bbe0e35cbadfff,
			],
		),
		(
			"(0, 0), inside pentagon base cell 58",
			0x08c754e649929dff,
			[
				0x084754e7ffffffff,
				0x085754e67fffffff,
				0x086754e64fffffff,
				0x087754e649ffffff,
				0x088754e6499fffff,
				0x089754e64993ffff,
				0x08a754e64992ffff,
				0x08b754e649929fff,
			],
		),
		(
			"(89.9, 10.0), base cell 1",
			0x08c0326352d429ff,
			[
				0x08403263ffffffff,
				0x085032637fffffff,
				0x0860326357ffffff,
				0x0870326352ffffff,
				0x0880326352dfffff,
				0x0890326352d7ffff,
				0x08a0326352d47fff,
				0x08b0326352d42fff,
			],
		),
	];

	#[test]
	fn real_resolution_12_cells_are_valid_locations() {
		for (name, raw, _) in VECTORS {
			assert_eq!(H3Cell(raw).validate(), Ok(12), "{name}");
			assert_eq!(H3Cell::new_location(raw), Ok(H3Cell(raw)), "{name}");
		}
	}

	#[test]
	fn fields_decode_from_the_bit_layout() {
		let liberty = H3Cell(0x08c2a1072b59b9ff);
		assert_eq!(liberty.resolution(), 12);
		assert_eq!(liberty.base_cell(), 21);
		let digits: [u8; 15] = core::array::from_fn(|i| liberty.digit(i as u8 + 1));
		assert_eq!(digits, [0, 2, 0, 3, 4, 5, 3, 2, 6, 3, 3, 4, 7, 7, 7]);
		assert_eq!(H3Cell(0x08cbe0e35cbad1ff).base_cell(), 95);
		assert_eq!(H3Cell(0x08c754e649929dff).base_cell(), 58);
	}

	#[test]
	fn parents_at_resolutions_4_to_11_match_the_reference() {
		for (name, raw, parents) in VECTORS {
			let cell = H3Cell(raw);
			for (i, expected) in parents.iter().enumerate() {
				let res = 4 + i as u8;
				let parent = cell.parent(res).expect("res is coarser than 12; qed");
				assert_eq!(parent, H3Cell(*expected), "{name} at res {res}");
				assert_eq!(parent.validate(), Ok(res), "{name} parent at res {res} is valid");
			}
		}
	}

	#[test]
	fn parent_edge_cases() {
		let liberty = H3Cell(0x08c2a1072b59b9ff);
		assert_eq!(liberty.parent(12), Some(liberty));
		assert_eq!(liberty.parent(13), None);
		assert_eq!(liberty.parent(0), Some(H3Cell(0x0802bfffffffffff)));
		assert_eq!(H3Cell(0x08c754e649929dff).parent(0), Some(H3Cell(0x08075fffffffffff)));
	}

	#[test]
	fn a_res_10_cell_relabelled_as_res_12_is_rejected() {
		// 0x8c2a1072b59ffff is the res-10 cell 0x8a2a1072b59ffff with only the resolution field
		// changed: its digits 11 and 12 are still 7.
		assert_eq!(H3Cell(0x08c2a1072b59ffff).validate(), Err(H3Error::InvalidDigit));
		assert_eq!(H3Cell(0x08a2a1072b59ffff).validate(), Ok(10));
		assert_eq!(H3Cell(0x08a2a1072b59ffff).validate_location(), Err(H3Error::WrongResolution));
	}

	#[test]
	fn malformed_indexes_are_rejected_with_their_reason() {
		// The Statue of Liberty cell with one field broken at a time.
		assert_eq!(H3Cell(0x88c2a1072b59b9ff).validate(), Err(H3Error::ReservedBitSet));
		assert_eq!(H3Cell(0x09c2a1072b59b9ff).validate(), Err(H3Error::ReservedBitSet));
		assert_eq!(H3Cell(0x10c2a1072b59b9ff).validate(), Err(H3Error::NotACell));
		assert_eq!(H3Cell(0x08cf41072b59b9ff).validate(), Err(H3Error::BaseCellOutOfRange));
		assert_eq!(H3Cell(0x08c2a107eb59b9ff).validate(), Err(H3Error::InvalidDigit));
		assert_eq!(H3Cell(0x08c2a1072b59b9f8).validate(), Err(H3Error::UnusedDigitNotSeven));
		assert_eq!(H3Cell(0).validate(), Err(H3Error::NotACell));
		assert_eq!(H3Cell(u64::MAX).validate(), Err(H3Error::ReservedBitSet));
	}

	#[test]
	fn pentagon_base_cell_rejects_a_first_non_zero_digit_of_1() {
		// The resolution-12 pentagon in base cell 4 (all digits 0) is valid.
		assert_eq!(H3Cell(0x08c08000000001ff).validate(), Ok(12));
		// Digit 12 set to 1: the first non-zero digit is 1, a deleted direction.
		assert_eq!(H3Cell(0x08c08000000003ff).validate(), Err(H3Error::DeletedPentagonSubsequence));
		// Digit 12 set to 2 is fine.
		assert_eq!(H3Cell(0x08c08000000005ff).validate(), Ok(12));
		// A 1 after a non-zero digit is fine: digit 3 is 2, digit 12 is 1.
		assert_eq!(H3Cell(0x08c08020000003ff).validate(), Ok(12));
		// The same digits in a hexagon base cell (21) are fine.
		let hexagon = (0x08c08000000003ffu64 & !BASE_CELL_MASK) | (21u64 << BASE_CELL_OFFSET);
		assert_eq!(H3Cell(hexagon).validate(), Ok(12));
	}

	#[test]
	fn pentagon_base_cells_are_the_twelve_known_ones() {
		assert_eq!(PENTAGON_BASE_CELLS.len(), 12);
		assert!(H3Cell(0x08c754e649929dff).is_in_pentagon_base_cell());
		assert!(!H3Cell(0x08c2a1072b59b9ff).is_in_pentagon_base_cell());
	}
}
