//! `depin provider run`: the GPU provider's service. It follows the chain's finalized blocks
//! over one WebSocket connection, reads the provider's leases at each (`depin_leasesOf`, a call
//! per 100 leases), bids for its free priced machines on open orders they meet ([`bidding`]),
//! and, for every open lease of its machines, sends each
//! interval's device-signed heartbeat once (again 2, 4, 8, … blocks later while the chain does
//! not show it, within the interval), counts the intervals that passed without one, and claims
//! what the leases owe on a schedule. A lost connection is made again with a backoff (1 s
//! doubling to 30 s); what was sent is remembered across connections, so nothing is sent twice
//! for an interval the chain shows. It serves `/metrics` (Prometheus) and `/health`, logs one
//! logfmt line per event on standard error, and stops at SIGTERM or SIGINT after the block in
//! hand.
//!
//! Machines are checked at every connection: one whose key is not its registered key, or that
//! the account does not own, is logged with the reason and left alone; the others are served.
//! A machine's `health_command` is run every `health_every` blocks: an unhealthy machine is not
//! heartbeated and bids on nothing, and one with an `offer` is listed while healthy and
//! withdrawn while not ([`offers`]).

pub mod bidding;
pub mod config;
pub mod metrics;
pub mod offers;
pub mod schedule;

use std::{
	collections::{BTreeMap, BTreeSet},
	sync::Arc,
	time::Duration,
};

use serde_json::{json, Value as Json};
use subxt_signer::sr25519::Keypair;
use tokio::sync::watch;

use crate::{
	chain::{Chain, Wait},
	daemon::{self, log},
	errors::{Error, Result},
	keys::{self, DevicePair},
	payloads,
	runtime::{api, device_signature},
};
pub use config::ProviderConfig;
use metrics::Metrics;
use schedule::{Followed, Sent};

/// Between two polls of the finalized head.
const POLL: Duration = Duration::from_millis(500);

/// A configured machine: its id, key pair, bid terms, offer and health check.
struct Machine {
	id: u64,
	pair: DevicePair,
	bid: Option<(u128, u64)>,
	offer: Option<offers::Terms>,
	health: Vec<String>,
	access: Option<String>,
}

/// What the service remembers across connections.
#[derive(Default)]
struct State {
	/// The last send per lease.
	sent: BTreeMap<u64, Sent>,
	/// The interval each lease was in at the last block seen.
	seen: BTreeMap<u64, u32>,
	/// The last finalized block handled.
	finalized: u64,
	/// The order each machine's standing bid is on.
	bids: BTreeMap<u64, u64>,
	/// The (order, machine) pairs already bid or refused: never tried again.
	tried: BTreeSet<(u64, u64)>,
	/// The machines whose last health check failed.
	unhealthy: BTreeSet<u64>,
	/// Whether the machines' health was checked since the service started.
	checked: bool,
	/// Leases whose access details the chain holds (set by this service or before).
	access_set: BTreeSet<u64>,
}

/// The service: its configuration, keys, metrics and what it remembers across connections.
struct Service {
	config: ProviderConfig,
	account: Keypair,
	machines: Vec<Machine>,
	metrics: Arc<Metrics>,
	state: State,
}

/// Runs the service until SIGTERM or SIGINT.
pub async fn run(config: ProviderConfig) -> Result<()> {
	let account_file = format!("@{}", config.account_key.display());
	let account =
		crate::secrets::account_pair(&account_file, "account_key").map_err(Error::Usage)?;
	let mut machines = Vec::new();
	for device in &config.devices {
		let file = format!("@{}", device.key.display());
		let what = format!("device {}'s key", device.id);
		let pair = crate::secrets::device_pair(&file, &what).map_err(Error::Usage)?;
		let bid = device.bid_price.map(|price| (u128::from(price), device.min_term));
		let offer = device.offer.as_ref().map(config::OfferEntry::terms);
		let health = device.health_command.clone();
		let access = device.access.clone();
		machines.push(Machine { id: device.id, pair, bid, offer, health, access });
	}
	let metrics = Arc::new(Metrics::default());
	let stop = daemon::stop_on_signal();
	let (served, listen) =
		daemon::serve_metrics(&config.listen, metrics.clone(), stop.clone()).await?;
	let provider = keys::account(&account);
	log(
		"info",
		"started",
		&[
			("node", config.node.clone()),
			("provider", provider.to_string()),
			("devices", machines.len().to_string()),
			("listen", listen),
		],
	);
	let mut service =
		Service { config, account, machines, metrics: metrics.clone(), state: State::default() };
	daemon::supervise(&metrics.connection, &mut service, stop, |service, stop| {
		Box::pin(serve_chain(service, stop))
	})
	.await;
	let _ = served.await;
	log("info", "stopped", &[("finalized", service.state.finalized.to_string())]);
	Ok(())
}

