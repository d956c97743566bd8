//! `depin simulate` against a `--dev` node (10-block epochs, a 10-block beacon interval): 50
//! hotspots around New York and two leased GPUs, set up by sudo, run for three epochs. Every
//! hotspot earns after the first epoch; reciprocity shows in the first epoch (a fresh fleet's first beacons earn
//! nothing, their witnesses neither) and is gone by the last; the hex-density transmit scale
//! shows in every share (units × the hotspot's scale, hotspots in dense hexes below 1); the GPUs
//! heartbeat; the simulated carrier buys the data transfer of the third of the hotspots nearest
//! the centre every epoch, the data-transfer pool pays from the second epoch on, and those
//! hotspots' hexes weigh coverage less.

use std::{collections::BTreeMap, time::Duration};

use crate::common::DevNode;
use pallet_coverage::features::reward_units::{beacon_unit, witness_unit};
use serde_json::Value as Json;

/// How long the run may take: setup (about 12 blocks), up to an epoch's wait, three epochs.
const RUN_TIMEOUT: Duration = Duration::from_secs(900);
/// How many hotspots.
const HOTSPOTS: usize = 50;

/// A decimal-string amount.
fn amount(value: &Json) -> u128 {
	value.as_str().and_then(|text| text.parse().ok()).unwrap_or_else(|| panic!("{value}"))
}

/// A `Perbill` shown as `0.123456789`, in parts per billion.
fn parts(scale: &str) -> u128 {
	let (whole, fraction) = scale.split_once('.').expect("a decimal");
	whole.parse::<u128>().expect("digits") * 1_000_000_000
		+ fraction.parse::<u128>().expect("digits")
}

/// `scale × unit`, rounded down, as `Perbill::mul_floor` computes it.
fn scaled(scale: u128, unit: u128) -> u128 {
	unit * scale / 1_000_000_000
}

