//! A node's Prometheus endpoint, read as an operator's scraper reads it.

use std::time::Duration;

use tokio::{
	io::{AsyncReadExt, AsyncWriteExt},
	net::TcpStream,
};

const TIMEOUT: Duration = Duration::from_secs(60);

/// `GET /metrics` from the Prometheus endpoint on loopback `port`: the whole HTTP response.
pub async fn prometheus_metrics(port: u16) -> String {
	let mut stream = TcpStream::connect(("127.0.0.1", port)).await.expect("Prometheus listens");
	let request =
		format!("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
	stream.write_all(request.as_bytes()).await.expect("request sent");
	let mut body = String::new();
	tokio::time::timeout(TIMEOUT, stream.read_to_string(&mut body))
		.await
		.expect("Prometheus answers in time")
		.expect("Prometheus answers");
	body
}

/// The sum of a metric's samples whose labels contain every one of `labels` (`reason="TooClose"`),
/// or `None` if no sample matches.
pub fn metric_sum(text: &str, name: &str, labels: &[&str]) -> Option<f64> {
	let mut sum = None;
	for line in text.lines().filter(|l| !l.starts_with('#')) {
		let Some((series, value)) = line.rsplit_once(' ') else { continue };
		let (metric, series_labels) = series.split_once('{').unwrap_or((series, ""));
		if metric != name || !labels.iter().all(|label| series_labels.contains(label)) {
			continue;
		}
		if let Ok(value) = value.parse::<f64>() {
			*sum.get_or_insert(0.0) += value;
		}
	}
	sum
}
