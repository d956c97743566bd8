//! `depin bme` and `depin device`/`depin maker` against a `--dev` node: burning with no price is
//! refused as `Bme::NoPrice` with a hint; feeders price DPN and Charlie burns DPN for credits; a
//! maker attests a hotspot that Charlie onboards, locates and reads back; onboarding the same key
//! again is refused as `Registry::DeviceKeyTaken`, and an attestation signed by another key, or
//! with its deadline moved, as `Registry::BadAttestation`.

use crate::common::{self, public_hex, DevNode};
use depin_e2e::keypair;

/// The Statue of Liberty, an H3 cell of resolution 12.
const LIBERTY: &str = "0x08c2a1072b59b9ff";
/// The maker's attestation key.
const MAKER: &str = "//ClientTestMaker";

#[tokio::test(flavor = "multi_thread")]
async fn burn_onboard_locate_and_named_refusals() {
	let node = DevNode::start().await;
	let maker = node.govern(&keypair(MAKER).expect("a secret URI")).await;

	// No price yet: no quote, and the burn fails on chain, named, with its docs and what to do.
	let no_quote = node.depin(&["bme", "quote", "10"]).await.ok("bme quote");
	assert!(no_quote["credits"].is_null(), "{no_quote}");
	let refused =
		node.depin(&["--wait", "in-block", "bme", "burn", "10", "--suri", "//Charlie"]).await;
	let error = &refused.failed(1, "a burn with no price")["error"];
	assert_eq!(error["error"], "Bme::NoPrice", "{error}");
	assert!(error["docs"].as_str().is_some_and(|docs| docs.contains("feeders")), "{error}");
	assert!(error["hint"].as_str().is_some_and(|hint| hint.contains("bme price")), "{error}");
	let human = node.node.ws_url();
	let text = common::depin(
		&[
			"--url".into(),
			human,
			"--wait".into(),
			"in-block".into(),
			"bme".into(),
			"burn".into(),
			"10".into(),
			"--suri".into(),
			"//Charlie".into(),
		],
		common::COMMAND_TIMEOUT,
	)
	.await;
	assert_eq!(text.code, 1);
	assert!(text.stderr.contains("Bme::NoPrice") && text.stderr.contains("hint:"), "{text:?}");

	// Both feeders price DPN at 2.05 USD; Charlie burns 50 DPN for credits.
	for feeder in ["//Alice", "//Bob"] {
		let price = ["--wait", "in-block", "bme", "price", "2.05", "--suri", feeder];
		node.depin(&price).await.ok("bme price");
	}
	let quote = node.depin(&["bme", "quote", "50"]).await.ok("bme quote");
	let burned = node.depin(&["bme", "burn", "50", "--suri", "//Charlie"]).await.ok("bme burn");
	assert_eq!(quote["credits"], burned["credits"], "the quote is what the burn buys: {quote}");
	assert_eq!(burned["burned"], "50000000000000", "{burned}");
	assert_eq!(burned["finalized"], true, "the default waits for finality: {burned}");
	let credits: u128 = burned["credits"].as_str().expect("credits").parse().expect("a number");
	assert!(credits > 4_500_000, "50 DPN at about 2 USD buy over 45 USD of credits: {burned}");
	let shown = node.depin(&["account", "show", "//Charlie"]).await.ok("account show");
	assert_eq!(shown["credits"]["spendable"], credits.to_string(), "{shown}");

	// A fresh device key, attested and onboarded, located and read back.
	let device = node.depin(&["device", "new", "--show-secret"]).await.ok("device new");
	let device_key = device["publicKey"].as_str().expect("a public key").to_owned();
	let hotspot = ["--class", "hotspot", "--gain", "40", "--elevation", "10"];
	let id = common::onboard(&node, "//Charlie", (maker, MAKER), &device_key, &hotspot).await;
	let located =
		node.depin(&["device", "locate", &id.to_string(), "--cell", LIBERTY, "--gain", "40"]).await;
	let located = located.failed(2, "locate without --suri");
	assert!(located["error"]["message"].as_str().is_some_and(|m| m.contains("--suri")));
	// Located by latitude and longitude: the centre of LIBERTY finds LIBERTY.
	let centre = h3o::LatLng::from(
		h3o::CellIndex::try_from(u64::from_str_radix(&LIBERTY[2..], 16).expect("hex"))
			.expect("a cell"),
	);
	let (lat, lng) = (centre.lat().to_string(), centre.lng().to_string());
	let args = ["--suri", "//Charlie", "--elevation", "10", "--gain", "40", "--lat", &lat];
	let id_text = id.to_string();
	let mut locate = vec!["device", "locate", &id_text, "--lng", &lng];
	locate.extend(args);
	node.depin(&locate).await.ok("device locate");
	let shown = node.depin(&["device", "show", &id_text]).await.ok("device show");
	assert_eq!(shown["location"]["cell"], LIBERTY, "{shown}");
	assert_eq!(shown["class"], "hotspot", "{shown}");
	assert_eq!(shown["key"]["publicKey"], device_key, "{shown}");
	let by_key = node.depin(&["device", "show", "--key", &device_key]).await.ok("by key");
	assert_eq!(by_key["id"], id, "{by_key}");
	let listed = node.depin(&["device", "list", "//Charlie"]).await.ok("device list");
	assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");

	// The same key again: refused by name.
	let charlie = public_hex("//Charlie");
	let hotspot = ["--class", "hotspot"];
	let attested = common::attest(&node, (maker, MAKER), &device_key, &charlie, "hotspot").await;
	let duplicate =
		common::onboard_with(&node, "//Charlie", maker, &device_key, &attested, &hotspot);
	let error = &duplicate.await.failed(1, "a duplicate device key")["error"];
	assert_eq!(error["error"], "Registry::DeviceKeyTaken", "{error}");
	assert!(error["hint"].as_str().is_some_and(|hint| hint.contains("device new")), "{error}");

	// An attestation signed by Charlie himself, not the maker: refused by name.
	let other_key = public_hex("//ClientTestSecondHotspot");
	let forged = common::attest(&node, (maker, "//Charlie"), &other_key, &charlie, "hotspot").await;
	let bad = common::onboard_with(&node, "//Charlie", maker, &other_key, &forged, &hotspot).await;
	let error = &bad.failed(1, "a bad attestation")["error"];
	assert_eq!(error["error"], "Registry::BadAttestation", "{error}");
	assert!(error["docs"].as_str().is_some_and(|docs| docs.contains("maker")), "{error}");

	// The maker's real attestation with its deadline moved: the signature no longer verifies.
	let (attestation, valid_until) =
		common::attest(&node, (maker, MAKER), &other_key, &charlie, "hotspot").await;
	let later = (attestation, (valid_until.parse::<u64>().expect("a block") + 1).to_string());
	let moved = common::onboard_with(&node, "//Charlie", maker, &other_key, &later, &hotspot).await;
	let error = &moved.failed(1, "a moved deadline")["error"];
	assert_eq!(error["error"], "Registry::BadAttestation", "{error}");
}
