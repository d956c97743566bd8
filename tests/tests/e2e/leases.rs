//! The GPU marketplace works end to end on a `--dev` node: feeders price DPN, a maker attests two
//! GPU machines, Charlie lists one in `eu-west` and Ferdie the other in `us-east`; the JSON-RPC
//! finds and quotes Charlie's offer for Dave's requirements. Dave posts an order, Charlie bids,
//! Dave accepts: the lease starts, the order's surplus escrow is refunded and the offer is no
//! longer found. The GPU's own key signs heartbeats, submitted as general transactions that no
//! account signs and that pay no fee (a forged one is refused by the pool); the billed blocks
//! settle through BME, which mints the provider their value in DPN at the oracle price less the
//! protocol fee; Charlie's claim settles the rest and `depin_providerEarnings` shows it. Dave
//! closes that lease and gets the unused escrow back.
//!
//! An order's escrow always covers its whole term, so the escrow can only run out on a lease
//! taken directly from an offer with a smaller deposit: Dave leases Ferdie's machine with a
//! deposit of five blocks, which the first heartbeat's interval uses up; the lease pauses, a
//! top-up resumes it, then the heartbeats stop and, `max_missed_heartbeats` intervals later, the
//! lease closes for breach in the pallet's `on_idle`, refunding the unused escrow to Dave's
//! spendable credits. The device bond is zero on the dev chain, so the breach slashes nothing.

use std::time::Duration;

use depin_e2e::{
	account_id, account_state,
	chain::*,
	find_events, keypair,
	subxt::{dynamic::Value, utils::AccountId32},
	subxt_signer::sr25519::{dev, Keypair},
	test_slot, AtBlock, Client, NodeConfig, Rpc, DPN,
};
use serde_json::{json, Value as Json};

/// How long a node may take to start producing and finalizing blocks.
const START_TIMEOUT: Duration = Duration::from_secs(120);
/// An upper bound of how long a `--dev` block takes, for timeouts: the testnet's 6 s (the
/// development chain's slot is 2 s).
const BLOCK_TIME: Duration = Duration::from_secs(6);
/// The DPN/USD price both feeders submit.
const PRICE_USD: u128 = 2;
/// DPN Charlie, Dave and Ferdie each burn for credits: 100 DPN × 2 USD = 20,000,000 credits,
/// enough for an onboarding (4,000,000) and every escrow below.
const BURN: u128 = 100 * DPN;
/// Credits per US dollar: one credit is 0.00001 USD.
const CREDITS_PER_USD: u128 = 100_000;
/// Plancks one credit is worth at the oracle price: 10^12 / (100,000 × 2) = 5,000,000.
const PLANCKS_PER_CREDIT: u128 = DPN / (CREDITS_PER_USD * PRICE_USD);
/// The protocol fee on settlements (BME genesis default), in percent.
const PROTOCOL_FEE_PERCENT: u128 = 5;

/// The dev chain's lease parameters (`dev_lease_parameters`).
const HEARTBEAT_PERIOD: u64 = 10;
const MAX_MISSED_HEARTBEATS: u64 = 2;
const GRACE_PERIOD: u64 = 20;
const ORDER_EXPIRY: u64 = 100;
const BID_BOND: u128 = DPN;
/// The dev chain's order deposit: 1 DPN held per open order.
const ORDER_DEPOSIT: u128 = DPN;
/// Blocks in an hour, the unit of lease prices.
const BLOCKS_PER_HOUR: u128 = 600;

/// Both offers' price: 60 USD an hour, exactly 10,000 credits a block.
const PRICE_PER_HOUR: u128 = 6_000_000;
const PER_BLOCK: u128 = PRICE_PER_HOUR / BLOCKS_PER_HOUR;
/// The most Dave's order pays: 72 USD an hour.
const MAX_PRICE_PER_HOUR: u128 = 7_200_000;
/// The term of both leases, in blocks.
const TERM: u64 = 100;
/// The order's escrow, the whole term at the maximum price: 7,200,000 × 100 / 600.
const ORDER_ESCROW: u128 = MAX_PRICE_PER_HOUR * TERM as u128 / BLOCKS_PER_HOUR;
/// The order-made lease's escrow, the whole term at the bid's price: 6,000,000 × 100 / 600.
const LEASE_ESCROW: u128 = PRICE_PER_HOUR * TERM as u128 / BLOCKS_PER_HOUR;
/// The offers' shortest and longest terms; Ferdie's accepts terms from five blocks.
const MIN_DURATION: u64 = 10;
const DIRECT_MIN_DURATION: u64 = 5;
const MAX_DURATION: u64 = 600;
/// The direct lease's deposit, the least it may be: five blocks at the offer's price.
const DEPOSIT: u128 = PER_BLOCK * DIRECT_MIN_DURATION as u128;
/// The top-up that resumes the paused lease: twenty blocks' worth.
const TOP_UP: u128 = 20 * PER_BLOCK;
/// The two offers' regions.
const REGION: &str = "eu-west";
const OTHER_REGION: &str = "us-east";

