//! The provider service's counters, rendered for Prometheus at `/metrics`, and its health
//! (connected, with a finalized block seen within [`daemon::STALE_AFTER`]).

use std::sync::atomic::{AtomicU64, Ordering};

use crate::daemon::{self, Connection, Observed};

/// Counters and gauges, shared by the service loop and the HTTP handler.
#[derive(Default)]
pub struct Metrics {
	/// Heartbeats handed to the node's pool.
	pub heartbeats_sent: AtomicU64,
	/// Heartbeats the pool refused.
	pub heartbeats_refused: AtomicU64,
	/// Intervals of followed leases that passed with no heartbeat on chain.
	pub heartbeats_missed: AtomicU64,
	/// Claims included.
	pub claims: AtomicU64,
	/// Credits settled to the provider over all its leases (`depin_providerEarnings`).
	pub earnings_settled: AtomicU64,
	/// Leases followed.
	pub leases: AtomicU64,
	/// Offers listed, updated or withdrawn.
	pub offer_changes: AtomicU64,
	/// The connection to the node.
	pub connection: Connection,
}

impl Observed for Metrics {
	fn render(&self) -> String {
		let rows: [daemon::Row<'_>; 7] = [
			(
				"heartbeats_sent_total",
				"counter",
				"Heartbeats handed to the node's pool.",
				&self.heartbeats_sent,
			),
			(
				"heartbeats_refused_total",
				"counter",
				"Heartbeats the pool refused.",
				&self.heartbeats_refused,
			),
			(
				"heartbeats_missed_total",
				"counter",
				"Lease intervals that passed with no heartbeat on chain.",
				&self.heartbeats_missed,
			),
			("claims_total", "counter", "Claims of lease earnings included.", &self.claims),
			(
				"earnings_settled_credits",
				"gauge",
				"Credits settled to the provider over all its leases.",
				&self.earnings_settled,
			),
			("leases", "gauge", "Open leases of the configured devices followed.", &self.leases),
			(
				"offer_changes_total",
				"counter",
				"Offers listed, updated or withdrawn.",
				&self.offer_changes,
			),
		];
		let mut text = daemon::render("depin_provider", &rows);
		text.push_str(&daemon::render("depin_provider", &self.connection.rows()));
		text
	}

	fn health(&self) -> (bool, String) {
		let (healthy, fields) = self.connection.health();
		let leases = self.leases.load(Ordering::Relaxed);
		(healthy, format!("{{{fields},\"leases\":{leases}}}\n"))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn metrics_render_as_prometheus_text_and_health_needs_a_fresh_block() {
		let metrics = Metrics::default();
		daemon::add(&metrics.heartbeats_sent, 3);
		metrics.connection.calls(2);
		let text = metrics.render();
		assert!(text.contains("# TYPE depin_provider_heartbeats_sent_total counter\n"));
		assert!(text.contains("depin_provider_heartbeats_sent_total 3\n"));
		assert!(text.contains("depin_provider_rpc_calls_total 2\n"));
		assert!(!metrics.health().0, "never connected");
		daemon::set(&metrics.connection.connected, 1);
		metrics.connection.saw(4);
		assert!(metrics.health().0);
		assert!(metrics.health().1.ends_with(",\"leases\":0}\n"));
	}
}
