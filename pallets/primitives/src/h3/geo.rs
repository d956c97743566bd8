//! Cell centres and great-circle distances from H3 cells, in integer fixed point.
//!
//! A cell's centre is found the way H3's `cellToLatLng` finds it, with integers only:
//!
//! 1. Walk the digits from the base cell's home face and `(i, j, k)` coordinates down to the
//!    cell's resolution (aperture-7 steps, alternately Class II and Class III), then move the
//!    result onto a neighbouring icosahedron face when it overflows its own ("overage").
//! 2. H3's inverse gnomonic projection puts hex coordinates `(a, b) = (i - k, j - k)` at
//!    `normalize(C + (a·U + b·V) / √7^res)`, with `C` the face centre and `U`, `V` the face's
//!    scaled i and j axes (turned for Class III). These are precomputed integer constants (see
//!    `tools/gen_geo_tables.py`), so no trigonometry runs here; an integer square root normalises.
//!
//! The distance between two centres is `2R·asin(chord / 2)`, with `asin` a Taylor series on
//! `[0, 1/√2]` and `asin(s) = π/2 − asin(√(1 − s²))` above it. Everything is deterministic and
//! bounded: one `distance_m` is two centre walks of at most 15 digit steps and 5 face changes,
//! three or four integer square roots and a polynomial of at most 20 terms. Callers comparing one
//! cell with many can keep its [`center`] and call [`Point::distance_m`].

#[path = "geo_tables.rs"]
mod tables;

use super::H3Cell;
use tables::{
	ASIN_COEFFS, BASE_CELLS, FACE_AXES_CLASS_2, FACE_AXES_CLASS_3, FACE_CENTERS, FACE_NEIGHBORS,
};

/// Fractional bits of a [`Point`] coordinate: `1 << POINT_BITS` is 1.0.
pub const POINT_BITS: u32 = 30;

/// Fractional bits of an angle returned by [`Point::angle`]: `1 << ANGLE_BITS` is one radian.
pub const ANGLE_BITS: u32 = 31;

/// H3's Earth radius (`EARTH_RADIUS_KM` = 6371.007180918475 km), in 1/256 m.
const EARTH_RADIUS_Q8: u128 = 1_630_977_838;

/// π in [`ANGLE_BITS`] fixed point.
const PI_Q31: u64 = 6_746_518_852;

/// Below this `x` (1/16 in Q31), `asin(x)` needs only four series terms for 1e-11 accuracy.
const ASIN_SHORT_LIMIT: u64 = 1 << 27;

/// Terms of the series used below [`ASIN_SHORT_LIMIT`].
const ASIN_SHORT_TERMS: usize = 4;

/// Newton steps that always suffice for a 128-bit integer square root from our first guess.
const ISQRT_STEPS: usize = 12;

/// Most further faces a centre in a pentagon base cell can be moved across after the first
/// (H3 loops until it settles; the tests check every pentagon neighbourhood against h3o).
const MAX_OVERAGE_STEPS: usize = 4;

/// Digit `d` after one 60° clockwise rotation.
const ROTATE_CW: [u8; 7] = [0, 3, 6, 2, 5, 1, 4];

/// The `I` direction, digit 4.
const DIGIT_I: u8 = 4;

/// The `IK` direction, digit 5.
const DIGIT_IK: u8 = 5;

/// A point on the unit sphere, each coordinate scaled by `1 << POINT_BITS` (Earth-centred: `z`
/// towards the north pole, `x` towards latitude 0, longitude 0).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Point {
	/// Towards latitude 0, longitude 0.
	pub x: i64,
	/// Towards latitude 0, longitude 90° E.
	pub y: i64,
	/// Towards the north pole.
	pub z: i64,
}

