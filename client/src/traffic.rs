//! Load generation and measurement, shared by the `depin load …` commands: pre-built
//! transaction bytes sent with `author_submitExtrinsic` at a target rate over several
//! WebSocket connections ([`submit_paced`]), and a block watcher that reads every new block
//! while they run and reports per block the calls it included, chosen events, the used weight
//! and length ([`watch_blocks`]); [`Report`] sums both up.

use std::{
	collections::BTreeMap,
	sync::{
		atomic::{AtomicBool, AtomicU64, Ordering},
		Arc, Mutex,
	},
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use serde_json::{json, Value as Json};
use subxt::rpcs::{client::RpcParams, RpcClient};

use crate::{
	chain::{Client, Wait},
	errors::{Error, Result},
	keys::to_hex,
	runtime::api,
};

/// The most requests one connection has in flight; beyond it the submitter waits for answers
/// (the node's WebSocket server buffers a few dozen messages per connection).
const IN_FLIGHT_PER_CONNECTION: usize = 64;
/// How often the watcher asks for a new head.
const POLL: Duration = Duration::from_millis(500);
/// After the submission ended, this many consecutive blocks without load end the watch even if
/// some accepted transactions never arrived (the pool dropped them).
const IDLE_BLOCKS: u32 = 3;
/// The node's default limit of ready transactions in its pool (`--pool-limit`).
const POOL_LIMIT: u64 = 8192;
/// A block counts as full when its normal class used this share of its limit.
const FULL: f64 = 0.9;

/// Counters shared by the submitter and the watcher while a load runs.
#[derive(Default)]
pub struct Counters {
	/// Transactions sent so far.
	pub sent: AtomicU64,
	/// Transactions the pool accepted so far (`author_submitExtrinsic` returned a hash).
	pub accepted: AtomicU64,
	/// Set when every transaction was sent and answered.
	pub done: AtomicBool,
	/// When the submission ended, in milliseconds since the Unix epoch (0 while it runs).
	pub ended_ms: AtomicU64,
	/// When each accepted transaction was accepted, in milliseconds since the Unix epoch.
	pub accepted_at: Mutex<Vec<u64>>,
}

impl Counters {
	/// Transactions the pool had accepted by `ms` (milliseconds since the Unix epoch).
	pub fn accepted_by(&self, ms: u64) -> u64 {
		let times = self.accepted_at.lock().unwrap_or_else(|e| e.into_inner());
		times.iter().filter(|at| **at <= ms).count() as u64
	}
}

/// What the submitter did.
#[derive(Debug, Clone, Default)]
pub struct Submission {
	/// Transactions sent.
	pub submitted: u64,
	/// Accepted by the transaction pool.
	pub accepted: u64,
	/// Refusals by the pool's message, with their counts.
	pub refused: BTreeMap<String, u64>,
	/// Seconds from the first send to the last answer.
	pub seconds: f64,
	/// The rate asked for, in transactions per second.
	pub target_rate: f64,
	/// The connections used.
	pub connections: usize,
	/// When the first transaction was sent, in milliseconds since the Unix epoch.
	pub started_ms: u64,
	/// When the last answer came, in milliseconds since the Unix epoch.
	pub ended_ms: u64,
}

impl Submission {
	/// The rate achieved, in transactions per second.
	pub fn rate(&self) -> f64 {
		if self.seconds > 0.0 {
			self.submitted as f64 / self.seconds
		} else {
			0.0
		}
	}

	/// Refusals that say the pool was full.
	pub fn pool_full(&self) -> u64 {
		self.refused
			.iter()
			.filter(|(message, _)| {
				let message = message.to_lowercase();
				message.contains("immediately dropped")
					|| message.contains("limit")
					|| message.contains("full")
			})
			.map(|(_, count)| count)
			.sum()
	}

	/// As JSON.
	pub fn to_json(&self) -> Json {
		json!({
			"submitted": self.submitted,
			"accepted": self.accepted,
			"refused": self.refused,
			"seconds": round(self.seconds, 3),
			"targetRate": self.target_rate,
			"rate": round(self.rate(), 1),
			"connections": self.connections,
			"startedMs": self.started_ms,
			"endedMs": self.ended_ms,
		})
	}
}

/// Now in milliseconds since the Unix epoch.
fn now_ms() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// Opens `count` WebSocket connections to `url`.
pub async fn connect(url: &str, count: usize) -> Result<Vec<RpcClient>> {
	let mut rpcs = Vec::with_capacity(count);
	for _ in 0..count.max(1) {
		let rpc = RpcClient::from_insecure_url(url)
			.await
			.map_err(|e| Error::Rpc(format!("cannot connect to {url}: {e}")))?;
		rpcs.push(rpc);
	}
	Ok(rpcs)
}

/// Sends pre-built transactions (`txs`, SCALE-encoded extrinsics) with `author_submitExtrinsic`,
/// transaction `i` at `i / rate` seconds after the start and over connection `i % n`, without
/// watching them; at most [`IN_FLIGHT_PER_CONNECTION`] requests wait for an answer on each
/// connection (when the node answers slower than the rate, sending falls behind). Counts what
/// the pool accepted and its refusals by message; sets `counters.done` at the end.
///
/// With `after` > 0, transaction `i` is sent only once the node answered transaction
/// `i - after`: pass the number of senders when `txs` interleave their nonces (transaction `i`
/// from sender `i % after`), so each sender's nonces reach the pool in order. Requests in
/// flight together are validated concurrently, and a nonce that arrives before its predecessor
/// waits in the pool's small future queue (819 by default), whose overflow drops it and strands
/// the sender's later transactions. 0 when order does not matter (fee-less, nonce-less
/// transactions).
pub async fn submit_paced(
	rpcs: &[RpcClient],
	txs: Vec<Vec<u8>>,
	rate: f64,
	after: usize,
	counters: Arc<Counters>,
) -> Result<Submission> {
	if rpcs.is_empty() || rate <= 0.0 {
		counters.done.store(true, Ordering::SeqCst);
		return Err(Error::Usage("the load needs a connection and a positive --rate".into()));
	}
	let hexes: Vec<String> = txs.iter().map(to_hex).collect();
	drop(txs);
	let refused = Arc::new(Mutex::new(BTreeMap::<String, u64>::new()));
	let slots: Vec<_> = rpcs
		.iter()
		.map(|_| Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT_PER_CONNECTION)))
		.collect();
	let answered: Arc<Vec<AtomicBool>> =
		Arc::new(hexes.iter().map(|_| AtomicBool::new(false)).collect());
	let answer = Arc::new(tokio::sync::Notify::new());
	let started_ms = now_ms();
	let start = tokio::time::Instant::now();
	let mut tasks = Vec::with_capacity(hexes.len());
	for (index, hex) in hexes.into_iter().enumerate() {
		let due = start + Duration::from_secs_f64(index as f64 / rate);
		tokio::time::sleep_until(due).await;
		if after > 0 && index >= after {
			loop {
				let notified = answer.notified();
				if answered[index - after].load(Ordering::SeqCst) {
					break;
				}
				notified.await;
			}
		}
		let connection = index % rpcs.len();
		let permit = slots[connection]
			.clone()
			.acquire_owned()
			.await
			.map_err(|e| Error::Other(format!("submitter: {e}")))?;
		let rpc = rpcs[connection].clone();
		let counters = counters.clone();
		let refused = refused.clone();
		let (answered, answer) = (answered.clone(), answer.clone());
		counters.sent.fetch_add(1, Ordering::SeqCst);
		tasks.push(tokio::spawn(async move {
			let mut params = RpcParams::new();
			let result = match params.push(hex) {
				Ok(()) => rpc.request::<Json>("author_submitExtrinsic", params).await,
				Err(e) => Err(e),
			};
			drop(permit);
			answered[index].store(true, Ordering::SeqCst);
			answer.notify_waiters();
			match result {
				Ok(_) => {
					let mut times = counters.accepted_at.lock().unwrap_or_else(|e| e.into_inner());
					times.push(now_ms());
					counters.accepted.fetch_add(1, Ordering::SeqCst);
				}
				Err(error) => {
					let message = refusal_text(&error);
					let mut refused = refused.lock().unwrap_or_else(|e| e.into_inner());
					*refused.entry(message).or_default() += 1;
				}
			}
		}));
	}
	for task in tasks {
		task.await.map_err(|e| Error::Other(format!("submitter: {e}")))?;
	}
	let seconds = start.elapsed().as_secs_f64();
	let ended_ms = now_ms();
	counters.ended_ms.store(ended_ms, Ordering::SeqCst);
	counters.done.store(true, Ordering::SeqCst);
	let refused = refused.lock().unwrap_or_else(|e| e.into_inner()).clone();
	Ok(Submission {
		submitted: counters.sent.load(Ordering::SeqCst),
		accepted: counters.accepted.load(Ordering::SeqCst),
		refused,
		seconds,
		target_rate: rate,
		connections: rpcs.len(),
		started_ms,
		ended_ms,
	})
}

