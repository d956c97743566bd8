//! `depin simulate`: a fleet of hotspots and GPU machines working against a real node.
//!
//! After [`Fleet::prepare`], every hotspot beacons once per beacon interval (the runtime's
//! constant, read from the node), its first beacon spread over the first interval. Each beacon
//! carries the receipts of every other hotspot that heard it by the radio model of
//! [`crate::sim`] (at most the runtime's `MaxWitnesses`, strongest first), each signed by the
//! witness's device key, and goes in as a fee-less device-authorized transaction. Each leased
//! GPU signs a heartbeat for every heartbeat interval of its lease. A line per block shows the
//! progress on standard error; each ended epoch is summed up there too; the output is the run
//! per epoch: beacons, witnesses valid and refused by reason, each hotspot's shares, the
//! rewards reciprocity withheld, the data-transfer sessions the carrier ([`crate::carrier`])
//! bought from the hotspots nearest the centre, the coverage and data-transfer pools paid, and
//! every hotspot's transmit scale and coverage weight.
//!
//! With `--services DIR` the hotspots are not signed for by the simulator: each operator's
//! hotspots are run by a `depin hotspot run` service and the simulator plays the air between
//! their gateways over the Semtech UDP protocol ([`services`]); it then only watches the chain,
//! tallying the fleet's beacons, receipts and rewards from the blocks' events.

mod services;

use std::collections::BTreeMap;

use serde_json::{json, Value as Json};
use subxt::ext::futures::{stream::FuturesUnordered, StreamExt};

use super::Context;
use crate::{
	carrier::{self, Carrier},
	chain::{Chain, Receipt, Wait},
	cli::SimulateArgs,
	errors::{Error, Result},
	fleet::{self, progress, Fleet, Spec},
	keys,
	output::Output,
	payloads::{self, GenesisHash},
	runtime::{api, device_signature},
	sim,
};

/// One reward unit in shares.
const UNIT: f64 = 1e9;
/// How often the best block is polled.
const POLL: std::time::Duration = std::time::Duration::from_millis(500);

/// What a submitted transaction was.
enum Task {
	/// A beacon of hotspot `n` (its index in the fleet).
	Beacon(usize),
	/// A heartbeat of GPU `n`.
	Heartbeat(usize),
}

/// A beacon whose receipt window is open: its fleet index, the block that accepted it and the
/// receipts its report carried.
struct Opened {
	beaconer: usize,
	block: u64,
	receipts: usize,
}

/// A rewarded beacon, as the run reports it.
struct Accepted {
	/// The block that accepted it (its rewards come when its window closes).
	block: u64,
	/// The epoch its shares went to.
	epoch: u64,
	/// The beaconer's fleet index.
	beaconer: usize,
	/// How many receipts it carried.
	receipts: usize,
	/// How many were valid.
	valid: u64,
	/// The beaconer's shares.
	beacon_shares: u128,
	/// The rewarded witnesses (device ids) with their shares.
	rewarded: Vec<(u64, u128)>,
}

/// What one epoch saw.
#[derive(Default)]
struct EpochTally {
	/// Accepted beacons.
	beacons: u64,
	/// Receipts submitted.
	receipts: u64,
	/// Valid receipts.
	valid: u64,
	/// Refused receipts by reason.
	refused: BTreeMap<String, u64>,
	/// Beacons with rewarded witnesses whose beaconer earned nothing (no recent witness).
	withheld_beacons: u64,
	/// Rewarded witnesses that earned nothing (no recent beacon with a witness).
	withheld_witnesses: u64,
	/// Shares per hotspot (fleet index): (as beaconer, as witness).
	shares: BTreeMap<usize, (u128, u128)>,
	/// Heartbeats included.
	heartbeats: u64,
	/// Data-transfer sessions counted, and their bytes.
	sessions: (u64, u64),
	/// The coverage and data-transfer pools the epoch's end paid (`Bme.EpochEnded`).
	pools: Option<(String, String)>,
}

