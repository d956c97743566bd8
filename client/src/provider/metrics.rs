//! The provider service's counters, rendered for Prometheus at `/metrics`, and its health.

use std::{
	sync::atomic::{AtomicU64, Ordering},
	time::{Duration, SystemTime, UNIX_EPOCH},
};

/// How long without a new finalized block before `/health` says unhealthy.
pub const STALE_AFTER: Duration = Duration::from_secs(60);

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
	/// The last finalized block seen.
	pub finalized: AtomicU64,
	/// When it was seen, in seconds since the Unix epoch.
	pub finalized_seen_at: AtomicU64,
	/// 1 while connected to the node.
	pub connected: AtomicU64,
	/// Connections lost and made again.
	pub reconnects: AtomicU64,
	/// JSON-RPC calls made.
	pub rpc_calls: AtomicU64,
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs())
}

impl Metrics {
	/// Adds `n` to `counter`.
	pub fn add(counter: &AtomicU64, n: u64) {
		counter.fetch_add(n, Ordering::Relaxed);
	}

	/// Sets `gauge`.
	pub fn set(gauge: &AtomicU64, value: u64) {
		gauge.store(value, Ordering::Relaxed);
	}

	/// The Prometheus text exposition.
	pub fn render(&self) -> String {
		let rows: [(&str, &str, &str, &AtomicU64); 11] = [
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
			("finalized_block", "gauge", "The last finalized block seen.", &self.finalized),
			(
				"finalized_seen_seconds",
				"gauge",
				"When it was seen (Unix time).",
				&self.finalized_seen_at,
			),
			("connected", "gauge", "1 while connected to the node.", &self.connected),
			(
				"reconnects_total",
				"counter",
				"Connections to the node lost and made again.",
				&self.reconnects,
			),
			("rpc_calls_total", "counter", "JSON-RPC calls made.", &self.rpc_calls),
		];
		let mut text = String::new();
		for (name, kind, help, value) in rows {
			let value = value.load(Ordering::Relaxed);
			text.push_str(&format!(
				"# HELP depin_provider_{name} {help}\n# TYPE depin_provider_{name} {kind}\ndepin_provider_{name} {value}\n"
			));
		}
		text
	}

	/// Whether the service is connected and saw a finalized block within [`STALE_AFTER`], with
	/// a line saying so.
	pub fn health(&self) -> (bool, String) {
		let connected = self.connected.load(Ordering::Relaxed) == 1;
		let seen = self.finalized_seen_at.load(Ordering::Relaxed);
		let age = now_secs().saturating_sub(seen);
		let fresh = seen > 0 && age <= STALE_AFTER.as_secs();
		let line = format!(
			"{{\"connected\":{connected},\"finalized\":{},\"secondsSinceFinalized\":{age},\"leases\":{}}}\n",
			self.finalized.load(Ordering::Relaxed),
			self.leases.load(Ordering::Relaxed)
		);
		(connected && fresh, line)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn metrics_render_as_prometheus_text_and_health_needs_a_fresh_block() {
		let metrics = Metrics::default();
		Metrics::add(&metrics.heartbeats_sent, 3);
		let text = metrics.render();
		assert!(text.contains("# TYPE depin_provider_heartbeats_sent_total counter\n"));
		assert!(text.contains("depin_provider_heartbeats_sent_total 3\n"));
		assert!(!metrics.health().0, "never connected");
		Metrics::set(&metrics.connected, 1);
		Metrics::set(&metrics.finalized_seen_at, now_secs());
		assert!(metrics.health().0);
		Metrics::set(&metrics.finalized_seen_at, now_secs() - 120);
		assert!(!metrics.health().0, "stale");
	}
}