/// A refusal's message: the JSON-RPC error's message and data, without the transaction.
fn refusal_text(error: &subxt::rpcs::Error) -> String {
	match error {
		subxt::rpcs::Error::User(user) => match &user.data {
			Some(data) => {
				let data = data.get().trim_matches('"').to_owned();
				format!("{} ({}): {data}", user.message, user.code)
			}
			None => format!("{} ({})", user.message, user.code),
		},
		other => other.to_string(),
	}
}

/// What a block watcher counts and how it follows the chain.
#[derive(Debug, Clone)]
pub struct Watch {
	/// Best blocks (`Wait::InBlock`) or finalized ones (`Wait::Finalized`).
	pub follow: Wait,
	/// The load's calls as `Pallet.call`: their count in a block is its load.
	pub calls: Vec<String>,
	/// Events of the load's transactions to count, as `Pallet.Event`.
	pub events: Vec<String>,
	/// The load's name in the progress lines, e.g. `transfers`.
	pub label: String,
	/// How long to wait for the accepted transactions after the submission ended.
	pub drain: Duration,
	/// Print a progress line per block on stderr.
	pub progress: bool,
}

/// The chain's block limits, from the metadata's constants.
#[derive(Debug, Clone, Copy, Default)]
pub struct Limits {
	/// `System.BlockWeights.max_block.ref_time`.
	pub max_block: u64,
	/// `System.BlockWeights.per_class.normal.max_total.ref_time` (the block's when unset).
	pub max_normal: u64,
	/// `System.BlockLength.max.normal`, in bytes.
	pub max_normal_length: u64,
}

