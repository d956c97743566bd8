//! The validator set on the four-validator `local` network (10-block development sessions): a
//! fifth node joins as a validator with keys rotated over RPC, `session.setKeys` and a bond
//! through collator selection, authors blocks from the next sessions on with no restart, and a
//! referendum on the `validator_admin` track removes and bans it. An account without session
//! keys, or a banned one, cannot become a candidate.

use std::time::Duration;

use depin_e2e::{
	account_id,
	chain::{
		call, field_u128, finalized_block, find_finalized, request, single_event, submit_finalized,
		Call, RPC_TIMEOUT,
	},
	exclusive_test_slot, from_hex,
	governance::{open_referendum, track_origin, vote_aye, wait_for_enactment},
	local_network,
	subxt::{dynamic::Value, utils::AccountId32},
	subxt_signer::sr25519::dev,
	AtBlock, Client, NodeConfig, ALICE_PEER_ID, DPN,
};
use serde_json::json;

const TIMEOUT: Duration = Duration::from_secs(180);
/// Joining takes up to two 10-block sessions, leaving as long again: allow four.
const SESSIONS_TIMEOUT: Duration = Duration::from_secs(300);
/// The development chains' candidacy bond.
const BOND: u128 = 100 * DPN;

async fn validators(at: &AtBlock) -> Vec<AccountId32> {
	let address =
		depin_e2e::subxt::dynamic::storage::<(), Vec<AccountId32>>("Session", "Validators");
	depin_e2e::chain::bounded(RPC_TIMEOUT, "Session.Validators", at.storage().fetch(address, ()))
		.await
		.expect("Session.Validators")
		.decode()
		.expect("validators decode")
}

/// `CollatorSelection.LastAuthoredBlock(who)` at `at`.
async fn last_authored(at: &AtBlock, who: &AccountId32) -> u64 {
	let address = depin_e2e::subxt::dynamic::storage::<(AccountId32,), u32>(
		"CollatorSelection",
		"LastAuthoredBlock",
	);
	let value = depin_e2e::chain::bounded(
		RPC_TIMEOUT,
		"LastAuthoredBlock",
		at.storage().fetch(address, (*who,)),
	)
	.await
	.expect("LastAuthoredBlock")
	.decode()
	.expect("a block number");
	value.into()
}

/// Whether `who` authored the finalized block `at`: the runtime notes a block's author in
/// `LastAuthoredBlock` as the block executes, so the entry becomes the block's number in that
/// very block.
async fn authored(client: &Client, who: &AccountId32, at: &AtBlock) -> bool {
	let number = at.block_number();
	let before = finalized_block(client, number - 1).await;
	last_authored(at, who).await == number && last_authored(&before, who).await != number
}

/// The first finalized block from `from` on for which `check` holds.
async fn first_block<F, Fut>(client: &Client, from: u64, what: &str, mut check: F) -> u64
where
	F: FnMut(AtBlock) -> Fut,
	Fut: std::future::Future<Output = bool>,
{
	let (at, ()) = find_finalized(client, from, SESSIONS_TIMEOUT, what, |at| {
		let holds = check(at);
		async move { holds.await.then_some(()) }
	})
	.await;
	at.block_number()
}

