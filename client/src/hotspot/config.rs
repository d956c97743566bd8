//! The hotspot service's configuration file (TOML). Every option, with its default:
//!
//! ```toml
//! # The node's JSON-RPC WebSocket.
//! node = "ws://127.0.0.1:9944"
//! # Where /metrics (Prometheus) and /health are served.
//! listen = "127.0.0.1:9617"
//! # The UDP address the packet forwarders of the hotspots' gateways send to (Semtech UDP
//! # protocol; the forwarder's server_address / serv_port_up / serv_port_down).
//! udp = "0.0.0.0:1680"
//! # Receipts heard within this many milliseconds of a beacon's first go out together, one
//! # report a beacon carrying all of this service's receipts of it.
//! batch_ms = 400
//!
//! # One table per hotspot: its device id, the file of its device key (a file holding the
//! # device's secret URI, `sr25519:<uri>` for an sr25519 key, or a key file) and its gateway's
//! # EUI (the forwarder's gateway_ID).
//! [[hotspots]]
//! id = 5
//! key = "/etc/depin/keys/hotspot-5.key"
//! gateway = "AA555A0000000005"
//! # Optional: the beacon's frequency in Hz and conducted power in dBm.
//! frequency_hz = 904300000
//! tx_power_dbm = 27
//!
//! # Optional: data-transfer sessions for one payer (see `hotspot::sessions`). Every
//! # period_blocks finalized blocks each hotspot that carried data signs its session into
//! # <dir>/outbox/; the payer countersigns it into <dir>/inbox/, which the service submits.
//! [sessions]
//! payer = 0
//! dir = "/var/lib/depin-hotspot/sessions"
//! period_blocks = 100
//! ```
//!
//! Keys are read from files only, never from the command line.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::lora::semtech::{self, Eui};

/// The whole file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HotspotConfig {
	/// The node's JSON-RPC WebSocket.
	#[serde(default = "default_node")]
	pub node: String,
	/// Where `/metrics` and `/health` are served.
	#[serde(default = "default_listen")]
	pub listen: String,
	/// The packet forwarders' UDP address.
	#[serde(default = "default_udp")]
	pub udp: String,
	/// How long receipts of one beacon are gathered before they are sent, in milliseconds.
	#[serde(default = "default_batch_ms")]
	pub batch_ms: u64,
	/// The hotspots.
	#[serde(default)]
	pub hotspots: Vec<HotspotEntry>,
	/// Data-transfer sessions, if the hotspots carry data for a payer.
	#[serde(default)]
	pub sessions: Option<SessionsEntry>,
}

/// The `[sessions]` table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionsEntry {
	/// The payer the hotspots' data traffic goes to.
	pub payer: u32,
	/// The folder of the outbox, inbox, sent and refused sessions.
	pub dir: PathBuf,
	/// Blocks a session covers.
	#[serde(default = "default_period")]
	pub period_blocks: u64,
}

fn default_period() -> u64 {
	100
}

/// One hotspot.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HotspotEntry {
	/// Its registry id.
	pub id: u64,
	/// Its device key's file.
	pub key: PathBuf,
	/// Its gateway's EUI, 16 hex digits.
	pub gateway: String,
	/// The beacon frequency, in Hz.
	#[serde(default = "default_frequency")]
	pub frequency_hz: u64,
	/// The beacon's conducted power, in dBm.
	#[serde(default = "default_power")]
	pub tx_power_dbm: i32,
}

impl HotspotEntry {
	/// The gateway's EUI (checked when the file is parsed).
	pub fn eui(&self) -> Eui {
		semtech::parse_eui(&self.gateway).unwrap_or_default()
	}
}

fn default_node() -> String {
	"ws://127.0.0.1:9944".into()
}

fn default_listen() -> String {
	"127.0.0.1:9617".into()
}

fn default_udp() -> String {
	"0.0.0.0:1680".into()
}

fn default_batch_ms() -> u64 {
	400
}

fn default_frequency() -> u64 {
	crate::sim::FREQUENCY_HZ
}

fn default_power() -> i32 {
	crate::sim::TX_POWER_DBM_X10 / 10
}

impl HotspotConfig {
	/// Reads and checks the file at `path`; the error says what to fix.
	pub fn load(path: &Path) -> Result<HotspotConfig, String> {
		let text = std::fs::read_to_string(path)
			.map_err(|error| format!("cannot read {}: {error}", path.display()))?;
		Self::parse(&text).map_err(|error| format!("{}: {error}", path.display()))
	}

