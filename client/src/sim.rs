//! The device simulator's world: where hotspots stand (real H3 cells around a city) and what
//! each hears of another's beacon (path loss from distance). Floating point is fine here: this
//! is the client; the chain checks the result in integers.
//!
//! The radio model is the log-distance path loss of an urban LoRa link: free-space loss up to
//! [`BREAKPOINT_M`], then an exponent of [`URBAN_EXPONENT`], plus log-normal shadowing that only
//! ever adds loss. So every simulated signal is at most what free space allows, which is what the
//! chain's `SignalTooStrong` rule checks, and far hotspots fall below the receiver's sensitivity.

use h3o::{CellIndex, LatLng, Resolution};

/// The resolution hotspots assert their location at.
pub const LOCATION_RESOLUTION: Resolution = Resolution::Twelve;
/// Where free-space propagation gives way to the urban exponent, in metres.
pub const BREAKPOINT_M: f64 = 100.0;
/// The path-loss exponent beyond the breakpoint (2 is free space; 3.8 is Okumura–Hata's urban
/// slope for antennas about 10 m high).
pub const URBAN_EXPONENT: f64 = 3.8;
/// Standard deviation of the shadowing, in dB.
pub const SHADOWING_DB: f64 = 6.0;
/// The weakest signal a witness decodes, in dBm (LoRa SF10 at 125 kHz).
pub const SENSITIVITY_DBM: f64 = -132.0;
/// Thermal noise over 125 kHz plus a 6 dB noise figure, in dBm.
pub const NOISE_FLOOR_DBM: f64 = -117.0;
/// The beacon frequency: US915 uplink channel 8, in Hz.
pub const FREQUENCY_HZ: u64 = 904_300_000;
/// The most a witness's crystal drifts from the beacon's frequency, in Hz.
pub const MAX_DRIFT_HZ: i64 = 20_000;
/// Beacon transmit power, in dBm × 10 (27 dBm).
pub const TX_POWER_DBM_X10: i32 = 270;
/// Margin kept below the free-space bound, in dB, so the chain's integer geometry (cell
/// centres, 0.1 dB steps) never sees a simulated signal as too strong.
pub const BOUND_MARGIN_DB: f64 = 1.0;

/// Cities the simulator knows by name: (name, latitude, longitude) of the centre.
pub const CITIES: [(&str, f64, f64); 6] = [
	("nyc", 40.7128, -74.0060),
	("sf", 37.7749, -122.4194),
	("london", 51.5072, -0.1276),
	("berlin", 52.5200, 13.4050),
	("lagos", 6.4550, 3.3841),
	("singapore", 1.2903, 103.8519),
];

/// A deterministic pseudo-random generator (SplitMix64), so a seed gives the same fleet again.
pub struct Rng(u64);

impl Rng {
	/// A generator from a text seed.
	pub fn new(seed: &str) -> Rng {
		let hash = sp_crypto_hashing::blake2_64(seed.as_bytes());
		Rng(u64::from_le_bytes(hash))
	}

	/// The next 64 random bits.
	pub fn next_u64(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
		z ^ (z >> 31)
	}

