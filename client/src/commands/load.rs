//! `depin load transfers|coverage|sessions`: pre-signed transactions sent at a target rate over
//! several connections, and what the chain included block by block: `Balances.transfer_keep_alive`
//! from funded senders, fee-less `Coverage.submit_report`s of a fleet's hotspots, each with its
//! receipts signed by the witnesses' device keys, or fee-less `Usage.submit_sessions` reports of
//! a carrier's data-transfer sessions, each signed by its hotspot and countersigned.

use std::{sync::Arc, time::Duration};

use serde_json::json;
use subxt::{
	config::SubstrateExtrinsicParamsBuilder,
	ext::futures::future::join_all,
	utils::{AccountId32, MultiAddress},
};
use subxt_signer::sr25519::Keypair;

use super::Context;
use crate::{
	amount::format_dpn,
	carrier::{self, Carrier},
	chain::{Chain, Config, Wait},
	cli::{LoadArgs, LoadCommand},
	errors::{Error, Result},
	fleet::{Fleet, Governance, Spec},
	keys,
	output::Output,
	runtime::{
		api::{
			self,
			runtime_types::{
				depin_runtime::RuntimeCall, pallet_balances::pallet::Call as BalancesCall,
			},
		},
		BoundedVec,
	},
	sim,
	traffic::{self, Counters, Report, Watch, Watcher},
};

/// What each transfer sends: 0.001 DPN, the existential deposit, to the next sender.
const TRANSFER: u128 = 1_000_000_000;
/// Transfers per funding `Utility.batch_all`.
const FUNDING_BATCH: usize = 200;
/// Headroom a funded sender keeps beyond its transfers and fees: 1 DPN.
const HEADROOM: u128 = 1_000_000_000_000;

/// Runs a load command.
pub async fn run(context: &Context, command: LoadCommand) -> Result<Output> {
	match command {
		LoadCommand::Transfers { load, accounts, seed } => {
			transfers(context, &load, accounts, &seed).await
		}
		LoadCommand::Coverage {
			load,
			witnesses,
			witness_pool,
			forged,
			operators,
			seed,
			governance,
		} => {
			let governance = governance.governance()?;
			let shape = Shape { witnesses, pool: witness_pool.unwrap_or(witnesses), forged };
			coverage(context, &load, shape, operators, &seed, governance).await
		}
		LoadCommand::Sessions {
			load,
			sessions: per_report,
			hotspots,
			payers,
			operators,
			seed,
			governance,
		} => {
			if !governance.sudo {
				return Err(Error::Usage(
					"load sessions needs --sudo: its carrier is approved by sudo".into(),
				));
			}
			let governance = governance.governance()?;
			let fleet = FleetShape { hotspots, payers, operators, seed: &seed };
			sessions(context, &load, per_report, fleet, governance).await
		}
	}
}

/// Sends `txs` at the load's rate over its connections (transaction `i` after the node answered
/// `i - after`) while the watcher reads the blocks from the best one now, and reports both.
async fn send(
	url: &str,
	args: &LoadArgs,
	watcher: &Watcher,
	watch: Watch,
	txs: Vec<Vec<u8>>,
	after: usize,
) -> Result<Report> {
	// Blocks up to the best one were built before the first transaction was sent, also when
	// the watcher follows the finalized chain.
	let from = watcher.head(Wait::InBlock).await?;
	let rpcs = traffic::connect(url, args.connections).await?;
	eprintln!(
		"sending {} {} at {} tx/s over {} connections, from block #{from}…",
		txs.len(),
		watch.label,
		args.rate,
		args.connections
	);
	let counters = Arc::new(Counters::default());
	let (submission, watched) = tokio::try_join!(
		traffic::submit_paced(&rpcs, txs, args.rate, after, counters.clone()),
		traffic::watch_blocks(watcher, &watch, from, &counters),
	)?;
	Ok(Report { label: watch.label, events: watch.events, submission, watched })
}

/// What each coverage report carries.
struct Shape {
	/// Receipts per report.
	witnesses: usize,
	/// Hotspots on the witnesses' ring, whose consecutive runs of `witnesses` the reports take
	/// in turn.
	pool: usize,
	/// Whether the last receipt of every report is forged.
	forged: bool,
}

