//! The simulated air between LoRa gateways (`depin air`, and `depin simulate --services`): each
//! [`Station`] is a gateway at an H3 cell running a packet forwarder that speaks the Semtech UDP
//! protocol to its server (a `depin hotspot run` service), exactly as a real gateway would. A
//! packet a server has its gateway transmit (`PULL_RESP`) is heard by every other gateway that
//! [`crate::sim::hear`] lets hear it at their distance, each of which pushes it to its own
//! server (`PUSH_DATA` with the measured signal, SNR and frequency).
//!
//! Every station has its own UDP socket, so a server's downlinks reach the gateway that pulled
//! from it; each sends `PULL_DATA` at once and then every [`KEEPALIVE`].

use std::{
	net::SocketAddr,
	path::Path,
	sync::{
		atomic::{AtomicU64, Ordering},
		Arc,
	},
	time::Duration,
};

use h3o::CellIndex;
use serde::Deserialize;
use serde_json::json;
use tokio::{
	net::UdpSocket,
	sync::{mpsc, watch},
};

use crate::{
	daemon::{self, log},
	errors::{Error, Result},
	lora::semtech::{self, Eui, Packet, Received, Transmit},
	sim,
};

/// Between two `PULL_DATA` keep-alives of a station.
pub const KEEPALIVE: Duration = Duration::from_secs(2);

/// A gateway in the air.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Station {
	/// Its EUI.
	pub eui: Eui,
	/// Its server's UDP address.
	pub server: SocketAddr,
	/// Where it stands.
	pub cell: CellIndex,
	/// Its antenna's gain, dBi × 10.
	pub gain_dbi_x10: i32,
}

/// What happened in the air.
#[derive(Default)]
pub struct AirStats {
	/// Packets the servers had a gateway transmit.
	pub transmitted: AtomicU64,
	/// Copies other gateways heard and pushed to their servers.
	pub delivered: AtomicU64,
	/// Datagrams from servers that did not read.
	pub refused: AtomicU64,
}

impl AirStats {
	/// (transmitted, delivered, refused).
	pub fn counts(&self) -> (u64, u64, u64) {
		let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
		(load(&self.transmitted), load(&self.delivered), load(&self.refused))
	}
}

/// The `depin air` file: the stations and the shadowing's seed.
///
/// ```toml
/// seed = "air"
/// [[gateways]]
/// eui = "AA555A0000000005"
/// server = "127.0.0.1:1680"
/// cell = "0x8c2a1072b59b9ff"   # the hotspot's asserted resolution-12 cell
/// gain_dbi_x10 = 40             # at most the hotspot's registered gain
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AirConfig {
	/// The seed of the radio model's randomness.
	#[serde(default = "default_seed")]
	pub seed: String,
	/// The gateways.
	pub gateways: Vec<GatewayEntry>,
}

/// One gateway of the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayEntry {
	/// Its EUI, 16 hex digits.
	pub eui: String,
	/// Its server's UDP address.
	pub server: SocketAddr,
	/// Its H3 cell, hex.
	pub cell: String,
	/// Its antenna gain, dBi × 10.
	#[serde(default = "default_gain")]
	pub gain_dbi_x10: i32,
}

fn default_seed() -> String {
	"air".into()
}

fn default_gain() -> i32 {
	i32::from(crate::fleet::HOTSPOT_GAIN)
}

impl AirConfig {
	/// Reads and checks the file at `path`: the stations, or what to fix.
	pub fn load(path: &Path) -> std::result::Result<(String, Vec<Station>), String> {
		let text = std::fs::read_to_string(path)
			.map_err(|error| format!("cannot read {}: {error}", path.display()))?;
		Self::parse(&text).map_err(|error| format!("{}: {error}", path.display()))
	}

	/// Parses and checks `text`.
	pub fn parse(text: &str) -> std::result::Result<(String, Vec<Station>), String> {
		let config: AirConfig = toml::from_str(text).map_err(|error| error.to_string())?;
		if config.gateways.len() < 2 {
			return Err("at least two [[gateways]]: the air carries packets between them".into());
		}
		let mut stations: Vec<Station> = Vec::new();
		for gateway in &config.gateways {
			let eui = semtech::parse_eui(&gateway.eui)?;
			let cell = u64::from_str_radix(gateway.cell.trim_start_matches("0x"), 16)
				.ok()
				.and_then(|cell| CellIndex::try_from(cell).ok())
				.ok_or_else(|| {
					format!("gateway {}: cell {:?} is not an H3 cell", gateway.eui, gateway.cell)
				})?;
			if stations.iter().any(|station| station.eui == eui) {
				return Err(format!("gateway {} is listed twice", gateway.eui));
			}
			stations.push(Station {
				eui,
				server: gateway.server,
				cell,
				gain_dbi_x10: gateway.gain_dbi_x10,
			});
		}
		Ok((config.seed, stations))
	}
}

/// A transmission: which station, what.
type Sent = (usize, Transmit);