#[tokio::test(flavor = "multi_thread")]
async fn fifty_hotspots_earn_over_three_epochs_with_reciprocity_and_density_in_the_shares() {
	let node = DevNode::start().await;
	let args = ["simulate", "--suri", "//Alice", "--sudo", "--hotspots", "50", "--epochs", "3"];
	let report = node.depin_within(&args, RUN_TIMEOUT).await.ok("depin simulate");

	let epochs = report["epochs"].as_array().expect("epochs");
	assert_eq!(epochs.len(), 3, "{report}");
	let hotspots = report["hotspots"].as_array().expect("hotspots");
	assert_eq!(hotspots.len(), HOTSPOTS);
	let scale_of: BTreeMap<u64, u128> = hotspots
		.iter()
		.map(|h| {
			(h["id"].as_u64().expect("an id"), parts(h["transmitScale"].as_str().expect("a scale")))
		})
		.collect();

	// Every hotspot earns after the first epoch, as beaconer or witness. A hotspot beacons again
	// an interval after its last beacon was included, so its cycle is the interval (here the
	// epoch's length) plus the inclusion delay: on a busy machine some beacons slip into the next
	// epoch and a hotspot can miss one epoch, but never two in a row.
	let mut earned: BTreeMap<u64, u128> = BTreeMap::new();
	for epoch in &epochs[1..] {
		assert!(epoch["beacons"].as_u64() >= Some(HOTSPOTS as u64 / 2), "{epoch}");
		for share in epoch["shares"].as_array().expect("shares") {
			let hotspot = share["hotspot"].as_u64().expect("a hotspot");
			*earned.entry(hotspot).or_default() +=
				amount(&share["beacon"]) + amount(&share["witness"]);
		}
	}
	assert_eq!(earned.len(), HOTSPOTS, "every hotspot has shares: {earned:?}");
	for (hotspot, earned) in &earned {
		assert!(*earned > 0, "hotspot {hotspot} earned nothing after the first epoch");
	}

	// Reciprocity: a fresh fleet's first witnesses earn nothing until they have beaconed, so the
	// first epoch withholds witness rewards; by the last every witness has beaconed.
	let beacons = report["beacons"].as_array().expect("beacons");
	let first_epoch = epochs[0]["epoch"].as_u64();
	let first_beacon = beacons
		.iter()
		.filter(|b| b["epoch"].as_u64() == first_epoch)
		.min_by_key(|b| b["block"].as_u64())
		.expect("a beacon in the first epoch");
	let rewarded = first_beacon["rewarded"].as_array().expect("rewarded");
	assert!(!rewarded.is_empty(), "{first_beacon}");
	// Reciprocity is judged when a window closes: a first beacon's witnesses whose own first
	// beacon's window had not closed yet earn nothing (a fresh fleet's first block opens a few
	// windows, so most of its fourteen).
	let unearned = rewarded.iter().filter(|w| amount(&w[1]) == 0).count();
	assert!(
		unearned > 0,
		"the first beacon's witnesses include one that earned nothing: {first_beacon}"
	);
	let withheld = |epoch: &Json| epoch["withheldWitnessRewards"].as_u64().expect("a count");
	assert!(withheld(&epochs[0]) > HOTSPOTS as u64, "{}", epochs[0]);
	assert!(withheld(&epochs[2]) < withheld(&epochs[0]) / 10, "{}", epochs[2]);
	assert_eq!(epochs[2]["withheldBeaconRewards"], 0, "{}", epochs[2]);

	// Density: every share is the reward unit times the hotspot's transmit scale, and some
	// hotspots (those sharing a hex) earn at a scale below 1.
	assert!(scale_of.values().any(|&scale| scale < 1_000_000_000), "no dense hex: {hotspots:?}");
	assert!(scale_of.values().any(|&scale| scale == 1_000_000_000), "every hex dense");
	let mut checked = 0;
	for beacon in beacons {
		let rewarded = beacon["rewarded"].as_array().expect("rewarded");
		let count = rewarded.len() as u32;
		let beaconer = beacon["beaconer"].as_u64().expect("a beaconer");
		let shares = amount(&beacon["beaconShares"]);
		if shares > 0 {
			assert_eq!(shares, scaled(scale_of[&beaconer], beacon_unit(count)), "{beacon}");
			checked += 1;
		}
		for witness in rewarded {
			let (id, shares) = (witness[0].as_u64().expect("an id"), amount(&witness[1]));
			if shares > 0 {
				assert_eq!(shares, scaled(scale_of[&id], witness_unit(count)), "{beacon}");
			}
		}
	}
	assert!(checked >= 2 * HOTSPOTS, "only {checked} beacons earned");

	// The GPU providers heartbeat their leases.
	let gpus = report["gpus"].as_array().expect("gpus");
	assert_eq!(gpus.len(), 2);
	assert!(gpus.iter().all(|gpu| gpu["lease"].is_u64()), "{gpus:?}");
	let heartbeats: u64 = epochs.iter().map(|e| e["heartbeats"].as_u64().unwrap_or(0)).sum();
	assert!(heartbeats >= 4, "{heartbeats} heartbeats");

	// Data transfer: a third of the hotspots carry the carrier's traffic every epoch; the data
	// carried in one epoch is paid when the next ends; their hexes' coverage weight falls.
	let carriers = HOTSPOTS as u64 / 3;
	for epoch in epochs {
		assert_eq!(epoch["dataTransferSessions"].as_u64(), Some(carriers), "{epoch}");
	}
	for epoch in &epochs[1..] {
		assert!(amount(&epoch["dataTransferPool"]) > 0, "{epoch}");
	}
	let weight = |h: &Json| h["coverageWeight"].as_f64().expect("a weight");
	let (busy, quiet): (Vec<&Json>, Vec<&Json>) =
		hotspots.iter().partition(|h| h["carriesTraffic"] == true);
	assert_eq!(busy.len() as u64, carriers);
	assert!(busy.iter().all(|h| weight(h) < 1.0), "{busy:?}");
	assert!(quiet.iter().any(|h| weight(h) == 1.0), "{quiet:?}");
	assert!(
		report["refusals"].as_object().is_some_and(|r| r.values().all(|n| n.as_u64() < Some(5))),
		"{}",
		report["refusals"]
	);

	explorer_reads_list_every_counted_hotspot_once(&node, hotspots).await;
	explorer_history_has_every_ended_epochs_books(&node, epochs).await;
	explorer_activity_shows_the_beacons(&node, beacons).await;
}