/// Runs the simulator.
pub async fn run(context: &Context, args: SimulateArgs) -> Result<Output> {
	let funder = context.signer()?;
	let chain = Chain::connect(&context.url, Wait::InBlock).await?;
	let governance = args.governance.governance()?;
	let spec = Spec {
		seed: args.seed.clone(),
		hotspots: args.hotspots,
		operators: args.operators,
		gpus: args.gpus,
		center: sim::city(&args.city).map_err(Error::Usage)?,
		radius: args.radius,
		cluster_every: args.cluster_every,
		ring: 0,
	};
	if spec.hotspots < 2 {
		return Err(Error::Usage("--hotspots: at least 2, to witness each other".into()));
	}
	let mut fleet = Fleet::new(&spec)?;
	progress(&format!(
		"fleet {:?}: {} hotspots within {} m of {}, {} GPUs, {} operators",
		spec.seed, spec.hotspots, spec.radius, args.city, spec.gpus, spec.operators
	));
	fleet.prepare(&chain, &funder, governance).await?;
	let sudo = args.governance.sudo;
	let traffic = args.traffic.unwrap_or(if sudo { spec.hotspots / 3 } else { 0 });
	let carrier = match traffic {
		0 => None,
		_ if !sudo => {
			return Err(Error::Usage(
				"--traffic needs --sudo: the carrier is approved by sudo".into(),
			))
		}
		_ => {
			let mut carrier = Carrier::new(&args.seed)?;
			// Up to 10 GB a hotspot an epoch, with an epoch to spare.
			let credits = (traffic as u128) * u128::from(args.epochs + 1) * 10 * carrier::PER_GB;
			carrier.prepare(&chain, &funder, credits).await?;
			Some(carrier)
		}
	};
	// The traffic goes through the hotspots nearest the centre.
	let centre = spec.center.to_cell(h3o::Resolution::Twelve);
	let mut nearest: Vec<usize> = (0..fleet.hotspots.len()).collect();
	nearest.sort_by(|a, b| {
		let distance = |i: &usize| sim::distance(fleet.hotspots[*i].cell, centre);
		distance(a).total_cmp(&distance(b))
	});
	nearest.truncate(traffic.min(fleet.hotspots.len()));
	// The services run before the leases start, so that every lease is heartbeated from its
	// first interval.
	let services = match &args.services {
		Some(dir) => Some(services::Services::start(&fleet, &args.seed, &context.url, dir).await?),
		None => None,
	};
	fleet.lease_gpus(&chain).await?;
	let mut simulation = Simulation::new(&chain, fleet, &args).await?;
	simulation.carrier = carrier;
	simulation.traffic = nearest;
	simulation.services = services.is_some();
	let run = simulation.run(args.epochs).await;
	let Some(services) = services else { return run };
	let stopped = services.stop().await;
	let mut output = run?;
	let stopped = stopped?;
	output.text.push_str(&format!(
		"\nhotspot services: {} stopped cleanly; the air carried {} transmissions, heard {} times",
		stopped["stoppedCleanly"], stopped["transmitted"], stopped["heard"]
	));
	output.json["services"] = stopped;
	Ok(output)
}

/// The running simulation.
struct Simulation<'a> {
	/// The node.
	chain: &'a Chain,
	/// The chain's genesis hash, which every device signature is bound to.
	genesis: GenesisHash,
	/// The fleet, prepared.
	fleet: Fleet,
	/// The radio model's randomness.
	rng: sim::Rng,
	/// Blocks between two beacons of a hotspot.
	interval: u64,
	/// The most receipts a report carries.
	max_witnesses: usize,
	/// The block each hotspot may next beacon in.
	due: Vec<u64>,
	/// Whether each hotspot has a beacon in flight.
	busy: Vec<bool>,
	/// The last heartbeat interval each GPU sent.
	beat: Vec<Option<u32>>,
	/// Fleet index of each hotspot's device id.
	index_of: BTreeMap<u64, usize>,
	/// Per epoch.
	epochs: BTreeMap<u64, EpochTally>,
	/// Our beacons whose windows are open, by beacon id (hex).
	opened: BTreeMap<String, Opened>,
	/// Every rewarded beacon.
	accepted: Vec<Accepted>,
	/// Transactions the pool refused, by reason.
	refusals: BTreeMap<String, u64>,
	/// Each hotspot's resolution-10 hex, active-hotspot count there and transmit scale.
	scales: Vec<(u64, u64, String)>,
	/// The epoch of the best block.
	current: u64,
	/// The carrier buying data transfer, if any.
	carrier: Option<Carrier>,
	/// The fleet indices of the hotspots carrying its traffic.
	traffic: Vec<usize>,
	/// Whether hotspot services beacon and witness (the simulator only watches).
	services: bool,
}

