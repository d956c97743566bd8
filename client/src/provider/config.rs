//! The provider service's configuration file (TOML). Every option, with its default:
//!
//! ```toml
//! # The node's JSON-RPC WebSocket.
//! node = "ws://127.0.0.1:9944"
//! # The provider account's key: a polkadot.js key file (its password from DEPIN_PASSWORD_FILE
//! # or DEPIN_PASSWORD) or a file holding the secret URI. It signs the claims.
//! account_key = "/etc/depin/provider.json"
//! # Where /metrics (Prometheus) and /health are served.
//! listen = "127.0.0.1:9616"
//! # Claim what the leases owe every this many finalized blocks (0: never).
//! claim_every = 600
//! # Run each machine's health_command every this many finalized blocks.
//! health_every = 10
//!
//! # One table per machine: its device id and its device key's file (a file holding the
//! # device's secret URI, `sr25519:<uri>` for an sr25519 key, or a key file).
//! [[devices]]
//! id = 21
//! key = "/etc/depin/gpu-21.key"
//! # Optional, the machine's prices: with `bid_price` the service bids on open orders the
//! # machine meets (it must be listed: `depin lease list`), at this many credits per hour, for
//! # terms of at least `min_term` blocks, one order at a time while the machine is free.
//! bid_price = 6000000
//! min_term = 600
//! # Optional: keep the machine listed at these terms while it is healthy (withdrawn while not).
//! offer = { price = 6000000, min_term = 10, max_term = 600, region = "eu-west" }
//! # Optional: the machine is healthy while this command exits 0 (without one, always). An
//! # unhealthy machine is not heartbeated, bids on nothing and has its offer withdrawn.
//! health_command = ["nvidia-smi", "--query-gpu=name", "--format=csv"]
//! # Optional: where a tenant reaches the machine (an endpoint or a manifest hash, at most 439
//! # bytes), sealed to each new lease's tenant and set on the lease.
//! access = "ssh://gpu-21.example.net:22"
//! ```
//!
//! Keys are read from files only, never from the command line.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The whole file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
	/// The node's JSON-RPC WebSocket.
	#[serde(default = "default_node")]
	pub node: String,
	/// The provider account's key file.
	pub account_key: PathBuf,
	/// Where `/metrics` and `/health` are served.
	#[serde(default = "default_listen")]
	pub listen: String,
	/// Claim every this many finalized blocks (0: never).
	#[serde(default = "default_claim_every")]
	pub claim_every: u64,
	/// Run the health commands every this many finalized blocks.
	#[serde(default = "default_health_every")]
	pub health_every: u64,
	/// The machines.
	#[serde(default)]
	pub devices: Vec<DeviceEntry>,
}

/// One machine.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceEntry {
	/// Its registry id.
	pub id: u64,
	/// Its device key's file.
	pub key: PathBuf,
	/// Bid on open orders it meets at this many credits per hour (none without it).
	#[serde(default)]
	pub bid_price: Option<u64>,
	/// The shortest term it bids for, in blocks.
	#[serde(default)]
	pub min_term: u64,
	/// The terms to keep it listed at while healthy.
	#[serde(default)]
	pub offer: Option<OfferEntry>,
	/// The command whose exit status 0 says the machine is healthy.
	#[serde(default)]
	pub health_command: Vec<String>,
	/// The access details handed to each new lease's tenant.
	#[serde(default)]
	pub access: Option<String>,
}

/// A machine's `offer`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferEntry {
	/// Credits per hour.
	pub price: u64,
	/// The shortest term, in blocks.
	pub min_term: u32,
	/// The longest term, in blocks.
	pub max_term: u32,
	/// Where the machine serves from.
	pub region: String,
}

impl OfferEntry {
	/// The terms.
	pub fn terms(&self) -> super::offers::Terms {
		super::offers::Terms {
			price: u128::from(self.price),
			min_term: self.min_term,
			max_term: self.max_term,
			region: self.region.clone(),
		}
	}
}

fn default_node() -> String {
	"ws://127.0.0.1:9944".into()
}

fn default_listen() -> String {
	"127.0.0.1:9616".into()
}

fn default_claim_every() -> u64 {
	600
}

fn default_health_every() -> u64 {
	10
}

impl ProviderConfig {
	/// Reads and checks the file at `path`; the error says what to fix.
	pub fn load(path: &Path) -> Result<ProviderConfig, String> {
		let text = std::fs::read_to_string(path)
			.map_err(|error| format!("cannot read {}: {error}", path.display()))?;
		Self::parse(&text).map_err(|error| format!("{}: {error}", path.display()))
	}

