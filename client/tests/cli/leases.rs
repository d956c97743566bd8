//! `depin lease` against a `--dev` node: Charlie onboards and lists an H100 machine; Dave finds
//! it among the offers, posts an order, Charlie bids and Dave accepts, which starts a lease; the
//! machine's own key sends a heartbeat as a fee-less general transaction (another key's is
//! refused by the pool); Dave tops the lease up; Dave closes the lease. An opt-in variant floods
//! the pool with paid transfers between the top-up and the close while the machine's heartbeats
//! must keep landing ahead of the queue.

use crate::common::{self, public_hex, DevNode};
use depin_e2e::keypair;

/// The maker's attestation key.
const MAKER: &str = "//ClientLeasesMaker";
/// The GPU machine's device key.
const GPU: &str = "//ClientGpuMachine";
/// The offer's price: 60 USD an hour, in credits.
const PRICE: &str = "6000000";
/// The most Dave pays: 72 USD an hour.
const MAX_PRICE: &str = "7200000";

#[tokio::test(flavor = "multi_thread")]
async fn an_order_becomes_a_lease_that_heartbeats_tops_up_and_closes() {
	lease_journey(false).await;
}

/// The same journey with a flood of paid transfers between the top-up and the close, during
/// which the machine's heartbeats must keep landing. Opt-in (`cargo nextest run -p depin-client
/// --run-ignored only flood`): in rehearsals the lease vanished mid-flood in three of five runs
/// (`Leases::UnknownLease` for a heartbeat, or `LeaseClosed` at the close); until that is
/// understood it cannot gate CI. The pool priority itself is unit-tested in the leases pallet.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "the lease vanishes mid-flood in some runs (issue 16, finding 4): under investigation"]
async fn heartbeats_land_through_a_flood_in_a_lease_journey() {
	lease_journey(true).await;
}

/// Onboard, list, order, bid, accept, heartbeat, top up, (flood,) close.
async fn lease_journey(flood: bool) {
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
	let device = common::onboard(&node, "//Charlie", (maker, MAKER), &public_hex(GPU), &gpu).await;
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
	if flood {
		heartbeats_land_through_a_flood_of_paid_transfers(&node, &lease).await;
	}

	let shown = ok(&node, vec!["lease", "show"], vec![lease.clone()], "lease show").await;
	assert_eq!(shown["state"]["type"], "active", "{shown}");
	assert_eq!(shown["device"].to_string(), device, "{shown}");

	let closed =
		ok(&node, vec!["lease", "close", "--suri", "//Dave"], vec![lease.clone()], "close").await;
	assert!(closed["events"].to_string().contains("LeaseClosed"), "{closed}");
}

/// Paid load cannot starve a device's heartbeats: `depin load transfers` floods the pool with
/// 9,000 signed transfers, far more than a block takes (a debug node includes about 150 a
/// block, so thousands wait), and while that queue stands the machine heartbeats once an
/// interval. Each heartbeat is included within two blocks of being sent, ahead of the thousands
/// of paid transfers queued before it: reports and heartbeats carry the highest pool priority.
/// The machine goes on heartbeating until the queue has drained, so that the lease is not in
/// breach (two intervals missed) when the tenant closes it.
async fn heartbeats_land_through_a_flood_of_paid_transfers(node: &DevNode, lease: &str) {
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
	let pending = || async {
		let pending = rpc.request("author_pendingExtrinsics", vec![]).await.expect("the pool");
		pending.as_array().map_or(0, Vec::len)
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
		let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(90);
		while pending().await < 2_000 {
			assert!(tokio::time::Instant::now() < deadline, "the flood never queued up");
			tokio::time::sleep(std::time::Duration::from_millis(500)).await;
		}
		let mut landed = 0;
		while pending().await > 500 {
			let args = quick(&["lease", "heartbeat", "--key", GPU]);
			let beat = ok(node, args, vec![lease.to_owned()], "a heartbeat in the flood").await;
			let block = beat["block"].as_u64().expect("the heartbeat's block");
			// The best block when the pool took it, after any tries the busy pool refused as
			// not yet (or no longer) in its interval.
			let sent_after = beat["sentAt"].as_u64().expect("when it was sent");
			let queued = pending().await;
			// Two blocks to land, up to two more when the command waits out an interval's last
			// block, and at most one interval more when the busy pool validated it too late for
			// its interval and the command signed the next one; behind the queue of thousands it
			// would wait forty blocks and more (and, without the priority, it is dropped).
			assert!(
				block <= sent_after + 4 + period,
				"a heartbeat sent after #{sent_after} waited until #{block} behind paid load"
			);
			// Sent while more than 500 waited; paid transfers queued before it are still there.
			assert!(queued > 0, "paid transfers were still queued behind it: {queued}");
			landed += 1;
			next_interval(&beat).await;
		}
		assert!(landed >= 1, "no heartbeat was sent while the flood stood");
		// While the rest of the queue drains, the machine keeps serving each interval, so that
		// the lease the tenant closes afterwards is not in breach.
		while pending().await > 0 {
			let args = quick(&["lease", "heartbeat", "--key", GPU]);
			let beat = ok(node, args, vec![lease.to_owned()], "a heartbeat as it drains").await;
			next_interval(&beat).await;
		}
	};
	let (flooded, ()) =
		tokio::join!(node.depin_within(&flood, std::time::Duration::from_secs(300)), beats);
	let report = flooded.ok("load transfers");
	assert!(
		report["summary"]["leftBehind"].as_u64().is_some_and(|left| left > 1_000),
		"the blocks could not take the flood: {}",
		report["summary"]
	);
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
