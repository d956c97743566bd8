//! Radio physics in integer fixed point: free-space path loss and the strongest signal it allows.
//!
//! Decibel quantities are integers in tenths of a dB (`x10`): 27 dBm is `270`, −120.5 dBm is
//! `-1205`. Free-space path loss is `20·log10(4π·d·f / c)`, computed as a base-2 logarithm of the
//! integer `d·f` (leading zeros for the integer part, repeated squaring for 28 fractional bits)
//! times a fixed-point `200·log10(2)`, plus the constant `200·log10(4π / c)`. It is deterministic,
//! float-free and costs one loop of 28 multiplications.

/// Fractional bits of the base-2 logarithm.
const LOG2_FRAC_BITS: u32 = 28;

/// Fractional bits of the mantissa squared to find the logarithm's fractional bits.
const MANTISSA_BITS: u32 = 31;

/// `200·log10(2)` in Q20: tenths of a dB of `20·log10(x)` per doubling of `x`.
const DB_X10_PER_OCTAVE_Q20: i64 = 63_130_566;

/// Fractional bits of the sum before rounding: [`LOG2_FRAC_BITS`] + 20.
const SUM_BITS: u32 = LOG2_FRAC_BITS + 20;

/// `200·log10(4π / c)` with c = 2.998e8 m/s, in Q48: the path loss in tenths of a dB at
/// `d·f` = 1 m·Hz (−1475.52).
const FSPL_OFFSET_Q48: i64 = -415_323_182_867_979_520;

/// Free-space path loss in tenths of a dB, rounded to the nearest tenth, between isotropic
/// antennas `distance_m` metres apart at `frequency_hz`. Distances below 1 m count as 1 m and a
/// frequency of 0 as 1 Hz. Accurate to ±1 (0.1 dB). The far-field formula is applied as is, so
/// it goes negative very close in at low frequencies: −276 (−27.6 dB) at 1 m and 1 MHz.
pub fn fspl_db_x10(distance_m: u32, frequency_hz: u64) -> i32 {
	let product = u128::from(distance_m.max(1)) * u128::from(frequency_hz.max(1));
	let octaves = i64::try_from(log2_q28(product)).unwrap_or(i64::MAX);
	let sum = octaves.saturating_mul(DB_X10_PER_OCTAVE_Q20).saturating_add(FSPL_OFFSET_Q48);
	let rounded = sum.saturating_add(1 << (SUM_BITS - 1)) >> SUM_BITS;
	i32::try_from(rounded).unwrap_or(i32::MAX)
}

/// The strongest signal, in tenths of a dBm, that free space lets a receiver `distance_m` metres
/// away see from a transmitter: `tx_power + tx_gain + rx_gain − FSPL`, all in tenths. A witness
/// reporting more than this cannot have heard the transmitter where both claim to be.
pub fn max_rssi_dbm_x10(
	tx_power_dbm_x10: i32,
	tx_gain_dbi_x10: i32,
	rx_gain_dbi_x10: i32,
	distance_m: u32,
	frequency_hz: u64,
) -> i32 {
	tx_power_dbm_x10
		.saturating_add(tx_gain_dbi_x10)
		.saturating_add(rx_gain_dbi_x10)
		.saturating_sub(fspl_db_x10(distance_m, frequency_hz))
}

/// `log2(n)` for `n ≥ 1` in Q28 fixed point (0 for `n = 0`), truncated.
fn log2_q28(n: u128) -> u64 {
	if n == 0 {
		return 0;
	}
	let whole = 127 - n.leading_zeros();
	// The mantissa n / 2^whole, in [1, 2), in Q31.
	let mut m = if whole >= MANTISSA_BITS {
		(n >> (whole - MANTISSA_BITS)) as u64
	} else {
		(n << (MANTISSA_BITS - whole)) as u64
	};
	let mut frac = 0u64;
	for _ in 0..LOG2_FRAC_BITS {
		// m < 2^32, so m² < 2^64.
		m = (m * m) >> MANTISSA_BITS;
		frac <<= 1;
		if m >= 2 << MANTISSA_BITS {
			m >>= 1;
			frac |= 1;
		}
	}
	(u64::from(whole) << LOG2_FRAC_BITS) | frac
}

#[cfg(test)]
mod tests {
	//! Integer-only tests; the comparisons with a floating-point reference live in the workspace's
	//! `reference/` crate, because the runtime's crates hold no floating point.
	use super::*;

	#[test]
	fn fspl_of_known_links() {
		// 1 km at 915 MHz: 91.676 dB; 100 m at 2.4 GHz: 80.052 dB.
		assert_eq!(fspl_db_x10(1_000, 915_000_000), 917);
		assert_eq!(fspl_db_x10(100, 2_400_000_000), 801);
		// 1 m at 1 MHz: −27.552 dB, the formula applied as is.
		assert_eq!(fspl_db_x10(1, 1_000_000), -276);
	}

	#[test]
	fn fspl_treats_distances_below_a_metre_as_one_metre() {
		assert_eq!(fspl_db_x10(0, 915_000_000), fspl_db_x10(1, 915_000_000));
	}

	#[test]
	fn fspl_grows_six_db_per_doubling_of_distance() {
		for d in [1u32, 7, 350, 12_345, 1_000_000] {
			let step = fspl_db_x10(2 * d, 868_000_000) - fspl_db_x10(d, 868_000_000);
			assert!((59..=61).contains(&step), "{d}: {step}");
		}
	}

	#[test]
	fn fspl_never_decreases_with_distance() {
		let mut last = i32::MIN;
		let mut d = 1u32;
		while d < 20_000_000 {
			let loss = fspl_db_x10(d, 915_000_000);
			assert!(loss >= last, "{d}");
			last = loss;
			d += 1 + d / 50;
		}
	}

	#[test]
	fn max_rssi_of_a_known_link() {
		// 27 dBm, 3 dBi and 1.2 dBi antennas, 1 km at 915 MHz: 31.2 − 91.7 = −60.5 dBm.
		assert_eq!(max_rssi_dbm_x10(270, 30, 12, 1_000, 915_000_000), -605);
	}

	#[test]
	fn max_rssi_saturates_instead_of_overflowing() {
		assert_eq!(max_rssi_dbm_x10(i32::MAX, i32::MAX, 0, 1, 1), i32::MAX);
		assert!(max_rssi_dbm_x10(i32::MIN, 0, 0, u32::MAX, u64::MAX) == i32::MIN);
	}

	#[test]
	fn log2_is_exact_on_powers_of_two() {
		for k in 0..127u32 {
			assert_eq!(log2_q28(1u128 << k), u64::from(k) << LOG2_FRAC_BITS);
		}
	}
}
