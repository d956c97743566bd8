//! What the operator daemons (`depin provider run`, `depin hotspot run`) share: logfmt lines on
//! standard error, the counters every daemon keeps about its connection, `/metrics` and
//! `/health` over [`crate::http`], SIGTERM/SIGINT, and the loop that connects to the node again
//! with a backoff (1 s doubling to 30 s) until the stop signal.

use std::{
	collections::BTreeMap,
	future::Future,
	pin::Pin,
	sync::{
		atomic::{AtomicU64, Ordering},
		Arc, Mutex,
	},
	time::{Duration, SystemTime, UNIX_EPOCH},
};

use tokio::{net::TcpListener, sync::watch, task::JoinHandle};

use crate::{
	errors::{Error, Result},
	http::{self, Response},
};

/// How long without a new finalized block before `/health` says unhealthy.
pub const STALE_AFTER: Duration = Duration::from_secs(60);
/// The longest wait before connecting again.
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Writes one logfmt line on standard error.
pub fn log(level: &str, message: &str, fields: &[(&str, String)]) {
	let mut line = format!("level={level} msg={message:?}");
	for (key, value) in fields {
		line.push_str(&format!(" {key}={value:?}"));
	}
	eprintln!("{line}");
}

/// Seconds since the Unix epoch.
pub fn now_secs() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs())
}

/// Adds `n` to `counter`.
pub fn add(counter: &AtomicU64, n: u64) {
	counter.fetch_add(n, Ordering::Relaxed);
}

/// Sets `gauge`.
pub fn set(gauge: &AtomicU64, value: u64) {
	gauge.store(value, Ordering::Relaxed);
}

/// A metric's row: name (after the daemon's prefix), `counter` or `gauge`, help, value.
pub type Row<'a> = (&'a str, &'a str, &'a str, &'a AtomicU64);

/// The connection's counters and gauges, kept by every daemon.
#[derive(Default)]
pub struct Connection {
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

impl Connection {
	/// Notes a new finalized block.
	pub fn saw(&self, finalized: u64) {
		set(&self.finalized, finalized);
		set(&self.finalized_seen_at, now_secs());
	}

	/// Counts `n` JSON-RPC calls.
	pub fn calls(&self, n: u64) {
		add(&self.rpc_calls, n);
	}

	/// The connection's rows.
	pub fn rows(&self) -> [Row<'_>; 5] {
		[
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
		]
	}

	/// Whether the daemon is connected and saw a finalized block within [`STALE_AFTER`], and
	/// the JSON fields saying so (without braces), for `/health`.
	pub fn health(&self) -> (bool, String) {
		let connected = self.connected.load(Ordering::Relaxed) == 1;
		let seen = self.finalized_seen_at.load(Ordering::Relaxed);
		let age = now_secs().saturating_sub(seen);
		let fresh = seen > 0 && age <= STALE_AFTER.as_secs();
		let fields = format!(
			"\"connected\":{connected},\"finalized\":{},\"secondsSinceFinalized\":{age}",
			self.finalized.load(Ordering::Relaxed)
		);
		(connected && fresh, fields)
	}
}

/// Counts by a label's value (`reason`, …), rendered as one labelled counter.
#[derive(Default)]
pub struct Labelled(Mutex<BTreeMap<String, u64>>);

impl Labelled {
	/// Adds `n` under `label`.
	pub fn add(&self, label: &str, n: u64) {
		if let Ok(mut counts) = self.0.lock() {
			*counts.entry(label.to_owned()).or_default() += n;
		}
	}

	/// The count under `label`.
	pub fn get(&self, label: &str) -> u64 {
		self.0.lock().map_or(0, |counts| counts.get(label).copied().unwrap_or(0))
	}