impl Point {
	/// The angle between two points in radians, scaled by `1 << ANGLE_BITS`.
	pub fn angle(self, other: Point) -> u64 {
		let chord2 = norm2(self.x - other.x, self.y - other.y, self.z - other.z);
		// Both the chord (Q30) and sin of the half-angle (chord / 2 in Q31) are this number.
		if chord2 <= 1 << (2 * POINT_BITS + 1) {
			return 2 * asin(isqrt_u64(chord2));
		}
		// Past 90°: |p + q| / 2 is the cosine of the half-angle and at most 1/√2.
		let sum2 = norm2(self.x + other.x, self.y + other.y, self.z + other.z);
		PI_Q31.saturating_sub(2 * asin(isqrt_u64(sum2)))
	}

	/// The great-circle distance to `other` in metres on H3's spherical Earth.
	pub fn distance_m(self, other: Point) -> u32 {
		let angle = u128::from(self.angle(other));
		let half = 1u128 << (ANGLE_BITS + 8 - 1);
		let metres = (angle * EARTH_RADIUS_Q8 + half) >> (ANGLE_BITS + 8);
		u32::try_from(metres).unwrap_or(u32::MAX)
	}
}

/// The great-circle distance in metres between the centres of two valid cells of any
/// resolutions, or `None` when either is not a valid cell.
pub fn distance_m(a: H3Cell, b: H3Cell) -> Option<u32> {
	Some(center(a)?.distance_m(center(b)?))
}

/// The centre of a valid cell as a unit vector, or `None` for an invalid cell.
pub fn center(cell: H3Cell) -> Option<Point> {
	let res = cell.validate().ok()?;
	let (face, [i, j, k]) = face_ijk(cell, res);
	let (a, b) = (i128::from(i - k), i128::from(j - k));
	let [u, v] = if res % 2 == 1 { FACE_AXES_CLASS_3[face] } else { FACE_AXES_CLASS_2[face] };
	let scale = i128::from(pow7(res / 2));
	let c = FACE_CENTERS[face];
	let p: [i128; 3] = core::array::from_fn(|d| {
		i128::from(c[d]) * scale + a * i128::from(u[d]) + b * i128::from(v[d])
	});
	Some(unit(p))
}

/// The face and normalised `(i, j, k)` coordinates of a valid cell's centre at its own resolution
/// (H3's `_h3ToFaceIjk`).
fn face_ijk(cell: H3Cell, res: u8) -> (usize, [i64; 3]) {
	let base = cell.base_cell();
	let pentagon = cell.is_in_pentagon_base_cell();
	let first = (1..=res).map(|r| cell.digit(r)).find(|d| *d != 0).unwrap_or(0);
	// A pentagon has no K sub-sequence; H3 rotates the whole IK sub-sequence clockwise once.
	let rotate = pentagon && first == DIGIT_IK;
	let (home, coord) = BASE_CELLS[usize::from(base) % BASE_CELLS.len()];
	let mut face = usize::from(home);
	let mut ijk = coord;
	for r in 1..=res {
		ijk = down_ap7(ijk, r % 2 == 1);
		let digit = cell.digit(r);
		let digit = if rotate { ROTATE_CW[usize::from(digit % 7)] } else { digit };
		ijk = normalize([
			ijk[0] + i64::from(digit >> 2 & 1),
			ijk[1] + i64::from(digit >> 1 & 1),
			ijk[2] + i64::from(digit & 1),
		]);
	}
	if !pentagon && res == 0 && ijk == [0, 0, 0] {
		return (face, ijk);
	}
	// The centre may lie past the home face's edge: check on the next Class II grid.
	let class3 = res % 2 == 1;
	let original = ijk;
	let class2_res = if class3 { res + 1 } else { res };
	if class3 {
		ijk = down_ap7(ijk, false);
	}
	let pent4 = pentagon && first == DIGIT_I;
	if adjust_overage(&mut face, &mut ijk, class2_res, pent4) {
		if pentagon {
			for _ in 0..MAX_OVERAGE_STEPS {
				if !adjust_overage(&mut face, &mut ijk, class2_res, false) {
					break;
				}
			}
		}
		if class3 {
			ijk = up_ap7_cw(ijk);
		}
	} else {
		ijk = original;
	}
	(face, ijk)
}