	/// Uniform in [0, 1).
	pub fn unit(&mut self) -> f64 {
		(self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
	}

	/// Standard normal (Box–Muller).
	pub fn normal(&mut self) -> f64 {
		let u = self.unit().max(f64::MIN_POSITIVE);
		let v = self.unit();
		(-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
	}
}

/// A city centre by name, or `LAT,LNG`.
pub fn city(text: &str) -> Result<LatLng, String> {
	if let Some((_, lat, lng)) = CITIES.iter().find(|(name, ..)| name.eq_ignore_ascii_case(text)) {
		return LatLng::new(*lat, *lng).map_err(|e| e.to_string());
	}
	let names: Vec<_> = CITIES.iter().map(|(name, ..)| *name).collect();
	let parsed = text.split_once(',').and_then(|(lat, lng)| {
		Some((lat.trim().parse::<f64>().ok()?, lng.trim().parse::<f64>().ok()?))
	});
	let (lat, lng) = parsed.ok_or_else(|| {
		format!("--city {text:?}: expected one of {} or LAT,LNG in degrees", names.join(", "))
	})?;
	LatLng::new(lat, lng).map_err(|e| format!("--city {text:?}: {e}"))
}

/// The point `distance` metres from `from` on the initial `bearing` (radians from north).
pub fn offset(from: LatLng, distance: f64, bearing: f64) -> LatLng {
	const EARTH_RADIUS_M: f64 = 6_371_007.180_918_475;
	let angle = distance / EARTH_RADIUS_M;
	let (lat, lng) = (from.lat_radians(), from.lng_radians());
	let lat2 = (lat.sin() * angle.cos() + lat.cos() * angle.sin() * bearing.cos()).asin();
	let lng2 =
		lng + (bearing.sin() * angle.sin() * lat.cos()).atan2(angle.cos() - lat.sin() * lat2.sin());
	LatLng::from_radians(lat2, lng2).unwrap_or(from)
}

/// Places `count` hotspots within `radius` metres of `center`, uniformly over the disc, each at
/// the resolution-12 cell of its point. Every `cluster_every`-th hotspot (0: none) stands in the
/// same resolution-10 hex as the one before it, 20 to 60 m away (two hotspots on one block), so
/// the chain's hex-density rules scale both down.
pub fn place(
	center: LatLng,
	radius: f64,
	count: usize,
	cluster_every: usize,
	rng: &mut Rng,
) -> Vec<CellIndex> {
	let mut cells: Vec<CellIndex> = Vec::with_capacity(count);
	while cells.len() < count {
		let index = cells.len();
		let cell = match cells.last() {
			Some(&previous) if cluster_every > 0 && index % cluster_every == cluster_every - 1 => {
				let hex = previous.parent(Resolution::Ten);
				let near = (0..1_000).find_map(|_| {
					let point = offset(
						LatLng::from(previous),
						20.0 + 40.0 * rng.unit(),
						2.0 * std::f64::consts::PI * rng.unit(),
					);
					let cell = point.to_cell(LOCATION_RESOLUTION);
					(cell.parent(Resolution::Ten) == hex && !cells.contains(&cell)).then_some(cell)
				});
				match near {
					Some(cell) => cell,
					None => continue,
				}
			}
			_ => {
				let distance = radius * rng.unit().sqrt();
				let point = offset(center, distance, 2.0 * std::f64::consts::PI * rng.unit());
				point.to_cell(LOCATION_RESOLUTION)
			}
		};
		if !cells.contains(&cell) {
			cells.push(cell);
		}
	}
	cells
}

/// `count` cells evenly spaced on the circle of `radius` metres around `center`: witnesses that
/// hear every hotspot placed within half that radius, and stand far enough from all of them.
pub fn ring(center: LatLng, radius: f64, count: usize) -> Vec<CellIndex> {
	(0..count)
		.map(|i| {
			let bearing = 2.0 * std::f64::consts::PI * i as f64 / count.max(1) as f64;
			offset(center, radius, bearing).to_cell(LOCATION_RESOLUTION)
		})
		.collect()
}

/// The great-circle distance between two cells' centres, in metres.
pub fn distance(a: CellIndex, b: CellIndex) -> f64 {
	LatLng::from(a).distance_m(LatLng::from(b))
}

/// Free-space path loss in dB at `distance` metres and `frequency` Hz.
pub fn fspl_db(distance: f64, frequency: u64) -> f64 {
	20.0 * distance.max(1.0).log10() + 20.0 * (frequency as f64).log10() - 147.552_2
}

/// The median path loss of the urban model, in dB: free space to [`BREAKPOINT_M`], then
/// [`URBAN_EXPONENT`].
pub fn median_loss_db(distance: f64, frequency: u64) -> f64 {
	let near = fspl_db(distance.min(BREAKPOINT_M), frequency);
	let beyond = (distance / BREAKPOINT_M).max(1.0).log10();
	near + 10.0 * URBAN_EXPONENT * beyond
}

/// What one hotspot heard of another's beacon.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Heard {
	/// Received signal in dBm × 10.
	pub signal_dbm_x10: i32,
	/// Signal-to-noise ratio in dB × 10.
	pub snr_db_x10: i32,
	/// The frequency the witness measured, in Hz.
	pub frequency_hz: u64,
}

/// What a witness `distance` metres away hears of a beacon sent with `tx_power_dbm_x10` between
/// antennas of `gains_dbi_x10` (both, summed), if anything: the median urban loss plus
/// shadowing, never less loss than free space plus [`BOUND_MARGIN_DB`], and nothing below
/// [`SENSITIVITY_DBM`].
pub fn hear(
	distance: f64,
	tx_power_dbm_x10: i32,
	gains_dbi_x10: i32,
	rng: &mut Rng,
) -> Option<Heard> {
	let eirp = f64::from(tx_power_dbm_x10 + gains_dbi_x10) / 10.0;
	let shadowed = median_loss_db(distance, FREQUENCY_HZ) + SHADOWING_DB * rng.normal();
	let loss = shadowed.max(fspl_db(distance, FREQUENCY_HZ) + BOUND_MARGIN_DB);
	let signal = eirp - loss;
	let drift = (rng.unit() * 2.0 - 1.0) * MAX_DRIFT_HZ as f64;
	(signal >= SENSITIVITY_DBM).then(|| Heard {
		signal_dbm_x10: (signal * 10.0).floor() as i32,
		snr_db_x10: ((signal - NOISE_FLOOR_DBM).clamp(-20.0, 15.0) * 10.0).round() as i32,
		frequency_hz: (FREQUENCY_HZ as i64 + drift as i64) as u64,
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_same_seed_places_the_same_fleet() {
		let nyc = city("nyc").expect("a known city");
		let a = place(nyc, 5_000.0, 50, 10, &mut Rng::new("fleet"));
		let b = place(nyc, 5_000.0, 50, 10, &mut Rng::new("fleet"));
		assert_eq!(a, b);
		assert_ne!(a, place(nyc, 5_000.0, 50, 10, &mut Rng::new("other")));
	}

	#[test]
	fn hotspots_stand_within_the_radius_with_clusters_sharing_a_hex() {
		let nyc = city("40.7128, -74.0060").expect("coordinates");
		let cells = place(nyc, 5_000.0, 50, 10, &mut Rng::new("fleet"));
		assert_eq!(cells.len(), 50);
		for (index, cell) in cells.iter().enumerate() {
			assert_eq!(cell.resolution(), Resolution::Twelve);
			assert!(LatLng::from(*cell).distance_m(nyc) < 5_020.0, "hotspot {index}");
			if index % 10 == 9 {
				let previous = cells[index - 1];
				assert_eq!(cell.parent(Resolution::Ten), previous.parent(Resolution::Ten));
				assert!(distance(*cell, previous) < 80.0);
			}
		}
	}

	#[test]
	fn heard_signals_never_beat_free_space_and_fade_with_distance() {
		let mut rng = Rng::new("radio");
		let mut heard_at = |distance: f64| {
			(0..400)
				.filter_map(|_| hear(distance, TX_POWER_DBM_X10, 80, &mut rng))
				.inspect(|heard| {
					let bound = 27.0 + 8.0 - fspl_db(distance, FREQUENCY_HZ);
					assert!(f64::from(heard.signal_dbm_x10) / 10.0 <= bound - BOUND_MARGIN_DB);
					let drift = heard.frequency_hz as i64 - FREQUENCY_HZ as i64;
					assert!(drift.abs() <= MAX_DRIFT_HZ);
				})
				.count()
		};
		assert_eq!(heard_at(500.0), 400, "everyone hears a beacon 500 m away");
		let far = heard_at(30_000.0);
		assert!(far > 0 && far < 400, "some, not all, hear a beacon 30 km away: {far}");
		assert_eq!(heard_at(200_000.0), 0, "nobody hears one 200 km away");
	}

	#[test]
	fn a_ring_stands_on_its_circle() {
		let berlin = city("berlin").expect("a known city");
		let cells = ring(berlin, 6_000.0, 14);
		assert_eq!(cells.len(), 14);
		for cell in &cells {
			let from_center = LatLng::from(*cell).distance_m(berlin);
			assert!((from_center - 6_000.0).abs() < 20.0, "{from_center}");
		}
		assert!(distance(cells[0], cells[1]) > 2_000.0);
	}

	#[test]
	fn free_space_loss_matches_the_textbook() {
		// 1 km at 915 MHz: 91.67 dB.
		assert!((fspl_db(1_000.0, 915_000_000) - 91.67).abs() < 0.01);
		assert!((median_loss_db(50.0, 915_000_000) - fspl_db(50.0, 915_000_000)).abs() < 1e-9);
		assert!(median_loss_db(1_000.0, 915_000_000) > fspl_db(1_000.0, 915_000_000));
	}
}
