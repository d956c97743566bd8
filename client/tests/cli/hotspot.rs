//! `depin hotspot run` against a `--dev` node. Two services on one machine, Charlie's and
//! Dave's, each with one located hotspot and its key in a file, talk to their gateways over the
//! Semtech UDP protocol; `depin air` plays both gateways 1.59 km apart. With no other help the
//! services beacon, hear each other's beacons, sign and submit receipts, and earn: the epoch's
//! coverage rewards are noted for both owners. Charlie's hotspot also carries data for a payer:
//! its service signs the session into its outbox, the payer countersigns it into the inbox, and
//! the service reports it. Bad input (a datagram that does not read, an
//! unknown gateway, a beacon of an unknown device, a beacon with a forged signature, a
//! configured hotspot whose key file holds another key) is logged with its reason and counted,
//! nothing is sent for it, and the service keeps running.

use std::{process::Stdio, time::Duration};

use crate::common::{self, http_get as get, DevNode};
use depin_client::{
	keys::DevicePair,
	lora::{
		semtech::{Packet, Received},
		BeaconFrame,
	},
	payloads::BeaconFields,
};
use depin_e2e::keypair;
use serde_json::{json, Value as Json};
use tokio::net::UdpSocket;

/// Charlie's hotspot's cell: the Statue of Liberty, resolution 12.
const LIBERTY: &str = "0x08c2a1072b59b9ff";
/// Dave's, about 1.59 km away.
const NEAR: &str = "0x08c2a1072b39b9ff";
/// The maker's attestation key.
const MAKER: &str = "//ClientHotspotMaker";
/// The payer's routing key.
const ROUTER: &str = "sr25519://ClientHotspotRouter";

/// A metric's value in the Prometheus text (0 when the labelled line is absent).
fn metric(text: &str, name: &str) -> u64 {
	common::metric_value(text, &format!("depin_hotspot_{name}")).unwrap_or(0)
}

/// A service's files and process.
struct Service {
	process: tokio::process::Child,
	metrics: u16,
	udp: u16,
	log: std::path::PathBuf,
}

impl Service {
	fn log(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}

	async fn metrics(&self) -> String {
		get(self.metrics, "/metrics").await.1
	}

	/// SIGTERM; asserts a clean exit.
	async fn stop(mut self) {
		let pid = self.process.id().expect("a pid");
		let _ = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status();
		let status = tokio::time::timeout(Duration::from_secs(20), self.process.wait())
			.await
			.expect("it stops within 20 s")
			.expect("an exit status");
		assert!(status.success(), "{status:?}: {}", self.log());
		assert!(self.log().contains("msg=\"stopped\""), "{}", self.log());
	}
}

/// Writes `name` in `dir`; its path.
fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
	let path = dir.join(name);
	std::fs::write(&path, text).expect("a file");
	path.display().to_string()
}

/// Starts `depin hotspot run` for `hotspots` (id, key secret URI, gateway EUI) with its files
/// in `dir`, named after `name`; `extra` is appended to its file.
fn start_service(
	node: &DevNode,
	dir: &std::path::Path,
	name: &str,
	hotspots: &[(u64, &str, &str)],
	extra: &str,
) -> Service {
	let metrics = depin_e2e::free_port().expect("a free port");
	let udp = depin_e2e::free_port().expect("a free port");
	let mut text = format!(
		"node = {:?}\nlisten = \"127.0.0.1:{metrics}\"\nudp = \"127.0.0.1:{udp}\"\nbatch_ms = 200\n",
		node.node.ws_url()
	);
	for (id, suri, eui) in hotspots {
		let key = write(dir, &format!("{name}-{id}.key"), suri);
		text.push_str(&format!("\n[[hotspots]]\nid = {id}\nkey = {key:?}\ngateway = {eui:?}\n"));
	}
	text.push_str(extra);
	let config = write(dir, &format!("{name}.toml"), &text);
	let log = dir.join(format!("{name}.log"));
	let process = tokio::process::Command::new(env!("CARGO_BIN_EXE_depin"))
		.args(["hotspot", "run", "--config", &config])
		.stdout(Stdio::null())
		.stderr(std::fs::File::create(&log).expect("a log file"))
		.kill_on_drop(true)
		.spawn()
		.expect("the service starts");
	Service { process, metrics, udp, log }
}