/// One connection's work: check the machines, then handle every new finalized block until an
/// error or the stop signal.
async fn serve_chain(service: &mut Service, mut stop: watch::Receiver<bool>) -> Result<()> {
	let Service { config, account, machines, metrics, state } = service;
	let (account, metrics, machines) = (&*account, &**metrics, &**machines);
	let chain = Chain::connect(&config.node, Wait::InBlock).await?;
	let call = |n: u64| metrics.connection.calls(n);
	let genesis = chain.genesis_hash().await?;
	call(1);
	daemon::set(&metrics.connection.connected, 1);
	let provider = keys::account(account);
	let mut served: BTreeMap<u64, &DevicePair> = BTreeMap::new();
	let mut bidders = Vec::new();
	for machine in machines {
		let record = chain.request("depin_device", vec![json!(machine.id)]).await?;
		call(1);
		if let Some(reason) = refusal(&record, &provider, &machine.pair) {
			let fields = [("device", machine.id.to_string()), ("reason", reason)];
			log("error", "device not served", &fields);
			continue;
		}
		served.insert(machine.id, &machine.pair);
		if let Some((price, min_term)) = machine.bid {
			match bidding::Machine::from_record(machine.id, &record, price, min_term) {
				Some(priced) => bidders.push(priced),
				None => log(
					"error",
					"device not bidding",
					&[("device", machine.id.to_string()), ("reason", "not a GPU machine".into())],
				),
			}
		}
	}
	log("info", "connected", &[("devices", served.len().to_string())]);
	loop {
		if *stop.borrow() {
			return Ok(());
		}
		let (finalized, _) = chain.finalized().await?;
		call(2);
		if finalized <= state.finalized {
			if daemon::pause(POLL, &mut stop).await {
				return Ok(());
			}
			continue;
		}
		state.finalized = finalized;
		metrics.connection.saw(finalized);
		let next = chain.best_number().await? + 1;
		call(1);
		if !state.checked || finalized % config.health_every == 0 {
			state.checked = true;
			check_health(machines, &served, state).await;
			keep_offers(&chain, account, machines, &served, state, metrics).await;
		}
		let leases = followed_leases(&chain, &provider, &served, metrics).await?;
		daemon::set(&metrics.leases, leases.len() as u64);
		hand_access(&chain, &genesis, account, machines, &leases, state, metrics).await;
		for lease in &leases {
			if state.unhealthy.contains(&lease.device) {
				continue;
			}
			heartbeat(&chain, &genesis, lease, next, served[&lease.device], state, metrics).await;
		}
		let healthy: Vec<bidding::Machine> = bidders
			.iter()
			.filter(|machine| !state.unhealthy.contains(&machine.id))
			.cloned()
			.collect();
		if !healthy.is_empty() {
			bid(&chain, account, &healthy, &leases, next, state, metrics).await?;
		}
		if config.claim_every > 0 && finalized % config.claim_every == 0 {
			claim(&chain, account, &provider, &leases, metrics).await;
		}
	}
}

