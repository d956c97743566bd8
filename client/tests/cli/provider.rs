//! `depin provider run` against a `--dev` node, with no other help: the service (Charlie's
//! account key and the machine's key from files) bids on Dave's order, Dave accepts, and it
//! sends the heartbeat of every interval, through a restart of the node mid-lease, claims what
//! the lease owes, serves /metrics and /health, leaves alone a configured device that is not
//! there (logged with the reason), and stops at SIGTERM; a SIGKILLed service leaves its lease
//! to breach, billed only for the intervals heartbeated.

use std::{process::Stdio, time::Duration};

use crate::common::{self, http_get as get, DevNode};
use depin_e2e::keypair;
use serde_json::{json, Value as Json};

/// The maker's attestation key.
const MAKER: &str = "//ClientProviderMaker";
/// The GPU machine's device key.
const GPU: &str = "//ClientProviderMachine";
/// Credits per hour.
const PRICE: &str = "600000";
/// Where the tenant reaches the machine: handed to each new lease, sealed to its tenant.
const ACCESS: &str = "ssh://tenant@gpu-provider-test.example.net:2222";

/// A metric's value in the Prometheus text.
fn metric(text: &str, name: &str) -> u64 {
	common::metric_value(text, &format!("depin_provider_{name}"))
		.unwrap_or_else(|| panic!("no {name} in {text}"))
}

/// The lease's record.
async fn lease(node: &DevNode, id: u64) -> Json {
	let rpc = node.node.rpc().await.expect("RPC");
	rpc.request("depin_lease", vec![json!(id)]).await.expect("depin_lease")
}

