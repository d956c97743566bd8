//! Proof-of-coverage works end to end on a `--dev` node, and the coverage pool it feeds pays
//! out: three hotspots are onboarded under a maker's attestations and located at real H3 cells
//! around the Statue of Liberty; device keys sign beacons and witness receipts, which are
//! submitted over JSON-RPC as general transactions that no account signs and that pay no fee;
//! a witness 19 m from the beaconer is refused as too close and the reason is kept; reciprocity
//! makes the second round earn; when the epoch ends, the BME pallet pays the coverage pool to the
//! owners in proportion to their shares, and the balances and the total issuance move by exactly
//! what was paid. A beacon with a forged signature is refused by the transaction pool. The sole
//! validator holds the epoch's validators' pool, one share a block it authored.

use std::time::Duration;

use depin_e2e::{
	account_id,
	chain::*,
	find_events, keypair, metric_sum, prometheus_metrics,
	subxt::{
		dynamic::{At, Value},
		utils::AccountId32,
	},
	subxt_signer::sr25519::{dev, Keypair},
	test_slot, AtBlock, Client, NodeConfig, Rpc, DPN,
};
use depin_primitives::{
	payloads::{BeaconFields, WitnessFields},
	H3Cell,
};
use serde_json::json;

/// How long a node may take to start producing and finalizing blocks.
const START_TIMEOUT: Duration = Duration::from_secs(120);
/// The DPN/USD price both feeders submit.
const PRICE_USD: u128 = 2;
/// DPN each owner burns for credits: 50 DPN × 2 USD = 100 USD, enough for two onboardings and
/// locations (40 + 5 USD each).
const BURN: u128 = 50 * DPN;

/// The beaconer's cell: the Statue of Liberty, resolution 12.
const LIBERTY: u64 = 0x08c2a1072b59b9ff;
/// A resolution-12 cell about 1.59 km away (another resolution-8 parent).
const NEAR: u64 = 0x08c2a1072b39b9ff;
/// A resolution-12 cell 19 m from `LIBERTY` (the same resolution-11 parent's sibling).
const TOO_CLOSE: u64 = 0x08c2a1072b59b1ff;
/// Antenna gain of every hotspot: 4 dBi; elevation 10 m.
const GAIN_DBI_X10: u16 = 40;
const ELEVATION_M: i32 = 10;
/// 868.1 MHz, 27 dBm.
const FREQUENCY_HZ: u64 = 868_100_000;
const TX_POWER_DBM_X10: i32 = 270;
/// A plausible signal at 1.59 km: -110 dBm, SNR 5.5 dB.
const SIGNAL_DBM_X10: i32 = -1_100;
const SNR_DB_X10: i32 = 55;

/// A hotspot of the test: its device key and id.
struct Hotspot {
	key: Keypair,
	id: u64,
	cell: u64,
}

/// A beacon's signed fields.
#[derive(Clone, Copy)]
struct Beacon {
	beaconer: u64,
	entropy_block: u64,
	entropy_hash: [u8; 32],
}

impl Beacon {
	/// The signed fields, as the runtime reads them.
	fn fields(&self) -> BeaconFields {
		BeaconFields {
			beaconer: self.beaconer,
			entropy_block: self.entropy_block,
			entropy_hash: self.entropy_hash,
			frequency_hz: FREQUENCY_HZ,
			tx_power_dbm_x10: TX_POWER_DBM_X10,
		}
	}

	/// The beacon id: `blake2_256` of the signed fields, as the runtime computes it.
	fn id(&self) -> [u8; 32] {
		self.fields().id()
	}