/// Seals each new active lease's access details (the machine's `access`) to its tenant and
/// sets them on the lease (`Leases.set_access`, signed by the provider account), once a lease.
async fn hand_access(
	chain: &Chain,
	genesis: &[u8; 32],
	account: &Keypair,
	machines: &[Machine],
	leases: &[Followed],
	state: &mut State,
	metrics: &Metrics,
) {
	let pending: Vec<&Followed> = leases
		.iter()
		.filter(|lease| lease.active && !state.access_set.contains(&lease.lease))
		.collect();
	for lease in pending {
		let Some(details) = machines
			.iter()
			.find(|machine| machine.id == lease.device)
			.and_then(|machine| machine.access.as_ref())
		else {
			continue;
		};
		let fields = [("lease", lease.lease.to_string()), ("device", lease.device.to_string())];
		match chain.lease_access(lease.lease).await {
			Ok(Some(_)) => {
				state.access_set.insert(lease.lease);
				continue;
			}
			Ok(None) => {}
			Err(error) => {
				log("warn", "access not read", &[fields[0].clone(), ("reason", error.to_string())]);
				continue;
			}
		}
		metrics.connection.calls(1);
		let sealed =
			match crate::access::seal(genesis, lease.lease, &lease.tenant, details.as_bytes()) {
				Ok(sealed) => sealed,
				Err(reason) => {
					log("error", "access not sealed", &[fields[0].clone(), ("reason", reason)]);
					state.access_set.insert(lease.lease);
					continue;
				}
			};
		let call = api::transactions()
			.leases()
			.set_access(lease.lease, crate::runtime::BoundedVec(sealed));
		match chain.submit(&call, account).await {
			Ok(_) => {
				state.access_set.insert(lease.lease);
				log("info", "access handed to the tenant", &fields);
			}
			Err(error) => {
				log("warn", "access not set", &[fields[0].clone(), ("reason", error.to_string())])
			}
		}
		metrics.connection.calls(1);
	}
}

/// Runs the served machines' health commands (off the async threads), logging each change.
async fn check_health(
	machines: &[Machine],
	served: &BTreeMap<u64, &DevicePair>,
	state: &mut State,
) {
	for machine in machines.iter().filter(|machine| served.contains_key(&machine.id)) {
		let command = machine.health.clone();
		let outcome = tokio::task::spawn_blocking(move || offers::healthy(&command))
			.await
			.unwrap_or_else(|error| Err(error.to_string()));
		let device = ("device", machine.id.to_string());
		match outcome {
			Ok(()) => {
				if state.unhealthy.remove(&machine.id) {
					log("info", "machine healthy", &[device]);
				}
			}
			Err(reason) => {
				if state.unhealthy.insert(machine.id) {
					let fields = [device, ("reason", reason)];
					log("warn", "machine unhealthy: no heartbeats, bids or offer", &fields);
				}
			}
		}
	}
}

/// Lists, updates or withdraws each served machine's offer as its health and file say.
async fn keep_offers(
	chain: &Chain,
	account: &Keypair,
	machines: &[Machine],
	served: &BTreeMap<u64, &DevicePair>,
	state: &State,
	metrics: &Metrics,
) {
	let tx = api::transactions().leases();
	for machine in machines.iter().filter(|machine| served.contains_key(&machine.id)) {
		let Some(terms) = &machine.offer else { continue };
		let listed = match chain.offer(machine.id).await {
			Ok(listed) => listed,
			Err(error) => {
				log(
					"warn",
					"offer not read",
					&[("device", machine.id.to_string()), ("reason", error.to_string())],
				);
				continue;
			}
		};
		metrics.connection.calls(1);
		let healthy = !state.unhealthy.contains(&machine.id);
		let Some(action) = offers::action(Some(terms), healthy, listed.as_ref()) else { continue };
		let offer_terms = || crate::runtime::OfferTerms {
			price_per_hour: terms.price,
			min_duration: terms.min_term,
			max_duration: terms.max_term,
			region: crate::runtime::bytes(&terms.region),
		};
		let (done, sent) = match action {
			offers::Action::List => (
				"offer listed",
				chain.submit(&tx.list_offer(machine.id, offer_terms()), account).await,
			),
			offers::Action::Update => (
				"offer updated",
				chain.submit(&tx.update_offer(machine.id, offer_terms()), account).await,
			),
			offers::Action::Withdraw => {
				("offer withdrawn", chain.submit(&tx.withdraw_offer(machine.id), account).await)
			}
		};
		metrics.connection.calls(1);
		let device = ("device", machine.id.to_string());
		match sent {
			Ok(_) => {
				daemon::add(&metrics.offer_changes, 1);
				log(
					"info",
					done,
					&[device, ("price", terms.price.to_string()), ("region", terms.region.clone())],
				);
			}
			Err(error) => {
				log("warn", "offer not changed", &[device, ("reason", error.to_string())])
			}
		}
	}
}

