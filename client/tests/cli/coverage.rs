//! `depin coverage beacon` against a `--dev` node: two hotspots, Charlie's and Dave's, are
//! onboarded and located 1.59 km apart through the CLI; a beacon of the first with the second's
//! witness receipt, each signed by its device key, goes in as a fee-less general transaction and is
//! accepted with the witness counted; a beacon signed by the wrong key is refused by the
//! transaction pool, with its reason; the second round, the other way round, earns by reciprocity,
//! and once the epoch ends the owner claims the coverage reward.

use crate::common::{self, DevNode};
use depin_e2e::keypair;

/// The beaconer's cell: the Statue of Liberty, resolution 12.
const LIBERTY: &str = "0x08c2a1072b59b9ff";
/// A resolution-12 cell about 1.59 km away.
const NEAR: &str = "0x08c2a1072b39b9ff";
/// The maker's attestation key.
const MAKER: &str = "//ClientCoverageMaker";

#[tokio::test(flavor = "multi_thread")]
async fn beacons_are_accepted_forged_ones_refused_and_rewards_claimed() {
	let node = DevNode::start().await;
	let maker = node.open_market(&keypair(MAKER).expect("a URI"), &["//Charlie", "//Dave"]).await;

	// Two owners: an owner's hotspots never earn by witnessing each other. The beaconer has an
	// ed25519 device key (the default), the witness an sr25519 one (still accepted).
	let mut hotspots = Vec::new();
	for (seed, cell, owner) in
		[("//ClientBeaconer", LIBERTY, "//Charlie"), ("sr25519://ClientWitness", NEAR, "//Dave")]
	{
		let id = common::located_hotspot(&node, owner, (maker, MAKER), seed, cell).await;
		hotspots.push((id, seed));
	}
	let (beaconer, witness) = (hotspots[0], hotspots[1]);
	let beaconer_id = beaconer.0.to_string();
	let witness_id = witness.0.to_string();
	let witness_arg = format!("{}={}", witness.0, witness.1);

	// The sr25519 witness's secret without its prefix: the CLI says how to write it.
	let bare = witness.1.trim_start_matches("sr25519:");
	let unprefixed =
		node.depin(&["coverage", "beacon", "--device", &witness_id, "--key", bare]).await;
	let error = &unprefixed.failed(2, "an sr25519 secret without its prefix")["error"];
	assert!(error["message"].as_str().is_some_and(|m| m.contains("sr25519:<secret>")), "{error}");

	// The witness's key signs a beacon for the beaconer's device: the pool refuses it (the
	// signature is checked before the beacon interval, so this goes first).
	let forged =
		node.depin(&["coverage", "beacon", "--device", &beaconer_id, "--key", witness.1]).await;
	let error = &forged.failed(3, "a forged beacon")["error"];
	assert_eq!(error["kind"], "refused", "{error}");
	assert!(error["reason"].as_str().is_some_and(|r| r.contains("bad proof")), "{error}");
	assert!(error["hint"].as_str().is_some_and(|h| h.contains("signature")), "{error}");

	let beacon = node
		.depin(&[
			"coverage",
			"beacon",
			"--device",
			&beaconer_id,
			"--key",
			beaconer.1,
			"--witness",
			&witness_arg,
		])
		.await
		.ok("coverage beacon");
	let accepted = &beacon["accepted"];
	assert!(accepted.is_object(), "BeaconAccepted: {beacon}");
	assert_eq!(beacon["refused"], serde_json::json!([]), "no witness refused: {beacon}");
	let fees = beacon["events"]
		.as_array()
		.expect("events")
		.iter()
		.filter(|e| e["event"] == "TransactionFeePaid")
		.count();
	assert_eq!(fees, 0, "a device-signed report pays no fee: {beacon}");
	let coverage = node.depin(&["coverage", "show", &beaconer_id]).await.ok("coverage show");
	assert!(coverage["lastBeacon"].is_u64(), "{coverage}");

	// Round 2: the witness beacons and the beaconer witnesses; reciprocity makes it earn.
	let back = format!("{}={}", beaconer.0, beaconer.1);
	let round2 = node
		.depin(&[
			"--wait",
			"in-block",
			"coverage",
			"beacon",
			"--device",
			&witness_id,
			"--key",
			witness.1,
			"--witness",
			&back,
			"--rewards",
		])
		.await
		.ok("the second beacon");
	// Its rewards come when its receipt window closes, a few blocks after it was accepted.
	let closes_at = round2["accepted"]["closes_at"].as_u64().expect("a close block");
	assert!(closes_at > round2["block"].as_u64().expect("a block"), "{round2}");
	let shares = round2["rewards"]["beacon_shares"].as_str().unwrap_or_default();
	let shares: u128 = shares.parse().unwrap_or_default();
	assert!(shares > 0, "the second beacon earns: {round2}");
	let epoch = round2["rewards"]["epoch"].as_u64().expect("an epoch");

	// Once the epoch has ended its shares are noted in the next epoch's coverage pool; once
	// that one has ended, Charlie claims the coverage reward of his hotspots (unless the
	// pallet's on_idle paid it first, which leaves nothing to claim).
	let pool_epoch = epoch + 1;
	let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(240);
	let mut noted = false;
	loop {
		assert!(tokio::time::Instant::now() < deadline, "epoch {pool_epoch} never ended");
		let shown = node.depin(&["account", "show", "//Charlie"]).await.ok("account show");
		let coverage = shown["pendingRewards"]
			.as_array()
			.expect("an array")
			.iter()
			.find(|reward| reward["epoch"] == pool_epoch && reward["pool"] == "coverage")
			.cloned();
		match coverage {
			// Noted; the pool's epoch is still running.
			Some(reward) if reward["amount"].is_null() => noted = true,
			// Claimable.
			Some(_) => break,
			// Paid by on_idle before this look.
			None if noted => break,
			// Not noted yet.
			None => {}
		}
		tokio::time::sleep(std::time::Duration::from_secs(1)).await;
	}
	// The claim races `on_idle`, which pays ended epochs by itself: each reward is either paid
	// by the claim or reported as already paid (on_idle paid it between the command's read and
	// its inclusion); the command succeeds either way and nothing of the epoch is left unpaid.
	let claimed = node.depin(&["bme", "claim", "--suri", "//Charlie"]).await.ok("bme claim");
	for claim in claimed["claims"].as_array().expect("claims") {
		let paid = claim["events"].to_string().contains("RewardPaid");
		assert!(paid || claim["alreadyPaid"] == true, "{claimed}");
	}
	let shown = node.depin(&["account", "show", "//Charlie"]).await.ok("account show");
	let unpaid = shown["pendingRewards"].as_array().expect("an array");
	assert!(
		unpaid.iter().all(|reward| reward["epoch"] != pool_epoch),
		"epoch {pool_epoch} paid: {shown}"
	);
}