/// Waits until `check` of the service's metrics holds; panics with the log after 120 s.
async fn metrics_reach(service: &Service, what: &str, check: impl Fn(&str) -> bool) -> String {
	for _ in 0..240 {
		if let Ok((200, text)) =
			tokio::time::timeout(Duration::from_secs(5), get(service.metrics, "/metrics")).await
		{
			if check(&text) {
				return text;
			}
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	panic!("{what} never happened:\n{}\n{}", service.metrics().await, service.log());
}

/// The owner's free balance and whether a coverage reward of `epoch` or later is pending
/// (`depin account show`).
async fn rewards(node: &DevNode, owner: &str, epoch: u64) -> (u128, bool) {
	let shown = node.depin(&["account", "show", owner]).await.ok("account show");
	let free = shown["free"].as_str().and_then(|free| free.parse().ok()).expect("a balance");
	let pending = shown["pendingRewards"].as_array().cloned().unwrap_or_default();
	let noted = pending.iter().any(|reward| {
		reward["pool"] == "coverage" && reward["epoch"].as_u64().is_some_and(|at| at >= epoch)
	});
	(free, noted)
}

#[tokio::test(flavor = "multi_thread")]
async fn two_hotspot_services_hear_each_other_over_udp_submit_receipts_and_earn() {
	let node = DevNode::start().await;
	let buyers = ["//Charlie", "//Dave", "//Ferdie"];
	let maker = node.open_market(&keypair(MAKER).expect("a URI"), &buyers).await;
	let (a_key, b_key) = ("//ClientHotspotServiceA", "sr25519://ClientHotspotServiceB");
	let a = common::located_hotspot(&node, "//Charlie", (maker, MAKER), a_key, LIBERTY).await;
	let b = common::located_hotspot(&node, "//Dave", (maker, MAKER), b_key, NEAR).await;
	let (a_eui, b_eui) = ("AA555A00000000A1", "AA555A00000000B2");
	// Ferdie's carrier (payer 0, the first on this chain) buys the data Charlie's hotspot carries.
	let payer = common::approved_payer(&node, "//Ferdie", ROUTER, (50_000, 10), "5000000").await;
	assert_eq!(payer, 0);

	let dir = tempfile::tempdir().expect("a temporary folder");
	let sessions = dir.path().join("sessions");
	let with_sessions = format!(
		"\n[sessions]\npayer = 0\ndir = {:?}\nperiod_blocks = 4\n",
		sessions.display().to_string()
	);
	let charlie = start_service(&node, dir.path(), "charlie", &[(a, a_key, a_eui)], &with_sessions);
	let dave = start_service(&node, dir.path(), "dave", &[(b, b_key, b_eui)], "");
	let rpc = node.node.rpc().await.expect("RPC");
	let emissions = rpc.request("depin_emissions", vec![]).await.expect("emissions");
	let first_epoch = emissions["currentEpoch"].as_u64().expect("an epoch");
	// The services pay no fees: from here an owner's balance only grows by rewards.
	let mut before = Vec::new();
	for owner in ["//Charlie", "//Dave"] {
		before.push(rewards(&node, owner, first_epoch).await.0);
	}

	// The air between the two gateways, as a real packet forwarder each.
	let air = format!(
		"seed = \"hotspot-test\"\n\
		 [[gateways]]\neui = {a_eui:?}\nserver = \"127.0.0.1:{}\"\ncell = {LIBERTY:?}\n\
		 [[gateways]]\neui = {b_eui:?}\nserver = \"127.0.0.1:{}\"\ncell = {NEAR:?}\n",
		charlie.udp, dave.udp
	);
	let air = write(dir.path(), "air.toml", &air);
	let air_log = dir.path().join("air.log");
	let mut air_process = tokio::process::Command::new(env!("CARGO_BIN_EXE_depin"))
		.args(["air", "--config", &air])
		.stdout(Stdio::null())
		.stderr(std::fs::File::create(&air_log).expect("a log file"))
		.kill_on_drop(true)
		.spawn()
		.expect("the air starts");

	// Each service beacons through its gateway and witnesses the other's beacons.
	for service in [&charlie, &dave] {
		metrics_reach(service, "a receipt sent", |text| {
			metric(text, "receipts_sent_total") >= 1 && metric(text, "beacons_sent_total") >= 1
		})
		.await;
	}
	// The chain counted the receipts: each hotspot witnessed validly and beaconed with a witness.
	for (id, service) in [(a, &charlie), (b, &dave)] {
		let mut coverage = Json::Null;
		for _ in 0..120 {
			coverage = rpc.request("depin_hotspotCoverage", vec![json!(id)]).await.expect("read");
			if coverage["lastValidWitness"].is_u64() && coverage["lastBeaconWithWitness"].is_u64() {
				break;
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
		assert!(coverage["lastValidWitness"].is_u64(), "{coverage}\n{}", service.log());
		assert!(coverage["lastBeaconWithWitness"].is_u64(), "{coverage}\n{}", service.log());
		assert_eq!(coverage["refusals"], json!([]), "no receipt refused: {coverage}");
	}

	// They earn: a coverage reward noted for each owner in a later epoch, or already paid.
	let deadline = tokio::time::Instant::now() + Duration::from_secs(180);
	for (owner, before) in ["//Charlie", "//Dave"].into_iter().zip(before) {
		loop {
			let (free, noted) = rewards(&node, owner, first_epoch).await;
			if noted || free > before {
				break;
			}
			assert!(tokio::time::Instant::now() < deadline, "{owner} never earned");
			tokio::time::sleep(Duration::from_secs(1)).await;
		}
	}
	for service in [&charlie, &dave] {
		let text = service.metrics().await;
		assert!(!text.contains("reason=\"pool refused\""), "{text}\n{}", service.log());
		let (status, health) = get(service.metrics, "/health").await;
		assert_eq!(status, 200, "{health}");
		assert!(health.contains("\"gateways\":1"), "{health}");
	}
	let air_text = std::fs::read_to_string(&air_log).unwrap_or_default();
	assert!(air_text.contains("msg=\"transmitted\""), "{air_text}");

	// Data through Charlie's gateway (here pushed as the gateway would): the service signs the
	// period's session into its outbox; the payer countersigns it into the inbox; it is counted.
	let socket = UdpSocket::bind("127.0.0.1:0").await.expect("a socket");
	let a_gateway = depin_client::lora::semtech::parse_eui(a_eui).expect("an EUI");
	for _ in 0..3 {
		let datagram = push(a_gateway, vec![0x40; 48]);
		socket.send_to(&datagram, ("127.0.0.1", charlie.udp)).await.expect("sent");
	}
	let outbox = sessions.join("outbox");
	let mut signed = None;
	for _ in 0..120 {
		let found = std::fs::read_dir(&outbox)
			.ok()
			.and_then(|mut entries| entries.find_map(|entry| entry.ok().map(|e| e.path())));
		if found.is_some() {
			signed = found;
			break;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	let signed = signed.unwrap_or_else(|| panic!("no session signed: {}", charlie.log()));
	let session: Json =
		serde_json::from_str(&std::fs::read_to_string(&signed).expect("read")).expect("JSON");
	assert_eq!((session["hotspot"].as_u64(), session["packets"].as_u64()), (Some(a), Some(3)));
	assert_eq!(session["bytesUp"], 3 * 48, "{session}");
	let path = signed.display().to_string();
	let countersigned = node.depin(&["payer", "countersign", "--key", ROUTER, &path]).await;
	let countersigned = countersigned.ok("payer countersign");
	let chain = depin_client::chain::Chain::connect(
		&node.node.ws_url(),
		depin_client::chain::Wait::InBlock,
	)
	.await
	.expect("connects");
	let from = chain.best_number().await.expect("a block");
	std::fs::create_dir_all(sessions.join("inbox")).expect("an inbox");
	write(&sessions.join("inbox"), "carrier.json", &countersigned.to_string());
	metrics_reach(&charlie, "the session sent", |text| metric(text, "sessions_sent_total") == 1)
		.await;
	let mut counted = None;
	let mut next = from;
	'blocks: for _ in 0..60 {
		let best = chain.best_number().await.expect("a block");
		for number in next..=best {
			for event in chain.events_at(number).await.expect("events") {
				if event["pallet"] == "Usage" && event["event"] == "SessionCounted" {
					counted = Some(event["fields"].clone());
					break 'blocks;
				}
			}
		}
		next = best + 1;
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	let counted =
		counted.unwrap_or_else(|| panic!("the session was not counted: {}", charlie.log()));
	assert_eq!(
		(counted["hotspot"].as_u64(), counted["bytes"].as_u64()),
		(Some(a), Some(144)),
		"{counted}"
	);
	assert!(sessions.join("sent/carrier.json").exists(), "{}", charlie.log());
	charlie.stop().await;
	dave.stop().await;
	let pid = air_process.id().expect("a pid");
	let _ = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status();
	let status = air_process.wait().await.expect("the air stops");
	assert!(status.success(), "{status:?}");
}

/// A `PUSH_DATA` of `gateway` carrying `data` as heard at -100 dBm.
fn push(gateway: [u8; 8], data: Vec<u8>) -> Vec<u8> {
	let received = Received {
		frequency_hz: 904_300_000,
		rssi_dbm_x10: -1000,
		snr_db_x10: 50,
		crc_ok: true,
		data,
	};
	Packet::PushData { token: 9, gateway, body: json!({ "rxpk": [received.to_json()] }) }.encode()
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_udp_input_and_foreign_keys_are_logged_and_nothing_is_sent_for_them() {
	let node = DevNode::start().await;
	let maker = node.open_market(&keypair(MAKER).expect("a URI"), &["//Charlie", "//Dave"]).await;
	let own_key = "//ClientHotspotBadInputOwn";
	let own = common::located_hotspot(&node, "//Charlie", (maker, MAKER), own_key, LIBERTY).await;
	let dave_key = "//ClientHotspotBadInputDave";
	let daves = common::located_hotspot(&node, "//Dave", (maker, MAKER), dave_key, NEAR).await;
	let dir = tempfile::tempdir().expect("a temporary folder");
	let gateway = [0xAA, 0x55, 0x5A, 0, 0, 0, 0, 0x0C];
	// Charlie's file also names Dave's hotspot, with a key file that is not its key.
	let service = start_service(
		&node,
		dir.path(),
		"charlie",
		&[(own, own_key, "AA555A000000000C"), (daves, "//NotDavesHotspotKey", "AA555A000000000D")],
		"",
	);
	metrics_reach(&service, "connected", |text| metric(text, "connected") == 1).await;
	assert!(service.log().contains("hotspot not served"), "{}", service.log());
	assert!(service.log().contains(&format!("hotspot=\"{daves}\"")), "{}", service.log());
	assert!(service.log().contains("the key file holds"), "{}", service.log());

	let socket = UdpSocket::bind("127.0.0.1:0").await.expect("a socket");
	let to = ("127.0.0.1", service.udp);
	let genesis = {
		let rpc = node.node.rpc().await.expect("RPC");
		let hash = rpc.request("chain_getBlockHash", vec![json!(0)]).await.expect("genesis");
		depin_client::keys::parse_hash(hash.as_str().expect("a hash")).expect("32 bytes")
	};
	let frame = |beaconer: u64, signer: &str| {
		let fields = BeaconFields {
			beaconer,
			entropy_block: 1,
			entropy_hash: [1; 32],
			frequency_hz: 904_300_000,
			tx_power_dbm_x10: 270,
		};
		let pair = DevicePair::from_suri(signer).expect("a key");
		BeaconFrame { fields, signature: pair.sign(&fields.payload(&genesis)) }.encode()
	};
	// Junk; a push from a gateway nobody configured; a beacon of no device; Dave's hotspot's
	// beacon signed by another key.
	let datagrams = [
		b"\x02junk".to_vec(),
		push([1; 8], frame(daves, dave_key)),
		push(gateway, frame(999_999, "//Anyone")),
		push(gateway, frame(daves, "//NotDavesHotspotKey")),
	];
	for datagram in &datagrams {
		socket.send_to(datagram, to).await.expect("sent");
	}
	let text = metrics_reach(&service, "every datagram judged", |text| {
		text.contains("depin_hotspot_udp_refused_total{reason=\"malformed\"} 1")
			&& text.contains("depin_hotspot_udp_refused_total{reason=\"unknown gateway\"} 1")
			&& text.contains("depin_hotspot_beacons_refused_total{reason=\"unknown device\"} 1")
			&& text.contains("depin_hotspot_beacons_refused_total{reason=\"bad signature\"} 1")
	})
	.await;
	assert_eq!(metric(&text, "receipts_sent_total"), 0, "{text}");
	let log = service.log();
	for reason in ["malformed", "unknown gateway", "unknown device", "bad signature"] {
		assert!(log.contains(&format!("reason=\"{reason}\"")), "{reason}: {log}");
	}

	// It keeps running: a keep-alive is answered and /health is fine.
	let pull = Packet::PullData { token: 77, gateway }.encode();
	socket.send_to(&pull, to).await.expect("sent");
	let mut buffer = [0u8; 64];
	let answered = tokio::time::timeout(Duration::from_secs(5), async {
		loop {
			let (length, _) = socket.recv_from(&mut buffer).await.expect("received");
			// The pushes of the configured gateway were acknowledged first.
			if Packet::parse(&buffer[..length]) == Ok(Packet::PullAck { token: 77 }) {
				return;
			}
		}
	});
	answered.await.expect("PULL_ACK within 5 s");
	let (status, health) = get(service.metrics, "/health").await;
	assert_eq!(status, 200, "{health}");
	assert!(health.contains("\"hotspots\":1"), "{health}");
	service.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_simulator_drives_a_fleet_of_hotspot_services_through_their_udp_interfaces() {
	let node = DevNode::start().await;
	let dir = tempfile::tempdir().expect("a temporary folder");
	let services = dir.path().join("services");
	let services_arg = services.display().to_string();
	let args = [
		"simulate",
		"--suri",
		"//Alice",
		"--sudo",
		"--hotspots",
		"8",
		"--operators",
		"2",
		"--gpus",
		"0",
		"--traffic",
		"0",
		"--radius",
		"1500",
		"--epochs",
		"2",
		"--seed",
		"services",
		"--services",
		&services_arg,
	];
	let report = node.depin_within(&args, Duration::from_secs(600)).await.ok("depin simulate");
	let logs: String = (0..2)
		.map(|operator| {
			std::fs::read_to_string(services.join(format!("operator-{operator}.log")))
				.unwrap_or_default()
		})
		.collect();

	// The services did the work, over UDP: both stopped cleanly, the air carried their beacons.
	let stopped = &report["services"];
	assert_eq!(stopped["stoppedCleanly"], 2, "{report}\n{logs}");
	assert!(stopped["transmitted"].as_u64() >= Some(8), "{report}\n{logs}");
	assert!(stopped["heard"].as_u64() > Some(0), "{report}\n{logs}");
	assert!(logs.contains("msg=\"receipts sent\""), "{logs}");
	// The chain counted the fleet's beacons and receipts, and hotspots earned (from the second
	// epoch on: reciprocity withholds a fresh fleet's first rewards).
	let epochs = report["epochs"].as_array().expect("epochs");
	let sum = |field: &str| epochs[1..].iter().map(|e| e[field].as_u64().unwrap_or(0)).sum::<u64>();
	assert!(sum("beacons") >= 8, "{report}\n{logs}");
	assert!(sum("validWitnesses") > 0, "{report}\n{logs}");
	assert!(sum("earning") > 0, "{report}\n{logs}");
}
