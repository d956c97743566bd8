//! `depin load transfers` against a `--dev` node: Alice funds eight senders, which send 300
//! pre-signed transfers at 50 a second over two connections; the report accounts for every one
//! of them block by block, and the blocks that carried them had room to spare.
//! `depin load coverage` and `depin load sessions` likewise account for every coverage report
//! (and its forged receipt) and every data-transfer session they send.

use crate::common::DevNode;
use serde_json::Value as Json;

/// A number field of a JSON object.
fn number(value: &Json, field: &str) -> u64 {
	value[field].as_u64().unwrap_or_else(|| panic!("{field} is not a number: {value}"))
}

/// A share field of a JSON object.
fn share(value: &Json, field: &str) -> f64 {
	value[field].as_f64().unwrap_or_else(|| panic!("{field} is not a number: {value}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn every_submitted_transfer_is_included_and_accounted_for_per_block() {
	let node = DevNode::start().await;
	let args = [
		"load",
		"transfers",
		"--rate",
		"50",
		"--duration",
		"6",
		"--connections",
		"2",
		"--accounts",
		"8",
		"--suri",
		"//Alice",
	];
	let report = node.depin(&args).await.ok("load transfers");
	let summary = &report["summary"];
	let submitted = number(summary, "submitted");
	assert_eq!(submitted, 300, "rate × duration transfers are sent: {summary}");
	assert_eq!(number(summary, "accepted"), submitted, "the pool takes them all: {summary}");
	assert_eq!(number(summary, "included"), submitted, "every transfer is included: {summary}");
	assert_eq!(summary["events"]["Balances.Transfer"], submitted, "{summary}");
	assert_eq!(summary["events"]["System.ExtrinsicFailed"], 0, "{summary}");
	assert_eq!(report["funding"]["funded"], 8, "fresh senders are funded first: {report}");

	let blocks = report["blocks"].as_array().expect("per-block rows");
	assert!(!blocks.is_empty(), "{report}");
	let sum = |field: &dyn Fn(&Json) -> u64| blocks.iter().map(field).sum::<u64>();
	assert_eq!(sum(&|row: &Json| number(row, "load")), submitted, "the rows add up: {report}");
	assert_eq!(
		sum(&|row: &Json| number(&row["events"], "Balances.Transfer")),
		submitted,
		"the rows' events add up: {report}"
	);
	assert_eq!(
		sum(&|row: &Json| row["calls"]["Balances.transfer_keep_alive"].as_u64().unwrap_or(0)),
		submitted,
		"the rows' calls add up: {report}"
	);
	let first = number(&report, "from") + 1;
	for (offset, row) in blocks.iter().enumerate() {
		assert_eq!(number(row, "number"), first + offset as u64, "consecutive blocks: {report}");
		assert!(share(row, "weight") > 0.0, "every block has its inherents' weight: {row}");
		if number(row, "load") > 0 {
			// Blocks without load may be full: a session rotation's `on_initialize` charges the
			// whole block (every 10 blocks on a dev chain).
			assert!(share(row, "weight") < 1.0, "{row}");
			let normal = share(row, "normalWeight");
			assert!(normal > 0.0 && normal < 1.0, "{row}");
		}
	}
	let busiest = share(&summary["weight"], "max");
	assert!(busiest > 0.0 && busiest < 1.0, "{summary}");
	assert!(number(summary, "peakPerBlock") > 0, "{summary}");
	assert!(share(summary, "includedPerSecond") > 0.0, "{summary}");

	let bad_rate = node.depin(&["load", "transfers", "--rate", "0", "--suri", "//Alice"]).await;
	bad_rate.failed(2, "load transfers --rate 0");
	let one_sender =
		node.depin(&["load", "transfers", "--accounts", "1", "--suri", "//Alice"]).await;
	one_sender.failed(2, "load transfers --accounts 1");
}

/// Two witness sets (a pool of 28 ring hotspots taken 14 at a time) and a forged last receipt
/// in every report: each report opens its window with its 13 honest receipts counted, the
/// forged one refused alone.
#[tokio::test(flavor = "multi_thread")]
async fn every_coverage_report_counts_its_honest_receipts_and_refuses_its_forged_one() {
	let node = DevNode::start().await;
	let args = [
		"load",
		"coverage",
		"--rate",
		"20",
		"--duration",
		"3",
		"--connections",
		"2",
		"--witness-pool",
		"28",
		"--forged",
		"--operators",
		"3",
		"--suri",
		"//Alice",
		"--sudo",
	];
	let within = std::time::Duration::from_secs(600);
	let report = node.depin_within(&args, within).await.ok("load coverage");
	let summary = &report["summary"];
	assert_eq!(number(summary, "submitted"), 60, "rate × duration reports: {summary}");
	assert_eq!(number(summary, "accepted"), 60, "the pool takes them all: {summary}");
	assert_eq!(number(summary, "included"), 60, "every report is included: {summary}");
	assert_eq!(summary["events"]["Coverage.BeaconAccepted"], 60, "{summary}");
	assert_eq!(
		summary["events"]["Coverage.WitnessInvalid"], 60,
		"one forged receipt a report, refused alone: {summary}"
	);
	assert_eq!(report["target"]["witnessPool"], 28, "{report}");
	assert_eq!(report["target"]["receipts"], 60 * 14, "14 receipts a report: {report}");

	let blocks = report["blocks"].as_array().expect("per-block rows");
	let load: u64 = blocks.iter().map(|row| number(row, "load")).sum();
	assert_eq!(load, 60, "the rows add up: {report}");
	let per_second = share(summary, "includedPerSecond");
	let receipts = share(&report, "receiptsPerSecond");
	assert!(per_second > 0.0, "{summary}");
	assert!((receipts - 14.0 * per_second).abs() < 0.1, "{receipts} vs {per_second}: {report}");
	for row in blocks.iter().filter(|row| number(row, "load") > 0) {
		let normal = share(row, "normalWeight");
		assert!(normal > 0.0 && normal < 1.0, "{row}");
	}
}

/// `depin load sessions`: every countersigned session of every report (two payers' sessions in
/// each) is counted, the reports' periods staying within the dev chain's 30-block session age
/// however the load is paced.
#[tokio::test(flavor = "multi_thread")]
async fn every_session_of_every_load_report_is_counted() {
	let node = DevNode::start().await;
	let args = [
		"load",
		"sessions",
		"--rate",
		"1",
		"--duration",
		"4",
		"--sessions",
		"8",
		"--connections",
		"2",
		"--operators",
		"2",
		"--payers",
		"2",
		"--suri",
		"//Alice",
		"--sudo",
	];
	let within = std::time::Duration::from_secs(600);
	let report = node.depin_within(&args, within).await.ok("load sessions");
	let summary = &report["summary"];
	assert_eq!(number(summary, "submitted"), 4, "rate × duration reports: {summary}");
	assert_eq!(number(summary, "accepted"), 4, "the pool takes them all: {summary}");
	assert_eq!(number(summary, "included"), 4, "every report is included: {summary}");
	assert_eq!(summary["events"]["Usage.SessionCounted"], 32, "8 sessions a report: {summary}");
	assert_eq!(summary["events"]["System.ExtrinsicFailed"], 0, "{summary}");
	assert_eq!(report["sessionsCounted"], 32, "{report}");
	// Eight hotspots carry them in turn (the default: at least a report's worth), for two payers.
	assert_eq!(report["target"]["hotspots"], 8, "{report}");
	assert_eq!(report["target"]["payers"], 2, "{report}");
	let payers = node.rpc.request("depin_payers", vec![]).await.expect("depin_payers");
	assert_eq!(payers.as_array().map(Vec::len), Some(2), "two carriers approved: {payers}");
	assert!(share(&report, "sessionsPerSecond") > 0.0, "{report}");
}
