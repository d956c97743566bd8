//! The validator set on the four-validator `local` network (10-block development sessions): a
//! fifth and a sixth node join as validators with keys rotated over RPC, `session.setKeys` and
//! a bond through collator selection, and author blocks from the next sessions on with no
//! restart. A referendum on the `validator_admin` track removes and bans one. The other
//! equivocates (two prevotes in one round, signed with her node's GRANDPA key): anyone's report
//! disables her, slashes part of her bond to the treasury and bans her, a replayed report is
//! refused, and the honest validators keep finalizing. An account without session keys, or a
//! banned one, cannot become a candidate.

use std::time::Duration;

use depin_e2e::{
	account_id,
	chain::{
		call, field_u128, finalized_block, find_finalized, single_event, submit_finalized,
		RPC_TIMEOUT,
	},
	exclusive_test_slot,
	governance::{open_referendum, track_origin, vote_aye, wait_for_enactment},
	local_network,
	subxt::{dynamic::Value, utils::AccountId32},
	subxt_signer::sr25519::dev,
	validators::{
		disabled, join_as_candidate, keystore_dir, new_validator_node, prevote_equivocation_report,
		treasury, validators,
	},
	AtBlock, Client, ALICE_PEER_ID, DPN,
};

const TIMEOUT: Duration = Duration::from_secs(180);
/// Joining takes up to two 10-block sessions, leaving as long again: allow four.
const SESSIONS_TIMEOUT: Duration = Duration::from_secs(300);
/// The development chains' candidacy bond.
const BOND: u128 = 100 * DPN;

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
async fn validators_join_with_bond_and_keys_and_are_removed_by_governance_or_for_equivocating() {
	let _slot = exclusive_test_slot().await;
	let mut nodes = local_network(TIMEOUT).await.expect("the local network starts");
	let bootnode = nodes[0].bootnode_addr(ALICE_PEER_ID);
	let (mut eve_node, mut ferdie_node) = tokio::join!(
		new_validator_node(&bootnode, "eve", TIMEOUT),
		new_validator_node(&bootnode, "ferdie", TIMEOUT)
	);
	let rpc = nodes[0].rpc().await.expect("RPC");
	let client = nodes[0].client().await.expect("client");
	let (eve, ferdie) = (dev::eve(), dev::ferdie());
	let (eve_id, ferdie_id) = (account_id(&eve), account_id(&ferdie));

	// Refused: an account without session keys cannot become a candidate.
	let register = call("CollatorSelection", "register_as_candidate", vec![]);
	let refused = submit_finalized(&rpc, &client, &register, &ferdie, "Ferdie registers").await;
	assert_eq!(
		refused.error_name().as_deref(),
		Some("CollatorSelection::ValidatorNotRegistered"),
		"{:?}",
		refused.outcome
	);

	// Each node makes its operator's session keys; they prove them, set them on chain and bond.
	let (eve_rpc, ferdie_rpc) =
		(eve_node.rpc().await.expect("RPC"), ferdie_node.rpc().await.expect("RPC"));
	let (registered, ferdie_registered) = tokio::join!(
		join_as_candidate(&rpc, &client, &eve_rpc, &eve, "Eve"),
		join_as_candidate(&rpc, &client, &ferdie_rpc, &ferdie, "Ferdie")
	);
	let added = single_event(&registered, "CollatorSelection", "CandidateAdded");
	assert_eq!(field_u128(&added, "deposit"), BOND, "the bond is reserved: {added}");
	let joined_at = registered.at.block_number().max(ferdie_registered.at.block_number());
	let bonded = depin_e2e::account_state(&registered.at, &eve_id).await.expect("Eve's account");

	// Governance's removal of Eve is proposed while they join: a referendum on the
	// validator_admin track calling `validatorSet.remove`, which ends her candidacy, returns her
	// bond and bans her.
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

	// From the session after next on both validate, and Eve authors finalized blocks.
	let joining = async {
		let active = first_block(
			&client,
			joined_at,
			"Eve and Ferdie in Session.Validators",
			|at| async move {
				let set = validators(&at).await;
				set.contains(&eve_id) && set.contains(&ferdie_id)
			},
		)
		.await;
		let first = first_block(&client, active, "a block authored by Eve", |at| {
			let client = client.clone();
			async move { authored(&client, &eve_id, &at).await }
		})
		.await;
		(active, first)
	};
	let (referendum, (active, first)) = tokio::join!(proposal, joining);
	eprintln!("Eve and Ferdie registered by #{joined_at}, validators from #{active}, Eve authored #{first}");
	for node in &nodes {
		node.wait_for_finalized(first + 3, TIMEOUT)
			.await
			.unwrap_or_else(|e| panic!("{} finalizes with six validators: {e}", node.name()));
	}

	ferdie_equivocates_and_is_punished(&rpc, &client, &ferdie_node, &ferdie_id).await;

	// Now the votes carry Eve's removal.
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
	assert!(!validators(&at).await.contains(&ferdie_id), "Ferdie's ban took him out too");
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

	// Refused: banned, neither can bond again.
	for (who, name) in [(&eve, "Eve"), (&ferdie, "Ferdie")] {
		let again =
			submit_finalized(&rpc, &client, &register, who, &format!("{name} registers again"))
				.await;
		assert_eq!(
			again.error_name().as_deref(),
			Some("CollatorSelection::ValidatorNotRegistered"),
			"{name}: {:?}",
			again.outcome
		);
	}

	for node in [&mut eve_node, &mut ferdie_node].into_iter().chain(&mut nodes) {
		node.stop_term().await.unwrap_or_else(|e| panic!("{} stops: {e}", node.name()));
	}
}

