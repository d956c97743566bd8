//! `depin hotspot run`: the hotspot owner's service. It speaks the Semtech UDP packet-forwarder
//! protocol to its hotspots' gateways ([`crate::lora::semtech`]: a real LoRa gateway, or the
//! simulator's air, `depin air`) and follows the chain's finalized blocks over one WebSocket
//! connection:
//!
//! - **Beacons**: once a beacon interval for each hotspot (when its coverage record's last
//!   beacon is an interval old), it signs a beacon with the hotspot's device key, its entropy the
//!   finalized block just seen, has the hotspot's gateway transmit it (`PULL_RESP`, the
//!   [`crate::lora::BeaconFrame`] as payload) and hands the report to the node's pool. A beacon
//!   the chain does not show within the entropy's age limit is sent again.
//! - **Receipts**: a beacon frame a gateway hears (`PUSH_DATA`) is checked against the chain
//!   (the beaconer is a registered hotspot; the frame carries its key's signature), then the
//!   hearing hotspot signs a witness receipt of what its radio measured (signal, SNR, frequency)
//!   at its asserted location. Receipts of one beacon gathered within `batch_ms` go out together
//!   in one fee-less report (the beacon and every receipt of it this service holds), which opens
//!   the beacon's window if the beaconer's own report is not in yet, or appends to it.
//! - **What the chain made of them**: each hotspot's coverage record is read when its beacon may
//!   be due and at least every [`REFRESH`] finalized blocks: its last beacon, its shares this
//!   epoch, and the receipts the chain refused, counted by reason.
//! - **Data-transfer sessions** (optional, [`sessions`]): the data packets each gateway hears are
//!   counted; each period every hotspot that carried data signs its session for the payer into
//!   an outbox, and what the payer countersigns into the inbox is submitted.
//!
//! A lost connection is made again with a backoff; beacons heard meanwhile wait in a queue. It
//! serves `/metrics` and `/health`, logs one logfmt line per event on standard error, and stops
//! at SIGTERM or SIGINT. Bad input (a datagram that does not read, a beacon of an unknown device
//! or with a bad signature, a gateway no hotspot of the file names) is logged with its reason
//! and counted; nothing is sent for it and the service keeps running.
//!
//! The UDP side lives in `udp.rs`, witnessing (checks, receipts, reports, refusals read back)
//! in `witness.rs`, the sessions in [`sessions`]; this file runs the service and its beacons.
//!
//! Hotspots are checked at every connection: one whose key file does not hold its registered
//! key, that is not an active located hotspot, or that does not exist is logged with the reason
//! and left alone; the others are served.

pub mod config;
pub mod metrics;
pub mod sessions;
mod udp;
mod witness;

