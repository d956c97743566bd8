//! The ring of neighbours of an H3 cell (grid distance 1), with integer operations only.
//!
//! A port of H3's `h3NeighborRotations` (`algos.c`; `neighbor_rotations` in h3o). Stepping one cell
//! in direction `d` rewrites the finest digit with a lookup table; when the step leaves the parent
//! (an "aperture 7 carry") the table also gives the direction to step in at the next coarser
//! resolution, and so on up to resolution 1. A carry out of resolution 1 moves to the neighbouring
//! base cell, whose coordinate system may be rotated: the digits are then rotated to match.
//! Pentagon base cells have no K-axis (digit 1) sub-sequence, so a step that lands in it is
//! rotated out of it.
//!
//! Every step costs at most a few dozen table lookups and digit rewrites: no floats, no
//! allocation, no recursion, and every loop is bounded by the resolution (at most 15).

use super::{H3Cell, MAX_RESOLUTION, PENTAGON_BASE_CELLS};

#[path = "ring_tables.rs"]
mod tables;

use tables::{CW_OFFSET_FACES, HOME_FACE, NEIGHBORS, NEIGHBOR_ROTATIONS, NO_BASE_CELL};

/// The direction digits: 0 is the centre, 1 to 6 the six neighbours.
const CENTER: u8 = 0;
const K_AXIS: u8 = 1;
const JK_AXIS: u8 = 3;
const IK_AXIS: u8 = 5;

/// The order [`neighbors`] steps in: J, JK, K, IK, I, IJ, each adjacent to the next.
const RING_DIRECTIONS: [u8; 6] = [2, 3, 1, 5, 4, 6];

const DIGIT_BITS: u32 = 3;
const DIGIT_MASK: u64 = 0b111;
const BASE_CELL_OFFSET: u32 = 45;
const BASE_CELL_MASK: u64 = 0b111_1111 << BASE_CELL_OFFSET;

/// Current digit → direction → new digit, when the digit's resolution is Class III (odd).
const NEW_DIGIT_II: [[u8; 7]; 7] = [
	[0, 1, 2, 3, 4, 5, 6],
	[1, 4, 3, 6, 5, 2, 0],
	[2, 3, 1, 4, 6, 0, 5],
	[3, 6, 4, 5, 0, 1, 2],
	[4, 5, 6, 0, 2, 3, 1],
	[5, 2, 0, 1, 3, 6, 4],
	[6, 0, 5, 2, 1, 4, 3],
];

/// Current digit → direction → direction to step in at the next coarser resolution (0: none),
/// when the digit's resolution is Class III (odd).
const NEW_ADJUSTMENT_II: [[u8; 7]; 7] = [
	[0, 0, 0, 0, 0, 0, 0],
	[0, 1, 0, 1, 0, 5, 0],
	[0, 0, 2, 3, 0, 0, 2],
	[0, 1, 3, 3, 0, 0, 0],
	[0, 0, 0, 0, 4, 4, 6],
	[0, 5, 0, 0, 4, 5, 0],
	[0, 0, 2, 0, 6, 0, 6],
];

/// Current digit → direction → new digit, when the digit's resolution is Class II (even).
const NEW_DIGIT_III: [[u8; 7]; 7] = [
	[0, 1, 2, 3, 4, 5, 6],
	[1, 2, 3, 4, 5, 6, 0],
	[2, 3, 4, 5, 6, 0, 1],
	[3, 4, 5, 6, 0, 1, 2],
	[4, 5, 6, 0, 1, 2, 3],
	[5, 6, 0, 1, 2, 3, 4],
	[6, 0, 1, 2, 3, 4, 5],
];

