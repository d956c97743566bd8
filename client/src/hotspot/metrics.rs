//! The hotspot service's counters, rendered for Prometheus at `/metrics`, and its health
//! (connected, with a finalized block seen within [`daemon::STALE_AFTER`]).

use std::sync::atomic::{AtomicU64, Ordering};

use crate::daemon::{self, Connection, Labelled, Observed};

/// Counters and gauges, shared by the service's tasks and the HTTP handler.
#[derive(Default)]
pub struct Metrics {
	/// Beacons transmitted through a gateway and handed to the node's pool.
	pub beacons_sent: AtomicU64,
	/// Beacons not sent, by reason (`no gateway`, the pool's refusal, …).
	pub beacons_held: Labelled,
	/// Beacon frames heard by the hotspots' gateways.
	pub beacons_heard: AtomicU64,
	/// Heard beacons refused before a receipt was signed, by reason.
	pub beacons_refused: Labelled,
	/// Receipts sent (each in a report handed to the node's pool).
	pub receipts_sent: AtomicU64,
	/// Receipts refused, by reason: the pool's, or the chain's `WitnessInvalid` reasons read
	/// back from the hotspots' coverage records.
	pub receipts_refused: Labelled,
	/// Reports handed to the node's pool.
	pub reports_sent: AtomicU64,
	/// UDP datagrams that did not read, by reason.
	pub udp_refused: Labelled,
	/// Received LoRa packets that were not beacons (other traffic).
	pub data_packets: AtomicU64,
	/// Gateways that sent a `PULL_DATA` (reachable for beacons).
	pub gateways: AtomicU64,
	/// Coverage shares the hotspots hold this epoch (`depin_hotspotCoverage`).
	pub epoch_shares: AtomicU64,
	/// Hotspots served.
	pub hotspots: AtomicU64,
	/// Data-transfer sessions signed into the outbox.
	pub sessions_signed: AtomicU64,
	/// Countersigned sessions handed to the node's pool.
	pub sessions_sent: AtomicU64,
	/// Sessions refused, by reason (`invalid`: not this service's to submit; `pool refused`).
	pub sessions_refused: Labelled,
	/// The connection to the node.
	pub connection: Connection,
}

const PREFIX: &str = "depin_hotspot";

impl Observed for Metrics {
	fn render(&self) -> String {
		let rows: [daemon::Row<'_>; 10] = [
			(
				"beacons_sent_total",
				"counter",
				"Beacons transmitted and handed to the node's pool.",
				&self.beacons_sent,
			),
			(
				"beacons_heard_total",
				"counter",
				"Beacon frames the gateways heard.",
				&self.beacons_heard,
			),
			("receipts_sent_total", "counter", "Witness receipts sent.", &self.receipts_sent),
			(
				"reports_sent_total",
				"counter",
				"Reports handed to the node's pool.",
				&self.reports_sent,
			),
			(
				"data_packets_total",
				"counter",
				"Received LoRa packets that were not beacons.",
				&self.data_packets,
			),
			("gateways", "gauge", "Gateways that pulled (reachable for beacons).", &self.gateways),
			(
				"epoch_shares",
				"gauge",
				"Coverage shares the hotspots hold this epoch.",
				&self.epoch_shares,
			),
			("hotspots", "gauge", "Hotspots served.", &self.hotspots),
			(
				"sessions_signed_total",
				"counter",
				"Data-transfer sessions signed into the outbox.",
				&self.sessions_signed,
			),
			(
				"sessions_sent_total",
				"counter",
				"Countersigned sessions handed to the node's pool.",
				&self.sessions_sent,
			),
		];
		let mut text = daemon::render(PREFIX, &rows);
		for (labelled, name, help) in [
			(&self.beacons_held, "beacons_held_total", "Beacons not sent, by reason."),
			(&self.beacons_refused, "beacons_refused_total", "Heard beacons refused, by reason."),
			(&self.receipts_refused, "receipts_refused_total", "Receipts refused, by reason."),
			(&self.udp_refused, "udp_refused_total", "UDP datagrams refused, by reason."),
			(&self.sessions_refused, "sessions_refused_total", "Sessions refused, by reason."),
		] {
			text.push_str(&labelled.render(&format!("{PREFIX}_{name}"), "reason", help));
		}
		text.push_str(&daemon::render(PREFIX, &self.connection.rows()));
		text
	}

	fn health(&self) -> (bool, String) {
		let (healthy, fields) = self.connection.health();
		let hotspots = self.hotspots.load(Ordering::Relaxed);
		let gateways = self.gateways.load(Ordering::Relaxed);
		(healthy, format!("{{{fields},\"hotspots\":{hotspots},\"gateways\":{gateways}}}\n"))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn counts_and_reasons_render_under_the_hotspot_prefix() {
		let metrics = Metrics::default();
		daemon::add(&metrics.receipts_sent, 2);
		metrics.receipts_refused.add("TooFar", 1);
		let text = metrics.render();
		assert!(text.contains("depin_hotspot_receipts_sent_total 2\n"));
		assert!(text.contains("depin_hotspot_receipts_refused_total{reason=\"TooFar\"} 1\n"));
		assert!(text.contains("# TYPE depin_hotspot_connected gauge\n"));
		assert!(!metrics.health().0, "never connected");
		assert!(metrics.health().1.ends_with("\"hotspots\":0,\"gateways\":0}\n"));
	}
}