impl Limits {
	/// As JSON.
	pub fn to_json(self) -> Json {
		json!({
			"maxBlockRefTime": self.max_block,
			"maxNormalRefTime": self.max_normal,
			"maxNormalLength": self.max_normal_length,
		})
	}
}

/// One block as the watcher read it.
#[derive(Debug, Clone, Default)]
pub struct BlockRow {
	/// The block number.
	pub number: u64,
	/// The block hash, `0x` hex.
	pub hash: String,
	/// `Timestamp.Now`, in milliseconds.
	pub timestamp: u64,
	/// Milliseconds since the previous block's timestamp.
	pub interval: u64,
	/// Every extrinsic by `Pallet.call`.
	pub calls: BTreeMap<String, u64>,
	/// The load's calls in the block.
	pub load: u64,
	/// The watched events by `Pallet.Event` (zero when absent).
	pub events: BTreeMap<String, u64>,
	/// `System.BlockWeight` ref time: normal, operational, mandatory.
	pub ref_time: [u64; 3],
	/// Bytes of all extrinsics.
	pub length: u64,
	/// Load the pool had accepted by the block's timestamp and no block had included yet
	/// (this one included).
	pub backlog: u64,
	/// The block's limits.
	pub limits: Limits,
}

impl BlockRow {
	/// Extrinsics of every kind.
	pub fn extrinsics(&self) -> u64 {
		self.calls.values().sum()
	}

	/// Used weight (all classes) as a share of the block's maximum.
	pub fn weight(&self) -> f64 {
		share(self.ref_time.iter().sum(), self.limits.max_block)
	}

	/// Normal-class weight as a share of the normal class's maximum.
	pub fn normal_weight(&self) -> f64 {
		share(self.ref_time[0], self.limits.max_normal)
	}

	/// Whether `on_initialize` used the whole block (mandatory weight at the maximum) and no
	/// load got in, as at a session rotation.
	pub fn hook_full(&self) -> bool {
		self.load == 0 && self.ref_time[2] >= self.limits.max_block
	}

	/// Length as a share of the normal class's maximum.
	pub fn length_share(&self) -> f64 {
		share(self.length, self.limits.max_normal_length)
	}

	/// The progress line: `#123  transfers 412  weight 38%`.
	pub fn progress(&self, label: &str) -> String {
		format!(
			"#{}  {label} {}  weight {:.0}%  (normal {:.0}%, length {:.1}%, {} extrinsics, backlog {})",
			self.number,
			self.load,
			self.weight() * 100.0,
			self.normal_weight() * 100.0,
			self.length_share() * 100.0,
			self.extrinsics(),
			self.backlog,
		)
	}

	/// As JSON.
	pub fn to_json(&self) -> Json {
		json!({
			"number": self.number,
			"hash": self.hash,
			"timestamp": self.timestamp,
			"interval": self.interval,
			"extrinsics": self.extrinsics(),
			"calls": self.calls,
			"load": self.load,
			"events": self.events,
			"refTime": {
				"normal": self.ref_time[0],
				"operational": self.ref_time[1],
				"mandatory": self.ref_time[2],
			},
			"weight": round(self.weight(), 6),
			"normalWeight": round(self.normal_weight(), 6),
			"length": self.length,
			"lengthShare": round(self.length_share(), 6),
			"backlog": self.backlog,
		})
	}
}

/// `part / whole`, 0 when `whole` is 0.
fn share(part: u64, whole: u64) -> f64 {
	if whole == 0 {
		0.0
	} else {
		part as f64 / whole as f64
	}
}

/// A number rounded to `digits` decimals.
fn round(value: f64, digits: i32) -> f64 {
	let scale = 10f64.powi(digits);
	(value * scale).round() / scale
}

/// The watcher's connection: a subxt client on one JSON-RPC connection.
pub struct Watcher {
	/// The JSON-RPC connection.
	rpc: RpcClient,
	/// A subxt client on it.
	client: Client,
}