	/// Parses and checks `text`.
	pub fn parse(text: &str) -> Result<ProviderConfig, String> {
		let config: ProviderConfig = toml::from_str(text).map_err(|error| error.to_string())?;
		if config.devices.is_empty() {
			return Err("no [[devices]]: name at least one machine (id and key file)".into());
		}
		if let Some(device) = config.devices.iter().find(|device| device.bid_price == Some(0)) {
			return Err(format!("device {}: bid_price must be above zero", device.id));
		}
		if config.health_every == 0 {
			return Err("health_every must be at least 1 (finalized blocks)".into());
		}
		for device in &config.devices {
			if let Some(access) = &device.access {
				if access.is_empty() || access.len() > crate::access::MAX_DETAILS {
					return Err(format!(
						"device {}: access must be 1 to {} bytes",
						device.id,
						crate::access::MAX_DETAILS
					));
				}
			}
			if let Some(offer) = &device.offer {
				if offer.price == 0 {
					return Err(format!("device {}: offer price must be above zero", device.id));
				}
				if offer.min_term == 0 || offer.min_term > offer.max_term {
					return Err(format!(
						"device {}: offer terms must satisfy 1 <= min_term <= max_term",
						device.id
					));
				}
				if offer.region.is_empty() || offer.region.len() > 32 {
					return Err(format!(
						"device {}: offer region must be 1 to 32 bytes",
						device.id
					));
				}
			}
		}
		let mut ids: Vec<u64> = config.devices.iter().map(|device| device.id).collect();
		ids.sort_unstable();
		if let Some(pair) = ids.windows(2).find(|pair| pair[0] == pair[1]) {
			return Err(format!("device {} is listed twice", pair[0]));
		}
		Ok(config)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_minimal_file_takes_every_default() {
		let config = ProviderConfig::parse(
			"account_key = \"/k/provider\"\n[[devices]]\nid = 3\nkey = \"/k/gpu\"\n",
		)
		.expect("valid");
		assert_eq!(config.node, "ws://127.0.0.1:9944");
		assert_eq!(config.listen, "127.0.0.1:9616");
		assert_eq!(config.claim_every, 600);
		assert_eq!(config.health_every, 10);
		let device = DeviceEntry {
			id: 3,
			key: "/k/gpu".into(),
			bid_price: None,
			min_term: 0,
			offer: None,
			health_command: Vec::new(),
			access: None,
		};
		assert_eq!(config.devices, vec![device]);
	}

	#[test]
	fn the_example_file_for_operators_is_valid() {
		let example = include_str!("../../../deploy/systemd/provider.toml");
		let config = ProviderConfig::parse(example).expect("deploy/systemd/provider.toml parses");
		assert_eq!(config.devices.len(), 1);
	}

	#[test]
	fn mistakes_are_named() {
		let refused = |text: &str| ProviderConfig::parse(text).expect_err("refused");
		assert!(refused("account_key = \"/k\"\n").contains("no [[devices]]"));
		assert!(refused("account_key = \"/k\"\nport = 3\n").contains("unknown field"));
		let twice = "account_key = \"/k\"\n[[devices]]\nid = 1\nkey = \"/a\"\n[[devices]]\nid = 1\nkey = \"/b\"\n";
		assert!(refused(twice).contains("device 1 is listed twice"));
		assert!(refused("[[devices]]\nid = 1\nkey = \"/a\"\n").contains("account_key"));
		let free = "account_key = \"/k\"\n[[devices]]\nid = 1\nkey = \"/a\"\nbid_price = 0\n";
		assert!(refused(free).contains("bid_price must be above zero"));
		let offer =
			|terms: &str| {
				format!("account_key = \"/k\"\n[[devices]]\nid = 1\nkey = \"/a\"\noffer = {{ {terms} }}\n")
			};
		let terms = |price: u64, min: u32, max: u32, region: &str| {
			format!("price = {price}, min_term = {min}, max_term = {max}, region = \"{region}\"")
		};
		assert!(ProviderConfig::parse(&offer(&terms(5, 10, 600, "eu-west"))).is_ok());
		assert!(refused(&offer(&terms(0, 10, 600, "eu"))).contains("offer price"));
		assert!(refused(&offer(&terms(5, 60, 10, "eu"))).contains("min_term <= max_term"));
		assert!(refused(&offer(&terms(5, 10, 60, ""))).contains("region"));
		assert!(refused(
			"account_key = \"/k\"\nhealth_every = 0\n[[devices]]\nid = 1\nkey = \"/a\"\n"
		)
		.contains("health_every"));
	}
}