/// Current digit → direction → direction to step in at the next coarser resolution (0: none),
/// when the digit's resolution is Class II (even).
const NEW_ADJUSTMENT_III: [[u8; 7]; 7] = [
	[0, 0, 0, 0, 0, 0, 0],
	[0, 1, 0, 3, 0, 1, 0],
	[0, 0, 2, 2, 0, 0, 6],
	[0, 3, 2, 3, 0, 0, 0],
	[0, 0, 0, 0, 4, 5, 4],
	[0, 1, 0, 0, 5, 5, 0],
	[0, 0, 6, 0, 4, 0, 6],
];

/// A digit rotated 60° counter-clockwise: K→IK→I→IJ→J→JK→K; the centre stays.
const ROTATE_CCW: [u8; 7] = [0, 5, 3, 1, 6, 4, 2];

/// A digit rotated 60° clockwise, the inverse of [`ROTATE_CCW`].
const ROTATE_CW: [u8; 7] = [0, 3, 6, 2, 5, 1, 4];

/// `ROTATE_CCW_BY[n]`: a digit rotated `n` × 60° counter-clockwise, `n` from 0 to 5.
const ROTATE_CCW_BY: [[u8; 7]; 6] = {
	let mut by = [[0, 1, 2, 3, 4, 5, 6]; 6];
	let mut n = 1;
	while n < 6 {
		let mut d = 0;
		while d < 7 {
			by[n][d] = ROTATE_CCW[by[n - 1][d] as usize];
			d += 1;
		}
		n += 1;
	}
	by
};

/// The distinct neighbours of a cell at its own resolution: six for a hexagon, five for a
/// pentagon.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Neighbors {
	cells: [H3Cell; 6],
	len: u8,
}

impl Neighbors {
	const fn new() -> Self {
		Self { cells: [H3Cell(0); 6], len: 0 }
	}

	/// Adds `cell` unless it is already held or the collection is full.
	fn push_distinct(&mut self, cell: H3Cell) {
		if !self.contains(cell) {
			if let Some(slot) = self.cells.get_mut(usize::from(self.len)) {
				*slot = cell;
				self.len = self.len.saturating_add(1);
			}
		}
	}

	/// The neighbours, in the order documented on [`neighbors`].
	pub fn as_slice(&self) -> &[H3Cell] {
		self.cells.get(..usize::from(self.len)).unwrap_or(&[])
	}

	/// Iterates over the neighbours.
	pub fn iter(&self) -> core::slice::Iter<'_, H3Cell> {
		self.as_slice().iter()
	}

	/// How many neighbours: 6, or 5 for a pentagon.
	pub fn len(&self) -> usize {
		usize::from(self.len)
	}

	/// Whether there are none (never the case for a ring returned by [`neighbors`]).
	pub fn is_empty(&self) -> bool {
		self.len == 0
	}

	/// Whether `cell` is one of the neighbours.
	pub fn contains(&self, cell: H3Cell) -> bool {
		self.as_slice().contains(&cell)
	}
}

impl<'a> IntoIterator for &'a Neighbors {
	type Item = &'a H3Cell;
	type IntoIter = core::slice::Iter<'a, H3Cell>;

	fn into_iter(self) -> Self::IntoIter {
		self.iter()
	}
}

/// The neighbours of `cell` at its resolution (its grid disk of radius 1 without the cell), or
/// `None` when `cell` is not a valid H3 cell.
///
/// They come in the order of the cell's own directions J, JK, K, IK, I, IJ, with repeats dropped
/// (a pentagon reaches one neighbour twice, or misses the deleted K direction). For a hexagon
/// this walks around the cell: each entry shares an edge with the next, and the last with the
/// first.
///
/// Cost: six steps, each at most `resolution` table lookups up the digits plus, when the step
/// crosses into another base cell, a rewrite of every digit per 60° rotation (at most five).
pub fn neighbors(cell: H3Cell) -> Option<Neighbors> {
	let res = cell.validate().ok()?;
	let mut ring = Neighbors::new();
	for direction in RING_DIRECTIONS {
		if let Some(neighbor) = step(cell, res, direction) {
			if neighbor != cell {
				ring.push_distinct(neighbor);
			}
		}
	}
	Some(ring)
}