/// `depin load coverage`.
async fn coverage(
	context: &Context,
	args: &LoadArgs,
	Shape { witnesses, pool, forged }: Shape,
	operators: usize,
	seed: &str,
	governance: Governance,
) -> Result<Output> {
	let total = total(args)? as usize;
	let funder = context.signer()?;
	let chain = Chain::connect(&context.url, Wait::InBlock).await?;
	let max = chain.constant_u32(api::constants().coverage().max_witnesses()).await? as usize;
	if witnesses == 0 || witnesses > max {
		return Err(Error::Usage(format!("--witnesses: 1 to {max} (the runtime's MaxWitnesses)")));
	}
	if pool < witnesses {
		return Err(Error::Usage(format!("--witness-pool: at least --witnesses ({witnesses})")));
	}
	if operators < 2 {
		return Err(Error::Usage(
			"--operators: at least 2 (the witnesses' owners and the beaconers' owners differ: \
			 a receipt by a hotspot of the beaconer's owner earns nothing)"
				.into(),
		));
	}
	let spec = Spec {
		seed: seed.to_owned(),
		hotspots: total + pool,
		operators,
		gpus: 0,
		center: sim::city("berlin").map_err(Error::Usage)?,
		radius: 3_000.0,
		cluster_every: 0,
		ring: pool,
	};
	eprintln!("setting up {total} beaconers and {pool} witnesses (seed {seed:?})…");
	let mut fleet = Fleet::new(&spec)?;
	fleet.prepare(&chain, &funder, governance).await?;

	let watcher = Watcher::connect(&context.url).await?;
	let entropy = chain.finalized().await?;
	eprintln!("signing {total} reports with {witnesses} receipts each at block #{}…", entropy.0);
	let mut rng = sim::Rng::new(&format!("{seed}/radio"));
	let genesis = chain.genesis_hash().await?;
	let (reports, counts): (Vec<_>, Vec<usize>) = (0..total)
		.map(|index| {
			let first = index * witnesses;
			let ring = (first..first + witnesses).map(|position| position % pool);
			let beaconer = pool + index;
			let (beacon, mut receipts) =
				fleet.beacon_and_receipts(&genesis, beaconer, ring, witnesses, entropy, &mut rng);
			if let (true, Some(last)) = (forged, receipts.last_mut()) {
				last.snr_db_x10 += 1;
			}
			let count = receipts.len();
			(api::transactions().coverage().submit_report(beacon, BoundedVec(receipts)), count)
		})
		.unzip();
	let receipts: usize = counts.iter().sum();
	let txs = chain.general_transactions(&reports).await?;

	let watch = Watch {
		follow: context.wait,
		calls: vec!["Coverage.submit_report".into()],
		events: vec!["Coverage.BeaconAccepted".into(), "Coverage.WitnessInvalid".into()],
		label: "reports".into(),
		drain: Duration::from_secs(args.drain_timeout),
		progress: true,
	};
	// Reports carry no nonces: none waits for another.
	let report = send(&context.url, args, &watcher, watch, txs, 0).await?;
	let mut json = report.to_json();
	let per_report = receipts as f64 / total as f64;
	let reports_per_second = json["summary"]["includedPerSecond"].as_f64().unwrap_or(0.0);
	let receipts_per_second = reports_per_second * per_report;
	json["target"] = json!({
		"rate": args.rate,
		"duration": args.duration,
		"connections": args.connections,
		"reports": total,
		"witnesses": witnesses,
		"witnessPool": pool,
		"forged": forged,
		"receipts": receipts,
		"seed": seed,
		"follow": match context.wait { Wait::InBlock => "best", Wait::Finalized => "finalized" },
	});
	json["receiptsPerSecond"] = json!((receipts_per_second * 100.0).round() / 100.0);
	let text = format!(
		"{}\n\nreceipts: {receipts} signed ({per_report:.1} a report); included per second: \
		 {receipts_per_second:.1}",
		report.to_text()
	);
	Ok(Output { text, json })
}

/// Who carries a sessions load.
struct FleetShape<'a> {
	/// Hotspots, if given.
	hotspots: Option<usize>,
	/// Carriers (payers).
	payers: usize,
	/// Their operators.
	operators: usize,
	/// The keys' seed.
	seed: &'a str,
}

