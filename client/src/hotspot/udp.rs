//! The hotspot service's UDP side: the Semtech packet-forwarder server its gateways talk to. It
//! answers keep-alives and pushes, remembers where each gateway pulls from (for beacons), queues
//! the beacon frames the gateways hear for the chain side, and counts their other traffic for
//! the sessions; it runs whatever the node connection does.

use std::{
	collections::{BTreeMap, BTreeSet},
	net::SocketAddr,
	sync::{Arc, Mutex},
};

use tokio::{
	net::UdpSocket,
	sync::{mpsc, watch},
};

use super::{metrics::Metrics, sessions};
use crate::{
	daemon::{self, log},
	lora::{
		semtech::{self, Eui, Packet, Received},
		BeaconFrame, NotABeacon,
	},
};

/// A beacon frame one of the gateways heard.
pub(super) struct Heard {
	pub(super) gateway: Eui,
	pub(super) frame: BeaconFrame,
	pub(super) received: Received,
}

/// What the UDP side shares with the rest of the service.
pub(super) struct Udp {
	pub(super) socket: Arc<UdpSocket>,
	/// The configured gateways.
	pub(super) known: BTreeSet<Eui>,
	/// Where each gateway last pulled from.
	pub(super) gateways: Arc<Mutex<BTreeMap<Eui, SocketAddr>>>,
	/// Beacon frames heard, for the chain side.
	pub(super) heard: mpsc::Sender<Heard>,
	/// Data bytes and packets heard per gateway, for the sessions.
	pub(super) traffic: Arc<Mutex<sessions::Traffic>>,
	pub(super) metrics: Arc<Metrics>,
}

/// The UDP side: answers the gateways' keep-alives and pushes, remembers where each gateway
/// pulls from, queues the beacon frames they heard and counts their data traffic. Runs until
/// the stop signal, whatever the node connection does.
pub(super) async fn listen(udp: Udp, mut stop: watch::Receiver<bool>) {
	let Udp { socket, known, gateways, heard, traffic, metrics } = udp;
	let mut buffer = vec![0u8; semtech::MAX_DATAGRAM];
	loop {
		let (length, from) = tokio::select! {
			received = socket.recv_from(&mut buffer) => match received {
				Ok(received) => received,
				Err(error) => {
					log("warn", "udp receive failed", &[("error", error.to_string())]);
					continue;
				}
			},
			_ = stop.wait_for(|stopped| *stopped) => return,
		};
		let refuse = |reason: &str, detail: String| {
			metrics.udp_refused.add(reason, 1);
			log(
				"warn",
				"udp packet refused",
				&[("from", from.to_string()), ("reason", reason.into()), ("detail", detail)],
			);
		};
		let packet = match Packet::parse(&buffer[..length]) {
			Ok(packet) => packet,
			Err(detail) => {
				refuse("malformed", detail);
				continue;
			}
		};
		let gateway = match &packet {
			Packet::PushData { gateway, .. }
			| Packet::PullData { gateway, .. }
			| Packet::TxAck { gateway, .. } => *gateway,
			_ => {
				refuse("not from a gateway", format!("{packet:?}"));
				continue;
			}
		};
		if !known.contains(&gateway) {
			refuse("unknown gateway", semtech::format_eui(&gateway));
			continue;
		}
		match packet {
			Packet::PullData { token, .. } => {
				let _ = socket.send_to(&Packet::PullAck { token }.encode(), from).await;
				if let Ok(mut gateways) = gateways.lock() {
					if gateways.insert(gateway, from).is_none() {
						log(
							"info",
							"gateway connected",
							&[
								("gateway", semtech::format_eui(&gateway)),
								("from", from.to_string()),
							],
						);
					}
					daemon::set(&metrics.gateways, gateways.len() as u64);
				}
			}
			Packet::TxAck { body: Some(body), .. } => {
				let error = &body["txpk_ack"]["error"];
				if !error.is_null() && error != "NONE" {
					log(
						"warn",
						"gateway did not transmit",
						&[("gateway", semtech::format_eui(&gateway)), ("error", error.to_string())],
					);
				}
			}
			Packet::PushData { token, body, .. } => {
				let _ = socket.send_to(&Packet::PushAck { token }.encode(), from).await;
				let entries = match Received::all_in(&body) {
					Ok(entries) => entries,
					Err(detail) => {
						refuse("malformed", detail);
						continue;
					}
				};
				for received in entries.into_iter().filter(|received| received.crc_ok) {
					match BeaconFrame::decode(&received.data) {
						Ok(frame) => {
							daemon::add(&metrics.beacons_heard, 1);
							if heard.try_send(Heard { gateway, frame, received }).is_err() {
								metrics.beacons_refused.add("queue full", 1);
							}
						}
						Err(NotABeacon::Foreign) => {
							daemon::add(&metrics.data_packets, 1);
							if let Ok(mut traffic) = traffic.lock() {
								let counts = traffic.entry(gateway).or_default();
								counts.0 += received.data.len() as u64;
								counts.1 += 1;
							}
						}
						Err(NotABeacon::Malformed(detail)) => refuse("malformed beacon", detail),
					}
				}
			}
			_ => {}
		}
	}
}