/// Whether `a` and `b` are distinct valid cells at the same resolution that share an edge.
///
/// Cost: one [`neighbors`] call.
pub fn is_neighbor(a: H3Cell, b: H3Cell) -> bool {
	if a == b || a.resolution() != b.resolution() || b.validate().is_err() {
		return false;
	}
	neighbors(a).is_some_and(|ring| ring.contains(b))
}

/// The neighbour of the valid cell `origin` (at resolution `res`) in `direction` (1 to 6), or
/// `None` when `origin` is a pentagon and `direction` is its deleted K axis.
fn step(origin: H3Cell, res: u8, direction: u8) -> Option<H3Cell> {
	let mut bits = origin.0;
	let mut direction = direction;

	// Rewrite the digits from the finest up while the step carries into the parent.
	let mut r = res;
	while r >= 1 {
		let from = usize::from(digit(bits, r));
		let to = usize::from(direction);
		// The digit at an odd (Class III) resolution walks the Class II parent grid.
		let (digits, carries) = if r % 2 == 1 {
			(&NEW_DIGIT_II, &NEW_ADJUSTMENT_II)
		} else {
			(&NEW_DIGIT_III, &NEW_ADJUSTMENT_III)
		};
		bits = set_digit(bits, r, lookup(digits, from, to));
		direction = lookup(carries, from, to);
		if direction == CENTER {
			break;
		}
		r -= 1;
	}

	// A carry out of resolution 1 moves to the neighbouring base cell.
	let old_base = origin.base_cell();
	let mut base_rotations = 0;
	if direction != CENTER {
		let mut to = usize::from(direction);
		let mut new_base = lookup(&NEIGHBORS, usize::from(old_base), to);
		if new_base == NO_BASE_CELL {
			// The deleted K direction of a pentagon base cell borders its IK neighbour, and the
			// digits rotate out of the deleted sub-sequence.
			to = usize::from(IK_AXIS);
			new_base = lookup(&NEIGHBORS, usize::from(old_base), to);
			bits = rotate(bits, res, &ROTATE_CCW);
		}
		bits = set_base_cell(bits, new_base);
		base_rotations = lookup(&NEIGHBOR_ROTATIONS, usize::from(old_base), to);
	}

	let new_base = base_cell(bits);
	if !PENTAGON_BASE_CELLS.contains(&new_base) {
		if base_rotations != 0 {
			// `% 6` keeps the index within the table.
			bits = rotate(bits, res, &ROTATE_CCW_BY[usize::from(base_rotations % 6)]);
		}
		return Some(H3Cell(bits));
	}

	// Landed in a pentagon base cell: force the digits out of the deleted K sub-sequence.
	if leading_digit(bits, res) == K_AXIS {
		if old_base == new_base {
			// Stepped into it from within the same pentagon base cell.
			match leading_digit(origin.0, res) {
				// From the pentagon itself: the K direction does not exist.
				CENTER => return None,
				JK_AXIS => bits = rotate(bits, res, &ROTATE_CCW),
				IK_AXIS => bits = rotate(bits, res, &ROTATE_CW),
				_ => {}
			}
		} else if is_cw_offset(new_base, old_base) {
			// Entered from a neighbouring base cell. H3 rotates counter-clockwise otherwise, a
			// branch no valid cell reaches (H3's `cwOffsetPent` test), which h3o leaves out.
			bits = rotate(bits, res, &ROTATE_CW);
		}
	}
	for _ in 0..base_rotations {
		bits = rotate_pentagon_ccw(bits, res);
	}
	Some(H3Cell(bits))
}

/// `table[row][column]`, or 0 when out of range (never for valid cells and directions).
fn lookup<const N: usize>(table: &[[u8; 7]; N], row: usize, column: usize) -> u8 {
	table.get(row).and_then(|row| row.get(column)).copied().unwrap_or(0)
}

