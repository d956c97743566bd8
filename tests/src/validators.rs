//! Joining the validator set, as an operator does: the node makes session keys
//! (`author_rotateKeysWithOwner`), the account sets them with their ownership proof
//! (`session.setKeys`) and bonds as a collator-selection candidate. And misbehaving in it: a
//! GRANDPA equivocation signed with a validator node's key, reported by anyone.

use std::{path::PathBuf, sync::Arc};

use serde_json::json;
use sp_consensus_grandpa::{AuthorityId, Equivocation, EquivocationProof, KEY_TYPE};
use sp_core::H256;
use sp_keystore::Keystore;
use subxt::{
	dynamic::Value,
	ext::codec::{Decode, Encode},
	utils::AccountId32,
};
use subxt_signer::sr25519::Keypair;

use crate::{
	account_id,
	chain::{
		block_hash, call, call_from_scale, request, submit_finalized, Call, Included, RPC_TIMEOUT,
	},
	from_hex, to_hex, AtBlock, Client, Node, NodeConfig, Rpc,
};

/// `Session.Validators` at `at`.
pub async fn validators(at: &AtBlock) -> Vec<AccountId32> {
	let address = subxt::dynamic::storage::<(), Vec<AccountId32>>("Session", "Validators");
	crate::chain::bounded(RPC_TIMEOUT, "Session.Validators", at.storage().fetch(address, ()))
		.await
		.expect("Session.Validators")
		.decode()
		.expect("validators decode")
}

/// A validator node of the `local` network that is not a genesis authority (`--validator` with
/// an empty keystore), started from `bootnode` and synced to block #2.
pub async fn new_validator_node(bootnode: &str, name: &str, timeout: std::time::Duration) -> Node {
	let node = NodeConfig::chain("local")
		.bootnode(bootnode)
		.args(["--validator", "--name", name])
		.spawn()
		.await
		.unwrap_or_else(|e| panic!("{name}'s node starts: {e}"));
	node.wait_for_finalized(2, timeout)
		.await
		.unwrap_or_else(|e| panic!("{name}'s node syncs: {e}"));
	node
}

/// `who`'s node (`node_rpc`) makes session keys, `who` sets them on chain through `rpc` and
/// registers as a candidate; returns the registration. The keys stay in the node's keystore.
pub async fn join_as_candidate(
	rpc: &Rpc,
	client: &Client,
	node_rpc: &Rpc,
	who: &Keypair,
	name: &str,
) -> Included {
	let owner = account_id(who);
	let generated =
		request(node_rpc, "author_rotateKeysWithOwner", vec![json!(crate::to_hex(owner.0))]).await;
	let keys = from_hex(generated["keys"].as_str().expect("keys")).expect("hex keys");
	let proof = from_hex(generated["proof"].as_str().expect("a proof")).expect("hex proof");
	assert_eq!(keys.len(), 64, "aura (sr25519) and grandpa (ed25519) public keys");
	let has_keys =
		request(node_rpc, "author_hasSessionKeys", vec![json!(crate::to_hex(&keys))]).await;
	assert_eq!(has_keys, json!(true), "the keys are in {name}'s keystore");
	let set_keys = call(
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
	submit_finalized(rpc, client, &set_keys, who, &format!("{name} sets session keys"))
		.await
		.expect_success("set_keys");
	let register = call("CollatorSelection", "register_as_candidate", vec![]);
	let registered =
		submit_finalized(rpc, client, &register, who, &format!("{name} registers")).await;
	registered.expect_success("register_as_candidate");
	registered
}

/// The treasury's account: the pallet account of `depin/tr`, `b"modl"` then the id, zeroes.
pub fn treasury() -> AccountId32 {
	let mut raw = [0u8; 32];
	raw[..4].copy_from_slice(b"modl");
	raw[4..12].copy_from_slice(b"depin/tr");
	AccountId32(raw)
}

/// `Session.DisabledValidators` at `at`: the indices disabled this session.
pub async fn disabled(at: &AtBlock) -> Vec<u32> {
	let address = subxt::dynamic::storage::<(), Value>("Session", "DisabledValidators");
	let value = crate::chain::bounded(RPC_TIMEOUT, "DisabledValidators", async {
		at.storage().fetch(address, ()).await
	})
	.await
	.expect("Session.DisabledValidators")
	.decode()
	.expect("disabled validators decode");
	// A list of (index, severity).
	let text = value.to_string();
	(0..100u32).filter(|i| text.contains(&format!("({i}, "))).collect()
}

/// The keystore of a `local` network node: files named hex(key type) + hex(public key).
pub fn keystore_dir(node: &Node) -> PathBuf {
	node.base_path().join("chains/depin_local/keystore")
}

/// `Grandpa.report_equivocation` of the GRANDPA key in `keystore` (a validator node's keystore,
/// or a careless operator's copy of it) prevoting for both `targets` in `round` of the set that
/// is current at `at`: two votes signed as the node signs them, and the key's membership of
/// that session proven by the node's own runtime API (`GrandpaApi_generate_key_ownership_proof`
/// over `state_call` at `at`). Anyone may submit it, signed; a valid report pays no fee.
pub async fn prevote_equivocation_report(
	rpc: &Rpc,
	at: &AtBlock,
	keystore: &std::path::Path,
	round: u64,
	targets: [(H256, u32); 2],
) -> Call {
	let keystore = Arc::new(sc_keystore::LocalKeystore::open(keystore, None).expect("a keystore"));
	let keys = keystore.ed25519_public_keys(KEY_TYPE);
	let [key] = keys[..] else { panic!("one GRANDPA key in the keystore: {keys:?}") };
	let identity = AuthorityId::from(key);
	let address = subxt::dynamic::storage::<(), u64>("Grandpa", "CurrentSetId");
	let set_id = crate::chain::bounded(RPC_TIMEOUT, "Grandpa.CurrentSetId", async {
		at.storage().fetch(address, ()).await
	})
	.await
	.expect("Grandpa.CurrentSetId")
	.decode()
	.expect("a set id");

	let arguments = to_hex((set_id, &identity).encode());
	let method = json!("GrandpaApi_generate_key_ownership_proof");
	let proof = request(rpc, "state_call", vec![method, json!(arguments), block_hash(at)]).await;
	let proof = from_hex(proof.as_str().expect("hex")).expect("a hex proof");
	let membership = <Option<Vec<u8>>>::decode(&mut &proof[..])
		.expect("an optional opaque proof")
		.expect("the key is a member of the session at the block");

	let [first, second] = targets.map(|(target_hash, target_number)| {
		let prevote = finality_grandpa::Prevote { target_hash, target_number };
		let message = finality_grandpa::Message::Prevote(prevote.clone());
		let signed = sp_consensus_grandpa::sign_message(
			keystore.clone(),
			message,
			identity.clone(),
			round,
			set_id,
		)
		.expect("the keystore signs");
		(prevote, signed.signature)
	});
	let equivocation =
		finality_grandpa::Equivocation { round_number: round, identity, first, second };
	let proof = EquivocationProof::new(set_id, Equivocation::Prevote(equivocation));
	call_from_scale(at, "Grandpa", "report_equivocation", &[&proof.encode(), &membership])
}