impl<'a> Simulation<'a> {
	/// Reads the runtime's constants and each hotspot's schedule and transmit scale.
	async fn new(chain: &'a Chain, fleet: Fleet, args: &SimulateArgs) -> Result<Simulation<'a>> {
		let constants = api::constants().coverage();
		let interval = u64::from(chain.constant_u32(constants.beacon_interval()).await?);
		let max_witnesses = chain.constant_u32(constants.max_witnesses()).await? as usize;
		let mut scales = Vec::new();
		for hotspot in &fleet.hotspots {
			let hex = u64::from(fleet::scale_hex(hotspot.cell));
			let coverage =
				chain.request("depin_hexCoverage", vec![json!(format!("0x{hex:016x}"))]).await?;
			let scale = coverage["transmitScale"].as_str().unwrap_or("?").to_owned();
			scales.push((hex, coverage["count"].as_u64().unwrap_or(0), scale));
		}
		let index_of =
			fleet.hotspots.iter().enumerate().filter_map(|(i, h)| Some((h.id?, i))).collect();
		let count = fleet.hotspots.len();
		Ok(Simulation {
			chain,
			genesis: chain.genesis_hash().await?,
			rng: sim::Rng::new(&format!("{}/radio", args.seed)),
			interval: interval.max(1),
			max_witnesses,
			due: vec![0; count],
			busy: vec![false; count],
			beat: vec![None; fleet.gpus.len()],
			index_of,
			epochs: BTreeMap::new(),
			opened: BTreeMap::new(),
			accepted: Vec::new(),
			refusals: BTreeMap::new(),
			scales,
			fleet,
			current: 0,
			carrier: None,
			traffic: Vec::new(),
			services: false,
		})
	}

	/// Waits for the next epoch, then runs `epochs` epochs; returns the report.
	async fn run(mut self, epochs: u64) -> Result<Output> {
		let (epoch, ends_at) = self.chain.epoch().await?;
		let (first, last) = (epoch + 1, epoch + epochs);
		progress(&format!(
			"beacon interval {} blocks; beaconing starts with epoch {first} at block #{}",
			self.interval,
			ends_at + 1
		));
		self.schedule(ends_at + 1).await?;

		let mut pending = FuturesUnordered::new();
		let mut seen = self.chain.best_number().await?;
		self.current = epoch;
		loop {
			let best = self.chain.best_number().await?;
			if best > seen {
				// Rewards come from the blocks where our beacons' windows close; the pools from
				// the blocks where epochs end.
				for number in seen + 1..=best {
					let events = self.chain.events_at(number).await?;
					self.rewards(&events);
					self.pools(&events);
					if self.services {
						self.observe(&events, number);
					}
				}
				seen = best;
				let (now_epoch, _) = self.chain.epoch().await?;
				if now_epoch != self.current {
					if self.epochs.contains_key(&self.current) {
						progress(&self.epoch_line(self.current));
					}
					self.current = now_epoch;
					if (first..=last).contains(&now_epoch) {
						self.carry(best).await?;
					}
				}
				if self.current > last {
					break;
				}
				if self.current >= first {
					for task in self.due_work(best).await? {
						pending.push(task);
					}
				}
				progress(&self.block_line(best, self.current, pending.len()));
			}
			tokio::select! {
				Some((task, outcome)) = pending.next() => self.record(task, outcome),
				() = tokio::time::sleep(POLL) => {}
			}
		}
		while let Some((task, outcome)) = pending.next().await {
			self.record(task, outcome);
		}
		let mut weights = Vec::new();
		for hotspot in &self.fleet.hotspots {
			let cell = u64::from(hotspot.cell);
			weights.push(carrier::coverage_weight(self.chain, cell, Some(last)).await?);
		}
		Ok(self.report(first, last, &weights))
	}

	/// Each hotspot's first beacon: spread over the interval from `start`, or one interval
	/// after its last beacon on the chain, whichever is later.
	async fn schedule(&mut self, start: u64) -> Result<()> {
		let count = self.fleet.hotspots.len() as u64;
		for (index, hotspot) in self.fleet.hotspots.iter().enumerate() {
			let spread = start + index as u64 * self.interval / count;
			let id = hotspot.id.unwrap_or_default();
			let coverage = self.chain.request("depin_hotspotCoverage", vec![json!(id)]).await?;
			let after_last = coverage["lastBeacon"].as_u64().map_or(0, |at| at + self.interval);
			self.due[index] = spread.max(after_last);
		}
		Ok(())
	}

	/// The beacons and heartbeats due in the block after `best`, submitted.
	async fn due_work(
		&mut self,
		best: u64,
	) -> Result<Vec<impl std::future::Future<Output = (Task, Result<Receipt>)> + 'a>> {
		let next = best + 1;
		let mut work = Vec::new();
		let due: Vec<usize> = (0..self.fleet.hotspots.len())
			.filter(|&i| !self.services && !self.busy[i] && self.due[i] <= next)
			.collect();
		if !due.is_empty() {
			let (entropy_block, entropy_hash) = self.chain.finalized().await?;
			for index in due {
				let call = self.beacon(index, entropy_block, entropy_hash);
				self.busy[index] = true;
				let chain = self.chain;
				work.push(futures_either::Either::Left(async move {
					(Task::Beacon(index), chain.submit_general(&call).await)
				}));
			}
		}
		for (index, gpu) in self.fleet.gpus.iter().enumerate().filter(|_| !self.services) {
			let Some((lease, started, period)) = gpu.lease else { continue };
			if next < started || period == 0 {
				continue;
			}
			let interval = ((next - started) / period) as u32;
			// A heartbeat sent in an interval's last block would live one block.
			let last_block = (next - started) % period == period - 1 && period > 1;
			if self.beat[index].is_some_and(|sent| sent >= interval) || last_block {
				continue;
			}
			self.beat[index] = Some(interval);
			let signature =
				gpu.pair.sign(&payloads::heartbeat_payload(&self.genesis, lease, interval));
			let call = api::transactions().leases().heartbeat(
				lease,
				interval,
				device_signature(&signature),
			);
			let chain = self.chain;
			work.push(futures_either::Either::Right(async move {
				(Task::Heartbeat(index), chain.submit_general(&call).await)
			}));
		}
		Ok(work)
	}