/// Why `pair` cannot serve the device `record` (`depin_device`), or `None` when it can.
fn refusal(
	record: &Json,
	provider: &subxt::utils::AccountId32,
	pair: &DevicePair,
) -> Option<String> {
	if let Some(reason) = keys::key_mismatch(record, pair) {
		return Some(reason);
	}
	let owner = record["owner"].as_str().and_then(|text| keys::parse_account(text).ok());
	if owner.as_ref() != Some(provider) {
		return Some(format!("owned by {}, not by the provider account", record["owner"]));
	}
	None
}

/// The provider's open leases of served machines (`depin_leasesOf`, every page).
async fn followed_leases(
	chain: &Chain,
	provider: &subxt::utils::AccountId32,
	served: &BTreeMap<u64, &DevicePair>,
	metrics: &Metrics,
) -> Result<Vec<Followed>> {
	let mut leases = Vec::new();
	let mut after = Json::Null;
	loop {
		let page = chain
			.request("depin_leasesOf", vec![json!(provider.to_string()), after, json!(100)])
			.await?;
		metrics.connection.calls(1);
		let records = page.as_array().cloned().unwrap_or_default();
		for record in &records {
			let number = |field: &str| record[field].as_u64().unwrap_or(0);
			let device = number("device");
			if !served.contains_key(&device) || record["state"]["type"] == "closed" {
				continue;
			}
			leases.push(Followed {
				lease: number("id"),
				device,
				started_at: number("startedAt"),
				ends_at: number("endsAt"),
				period: number("heartbeatPeriod").max(1),
				active: record["state"]["type"] == "active",
				last_heartbeat: record["lastHeartbeat"]
					.as_u64()
					.and_then(|n| u32::try_from(n).ok()),
				owed: record["owed"].as_str().and_then(|text| text.parse().ok()).unwrap_or(0),
				tenant: record["tenant"]
					.as_str()
					.and_then(|text| keys::parse_account(text).ok())
					.map_or([0; 32], |account| account.0),
			});
		}
		match records.last() {
			Some(last) if records.len() == 100 => after = last["id"].clone(),
			_ => return Ok(leases),
		}
	}
}

/// Counts the intervals `lease` left behind without a heartbeat and sends the one due, if any.
async fn heartbeat(
	chain: &Chain,
	genesis: &[u8; 32],
	lease: &Followed,
	next: u64,
	pair: &DevicePair,
	state: &mut State,
	metrics: &Metrics,
) {
	if let Some(now) = lease.interval_at(next) {
		if let Some(before) = state.seen.insert(lease.lease, now).filter(|before| *before < now) {
			let missed = schedule::missed(lease.last_heartbeat, before, now);
			if missed > 0 {
				daemon::add(&metrics.heartbeats_missed, u64::from(missed));
				log(
					"warn",
					"heartbeat missed",
					&[("lease", lease.lease.to_string()), ("intervals", missed.to_string())],
				);
			}
		}
	}
	let Some(interval) = schedule::due(lease, next, state.sent.get(&lease.lease)) else { return };
	let signature = pair.sign(&payloads::heartbeat_payload(genesis, lease.lease, interval));
	let call =
		api::transactions().leases().heartbeat(lease.lease, interval, device_signature(&signature));
	let tries = match state.sent.get(&lease.lease) {
		Some(sent) if sent.interval == interval => sent.tries + 1,
		_ => 1,
	};
	state.sent.insert(lease.lease, Sent { interval, at: next, tries });
	let fields = [("lease", lease.lease.to_string()), ("interval", interval.to_string())];
	let sent = match chain.general_transactions(&[call]).await {
		Ok(bytes) => {
			let hex = keys::to_hex(&bytes[0]);
			chain.request("author_submitExtrinsic", vec![json!(hex)]).await.map(|_| ())
		}
		Err(error) => Err(error),
	};
	metrics.connection.calls(1);
	match sent {
		Ok(()) => {
			daemon::add(&metrics.heartbeats_sent, 1);
			log(
				"info",
				"heartbeat sent",
				&[fields[0].clone(), fields[1].clone(), ("try", tries.to_string())],
			);
		}
		// Stale: a retry of a heartbeat the chain took after the lease was read (or one whose
		// interval passed meanwhile, which the missed count shows): not a refusal.
		Err(error) if error.to_string().contains("outdated") => log(
			"info",
			"heartbeat outdated: on chain already, or its interval passed",
			&[fields[0].clone(), fields[1].clone(), ("try", tries.to_string())],
		),
		Err(error) => {
			daemon::add(&metrics.heartbeats_refused, 1);
			log(
				"warn",
				"heartbeat refused",
				&[fields[0].clone(), fields[1].clone(), ("reason", error.to_string())],
			);
		}
	}
}

