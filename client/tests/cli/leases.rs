//! `depin lease` against a `--dev` node: Charlie onboards and lists an H100 machine; Dave finds
//! it among the offers, posts an order, Charlie bids and Dave accepts, which starts a lease; the
//! machine's own key sends a heartbeat as a fee-less general transaction (another key's is
//! refused by the pool); Dave tops the lease up; a flood of paid transfers fills the pool while
//! the machine's heartbeats keep landing ahead of the queue; Dave closes the lease.

use crate::common::{self, DevNode};
use depin_e2e::keypair;
use std::collections::HashSet;

/// The maker's attestation key.
const MAKER: &str = "//ClientLeasesMaker";
/// The GPU machine's device key.
const GPU: &str = "//ClientGpuMachine";
/// The offer's price: 60 USD an hour, in credits.
const PRICE: &str = "6000000";
/// The most Dave pays: 72 USD an hour.
const MAX_PRICE: &str = "7200000";

#[tokio::test(flavor = "multi_thread")]
async fn an_order_becomes_a_lease_whose_heartbeats_land_through_a_flood_of_paid_transfers() {
	lease_journey().await;
}

/// Onboard, list, order, bid, accept, heartbeat, top up, flood, close.
async fn lease_journey() {
	let node = DevNode::start().await;
	let maker = node.open_market(&keypair(MAKER).expect("a URI"), &["//Charlie", "//Dave"]).await;
	let gpu = [
		"--class",
		"gpu",
		"--vendor",
		"NVIDIA",
		"--model",
		"H100",
		"--vram",
		"80",
		"--count",
		"8",
		"--interface",
		"sxm",
	];
	let device =
		common::onboard(&node, "//Charlie", (maker, MAKER), &common::device_key(GPU), &gpu).await;
	let device = device.to_string();
	let listed = ok(
		&node,
		quick(&["lease", "list", "--suri", "//Charlie", "--price", PRICE, "--min", "10"]),
		["--max", "600", "--region", "eu-west", &device].map(String::from).to_vec(),
		"lease list",
	)
	.await;
	assert!(listed["events"].to_string().contains("OfferListed"), "{listed}");

	// 400 blocks: the lease outlives the flood below however long the machine takes to drain it
	// (a lease of 100 one-second blocks could end mid-flood and take its heartbeats with it).
	let requirements = ["--max-price", MAX_PRICE, "--duration", "400", "--model", "H100"];
	let offers = ok(
		&node,
		[&["lease", "offers"][..], &requirements[..], &["--region", "eu-west"]].concat(),
		vec![],
		"lease offers",
	)
	.await;
	assert_eq!(offers[0]["device"].to_string(), device, "the machine is offered: {offers}");

	let order = ok(
		&node,
		[&quick(&["lease", "order", "--suri", "//Dave"])[..], &requirements[..]].concat(),
		["--min-vram", "80", "--gpus", "8", "--region", "eu-west"].map(String::from).to_vec(),
		"lease order",
	)
	.await;
	let order = order["order"].as_u64().expect("an order id").to_string();
	ok(
		&node,
		quick(&["lease", "bid", "--suri", "//Charlie", "--price", PRICE]),
		vec![order.clone(), "--device".into(), device.clone()],
		"lease bid",
	)
	.await;
	let accepted = ok(
		&node,
		quick(&["lease", "accept", "--suri", "//Dave"]),
		vec![order, "--device".into(), device.clone()],
		"lease accept",
	)
	.await;
	let lease = accepted["lease"].as_u64().expect("a lease id").to_string();

	// Another key's heartbeat is refused by the pool; the machine's own is taken, fee-less.
	let forged = node.depin(&["lease", "heartbeat", &lease, "--key", "//ClientNotTheGpu"]).await;
	let error = &forged.failed(3, "a forged heartbeat")["error"];
	assert!(error["reason"].as_str().is_some_and(|r| r.contains("bad proof")), "{error}");
	let beat =
		ok(&node, vec!["lease", "heartbeat", "--key", GPU], vec![lease.clone()], "heartbeat").await;
	assert!(beat["events"].to_string().contains("HeartbeatReceived"), "{beat}");
	assert!(!beat["events"].to_string().contains("TransactionFeePaid"), "no fee: {beat}");

	ok(
		&node,
		quick(&["lease", "top-up", "--suri", "//Dave"]),
		vec![lease.clone(), "100000".into()],
		"top-up",
	)
	.await;
	heartbeats_land_through_a_flood_of_paid_transfers(&node, &lease, beat).await;

	let shown = ok(&node, vec!["lease", "show"], vec![lease.clone()], "lease show").await;
	assert_eq!(shown["state"]["type"], "active", "{shown}");
	assert_eq!(shown["device"].to_string(), device, "{shown}");

	let closed =
		ok(&node, vec!["lease", "close", "--suri", "//Dave"], vec![lease.clone()], "close").await;
	assert!(closed["events"].to_string().contains("LeaseClosed"), "{closed}");
}

