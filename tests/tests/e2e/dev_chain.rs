//! A `--dev` node produces and finalizes blocks and executes a signed balance transfer. This
//! node builds its genesis from the runtime's preset, as `depin-node --dev` does for a user;
//! the other tests' nodes start from the preset's raw spec (`depin_launcher::specs`). It keeps
//! its compiled runtime in the `--wasm-cache` directory it is given.

use std::time::Duration;

use depin_e2e::{
	account_id, account_state, find_events, keypair, subxt::utils::AccountId32,
	subxt_signer::sr25519::dev, test_slot, transfer_keep_alive, NodeConfig, DPN,
};

const TIMEOUT: Duration = Duration::from_secs(120);

#[tokio::test(flavor = "multi_thread")]
async fn dev_chain_finalizes_and_transfers() {
	let _slot = test_slot().await;
	let cache = tempfile::tempdir().expect("a cache directory");
	let mut node = NodeConfig::dev()
		.by_name()
		.wasm_cache(cache.path())
		.spawn()
		.await
		.expect("the dev node starts");
	node.wait_for_finalized(3, TIMEOUT).await.expect("block #3 is finalized");
	let compiled = files_under(cache.path());
	assert!(compiled > 0, "the runtime was compiled into --wasm-cache {}", cache.path().display());

	let client = node.client().await.expect("subxt connects with the live metadata");
	let alice = dev::alice();
	let alice_id = account_id(&alice);
	let target_id = account_id(&keypair("//DepinTransferTarget").expect("a valid secret URI"));
	let amount = 10 * DPN;

	let at = client.at_current_block().await.expect("the finalized block");
	let alice_before = account_state(&at, &alice_id).await.expect("Alice's account");
	let target_before = account_state(&at, &target_id).await.expect("the target's account");
	assert_eq!(target_before.free, 0, "the target account starts empty");

	let call = transfer_keep_alive(&target_id, amount);
	let progress = at
		.transactions()
		.sign_and_submit_then_watch_default(&call, &alice)
		.await
		.expect("the transfer enters the transaction pool");
	let in_block = tokio::time::timeout(TIMEOUT, progress.wait_for_finalized())
		.await
		.expect("the transfer is finalized within the timeout")
		.expect("the transfer is finalized");
	let events = in_block.wait_for_success().await.expect("the transfer succeeds");

	let transfers: Vec<(AccountId32, AccountId32, u128)> =
		find_events(&events, "Balances", "Transfer").expect("Balances.Transfer decodes");
	assert!(
		transfers.contains(&(alice_id, target_id, amount)),
		"no Balances.Transfer from Alice to the target of {amount}: {transfers:?}"
	);

	// The inclusion block is finalized; read the balances there.
	let at_inclusion = in_block.at().await.expect("the inclusion block");
	let finalized = node.rpc().await.expect("RPC").finalized_number().await.expect("finalized");
	assert!(at_inclusion.block_number() <= finalized, "the inclusion block is finalized");
	let alice_after = account_state(&at_inclusion, &alice_id).await.expect("Alice's account");
	let target_after = account_state(&at_inclusion, &target_id).await.expect("the target");
	assert_eq!(target_after.free, amount, "the target holds exactly the amount sent");
	let spent = alice_before.free.saturating_sub(alice_after.free);
	assert!(spent >= amount, "Alice spent {spent}, less than the {amount} she sent");
	assert_eq!(alice_after.nonce, alice_before.nonce + 1, "Alice's nonce moved by one");

	let stopped = node.stop_term().await.expect("the node stops");
	assert!(stopped.graceful, "the node exits on SIGTERM: {:?}", stopped.status);
}

/// How many files are in `dir` and its subdirectories.
fn files_under(dir: &std::path::Path) -> usize {
	std::fs::read_dir(dir).into_iter().flatten().flatten().fold(0, |count, entry| {
		let path = entry.path();
		count + if path.is_dir() { files_under(&path) } else { 1 }
	})
}
