//! # Floating-point references for the runtime's fixed-point maths
//!
//! The runtime computes H3 cell centres, great-circle distances and free-space path loss in
//! integer fixed point (`depin_primitives::h3::geo`, `depin_primitives::radio`): no floating
//! point may run on-chain. This crate, outside the runtime's crates, checks those results against
//! floating-point references: the h3o H3 library for cells and `f64` formulas for the rest. Its
//! tests are in `tests/`; this library holds what they share.

use depin_primitives::h3::{H3Cell, MAX_RESOLUTION, NUM_BASE_CELLS, PENTAGON_BASE_CELLS};
use h3o::{CellIndex, LatLng};

/// H3's Earth radius, in metres.
pub const EARTH_RADIUS_M: f64 = 6_371_007.180918475;

/// splitmix64: a tiny deterministic generator, so every run checks the same cases.
pub struct Rng(pub u64);

impl Rng {
	/// The next 64 random bits.
	pub fn next_u64(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
		z ^ (z >> 31)
	}

	/// A number below `n`.
	pub fn below(&mut self, n: u64) -> u64 {
		self.next_u64() % n
	}

	/// A number log-uniform in `[lo, hi]`.
	pub fn log_uniform(&mut self, lo: f64, hi: f64) -> f64 {
		let t = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
		(lo.ln() + t * (hi.ln() - lo.ln())).exp()
	}
}

/// A random valid cell at resolution `res` in base cell `base`.
pub fn random_cell(rng: &mut Rng, base: u8, res: u8) -> H3Cell {
	let mut raw = (1u64 << 59) | (u64::from(res) << 52) | (u64::from(base) << 45);
	let mut leading = true;
	for r in 1..=15u8 {
		let mut digit = if r <= res { rng.below(7) } else { 7 };
		if r <= res && leading && digit == 1 && PENTAGON_BASE_CELLS.contains(&base) {
			digit = 2 + rng.below(5);
		}
		if digit != 0 {
			leading = false;
		}
		raw |= digit << (3 * (15 - u32::from(r)));
	}
	let cell = H3Cell(raw);
	assert_eq!(cell.validate(), Ok(res), "{raw:#x}");
	cell
}

/// A random valid cell at a random resolution in a random base cell.
pub fn random_anywhere(rng: &mut Rng) -> H3Cell {
	let base = rng.below(u64::from(NUM_BASE_CELLS)) as u8;
	let res = rng.below(u64::from(MAX_RESOLUTION) + 1) as u8;
	random_cell(rng, base, res)
}

/// h3o's centre of `cell`.
pub fn reference(cell: H3Cell) -> LatLng {
	LatLng::from(CellIndex::try_from(cell.0).expect("a valid cell; qed"))
}