/// Digit `r` (1 to 15) of `bits`.
const fn digit(bits: u64, r: u8) -> u8 {
	((bits >> digit_offset(r)) & DIGIT_MASK) as u8
}

/// `bits` with digit `r` (1 to 15) set to `value`.
const fn set_digit(bits: u64, r: u8, value: u8) -> u64 {
	let offset = digit_offset(r);
	(bits & !(DIGIT_MASK << offset)) | ((value as u64 & DIGIT_MASK) << offset)
}

/// The bit offset of digit `r` (1 to 15).
const fn digit_offset(r: u8) -> u32 {
	MAX_RESOLUTION.saturating_sub(r) as u32 * DIGIT_BITS
}

const fn base_cell(bits: u64) -> u8 {
	((bits & BASE_CELL_MASK) >> BASE_CELL_OFFSET) as u8
}

const fn set_base_cell(bits: u64, base: u8) -> u64 {
	(bits & !BASE_CELL_MASK) | (((base as u64) << BASE_CELL_OFFSET) & BASE_CELL_MASK)
}

/// The first non-zero digit among digits 1 to `res`, or 0 when they are all zero.
fn leading_digit(bits: u64, res: u8) -> u8 {
	(1..=res).map(|r| digit(bits, r)).find(|&d| d != CENTER).unwrap_or(CENTER)
}

/// `bits` with digits 1 to `res` mapped through `by` (a 60° rotation).
fn rotate(mut bits: u64, res: u8, by: &[u8; 7]) -> u64 {
	for r in 1..=res {
		let rotated = by.get(usize::from(digit(bits, r))).copied().unwrap_or(CENTER);
		bits = set_digit(bits, r, rotated);
	}
	bits
}

/// H3's `_h3RotatePent60ccw`: a 60° ccw rotation that skips over the deleted K sub-sequence.
fn rotate_pentagon_ccw(bits: u64, res: u8) -> u64 {
	// A leading JK would rotate onto the deleted K axis: rotate once more.
	if leading_digit(bits, res) == JK_AXIS {
		rotate(bits, res, &ROTATE_CCW_BY[2])
	} else {
		rotate(bits, res, &ROTATE_CCW)
	}
}

/// Whether the home face of `neighbor_base` is one of the clockwise-offset faces of the pentagon
/// base cell `pentagon`.
fn is_cw_offset(pentagon: u8, neighbor_base: u8) -> bool {
	let Some(&face) = HOME_FACE.get(usize::from(neighbor_base)) else {
		return false;
	};
	CW_OFFSET_FACES
		.iter()
		.any(|&(base, faces)| base == pentagon && faces & (1u32 << (face % 32)) != 0)
}

#[cfg(test)]
mod tests {
	use super::*;
	use h3o::{CellIndex, Resolution};
	use std::collections::BTreeSet;

	/// h3o's grid disk of radius 1 without the cell itself, as raw indexes.
	fn reference_ring(raw: u64) -> BTreeSet<u64> {
		let cell = CellIndex::try_from(raw).expect("callers pass valid cells; qed");
		cell.grid_disk::<Vec<_>>(1).into_iter().map(u64::from).filter(|&c| c != raw).collect()
	}

	/// Checks our ring against h3o's and returns the reference ring.
	fn assert_ring_matches(raw: u64) -> BTreeSet<u64> {
		let expected = reference_ring(raw);
		let ring = neighbors(H3Cell(raw)).expect("valid cell has a ring");
		let got: BTreeSet<u64> = ring.iter().map(|c| c.0).collect();
		assert_eq!(got.len(), ring.len(), "{raw:#x}: ring holds a repeat");
		assert_eq!(got, expected, "{raw:#x}");
		expected
	}

	/// A tiny deterministic PRNG (splitmix64).
	struct SplitMix64(u64);

	impl SplitMix64 {
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