	/// Hotspot `index`'s beacon with the receipts of every hotspot that heard it.
	fn beacon(
		&mut self,
		index: usize,
		entropy_block: u64,
		entropy_hash: [u8; 32],
	) -> impl subxt::transactions::Payload {
		let everyone = 0..self.fleet.hotspots.len();
		let entropy = (entropy_block, entropy_hash);
		let genesis = &self.genesis;
		self.fleet.report(genesis, index, everyone, self.max_witnesses, entropy, &mut self.rng).0
	}

	/// Notes what a transaction did.
	fn record(&mut self, task: Task, outcome: Result<Receipt>) {
		match (task, outcome) {
			(Task::Beacon(index), Ok(receipt)) => {
				self.busy[index] = false;
				self.due[index] = receipt.block + self.interval;
				let Some(event) = receipt.event("Coverage", "BeaconAccepted") else { return };
				let Some(id) = event["beacon_id"].as_str().map(str::to_owned) else { return };
				let counted = receipt.number("Coverage", "ReceiptsCounted", "counted").unwrap_or(0);
				let refused = receipt.all("Coverage", "WitnessInvalid");
				let tally = self.epochs.entry(self.current).or_default();
				tally.beacons += 1;
				tally.valid += counted;
				tally.receipts += counted + refused.len() as u64;
				for refusal in &refused {
					let reason = refusal["reason"].as_str().unwrap_or("?").to_owned();
					*tally.refused.entry(reason).or_default() += 1;
				}
				let receipts = counted as usize + refused.len();
				self.opened.insert(id, Opened { beaconer: index, block: receipt.block, receipts });
			}
			(Task::Beacon(index), Err(error)) => {
				// Try again next block (a beacon too soon, or a dropped transaction).
				self.busy[index] = false;
				self.due[index] += 1;
				*self.refusals.entry(error_text(&error)).or_default() += 1;
			}
			(Task::Heartbeat(..), Ok(receipt)) => {
				if receipt.event("Leases", "HeartbeatReceived").is_some() {
					self.epochs.entry(self.current).or_default().heartbeats += 1;
				}
			}
			(Task::Heartbeat(index), Err(error)) => {
				// Sent again in the next block for the interval then current.
				self.beat[index] = None;
				*self.refusals.entry(error_text(&error)).or_default() += 1;
			}
		}
	}