	/// The beacon as call data, signed by `key` for the chain `client` is connected to.
	fn value(&self, client: &Client, key: &Keypair) -> Value {
		let message = self.fields().payload(&client.genesis_hash().0);
		Value::named_composite([
			("beaconer", Value::u128(self.beaconer.into())),
			("entropy_block", Value::u128(self.entropy_block.into())),
			("entropy_hash", Value::from_bytes(self.entropy_hash)),
			("frequency_hz", Value::u128(FREQUENCY_HZ.into())),
			("tx_power_dbm_x10", Value::i128(TX_POWER_DBM_X10.into())),
			("signature", sr25519_signature(&key.sign(&message).0)),
		])
	}
}

/// `witness`'s receipt of `beacon`, heard at its own cell, signed by its device key for the
/// chain `client` is connected to.
fn receipt(client: &Client, beacon: &Beacon, witness: &Hotspot) -> Value {
	let message = WitnessFields {
		witness: witness.id,
		signal_dbm_x10: SIGNAL_DBM_X10,
		snr_db_x10: SNR_DB_X10,
		frequency_hz: FREQUENCY_HZ,
		location: H3Cell(witness.cell),
	}
	.payload(&client.genesis_hash().0, &beacon.id());
	Value::named_composite([
		("witness", Value::u128(witness.id.into())),
		("signal_dbm_x10", Value::i128(SIGNAL_DBM_X10.into())),
		("snr_db_x10", Value::i128(SNR_DB_X10.into())),
		("frequency_hz", Value::u128(FREQUENCY_HZ.into())),
		("location", Value::unnamed_composite([Value::u128(witness.cell.into())])),
		("signature", sr25519_signature(&witness.key.sign(&message).0)),
	])
}

/// `Coverage.submit_report(beacon, witnesses)`.
fn report(beacon: Value, witnesses: Vec<Value>) -> Call {
	call(
		"Coverage",
		"submit_report",
		vec![("beacon", beacon), ("witnesses", Value::unnamed_composite(witnesses))],
	)
}

/// A beacon by `beaconer` with entropy from the latest finalized block.
async fn fresh_beacon(rpc: &Rpc, beaconer: &Hotspot) -> Beacon {
	let hash = request(rpc, "chain_getFinalizedHead", vec![]).await;
	let header = request(rpc, "chain_getHeader", vec![hash.clone()]).await;
	let number = header["number"].as_str().expect("a hex block number");
	let entropy_block =
		u64::from_str_radix(number.trim_start_matches("0x"), 16).expect("a block number");
	let hash = hash.as_str().expect("a hex hash").trim_start_matches("0x");
	let mut entropy_hash = [0u8; 32];
	for (i, byte) in entropy_hash.iter_mut().enumerate() {
		*byte = u8::from_str_radix(&hash[2 * i..2 * i + 2], 16).expect("hex");
	}
	Beacon { beaconer: beaconer.id, entropy_block, entropy_hash }
}

/// Registers a hotspot of `owner` with a maker attestation and locates it at `cell`.
async fn register(
	rpc: &Rpc,
	client: &Client,
	owner: &Keypair,
	maker: (u32, &Keypair),
	seed: &str,
	cell: u64,
) -> Hotspot {
	let key = keypair(seed).expect("a valid secret URI");
	let public = key.public_key().0;
	let owner_id = account_id(owner);
	let attestation = attest(client, maker, &public, &owner_id, Class::Hotspot);
	let attributes = Value::unnamed_variant(
		"Hotspot",
		[Value::named_composite([
			("gain_dbi_x10", Value::u128(GAIN_DBI_X10.into())),
			("elevation_m", Value::i128(ELEVATION_M.into())),
		])],
	);
	let onboard = onboard_device(&public, attributes, maker.0, &attestation);
	let onboarded = submit(rpc, client, &onboard, owner, seed).await;
	onboarded.expect_success(seed);
	let id = field_u128(&single_event(&onboarded, "Registry", "DeviceOnboarded"), "device");
	let id = u64::try_from(id).expect("a u64 device id");
	let locate = call(
		"Registry",
		"assert_location",
		vec![
			("device", Value::u128(id.into())),
			("location", Value::unnamed_composite([Value::u128(cell.into())])),
			("gain_dbi_x10", Value::u128(GAIN_DBI_X10.into())),
			("elevation_m", Value::i128(ELEVATION_M.into())),
		],
	);
	submit(rpc, client, &locate, owner, seed).await.expect_success(seed);
	Hotspot { key, id, cell }
}