/// Runs the air until `stop` turns true, logging each transmission and who heard it.
pub async fn run(
	stations: Vec<Station>,
	seed: String,
	stats: Arc<AirStats>,
	stop: watch::Receiver<bool>,
) -> Result<()> {
	let mut sockets = Vec::new();
	for _ in &stations {
		let socket = UdpSocket::bind("127.0.0.1:0")
			.await
			.map_err(|error| Error::Other(format!("air: bind a gateway socket: {error}")))?;
		sockets.push(Arc::new(socket));
	}
	let (sent_tx, mut sent_rx) = mpsc::channel::<Sent>(1_024);
	for (index, station) in stations.iter().enumerate() {
		tokio::spawn(forwarder(
			index,
			station.clone(),
			sockets[index].clone(),
			sent_tx.clone(),
			stats.clone(),
			stop.clone(),
		));
	}
	drop(sent_tx);
	let mut rng = sim::Rng::new(&format!("{seed}/air"));
	drop(seed);
	let mut token = 0u16;
	let mut stop = stop;
	loop {
		let (from, transmit) = tokio::select! {
			sent = sent_rx.recv() => match sent { Some(sent) => sent, None => return Ok(()) },
			() = daemon::stopped(&mut stop) => return Ok(()),
		};
		daemon::add(&stats.transmitted, 1);
		let sender = &stations[from];
		let mut heard_by = Vec::new();
		for (index, station) in stations.iter().enumerate().filter(|(index, _)| *index != from) {
			let distance = sim::distance(sender.cell, station.cell);
			let gains = sender.gain_dbi_x10 + station.gain_dbi_x10;
			let Some(heard) = sim::hear(distance, transmit.power_dbm * 10, gains, &mut rng) else {
				continue;
			};
			let drift = heard.frequency_hz as i64 - sim::FREQUENCY_HZ as i64;
			let received = Received {
				frequency_hz: (transmit.frequency_hz as i64 + drift) as u64,
				rssi_dbm_x10: heard.signal_dbm_x10,
				snr_db_x10: heard.snr_db_x10,
				crc_ok: true,
				data: transmit.data.clone(),
			};
			token = token.wrapping_add(1);
			let push = Packet::PushData {
				token,
				gateway: station.eui,
				body: json!({ "rxpk": [received.to_json()] }),
			};
			if sockets[index].send_to(&push.encode(), station.server).await.is_ok() {
				daemon::add(&stats.delivered, 1);
				heard_by.push(format!(
					"{}@{}dBm",
					semtech::format_eui(&station.eui),
					heard.signal_dbm_x10 as f64 / 10.0
				));
			}
		}
		log(
			"info",
			"transmitted",
			&[
				("gateway", semtech::format_eui(&sender.eui)),
				("bytes", transmit.data.len().to_string()),
				("heardBy", heard_by.join(" ")),
			],
		);
	}
}

/// One station's packet forwarder: keep-alives to its server, downlinks into the air.
async fn forwarder(
	index: usize,
	station: Station,
	socket: Arc<UdpSocket>,
	sent: mpsc::Sender<Sent>,
	stats: Arc<AirStats>,
	mut stop: watch::Receiver<bool>,
) {
	let mut buffer = vec![0u8; semtech::MAX_DATAGRAM];
	let mut keepalive = tokio::time::interval(KEEPALIVE);
	let mut token = 0u16;
	loop {
		tokio::select! {
			() = daemon::stopped(&mut stop) => return,
			_ = keepalive.tick() => {
				token = token.wrapping_add(1);
				let pull = Packet::PullData { token, gateway: station.eui };
				let _ = socket.send_to(&pull.encode(), station.server).await;
			}
			received = socket.recv_from(&mut buffer) => {
				let Ok((length, _)) = received else { continue };
				match Packet::parse(&buffer[..length]) {
					Ok(Packet::PullResp { token, body }) => {
						let outcome = Transmit::from_json(&body);
						let error = if outcome.is_ok() { "NONE" } else { "TX_FREQ" };
						let ack = Packet::TxAck { token, gateway: station.eui, body: Some(json!({ "txpk_ack": { "error": error } })) };
						let _ = socket.send_to(&ack.encode(), station.server).await;
						match outcome {
							Ok(transmit) => {
								let _ = sent.send((index, transmit)).await;
							}
							Err(reason) => {
								daemon::add(&stats.refused, 1);
								log("warn", "downlink refused", &[("gateway", semtech::format_eui(&station.eui)), ("reason", reason)]);
							}
						}
					}
					Ok(Packet::PushAck { .. } | Packet::PullAck { .. }) => {}
					Ok(other) => log("warn", "unexpected packet", &[("gateway", semtech::format_eui(&station.eui)), ("packet", format!("{other:?}"))]),
					Err(reason) => {
						daemon::add(&stats.refused, 1);
						log("warn", "downlink refused", &[("gateway", semtech::format_eui(&station.eui)), ("reason", reason)]);
					}
				}
			}
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn an_air_file_names_its_mistakes() {
		let gateway =
			|eui: &str, cell: &str| {
				format!("[[gateways]]\neui = \"{eui}\"\nserver = \"127.0.0.1:1680\"\ncell = \"{cell}\"\n")
			};
		let cell = "0x8c2a1072b59b9ff";
		let two =
			format!("{}{}", gateway("AA555A0000000001", cell), gateway("AA555A0000000002", cell));
		let (seed, stations) = AirConfig::parse(&two).expect("valid");
		assert_eq!((seed.as_str(), stations.len(), stations[0].gain_dbi_x10), ("air", 2, 40));
		let refused = |text: &str| AirConfig::parse(text).expect_err("refused");
		assert!(refused(&gateway("AA555A0000000001", cell)).contains("at least two"));
		let twice =
			format!("{}{}", gateway("AA555A0000000001", cell), gateway("AA555A0000000001", cell));
		assert!(refused(&twice).contains("listed twice"));
		let bad =
			format!("{}{}", gateway("AA555A0000000001", cell), gateway("AA555A0000000002", "0x12"));
		assert!(refused(&bad).contains("is not an H3 cell"));
	}
}