	/// Notes the fleet's beacons and receipts that the services' reports brought in block
	/// `number` with `events` (the simulator's own reports are noted from their receipts).
	fn observe(&mut self, events: &[Json], number: u64) {
		let leases: Vec<u64> =
			self.fleet.gpus.iter().filter_map(|gpu| gpu.lease.map(|(lease, ..)| lease)).collect();
		for event in events.iter().filter(|event| event["pallet"] == "Leases") {
			let lease = event["fields"]["lease"].as_u64();
			if event["event"] == "HeartbeatReceived" && lease.is_some_and(|l| leases.contains(&l)) {
				self.epochs.entry(self.current).or_default().heartbeats += 1;
			}
		}
		for event in events.iter().filter(|event| event["pallet"] == "Coverage") {
			let fields = &event["fields"];
			let Some(id) = fields["beacon_id"].as_str().map(str::to_owned) else { continue };
			match event["event"].as_str() {
				Some("BeaconAccepted") => {
					let beaconer = fields["beaconer"].as_u64();
					let Some(&index) = beaconer.and_then(|b| self.index_of.get(&b)) else {
						continue;
					};
					self.epochs.entry(self.current).or_default().beacons += 1;
					self.opened.insert(id, Opened { beaconer: index, block: number, receipts: 0 });
				}
				Some("ReceiptsCounted") => {
					let Some(opened) = self.opened.get_mut(&id) else { continue };
					let counted = fields["counted"].as_u64().unwrap_or(0);
					opened.receipts += counted as usize;
					let tally = self.epochs.entry(self.current).or_default();
					tally.valid += counted;
					tally.receipts += counted;
				}
				Some("WitnessInvalid") => {
					let Some(opened) = self.opened.get_mut(&id) else { continue };
					opened.receipts += 1;
					let reason = fields["reason"].as_str().unwrap_or("?").to_owned();
					let tally = self.epochs.entry(self.current).or_default();
					tally.receipts += 1;
					*tally.refused.entry(reason).or_default() += 1;
				}
				_ => {}
			}
		}
	}

	/// Notes the rewards of our beacons whose windows closed in a block with `events`.
	fn rewards(&mut self, events: &[Json]) {
		let number = |value: &Json| match value {
			Json::String(text) => text.parse::<u128>().unwrap_or(0),
			other => u128::from(other.as_u64().unwrap_or(0)),
		};
		for event in events {
			if event["pallet"] != "Coverage" || event["event"] != "BeaconRewarded" {
				continue;
			}
			let event = &event["fields"];
			let Some(opened) = event["beacon_id"].as_str().and_then(|id| self.opened.remove(id))
			else {
				continue;
			};
			let rewarded: Vec<(u64, u128)> = event["rewarded"]
				.as_array()
				.into_iter()
				.flatten()
				.filter_map(|pair| Some((pair[0].as_u64()?, number(&pair[1]))))
				.collect();
			let accepted = Accepted {
				block: opened.block,
				epoch: event["epoch"].as_u64().unwrap_or(0),
				beaconer: opened.beaconer,
				receipts: opened.receipts,
				valid: event["valid_witnesses"].as_u64().unwrap_or(0),
				beacon_shares: number(&event["beacon_shares"]),
				rewarded,
			};
			let tally = self.epochs.entry(accepted.epoch).or_default();
			if !accepted.rewarded.is_empty() && accepted.beacon_shares == 0 {
				tally.withheld_beacons += 1;
			}
			tally.shares.entry(accepted.beaconer).or_default().0 += accepted.beacon_shares;
			for (witness, shares) in &accepted.rewarded {
				if *shares == 0 {
					tally.withheld_witnesses += 1;
				}
				if let Some(&other) = self.index_of.get(witness) {
					tally.shares.entry(other).or_default().1 += shares;
				}
			}
			self.accepted.push(accepted);
		}
	}