/// `depin load sessions`.
async fn sessions(
	context: &Context,
	args: &LoadArgs,
	per_report: usize,
	FleetShape { hotspots, payers, operators, seed }: FleetShape<'_>,
	governance: Governance,
) -> Result<Output> {
	let reports = total(args)? as usize;
	let funder = context.signer()?;
	let chain = Chain::connect(&context.url, Wait::InBlock).await?;
	let usage = api::constants().usage();
	let max = chain.constant_u32(usage.max_sessions_per_report()).await? as usize;
	if per_report == 0 || per_report > max {
		return Err(Error::Usage(format!(
			"--sessions: 1 to {max} (the runtime's MaxSessionsPerReport)"
		)));
	}
	let sessions = reports * per_report;
	let per_hotspot = chain.constant_u32(usage.max_sessions_per_hotspot_epoch()).await?.max(1);
	let hotspots = hotspots.unwrap_or(sessions.div_ceil(per_hotspot as usize)).max(per_report);
	if operators == 0 {
		return Err(Error::Usage("--operators: at least 1".into()));
	}
	if payers == 0 || payers > per_report {
		return Err(Error::Usage(format!("--payers: 1 to --sessions ({per_report})")));
	}
	let spec = Spec {
		seed: seed.to_owned(),
		hotspots,
		operators,
		gpus: 0,
		center: sim::city("berlin").map_err(Error::Usage)?,
		radius: 3_000.0,
		cluster_every: 0,
		ring: 0,
	};
	eprintln!("setting up {hotspots} hotspots and {payers} carriers (seed {seed:?})…");
	let mut fleet = Fleet::new(&spec)?;
	fleet.prepare(&chain, &funder, governance).await?;
	// Session `k` of the load is carrier `k % payers`'s, so a report has several payers.
	let mut carriers =
		(0..payers).map(|index| Carrier::numbered(seed, index)).collect::<Result<Vec<_>>>()?;
	let credits = sessions.div_ceil(payers) as u128 * carrier::MAX_SESSION_CREDITS;
	for carrier in &mut carriers {
		carrier.prepare(&chain, &funder, credits).await?;
	}
	let devices = fleet
		.hotspots
		.iter()
		.map(|hotspot| {
			Ok((
				hotspot.id.ok_or_else(|| Error::Other("a hotspot not onboarded".into()))?,
				&hotspot.pair,
			))
		})
		.collect::<Result<Vec<_>>>()?;

	// Report `r` is due `r / rate` seconds after the first; its sessions end at the block then
	// expected, less a tenth and two blocks of slack (a session may not end after the block
	// that counts it).
	let watcher = Watcher::connect(&context.url).await?;
	let from = watcher.head(Wait::InBlock).await?;
	let block_seconds = chain.constant_u64(api::constants().timestamp().minimum_period()).await?
		as f64 * 2.0
		/ 1000.0;
	let genesis = chain.genesis_hash().await?;
	eprintln!("signing {reports} reports of {per_report} sessions from block #{from}…");
	let mut calls = Vec::with_capacity(reports);
	for report in 0..reports {
		let due = report as f64 / args.rate / block_seconds.max(0.001);
		let end = (from + (due * 0.9) as u64).saturating_sub(2);
		let mut signed = Vec::with_capacity(per_report);
		for j in 0..per_report {
			let k = report * per_report + j;
			let carried = [devices[k % devices.len()]];
			signed.extend(carriers[k % payers].sign(&genesis, &carried, end)?);
		}
		calls.push(api::transactions().usage().submit_sessions(BoundedVec(signed)));
	}
	let txs = chain.general_transactions(&calls).await?;

	let watch = Watch {
		follow: context.wait,
		calls: vec!["Usage.submit_sessions".into()],
		events: vec!["Usage.SessionCounted".into(), "System.ExtrinsicFailed".into()],
		label: "reports".into(),
		drain: Duration::from_secs(args.drain_timeout),
		progress: true,
	};
	// Reports carry no nonces: none waits for another.
	let report = send(&context.url, args, &watcher, watch, txs, 0).await?;
	let mut json = report.to_json();
	let counted = json["summary"]["events"]["Usage.SessionCounted"].as_u64().unwrap_or(0);
	let busy = json["summary"]["busySeconds"].as_f64().unwrap_or(0.0);
	let per_second = if busy > 0.0 { counted as f64 / busy } else { 0.0 };
	json["target"] = json!({
		"rate": args.rate,
		"duration": args.duration,
		"connections": args.connections,
		"reports": reports,
		"sessionsPerReport": per_report,
		"sessions": sessions,
		"hotspots": hotspots,
		"payers": payers,
		"seed": seed,
		"follow": match context.wait { Wait::InBlock => "best", Wait::Finalized => "finalized" },
	});
	json["sessionsCounted"] = json!(counted);
	json["sessionsPerSecond"] = json!((per_second * 100.0).round() / 100.0);
	let text = format!(
		"{}\n\nsessions: {sessions} signed ({per_report} a report, {hotspots} hotspots, {payers} \
		 payers); counted: {counted}, {per_second:.1} per second",
		report.to_text()
	);
	Ok(Output { text, json })
}