impl Watcher {
	/// Connects to `url`.
	pub async fn connect(url: &str) -> Result<Watcher> {
		let rpc = connect(url, 1).await?.remove(0);
		let client = Client::from_rpc_client(rpc.clone())
			.await
			.map_err(|e| Error::Rpc(format!("cannot build a client: {e}")))?;
		Ok(Watcher { rpc, client })
	}

	/// The number of the head `follow` names: the best or the finalized block.
	pub async fn head(&self, follow: Wait) -> Result<u64> {
		let header = match follow {
			Wait::InBlock => self.request("chain_getHeader", Vec::new()).await?,
			Wait::Finalized => {
				let hash = self.request("chain_getFinalizedHead", Vec::new()).await?;
				self.request("chain_getHeader", vec![hash]).await?
			}
		};
		header["number"]
			.as_str()
			.and_then(|hex| u64::from_str_radix(hex.trim_start_matches("0x"), 16).ok())
			.ok_or_else(|| Error::Rpc(format!("not a header: {header}")))
	}

	/// Calls a JSON-RPC method.
	async fn request(&self, method: &str, params: Vec<Json>) -> Result<Json> {
		crate::chain::request(&self.rpc, method, params).await
	}

	/// The block limits at block `number`.
	pub async fn limits(&self, number: u64) -> Result<Limits> {
		let at = self.at(number).await?;
		let weights = at
			.constants()
			.entry(api::constants().system().block_weights())
			.map_err(|e| Error::Rpc(format!("System.BlockWeights: {e}")))?;
		let length = at
			.constants()
			.entry(api::constants().system().block_length())
			.map_err(|e| Error::Rpc(format!("System.BlockLength: {e}")))?;
		let max_block = weights.max_block.ref_time;
		let max_normal = weights.per_class.normal.max_total.map_or(max_block, |max| max.ref_time);
		Ok(Limits { max_block, max_normal, max_normal_length: u64::from(length.max.normal) })
	}

	/// The client at block `number`.
	pub async fn at(
		&self,
		number: u64,
	) -> Result<subxt::OnlineClientAtBlock<crate::chain::Config>> {
		self.client.at_block(number).await.map_err(|e| Error::Rpc(format!("block #{number}: {e}")))
	}

	/// `Timestamp.Now` at block `number`, in milliseconds.
	pub async fn timestamp(&self, number: u64) -> Result<u64> {
		now_at(&self.at(number).await?, number).await
	}

	/// Reads block `number`: its extrinsics by `Pallet.call`, the events `watch` names that the
	/// load's extrinsics emitted, its
	/// weight, length and timestamp.
	pub async fn block(&self, number: u64, watch: &Watch, limits: Limits) -> Result<BlockRow> {
		let at = self.at(number).await?;
		let failed = |what: &str, e: &dyn std::fmt::Display| {
			Error::Rpc(format!("block #{number}: {what}: {e}"))
		};
		let mut row = BlockRow {
			number,
			hash: format!("{:?}", at.block_hash()),
			limits,
			..BlockRow::default()
		};
		let extrinsics = at.extrinsics().fetch().await.map_err(|e| failed("extrinsics", &e))?;
		// The indices of the load's extrinsics: only their events are counted, not those of
		// the block's hooks (reward payouts, for one) or of other transactions.
		let mut load = std::collections::BTreeSet::new();
		for extrinsic in extrinsics.iter() {
			let extrinsic = extrinsic.map_err(|e| failed("an extrinsic", &e))?;
			let name = format!("{}.{}", extrinsic.pallet_name(), extrinsic.call_name());
			row.length += extrinsic.bytes().len() as u64;
			if watch.calls.contains(&name) {
				row.load += 1;
				load.insert(extrinsic.index());
			}
			*row.calls.entry(name).or_default() += 1;
		}
		row.events = watch.events.iter().map(|name| (name.clone(), 0)).collect();
		let events = at.events().fetch().await.map_err(|e| failed("events", &e))?;
		for event in events.iter() {
			let event = event.map_err(|e| failed("an event", &e))?;
			let of_load = matches!(
				event.phase(),
				subxt::events::Phase::ApplyExtrinsic(index) if load.contains(&(index as usize))
			);
			let name = format!("{}.{}", event.pallet_name(), event.event_name());
			if let Some(count) = row.events.get_mut(&name).filter(|_| of_load) {
				*count += 1;
			}
		}
		let weight = at
			.storage()
			.fetch(api::storage().system().block_weight(), ())
			.await
			.map_err(|e| failed("System.BlockWeight", &e))?
			.decode()
			.map_err(|e| failed("System.BlockWeight", &e))?;
		row.ref_time =
			[weight.normal.ref_time, weight.operational.ref_time, weight.mandatory.ref_time];
		row.timestamp = now_at(&at, number).await?;
		Ok(row)
	}
}