/// `method` at the best block, or the JSON-RPC error's code and message.
async fn call(node: &DevNode, method: &str, params: Vec<Json>) -> Result<Json, String> {
	node.rpc.request(method, params).await.map_err(|error| error.to_string())
}

/// The explorer's paged reads (`depin_regions`, `depin_hexesUnder`, `depin_hotspotsUnder`),
/// followed page by page with small pages, list every counted hotspot exactly once and count
/// each hex as the hotspots' own locations do.
async fn explorer_reads_list_every_counted_hotspot_once(node: &DevNode, hotspots: &[Json]) {
	let cell = |text: &str| {
		h3o::CellIndex::try_from(u64::from_str_radix(&text[2..], 16).expect("hex")).expect("cell")
	};
	let mut located = BTreeMap::new();
	for hotspot in hotspots {
		let id = hotspot["id"].as_u64().expect("an id");
		let coverage = call(node, "depin_hotspotCoverage", vec![id.into()]).await.expect("read");
		let at = coverage["countedAt"]["cell"].as_str().expect("every hotspot is counted");
		located.insert(id, cell(at));
	}
	let mut regions = BTreeMap::new();
	let mut after = Json::Null;
	loop {
		let page = call(node, "depin_regions", vec![after, 1.into()]).await.expect("regions");
		for hex in page["hexes"].as_array().expect("hexes") {
			let region = hex["hex"]["cell"].as_str().expect("a cell").to_owned();
			assert!(regions.insert(region, hex["count"].as_u64()).is_none(), "{page}");
		}
		after = page["next"].clone();
		if after.is_null() {
			break;
		}
	}
	let mut expected_regions = BTreeMap::new();
	for location in located.values() {
		let region = location.parent(h3o::Resolution::Four).expect("a region");
		*expected_regions.entry(format!("0x{:016x}", u64::from(region))).or_insert(0u64) += 1;
	}
	let expected: BTreeMap<String, Option<u64>> =
		expected_regions.into_iter().map(|(region, n)| (region, Some(n))).collect();
	assert_eq!(regions, expected, "regions and their counts");

	let mut hexes = BTreeMap::new();
	let mut listed = Vec::new();
	for region in regions.keys() {
		let mut after = Json::Null;
		loop {
			let params = vec![region.as_str().into(), 10.into(), after, 7.into()];
			let page = call(node, "depin_hexesUnder", params).await.expect("hexes under");
			for hex in page["hexes"].as_array().expect("hexes") {
				hexes.insert(
					hex["hex"]["cell"].as_str().expect("a cell").to_owned(),
					hex["count"].as_u64(),
				);
			}
			after = page["next"].clone();
			if after.is_null() {
				break;
			}
		}
		let mut after = Json::Null;
		loop {
			let params = vec![region.as_str().into(), after, 5.into()];
			let page = call(node, "depin_hotspotsUnder", params).await.expect("hotspots under");
			for hotspot in page["hotspots"].as_array().expect("hotspots") {
				listed.push(hotspot["id"].as_u64().expect("an id"));
			}
			after = page["next"].clone();
			if after.is_null() {
				break;
			}
		}
	}
	let mut expected_hexes = BTreeMap::new();
	for location in located.values() {
		let hex = location.parent(h3o::Resolution::Ten).expect("a hex");
		*expected_hexes.entry(format!("0x{:016x}", u64::from(hex))).or_insert(0u64) += 1;
	}
	let expected: BTreeMap<String, Option<u64>> =
		expected_hexes.into_iter().map(|(hex, n)| (hex, Some(n))).collect();
	assert_eq!(hexes, expected, "resolution-10 hexes and their counts");
	listed.sort_unstable();
	assert_eq!(listed, located.keys().copied().collect::<Vec<_>>(), "each hotspot once");

	// The box around New York holds every hotspot, found over pages of 5 entries scanned; a box
	// over London none.
	let mut in_box = Vec::new();
	let mut after = Json::Null;
	let new_york = serde_json::json!({"south": 40.0, "west": -75.0, "north": 41.5, "east": -73.0});
	loop {
		let params = vec![new_york.clone(), after, 5.into()];
		let page = call(node, "depin_hotspotsInBox", params).await.expect("box");
		in_box.extend(
			page["hotspots"]
				.as_array()
				.expect("hotspots")
				.iter()
				.map(|h| h["id"].as_u64().expect("id")),
		);
		after = page["next"].clone();
		if after.is_null() {
			break;
		}
	}
	in_box.sort_unstable();
	assert_eq!(in_box, listed, "the box holds the fleet");
	let london = serde_json::json!({"south": 51.0, "west": -1.0, "north": 52.0, "east": 1.0});
	let page = call(node, "depin_hotspotsInBox", vec![london]).await.expect("box");
	assert_eq!(page["hotspots"], serde_json::json!([]), "{page}");
	let inverted = serde_json::json!({"south": 41.0, "west": -75.0, "north": 40.0, "east": -73.0});
	let refused = call(node, "depin_hotspotsInBox", vec![inverted]).await.expect_err("inverted");
	assert!(refused.contains("south is north of north"), "{refused}");

	// A parent coarser than resolution 4 and an empty walk are refused by name.
	let coarse = format!(
		"0x{:016x}",
		u64::from(located[&listed[0]].parent(h3o::Resolution::Three).expect("res 3"))
	);
	let refused = call(node, "depin_hotspotsUnder", vec![coarse.into()]).await.expect_err("res 3");
	assert!(refused.contains("parent") && refused.contains("resolution 4 to 15"), "{refused}");
	let refused = call(node, "depin_coverageActivity", vec![0.into()]).await.expect_err("0 blocks");
	assert!(refused.contains("blocks") && refused.contains("1 to 100"), "{refused}");
}

