//! `depin validator`: an account ties the session keys its node made to itself, bonds as a
//! candidate and leaves again, as docs/validator.md has a validator do; registering without keys
//! and malformed keys are refused by name.

use crate::common::DevNode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn an_account_sets_its_nodes_session_keys_registers_as_a_candidate_and_leaves() {
	let node = DevNode::start().await;
	// Eve is endowed on the dev chain and no validator. Her node makes keys owned by her.
	let eve = depin_e2e::keypair("//Eve").expect("Eve");
	let owner = depin_e2e::to_hex(eve.public_key().0);
	let made = node
		.rpc
		.request("author_rotateKeysWithOwner", vec![json!(owner)])
		.await
		.expect("the node makes session keys");
	let (keys, proof) =
		(made["keys"].as_str().expect("keys"), made["proof"].as_str().expect("proof"));

	// Without keys on chain, no candidacy.
	let early =
		node.depin(&["--wait", "in-block", "validator", "register", "--suri", "//Eve"]).await;
	let early = early.failed(1, "register before setting keys (fails on chain)");
	assert!(early.to_string().contains("ValidatorNotRegistered"), "{early}");

	let set = ["--wait", "in-block", "validator", "set-keys", "--keys", keys, "--proof", proof];
	let mut set = set.to_vec();
	set.extend(["--suri", "//Eve"]);
	node.depin(&set).await.ok("set-keys");
	let registered = node
		.depin(&["--wait", "in-block", "validator", "register", "--suri", "//Eve"])
		.await
		.ok("register");
	// The bond the event names: the dev chain's 100 DPN.
	assert_eq!(registered["deposit"], json!("100000000000000"), "{registered}");
	let left = node
		.depin(&["--wait", "in-block", "validator", "leave", "--suri", "//Eve"])
		.await
		.ok("leave");
	assert!(left["events"].to_string().contains("CandidateRemoved"), "{left}");

	// Keys that are not 64 bytes: refused before anything is sent.
	let short = node
		.depin(&["validator", "set-keys", "--keys", "0x1234", "--proof", proof, "--suri", "//Eve"])
		.await;
	let short = short.failed(2, "short keys");
	assert!(short.to_string().contains("64"), "{short}");
}