/// `Timestamp.Now` at block `number` (`at`), in milliseconds.
async fn now_at(at: &subxt::OnlineClientAtBlock<crate::chain::Config>, number: u64) -> Result<u64> {
	let failed = |e: &dyn std::fmt::Display| Error::Rpc(format!("Timestamp.Now at #{number}: {e}"));
	let value =
		at.storage().fetch(api::storage().timestamp().now(), ()).await.map_err(|e| failed(&e))?;
	value.decode().map_err(|e| failed(&e))
}

/// What the watcher saw.
#[derive(Debug, Clone, Default)]
pub struct Watched {
	/// The block before the first one read.
	pub from: u64,
	/// Its timestamp, in milliseconds.
	pub from_timestamp: u64,
	/// The block limits.
	pub limits: Limits,
	/// Every block after `from` until the watch ended.
	pub rows: Vec<BlockRow>,
	/// Whether it stopped because the drain timeout passed.
	pub timed_out: bool,
}

/// Reads every block after `from` as the head `watch.follow` names moves on, until the
/// submission is done (`counters.done`) and the chain included as much load as the pool
/// accepted, or [`IDLE_BLOCKS`] blocks without load came after the submission, or
/// `watch.drain` passed since it ended. Prints a progress line per block on stderr when
/// `watch.progress` is set.
pub async fn watch_blocks(
	watcher: &Watcher,
	watch: &Watch,
	from: u64,
	counters: &Counters,
) -> Result<Watched> {
	let limits = watcher.limits(from).await?;
	let from_timestamp = watcher.timestamp(from).await?;
	let mut watched = Watched { from, from_timestamp, limits, ..Watched::default() };
	let mut next = from + 1;
	let mut included = 0u64;
	let mut idle = 0u32;
	let mut previous = from_timestamp;
	let mut done_at: Option<Instant> = None;
	loop {
		let head = watcher.head(watch.follow).await?;
		while next <= head {
			let done = counters.done.load(Ordering::SeqCst);
			let mut row = watcher.block(next, watch, limits).await?;
			row.interval = row.timestamp.saturating_sub(previous);
			previous = row.timestamp;
			included += row.load;
			row.backlog = counters.accepted_by(row.timestamp).saturating_sub(included);
			if watch.progress {
				eprintln!("{}", row.progress(&watch.label));
			}
			idle = if done && row.load == 0 { idle + 1 } else { 0 };
			watched.rows.push(row);
			next += 1;
		}
		if counters.done.load(Ordering::SeqCst) {
			let since = *done_at.get_or_insert_with(Instant::now);
			if included >= counters.accepted.load(Ordering::SeqCst) || idle >= IDLE_BLOCKS {
				return Ok(watched);
			}
			if since.elapsed() >= watch.drain {
				watched.timed_out = true;
				return Ok(watched);
			}
		}
		tokio::time::sleep(POLL).await;
	}
}

/// Mean and maximum of some shares.
fn mean_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
	let (mut sum, mut max, mut count) = (0.0, 0.0f64, 0u32);
	for value in values {
		sum += value;
		max = max.max(value);
		count += 1;
	}
	(if count == 0 { 0.0 } else { sum / f64::from(count) }, max)
}

/// A load's outcome: the submission, the blocks and what follows from them.
pub struct Report {
	/// The load's name, e.g. `transfers`.
	pub label: String,
	/// The events the watcher counted.
	pub events: Vec<String>,
	/// What the submitter did.
	pub submission: Submission,
	/// What the watcher saw.
	pub watched: Watched,
}

/// The load's busy blocks and figures derived from the rows.
struct Summary {
	/// Load included in all blocks.
	included: u64,
	/// The watched events, summed.
	events: BTreeMap<String, u64>,
	/// First and last block with load.
	busy: Option<(u64, u64)>,
	/// Milliseconds the busy blocks span: from the timestamp of the block before the first
	/// to that of the last.
	busy_ms: u64,
	/// Most load in one block and that block.
	peak: (u64, u64),
	/// Mean and max weight share over the busy blocks (without those `on_initialize` filled).
	weight: (f64, f64),
	/// Mean and max normal-class weight share over the same blocks.
	normal: (f64, f64),
	/// Mean and max length share over the same blocks.
	length: (f64, f64),
	/// Blocks in the busy window without load whose mandatory weight (`on_initialize`, e.g. a
	/// session rotation) reached the block's maximum.
	hook_full: Vec<u64>,
	/// The most load a block (but those `on_initialize` filled) left behind: accepted before
	/// its timestamp, yet not included by it.
	left: u64,
	/// The median block interval, in milliseconds.
	block_ms: u64,
	/// Milliseconds from the end of the submission to the last block with load.
	tail_ms: i64,
	/// What bounded the throughput, as far as the data shows.
	bound: Vec<String>,
}