use std::{
	collections::{BTreeMap, BTreeSet},
	net::SocketAddr,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

use depin_primitives::{payloads::BeaconId, DeviceKey};
use serde_json::{json, Value as Json};
use tokio::{
	net::UdpSocket,
	sync::{mpsc, watch},
};

use crate::{
	chain::{Chain, Wait},
	daemon::{self, log},
	errors::{Error, Result},
	keys::{self, DevicePair},
	lora::{
		semtech::{Eui, Packet, Transmit},
		BeaconFrame,
	},
	runtime::api,
};
pub use config::HotspotConfig;
use metrics::Metrics;
use udp::{listen, Heard, Udp};
pub(crate) use witness::verify;
use witness::{count_refusals, send_receipts, submit, witness_receipt, Batch};

/// Between two looks at the receipt batches.
const POLL: Duration = Duration::from_millis(100);
/// Between two looks at the finalized head.
const FOLLOW: Duration = Duration::from_millis(500);
/// A hotspot's coverage record is read again after this many finalized blocks at the latest.
const REFRESH: u64 = 10;
/// Beacons heard but not yet handled, at most; more are dropped and counted.
const QUEUE: usize = 16_384;
/// How old a beacon's entropy may be for the chain to open its window: 30 blocks (the
/// runtime's `MaxBeaconBlockAge`). A beacon not shown by then is sent again.
const ENTROPY_AGE: u64 = 30;

/// A configured hotspot.
pub(crate) struct Hotspot {
	id: u64,
	pair: DevicePair,
	gateway: Eui,
	frequency_hz: u64,
	tx_power_dbm: i32,
}

/// What the service remembers across connections.
#[derive(Default)]
struct State {
	/// The entropy block of each hotspot's last beacon sent.
	beaconed: BTreeMap<u64, u64>,
	/// Receipts signed: (beacon, witness), with the beacon's entropy block, never signed twice.
	witnessed: BTreeMap<(BeaconId, u64), u64>,
	/// The newest refusal counted per hotspot (block of the report).
	refusals_seen: BTreeMap<u64, u64>,
	/// Why each hotspot's beacon was last held, so a reason is logged once.
	held: BTreeMap<u64, String>,
	/// The last finalized block handled.
	finalized: u64,
	/// The first block of the sessions' period running.
	period_start: Option<u64>,
	/// Each hotspot's coverage record as last read: (finalized block, last beacon, shares).
	records: BTreeMap<u64, (u64, Option<u64>, u64)>,
}

/// The service: configuration, keys, the UDP side and what it remembers.
struct Service {
	config: HotspotConfig,
	hotspots: Vec<Hotspot>,
	metrics: Arc<Metrics>,
	socket: Arc<UdpSocket>,
	gateways: Arc<Mutex<BTreeMap<Eui, SocketAddr>>>,
	heard: mpsc::Receiver<Heard>,
	traffic: Arc<Mutex<sessions::Traffic>>,
	state: State,
}

/// Runs the service until SIGTERM or SIGINT.
pub async fn run(config: HotspotConfig) -> Result<()> {
	let mut hotspots = Vec::new();
	for entry in &config.hotspots {
		let file = format!("@{}", entry.key.display());
		let what = format!("hotspot {}'s key", entry.id);
		let pair = crate::secrets::device_pair(&file, &what).map_err(Error::Usage)?;
		hotspots.push(Hotspot {
			id: entry.id,
			pair,
			gateway: entry.eui(),
			frequency_hz: entry.frequency_hz,
			tx_power_dbm: entry.tx_power_dbm,
		});
	}
	let metrics = Arc::new(Metrics::default());
	let stop = daemon::stop_on_signal();
	let (served, metrics_at) =
		daemon::serve_metrics(&config.listen, metrics.clone(), stop.clone()).await?;
	let socket = UdpSocket::bind(&config.udp)
		.await
		.map_err(|error| Error::Usage(format!("udp {}: {error}", config.udp)))?;
	let udp = socket.local_addr().map_or_else(|_| config.udp.clone(), |addr| addr.to_string());
	let socket = Arc::new(socket);
	let gateways = Arc::new(Mutex::new(BTreeMap::new()));
	let (heard_tx, heard) = mpsc::channel(QUEUE);
	let traffic = Arc::new(Mutex::new(sessions::Traffic::new()));
	let known: BTreeSet<Eui> = hotspots.iter().map(|hotspot| hotspot.gateway).collect();
	let udp_side = Udp {
		socket: socket.clone(),
		known,
		gateways: gateways.clone(),
		heard: heard_tx,
		traffic: traffic.clone(),
		metrics: metrics.clone(),
	};
	let listening = tokio::spawn(listen(udp_side, stop.clone()));
	log(
		"info",
		"started",
		&[
			("node", config.node.clone()),
			("hotspots", hotspots.len().to_string()),
			("udp", udp),
			("listen", metrics_at),
		],
	);
	let mut service = Service {
		config,
		hotspots,
		metrics: metrics.clone(),
		socket,
		gateways,
		heard,
		traffic,
		state: State::default(),
	};
	daemon::supervise(&metrics.connection, &mut service, stop, |service, stop| {
		Box::pin(serve_chain(service, stop))
	})
	.await;
	let _ = listening.await;
	let _ = served.await;
	log("info", "stopped", &[("finalized", service.state.finalized.to_string())]);
	Ok(())
}

/// A served hotspot, as the chain knows it.
pub(crate) struct Served {
	/// Index in the service's hotspots.
	index: usize,
	/// Its asserted resolution-12 cell.
	location: u64,
	/// Its owner's account (SS58), as the registry names it.
	owner: String,
}

/// One connection's work: check the hotspots, then beacon, witness and read back until an
/// error or the stop signal.
async fn serve_chain(service: &mut Service, mut stop: watch::Receiver<bool>) -> Result<()> {
	let Service { config, hotspots, metrics, socket, gateways, heard, traffic, state } = service;
	let metrics = &**metrics;
	let chain = Chain::connect(&config.node, Wait::InBlock).await?;
	let genesis = chain.genesis_hash().await?;
	let constants = api::constants().coverage();
	let interval = u64::from(chain.constant_u32(constants.beacon_interval()).await?).max(1);
	let max_witnesses = chain.constant_u32(constants.max_witnesses()).await? as usize;
	metrics.connection.calls(3);
	daemon::set(&metrics.connection.connected, 1);
	let mut served: BTreeMap<u64, Served> = BTreeMap::new();
	for (index, hotspot) in hotspots.iter().enumerate() {
		let record = chain.request("depin_device", vec![json!(hotspot.id)]).await?;
		metrics.connection.calls(1);
		match servable(&record, &hotspot.pair) {
			Ok(location) => {
				let owner = record["owner"].as_str().unwrap_or_default().to_owned();
				served.insert(hotspot.id, Served { index, location, owner });
			}
			Err(reason) => {
				log(
					"error",
					"hotspot not served",
					&[("hotspot", hotspot.id.to_string()), ("reason", reason)],
				);
			}
		}
	}
	daemon::set(&metrics.hotspots, served.len() as u64);
	log("info", "connected", &[("hotspots", served.len().to_string())]);
	let by_gateway: BTreeMap<Eui, u64> =
		served.keys().map(|id| (hotspots[served[id].index].gateway, *id)).collect();
	// Beaconers' registered keys, read once a connection.
	let mut keys_of: BTreeMap<u64, (DeviceKey, String)> = BTreeMap::new();
	let mut batches: BTreeMap<BeaconId, Batch> = BTreeMap::new();
	let batch_for = Duration::from_millis(config.batch_ms);
	let mut token = 0u16;
	let mut followed = Instant::now() - FOLLOW;
	loop {
		tokio::select! {
			() = daemon::stopped(&mut stop) => return Ok(()),
			Some(beacon) = heard.recv() => {
				let witness = by_gateway.get(&beacon.gateway).copied();
				if let Some(receipt) =
					witness_receipt(&chain, &genesis, hotspots, &served, witness, &beacon, &mut keys_of, state, metrics).await?
				{
					let id = beacon.frame.fields.id();
					let batch = batches.entry(id).or_insert_with(|| Batch {
						frame: beacon.frame,
						receipts: Vec::new(),
						since: Instant::now(),
					});
					batch.receipts.push(receipt);
				}
			}
			() = tokio::time::sleep(POLL) => {}
		}
		let ready: Vec<BeaconId> = batches
			.iter()
			.filter(|(_, batch)| {
				batch.since.elapsed() >= batch_for || batch.receipts.len() >= max_witnesses
			})
			.map(|(id, _)| *id)
			.collect();
		for id in ready {
			if let Some(batch) = batches.remove(&id) {
				send_receipts(&chain, batch, metrics).await;
			}
		}
		if followed.elapsed() < FOLLOW {
			continue;
		}
		followed = Instant::now();
		let (finalized, hash) = chain.finalized().await?;
		metrics.connection.calls(2);
		if finalized <= state.finalized {
			continue;
		}
		state.finalized = finalized;
		metrics.connection.saw(finalized);
		state.witnessed.retain(|_, entropy| *entropy + ENTROPY_AGE >= finalized);
		let next = chain.best_number().await? + 1;
		metrics.connection.calls(1);
		for (id, hotspot) in &served {
			// The record is read when a beacon may be due by what was last read, and every
			// REFRESH blocks for the shares and refusals: not every hotspot every block.
			let known = state.records.get(id).copied();
			let maybe_due = known.is_none_or(|(_, last, _)| {
				beacon_due(last, state.beaconed.get(id).copied(), interval, next)
			});
			let stale = known.is_none_or(|(read_at, ..)| read_at + REFRESH <= finalized);
			if maybe_due || stale {
				let coverage = chain.request("depin_hotspotCoverage", vec![json!(id)]).await?;
				metrics.connection.calls(1);
				let shares = coverage["epochShares"]
					.as_str()
					.and_then(|text| text.parse::<u64>().ok())
					.unwrap_or(0);
				count_refusals(*id, &coverage["refusals"], state, metrics);
				state.records.insert(*id, (finalized, coverage["lastBeacon"].as_u64(), shares));
			}
			let last = state.records.get(id).and_then(|(_, last, _)| *last);
			if !beacon_due(last, state.beaconed.get(id).copied(), interval, next) {
				continue;
			}
			let hotspot = &hotspots[hotspot.index];
			let gateway =
				gateways.lock().ok().and_then(|gateways| gateways.get(&hotspot.gateway).copied());
			let Some(gateway) = gateway else {
				hold(
					state,
					metrics,
					*id,
					"no gateway",
					"its gateway has not pulled (no PULL_DATA yet)",
				);
				continue;
			};
			token = token.wrapping_add(1);
			send_beacon(
				&chain,
				&genesis,
				hotspot,
				(finalized, hash),
				socket,
				gateway,
				token,
				state,
				metrics,
			)
			.await;
		}
		let shares = state.records.values().map(|(.., shares)| shares).sum();
		daemon::set(&metrics.epoch_shares, shares);
		if let Some(settings) = &config.sessions {
			let start = *state.period_start.get_or_insert(finalized);
			if finalized + 1 >= start + settings.period_blocks {
				let mut counted = traffic
					.lock()
					.map(|mut counts| std::mem::take(&mut *counts))
					.unwrap_or_default();
				let period = (start, finalized);
				sessions::close_period(
					&settings.dir,
					settings.payer,
					&genesis,
					hotspots,
					&served,
					&mut counted,
					period,
					metrics,
				);
				state.period_start = Some(finalized + 1);
			}
			sessions::submit_inbox(&chain, &settings.dir, &genesis, hotspots, &served, metrics)
				.await;
		}
	}
}

/// The hotspot's asserted cell when `record` (`depin_device`) is an active located hotspot
/// registered with `pair`'s key, or why it cannot be served.
fn servable(record: &Json, pair: &DevicePair) -> std::result::Result<u64, String> {
	if let Some(reason) = keys::key_mismatch(record, pair) {
		return Err(reason);
	}
	if record["class"] != "hotspot" {
		return Err(format!("a {} device, not a hotspot", record["class"]));
	}
	if record["status"]["type"] != "active" {
		return Err(format!("not active: {}", record["status"]));
	}
	record["location"]["cell"]
		.as_str()
		.and_then(|cell| u64::from_str_radix(cell.trim_start_matches("0x"), 16).ok())
		.ok_or_else(|| "no asserted location (depin device locate)".into())
}

/// Whether a hotspot whose chain record shows its last beacon at `last`, and whose last beacon
/// sent had its entropy at `sent`, beacons in block `next`: an interval after the last one, and
/// not while a beacon sent is still in flight (younger than the entropy age limit and not yet
/// shown by the chain).
fn beacon_due(last: Option<u64>, sent: Option<u64>, interval: u64, next: u64) -> bool {
	if last.is_some_and(|last| last + interval > next) {
		return false;
	}
	match sent {
		None => true,
		Some(entropy) => {
			let landed = last.is_some_and(|last| last >= entropy);
			landed || entropy + ENTROPY_AGE < next
		}
	}
}

/// Notes that hotspot `id`'s beacon is held, logging the reason when it changed.
fn hold(state: &mut State, metrics: &Metrics, id: u64, reason: &str, detail: &str) {
	metrics.beacons_held.add(reason, 1);
	if state.held.get(&id).map(String::as_str) != Some(reason) {
		state.held.insert(id, reason.to_owned());
		log(
			"warn",
			"beacon held",
			&[("hotspot", id.to_string()), ("reason", reason.into()), ("detail", detail.into())],
		);
	}
}

/// Signs hotspot's beacon at `entropy`, has its gateway transmit it and hands the report to the
/// node's pool.
#[allow(clippy::too_many_arguments)]
async fn send_beacon(
	chain: &Chain,
	genesis: &[u8; 32],
	hotspot: &Hotspot,
	(entropy_block, entropy_hash): (u64, [u8; 32]),
	socket: &UdpSocket,
	gateway: SocketAddr,
	token: u16,
	state: &mut State,
	metrics: &Metrics,
) {
	let fields = depin_primitives::payloads::BeaconFields {
		beaconer: hotspot.id,
		entropy_block,
		entropy_hash,
		frequency_hz: hotspot.frequency_hz,
		tx_power_dbm_x10: hotspot.tx_power_dbm * 10,
	};
	let frame = BeaconFrame { fields, signature: hotspot.pair.sign(&fields.payload(genesis)) };
	let transmit = Transmit {
		frequency_hz: hotspot.frequency_hz,
		power_dbm: hotspot.tx_power_dbm,
		data: frame.encode(),
	};
	let datagram = Packet::PullResp { token, body: transmit.to_json() }.encode();
	if let Err(error) = socket.send_to(&datagram, gateway).await {
		hold(state, metrics, hotspot.id, "gateway unreachable", &error.to_string());
		return;
	}
	state.beaconed.insert(hotspot.id, entropy_block);
	state.held.remove(&hotspot.id);
	let id = keys::to_hex(fields.id());
	match submit(chain, &frame, Vec::new(), metrics).await {
		Ok(()) => {
			daemon::add(&metrics.beacons_sent, 1);
			log(
				"info",
				"beacon sent",
				&[
					("hotspot", hotspot.id.to_string()),
					("beacon", id),
					("entropy", entropy_block.to_string()),
				],
			);
		}
		Err(reason) => {
			metrics.beacons_held.add("pool refused", 1);
			log(
				"warn",
				"beacon refused",
				&[("hotspot", hotspot.id.to_string()), ("beacon", id), ("reason", reason)],
			);
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_hotspot_beacons_once_an_interval_and_again_when_a_beacon_was_lost() {
		// Never beaconed, nothing sent: due.
		assert!(beacon_due(None, None, 10, 5));
		// Beaconed at 100: due from 110.
		assert!(!beacon_due(Some(100), Some(99), 10, 109));
		assert!(beacon_due(Some(100), Some(99), 10, 110));
		// Sent with entropy 120, not yet shown: in flight until the entropy is too old.
		assert!(!beacon_due(Some(100), Some(120), 10, 125));
		assert!(!beacon_due(Some(100), Some(120), 10, 150));
		assert!(beacon_due(Some(100), Some(120), 10, 151));
		// Shown at 122: the next one after 132.
		assert!(!beacon_due(Some(122), Some(120), 10, 131));
		assert!(beacon_due(Some(122), Some(120), 10, 132));
	}

	#[test]
	fn a_hotspot_is_served_only_with_its_registered_key_active_and_located() {
		let pair = DevicePair::from_suri("//Alice").expect("a key");
		let key = keys::format_device_key(&pair.key());
		let (scheme, public) = key.split_once(':').expect("scheme:key");
		let record = |class: &str, status: &str, cell: Json| {
			json!({
				"class": class,
				"key": { "type": scheme, "publicKey": public },
				"status": { "type": status },
				"location": { "cell": cell },
			})
		};
		assert_eq!(
			servable(&record("hotspot", "active", json!("0x08c2a1072b59b9ff")), &pair),
			Ok(0x08c2a1072b59b9ff)
		);
		assert_eq!(servable(&Json::Null, &pair), Err("no such device".into()));
		assert!(servable(&record("gpu", "active", json!("0x1")), &pair)
			.expect_err("gpu")
			.contains("not a hotspot"));
		assert!(servable(&record("hotspot", "retired", json!("0x1")), &pair)
			.expect_err("retired")
			.contains("not active"));
		assert!(servable(&record("hotspot", "active", Json::Null), &pair)
			.expect_err("no cell")
			.contains("no asserted location"));
		let other = DevicePair::from_suri("//Bob").expect("a key");
		let error =
			servable(&record("hotspot", "active", json!("0x1")), &other).expect_err("wrong key");
		assert!(error.contains("the key file holds"), "{error}");
	}
}
