//! Bidding on open orders: which orders a free machine meets at its configured price. Pure, so
//! the rule is tested without a chain; the service reads the orders (`depin_orders`) and places
//! the bids (`Leases.place_bid`, signed by the provider account).
//!
//! A machine bids when it has a price (`bid_price`), is not leased and has no bid standing, on
//! the first open order (storage order) it has not bid on yet whose requirements it meets: the
//! model (when the order names one), the memory per GPU, the number of GPUs, a maximum price at
//! least its own, a term of at least its `min_term` and not expired by the next block. The
//! region is its offer's, which the chain checks (a refusal is logged, and that order is not
//! tried again).

use serde_json::Value as Json;

/// What a machine offers, from the registry and its configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
	/// The device id.
	pub id: u64,
	/// The GPU model.
	pub model: String,
	/// Memory per GPU, GiB.
	pub vram_gib: u64,
	/// GPUs in the machine.
	pub count: u64,
	/// The bid price, credits per hour.
	pub price: u128,
	/// The shortest term it bids for.
	pub min_term: u64,
}

impl Machine {
	/// The machine `record` (`depin_device`) describes, priced by its configuration; `None` for
	/// a device that is not a GPU machine.
	pub fn from_record(id: u64, record: &Json, price: u128, min_term: u64) -> Option<Machine> {
		let attributes = &record["attributes"];
		if attributes["type"] != "gpu" {
			return None;
		}
		Some(Machine {
			id,
			model: attributes["model"].as_str()?.to_owned(),
			vram_gib: attributes["vramGib"].as_u64()?,
			count: attributes["count"].as_u64()?,
			price,
			min_term,
		})
	}

	/// Whether it meets `order` (`depin_orders`) at its price, the next block being `next`.
	pub fn meets(&self, order: &Json, next: u64) -> bool {
		let requirements = &order["requirements"];
		let number = |value: &Json| value.as_u64().unwrap_or(u64::MAX);
		let max_price: u128 = requirements["maxPricePerHour"]
			.as_str()
			.and_then(|text| text.parse().ok())
			.unwrap_or(0);
		let model_ok = match requirements["model"].as_str() {
			Some(model) => model == self.model,
			None => true,
		};
		model_ok
			&& number(&requirements["minVramGib"]) <= self.vram_gib
			&& number(&requirements["gpuCount"]) <= self.count
			&& max_price >= self.price
			&& number(&order["duration"]) >= self.min_term
			&& order["expiresAt"].as_u64().is_some_and(|expires| expires > next)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	fn h100() -> Machine {
		Machine { id: 3, model: "H100".into(), vram_gib: 80, count: 8, price: 500, min_term: 100 }
	}

	fn order(model: Option<&str>, vram: u64, gpus: u64, max: &str, duration: u64) -> Json {
		json!({
			"id": 1,
			"requirements": {"model": model, "minVramGib": vram, "gpuCount": gpus,
				"region": null, "maxPricePerHour": max},
			"duration": duration,
			"expiresAt": 50,
		})
	}

	#[test]
	fn a_machine_meets_orders_within_its_hardware_price_and_term() {
		assert!(h100().meets(&order(Some("H100"), 80, 8, "500", 100), 10));
		assert!(h100().meets(&order(None, 40, 1, "900", 600), 10), "any model");
		assert!(!h100().meets(&order(Some("A100"), 80, 8, "500", 100), 10), "another model");
		assert!(!h100().meets(&order(None, 96, 1, "900", 600), 10), "too little memory");
		assert!(!h100().meets(&order(None, 80, 9, "900", 600), 10), "too few GPUs");
		assert!(!h100().meets(&order(None, 80, 8, "499", 600), 10), "below its price");
		assert!(!h100().meets(&order(None, 80, 8, "900", 99), 10), "too short a term");
		assert!(!h100().meets(&order(None, 80, 8, "900", 600), 50), "expired");
	}

	#[test]
	fn only_gpu_machines_are_read_from_the_registry() {
		let gpu = json!({"attributes": {"type": "gpu", "vendor": "NVIDIA", "model": "H100",
			"vramGib": 80, "count": 8, "interface": "sxm"}});
		assert_eq!(Machine::from_record(3, &gpu, 500, 100), Some(h100()));
		let hotspot = json!({"attributes": {"type": "hotspot", "gainDbiX10": 40, "elevationM": 5}});
		assert_eq!(Machine::from_record(4, &hotspot, 500, 100), None);
	}
}
