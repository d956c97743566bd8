//! Data-transfer rewards end to end through `depin payer` and `depin session` against a `--dev`
//! node: a payer approved by sudo escrows credits; Charlie's and Dave's hotspots, in two hexes,
//! sign sessions the payer countersigns (20 GB and 5 GB) and anyone submits them; a session with a
//! forged countersignature and a replayed one are refused by name; the busy hex's coverage weight
//! is lower than the quieter one's; once the epoch ends each hotspot's reward is fixed at the cap
//! of the value its payer burned (the dev budget is far larger than the traffic), in proportion
//! to its bytes, and paid when the next epoch ends; DPN issuance stays accounted for throughout.

use std::time::Duration;

use crate::common::{self, DevNode};
use depin_e2e::{
	chain::{
		block_events, block_hash, books, field, field_u128, finalized_block, find_finalized,
		variant_name,
	},
	keypair,
};
use serde_json::{json, Value as Json};

/// The busy hotspot's cell: the Statue of Liberty, resolution 12.
const BUSY: &str = "0x08c2a1072b59b9ff";
/// The quieter hotspot's cell, 1.59 km away, in another resolution-8 hex.
const QUIET: &str = "0x08c2a1072b39b9ff";
/// The maker's attestation key.
const MAKER: &str = "//ClientUsageMaker";
/// The payer's routing key.
const ROUTER: &str = "sr25519://ClientUsageRouter";
/// A gigabyte.
const GB: u64 = 1_000_000_000;
/// The payer's price: $0.50 a gigabyte.
const PER_GB: u128 = 50_000;
/// Plancks one credit is worth at the test's price, $2 a DPN: 10¹² / (2 × 10⁵).
const PLANCKS_PER_CREDIT: u128 = 5_000_000;

#[tokio::test(flavor = "multi_thread")]
async fn payers_buy_hotspots_traffic_and_hotspots_are_paid_for_it_within_the_cap() {
	let node = DevNode::start().await;
	let buyers = ["//Charlie", "//Dave", "//Ferdie"];
	let maker = node.open_market(&keypair(MAKER).expect("a URI"), &buyers).await;
	let start = finalized(&node).await;

	// Two hotspots of two owners in two hexes.
	let mut hotspots = Vec::new();
	for (seed, cell, owner) in
		[("//ClientUsageBusy", BUSY, "//Charlie"), ("//ClientUsageQuiet", QUIET, "//Dave")]
	{
		let id = common::located_hotspot(&node, owner, (maker, MAKER), seed, cell).await;
		hotspots.push((id, seed, owner));
	}

	// Ferdie's carrier, approved by sudo, escrows credits for traffic.
	let payer = common::approved_payer(&node, "//Ferdie", ROUTER, (PER_GB, 0), "5000000").await;
	let payer = payer.to_string();

	// Each hotspot signs its session, the payer countersigns, anyone submits.
	let mut sessions = Vec::new();
	for ((id, seed, _), (gigabytes, session_id)) in hotspots.iter().zip([(20, 1u8), (5, 2)]) {
		let signed = sign(&node, (*id, seed), &payer, session_id, gigabytes * GB).await;
		sessions.push(countersign(&node, &signed, ROUTER).await);
	}
	let texts: Vec<String> = sessions.iter().map(Json::to_string).collect();
	let mut submit = vec!["--wait", "in-block", "session", "submit"];
	submit.extend(texts.iter().map(String::as_str));
	let submitted = node.depin(&submit).await.ok("session submit");
	assert_eq!(submitted["counted"].as_array().map(Vec::len), Some(2), "{submitted}");

	// A session the hotspot "countersigned" itself, and a replay: refused, each by name.
	let (busy, busy_seed, _) = hotspots[0];
	let signed = sign(&node, (busy, busy_seed), &payer, 3, GB).await;
	let forged = countersign(&node, &signed, busy_seed).await.to_string();
	let refused = node.depin(&["session", "submit", &forged]).await;
	let error = &refused.failed(3, "a forged countersignature")["error"];
	assert!(error["hint"].as_str().is_some_and(|h| h.contains("BadPayerSignature")), "{error}");
	let replayed = node.depin(&["session", "submit", &texts[0]]).await;
	let error = &replayed.failed(3, "a replayed session")["error"];
	assert!(error["hint"].as_str().is_some_and(|h| h.contains("DuplicateSession")), "{error}");

	// Paid traffic weighs the busy hex's coverage down more than the quieter one's: read at the
	// block that counted the sessions, in the epoch they were carried in (a dev epoch is ten
	// seconds, so the test may already be in the next one).
	let included = submitted["blockHash"].clone();
	let carried_in =
		rpc_at(&node, "depin_hotspotUsage", vec![json!(hotspots[0].0)], &included).await;
	let epoch = carried_in["currentEpoch"].as_u64().expect("an epoch");
	assert_eq!(carried_in["thisEpoch"]["bytes"], json!((20 * GB).to_string()), "{carried_in}");
	let demand_of = |cell: &str| vec![json!(cell), json!(epoch)];
	let busy_demand = rpc_at(&node, "depin_hexDemand", demand_of(BUSY), &included).await;
	let quiet_demand = rpc_at(&node, "depin_hexDemand", demand_of(QUIET), &included).await;
	assert_ne!(busy_demand["hex"], quiet_demand["hex"], "two hexes");
	let weight = |demand: &Json| {
		demand["coverageWeight"].as_str().and_then(|w| w.parse::<f64>().ok()).expect("a weight")
	};
	assert!(weight(&busy_demand) < weight(&quiet_demand), "{busy_demand} {quiet_demand}");
	assert!(weight(&quiet_demand) < 1.0, "{quiet_demand}");

	// Fresh prices for the rewards basis, then the epoch ends: each hotspot's reward, read where
	// the epoch's rewards were noted, is the cap (3×) of the value its payer burned for it, so
	// 4:1 like its bytes.
	for feeder in ["//Alice", "//Bob"] {
		node.depin(&["--wait", "in-block", "bme", "price", "2", "--suri", feeder])
			.await
			.ok("bme price");
	}
	let included_number = submitted["block"].as_u64().expect("a block number");
	let (noted_at, ()) = find_finalized(
		&node.client,
		included_number,
		Duration::from_secs(120),
		"the noting of the epoch's data-transfer rewards",
		|at| async move {
			let noted = block_events(&at, "Usage", "RewardsNoted").await;
			noted
				.iter()
				.any(|event| field_u128(event, "earned_in") == u128::from(epoch))
				.then_some(())
		},
	)
	.await;
	let mut rewards = Vec::new();
	for ((id, _, _), gigabytes) in hotspots.iter().zip([20u128, 5]) {
		let usage =
			rpc_at(&node, "depin_hotspotUsage", vec![json!(id)], &block_hash(&noted_at)).await;
		assert_eq!(usage["currentEpoch"].as_u64(), Some(epoch + 1), "{usage}");
		let reward: u128 = usage["lastEpochReward"]
			.as_str()
			.and_then(|reward| reward.parse().ok())
			.unwrap_or_else(|| panic!("hotspot {id}'s reward is fixed: {usage}"));
		let value = gigabytes * PER_GB * PLANCKS_PER_CREDIT;
		assert_eq!(reward, 3 * value, "hotspot {id}'s reward is the cap of its value");
		rewards.push(reward);
	}
	assert_eq!(rewards[0], 4 * rewards[1], "rewards in proportion to bytes");

	// The pool pays Charlie his reward when the epoch it was noted in ends.
	let charlie = keypair("//Charlie").expect("Charlie").public_key().0;
	let (paid_at, paid) = find_finalized(
		&node.client,
		start.block_number(),
		Duration::from_secs(120),
		"Charlie's data-transfer reward",
		|at| async move {
			block_events(&at, "Bme", "RewardPaid").await.into_iter().find(|event| {
				variant_name(field(event, "pool")) == Some("DataTransfer")
					&& format!("{}", field(event, "who")).contains(&bytes_text(&charlie))
			})
		},
	)
	.await;
	assert_eq!(field_u128(&paid, "amount"), rewards[0], "paid at #{}", paid_at.block_number());

	// Issuance: what changed is exactly what the BME pallet minted less what was burned.
	let (before, after) = (books(&start).await, books(&paid_at).await);
	assert_eq!(
		after.issuance
			+ (after.burned - before.burned)
			+ (after.externally_burned - before.externally_burned),
		before.issuance + (after.minted - before.minted),
		"every DPN minted and burned is accounted for: {before:?} → {after:?}"
	);
}