/// The number of transactions a load sends: `rate × duration`, checked.
pub fn total(args: &LoadArgs) -> Result<u64> {
	if !(args.rate > 0.0 && args.rate.is_finite()) {
		return Err(Error::Usage("--rate must be a positive number of transactions/s".into()));
	}
	if !(args.duration > 0.0 && args.duration.is_finite()) {
		return Err(Error::Usage("--duration must be a positive number of seconds".into()));
	}
	if args.connections == 0 {
		return Err(Error::Usage("--connections must be at least 1".into()));
	}
	let total = (args.rate * args.duration).round();
	if !(1.0..=10_000_000.0).contains(&total) {
		return Err(Error::Usage(format!(
			"--rate × --duration gives {total} transactions; send between 1 and 10,000,000"
		)));
	}
	Ok(total as u64)
}

/// The sender key of index `index`: `//<seed>/sender/<index>`.
pub fn sender(seed: &str, index: u32) -> Result<Keypair> {
	keys::pair(&format!("//{seed}/sender/{index}")).map_err(Error::Usage)
}

/// `depin load transfers`.
async fn transfers(
	context: &Context,
	args: &LoadArgs,
	accounts: u32,
	seed: &str,
) -> Result<Output> {
	let total = total(args)?;
	if accounts < 2 {
		return Err(Error::Usage("--accounts must be at least 2 (each pays the next)".into()));
	}
	let funder = context.signer()?;
	let chain = context.chain().await?;
	let watcher = Watcher::connect(&context.url).await?;
	// Every sender sends at least one transfer; the last pays the first.
	let accounts = accounts.min(u32::try_from(total).unwrap_or(u32::MAX).max(2));
	let senders = (0..accounts).map(|i| sender(seed, i)).collect::<Result<Vec<_>>>()?;
	let ids: Vec<AccountId32> = senders.iter().map(keys::account).collect();
	let nonces = join_all(ids.iter().map(|id| next_nonce(&chain, id))).await;
	let nonces = nonces.into_iter().collect::<Result<Vec<_>>>()?;

	eprintln!("signing {total} transfers of {accounts} senders…");
	let at = watcher.at(watcher.head(Wait::InBlock).await?).await?;
	let txs = presign(&at, &senders, &ids, &nonces, total)?;
	let fee = at
		.transactions()
		.from_bytes(txs[0].clone())
		.partial_fee_estimate()
		.await
		.map_err(|e| Error::Rpc(format!("the fee of a transfer: {e}")))?;
	let free = free_balances(&at, &ids).await?;
	let funded = fund(&chain, &funder, &ids, &free, total, fee).await?;

	let follow = context.wait;
	let watch = Watch {
		follow,
		calls: vec!["Balances.transfer_keep_alive".into()],
		events: vec!["Balances.Transfer".into(), "System.ExtrinsicFailed".into()],
		label: "transfers".into(),
		drain: Duration::from_secs(args.drain_timeout),
		progress: true,
	};
	let report = send(&context.url, args, &watcher, watch, txs, senders.len()).await?;
	let mut json = report.to_json();
	json["target"] = json!({
		"rate": args.rate,
		"duration": args.duration,
		"connections": args.connections,
		"accounts": accounts,
		"transactions": total,
		"seed": seed,
		"follow": match follow { Wait::InBlock => "best", Wait::Finalized => "finalized" },
	});
	json["funding"] = json!({ "funded": funded, "feeEstimate": fee.to_string() });
	let text = format!(
		"{}\n\nsenders: {accounts} (//{seed}/sender/0..{}), {funded} funded now; fee per \
		 transfer about {}",
		report.to_text(),
		accounts - 1,
		format_dpn(fee)
	);
	Ok(Output { text, json })
}