/// Moves Class II coordinates that overflow their face onto the neighbouring face
/// (H3's `_adjustOverageClassII`); returns whether they moved.
fn adjust_overage(face: &mut usize, ijk: &mut [i64; 3], class2_res: u8, pent4: bool) -> bool {
	let unit = pow7(class2_res / 2);
	let max_dim = 2 * unit;
	if ijk[0] + ijk[1] + ijk[2] <= max_dim {
		return false;
	}
	// Edge crossed: 0 = IJ, 1 = KI, 2 = JK.
	let edge = if ijk[2] > 0 {
		if ijk[1] > 0 {
			2
		} else {
			if pent4 {
				// Turn about the pentagon's centre to step over its missing K sub-sequence.
				let t = rotate60([ijk[0] - max_dim, ijk[1], ijk[2]], false);
				*ijk = [t[0] + max_dim, t[1], t[2]];
			}
			1
		}
	} else {
		0
	};
	// The polar faces (0 to 4 and 15 to 19) meet their neighbours differently from the
	// equatorial ones (5 to 14).
	let polar = *face < 5 || *face >= 15;
	let (translate, ccw_turns) = match (polar, edge) {
		(_, 2) => ([0, 2, 2], 3),
		(true, 0) => ([2, 0, 2], 1),
		(true, _) => ([2, 2, 0], 5),
		(false, 0) => ([2, 2, 0], 3),
		(false, _) => ([2, 0, 2], 3),
	};
	*face = usize::from(FACE_NEIGHBORS[*face % FACE_NEIGHBORS.len()][edge]);
	for _ in 0..ccw_turns {
		*ijk = rotate60(*ijk, true);
	}
	*ijk = normalize([
		ijk[0] + translate[0] * unit,
		ijk[1] + translate[1] * unit,
		ijk[2] + translate[2] * unit,
	]);
	true
}

/// `7^n`.
fn pow7(n: u8) -> i64 {
	(0..n).fold(1, |acc, _| acc * 7)
}

/// The equivalent coordinates with the smallest non-negative components.
fn normalize(c: [i64; 3]) -> [i64; 3] {
	let min = c[0].min(c[1]).min(c[2]);
	[c[0] - min, c[1] - min, c[2] - min]
}

/// The centre child one resolution finer (counter-clockwise for Class III, clockwise for II).
fn down_ap7([i, j, k]: [i64; 3], ccw: bool) -> [i64; 3] {
	if ccw {
		normalize([3 * i + j, 3 * j + k, i + 3 * k])
	} else {
		normalize([3 * i + k, i + 3 * j, j + 3 * k])
	}
}

/// The clockwise aperture-7 parent: the inverse of a clockwise [`down_ap7`], rounded.
fn up_ap7_cw([i, j, k]: [i64; 3]) -> [i64; 3] {
	let (a, b) = (i - k, j - k);
	// `n / 7` is never halfway between integers, so this rounds to the nearest.
	let round7 = |n: i64| (n + 3).div_euclid(7);
	normalize([round7(2 * a + b), round7(3 * b - a), 0])
}

/// A 60° rotation about the origin.
fn rotate60([i, j, k]: [i64; 3], ccw: bool) -> [i64; 3] {
	if ccw {
		normalize([i + k, i + j, j + k])
	} else {
		normalize([i + j, j + k, i + k])
	}
}

/// `x² + y² + z²` for components of at most `2^31` in size.
fn norm2(x: i64, y: i64, z: i64) -> u64 {
	let sq = |v: i64| v.unsigned_abs().saturating_mul(v.unsigned_abs());
	sq(x).saturating_add(sq(y)).saturating_add(sq(z))
}

