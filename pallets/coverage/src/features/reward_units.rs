//! HIP-15 reward units in integer fixed point.
//!
//! With `w` rewarded witnesses, redundancy `N = 4`, decay `r = 0.8` and cap `2`:
//!
//! - beaconer: `0` for `w = 0`, `w / N` for `w ≤ N`, otherwise `min(2, 2 − r^(w−N))`;
//! - each witness: `1` for `w ≤ N`, otherwise `min(2, (N − (1 − r^(w−N))) / w)`.
//!
//! These are the formulas of the Helium IoT verifier (`poc_beaconer_reward_unit`,
//! `poc_per_witness_reward_unit`) as recorded in the project's research notes. Units are scaled
//! by [`UNIT`] (10⁹, the precision of `Perbill`) and rounded down; `r^k` is computed with `k`
//! Perbill multiplications, each rounding down.
//!
//! A hotspot's share is its unit times its hex's transmit scale ([`super::density`]).

use depin_primitives::Shares;
use sp_runtime::Perbill;

/// One reward unit in fixed point.
pub const UNIT: Shares = 1_000_000_000;
/// `N`: witnesses up to which rewards grow linearly.
pub const WITNESS_REDUNDANCY: u32 = 4;
/// `r`: the decay of each witness beyond `N`.
pub const DECAY: Perbill = Perbill::from_percent(80);
/// The cap on a unit.
pub const CAP: Shares = 2 * UNIT;

/// `r^k` as a fraction of [`UNIT`].
fn decay_pow(k: u32) -> Shares {
	let mut acc = Perbill::one();
	for _ in 0..k {
		acc = acc * DECAY;
	}
	Shares::from(acc.deconstruct())
}

/// The beaconer's reward unit for `w` rewarded witnesses, scaled by [`UNIT`].
pub fn beacon_unit(w: u32) -> Shares {
	if w == 0 {
		0
	} else if w <= WITNESS_REDUNDANCY {
		UNIT * Shares::from(w) / Shares::from(WITNESS_REDUNDANCY)
	} else {
		let decay = decay_pow(w - WITNESS_REDUNDANCY);
		CAP.saturating_sub(decay).min(CAP)
	}
}

/// Each rewarded witness's unit for `w` rewarded witnesses, scaled by [`UNIT`].
pub fn witness_unit(w: u32) -> Shares {
	if w == 0 {
		0
	} else if w <= WITNESS_REDUNDANCY {
		UNIT
	} else {
		let decay = decay_pow(w - WITNESS_REDUNDANCY);
		let numerator =
			(Shares::from(WITNESS_REDUNDANCY) * UNIT).saturating_sub(UNIT.saturating_sub(decay));
		(numerator / Shares::from(w)).min(CAP)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn beacon_units_grow_linearly_to_redundancy_then_decay_towards_the_cap() {
		assert_eq!(beacon_unit(0), 0);
		assert_eq!(beacon_unit(1), 250_000_000);
		assert_eq!(beacon_unit(4), UNIT);
		// 2 − 0.8 = 1.2
		assert_eq!(beacon_unit(5), 1_200_000_000);
		// 2 − 0.64 = 1.36
		assert_eq!(beacon_unit(6), 1_360_000_000);
		// Never above the cap, and increasing.
		for w in 5..=14 {
			assert!(beacon_unit(w) <= CAP);
			assert!(beacon_unit(w) > beacon_unit(w - 1));
		}
	}

	#[test]
	fn witness_units_are_one_to_redundancy_then_shrink() {
		assert_eq!(witness_unit(0), 0);
		assert_eq!(witness_unit(1), UNIT);
		assert_eq!(witness_unit(4), UNIT);
		// (4 − (1 − 0.8)) / 5 = 0.76
		assert_eq!(witness_unit(5), 760_000_000);
		// (4 − (1 − 0.64)) / 6 = 0.60666…
		assert_eq!(witness_unit(6), 606_666_666);
		for w in 5..=14 {
			assert!(witness_unit(w) < witness_unit(w - 1));
		}
	}
}