#[tokio::test(flavor = "multi_thread")]
async fn fifth_validator_joins_with_bond_and_keys_and_governance_removes_it() {
	let _slot = exclusive_test_slot().await;
	let mut nodes = local_network(TIMEOUT).await.expect("the local network starts");
	let bootnode = nodes[0].bootnode_addr(ALICE_PEER_ID);
	// Eve's node: a validator with an empty keystore, not a genesis authority.
	let mut eve_node = NodeConfig::chain("local")
		.bootnode(&bootnode)
		.args(["--validator", "--name", "eve"])
		.spawn()
		.await
		.expect("eve's node starts");
	eve_node.wait_for_finalized(2, TIMEOUT).await.expect("eve's node syncs");
	let rpc = nodes[0].rpc().await.expect("RPC");
	let client = nodes[0].client().await.expect("client");
	let (eve, ferdie) = (dev::eve(), dev::ferdie());
	let eve_id = account_id(&eve);

	// Refused: an account without session keys cannot become a candidate.
	let register = call("CollatorSelection", "register_as_candidate", vec![]);
	let refused = submit_finalized(&rpc, &client, &register, &ferdie, "Ferdie registers").await;
	assert_eq!(
		refused.error_name().as_deref(),
		Some("CollatorSelection::ValidatorNotRegistered"),
		"{:?}",
		refused.outcome
	);

	// Eve's node makes her session keys; she proves them and sets them on chain, then bonds.
	let eve_rpc = eve_node.rpc().await.expect("eve's RPC");
	let generated =
		request(&eve_rpc, "author_rotateKeysWithOwner", vec![json!(depin_e2e::to_hex(&eve_id.0))])
			.await;
	let keys = from_hex(generated["keys"].as_str().expect("keys")).expect("hex keys");
	let proof = from_hex(generated["proof"].as_str().expect("a proof")).expect("hex proof");
	assert_eq!(keys.len(), 64, "aura (sr25519) and grandpa (ed25519) public keys");
	let has_keys =
		request(&eve_rpc, "author_hasSessionKeys", vec![json!(depin_e2e::to_hex(&keys))]).await;
	assert_eq!(has_keys, json!(true), "the keys are in eve's keystore");
	let set_keys: Call = call(
		"Session",
		"set_keys",
		vec![
			(
				"keys",
				Value::named_composite([
					("aura", Value::from_bytes(&keys[..32])),
					("grandpa", Value::from_bytes(&keys[32..])),
				]),
			),
			("proof", Value::from_bytes(&proof)),
		],
	);
	submit_finalized(&rpc, &client, &set_keys, &eve, "Eve sets her keys")
		.await
		.expect_success("set_keys");
	let registered = submit_finalized(&rpc, &client, &register, &eve, "Eve registers").await;
	registered.expect_success("register_as_candidate");
	let added = single_event(&registered, "CollatorSelection", "CandidateAdded");
	assert_eq!(field_u128(&added, "deposit"), BOND, "the bond is reserved: {added}");
	let joined_at = registered.at.block_number();
	let bonded = depin_e2e::account_state(&registered.at, &eve_id).await.expect("Eve's account");

	// Governance's removal is proposed while she joins: a referendum on the validator_admin
	// track calling `validatorSet.remove`, which ends her candidacy, returns her bond and bans her.
	let remove = call("ValidatorSet", "remove", vec![("who", Value::from_bytes(eve_id.0))]);
	let alice = dev::alice();
	let proposal = open_referendum(
		&rpc,
		&client,
		&alice,
		track_origin("ValidatorAdmin"),
		&remove,
		"remove Eve",
	);

	// From the session after next on she is a validator and authors finalized blocks.
	let joining = async {
		let active =
			first_block(&client, joined_at, "Eve in Session.Validators", |at| async move {
				validators(&at).await.contains(&eve_id)
			})
			.await;
		let first = first_block(&client, active, "a block authored by Eve", |at| {
			let client = client.clone();
			async move { authored(&client, &eve_id, &at).await }
		})
		.await;
		(active, first)
	};
	let (referendum, (active, first)) = tokio::join!(proposal, joining);
	eprintln!("Eve registered at #{joined_at}, validator from #{active}, authored #{first}");
	for node in &nodes {
		node.wait_for_finalized(first + 3, TIMEOUT)
			.await
			.unwrap_or_else(|e| panic!("{} finalizes with five validators: {e}", node.name()));
	}

	// Now the votes carry the removal.
	assert_eq!(referendum.track, 11, "the validator_admin track");
	vote_aye(&rpc, &client, &[referendum.index]).await;
	let enacted = wait_for_enactment(&client, referendum.index, joined_at).await;
	assert!(enacted.is_ok(), "the removal: {}", enacted.result);

	// Two sessions later she is out of the set and authors no more, her node still running.
	let gone =
		first_block(&client, enacted.block, "Eve out of Session.Validators", |at| async move {
			!validators(&at).await.contains(&eve_id)
		})
		.await;
	// Four validators take turns: ten blocks would have held two of hers.
	let watch_until = gone + 10;
	for node in &nodes {
		node.wait_for_finalized(watch_until, SESSIONS_TIMEOUT)
			.await
			.unwrap_or_else(|e| panic!("{} finalizes after Eve left: {e}", node.name()));
	}
	// Block #gone itself is the session boundary that took her out: it was authored under the
	// set before it, possibly by her in her slot. Every block after it is the new set's.
	for n in gone + 1..=watch_until {
		let at = finalized_block(&client, n).await;
		assert!(!authored(&client, &eve_id, &at).await, "Eve authored #{n} after her removal");
	}
	let at = client.at_current_block().await.expect("finalized");
	let account = depin_e2e::account_state(&at, &eve_id).await.expect("Eve's account");
	eprintln!("Eve out of the set from #{gone}; free balance {}", account.free);
	// Her bond is back, less a few transaction fees (well under 1 DPN).
	assert!(
		account.free + DPN > bonded.free + BOND,
		"the bond is returned: {} after removal, {} while bonded",
		account.free,
		bonded.free
	);
	assert!(eve_node.is_running(), "Eve's node was never restarted");

	// Refused: banned, she cannot bond again.
	let again = submit_finalized(&rpc, &client, &register, &eve, "Eve registers again").await;
	assert_eq!(
		again.error_name().as_deref(),
		Some("CollatorSelection::ValidatorNotRegistered"),
		"{:?}",
		again.outcome
	);

	eve_node.stop_term().await.expect("eve's node stops");
	for node in &mut nodes {
		node.stop_term().await.unwrap_or_else(|e| panic!("{} stops: {e}", node.name()));
	}
}