/// Submits a report as a general transaction and returns it once finalized.
async fn submit_report(client: &Client, beacon: Value, witnesses: Vec<Value>) -> Included {
	let call = report(beacon, witnesses);
	let included = submit_general(client, &call, "a coverage report")
		.await
		.unwrap_or_else(|e| panic!("the pool refuses a valid report: {e}"));
	included.expect_success("a coverage report");
	included
}

/// The `BeaconRewarded` event of the beacon whose `BeaconAccepted` is `accepted`: read in the
/// block its receipt window closed at (`closes_at`), once the chain has built it.
async fn rewards_of(rpc: &Rpc, client: &Client, accepted: &Value) -> (Value, AtBlock) {
	let closes_at = u64::try_from(field_u128(accepted, "closes_at")).expect("a block number");
	let deadline = tokio::time::Instant::now() + START_TIMEOUT;
	while rpc.best_number().await.expect("the best block") < closes_at {
		assert!(tokio::time::Instant::now() < deadline, "block #{closes_at} never came");
		tokio::time::sleep(Duration::from_millis(300)).await;
	}
	let at = finalized_block(client, closes_at).await;
	let id = field(accepted, "beacon_id");
	let rewarded = block_events(&at, "Coverage", "BeaconRewarded")
		.await
		.into_iter()
		.find(|event| field(event, "beacon_id") == id)
		.unwrap_or_else(|| panic!("no BeaconRewarded in #{closes_at} for {accepted}"));
	(rewarded, at)
}

/// The rewarded witnesses of a `BeaconRewarded` event as (device, shares).
fn rewarded(event: &Value) -> Vec<(u128, u128)> {
	let list = field(event, "rewarded");
	(0..)
		.map_while(|i| list.at(i))
		.map(|pair| {
			let n = |j: usize| pair.at(j).and_then(Value::as_u128).expect("a number");
			(n(0), n(1))
		})
		.collect()
}

/// `who`'s free balance at `at`.
async fn free(at: &AtBlock, who: &AccountId32) -> u128 {
	depin_e2e::account_state(at, who).await.expect("the account").free
}

