//! `depin account` and `depin query`: a fresh key pair signs with its phrase; an account's
//! balances, nonce and credits are read from a `--dev` node; any `depin_*` method passes
//! through, and an unknown one fails with the node's JSON-RPC error.

use crate::common::{self, DevNode};

#[tokio::test(flavor = "multi_thread")]
async fn account_new_gives_a_phrase_that_signs_for_its_address() {
	let created =
		common::depin(&["--json".into(), "account".into(), "new".into()], common::COMMAND_TIMEOUT)
			.await;
	let created = created.ok("account new");
	let phrase = created["secretPhrase"].as_str().expect("a phrase");
	assert_eq!(phrase.split(' ').count(), 12, "{created}");
	let again = depin_e2e::keypair(phrase).expect("the phrase is a secret URI");
	assert_eq!(created["publicKey"], depin_e2e::to_hex(again.public_key().0), "{created}");
	assert_eq!(
		created["address"],
		depin_e2e::account_id(&again).to_string(),
		"the SS58 address of the key: {created}"
	);
	let text = common::depin(&["device".into(), "new".into()], common::COMMAND_TIMEOUT).await;
	assert_eq!(text.code, 0, "{text:?}");
	assert!(text.stdout.contains("device key:    ed25519:0x"), "{}", text.stdout);
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