/// The GPU machines: eight 80 GiB NVIDIA H100 SXM modules.
const GPU_MODEL: &str = "H100";
const GPU_VRAM_GIB: u32 = 80;
const GPU_COUNT: u32 = 8;

/// `DeviceAttributes::Gpu(GpuAttributes { .. })` for the test's GPU machines.
fn gpu_attributes() -> Value {
	Value::unnamed_variant(
		"Gpu",
		[Value::named_composite([
			("vendor", Value::from_bytes("NVIDIA")),
			("model", Value::from_bytes(GPU_MODEL)),
			("vram_gib", Value::u128(GPU_VRAM_GIB.into())),
			("count", Value::u128(GPU_COUNT.into())),
			("interface", unit_variant("Sxm")),
		])],
	)
}

/// `Some(bytes)` of an optional bounded byte string.
fn some_bytes(text: &str) -> Value {
	Value::unnamed_variant("Some", [Value::from_bytes(text)])
}

/// `OfferTerms { price_per_hour, min_duration, max_duration, region }`.
fn offer_terms(min_duration: u64, region: &str) -> Value {
	Value::named_composite([
		("price_per_hour", Value::u128(PRICE_PER_HOUR)),
		("min_duration", Value::u128(min_duration.into())),
		("max_duration", Value::u128(MAX_DURATION.into())),
		("region", Value::from_bytes(region)),
	])
}

/// Dave's requirements as call data: an H100 machine with at least eight 80 GiB GPUs in
/// `eu-west`, at most [`MAX_PRICE_PER_HOUR`].
fn requirements_value() -> Value {
	Value::named_composite([
		("model", some_bytes(GPU_MODEL)),
		("min_vram_gib", Value::u128(GPU_VRAM_GIB.into())),
		("gpu_count", Value::u128(GPU_COUNT.into())),
		("region", some_bytes(REGION)),
		("max_price_per_hour", Value::u128(MAX_PRICE_PER_HOUR)),
	])
}

/// The same requirements as the `depin_offers` / `depin_leaseQuote` parameter; `region` `None`
/// accepts any region.
fn requirements_json(region: Option<&str>) -> Json {
	json!({
		"model": GPU_MODEL,
		"minVramGib": GPU_VRAM_GIB,
		"gpuCount": GPU_COUNT,
		"region": region,
		"maxPricePerHour": MAX_PRICE_PER_HOUR.to_string(),
	})
}

/// A lease the test drives: its id, the block it started in (interval 0 starts there) and the
/// key of its device, which signs the heartbeats.
struct TestLease {
	id: u64,
	started_at: u64,
	device_key: Keypair,
}

impl TestLease {
	/// The heartbeat interval block `block` is in.
	fn interval_at(&self, block: u64) -> u64 {
		block.saturating_sub(self.started_at) / HEARTBEAT_PERIOD
	}
}

/// `Leases.heartbeat(lease, interval, signature)`: `key`'s sr25519 signature (context
/// "substrate", what `sp_io::crypto::sr25519_verify` checks) over the runtime's own
/// `depin_primitives::payloads::heartbeat_payload` for the chain `client` is connected to.
fn heartbeat_call(client: &Client, lease: u64, interval: u32, key: &Keypair) -> Call {
	let payload =
		depin_primitives::payloads::heartbeat_payload(&client.genesis_hash().0, lease, interval);
	call(
		"Leases",
		"heartbeat",
		vec![
			("lease", Value::u128(lease.into())),
			("interval", Value::u128(interval.into())),
			("signature", sr25519_signature(&key.sign(&payload).0)),
		],
	)
}

/// The best block's number.
async fn best_number(rpc: &Rpc) -> u64 {
	bounded(RPC_TIMEOUT, "the best block", rpc.best_number())
		.await
		.unwrap_or_else(|e| panic!("cannot read the best block: {e}"))
}