	/// Parses and checks `text`.
	pub fn parse(text: &str) -> Result<HotspotConfig, String> {
		let config: HotspotConfig = toml::from_str(text).map_err(|error| error.to_string())?;
		if config.hotspots.is_empty() {
			return Err("no [[hotspots]]: name at least one (id, key file and gateway EUI)".into());
		}
		if !(10..=10_000).contains(&config.batch_ms) {
			return Err(format!("batch_ms = {}: must be 10 to 10000", config.batch_ms));
		}
		if let Some(sessions) = &config.sessions {
			if !(1..=100_000).contains(&sessions.period_blocks) {
				return Err(format!(
					"[sessions] period_blocks = {}: must be 1 to 100000 (and, to be counted, \
					 shorter than the chain's MaxSessionAge)",
					sessions.period_blocks
				));
			}
		}
		let mut ids = Vec::new();
		let mut euis = Vec::new();
		for hotspot in &config.hotspots {
			let eui = semtech::parse_eui(&hotspot.gateway)
				.map_err(|error| format!("hotspot {}: gateway {error}", hotspot.id))?;
			if !(0..=30).contains(&hotspot.tx_power_dbm) {
				return Err(format!(
					"hotspot {}: tx_power_dbm = {}: must be 0 to 30 (the chain's limit)",
					hotspot.id, hotspot.tx_power_dbm
				));
			}
			if !(100_000_000..=3_000_000_000).contains(&hotspot.frequency_hz) {
				return Err(format!(
					"hotspot {}: frequency_hz = {}: not a LoRa band (100 MHz to 3 GHz)",
					hotspot.id, hotspot.frequency_hz
				));
			}
			if ids.contains(&hotspot.id) {
				return Err(format!("hotspot {} is listed twice", hotspot.id));
			}
			if euis.contains(&eui) {
				return Err(format!(
					"gateway {} serves two hotspots: one gateway a hotspot",
					semtech::format_eui(&eui)
				));
			}
			ids.push(hotspot.id);
			euis.push(eui);
		}
		Ok(config)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_minimal_file_takes_every_default() {
		let config = HotspotConfig::parse(
			"[[hotspots]]\nid = 3\nkey = \"/k/h\"\ngateway = \"AA555A0000000003\"\n",
		)
		.expect("valid");
		assert_eq!(config.node, "ws://127.0.0.1:9944");
		assert_eq!(
			(config.listen.as_str(), config.udp.as_str()),
			("127.0.0.1:9617", "0.0.0.0:1680")
		);
		assert_eq!(config.batch_ms, 400);
		let hotspot = &config.hotspots[0];
		assert_eq!((hotspot.frequency_hz, hotspot.tx_power_dbm), (904_300_000, 27));
		assert_eq!(hotspot.eui(), [0xAA, 0x55, 0x5A, 0, 0, 0, 0, 3]);
	}

	#[test]
	fn the_example_file_for_operators_is_valid() {
		let example = include_str!("../../../deploy/systemd/hotspot.toml");
		let config = HotspotConfig::parse(example).expect("deploy/systemd/hotspot.toml parses");
		assert_eq!(config.hotspots.len(), 2);
		assert_eq!(config.sessions.map(|sessions| sessions.period_blocks), Some(100));
	}

	#[test]
	fn mistakes_are_named() {
		let refused = |text: &str| HotspotConfig::parse(text).expect_err("refused");
		let one = |extra: &str| {
			format!("[[hotspots]]\nid = 1\nkey = \"/a\"\ngateway = \"AA555A0000000001\"\n{extra}")
		};
		assert!(refused("node = \"ws://x\"\n").contains("no [[hotspots]]"));
		assert!(refused(&format!("port = 3\n{}", one(""))).contains("unknown field"));
		assert!(refused(&one("tx_power_dbm = 36\n")).contains("must be 0 to 30"));
		assert!(refused(&one("frequency_hz = 5\n")).contains("not a LoRa band"));
		let bad_eui = "[[hotspots]]\nid = 1\nkey = \"/a\"\ngateway = \"AA55\"\n";
		assert!(refused(bad_eui).contains("hotspot 1: gateway EUI"));
		let twice = format!("{}{}", one(""), one(""));
		assert!(refused(&twice).contains("hotspot 1 is listed twice"));
		let shared = format!("{}{}", one(""), one("").replace("id = 1", "id = 2"));
		assert!(refused(&shared).contains("serves two hotspots"));
		assert!(refused(&format!("batch_ms = 0\n{}", one(""))).contains("batch_ms"));
		let no_dir = format!("{}[sessions]\npayer = 0\n", one(""));
		assert!(refused(&no_dir).contains("missing field `dir`"));
		let zero = format!("{}[sessions]\npayer = 0\ndir = \"/s\"\nperiod_blocks = 0\n", one(""));
		assert!(refused(&zero).contains("period_blocks = 0"));
	}
}
