//! `depin lease` against a `--dev` node: Charlie onboards and lists an H100 machine; Dave finds
//! it among the offers, posts an order, Charlie bids and Dave accepts, which starts a lease; the
//! machine's own key sends a heartbeat as a fee-less general transaction (another key's is
//! refused by the pool); Dave tops the lease up and closes it.

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

	let requirements = ["--max-price", MAX_PRICE, "--duration", "100", "--model", "H100"];
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
	let shown = ok(&node, vec!["lease", "show"], vec![lease.clone()], "lease show").await;
	assert_eq!(shown["state"]["type"], "active", "{shown}");
	assert_eq!(shown["device"].to_string(), device, "{shown}");

	let closed =
		ok(&node, vec!["lease", "close", "--suri", "//Dave"], vec![lease.clone()], "close").await;
	assert!(closed["events"].to_string().contains("LeaseClosed"), "{closed}");
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