/// Waits until the lease's last heartbeat is at least `interval`; returns the record.
async fn heartbeat_reaches(node: &DevNode, id: u64, interval: u64) -> Json {
	for _ in 0..240 {
		let record = lease(node, id).await;
		if record["lastHeartbeat"].as_u64() >= Some(interval) {
			return record;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	panic!("lease {id} never reached interval {interval}: {}", lease(node, id).await);
}

/// A dev node where Charlie's machine (device key [`GPU`], one H100) is onboarded, not listed;
/// returns the node and the device.
async fn onboarded_machine() -> (DevNode, u64) {
	let node = DevNode::start().await;
	let maker = node.open_market(&keypair(MAKER).expect("a URI"), &["//Charlie", "//Dave"]).await;
	let gpu = ["--class", "gpu", "--vendor", "NVIDIA", "--model", "H100", "--vram", "80"];
	let gpu = [&gpu[..], &["--count", "1", "--interface", "sxm"]].concat();
	let device =
		common::onboard(&node, "//Charlie", (maker, MAKER), &common::device_key(GPU), &gpu).await;
	(node, device)
}

/// [`onboarded_machine`], listed in eu-west for terms of 10 to 600 blocks at [`PRICE`].
async fn listed_machine() -> (DevNode, u64) {
	let (node, device) = onboarded_machine().await;
	let device_text = device.to_string();
	let list = ["--wait", "in-block", "lease", "list", "--suri", "//Charlie", "--price", PRICE];
	let list = [&list[..], &["--min", "10", "--max", "600", "--region", "eu-west", &device_text]];
	node.depin(&list.concat()).await.ok("lease list");
	(node, device)
}

/// [`listed_machine`], leased by Dave directly for 400 blocks; returns the node, the device and
/// the lease.
async fn leased_machine() -> (DevNode, u64, u64) {
	let (node, device) = listed_machine().await;
	let device_text = device.to_string();
	let direct = ["--wait", "in-block", "lease", "direct", &device_text, "--suri", "//Dave"];
	let terms = ["--duration", "400", "--deposit", "5000000", "--max-price", PRICE];
	let started = node.depin(&[&direct[..], &terms[..]].concat()).await.ok("lease direct");
	let id = started["lease"].as_u64().expect("a lease id");

	(node, device, id)
}

/// Starts `depin provider run` with Charlie's account key and the machine's key from files in
/// `dir` (and, with `full`, bidding at [`PRICE`] for terms of 100 blocks or more, and a device
/// 999 whose key file holds another key; `machine` is added to the machine's table), its log in
/// `dir/service.log`; returns the process and its metrics port.
fn start_service(
	node: &DevNode,
	dir: &std::path::Path,
	device: u64,
	full: bool,
	machine: &str,
) -> (tokio::process::Child, u16) {
	let bid = if full {
		format!("bid_price = {PRICE}\nmin_term = 100\naccess = {ACCESS:?}\n")
	} else {
		String::new()
	};
	let write = |name: &str, text: &str| {
		let path = dir.join(name);
		std::fs::write(&path, text).expect("a file");
		path.display().to_string()
	};
	let account = write("provider.key", "//Charlie");
	let key = write("gpu.key", GPU);
	let port = depin_e2e::free_port().expect("a free port");
	let mut text = format!(
		"node = {:?}\naccount_key = {account:?}\nlisten = \"127.0.0.1:{port}\"\n\
		 claim_every = 15\nhealth_every = 2\n\n[[devices]]\nid = {device}\nkey = {key:?}\n{bid}{machine}",
		node.node.ws_url()
	);
	if full {
		let other = write("wrong.key", "//ClientNotThisMachine");
		text.push_str(&format!("\n[[devices]]\nid = 999\nkey = {other:?}\n"));
	}
	let config = write("provider.toml", &text);
	let log = std::fs::File::create(dir.join("service.log")).expect("a log file");
	let service = tokio::process::Command::new(env!("CARGO_BIN_EXE_depin"))
		.args(["provider", "run", "--config", &config])
		.stdout(Stdio::null())
		.stderr(log)
		.kill_on_drop(true)
		.spawn()
		.expect("the service starts");
	(service, port)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_service_bids_heartbeats_every_interval_through_a_node_restart_and_claims() {
	let (mut node, device) = listed_machine().await;
	let dir = tempfile::tempdir().expect("a temporary folder");
	let (mut service, port) = start_service(&node, dir.path(), device, true, "");
	let log_text = || std::fs::read_to_string(dir.path().join("service.log")).unwrap_or_default();

	// Dave posts an order the machine meets; the service bids on it; Dave accepts the bid.
	let order = ["--wait", "in-block", "lease", "order", "--suri", "//Dave", "--max-price", PRICE];
	let wants = ["--duration", "400", "--model", "H100", "--min-vram", "80", "--gpus", "1"];
	let order = node.depin(&[&order[..], &wants[..]].concat()).await.ok("lease order");
	let order = order["order"].as_u64().expect("an order id");
	let rpc = node.node.rpc().await.expect("RPC");
	let mut bids = 0;
	for _ in 0..120 {
		let orders = rpc.request("depin_orders", vec![]).await.expect("depin_orders");
		let found =
			orders.as_array().and_then(|all| all.iter().find(|o| o["id"] == order).cloned());
		bids = found.map_or(0, |found| found["bids"].as_u64().unwrap_or(0));
		if bids > 0 {
			break;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	assert_eq!(bids, 1, "the service bid once: {}", log_text());
	let accept = ["--wait", "in-block", "lease", "accept", "--suri", "//Dave", &order.to_string()];
	let accepted = node.depin(&[&accept[..], &["--device", &device.to_string()]].concat()).await;
	let id = accepted.ok("lease accept")["lease"].as_u64().expect("a lease id");

	// The service hands the tenant the machine's access details, sealed to Dave's key: Dave
	// opens them, the provider's own key cannot.
	let id_text = id.to_string();
	let mut opened = None;
	for _ in 0..120 {
		let run = node.depin(&["lease", "access", &id_text, "--suri", "//Dave"]).await;
		if run.code == 0 {
			opened = Some(run.ok("lease access"));
			break;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	let opened = opened.unwrap_or_else(|| panic!("no access details: {}", log_text()));
	assert_eq!(opened["access"], ACCESS, "{opened}");
	let foreign = node.depin(&["lease", "access", &id_text, "--suri", "//Charlie"]).await;
	let error = &foreign.failed(2, "another account's key")["error"];
	assert!(error["message"].as_str().is_some_and(|m| m.contains("do not open")), "{error}");

	// Three intervals heartbeated by the service alone.
	let period = lease(&node, id).await["heartbeatPeriod"].as_u64().expect("a period");
	let first = heartbeat_reaches(&node, id, 1).await["lastHeartbeat"].as_u64().expect("beat");
	heartbeat_reaches(&node, id, first + 2).await;
	let (status, health) = get(port, "/health").await;
	assert_eq!(status, 200, "{health}");
	assert!(log_text().contains("device not served") && log_text().contains("device=\"999\""));

	// The node restarts mid-lease: the service connects again and misses no interval.
	node.node.restart().await.expect("the node restarts");
	let before = lease(&node, id).await["lastHeartbeat"].as_u64().expect("a heartbeat");
	let after = heartbeat_reaches(&node, id, before + 2).await;
	assert_eq!(after["state"]["type"], "active", "{after}");
	let (_, metrics) = get(port, "/metrics").await;
	assert_eq!(metric(&metrics, "heartbeats_missed_total"), 0, "{metrics}\n{}", log_text());
	assert!(metric(&metrics, "heartbeats_sent_total") >= first + 4, "{metrics}");
	assert!(metric(&metrics, "reconnects_total") >= 1, "{metrics}\n{}", log_text());
	assert!(log_text().contains("connection lost"), "{}", log_text());

	// Claims every 15 finalized blocks: the provider is paid.
	let rpc = node.node.rpc().await.expect("RPC");
	let charlie = common::public_hex("//Charlie");
	let mut settled = 0u128;
	for _ in 0..120 {
		let earnings =
			rpc.request("depin_providerEarnings", vec![json!(charlie)]).await.expect("read");
		settled = earnings["settled"].as_str().and_then(|s| s.parse().ok()).unwrap_or(0);
		if settled > 0 {
			break;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	assert!(settled > 0, "no claim settled: {}", log_text());
	assert!(period > 1);

	// SIGTERM: the service stops cleanly.
	let pid = service.id().expect("a pid");
	let _ = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status();
	let status = tokio::time::timeout(Duration::from_secs(20), service.wait())
		.await
		.expect("it stops within 20 s")
		.expect("an exit status");
	assert!(status.success(), "{status:?}: {}", log_text());
	assert!(log_text().contains("msg=\"stopped\""), "{}", log_text());

	// The tenant closes the lease.
	let close = ["--wait", "in-block", "lease", "close", "--suri", "//Dave", &id_text];
	let closed = node.depin(&close).await.ok("close");
	assert!(closed["events"].to_string().contains("LeaseClosed"), "{closed}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_service_leaves_gaps_unbilled_and_the_chain_closes_the_lease_for_breach() {
	let (node, device, id) = leased_machine().await;
	let dir = tempfile::tempdir().expect("a temporary folder");
	let (mut service, _port) = start_service(&node, dir.path(), device, false, "");
	let beaten = heartbeat_reaches(&node, id, 1).await;
	service.start_kill().expect("SIGKILL");
	let _ = service.wait().await;
	let last = beaten["lastHeartbeat"].as_u64().expect("a heartbeat");
	let period = beaten["heartbeatPeriod"].as_u64().expect("a period");

	// Nobody heartbeats now: after the allowed misses the chain closes the lease on its own.
	let chain = depin_client::chain::Chain::connect(
		&node.node.ws_url(),
		depin_client::chain::Wait::InBlock,
	)
	.await
	.expect("connects");
	let from = chain.best_number().await.expect("a block");
	let mut closed = None;
	'wait: for _ in 0..240 {
		tokio::time::sleep(Duration::from_millis(500)).await;
		if !lease(&node, id).await.is_null() {
			continue;
		}
		let to = chain.best_number().await.expect("a block");
		for number in from..=to {
			for event in chain.events_at(number).await.expect("events") {
				if event["pallet"] == "Leases" && event["event"] == "LeaseClosed" {
					closed = Some(event);
					break 'wait;
				}
			}
		}
	}
	let closed = closed.expect("the lease closed");
	let fields = &closed["fields"];
	assert!(fields["reason"].to_string().contains("Breach"), "{closed}");
	// Billed only for the intervals heartbeated: at most (last + 1) intervals at the price.
	let settled: u128 = fields["settled"].as_str().map_or_else(
		|| fields["settled"].as_u64().map(u128::from).expect("settled"),
		|text| text.parse().expect("a number"),
	);
	let per_block: u128 = PRICE.parse::<u128>().expect("a price") / 600;
	let bound = u128::from(last + 1) * u128::from(period) * per_block;
	assert!(settled <= bound, "settled {settled} for {} intervals: {closed}", last + 1);
	assert!(settled > 0, "the heartbeated intervals are paid: {closed}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_machine_is_listed_while_healthy_and_unlisted_and_not_heartbeated_while_its_check_fails()
{
	let (node, device) = onboarded_machine().await;
	let dir = tempfile::tempdir().expect("a temporary folder");
	let up = dir.path().join("gpu-up");
	std::fs::write(&up, "").expect("the machine is up");
	let machine = format!(
		"offer = {{ price = {PRICE}, min_term = 10, max_term = 600, region = \"eu-west\" }}\n\
		 health_command = [\"test\", \"-e\", {:?}]\n",
		up.display().to_string()
	);
	let (mut service, port) = start_service(&node, dir.path(), device, false, &machine);
	let log_text = || std::fs::read_to_string(dir.path().join("service.log")).unwrap_or_default();
	let chain = depin_client::chain::Chain::connect(
		&node.node.ws_url(),
		depin_client::chain::Wait::InBlock,
	)
	.await
	.expect("connects");
	let listed = |wanted: bool| {
		let (chain, log_text) = (&chain, &log_text);
		async move {
			for _ in 0..120 {
				let offer = chain.offer(device).await.expect("read");
				if offer.is_some() == wanted {
					return offer;
				}
				tokio::time::sleep(Duration::from_millis(500)).await;
			}
			panic!(
				"the offer never became {}listed: {}",
				if wanted { "" } else { "un" },
				log_text()
			);
		}
	};

	// Healthy: listed at the file's terms.
	let offer = listed(true).await.expect("an offer");
	assert_eq!(offer["pricePerHour"], PRICE, "{offer}");
	assert_eq!(
		(offer["minDuration"].as_u64(), offer["maxDuration"].as_u64()),
		(Some(10), Some(600))
	);
	assert_eq!(offer["region"], "eu-west", "{offer}");
	// The machine goes: its offer is withdrawn, and it says why.
	std::fs::remove_file(&up).expect("the machine goes");
	listed(false).await;
	assert!(log_text().contains("machine unhealthy"), "{}", log_text());
	// It comes back: listed again.
	std::fs::write(&up, "").expect("the machine is back");
	listed(true).await;
	assert!(log_text().contains("machine healthy"), "{}", log_text());
	// Listed, withdrawn, listed: counted once each (the count follows the inclusion).
	let mut metrics = String::new();
	for _ in 0..20 {
		metrics = get(port, "/metrics").await.1;
		if metric(&metrics, "offer_changes_total") == 3 {
			break;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	assert_eq!(metric(&metrics, "offer_changes_total"), 3, "{metrics}");

	// Leased and heartbeated while healthy; when the machine goes again the service attests
	// nothing more: the chain counts the intervals missed.
	let device_text = device.to_string();
	let direct = ["--wait", "in-block", "lease", "direct", &device_text, "--suri", "//Dave"];
	let terms = ["--duration", "400", "--deposit", "5000000", "--max-price", PRICE];
	let started = node.depin(&[&direct[..], &terms[..]].concat()).await.ok("lease direct");
	let id = started["lease"].as_u64().expect("a lease id");
	heartbeat_reaches(&node, id, 1).await;
	std::fs::remove_file(&up).expect("the machine goes");
	for _ in 0..60 {
		if log_text().matches("machine unhealthy").count() >= 2 {
			break;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	assert_eq!(log_text().matches("machine unhealthy").count(), 2, "{}", log_text());
	let sent = |text: &str| metric(text, "heartbeats_sent_total");
	let withheld_from = sent(&get(port, "/metrics").await.1);
	// Nothing attests the intervals now: the chain closes the lease for breach on its own.
	let mut record = lease(&node, id).await;
	for _ in 0..240 {
		if record.is_null() || record["state"]["type"] == "closed" {
			break;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
		record = lease(&node, id).await;
	}
	assert!(record.is_null() || record["state"]["type"] == "closed", "{record}\n{}", log_text());
	// At most the heartbeat already in flight when the check failed was sent; none after it.
	let metrics = get(port, "/metrics").await.1;
	assert!(sent(&metrics) <= withheld_from + 1, "heartbeats went on: {metrics}\n{}", log_text());
	service.start_kill().expect("stopped");
	let _ = service.wait().await;
}