/// Paid load cannot starve a device's heartbeats: `depin load transfers` floods the pool with
/// 9,000 signed transfers, far more than a block takes (a debug node includes about 150 a
/// block, so a thousand and more wait), and while that queue stands the machine heartbeats once
/// an interval. Each heartbeat sent while more than 1,000 transfers wait is included ahead of
/// paid transfers queued before it (they are still waiting once it is in a block), within five
/// blocks of being sent: reports and heartbeats carry the highest pool priority, and the node's
/// single-state pool validates each submission at the best block. The machine heartbeats every interval from the start of the
/// load tool (which signs and funds for a while before it floods) until the queue has drained:
/// a lease that misses two intervals is in breach and closes on its next touch.
async fn heartbeats_land_through_a_flood_of_paid_transfers(
	node: &DevNode,
	lease: &str,
	mut last: serde_json::Value,
) {
	let flood = [
		"load",
		"transfers",
		"--rate",
		"3000",
		"--duration",
		"3",
		"--connections",
		"4",
		"--accounts",
		"32",
		"--suri",
		"//Alice",
	];
	let rpc = node.node.rpc().await.expect("RPC");
	// The transactions waiting in the pool, as their hex bytes.
	let pending = || async {
		let pending = rpc.request("author_pendingExtrinsics", vec![]).await.expect("the pool");
		let all = pending.as_array().cloned().unwrap_or_default();
		all.into_iter().filter_map(|tx| tx.as_str().map(str::to_owned)).collect::<HashSet<_>>()
	};
	let shown = ok(node, vec!["lease", "show"], vec![lease.to_owned()], "lease show").await;
	let number = |field: &str| shown[field].as_u64().unwrap_or_else(|| panic!("{field}: {shown}"));
	let (started, period) = (number("startedAt"), number("heartbeatPeriod"));
	// Waits until the interval after the one `beat` served has begun.
	let next_interval = |beat: &serde_json::Value| {
		let interval = beat["interval"].as_u64().expect("the heartbeat's interval");
		let rpc = &rpc;
		async move {
			while (rpc.best_number().await.expect("the best block") + 1).saturating_sub(started)
				/ period <= interval
			{
				tokio::time::sleep(std::time::Duration::from_millis(500)).await;
			}
		}
	};
	let beats = async {
		let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(240);
		let (mut flooded, mut landed) = (false, 0);
		loop {
			next_interval(&last).await;
			let waiting = pending().await;
			let before = waiting.len();
			flooded |= before >= 1_000;
			if flooded && before == 0 {
				break;
			}
			assert!(tokio::time::Instant::now() < deadline, "the flood never queued up or drained");
			let args = quick(&["lease", "heartbeat", "--key", GPU]);
			let beat = ok(node, args, vec![lease.to_owned()], "a heartbeat").await;
			if flooded && before > 1_000 {
				let block = beat["block"].as_u64().expect("the heartbeat's block");
				// The best block when the pool took it, after any tries the pool refused as not
				// yet (or no longer) in its interval.
				let sent_after = beat["sentAt"].as_u64().expect("when it was sent");
				let still = pending().await;
				let overtaken = waiting.intersection(&still).count();
				// It went ahead of paid transfers that were waiting before it was sent: they
				// are still waiting after it was included.
				assert!(overtaken > 0, "it waited behind all {before} queued before it");
				// And soon: a block already being built when it arrived does not take it, and
				// under the flood a debug node's blocks come late and run to their deadline.
				assert!(
					block <= sent_after + 5,
					"a heartbeat sent after #{sent_after} waited until #{block} behind paid load"
				);
				landed += 1;
			}
			last = beat;
		}
		assert!(landed >= 1, "no heartbeat was sent while the flood stood");
	};
	let (flooded, ()) =
		tokio::join!(node.depin_within(&flood, std::time::Duration::from_secs(300)), beats);
	let report = flooded.ok("load transfers");
	let summary = &report["summary"];
	let count =
		|field: &str| summary[field].as_u64().unwrap_or_else(|| panic!("{field}: {summary}"));
	assert!(count("leftBehind") > 500, "the blocks could not take the flood: {summary}");
	// Many times what the blocks take, and nothing the pool accepted is lost: every transfer
	// is either refused to its sender at submission or included.
	assert_eq!(count("submitted"), count("accepted") + count("refused"), "{summary}");
	assert_eq!(count("included"), count("accepted"), "accepted transfers were dropped: {summary}");
}

/// Runs `depin` with `args` then `extra`, expecting success; returns its JSON.
async fn ok(node: &DevNode, args: Vec<&str>, extra: Vec<String>, what: &str) -> serde_json::Value {
	let mut all: Vec<&str> = args;
	all.extend(extra.iter().map(String::as_str));
	node.depin(&all).await.ok(what)
}

/// `args` waiting only for inclusion in a block.
fn quick<'a>(args: &[&'a str]) -> Vec<&'a str> {
	let mut all = vec!["--wait", "in-block"];
	all.extend_from_slice(args);
	all
}