	/// The carrier's sessions of the traffic hotspots for the blocks up to `best`.
	async fn carry(&mut self, best: u64) -> Result<()> {
		let Some(carrier) = self.carrier.as_mut() else { return Ok(()) };
		let hotspots: Vec<(u64, &keys::DevicePair)> = self
			.traffic
			.iter()
			.filter_map(|&i| Some((self.fleet.hotspots[i].id?, &self.fleet.hotspots[i].pair)))
			.collect();
		let (sessions, bytes) = carrier.carry(self.chain, &self.genesis, &hotspots, best).await?;
		self.epochs.entry(self.current).or_default().sessions = (sessions, bytes);
		progress(&format!(
			"epoch {}: {sessions} data-transfer sessions, {bytes} bytes",
			self.current
		));
		Ok(())
	}

	/// Records the pools an epoch's end paid, from a block's `Bme.EpochEnded` event.
	fn pools(&mut self, events: &[Json]) {
		for event in events {
			if event["pallet"] != "Bme" || event["event"] != "EpochEnded" {
				continue;
			}
			let fields = &event["fields"];
			let text = |value: &Json| value.as_str().map_or(value.to_string(), str::to_owned);
			let Some(epoch) = fields["epoch"].as_u64() else { continue };
			self.epochs.entry(epoch).or_default().pools =
				Some((text(&fields["coverage_pool"]), text(&fields["data_transfer_pool"])));
		}
	}

	/// The progress line of a block.
	fn block_line(&self, best: u64, epoch: u64, in_flight: usize) -> String {
		let tally = self.epochs.get(&epoch);
		let (beacons, valid, refused) =
			tally.map_or((0, 0, 0), |t| (t.beacons, t.valid, t.refused.values().sum::<u64>()));
		let earning = tally.map_or(0, |t| t.shares.values().filter(|s| s.0 + s.1 > 0).count());
		format!(
			"#{best} epoch {epoch}: {beacons} beacons ({valid} valid witnesses, {refused} \
			 refused), {earning}/{} hotspots earning, {in_flight} in flight",
			self.fleet.hotspots.len()
		)
	}

	/// The summary line of an ended epoch.
	fn epoch_line(&self, epoch: u64) -> String {
		let Some(tally) = self.epochs.get(&epoch) else { return String::new() };
		let earning = tally.shares.values().filter(|s| s.0 + s.1 > 0).count();
		let total: u128 = tally.shares.values().map(|s| s.0 + s.1).sum();
		let reasons: Vec<String> =
			tally.refused.iter().map(|(reason, n)| format!("{reason} {n}")).collect();
		let pools = tally.pools.as_ref().map_or(String::new(), |(coverage, data)| {
			format!("; pools paid: coverage {coverage}, data transfer {data}")
		});
		format!(
			"epoch {epoch} ended: {} beacons, {earning}/{} hotspots earned {:.3} units; \
			 witnesses {} valid, {} refused ({}); reciprocity withheld {} beaconer and {} \
			 witness rewards; {} heartbeats; {} data-transfer sessions{pools}",
			tally.beacons,
			self.fleet.hotspots.len(),
			total as f64 / UNIT,
			tally.valid,
			tally.refused.values().sum::<u64>(),
			if reasons.is_empty() { "none".to_owned() } else { reasons.join(", ") },
			tally.withheld_beacons,
			tally.withheld_witnesses,
			tally.heartbeats,
			tally.sessions.0,
		)
	}