	/// A valid cell at `res` in `base` whose first `zeros` digits are 0 and the rest random.
	fn random_cell(rng: &mut SplitMix64, base: u8, res: u8, zeros: u8) -> u64 {
		let pentagon = PENTAGON_BASE_CELLS.contains(&base);
		let mut bits = (1u64 << 59) | (u64::from(res) << 52) | (u64::from(base) << 45);
		bits |= (1u64 << 45) - 1;
		let mut leading = true;
		for r in 1..=res {
			let mut d = if r <= zeros { 0 } else { rng.below(7) as u8 };
			if leading && pentagon && d == K_AXIS {
				d = 2 + rng.below(5) as u8;
			}
			leading &= d == 0;
			bits = set_digit(bits, r, d);
		}
		bits
	}

	#[test]
	fn ring_matches_h3o_for_every_base_cell_and_its_children_to_resolution_3() {
		let mut checked = 0usize;
		for base in CellIndex::base_cells() {
			for res in 0..=3u8 {
				let res = Resolution::try_from(res).expect("0..=3 are resolutions; qed");
				for cell in base.children(res) {
					assert_ring_matches(u64::from(cell));
					checked += 1;
				}
			}
		}
		// 122 base cells, 842 cells at res 1, 5882 at res 2, 41162 at res 3.
		assert_eq!(checked, 122 + 842 + 5882 + 41162);
	}

	#[test]
	fn ring_matches_h3o_for_random_cells_at_every_resolution() {
		let mut rng = SplitMix64(0x00de_9141_2024);
		let near_pentagon: Vec<u8> = PENTAGON_BASE_CELLS
			.iter()
			.flat_map(|&p| NEIGHBORS[usize::from(p)].into_iter())
			.filter(|&b| b != NO_BASE_CELL)
			.collect();
		let mut checked = 0usize;
		for i in 0..20_000u32 {
			let res = (i % 16) as u8;
			// A third anywhere, a third in a pentagon base cell, a third in or next to one.
			let base = match i % 3 {
				0 => rng.below(122) as u8,
				1 => PENTAGON_BASE_CELLS[rng.below(12) as usize],
				_ => near_pentagon[rng.below(near_pentagon.len() as u64) as usize],
			};
			// Leading zeros put the cell near the centre of its base cell (the pentagon itself
			// for a pentagon base cell).
			let zeros = rng.below(u64::from(res) + 1) as u8;
			let raw = random_cell(&mut rng, base, res, zeros);
			assert_eq!(H3Cell(raw).validate(), Ok(res), "{raw:#x}");
			// Also check the neighbours, which reach across base cell and face boundaries.
			for neighbor in assert_ring_matches(raw) {
				assert_ring_matches(neighbor);
				checked += 1;
			}
		}
		assert!(checked > 100_000);
	}

	#[test]
	fn pentagon_has_five_neighbors() {
		for res in 0..=MAX_RESOLUTION {
			let res_h3o = Resolution::try_from(res).expect("0..=15 are resolutions; qed");
			for pentagon in CellIndex::base_cells().filter(|c| c.is_pentagon()) {
				let pentagon = pentagon.center_child(res_h3o).expect("coarser or equal; qed");
				assert!(pentagon.is_pentagon());
				let ring = neighbors(H3Cell(u64::from(pentagon))).expect("valid");
				assert_eq!(ring.len(), 5, "{pentagon} at res {res}");
				assert_eq!(ring.iter().map(|c| c.0).collect::<BTreeSet<_>>(), {
					reference_ring(u64::from(pentagon))
				});
				for n in &ring {
					assert_eq!(n.validate(), Ok(res));
					assert!(is_neighbor(*n, H3Cell(u64::from(pentagon))));
				}
			}
		}
	}