/// An account's next nonce, counting the transaction pool.
async fn next_nonce(chain: &Chain, id: &AccountId32) -> Result<u64> {
	let nonce = chain.request("system_accountNextIndex", vec![json!(id.to_string())]).await?;
	nonce.as_u64().ok_or_else(|| Error::Rpc(format!("system_accountNextIndex returned {nonce}")))
}

/// Signs `total` immortal transfers, transaction `k` from sender `k % n` with its nonce
/// `nonces[k % n] + k / n`, to the next sender; in parallel on the machine's cores.
fn presign(
	at: &subxt::OnlineClientAtBlock<Config>,
	senders: &[Keypair],
	ids: &[AccountId32],
	nonces: &[u64],
	total: u64,
) -> Result<Vec<Vec<u8>>> {
	let count = senders.len() as u64;
	let sign = |k: u64| -> Result<Vec<u8>> {
		let index = (k % count) as usize;
		let next = ids[(index + 1) % ids.len()];
		let call =
			api::transactions().balances().transfer_keep_alive(MultiAddress::Id(next), TRANSFER);
		let params = SubstrateExtrinsicParamsBuilder::<Config>::new()
			.immortal()
			.nonce(nonces[index] + k / count)
			.build();
		let built = at
			.transactions()
			.create_signable_offline(&call, params)
			.and_then(|mut signable| signable.sign(&senders[index]))
			.map_err(|e| Error::Other(format!("cannot sign a transfer: {e}")))?;
		Ok(built.into_encoded())
	};
	let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
	let chunk = total.div_ceil(threads);
	std::thread::scope(|scope| {
		let handles: Vec<_> = (0..threads)
			.map(|t| {
				let sign = &sign;
				scope.spawn(move || {
					(t * chunk..((t + 1) * chunk).min(total)).map(sign).collect::<Result<Vec<_>>>()
				})
			})
			.collect();
		let mut txs = Vec::with_capacity(total as usize);
		for handle in handles {
			let part =
				handle.join().map_err(|_| Error::Other("a signing thread panicked".into()))?;
			txs.extend(part?);
		}
		Ok(txs)
	})
}

/// The free balances of `ids` at the block of `at` (one storage read each, on one client:
/// a client per read would open a `chainHead_follow` subscription each, and the node allows
/// only a few per connection).
async fn free_balances(
	at: &subxt::OnlineClientAtBlock<Config>,
	ids: &[AccountId32],
) -> Result<Vec<u128>> {
	let storage = at.storage();
	let reads = ids.iter().map(|id| async {
		let value = storage
			.fetch(api::storage().system().account(), (*id,))
			.await
			.map_err(|e| Error::Rpc(format!("System.Account: {e}")))?;
		let info: crate::chain::AccountInfo =
			value.decode().map_err(|e| Error::Rpc(format!("System.Account: {e}")))?;
		Ok(info.data.free)
	});
	join_all(reads).await.into_iter().collect()
}

/// Funds the senders whose `free` balance is less than their transfers and fees need (sender `i` sends
/// `total / n` transfers, one more for the first `total % n`), in `Utility.batch_all`s of
/// `transfer_keep_alive` signed by `funder`, each waited for; returns how many it funded.
async fn fund(
	chain: &Chain,
	funder: &Keypair,
	ids: &[AccountId32],
	free: &[u128],
	total: u64,
	fee: u128,
) -> Result<usize> {
	let count = ids.len() as u64;
	let mut calls = Vec::new();
	for (index, (id, free)) in ids.iter().zip(free.iter().copied()).enumerate() {
		let sends = total / count + u64::from((index as u64) < total % count);
		let need = u128::from(sends) * (2 * fee + TRANSFER) + HEADROOM;
		if free < need {
			calls.push(RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
				dest: MultiAddress::Id(*id),
				value: 2 * need - free,
			}));
		}
	}
	let funded = calls.len();
	if funded == 0 {
		return Ok(0);
	}
	let batches = funded.div_ceil(FUNDING_BATCH);
	eprintln!("funding {funded} senders in {batches} batch(es)…");
	while !calls.is_empty() {
		let rest = calls.split_off(calls.len().min(FUNDING_BATCH));
		let batch = api::transactions().utility().batch_all(std::mem::replace(&mut calls, rest));
		let receipt = chain.submit(&batch, funder).await?;
		if receipt.event("Utility", "BatchCompleted").is_none() {
			return Err(Error::Other(format!(
				"the funding batch in block #{} did not complete",
				receipt.block
			)));
		}
	}
	Ok(funded)
}