#[tokio::test(flavor = "multi_thread")]
async fn coverage_reports_earn_shares_and_the_pool_pays_them() {
	let _slot = test_slot().await;
	let node = NodeConfig::dev().spawn().await.expect("the dev node starts");
	node.wait_for_finalized(2, START_TIMEOUT).await.expect("block #2 is finalized");
	let rpc = node.rpc().await.expect("RPC");
	let client = node.client().await.expect("subxt connects with the live metadata");
	let (charlie, dave) = (dev::charlie(), dev::dave());
	let (charlie_id, dave_id) = (account_id(&charlie), account_id(&dave));

	// Prices, credits and a maker, through sudo and the owners' own burns.
	let maker_key = keypair("//DepinE2eCoverageMaker").expect("a valid secret URI");
	let market = open_market(
		&rpc,
		&client,
		PRICE_USD,
		"Coverage Maker",
		&maker_key,
		&[&charlie, &dave],
		BURN,
	)
	.await;
	let maker = market.maker;

	// Charlie's hotspot at the Statue of Liberty and one 19 m away; Dave's 1.59 km away.
	let maker = (maker, &maker_key);
	let (h1, h2) = tokio::join!(
		register(&rpc, &client, &charlie, maker, "//DepinE2eHotspotLiberty", LIBERTY),
		register(&rpc, &client, &dave, maker, "//DepinE2eHotspotNear", NEAR),
	);
	let h3 = register(&rpc, &client, &charlie, maker, "//DepinE2eHotspotClose", TOO_CLOSE).await;
	let coverage =
		request(&rpc, "depin_hexCoverage", vec![json!(format!("0x{LIBERTY:016x}"))]).await;
	assert_eq!(
		coverage["count"],
		json!(2),
		"two hotspots in Liberty's resolution-10 hex: {coverage}"
	);

	// Round 1: Dave's hotspot beacons; Charlie's hears it (valid) and so does the one 19 m from
	// Charlie's (1.59 km from the beaconer, also valid). Nobody has reciprocity yet: no shares.
	let beacon = fresh_beacon(&rpc, &h2).await;
	let round1 = submit_report(
		&client,
		beacon.value(&client, &h2.key),
		vec![receipt(&client, &beacon, &h1), receipt(&client, &beacon, &h3)],
	)
	.await;
	let accepted = single_event(&round1, "Coverage", "BeaconAccepted");
	let (accepted, _) = rewards_of(&rpc, &client, &accepted).await;
	assert_eq!(field_u128(&accepted, "valid_witnesses"), 2, "{accepted}");
	assert_eq!(field_u128(&accepted, "beacon_shares"), 0, "no reciprocity yet: {accepted}");
	assert!(rewarded(&accepted).iter().all(|(_, shares)| *shares == 0), "{accepted}");
	assert!(!has_fee_paid(&round1), "a device-authorized report pays no transaction fee");

	// Round 2: Charlie's Liberty hotspot beacons; Dave's hears it (valid, earns), the one 19 m
	// away is refused as too close, and the reason is kept.
	let beacon = fresh_beacon(&rpc, &h1).await;
	let round2 = submit_report(
		&client,
		beacon.value(&client, &h1.key),
		vec![receipt(&client, &beacon, &h3), receipt(&client, &beacon, &h2)],
	)
	.await;
	let invalid = single_event(&round2, "Coverage", "WitnessInvalid");
	assert_eq!(field_u128(&invalid, "witness"), u128::from(h3.id), "{invalid}");
	assert_eq!(variant_name(field(&invalid, "reason")), Some("TooClose"), "{invalid}");
	let accepted = single_event(&round2, "Coverage", "BeaconAccepted");
	// Rewards are noted when the beacon's receipt window closes, a few blocks later.
	let (accepted, closed) = rewards_of(&rpc, &client, &accepted).await;
	assert_eq!(field_u128(&accepted, "valid_witnesses"), 1, "{accepted}");
	let beacon_shares = field_u128(&accepted, "beacon_shares");
	let witness_shares = rewarded(&accepted);
	// One witness: the beaconer earns 1/4 unit, the witness 1 unit; each scaled by its hex
	// density (Liberty's resolution-10 hex holds two hotspots, so the beacon earns less).
	assert!(beacon_shares > 0, "the beaconer witnessed in round 1: {accepted}");
	assert_eq!(witness_shares.len(), 1, "{accepted}");
	assert_eq!(witness_shares[0], (u128::from(h2.id), 1_000_000_000), "{accepted}");
	let epoch = field_u128(&accepted, "epoch");

	let at = json!(to_hex_hash(&closed));
	let record = request(&rpc, "depin_hotspotCoverage", vec![json!(h3.id), at.clone()]).await;
	assert_eq!(record["refusals"][0]["reason"], json!("tooClose"), "{record}");
	assert_eq!(record["refusals"][0]["beaconer"], json!(h1.id), "{record}");
	let record = request(&rpc, "depin_hotspotCoverage", vec![json!(h2.id), at.clone()]).await;
	// The window may close in the block whose `on_initialize` also starts the next epoch (the
	// coverage pallet runs before BME's): its shares then belong to the epoch that just ended,
	// and the record shows the new epoch's, none yet.
	if record["currentEpoch"] == json!(epoch) {
		assert_eq!(record["epochShares"], json!("1000000000"), "{record}");
	} else {
		assert_eq!(record["currentEpoch"], json!(epoch + 1), "{record}");
		assert_eq!(record["epochShares"], json!("0"), "{record}");
	}
	assert_eq!(record["lastBeaconWithWitness"], json!(round1.at.block_number()), "{record}");

	// A forged beacon (signed by another key) is refused by the pool and never included.
	let forged = fresh_beacon(&rpc, &h3).await;
	let refusal =
		submit_general(&client, &report(forged.value(&client, &h1.key), vec![]), "a forged beacon")
			.await
			.err()
			.expect("the pool refuses a beacon with a bad signature");
	assert!(refusal.contains("1010") || refusal.to_lowercase().contains("invalid"), "{refusal}");

	// The epoch ends: its earners' shares are noted, per owner, in the next epoch's coverage
	// pool, which is paid to Charlie and Dave in proportion to their shares when that epoch
	// ends, by claim or by the pallet's own on_idle payouts.
	let (charlie_before, dave_before) =
		(free(&round2.at, &charlie_id).await, free(&round2.at, &dave_id).await);
	let pool_epoch = epoch + 1;
	let (paid, claim_fees) =
		wait_for_payout(&rpc, &client, (&charlie, &dave_id), (pool_epoch, closed.block_number()))
			.await;
	let (charlie_after, dave_after) = (free(&paid, &charlie_id).await, free(&paid, &dave_id).await);
	// What Charlie's claims cost him (nothing when one pays out; a fee when on_idle was first).
	let charlie_gain = charlie_after + claim_fees - charlie_before;
	let dave_gain = dave_after - dave_before;
	assert!(charlie_gain > 0 && dave_gain > 0, "both owners were paid: {charlie_gain} {dave_gain}");
	// Pool × shares / all shares, rounded down: the ratio of the payouts is the ratio of shares.
	let total = beacon_shares + 1_000_000_000;
	let pool = charlie_gain + dave_gain;
	assert!(
		charlie_gain.abs_diff(pool * beacon_shares / total) <= 1,
		"Charlie's payout {charlie_gain} of {pool} follows his {beacon_shares} of {total} shares"
	);
	// Total issuance moved by what BME minted less what was burned (fees) in between, and the
	// RPC's pending rewards no longer show the epoch.
	let books_before = books(&round2.at).await;
	let books_after = books(&paid).await;
	assert_eq!(
		books_after.issuance
			+ (books_after.burned - books_before.burned)
			+ (books_after.externally_burned - books_before.externally_burned),
		books_before.issuance + (books_after.minted - books_before.minted),
		"issuance = before + minted − burned: {books_before:?} {books_after:?}"
	);
	assert_eq!(
		pending_reward(&rpc, &charlie_id, (pool_epoch, "coverage"), &paid).await,
		None,
		"the paid epoch is no longer pending"
	);

	// Alice, the only validator, authored every block of the epoch the rewards went into: she
	// holds the epoch's validators' pool, one share a block (up to the epoch's length).
	let alice = account_id(&dev::alice());
	let authored = pending_reward(&rpc, &alice, (epoch, "validators"), &closed)
		.await
		.unwrap_or_else(|| panic!("Alice's validators' shares of epoch {epoch}"));
	let amount = |field: &str| authored[field].as_str().and_then(|value| value.parse::<u64>().ok());
	let shares = amount("shares").unwrap_or_else(|| panic!("shares: {authored}"));
	assert_eq!(
		amount("totalShares"),
		Some(shares),
		"the sole author holds every share: {authored}"
	);
	assert!((1..=10).contains(&shares), "one share a block authored: {authored}");

	// The node's own figures for its operator, from the finalized blocks' events: the two
	// beacons, Dave's counted receipt, and the refusal by its reason.
	let text = prometheus_metrics(node.prometheus_port()).await;
	let metric = |name: &str, labels: &[&str]| metric_sum(&text, name, labels).unwrap_or(0.0);
	assert!(metric("depin_coverage_beacons_total", &[]) >= 2.0, "beacons counted:\n{text}");
	assert!(metric("depin_coverage_receipts_counted_total", &[]) >= 1.0, "receipts counted");
	assert_eq!(
		metric("depin_coverage_receipts_refused_total", &["reason=\"TooClose\""]),
		1.0,
		"the refused receipt, by reason"
	);
}