impl Report {
	/// Figures from the rows.
	fn summary(&self) -> Summary {
		let rows = &self.watched.rows;
		let included = rows.iter().map(|row| row.load).sum();
		let mut events: BTreeMap<String, u64> =
			self.events.iter().map(|name| (name.clone(), 0)).collect();
		for row in rows {
			for (name, count) in &row.events {
				*events.entry(name.clone()).or_default() += count;
			}
		}
		let first = rows.iter().position(|row| row.load > 0);
		let last = rows.iter().rposition(|row| row.load > 0);
		let busy_rows: &[BlockRow] = match (first, last) {
			(Some(first), Some(last)) => &rows[first..=last],
			_ => &[],
		};
		let busy = busy_rows.first().zip(busy_rows.last()).map(|(a, b)| (a.number, b.number));
		let busy_ms = busy_rows.iter().map(|row| row.interval).sum();
		let peak = rows
			.iter()
			.map(|row| (row.load, row.number))
			.max_by_key(|(load, number)| (*load, u64::MAX - number))
			.unwrap_or_default();
		let hook_full: Vec<u64> =
			busy_rows.iter().filter(|row| row.hook_full()).map(|row| row.number).collect();
		// Blocks `on_initialize` filled say nothing about the load; they are listed apart.
		let measured = || busy_rows.iter().filter(|row| !row.hook_full());
		let weight = mean_max(measured().map(BlockRow::weight));
		let normal = mean_max(measured().map(BlockRow::normal_weight));
		let length = mean_max(measured().map(BlockRow::length_share));
		let left = measured().map(|row| row.backlog).max().unwrap_or(0);
		let mut intervals: Vec<u64> =
			rows.iter().map(|row| row.interval).filter(|ms| *ms > 0).collect();
		intervals.sort_unstable();
		let block_ms = intervals.get(intervals.len() / 2).copied().unwrap_or(6_000);
		let tail_ms = busy_rows
			.last()
			.map_or(0, |row| row.timestamp as i64 - self.submission.ended_ms as i64);
		let mut summary = Summary {
			included,
			events,
			busy,
			busy_ms,
			peak,
			weight,
			normal,
			length,
			hook_full,
			left,
			block_ms,
			tail_ms,
			bound: Vec::new(),
		};
		summary.bound = self.bound(&summary);
		summary
	}

	/// What bounded the throughput, as far as the data shows.
	fn bound(&self, summary: &Summary) -> Vec<String> {
		let submission = &self.submission;
		let mut bound = Vec::new();
		let pool_full = submission.pool_full();
		if pool_full > 0 {
			bound.push(format!(
				"pool full: the pool refused {pool_full} transactions at its limit \
				 (--pool-limit / --pool-kbytes of the node)"
			));
		}
		if summary.normal.1 >= FULL {
			bound.push(format!(
				"weight full: the fullest block used {:.0}% of the normal class's weight",
				summary.normal.1 * 100.0
			));
		}
		if summary.length.1 >= FULL {
			bound.push(format!(
				"length full: the longest block used {:.0}% of the normal class's length",
				summary.length.1 * 100.0
			));
		}
		// The chain kept up when the last load landed within a block and a half of the end of
		// the submission, not counting blocks `on_initialize` filled.
		let block_ms = summary.block_ms as i64;
		let excused = summary.hook_full.len() as i64 * block_ms;
		// … and no block (but those) left load behind that had arrived before it began.
		let slack = (submission.accepted / 50).max(10);
		let kept_up = summary.tail_ms - excused <= block_ms * 3 / 2 && summary.left <= slack;
		if kept_up && summary.included >= submission.accepted {
			if submission.rate() < 0.9 * submission.target_rate {
				bound.push(format!(
					"submission: the client sent {:.0} tx/s of the {:.0} asked for (the node's \
					 RPC answered too slowly, or the client is slow); the chain kept up",
					submission.rate(),
					submission.target_rate
				));
			} else {
				bound.push(
					"submission rate: the chain included the load as it came (no backlog \
					 after the submission ended)"
						.to_owned(),
				);
			}
		} else if bound.is_empty() {
			bound.push(format!(
				"block production: blocks left up to {} transactions behind and the last \
				 load landed {:.1} s after the submission ended, yet no block was weight- or \
				 length-full (the author's proposal time, or the pool's validation, limits \
				 the blocks; peak {} per block)",
				summary.left,
				summary.tail_ms as f64 / 1000.0,
				summary.peak.0
			));
		}
		if !summary.hook_full.is_empty() {
			let blocks: Vec<String> = summary.hook_full.iter().map(|n| format!("#{n}")).collect();
			bound.push(format!(
				"{} took no load: `on_initialize` used the whole block's weight (a session \
				 rotation does, every session)",
				blocks.join(", ")
			));
		}
		if summary.included < submission.accepted {
			let most = self.watched.rows.iter().map(|row| row.backlog).max().unwrap_or(0);
			let why = if self.watched.timed_out {
				" before the drain timeout".to_owned()
			} else {
				format!(
					": the pool dropped them after accepting them (up to {most} waited; its \
					 limits are --pool-limit ready transactions, 8192 by default, and a tenth \
					 of that in its future queue, and a dropped nonce strands the sender's \
					 later transactions; a node run with --pool-type fork-aware drops them \
					 as it rebuilds its views under a backlog, the single-state pool keeps \
					 them)"
				)
			};
			bound.push(format!(
				"{} accepted transactions were not included{why}",
				submission.accepted - summary.included
			));
			if most >= POOL_LIMIT && pool_full == 0 {
				bound.insert(
					0,
					format!(
						"pool full: up to {most} accepted transactions waited, over the \
						 default pool limit of {POOL_LIMIT}, and some were dropped"
					),
				);
			}
		}
		bound
	}