/// `depin_epochHistory` holds every ended epoch of the run, newest first, with the pools the
/// run saw paid.
async fn explorer_history_has_every_ended_epochs_books(node: &DevNode, epochs: &[Json]) {
	let history = call(node, "depin_epochHistory", vec![]).await.expect("history");
	let records = history.as_array().expect("records");
	let numbers: Vec<u64> =
		records.iter().map(|r| r["epoch"].as_u64().expect("an epoch")).collect();
	let newest = numbers[0];
	assert_eq!(numbers, (0..=newest).rev().collect::<Vec<_>>(), "every ended epoch, newest first");
	for epoch in epochs {
		let number = epoch["epoch"].as_u64().expect("an epoch");
		let record = &records[(newest - number) as usize];
		assert_eq!(record["pools"]["coverage"], epoch["coveragePool"], "{record} {epoch}");
		assert_eq!(record["pools"]["dataTransfer"], epoch["dataTransferPool"], "{record} {epoch}");
		assert!(amount(&record["minted"]) > 0 && record["creditPrice"].is_string(), "{record}");
	}
}

/// `depin_coverageActivity` over the run's blocks shows every rewarded beacon being accepted.
async fn explorer_activity_shows_the_beacons(node: &DevNode, beacons: &[Json]) {
	let first = beacons.iter().filter_map(|b| b["block"].as_u64()).min().expect("a beacon");
	let mut accepted = BTreeMap::new();
	let mut at = Json::Null;
	// Pages of at most 100 blocks, each ending where the one before began.
	loop {
		let page = call(node, "depin_coverageActivity", vec![100.into(), at]).await.expect("read");
		for block in page["blocks"].as_array().expect("blocks") {
			for event in block["events"].as_array().expect("events") {
				if event["kind"] == "beaconAccepted" {
					accepted.insert(block["block"].as_u64(), event["beaconer"].as_u64());
				}
			}
		}
		let from = page["from"].as_u64().expect("from");
		if from <= first {
			break;
		}
		at = call(node, "chain_getBlockHash", vec![(from - 1).into()]).await.expect("a hash");
	}
	for beacon in beacons {
		let at = beacon["block"].as_u64();
		assert!(accepted.contains_key(&at), "no beacon accepted at {at:?}: {accepted:?}");
	}
}
