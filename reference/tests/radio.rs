//! The fixed-point free-space path loss of `depin_primitives::radio` against an f64 formula.

use depin_primitives::radio::{fspl_db_x10, max_rssi_dbm_x10};
use depin_reference::Rng;

/// The speed of light the formula uses, in m/s.
const C: f64 = 2.998e8;

fn reference(distance_m: u32, frequency_hz: u64) -> f64 {
	let d = f64::from(distance_m.max(1));
	200.0 * (4.0 * std::f64::consts::PI * d * frequency_hz as f64 / C).log10()
}

/// How far the integer result is from the exact value, in tenths of a dB (0.5 is the rounding).
fn error(distance_m: u32, frequency_hz: u64) -> f64 {
	let got = fspl_db_x10(distance_m, frequency_hz);
	let expected = reference(distance_m, frequency_hz);
	let error = (f64::from(got) - expected).abs();
	assert!(
		error < 0.5 + 1e-3,
		"fspl({distance_m} m, {frequency_hz} Hz) = {got}, expected {expected:.3}"
	);
	error
}

#[test]
fn fspl_matches_the_float_reference_within_a_tenth_of_a_db() {
	let distances = [1, 10, 350, 1_000, 10_000, 100_000, 1_000_000, 20_000_000];
	let frequencies = [433_000_000, 868_000_000, 903_900_000, 915_000_000, 2_400_000_000];
	let mut worst = 0.0f64;
	for d in distances {
		for f in frequencies {
			worst = worst.max(error(d, f));
		}
	}
	let mut rng = Rng(3);
	for _ in 0..5_000 {
		let d = rng.log_uniform(1.0, 2e7) as u32;
		let f = rng.log_uniform(1e6, 1e10) as u64;
		worst = worst.max(error(d, f));
	}
	println!("fspl: worst distance from the exact value {worst:.6} tenths of a dB");
}

#[test]
fn max_rssi_is_the_link_budget_minus_the_path_loss() {
	let mut rng = Rng(5);
	for _ in 0..2_000 {
		let d = rng.log_uniform(1.0, 2e7) as u32;
		let f = rng.log_uniform(1e6, 1e10) as u64;
		let expected = 270.0 + 30.0 + 12.0 - reference(d, f);
		let got = f64::from(max_rssi_dbm_x10(270, 30, 12, d, f));
		assert!((got - expected).abs() <= 1.0, "{d} m, {f} Hz: {got} vs {expected}");
	}
}