/// Submits the device's heartbeat for the current interval of `lease`, no earlier than interval
/// `from`, and returns it once finalized with the interval it attested.
///
/// The runtime only takes a heartbeat for the interval the including block is in, so the
/// interval is the one of the next block (best + 1); the last block of an interval is skipped
/// (the transaction would live one block), and a heartbeat the pool refuses or drops (its
/// interval passed meanwhile) is signed again for the interval then current.
async fn heartbeat(rpc: &Rpc, client: &Client, lease: &TestLease, from: u64) -> (Included, u64) {
	let what = format!("the heartbeat of lease {}", lease.id);
	let first_block = lease.started_at + from * HEARTBEAT_PERIOD;
	let timeout = TX_TIMEOUT + BLOCK_TIME * (2 * HEARTBEAT_PERIOD as u32);
	let deadline = tokio::time::Instant::now() + timeout;
	loop {
		assert!(
			tokio::time::Instant::now() < deadline,
			"{what} (interval {from} or later) was not included within {timeout:?}"
		);
		let next = best_number(rpc).await + 1;
		let offset = next.saturating_sub(lease.started_at) % HEARTBEAT_PERIOD;
		if next < first_block || offset == HEARTBEAT_PERIOD - 1 {
			tokio::time::sleep(Duration::from_millis(500)).await;
			continue;
		}
		let interval = lease.interval_at(next);
		let interval_u32 = u32::try_from(interval).expect("a u32 interval");
		let beat = heartbeat_call(client, lease.id, interval_u32, &lease.device_key);
		match submit_general(client, &beat, &what).await {
			Ok(included) => {
				included.expect_success(&what);
				let received = single_event(&included, "Leases", "HeartbeatReceived");
				assert_eq!(field_u128(&received, "lease"), u128::from(lease.id), "{received}");
				assert_eq!(field_u128(&received, "interval"), u128::from(interval), "{received}");
				assert!(
					!has_fee_paid(&included),
					"{what}: a device-signed heartbeat pays no transaction fee"
				);
				return (included, interval);
			}
			Err(refusal) => {
				eprintln!("{what} for interval {interval} was refused ({refusal}); retrying");
				tokio::time::sleep(Duration::from_millis(500)).await;
			}
		}
	}
}

/// Whether a `TransactionPayment.TransactionFeePaid` event was emitted.
fn has_fee_paid(included: &Included) -> bool {
	depin_e2e::has_event(&included.events, "TransactionPayment", "TransactionFeePaid")
}

/// The `Leases.name` events of lease `lease` in block `at`.
async fn lease_events(at: &AtBlock, name: &str, lease: u64) -> Vec<Value> {
	let mut events = block_events(at, "Leases", name).await;
	events.retain(|event| field_u128(event, "lease") == u128::from(lease));
	events
}

/// Waits until a finalized block, from block `from` on, holds the `Leases.name` event of lease
/// `lease`; returns that block and the event. Pauses and closes found due by the pallet's
/// `on_idle` are not in any extrinsic's events, so every block's events are read.
async fn wait_for_lease_event(
	client: &Client,
	from: u64,
	lease: u64,
	name: &str,
	timeout: Duration,
) -> (AtBlock, Value) {
	let what = format!("Leases.{name} of lease {lease}");
	find_finalized(client, from, timeout, &what, |at| async move {
		lease_events(&at, name, lease).await.into_iter().next()
	})
	.await
}

/// A decimal-string field of a `depin_*` answer.
fn decimal(value: &Json, key: &str) -> u128 {
	value[key]
		.as_str()
		.and_then(|text| text.parse().ok())
		.unwrap_or_else(|| panic!("no decimal {key} in {value}"))
}

/// A JSON-number field of a `depin_*` answer.
fn number(value: &Json, key: &str) -> u64 {
	value[key].as_u64().unwrap_or_else(|| panic!("no number {key} in {value}"))
}

/// `depin_lease(id)` at block `at`.
async fn lease_at(rpc: &Rpc, id: u64, at: &AtBlock) -> Json {
	request(rpc, "depin_lease", vec![json!(id), block_hash(at)]).await
}

/// `depin_credits(who)` at block `at`.
async fn credits_at(rpc: &Rpc, who: &AccountId32, at: &AtBlock) -> Json {
	request(rpc, "depin_credits", vec![json!(who.to_string()), block_hash(at)]).await
}

/// `who`'s free balance at `at`.
async fn free(at: &AtBlock, who: &AccountId32) -> u128 {
	account_state(at, who).await.unwrap_or_else(|e| panic!("cannot read {who}: {e}")).free
}

/// Whether a decoded account field is `who`.
fn is_account(value: &Value, who: &AccountId32) -> bool {
	flat_bytes(value).as_deref() == Some(&who.0[..])
}

/// Checks a `Bme.UsageSettled` event: the provider is paid the credits' value at the oracle
/// price (2 USD/DPN) less the protocol fee, which goes to the treasury. Returns what the
/// provider was paid.
fn expect_usage_settled(event: &Value, provider: &AccountId32) -> u128 {
	assert!(is_account(field(event, "provider"), provider), "the provider is paid: {event}");
	let credits = field_u128(event, "credits");
	let value = credits * PLANCKS_PER_CREDIT;
	let fee = value * PROTOCOL_FEE_PERCENT / 100;
	assert_eq!(field_u128(event, "protocol_fee"), fee, "the protocol fee: {event}");
	assert_eq!(field_u128(event, "provider_paid"), value - fee, "the provider's DPN: {event}");
	value - fee
}

/// Checks a `Leases.LeaseClosed` event of `lease` and returns its `(settled, refunded)`.
fn expect_closed(event: &Value, lease: u64, reason: &str) -> (u128, u128) {
	assert_eq!(field_u128(event, "lease"), u128::from(lease), "{event}");
	assert_eq!(variant_name(field(event, "reason")), Some(reason), "the reason: {event}");
	(field_u128(event, "settled"), field_u128(event, "refunded"))
}

