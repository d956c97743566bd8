//! `depin lease available` against a `--dev` node: Charlie onboards and lists an H100 machine
//! that nobody leases; governance shortens the availability window to ten blocks; once a whole
//! window has passed with the machine idle, its own key proves the window with a fee-less
//! general transaction over the hash of the window's last block, and Charlie earns a share of
//! the compute-availability pool. Another key's proof is refused by the pool, and the same
//! window is never paid twice.

use crate::common::{self, DevNode};
use depin_e2e::{
	chain::{call, expect_sudo_ok, submit, sudo},
	keypair,
	subxt::dynamic::Value,
	subxt_signer::sr25519::dev,
};
use std::time::Duration;

/// The maker's attestation key.
const MAKER: &str = "//ClientAvailabilityMaker";
/// The GPU machine's device key.
const GPU: &str = "//ClientIdleGpuMachine";
/// The availability window the test sets, in blocks.
const WINDOW: u64 = 10;

#[tokio::test(flavor = "multi_thread")]
async fn an_idle_listed_machine_proves_each_window_once_and_earns_availability_shares() {
	let node = DevNode::start().await;
	let maker = node.open_market(&keypair(MAKER).expect("a URI"), &["//Charlie"]).await;
	let gpu = ["--class", "gpu", "--vendor", "NVIDIA", "--model", "H100", "--vram", "80"];
	let gpu = [&gpu[..], &["--count", "8", "--interface", "sxm"]].concat();
	let device =
		common::onboard(&node, "//Charlie", (maker, MAKER), &common::device_key(GPU), &gpu).await;
	let device = device.to_string();
	let list = ["lease", "list", "--suri", "//Charlie", "--price", "1000000", "--min", "10"];
	let list = [&list[..], &["--max", "600", "--region", "eu-west", &device]].concat();
	node.depin(&list).await.ok("lease list");

	let parameters = Value::named_composite([
		("period", Value::u128(WINDOW.into())),
		("max_price_per_gpu_hour", Value::u128(400_000)),
		("max_min_duration", Value::u128(14_400)),
	]);
	let set = sudo(call("Leases", "set_availability_parameters", vec![("parameters", parameters)]));
	let done = submit(&node.rpc, &node.client, &set, &dev::alice(), "availability window").await;
	expect_sudo_ok(&done, "availability window");

	// A whole window after the listing and the change, then the window after it.
	let now = node.rpc.best_number().await.expect("best block");
	let ready = (now / WINDOW + 2) * WINDOW + 1;
	node.node.wait_for_best(ready, Duration::from_secs(120)).await.expect("the window ends");

	let forged = node.depin(&["lease", "available", &device, "--key", "//ClientNotTheGpu"]).await;
	let error = &forged.failed(3, "a forged availability proof")["error"];
	assert!(error["reason"].as_str().is_some_and(|r| r.contains("bad proof")), "{error}");

	let proven = node.depin(&["lease", "available", &device, "--key", GPU]).await.ok("available");
	let events = proven["events"].to_string();
	assert!(events.contains("AvailabilityProven"), "{proven}");
	assert!(!events.contains("TransactionFeePaid"), "no fee: {proven}");
	let window = proven["window"].as_u64().expect("the window proven");

	// The same window again: refused (the pool finds it paid or past), never paid twice.
	let again = node.depin(&["lease", "available", &device, "--key", GPU]).await;
	if again.code == 0 {
		let later = again.ok("available again")["window"].as_u64().expect("a window");
		assert!(later > window, "window {window} was paid twice");
	}

	let pending = node.rpc.request("depin_pendingRewards", vec![charlie()]).await;
	let pending = pending.expect("depin_pendingRewards").to_string();
	assert!(
		pending.contains("computeAvailability"),
		"Charlie holds availability shares: {pending}"
	);
}

/// Charlie's SS58 address.
fn charlie() -> serde_json::Value {
	serde_json::json!(depin_e2e::account_id(&dev::charlie()).to_string())
}