	/// The run's report over epochs `first..=last`, with each hotspot's coverage weight in
	/// `last` (lower where the carrier's traffic went).
	fn report(&self, first: u64, last: u64, weights: &[f64]) -> Output {
		let hotspots: Vec<Json> = self
			.fleet
			.hotspots
			.iter()
			.zip(&self.scales)
			.enumerate()
			.map(|(index, (hotspot, (hex, count, scale)))| {
				json!({
					"index": index,
					"id": hotspot.id,
					"owner": keys::account(&self.fleet.operators[hotspot.owner]).to_string(),
					"cell": format!("0x{:016x}", u64::from(hotspot.cell)),
					"hex": format!("0x{hex:016x}"),
					"hexCount": count,
					"transmitScale": scale,
					"carriesTraffic": self.traffic.contains(&index),
					"coverageWeight": weights.get(index),
				})
			})
			.collect();
		let mut text = Vec::new();
		let mut epochs = Vec::new();
		for epoch in first..=last {
			let empty = EpochTally::default();
			let tally = self.epochs.get(&epoch).unwrap_or(&empty);
			text.push(self.epoch_line(epoch));
			let shares: Vec<Json> = (0..self.fleet.hotspots.len())
				.map(|index| {
					let (beacon, witness) = tally.shares.get(&index).copied().unwrap_or_default();
					json!({
						"hotspot": self.fleet.hotspots[index].id,
						"beacon": beacon.to_string(),
						"witness": witness.to_string(),
					})
				})
				.collect();
			epochs.push(json!({
				"epoch": epoch,
				"beacons": tally.beacons,
				"receipts": tally.receipts,
				"validWitnesses": tally.valid,
				"refused": tally.refused,
				"withheldBeaconRewards": tally.withheld_beacons,
				"withheldWitnessRewards": tally.withheld_witnesses,
				"heartbeats": tally.heartbeats,
				"earning": tally.shares.values().filter(|s| s.0 + s.1 > 0).count(),
				"shares": shares,
				"dataTransferSessions": tally.sessions.0,
				"dataTransferBytes": tally.sessions.1,
				"coveragePool": tally.pools.as_ref().map(|pools| pools.0.clone()),
				"dataTransferPool": tally.pools.as_ref().map(|pools| pools.1.clone()),
			}));
		}
		let beacons: Vec<Json> = self
			.accepted
			.iter()
			.filter(|b| (first..=last).contains(&b.epoch))
			.map(|b| {
				json!({
					"block": b.block,
					"epoch": b.epoch,
					"beaconer": self.fleet.hotspots[b.beaconer].id,
					"receipts": b.receipts,
					"validWitnesses": b.valid,
					"beaconShares": b.beacon_shares.to_string(),
					"rewarded": b.rewarded.iter()
						.map(|(id, shares)| json!([id, shares.to_string()]))
						.collect::<Vec<_>>(),
				})
			})
			.collect();
		let scaled = self.scales.iter().filter(|(.., scale)| !scale.starts_with("1.")).count();
		text.push(format!(
			"{scaled} of {} hotspots share a dense hex and earn at a transmit scale below 1",
			self.fleet.hotspots.len()
		));
		if !self.refusals.is_empty() {
			let refusals: Vec<String> =
				self.refusals.iter().map(|(reason, n)| format!("{n}× {reason}")).collect();
			text.push(format!("retried after refusals: {}", refusals.join("; ")));
		}
		let gpus: Vec<Json> = self
			.fleet
			.gpus
			.iter()
			.map(|gpu| json!({ "id": gpu.id, "lease": gpu.lease.map(|(lease, ..)| lease) }))
			.collect();
		let json = json!({
			"epochs": epochs,
			"hotspots": hotspots,
			"beacons": beacons,
			"gpus": gpus,
			"refusals": self.refusals,
		});
		Output { text: text.join("\n"), json }
	}
}

/// A short text of a failed submission.
fn error_text(error: &Error) -> String {
	match error {
		Error::Refused { reason, .. } => reason.clone(),
		Error::Failed { name, .. } => name.clone(),
		other => other.to_string(),
	}
}

/// Two kinds of futures in one collection.
mod futures_either {
	pub use subxt::ext::futures::future::Either;
}