	/// The Prometheus text of `name{key="…"}` for every label seen.
	pub fn render(&self, name: &str, key: &str, help: &str) -> String {
		let mut text = format!("# HELP {name} {help}\n# TYPE {name} counter\n");
		if let Ok(counts) = self.0.lock() {
			for (label, count) in counts.iter() {
				text.push_str(&format!("{name}{{{key}={label:?}}} {count}\n"));
			}
		}
		text
	}
}

/// The Prometheus text exposition of `rows`, each named `{prefix}_{name}`.
pub fn render(prefix: &str, rows: &[Row<'_>]) -> String {
	let mut text = String::new();
	for (name, kind, help, value) in rows {
		let value = value.load(Ordering::Relaxed);
		text.push_str(&format!(
			"# HELP {prefix}_{name} {help}\n# TYPE {prefix}_{name} {kind}\n{prefix}_{name} {value}\n"
		));
	}
	text
}

/// What a daemon shows at `/metrics` and `/health`.
pub trait Observed: Send + Sync + 'static {
	/// The Prometheus text.
	fn render(&self) -> String;
	/// Healthy or not, and a JSON line saying why.
	fn health(&self) -> (bool, String);
}

/// Binds `listen` and serves `/metrics` and `/health` of `observed` until `stop` turns true;
/// the server's task and the address it listens on (a port 0 in `listen` picks a free one).
pub async fn serve_metrics<O: Observed>(
	listen: &str,
	observed: Arc<O>,
	stop: watch::Receiver<bool>,
) -> Result<(JoinHandle<()>, String)> {
	let listener = TcpListener::bind(listen)
		.await
		.map_err(|error| Error::Usage(format!("listen {listen}: {error}")))?;
	let bound = listener.local_addr().map_or_else(|_| listen.to_owned(), |addr| addr.to_string());
	let handler = move |path: &str| match path {
		"/metrics" => Response {
			status: 200,
			content_type: "text/plain; version=0.0.4",
			body: observed.render().into_bytes(),
		},
		"/health" => {
			let (healthy, line) = observed.health();
			Response {
				status: if healthy { 200 } else { 503 },
				content_type: "application/json",
				body: line.into_bytes(),
			}
		}
		_ => Response::text(404, "not found: /metrics or /health"),
	};
	let mut stop = stop;
	let task = tokio::spawn(http::serve(listener, handler, async move {
		let _ = stop.wait_for(|stopped| *stopped).await;
	}));
	Ok((task, bound))
}

/// A stop signal that turns true at SIGTERM or SIGINT.
pub fn stop_on_signal() -> watch::Receiver<bool> {
	let (stop_tx, stop) = watch::channel(false);
	tokio::spawn(async move {
		wait_for_signal().await;
		let _ = stop_tx.send(true);
	});
	stop
}

/// SIGTERM or SIGINT.
async fn wait_for_signal() {
	use tokio::signal::unix::{signal, SignalKind};
	let (Ok(mut term), Ok(mut int)) =
		(signal(SignalKind::terminate()), signal(SignalKind::interrupt()))
	else {
		return std::future::pending().await;
	};
	tokio::select! {
		_ = term.recv() => {}
		_ = int.recv() => {}
	}
}

/// One connection's work, given the daemon's state and the stop signal.
pub type Session<'a> = Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>>;

/// Runs `session` over and over until `stop` turns true: a session that fails is logged and
/// started again after a backoff of 1 s doubling to [`MAX_BACKOFF`] (reset by a session that
/// ends well), counted in `connection.reconnects`.
pub async fn supervise<S, F>(
	connection: &Connection,
	state: &mut S,
	stop: watch::Receiver<bool>,
	mut session: F,
) where
	F: for<'s> FnMut(&'s mut S, watch::Receiver<bool>) -> Session<'s>,
{
	let mut backoff = Duration::from_secs(1);
	let mut stopping = stop.clone();
	loop {
		let outcome = tokio::select! {
			outcome = session(state, stop.clone()) => outcome,
			_ = stopping.wait_for(|stopped| *stopped) => Ok(()),
		};
		set(&connection.connected, 0);
		if *stop.borrow() {
			return;
		}
		match outcome {
			Ok(()) => backoff = Duration::from_secs(1),
			Err(error) => {
				log(
					"warn",
					"connection lost",
					&[("error", error.to_string()), ("retryIn", format!("{}s", backoff.as_secs()))],
				);
				add(&connection.reconnects, 1);
			}
		}
		tokio::select! {
			() = tokio::time::sleep(backoff) => {}
			_ = stopping.wait_for(|stopped| *stopped) => return,
		}
		backoff = (backoff * 2).min(MAX_BACKOFF);
	}
}

/// Completes when `stop` turns true.
pub async fn stopped(stop: &mut watch::Receiver<bool>) {
	let _ = stop.wait_for(|stopped| *stopped).await;
}

/// Waits `period`, or less when `stop` turns true first; whether it did.
pub async fn pause(period: Duration, stop: &mut watch::Receiver<bool>) -> bool {
	tokio::select! {
		() = tokio::time::sleep(period) => {}
		_ = stop.wait_for(|stopped| *stopped) => {}
	}
	let stopped = *stop.borrow();
	stopped
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn rows_render_as_prometheus_text_and_health_needs_a_fresh_block() {
		let connection = Connection::default();
		connection.calls(3);
		let text = render("depin_x", &connection.rows());
		assert!(text.contains("# TYPE depin_x_rpc_calls_total counter\n"));
		assert!(text.contains("depin_x_rpc_calls_total 3\n"));
		assert!(!connection.health().0, "never connected");
		set(&connection.connected, 1);
		connection.saw(7);
		assert!(connection.health().0);
		assert!(connection.health().1.contains("\"finalized\":7"));
		set(&connection.finalized_seen_at, now_secs() - 120);
		assert!(!connection.health().0, "stale");
	}

	#[test]
	fn labelled_counts_render_one_line_per_label() {
		let refused = Labelled::default();
		refused.add("TooFar", 2);
		refused.add("BadSignature", 1);
		refused.add("TooFar", 1);
		assert_eq!(refused.get("TooFar"), 3);
		let text = refused.render("depin_y_refused_total", "reason", "Refused.");
		assert!(text.contains("depin_y_refused_total{reason=\"BadSignature\"} 1\n"));
		assert!(text.contains("depin_y_refused_total{reason=\"TooFar\"} 3\n"));
	}
}