/// Whether a `TransactionPayment.TransactionFeePaid` event was emitted.
fn has_fee_paid(included: &Included) -> bool {
	depin_e2e::has_event(&included.events, "TransactionPayment", "TransactionFeePaid")
}

/// A block's hash as 0x-hex.
fn to_hex_hash(at: &AtBlock) -> String {
	depin_e2e::to_hex(at.block_hash().as_ref())
}

/// `who`'s pending reward at `at` in `pool` (`"coverage"`, `"validators"`, ...) of `epoch`, if
/// `depin_pendingRewards` lists one.
async fn pending_reward(
	rpc: &Rpc,
	who: &AccountId32,
	(epoch, pool): (u128, &str),
	at: &AtBlock,
) -> Option<serde_json::Value> {
	let pending =
		request(rpc, "depin_pendingRewards", vec![json!(who.to_string()), json!(to_hex_hash(at))])
			.await;
	pending
		.as_array()
		.unwrap_or_else(|| panic!("an array: {pending}"))
		.iter()
		.find(|reward| reward["epoch"] == json!(epoch) && reward["pool"] == json!(pool))
		.cloned()
}

/// Waits until epoch `epoch`'s coverage rewards of Charlie (claimed by him once claimable) and
/// Dave (paid by on_idle) are noted and then paid; returns the block in which both are paid and
/// the fees Charlie's claims cost. Both owners are read at one best block, pinned by number: a
/// block that still precedes the noting (the latest finalized one may) shows neither as
/// pending, and neither counts as paid before Charlie's reward was seen pending.
async fn wait_for_payout(
	rpc: &Rpc,
	client: &Client,
	(charlie, dave): (&Keypair, &AccountId32),
	(epoch, noted_at): (u128, u64),
) -> (AtBlock, u128) {
	let mut fees = 0;
	let mut noted = false;
	let deadline = tokio::time::Instant::now() + Duration::from_secs(240);
	loop {
		assert!(tokio::time::Instant::now() < deadline, "epoch {epoch} was never paid");
		let best = rpc.best_number().await.expect("the best block");
		assert!(best >= noted_at, "the shares were noted in #{noted_at}, the best is #{best}");
		let at = finalized_block(client, best).await;
		match pending_reward(rpc, &account_id(charlie), (epoch, "coverage"), &at).await {
			// Still running (amount null) or ended and claimable.
			Some(reward) if reward["amount"].is_null() => noted = true,
			Some(_) => {
				noted = true;
				let claim = call(
					"Bme",
					"claim_rewards",
					vec![("epoch", Value::u128(epoch)), ("pool", unit_variant("Coverage"))],
				);
				let claimed = submit(rpc, client, &claim, charlie, "Charlie claims").await;
				// on_idle may have paid it in the meantime (then the claim fails and costs a
				// fee); either way it is paid now.
				let paid: Vec<(AccountId32, u128, u128)> =
					find_events(&claimed.events, "TransactionPayment", "TransactionFeePaid")
						.expect("TransactionFeePaid decodes");
				fees += paid.iter().map(|(_, fee, _tip)| fee).sum::<u128>();
			}
			// Not noted yet: the epoch the shares were earned in has not ended.
			None if !noted => {}
			// Charlie is paid: wait until Dave's share (on_idle) is paid too.
			None => {
				if pending_reward(rpc, dave, (epoch, "coverage"), &at).await.is_none() {
					return (at, fees);
				}
			}
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}