	#[test]
	fn hexagon_has_six_neighbors_at_its_resolution() {
		let liberty = H3Cell(0x08c2a1072b59b9ff);
		let ring = neighbors(liberty).expect("valid");
		assert_eq!(ring.len(), 6);
		assert!(ring.iter().all(|n| n.validate() == Ok(12) && *n != liberty));
		assert_eq!(ring.as_slice().len(), 6);
	}

	#[test]
	fn rotating_six_times_is_the_identity() {
		for d in 0..7 {
			assert_eq!(ROTATE_CCW[ROTATE_CCW_BY[5][d] as usize], d as u8);
			assert_eq!(ROTATE_CW[ROTATE_CCW[d] as usize], d as u8);
		}
	}

	/// Asserts that each entry of a hexagon's ring shares an edge with the next (cyclically).
	fn assert_ring_walks_around(raw: u64) {
		let ring = neighbors(H3Cell(raw)).expect("valid");
		if ring.len() < 6 {
			return;
		}
		for (k, n) in ring.iter().enumerate() {
			let next = ring.as_slice()[(k + 1) % 6];
			assert!(reference_ring(n.0).contains(&next.0), "{raw:#x}: entry {k}");
		}
	}

	#[test]
	fn consecutive_hexagon_neighbors_share_an_edge() {
		// Every cell to resolution 2.
		for base in CellIndex::base_cells() {
			for res in 0..=2u8 {
				let res = Resolution::try_from(res).expect("0..=2 are resolutions; qed");
				base.children(res).for_each(|cell| assert_ring_walks_around(u64::from(cell)));
			}
		}
		// The hexagons around every pentagon, at every resolution.
		for res in 0..=MAX_RESOLUTION {
			let res = Resolution::try_from(res).expect("0..=15 are resolutions; qed");
			for pentagon in CellIndex::base_cells().filter(|c| c.is_pentagon()) {
				let pentagon = pentagon.center_child(res).expect("coarser or equal; qed");
				reference_ring(u64::from(pentagon)).into_iter().for_each(assert_ring_walks_around);
			}
		}
		// Random cells at every resolution.
		let mut rng = SplitMix64(7);
		for i in 0..2_000u32 {
			let base = rng.below(122) as u8;
			let raw = random_cell(&mut rng, base, (i % 16) as u8, 0);
			assert_ring_walks_around(raw);
		}
	}

	#[test]
	fn invalid_cell_has_no_ring() {
		for raw in [
			0,
			u64::MAX,
			// Statue of Liberty cell with a digit of 7 within its resolution.
			0x08c2a107eb59b9ff,
			// Base cell 122.
			0x08cf41072b59b9ff,
			// Pentagon base cell 4 with leading digit 1 (the deleted K sub-sequence).
			0x08c08000000003ff,
			// A directed edge, not a cell.
			0x11c2a1072b59b9ff,
		] {
			assert_eq!(neighbors(H3Cell(raw)), None, "{raw:#x}");
			assert!(!is_neighbor(H3Cell(raw), H3Cell(0x08c2a1072b59b9ff)));
			assert!(!is_neighbor(H3Cell(0x08c2a1072b59b9ff), H3Cell(raw)));
		}
	}

	#[test]
	fn is_neighbor_holds_for_the_ring_only() {
		let liberty = H3Cell(0x08c2a1072b59b9ff);
		let ring = neighbors(liberty).expect("valid");
		for n in &ring {
			assert!(is_neighbor(liberty, *n));
			assert!(is_neighbor(*n, liberty));
		}
		assert!(!is_neighbor(liberty, liberty));
		let parent = liberty.parent(11).expect("coarser");
		assert!(!is_neighbor(liberty, parent));
		// A neighbour of a neighbour that is not in the ring.
		let far = neighbors(ring.as_slice()[0])
			.expect("valid")
			.iter()
			.copied()
			.find(|c| *c != liberty && !ring.contains(*c))
			.expect("a ring of 6 reaches past the first ring");
		assert!(!is_neighbor(liberty, far));
	}
}
