//! `depin account` and `depin query`: a fresh key pair signs with its phrase; an account's
//! balances, nonce and credits are read from a `--dev` node; any `depin_*` method passes
//! through, and an unknown one fails with the node's JSON-RPC error.

use std::time::Duration;

use crate::common::{self, DevNode};

const TIMEOUT: Duration = common::COMMAND_TIMEOUT;

fn args(list: &[&str]) -> Vec<String> {
	list.iter().map(|arg| (*arg).to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn account_new_shows_its_phrase_only_when_asked_and_it_signs_for_its_address() {
	let created =
		common::depin(&args(&["--json", "account", "new", "--show-secret"]), TIMEOUT).await;
	let created = created.ok("account new --show-secret");
	let phrase = created["secretPhrase"].as_str().expect("a phrase");
	assert_eq!(phrase.split(' ').count(), 12, "{created}");
	let again = depin_e2e::keypair(phrase).expect("the phrase is a secret URI");
	assert_eq!(created["publicKey"], depin_e2e::to_hex(again.public_key().0), "{created}");
	assert_eq!(
		created["address"],
		depin_e2e::account_id(&again).to_string(),
		"the SS58 address of the key: {created}"
	);
	// Neither a key file nor --show-secret: a usage error, nothing made.
	let nowhere = common::depin(&args(&["--json", "account", "new"]), TIMEOUT).await;
	assert_eq!(nowhere.code, 2, "{nowhere:?}");
	assert!(nowhere.stderr.contains("--keystore"), "{}", nowhere.stderr);

	let text = common::depin(&args(&["device", "new", "--show-secret"]), TIMEOUT).await;
	assert_eq!(text.code, 0, "{text:?}");
	assert!(text.stdout.contains("device key:    ed25519:0x"), "{}", text.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn account_new_writes_an_owner_only_polkadot_js_key_file_and_never_prints_its_secret() {
	let dir = tempfile::tempdir().expect("a temporary directory");
	let path = dir.path().join("alice-replacement.json");
	let file = path.to_str().expect("a UTF-8 path");
	let password = [("DEPIN_PASSWORD", "correct horse battery")];
	let new = args(&["--json", "account", "new", "--keystore", file, "--name", "validator 1"]);
	let created = common::depin_with(&new, &password, None, TIMEOUT).await.ok("account new");
	assert_eq!(created["keyFile"], file, "{created}");
	assert!(created.get("secretPhrase").is_none(), "no secret printed: {created}");

	let text = std::fs::read_to_string(&path).expect("the key file");
	let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
	assert_eq!(json["address"], created["address"], "{json}");
	assert_eq!(json["encoding"]["version"], "3", "{json}");
	assert_eq!(json["encoding"]["content"], serde_json::json!(["pkcs8", "sr25519"]), "{json}");
	assert_eq!(json["meta"]["name"], "validator 1", "{json}");
	use std::os::unix::fs::PermissionsExt;
	let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
	assert_eq!(mode & 0o777, 0o600, "readable by its owner only");
	let opened = depin_client::keystore::decrypt(&json, "correct horse battery").expect("opens");
	assert_eq!(depin_e2e::to_hex(opened.public()), created["publicKey"].as_str().expect("key"));

	// Not over an existing file.
	let again = common::depin_with(&new, &password, None, TIMEOUT).await;
	again.failed(2, "account new over an existing file");
	assert_eq!(std::fs::read_to_string(&path).expect("the key file"), text, "untouched");

	// A device key file, ed25519 by default.
	let device_path = dir.path().join("hotspot.json");
	let device = args(&[
		"--json",
		"device",
		"new",
		"--keystore",
		device_path.to_str().expect("a UTF-8 path"),
	]);
	let device = common::depin_with(&device, &password, None, TIMEOUT).await.ok("device new");
	let device_file: serde_json::Value =
		serde_json::from_str(&std::fs::read_to_string(&device_path).expect("the key file"))
			.expect("JSON");
	assert_eq!(device_file["encoding"]["content"][1], "ed25519", "{device_file}");
	assert!(device.get("secretPhrase").is_none() && device.get("secret").is_none(), "{device}");
}

#[tokio::test(flavor = "multi_thread")]
async fn account_show_and_query_read_the_chain() {
	let node = DevNode::start().await;
	let alice = node.depin(&["account", "show", "//Alice"]).await.ok("account show");
	assert_eq!(alice["address"], "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", "{alice}");
	let free: u128 = alice["free"].as_str().expect("free").parse().expect("a number");
	assert!(free > 0, "Alice is endowed: {alice}");
	assert_eq!(alice["credits"]["spendable"], "0", "{alice}");
	assert!(alice["nonce"].is_u64(), "{alice}");

	let price = node.depin(&["query", "price"]).await.ok("query price");
	assert!(price["price"].is_null() && price["minFeeders"].is_u64(), "{price}");
	let credits = node
		.depin(&["query", "depin_credits", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"])
		.await
		.ok("query credits");
	assert_eq!(credits["total"], "0", "{credits}");
	let unknown = node.depin(&["query", "depin_nothing"]).await;
	let error = &unknown.failed(4, "an unknown method")["error"];
	assert!(error["message"].as_str().is_some_and(|m| m.contains("not found")), "{error}");

	let nobody = node.depin(&["account", "show"]).await;
	nobody.failed(2, "account show with no account and no --suri");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_signer_comes_from_a_key_file_standard_input_or_with_a_warning_the_command_line() {
	let node = DevNode::start().await;
	let url = node.node.ws_url();
	let dir = tempfile::tempdir().expect("a temporary directory");
	let path = dir.path().join("key.json");
	let key_file = format!("@{}", path.display());
	let password = [("DEPIN_PASSWORD", "pw of the test")];
	let created = common::depin_with(
		&args(&["--json", "account", "new", "--keystore", &path.display().to_string()]),
		&password,
		None,
		TIMEOUT,
	)
	.await
	.ok("account new");
	let show = |suri: &str| args(&["--url", &url, "--json", "account", "show", "--suri", suri]);

	// The key file, with its password.
	let shown = common::depin_with(&show(&key_file), &password, None, TIMEOUT).await;
	assert_eq!(shown.ok("account show from a key file")["address"], created["address"]);
	let wrong = [("DEPIN_PASSWORD", "not the password")];
	let refused = common::depin_with(&show(&key_file), &wrong, None, TIMEOUT).await;
	refused.failed(2, "a wrong password");
	assert!(refused.stderr.contains("wrong password") || refused.stdout.contains("wrong password"));

	// A file holding a secret URI, and standard input: no warning.
	let phrase = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
	let root = depin_e2e::keypair(phrase).expect("the phrase");
	let alice = depin_e2e::account_id(&root).to_string();
	let alice = alice.as_str();
	let uri_file = dir.path().join("phrase");
	std::fs::write(&uri_file, format!("{phrase}\n")).expect("written");
	let from_file =
		common::depin_with(&show(&format!("@{}", uri_file.display())), &[], None, TIMEOUT).await;
	assert!(!from_file.stderr.contains("warning"), "{}", from_file.stderr);
	assert_eq!(from_file.ok("account show from a file")["address"], alice);
	let stdin = common::depin_with(&show("-"), &[], Some(&format!("{phrase}\n")), TIMEOUT).await;
	assert!(!stdin.stderr.contains("warning"), "{}", stdin.stderr);
	assert_eq!(stdin.ok("account show from standard input")["address"], alice);

	// The phrase itself on the command line: it works, with a warning.
	let argv = common::depin_with(&show(phrase), &[], None, TIMEOUT).await;
	assert!(argv.stderr.contains("warning: --suri was given on the command line"), "{argv:?}");
	assert_eq!(argv.ok("account show with the phrase in argv")["address"], alice);
	// A development path is no secret: no warning.
	let dev = common::depin_with(&show("//Alice"), &[], None, TIMEOUT).await;
	assert!(!dev.stderr.contains("warning"), "{}", dev.stderr);
}
