//! Bad input is refused with a clear error and leaves the chain unchanged: a missing or
//! malformed chain spec stops the node at start-up; a transaction with a bad signature or one
//! that cannot pay is refused by the pool; one that pays its fee but overspends fails on chain
//! and costs only the fee.

use std::time::Duration;

use depin_e2e::{
	account_id, account_state, find_events, has_event, keypair, loopback_args, run_node_to_exit,
	sr25519_signature_range,
	subxt::{
		error::{DispatchError, TransactionEventsError},
		utils::AccountId32,
	},
	subxt_signer::sr25519::dev,
	test_slot, transfer_keep_alive, write_file, AccountState, Error, NodeConfig, DPN,
};

const TIMEOUT: Duration = Duration::from_secs(120);
const EXIT_TIMEOUT: Duration = Duration::from_secs(60);

/// `--chain <spec> --tmp` on loopback ports.
fn args_with_spec(spec: &str) -> Vec<String> {
	let mut args = vec!["--chain".to_string(), spec.to_string(), "--tmp".to_string()];
	args.extend(loopback_args().expect("free ports"));
	args
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_chain_spec_stops_node_with_message() {
	let spec = "/nonexistent/spec.json";
	let exited = run_node_to_exit(args_with_spec(spec), EXIT_TIMEOUT)
		.await
		.expect("the node exits by itself");
	assert!(!exited.status.success(), "a missing chain spec must fail: {exited:?}");
	let output = exited.output.to_lowercase();
	assert!(
		output.contains(spec) || output.contains("no such file"),
		"the error names the missing spec:\n{}",
		exited.output
	);
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_chain_spec_stops_node_with_message() {
	let dir = tempfile::tempdir().expect("a temporary directory");
	let spec = write_file(dir.path(), "truncated.json", "{ \"name\": ").expect("spec written");
	let spec = spec.to_str().expect("a UTF-8 path");
	let exited = run_node_to_exit(args_with_spec(spec), EXIT_TIMEOUT)
		.await
		.expect("the node exits by itself");
	assert!(!exited.status.success(), "a malformed chain spec must fail: {exited:?}");
	let output = exited.output.to_lowercase();
	assert!(
		["json", "pars", "eof", "expected"].iter().any(|word| output.contains(word)),
		"the error explains that the spec does not parse:\n{}",
		exited.output
	);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_signature_is_refused_and_changes_nothing() {
	let _slot = test_slot().await;
	let node = NodeConfig::dev().spawn().await.expect("the dev node starts");
	node.wait_for_finalized(2, TIMEOUT).await.expect("block #2 is finalized");
	let rpc = node.rpc().await.expect("RPC");
	let client = node.client().await.expect("subxt connects");

	let alice = dev::alice();
	let alice_id = account_id(&alice);
	let target_id = account_id(&keypair("//DepinBadSignatureTarget").expect("a valid URI"));
	let at = client.at_current_block().await.expect("the finalized block");
	let alice_before = account_state(&at, &alice_id).await.expect("Alice's account");
	let target_before = account_state(&at, &target_id).await.expect("the target's account");

	let call = transfer_keep_alive(&target_id, DPN);
	let mut signable = at
		.transactions()
		.create_v4_signable(&call, &alice_id, Default::default())
		.await
		.expect("a signable transfer");
	let genuine = signable.sign(&alice).expect("signed").encoded().to_vec();
	let signature = sr25519_signature_range(&genuine).expect("a signed v4 extrinsic");
	let mut forged = genuine.clone();
	forged[signature.start + 7] ^= 0x01;

	let error = rpc.submit_extrinsic(&forged).await.expect_err("a bad signature is refused");
	let Error::Rpc(error) = error else {
		panic!("expected a JSON-RPC error object, got {error}");
	};
	assert_eq!(error.code, 1010, "an invalid transaction: {error}");
	let text = error.text();
	assert!(text.contains("bad signature") || text.contains("invalid"), "{error}");

	// Two more finalized blocks later nothing has changed.
	let finalized = rpc.finalized_number().await.expect("the finalized number");
	node.wait_for_finalized(finalized + 2, TIMEOUT).await.expect("the chain goes on");
	let pending = rpc.pending_extrinsics().await.expect("author_pendingExtrinsics");
	assert!(pending.is_empty(), "the forged transaction stays out of the pool: {pending:?}");
	let at = client.at_current_block().await.expect("the finalized block");
	let alice_after = account_state(&at, &alice_id).await.expect("Alice's account");
	let target_after = account_state(&at, &target_id).await.expect("the target's account");
	assert_eq!(alice_after.nonce, alice_before.nonce, "Alice's nonce is unchanged");
	assert_eq!(target_after, target_before, "the target's account is unchanged");

	// The untouched transaction is accepted: the refusal was the signature's doing.
	rpc.submit_extrinsic(&genuine).await.expect("the genuine transfer is accepted");
}

#[tokio::test(flavor = "multi_thread")]
async fn transfer_beyond_balance_is_refused_and_changes_nothing() {
	let _slot = test_slot().await;
	let node = NodeConfig::dev().spawn().await.expect("the dev node starts");
	node.wait_for_finalized(2, TIMEOUT).await.expect("block #2 is finalized");
	let rpc = node.rpc().await.expect("RPC");
	let client = node.client().await.expect("subxt connects");
	let bob_id = account_id(&dev::bob());

	// An account without any funds cannot pay the fee: the pool refuses the transfer.
	let unfunded = keypair("//Unfunded").expect("a valid URI");
	let unfunded_id = account_id(&unfunded);
	let at = client.at_current_block().await.expect("the finalized block");
	let bob_before = account_state(&at, &bob_id).await.expect("Bob's account");
	let unfunded_before = account_state(&at, &unfunded_id).await.expect("the unfunded account");
	assert_eq!(unfunded_before, AccountState { nonce: 0, free: 0 }, "the sender has nothing");

	let call = transfer_keep_alive(&bob_id, DPN);
	let signed = at
		.transactions()
		.create_signed(&call, &unfunded, Default::default())
		.await
		.expect("a signed transfer");
	let error = rpc.submit_extrinsic(signed.encoded()).await.expect_err("the pool refuses it");
	let Error::Rpc(error) = error else {
		panic!("expected a JSON-RPC error object, got {error}");
	};
	assert_eq!(error.code, 1010, "an invalid transaction: {error}");
	let text = error.text();
	assert!(text.contains("pay some fees") || text.contains("balance too low"), "{error}");

	let finalized = rpc.finalized_number().await.expect("the finalized number");
	node.wait_for_finalized(finalized + 2, TIMEOUT).await.expect("the chain goes on");
	let at = client.at_current_block().await.expect("the finalized block");
	let bob_after = account_state(&at, &bob_id).await.expect("Bob's account");
	assert_eq!(bob_after.free, bob_before.free, "Bob received nothing");
	let unfunded_after = account_state(&at, &unfunded_id).await.expect("the unfunded account");
	assert_eq!(unfunded_after, unfunded_before, "the sender's nonce and balance are unchanged");

	// A funded account asking for more than all it has: the fee is paid, the transfer fails.
	let dave = dev::dave();
	let dave_id = account_id(&dave);
	let dave_before = account_state(&at, &dave_id).await.expect("Dave's account");
	let bob_before = bob_after;
	let call = transfer_keep_alive(&bob_id, dave_before.free + DPN);
	let progress = at
		.transactions()
		.sign_and_submit_then_watch_default(&call, &dave)
		.await
		.expect("the pool accepts it: the fee can be paid");
	let in_block = tokio::time::timeout(TIMEOUT, progress.wait_for_finalized())
		.await
		.expect("the transfer is finalized within the timeout")
		.expect("the transfer is finalized");
	match in_block.wait_for_success().await {
		Err(TransactionEventsError::ExtrinsicFailed(error)) => assert!(
			matches!(&error, DispatchError::Token(_) | DispatchError::Arithmetic(_))
				|| matches!(&error, DispatchError::Module(e) if e.pallet_index() == 10),
			"the transfer fails for lack of funds, not: {error}"
		),
		Err(other) => panic!("cannot read the transfer's outcome: {other}"),
		Ok(_) => panic!("a transfer of more than the whole balance succeeded"),
	}

	let events = in_block.fetch_events().await.expect("the transfer's events");
	assert!(has_event(&events, "System", "ExtrinsicFailed"), "System.ExtrinsicFailed is emitted");
	let transfers: Vec<(AccountId32, AccountId32, u128)> =
		find_events(&events, "Balances", "Transfer").expect("Balances.Transfer decodes");
	assert!(transfers.is_empty(), "nothing was transferred: {transfers:?}");
	let fees: Vec<(AccountId32, u128, u128)> =
		find_events(&events, "TransactionPayment", "TransactionFeePaid")
			.expect("TransactionPayment.TransactionFeePaid decodes");
	let &[(payer, actual_fee, tip)] = fees.as_slice() else {
		panic!("expected one TransactionFeePaid event: {fees:?}");
	};
	assert_eq!(payer, dave_id, "Dave paid the fee");
	assert!(actual_fee > 0, "the failed transfer still costs a fee");

	let at_inclusion = in_block.at().await.expect("the inclusion block");
	let dave_after = account_state(&at_inclusion, &dave_id).await.expect("Dave's account");
	let bob_after = account_state(&at_inclusion, &bob_id).await.expect("Bob's account");
	assert_eq!(bob_after.free, bob_before.free, "Bob's balance did not change");
	let spent = dave_before.free.checked_sub(dave_after.free).expect("Dave's balance did not grow");
	assert_eq!(spent, actual_fee + tip, "Dave lost exactly the fee");
	assert_eq!(dave_after.nonce, dave_before.nonce + 1, "the failed transfer used a nonce");
}