	/// The report as text: the summary, then a table of the blocks.
	pub fn to_text(&self) -> String {
		let s = self.summary();
		let sub = &self.submission;
		let mut text = format!(
			"load {}: {} submitted in {:.1} s ({:.1}/s, target {:.1}/s) over {} connections",
			self.label,
			sub.submitted,
			sub.seconds,
			sub.rate(),
			sub.target_rate,
			sub.connections
		);
		text.push_str(&format!("\n  accepted by the pool: {}", sub.accepted));
		for (message, count) in &sub.refused {
			text.push_str(&format!("\n  refused {count}×: {message}"));
		}
		let span = match s.busy {
			Some((first, last)) if first == last => format!("block #{first}"),
			Some((first, last)) => format!("blocks #{first}..#{last}"),
			None => "no block".to_owned(),
		};
		text.push_str(&format!("\n  included: {} in {span}", s.included));
		for (name, count) in &s.events {
			text.push_str(&format!("\n  {name}: {count}"));
		}
		let per_second = share_per_second(s.included, s.busy_ms);
		text.push_str(&format!(
			"\n  included per second: {per_second:.1} over {:.1} s (busy blocks, by timestamp)",
			s.busy_ms as f64 / 1000.0
		));
		text.push_str(&format!(
			"\n  peak per block: {} (#{}), {:.1}/s over a {:.1} s block",
			s.peak.0,
			s.peak.1,
			share_per_second(s.peak.0, s.block_ms),
			s.block_ms as f64 / 1000.0
		));
		text.push_str(&format!(
			"\n  weight of busy blocks: mean {:.1}%, max {:.1}% of the block (normal class: \
			 mean {:.1}%, max {:.1}% of its limit)",
			s.weight.0 * 100.0,
			s.weight.1 * 100.0,
			s.normal.0 * 100.0,
			s.normal.1 * 100.0
		));
		text.push_str(&format!(
			"\n  length of busy blocks: mean {:.1}%, max {:.1}% of the normal class's limit",
			s.length.0 * 100.0,
			s.length.1 * 100.0
		));
		for bound in &s.bound {
			text.push_str(&format!("\n  bound: {bound}"));
		}
		text.push_str(&format!(
			"\n\n{:>8} {:>7} {:>9} {:>10} {:>7} {:>7} {:>7} {:>8}",
			"block", "secs", self.label, "extrinsics", "weight", "normal", "length", "backlog"
		));
		for row in &self.watched.rows {
			text.push_str(&format!(
				"\n{:>8} {:>7.1} {:>9} {:>10} {:>6.1}% {:>6.1}% {:>6.1}% {:>8}",
				format!("#{}", row.number),
				row.interval as f64 / 1000.0,
				row.load,
				row.extrinsics(),
				row.weight() * 100.0,
				row.normal_weight() * 100.0,
				row.length_share() * 100.0,
				row.backlog
			));
		}
		text
	}

	/// The report as JSON: `summary`, `submission`, `limits` and `blocks` (one row each).
	pub fn to_json(&self) -> Json {
		let s = self.summary();
		let (first, last) = match s.busy {
			Some((first, last)) => (json!(first), json!(last)),
			None => (Json::Null, Json::Null),
		};
		json!({
			"load": self.label,
			"submission": self.submission.to_json(),
			"summary": {
				"submitted": self.submission.submitted,
				"accepted": self.submission.accepted,
				"refused": self.submission.refused.values().sum::<u64>(),
				"included": s.included,
				"events": s.events,
				"firstBlock": first,
				"lastBlock": last,
				"busySeconds": round(s.busy_ms as f64 / 1000.0, 3),
				"includedPerSecond": round(share_per_second(s.included, s.busy_ms), 2),
				"peakPerBlock": s.peak.0,
				"peakBlock": s.peak.1,
				"peakPerSecond": round(share_per_second(s.peak.0, s.block_ms), 2),
				"hookFullBlocks": s.hook_full,
				"weight": { "mean": round(s.weight.0, 6), "max": round(s.weight.1, 6) },
				"normalWeight": { "mean": round(s.normal.0, 6), "max": round(s.normal.1, 6) },
				"length": { "mean": round(s.length.0, 6), "max": round(s.length.1, 6) },
				"blockMs": s.block_ms,
				"tailMs": s.tail_ms,
				"leftBehind": s.left,
				"timedOut": self.watched.timed_out,
				"bound": s.bound,
			},
			"limits": self.watched.limits.to_json(),
			"from": self.watched.from,
			"fromTimestamp": self.watched.from_timestamp,
			"blocks": self.watched.rows.iter().map(BlockRow::to_json).collect::<Vec<_>>(),
		})
	}
}