// ------------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn gpu_leases_are_ordered_heartbeat_settle_pause_resume_and_breach() {
	let _slot = test_slot().await;
	let node = NodeConfig::dev().spawn().await.expect("the dev node starts");
	node.wait_for_finalized(2, START_TIMEOUT).await.expect("block #2 is finalized");
	let rpc = node.rpc().await.expect("RPC");
	let client = node.client().await.expect("subxt connects with the live metadata");
	let (charlie, dave, ferdie) = (dev::charlie(), dev::dave(), dev::ferdie());
	let (charlie_id, dave_id, ferdie_id) =
		(account_id(&charlie), account_id(&dave), account_id(&ferdie));
	let maker_key = keypair("//DepinE2eLeaseMaker").expect("a valid secret URI");
	let gpu_a_key = keypair("//DepinE2eLeaseGpuA").expect("a valid secret URI");
	let gpu_b_key = keypair("//DepinE2eLeaseGpuB").expect("a valid secret URI");

	// The dev chain's lease parameters, as the RPC shows them.
	let parameters = request(&rpc, "depin_leaseParameters", vec![]).await;
	assert_eq!(
		parameters,
		json!({
			"heartbeatPeriod": HEARTBEAT_PERIOD,
			"maxMissedHeartbeats": MAX_MISSED_HEARTBEATS,
			"gracePeriod": GRACE_PERIOD,
			"noticePeriod": 10,
			"orderExpiry": ORDER_EXPIRY,
			"bidBond": BID_BOND.to_string(),
			"orderDeposit": ORDER_DEPOSIT.to_string(),
			"breachSlash": "0.100000000",
			"breachTenantShare": "0.500000000",
			"onIdleBatch": 10,
		}),
		"the dev chain's lease parameters"
	);
	let bme = request(&rpc, "depin_bmeParameters", vec![]).await;
	assert_eq!(bme["protocolFee"], json!("0.050000000"), "a 5 % protocol fee: {bme}");

	// 1. Feeders Alice and Bob (added through sudo) price DPN at 2 USD; a maker is approved;
	//    Charlie, Dave and Ferdie buy credits.
	let market = open_market(
		&rpc,
		&client,
		PRICE_USD,
		"Lease Maker",
		&maker_key,
		&[&charlie, &dave, &ferdie],
		BURN,
	)
	.await;
	let maker = market.maker;
	let d = &market.purchases[1];
	let dave_bought = credits_at(&rpc, &dave_id, &d.at).await;
	assert_eq!(decimal(&dave_bought, "escrowed"), 0, "{dave_bought}");
	let dave_credits = decimal(&dave_bought, "total");
	assert_eq!(dave_credits, BURN / PLANCKS_PER_CREDIT, "100 DPN at 2 USD: {dave_bought}");

	// Charlie and Ferdie onboard a GPU machine each under the maker's attestation.
	let onboard = |owner: &AccountId32, key: &Keypair| {
		let public = key.public_key().0;
		let attestation = attest(&client, (maker, &maker_key), &public, owner, Class::Gpu);
		onboard_device(&public, gpu_attributes(), maker, &attestation)
	};
	let (onboard_a, onboard_b) =
		(onboard(&charlie_id, &gpu_a_key), onboard(&ferdie_id, &gpu_b_key));
	let (onboarded_a, onboarded_b) = tokio::join!(
		submit(&rpc, &client, &onboard_a, &charlie, "Charlie onboards GPU A"),
		submit(&rpc, &client, &onboard_b, &ferdie, "Ferdie onboards GPU B"),
	);
	onboarded_a.expect_success("Charlie onboards GPU A");
	onboarded_b.expect_success("Ferdie onboards GPU B");
	let device_id = |included: &Included| {
		let id = field_u128(&single_event(included, "Registry", "DeviceOnboarded"), "device");
		u64::try_from(id).expect("a u64 device id")
	};
	let (gpu_a, gpu_b) = (device_id(&onboarded_a), device_id(&onboarded_b));

	// They list them, Charlie's in eu-west, Ferdie's in us-east; Dave posts an order for an
	// eu-west H100 machine for 100 blocks at up to 72 USD an hour.
	let list = |device: u64, min_duration: u64, region: &str| {
		call(
			"Leases",
			"list_offer",
			vec![
				("device", Value::u128(device.into())),
				("terms", offer_terms(min_duration, region)),
			],
		)
	};
	let (list_a, list_b) =
		(list(gpu_a, MIN_DURATION, REGION), list(gpu_b, DIRECT_MIN_DURATION, OTHER_REGION));
	let create_order = call(
		"Leases",
		"create_order",
		vec![("requirements", requirements_value()), ("duration", Value::u128(TERM.into()))],
	);
	let (listed_a, listed_b, ordered) = tokio::join!(
		submit(&rpc, &client, &list_a, &charlie, "Charlie lists GPU A"),
		submit(&rpc, &client, &list_b, &ferdie, "Ferdie lists GPU B"),
		submit(&rpc, &client, &create_order, &dave, "Dave posts an order"),
	);
	listed_a.expect_success("Charlie lists GPU A");
	listed_b.expect_success("Ferdie lists GPU B");
	ordered.expect_success("Dave posts an order");
	let offer_listed = single_event(&listed_a, "Leases", "OfferListed");
	assert_eq!(field_u128(&offer_listed, "device"), u128::from(gpu_a), "{offer_listed}");
	assert!(is_account(field(&offer_listed, "provider"), &charlie_id), "{offer_listed}");
	let order_created = single_event(&ordered, "Leases", "OrderCreated");
	let order = u64::try_from(field_u128(&order_created, "order")).expect("a u64 order id");
	assert_eq!(field_u128(&order_created, "escrow"), ORDER_ESCROW, "{order_created}");
	assert_eq!(
		field_u128(&order_created, "expires_at"),
		u128::from(ordered.at.block_number() + ORDER_EXPIRY),
		"{order_created}"
	);

	// Before any lease, the RPC finds and quotes Charlie's offer for Dave's requirements, and
	// both offers when any region will do.
	let listed = [&listed_a, &listed_b, &ordered]
		.into_iter()
		.max_by_key(|included| included.at.block_number())
		.map(|included| included.hash())
		.expect("three inclusions");
	let offer_a = json!({
		"device": gpu_a,
		"provider": charlie_id.to_string(),
		"pricePerHour": PRICE_PER_HOUR.to_string(),
		"minDuration": MIN_DURATION,
		"maxDuration": MAX_DURATION,
		"region": REGION,
	});
	let offers_params = |region: Option<&str>, at: Json| {
		vec![requirements_json(region), json!(TERM), Json::Null, Json::Null, at]
	};
	let offers = request(&rpc, "depin_offers", offers_params(Some(REGION), listed.clone())).await;
	assert_eq!(offers, json!([offer_a]), "depin_offers finds Charlie's offer");
	let any_region = request(&rpc, "depin_offers", offers_params(None, listed.clone())).await;
	let mut found: Vec<u64> = any_region
		.as_array()
		.unwrap_or_else(|| panic!("not an array: {any_region}"))
		.iter()
		.map(|offer| number(offer, "device"))
		.collect();
	found.sort_unstable();
	let mut both = vec![gpu_a, gpu_b];
	both.sort_unstable();
	assert_eq!(found, both, "any region: both offers ({any_region})");
	let quote_params = vec![requirements_json(Some(REGION)), json!(TERM), Json::Null, listed];
	let quote = request(&rpc, "depin_leaseQuote", quote_params).await;
	assert_eq!(
		quote,
		json!([{
			"device": gpu_a,
			"pricePerHour": PRICE_PER_HOUR.to_string(),
			"totalCredits": LEASE_ESCROW.to_string(),
		}]),
		"the whole term at Charlie's price"
	);

	// 2. Charlie bids on the order with GPU A at his price, holding the bid bond, while Dave
	//    leases Ferdie's GPU B directly with the least deposit, five blocks' worth.
	let bid = call(
		"Leases",
		"place_bid",
		vec![
			("order", Value::u128(order.into())),
			("device", Value::u128(gpu_a.into())),
			("price_per_hour", Value::u128(PRICE_PER_HOUR)),
		],
	);
	let lease_offer = call(
		"Leases",
		"lease_offer",
		vec![
			("device", Value::u128(gpu_b.into())),
			("duration", Value::u128(TERM.into())),
			("deposit", Value::u128(DEPOSIT)),
			("max_price_per_hour", Value::u128(PRICE_PER_HOUR)),
		],
	);
	let (placed_bid, direct) = tokio::join!(
		submit(&rpc, &client, &bid, &charlie, "Charlie bids"),
		submit(&rpc, &client, &lease_offer, &dave, "Dave leases GPU B directly"),
	);
	placed_bid.expect_success("Charlie bids");
	direct.expect_success("Dave leases GPU B directly");
	let placed = single_event(&placed_bid, "Leases", "BidPlaced");
	assert_eq!(field_u128(&placed, "device"), u128::from(gpu_a), "{placed}");
	assert_eq!(field_u128(&placed, "price_per_hour"), PRICE_PER_HOUR, "{placed}");
	assert_eq!(field_u128(&placed, "bond"), BID_BOND, "the bid bond: {placed}");
	let started_b = single_event(&direct, "Leases", "LeaseStarted");
	let lease_b = TestLease {
		id: u64::try_from(field_u128(&started_b, "lease")).expect("a u64 lease id"),
		started_at: direct.at.block_number(),
		device_key: gpu_b_key,
	};
	assert!(is_account(field(&started_b, "provider"), &ferdie_id), "{started_b}");
	assert_eq!(field_u128(&started_b, "device"), u128::from(gpu_b), "{started_b}");
	assert_eq!(field_u128(&started_b, "escrow"), DEPOSIT, "the deposit: {started_b}");

	// Dave accepts the bid: the lease starts, the escrow above the bid's price is refunded and
	// the bond released. Meanwhile GPU B heartbeats its first interval.
	let accept = call(
		"Leases",
		"accept_bid",
		vec![("order", Value::u128(order.into())), ("device", Value::u128(gpu_a.into()))],
	);
	let (accepted, (beat_b, _)) = tokio::join!(
		submit(&rpc, &client, &accept, &dave, "Dave accepts the bid"),
		heartbeat(&rpc, &client, &lease_b, 0),
	);
	accepted.expect_success("Dave accepts the bid");
	let started_a = single_event(&accepted, "Leases", "LeaseStarted");
	let lease_a = TestLease {
		id: u64::try_from(field_u128(&started_a, "lease")).expect("a u64 lease id"),
		started_at: accepted.at.block_number(),
		device_key: gpu_a_key,
	};
	assert_ne!(lease_a.id, lease_b.id, "every lease gets its own id");
	assert!(is_account(field(&started_a, "tenant"), &dave_id), "{started_a}");
	assert!(is_account(field(&started_a, "provider"), &charlie_id), "{started_a}");
	assert_eq!(field_u128(&started_a, "device"), u128::from(gpu_a), "{started_a}");
	assert_eq!(field_u128(&started_a, "price_per_hour"), PRICE_PER_HOUR, "{started_a}");
	assert_eq!(field_u128(&started_a, "escrow"), LEASE_ESCROW, "{started_a}");
	let ends_at = lease_a.started_at + TERM;
	assert_eq!(field_u128(&started_a, "ends_at"), u128::from(ends_at), "{started_a}");
	let filled = single_event(&accepted, "Leases", "OrderFilled");
	assert_eq!(field_u128(&filled, "lease"), u128::from(lease_a.id), "{filled}");
	assert_eq!(field_u128(&filled, "refunded"), ORDER_ESCROW - LEASE_ESCROW, "{filled}");
	assert_eq!(field_u128(&filled, "bids_released"), 1, "{filled}");

	let shown = lease_at(&rpc, lease_a.id, &accepted.at).await;
	assert_eq!(
		shown,
		json!({
			"id": lease_a.id,
			"tenant": dave_id.to_string(),
			"provider": charlie_id.to_string(),
			"device": gpu_a,
			"order": order,
			"pricePerHour": PRICE_PER_HOUR.to_string(),
			"startedAt": lease_a.started_at,
			"endsAt": ends_at,
			"heartbeatPeriod": HEARTBEAT_PERIOD,
			"state": { "type": "active" },
			"escrow": LEASE_ESCROW.to_string(),
			"owed": "0",
			"carry": "0",
			"accruedTo": lease_a.started_at,
			"billableFrom": lease_a.started_at,
			"lastHeartbeat": null,
			"countingFrom": 0,
			"providerCloseAt": null,
			"settled": "0",
			"owedNow": "0",
			"escrowLeft": LEASE_ESCROW.to_string(),
		}),
		"depin_lease shows the new lease"
	);
	// Both devices are leased now: no offer is found or quoted any more.
	let at = accepted.hash();
	let offers = request(&rpc, "depin_offers", offers_params(None, at.clone())).await;
	assert_eq!(offers, json!([]), "leased devices are not offered");
	let quote_params = vec![requirements_json(Some(REGION)), json!(TERM), Json::Null, at];
	let quote = request(&rpc, "depin_leaseQuote", quote_params).await;
	assert_eq!(quote, json!([]), "leased devices are not quoted");
	let page = vec![json!(charlie_id.to_string()), Json::Null, Json::Null, accepted.hash()];
	let leases_of = request(&rpc, "depin_leasesOf", page).await;
	let ids: Vec<u64> = leases_of
		.as_array()
		.unwrap_or_else(|| panic!("not an array: {leases_of}"))
		.iter()
		.map(|lease| number(lease, "id"))
		.collect();
	assert_eq!(ids, [lease_a.id], "Charlie's leases: {leases_of}");

	// 3 and 4, side by side. GPU A's key heartbeats (a forged heartbeat is refused first) and
	// Charlie claims. GPU B's deposit runs out within its first interval: the lease pauses,
	// and Dave's top-up resumes it.
	let lease_a_branch = async {
		let current = lease_a.interval_at(best_number(&rpc).await + 1);
		let current = u32::try_from(current).expect("a u32 interval");
		let forged = heartbeat_call(&client, lease_a.id, current, &lease_b.device_key);
		let refusal = submit_general(&client, &forged, "a forged heartbeat")
			.await
			.err()
			.expect("the pool refuses a heartbeat signed by another key");
		assert!(
			refusal.contains("1010") || refusal.to_lowercase().contains("invalid"),
			"{refusal}"
		);
		let (_, interval) = heartbeat(&rpc, &client, &lease_a, 0).await;
		let claim = call("Leases", "claim", vec![("lease", Value::u128(lease_a.id.into()))]);
		let claimed = submit(&rpc, &client, &claim, &charlie, "Charlie claims").await;
		claimed.expect_success("Charlie claims");
		(interval, claimed)
	};
	let lease_b_branch = async {
		let (paused_at, paused) = wait_for_lease_event(
			&client,
			beat_b.at.block_number(),
			lease_b.id,
			"LeasePaused",
			BLOCK_TIME * 30,
		)
		.await;
		let since = paused_at.block_number();
		assert_eq!(
			field_u128(&paused, "closes_at"),
			u128::from(since + GRACE_PERIOD),
			"a paused lease waits the grace period for a top-up: {paused}"
		);
		let shown = lease_at(&rpc, lease_b.id, &paused_at).await;
		assert_eq!(shown["state"], json!({ "type": "paused", "since": since }), "{shown}");
		assert_eq!(decimal(&shown, "escrow"), 0, "the deposit is used up: {shown}");
		let top_up = call(
			"Leases",
			"top_up",
			vec![("lease", Value::u128(lease_b.id.into())), ("amount", Value::u128(TOP_UP))],
		);
		let topped = submit(&rpc, &client, &top_up, &dave, "Dave tops up").await;
		topped.expect_success("Dave tops up");
		let topped_up = single_event(&topped, "Leases", "LeaseToppedUp");
		assert_eq!(field_u128(&topped_up, "amount"), TOP_UP, "{topped_up}");
		let resumed = single_event(&topped, "Leases", "LeaseResumed");
		assert_eq!(field_u128(&resumed, "lease"), u128::from(lease_b.id), "{resumed}");
		let shown = lease_at(&rpc, lease_b.id, &topped.at).await;
		assert_eq!(shown["state"], json!({ "type": "active" }), "resumed: {shown}");
		(paused_at, topped, shown)
	};
	let ((interval_a, claimed), (paused_at, topped, resumed_b)) =
		tokio::join!(lease_a_branch, lease_b_branch);
	assert!(topped.at.block_number() > paused_at.block_number(), "the top-up follows the pause");

	// The claim settled what GPU A's heartbeated interval had billed since the last block's
	// `on_idle` settlement: BME burned Dave's escrowed credits and minted Charlie their value.
	let claim_block = claimed.at.block_number();
	let at = claimed.hash();
	if lease_a.interval_at(claim_block - 1) == interval_a {
		let settled = single_event(&claimed, "Leases", "LeaseSettled");
		let credits = field_u128(&settled, "credits");
		assert!(
			credits > 0 && credits.is_multiple_of(PER_BLOCK),
			"whole blocks settled: {settled}"
		);
		let usage = single_event(&claimed, "Bme", "UsageSettled");
		assert!(is_account(field(&usage, "payer"), &dave_id), "Dave pays: {usage}");
		assert_eq!(field_u128(&usage, "credits"), credits, "{usage}");
	}
	// Charlie's balance moved in the claim's block by exactly what BME minted him, less the fee.
	let paid: u128 = block_events(&claimed.at, "Bme", "UsageSettled")
		.await
		.iter()
		.filter(|usage| is_account(field(usage, "provider"), &charlie_id))
		.map(|usage| expect_usage_settled(usage, &charlie_id))
		.sum();
	let fees: Vec<(AccountId32, u128, u128)> =
		find_events(&claimed.events, "TransactionPayment", "TransactionFeePaid")
			.expect("TransactionPayment.TransactionFeePaid decodes");
	let &[(payer, fee, tip)] = fees.as_slice() else {
		panic!("expected one TransactionFeePaid event: {fees:?}");
	};
	assert_eq!(payer, charlie_id, "Charlie paid the claim's fee");
	let (before, after) =
		(free(&claimed.before, &charlie_id).await, free(&claimed.at, &charlie_id).await);
	assert_eq!(after + fee + tip, before + paid, "Charlie's balance in the claim's block");
	// Since the lease started, the settlements have paid Charlie far more than the claim cost.
	let at_start = free(&accepted.at, &charlie_id).await;
	assert!(after > at_start, "Charlie was paid for the lease: {at_start} → {after}");
	let shown = lease_at(&rpc, lease_a.id, &claimed.at).await;
	assert_eq!(shown["state"], json!({ "type": "active" }), "{shown}");
	assert_eq!(number(&shown, "lastHeartbeat"), interval_a, "{shown}");
	assert_eq!(decimal(&shown, "owedNow"), 0, "the claim settled everything owed: {shown}");
	let settled_a = decimal(&shown, "settled");
	assert!(settled_a > 0 && settled_a.is_multiple_of(PER_BLOCK), "whole blocks settled: {shown}");
	assert_eq!(decimal(&shown, "escrowLeft") + settled_a, LEASE_ESCROW, "{shown}");
	let earnings =
		request(&rpc, "depin_providerEarnings", vec![json!(charlie_id.to_string()), at]).await;
	assert_eq!(
		earnings,
		json!({ "settled": settled_a.to_string(), "pending": "0" }),
		"Charlie's earnings after the claim"
	);

	// GPU A heartbeats the next interval too; then Dave closes the lease and gets the unused
	// escrow back.
	let (_, next_interval) = heartbeat(&rpc, &client, &lease_a, interval_a + 1).await;
	assert!(next_interval > interval_a, "a later interval");
	let close = call("Leases", "close_lease", vec![("lease", Value::u128(lease_a.id.into()))]);
	let closed_a = submit(&rpc, &client, &close, &dave, "Dave closes lease A").await;
	closed_a.expect_success("Dave closes lease A");
	let (settled_a, refunded_a) =
		expect_closed(&single_event(&closed_a, "Leases", "LeaseClosed"), lease_a.id, "Tenant");
	assert!(settled_a > 0, "lease A paid Charlie");
	assert_eq!(settled_a + refunded_a, LEASE_ESCROW, "lease A's escrow is settled or refunded");
	assert_eq!(lease_at(&rpc, lease_a.id, &closed_a.at).await, Json::Null, "lease A is gone");

	// 5. GPU B sends no more heartbeats: `max_missed_heartbeats` intervals after the one its
	//    lease resumed in, `on_idle` closes the lease for breach and refunds the unused escrow.
	let counting_from = number(&resumed_b, "countingFrom");
	let breach_at = lease_b.started_at + (counting_from + MAX_MISSED_HEARTBEATS) * HEARTBEAT_PERIOD;
	let timeout = BLOCK_TIME
		* u32::try_from(breach_at.saturating_sub(topped.at.block_number()) + 20)
			.expect("a few blocks");
	let (breached, closed_b) =
		wait_for_lease_event(&client, topped.at.block_number(), lease_b.id, "LeaseClosed", timeout)
			.await;
	assert_eq!(breached.block_number(), breach_at, "the breach closes the lease at once");
	let (settled_b, refunded_b) = expect_closed(&closed_b, lease_b.id, "Breach");
	assert!(settled_b >= DEPOSIT, "GPU B's heartbeated interval was paid: {closed_b}");
	assert_eq!(settled_b + refunded_b, DEPOSIT + TOP_UP, "lease B's escrow: {closed_b}");
	let just_before = finalized_block(&client, breach_at - 1).await;
	let before = lease_at(&rpc, lease_b.id, &just_before).await;
	assert_eq!(decimal(&before, "owedNow"), 0, "nothing billed after the heartbeats: {before}");
	assert_eq!(decimal(&before, "escrowLeft"), refunded_b, "the escrow left is refunded");
	assert_eq!(lease_at(&rpc, lease_b.id, &breached).await, Json::Null, "lease B is gone");
	// The breach slashes `breach_slash` (10 %) of the device's registry bond, half to Dave and
	// half to the treasury: the dev chain's bond is zero, so nothing is slashed and no event
	// says otherwise.
	let device = request(&rpc, "depin_device", vec![json!(gpu_b), block_hash(&just_before)]).await;
	let slash = decimal(&device, "bond") / 10;
	let slashed = lease_events(&breached, "ProviderSlashed", lease_b.id).await;
	if slash == 0 {
		assert!(slashed.is_empty(), "a zero bond slashes nothing: {slashed:?}");
	} else {
		let [event] = slashed.as_slice() else { panic!("one ProviderSlashed: {slashed:?}") };
		let slashed = field_u128(event, "to_tenant") + field_u128(event, "to_treasury");
		assert_eq!(slashed, slash, "10 % of the bond: {event}");
	}
	// The refund went back to Dave's spendable credits. Once both leases are closed nothing
	// stays escrowed, and Dave's credits fell by exactly what the leases settled.
	let (credits_before, credits_after) = (
		credits_at(&rpc, &dave_id, &just_before).await,
		credits_at(&rpc, &dave_id, &breached).await,
	);
	assert_eq!(
		decimal(&credits_after, "spendable"),
		decimal(&credits_before, "spendable") + refunded_b,
		"the refund is spendable: {credits_before} → {credits_after}"
	);
	let end = if breached.block_number() >= closed_a.at.block_number() {
		&breached
	} else {
		&closed_a.at
	};
	let credits_end = credits_at(&rpc, &dave_id, end).await;
	assert_eq!(decimal(&credits_end, "escrowed"), 0, "{credits_end}");
	assert_eq!(
		decimal(&credits_end, "total"),
		dave_credits - settled_a - settled_b,
		"Dave paid what the leases settled, no more: {credits_end}"
	);
	let at = block_hash(end);
	for (provider, settled) in [(&charlie_id, settled_a), (&ferdie_id, settled_b)] {
		let params = vec![json!(provider.to_string()), at.clone()];
		let earnings = request(&rpc, "depin_providerEarnings", params).await;
		assert_eq!(
			earnings,
			json!({ "settled": settled.to_string(), "pending": "0" }),
			"{provider}'s earnings after both leases"
		);
	}
	let page = vec![json!(charlie_id.to_string()), Json::Null, Json::Null, at];
	assert_eq!(request(&rpc, "depin_leasesOf", page).await, json!([]), "no lease is stored");
}