/// Bids for every free priced machine on the first open order it meets and has not tried.
async fn bid(
	chain: &Chain,
	account: &Keypair,
	bidders: &[bidding::Machine],
	leases: &[Followed],
	next: u64,
	state: &mut State,
	metrics: &Metrics,
) -> Result<()> {
	let mut orders = Vec::new();
	let mut after = Json::Null;
	loop {
		let page = chain.request("depin_orders", vec![after, json!(100)]).await?;
		metrics.connection.calls(1);
		let records = page.as_array().cloned().unwrap_or_default();
		let full = records.len() == 100;
		after = records.last().map_or(Json::Null, |last| last["id"].clone());
		orders.extend(records);
		if !full {
			break;
		}
	}
	let open: BTreeSet<u64> = orders.iter().filter_map(|order| order["id"].as_u64()).collect();
	state.bids.retain(|_, order| open.contains(order));
	let leased: BTreeSet<u64> = leases.iter().map(|lease| lease.device).collect();
	for machine in bidders {
		if leased.contains(&machine.id) || state.bids.contains_key(&machine.id) {
			continue;
		}
		let Some(order) = orders.iter().find(|order| {
			let id = order["id"].as_u64().unwrap_or(u64::MAX);
			!state.tried.contains(&(id, machine.id)) && machine.meets(order, next)
		}) else {
			continue;
		};
		let id = order["id"].as_u64().unwrap_or(u64::MAX);
		state.tried.insert((id, machine.id));
		let call = api::transactions().leases().place_bid(id, machine.id, machine.price);
		let fields = [("order", id.to_string()), ("device", machine.id.to_string())];
		match chain.submit(&call, account).await {
			Ok(_) => {
				state.bids.insert(machine.id, id);
				log(
					"info",
					"bid placed",
					&[fields[0].clone(), fields[1].clone(), ("price", machine.price.to_string())],
				);
			}
			Err(error) => log(
				"warn",
				"bid refused",
				&[fields[0].clone(), fields[1].clone(), ("reason", error.to_string())],
			),
		}
		metrics.connection.calls(1);
	}
	Ok(())
}

/// Claims what each lease that owes credits owes (`Leases.claim`, signed by the provider
/// account: a lease owing nothing is not claimed, which would only cost the fee), then reads the
/// provider's settled earnings.
async fn claim(
	chain: &Chain,
	account: &Keypair,
	provider: &subxt::utils::AccountId32,
	leases: &[Followed],
	metrics: &Metrics,
) {
	for lease in leases.iter().filter(|lease| lease.owed > 0) {
		let call = api::transactions().leases().claim(lease.lease);
		match chain.submit(&call, account).await {
			Ok(_) => {
				daemon::add(&metrics.claims, 1);
				log("info", "claimed", &[("lease", lease.lease.to_string())]);
			}
			Err(error) => log(
				"warn",
				"claim failed",
				&[("lease", lease.lease.to_string()), ("reason", error.to_string())],
			),
		}
		metrics.connection.calls(1);
	}
	if let Ok(earnings) =
		chain.request("depin_providerEarnings", vec![json!(provider.to_string())]).await
	{
		let settled = earnings["settled"].as_str().and_then(|text| text.parse::<u64>().ok());
		daemon::set(&metrics.earnings_settled, settled.unwrap_or(0));
	}
	metrics.connection.calls(1);
}