/// `count` per second over `ms` milliseconds (0 over none).
fn share_per_second(count: u64, ms: u64) -> f64 {
	if ms == 0 {
		0.0
	} else {
		count as f64 * 1000.0 / ms as f64
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn row(number: u64, load: u64, interval: u64, normal: u64) -> BlockRow {
		BlockRow {
			number,
			load,
			interval,
			timestamp: number * 6_000,
			ref_time: [normal, 0, 10],
			limits: Limits { max_block: 1_000, max_normal: 750, max_normal_length: 100 },
			..BlockRow::default()
		}
	}

	fn report(rows: Vec<BlockRow>, accepted: u64, ended_ms: u64) -> Report {
		Report {
			label: "transfers".into(),
			events: vec!["Balances.Transfer".into()],
			submission: Submission {
				submitted: accepted,
				accepted,
				seconds: 10.0,
				target_rate: accepted as f64 / 10.0,
				connections: 2,
				ended_ms,
				..Submission::default()
			},
			watched: Watched { rows, ..Watched::default() },
		}
	}

	#[test]
	fn busy_window_spans_the_blocks_with_load() {
		let rows = vec![row(1, 0, 6_000, 0), row(2, 50, 6_000, 100), row(3, 70, 6_000, 140)];
		let summary = report(rows, 120, 17_000).summary();
		assert_eq!(summary.included, 120);
		assert_eq!(summary.busy, Some((2, 3)));
		assert_eq!(summary.busy_ms, 12_000);
		assert_eq!(summary.peak, (70, 3));
		assert!((summary.normal.1 - 140.0 / 750.0).abs() < 1e-9);
		assert!(summary.bound[0].starts_with("submission rate"), "{:?}", summary.bound);
	}

	#[test]
	fn a_late_tail_in_full_blocks_is_weight_bound() {
		let rows = vec![row(1, 100, 6_000, 700), row(2, 100, 6_000, 700), row(3, 100, 6_000, 700)];
		let summary = report(rows, 300, 0).summary();
		assert!(summary.bound.iter().any(|b| b.starts_with("weight full")), "{:?}", summary.bound);
	}

	#[test]
	fn a_session_block_neither_counts_as_weight_nor_delays_the_tail() {
		let mut hook = row(2, 0, 6_000, 0);
		hook.ref_time[2] = 1_000;
		let rows = vec![row(1, 50, 6_000, 100), hook, row(3, 20, 6_000, 40)];
		let summary = report(rows, 70, 7_000).summary();
		assert_eq!(summary.hook_full, vec![2]);
		assert!(summary.weight.1 < 0.2, "{:?}", summary.weight);
		assert!(summary.bound[0].starts_with("submission rate"), "{:?}", summary.bound);
		assert!(summary.bound[1].starts_with("#2 took no load"), "{:?}", summary.bound);
	}

	#[test]
	fn lost_transactions_over_the_pool_limit_mean_a_full_pool() {
		let mut rows = vec![row(1, 100, 6_000, 100), row(2, 0, 6_000, 0)];
		rows[0].backlog = 9_000;
		let summary = report(rows, 9_100, 0).summary();
		assert!(summary.bound[0].starts_with("pool full"), "{:?}", summary.bound);
		assert!(
			summary.bound.iter().any(|b| b.starts_with("9000 accepted")),
			"{:?}",
			summary.bound
		);
	}

	#[test]
	fn load_left_behind_by_roomy_blocks_is_block_production_bound() {
		let mut rows = vec![row(1, 100, 6_000, 100), row(2, 100, 6_000, 100)];
		rows[0].backlog = 100;
		let summary = report(rows, 200, 12_000).summary();
		assert!(summary.bound[0].starts_with("block production"), "{:?}", summary.bound);
	}

	#[test]
	fn pool_limit_refusals_count_as_pool_full() {
		let mut submission = Submission::default();
		submission.refused.insert("Immediately Dropped (1016): limit".into(), 3);
		submission.refused.insert("Invalid Transaction (1010): stale".into(), 2);
		assert_eq!(submission.pool_full(), 3);
	}
}