/// The finalized block now.
async fn finalized(node: &DevNode) -> depin_e2e::AtBlock {
	let head = node.rpc.request("chain_getFinalizedHead", vec![]).await.expect("a head");
	let header = node.rpc.request("chain_getHeader", vec![head]).await.expect("a header");
	let number = header["number"].as_str().expect("a number");
	let number = u64::from_str_radix(number.trim_start_matches("0x"), 16).expect("hex");
	finalized_block(&node.client, number).await
}

/// `depin session sign` of `bytes` down by hotspot `id` (key `seed`) for `payer`.
async fn sign(
	node: &DevNode,
	(id, seed): (u64, &str),
	payer: &str,
	session: u8,
	bytes: u64,
) -> Json {
	let (id, bytes) = (id.to_string(), bytes.to_string());
	let session_id = format!("0x{}", format!("{session:02x}").repeat(16));
	node.depin(&[
		"session",
		"sign",
		"--device",
		&id,
		"--key",
		seed,
		"--payer",
		payer,
		"--id",
		&session_id,
		"--bytes-down",
		&bytes,
	])
	.await
	.ok("session sign")
}

/// `depin payer countersign` of `session` with the key `key`.
async fn countersign(node: &DevNode, session: &Json, key: &str) -> Json {
	node.depin(&["payer", "countersign", "--key", key, &session.to_string()])
		.await
		.ok("payer countersign")
}

/// `method` of `params` answered at block `at` (a JSON block hash).
async fn rpc_at(node: &DevNode, method: &str, mut params: Vec<Json>, at: &Json) -> Json {
	params.push(at.clone());
	let answer = node.rpc.request(method, params).await;
	answer.unwrap_or_else(|error| panic!("{method} at {at}: {error}"))
}

/// `bytes` as a decoded event shows them: `(1, 2, …)`.
fn bytes_text(bytes: &[u8]) -> String {
	let numbers: Vec<String> = bytes.iter().map(u8::to_string).collect();
	format!("({})", numbers.join(", "))
}