/// Scales a non-zero vector, of any fixed-point scale, to a unit [`Point`].
fn unit(p: [i128; 3]) -> Point {
	// Bring the largest component into [2^61, 2^62), so the squares fit a u128.
	let largest = p.iter().map(|c| c.unsigned_abs()).max().unwrap_or(0).max(1);
	let bits = 128 - largest.leading_zeros();
	let p = p.map(|c| if bits > 62 { c >> (bits - 62) } else { c << (62 - bits) });
	let n2 = p.iter().map(|c| c.unsigned_abs() * c.unsigned_abs()).sum::<u128>();
	// The norm is in [2^61, 2^63), so the reciprocal 2^124 / norm is in (2^61, 2^63].
	let inv = ((1u128 << 124) / isqrt(n2).max(1)) as i128;
	let shift = 124 - POINT_BITS;
	let scale = |c: i128| ((c * inv + (1 << (shift - 1))) >> shift) as i64;
	Point { x: scale(p[0]), y: scale(p[1]), z: scale(p[2]) }
}

/// `⌊√n⌋`, by Newton's method from a power of two at or above the root.
fn isqrt(n: u128) -> u128 {
	if n == 0 {
		return 0;
	}
	let mut x = 1u128 << (128 - n.leading_zeros()).div_ceil(2);
	for _ in 0..ISQRT_STEPS {
		let next = (x + n / x) >> 1;
		if next >= x {
			break;
		}
		x = next;
	}
	x
}

/// `⌊√n⌋` of a `u64`, whose root always fits.
fn isqrt_u64(n: u64) -> u64 {
	u64::try_from(isqrt(u128::from(n))).unwrap_or(u64::MAX)
}

/// `asin(x)` for `x` in `[0, 1/√2]`, both in [`ANGLE_BITS`] fixed point. Public so that the
/// off-chain float reference tests (`reference/` in the workspace) can check it.
pub fn asin(x: u64) -> u64 {
	let x = x.min(1 << ANGLE_BITS);
	let x2 = (x * x) >> ANGLE_BITS;
	let terms = if x <= ASIN_SHORT_LIMIT { ASIN_SHORT_TERMS } else { ASIN_COEFFS.len() };
	let series = ASIN_COEFFS[..terms].iter().rev().fold(0, |acc, c| c + ((acc * x2) >> ANGLE_BITS));
	(x * series) >> ANGLE_BITS
}

#[cfg(test)]
mod tests {
	//! Integer-only tests; the comparisons with the float H3 reference (h3o) live in the
	//! workspace's `reference/` crate, because the runtime's crates hold no floating point.
	use super::*;

	/// splitmix64: a tiny deterministic generator.
	struct Rng(u64);

	impl Rng {
		fn next(&mut self) -> u64 {
			self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
			let mut z = self.0;
			z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
			z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
			z ^ (z >> 31)
		}

		fn below(&mut self, n: u64) -> u64 {
			self.next() % n
		}
	}

	#[test]
	fn a_cell_is_zero_metres_from_itself() {
		let liberty = H3Cell(0x08c2a1072b59b9ff);
		assert_eq!(distance_m(liberty, liberty), Some(0));
	}

	#[test]
	fn invalid_cells_have_no_center_or_distance() {
		let liberty = H3Cell(0x08c2a1072b59b9ff);
		let broken = H3Cell(0x08c2a107eb59b9ff);
		assert_eq!(center(broken), None);
		assert_eq!(distance_m(liberty, broken), None);
		assert_eq!(distance_m(broken, liberty), None);
		assert_eq!(distance_m(H3Cell(0), liberty), None);
	}

	#[test]
	fn isqrt_is_the_exact_floor() {
		let mut rng = Rng(17);
		for i in 0..20_000u32 {
			let n = match i % 3 {
				0 => u128::from(rng.next()) << (rng.below(64)),
				1 => (u128::from(rng.next()) << 64) | u128::from(rng.next()),
				_ => u128::from(i),
			};
			let r = isqrt(n);
			assert!(r * r <= n, "{n}");
			assert!((r + 1).checked_mul(r + 1).is_none_or(|s| s > n), "{n}");
		}
		assert_eq!(isqrt(u128::MAX), u128::from(u64::MAX));
	}
}