/// Validators cannot misbehave for free: two prevotes in one round for different blocks, signed
/// with the GRANDPA key in Ferdie's node's keystore (as a backup machine holding a copy of it
/// would), reported by Charlie with the key's membership proof from the node. The report
/// disables Ferdie for the rest of the session, slashes part of his candidacy bond to the
/// treasury and bans him; the same report again is refused; the others keep finalizing.
async fn ferdie_equivocates_and_is_punished(
	rpc: &depin_e2e::Rpc,
	client: &Client,
	ferdie_node: &depin_e2e::Node,
	ferdie_id: &AccountId32,
) {
	let at = client.at_current_block().await.expect("finalized");
	let before = finalized_block(client, at.block_number() - 1).await;
	let target =
		|block: &AtBlock| (sp_core::H256(block.block_hash().0), block.block_number() as u32);
	let report = prevote_equivocation_report(
		rpc,
		&at,
		&keystore_dir(ferdie_node),
		1,
		[target(&before), target(&at)],
	)
	.await;
	let charlie = dev::charlie();
	let reported = submit_finalized(rpc, client, &report, &charlie, "report Ferdie").await;
	reported.expect_success("the equivocation report");
	let punished = single_event(&reported, "ValidatorSet", "OffenderPunished");
	single_event(&reported, "Offences", "Offence");
	let slashed = field_u128(&punished, "slashed");
	assert!(slashed > 0 && slashed < BOND, "part of the bond is slashed: {slashed} of {BOND}");
	let treasury_before =
		depin_e2e::account_state(&reported.before, &treasury()).await.expect("treasury").free;
	let treasury_after =
		depin_e2e::account_state(&reported.at, &treasury()).await.expect("treasury").free;
	// The treasury also earns fees and emissions in the block.
	assert!(
		treasury_after >= treasury_before + slashed,
		"the slash is paid to the treasury: {treasury_before} -> {treasury_after}"
	);
	let set = validators(&reported.at).await;
	let index = set.iter().position(|who| who == ferdie_id).expect("Ferdie validates");
	assert!(disabled(&reported.at).await.contains(&(index as u32)), "Ferdie is disabled");
	eprintln!("Ferdie punished at #{}: {punished}", reported.at.block_number());

	// Replayed, the report is refused and punishes nobody twice.
	let replayed = submit_finalized(rpc, client, &report, &charlie, "report Ferdie again").await;
	assert_eq!(
		replayed.error_name().as_deref(),
		Some("Grandpa::DuplicateOffenceReport"),
		"{:?}",
		replayed.outcome
	);

	// The others keep finalizing with Ferdie disabled.
	let n = reported.at.block_number();
	depin_e2e::chain::find_finalized(client, n + 5, SESSIONS_TIMEOUT, "finality", |_| async {
		Some(())
	})
	.await;
}
