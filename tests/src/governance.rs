//! Governance in end-to-end tests: a proposal noted as a preimage, a referendum on the track of
//! its origin, conviction votes from the well-known accounts, and the enacted call's outcome read
//! from the scheduler's `Dispatched` event.

use std::time::Duration;

use crate::{
	chain::{
		block_events, bounded, call, field, field_u128, find_finalized, flat_bytes, single_event,
		submit_finalized, Call, RPC_TIMEOUT,
	},
	keypair,
	subxt::dynamic::{At, Value},
	subxt_signer::sr25519::Keypair,
	AtBlock, Client, Rpc, DPN,
};
use sp_crypto_hashing::blake2_256;

/// How long a referendum on the development tracks may take from submission to enactment: at
/// most the 50-block decision period plus the confirm and enactment periods, with room to spare.
pub const REFERENDUM_TIMEOUT: Duration = Duration::from_secs(480);

/// What each voter locks behind an aye: 900,000 of its 1,000,000 DPN, leaving the rest for fees.
pub const VOTE_BALANCE: u128 = 900_000 * DPN;

/// `OriginCaller::system(RawOrigin::Root)`: the `root` track, for runtime upgrades.
pub fn root_origin() -> Value {
	Value::unnamed_variant("system", [Value::unnamed_variant("Root", [])])
}

/// `OriginCaller::Origins(Origin::<name>)`: the track of one of the runtime's own origins, such
/// as `DepinParameters` or `ValidatorAdmin`.
pub fn track_origin(name: &str) -> Value {
	Value::unnamed_variant("Origins", [Value::unnamed_variant(name, [])])
}

/// The twelve well-known development accounts (Alice to Ferdie and their stashes), each endowed
/// with 1,000,000 DPN on the development chains: together they hold almost all the issuance, so
/// their votes carry any referendum at once.
pub fn voters() -> Vec<Keypair> {
	["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"]
		.iter()
		.flat_map(|name| [format!("//{name}"), format!("//{name}//stash")])
		.map(|uri| keypair(&uri).expect("a development key"))
		.collect()
}

/// A referendum opened by [`open_referendum`].
#[derive(Debug, Clone, Copy)]
pub struct Referendum {
	/// Its index.
	pub index: u32,
	/// The track it was put on.
	pub track: u16,
}

/// Notes `proposal` as a preimage, submits it as a referendum dispatched with `origin` (enacted
/// as early as its track allows) and places the decision deposit, all signed by `proposer`.
pub async fn open_referendum(
	rpc: &Rpc,
	client: &Client,
	proposer: &Keypair,
	origin: Value,
	proposal: &Call,
	what: &str,
) -> Referendum {
	let at = client.at_current_block().await.expect("the finalized block");
	let bytes = at.transactions().call_data(proposal).expect("the proposal encodes");
	let hash = blake2_256(&bytes);
	let note = call("Preimage", "note_preimage", vec![("bytes", Value::from_bytes(&bytes))]);
	let noted =
		submit_finalized(rpc, client, &note, proposer, &format!("{what}: note the preimage")).await;
	noted.expect_success(&format!("{what}: note the preimage"));

	let bounded_call = Value::named_variant(
		"Lookup",
		[("hash", Value::from_bytes(hash)), ("len", Value::u128(bytes.len() as u128))],
	);
	let submit_call = call(
		"Referenda",
		"submit",
		vec![
			("proposal_origin", origin),
			("proposal", bounded_call),
			("enactment_moment", Value::unnamed_variant("After", [Value::u128(0)])),
		],
	);
	let submitted =
		submit_finalized(rpc, client, &submit_call, proposer, &format!("{what}: submit")).await;
	submitted.expect_success(&format!("{what}: submit"));
	let event = single_event(&submitted, "Referenda", "Submitted");
	let index = u32::try_from(field_u128(&event, "index")).expect("a u32 referendum index");
	let track = u16::try_from(field_u128(&event, "track")).expect("a u16 track id");

	let deposit =
		call("Referenda", "place_decision_deposit", vec![("index", Value::u128(index.into()))]);
	let placed =
		submit_finalized(rpc, client, &deposit, proposer, &format!("{what}: decision deposit"))
			.await;
	placed.expect_success(&format!("{what}: decision deposit"));
	Referendum { index, track }
}

/// `ConvictionVoting.vote(index, Standard { aye with 1x conviction, VOTE_BALANCE })`.
pub fn aye(index: u32) -> Value {
	let vote = Value::named_variant(
		"Standard",
		[
			// The vote byte: aye (0x80) with `Locked1x` conviction (1).
			("vote", Value::unnamed_composite([Value::u128(0x81)])),
			("balance", Value::u128(VOTE_BALANCE)),
		],
	);
	call(
		"ConvictionVoting",
		"vote",
		vec![("poll_index", Value::u128(index.into())), ("vote", vote)],
	)
	.into_value()
}

/// Every one of [`voters`] votes aye on every referendum in `indices`, in one
/// `Utility.batch_all` each, all voters at once.
pub async fn vote_aye(rpc: &Rpc, client: &Client, indices: &[u32]) {
	let votes = call(
		"Utility",
		"batch_all",
		vec![("calls", Value::unnamed_composite(indices.iter().map(|i| aye(*i))))],
	);
	let voters = voters();
	let included = futures::future::join_all(
		voters.iter().map(|voter| submit_finalized(rpc, client, &votes, voter, "vote aye")),
	)
	.await;
	for vote in &included {
		vote.expect_success("vote aye");
	}
}

/// The scheduler's task name of referendum `index`'s enactment:
/// `blake2_256((b"assembly", "enactment", index))`, as `pallet_referenda` names it.
pub fn enactment_task(index: u32) -> [u8; 32] {
	use crate::subxt::ext::codec::Encode;
	blake2_256(&(*b"assembly", "enactment", index).encode())
}

/// Where and how a referendum's call was dispatched.
#[derive(Debug)]
pub struct Enacted {
	/// The block that dispatched it.
	pub block: u64,
	/// The `result` of the scheduler's `Dispatched` event: `Ok(())` or `Err(DispatchError)`.
	pub result: Value,
}

impl Enacted {
	/// Whether the call succeeded.
	pub fn is_ok(&self) -> bool {
		crate::chain::variant_name(&self.result) == Some("Ok")
	}
}

/// Waits until referendum `index` is approved and its call dispatched by the scheduler, reading
/// every finalized block's events from `from` on; panics if it is rejected, cancelled or times
/// out.
pub async fn wait_for_enactment(client: &Client, index: u32, from: u64) -> Enacted {
	let task = enactment_task(index);
	let what = format!("the enactment of referendum #{index}");
	let (at, result) = find_finalized(client, from, REFERENDUM_TIMEOUT, &what, |at| async move {
		let dispatched = block_events(&at, "Scheduler", "Dispatched")
			.await
			.into_iter()
			.find(|fields| flat_bytes(field(fields, "id")).as_deref() == Some(task.as_slice()));
		if dispatched.is_none() {
			// Not yet: it must still be on its way at the chain's finalized head.
			let head = client.at_current_block().await.expect("the finalized block");
			let status = referendum_status(&head, index).await;
			assert!(
				matches!(status.as_deref(), Some("Ongoing" | "Approved")),
				"referendum #{index} ended as {status:?} at #{}",
				head.block_number()
			);
		}
		dispatched.map(|fields| field(&fields, "result").clone())
	})
	.await;
	Enacted { block: at.block_number(), result }
}

/// The variant of `Referenda.ReferendumInfoFor(index)`: `Ongoing`, `Approved`, `Rejected`, …
pub async fn referendum_status(at: &AtBlock, index: u32) -> Option<String> {
	let address = crate::subxt::dynamic::storage::<(u32,), Value>("Referenda", "ReferendumInfoFor");
	let entry =
		bounded(RPC_TIMEOUT, "ReferendumInfoFor", at.storage().try_fetch(address, (index,)))
			.await
			.unwrap_or_else(|e| panic!("cannot read referendum #{index}: {e}"))?;
	let info = entry.decode().unwrap_or_else(|e| panic!("referendum #{index} decodes: {e}"));
	crate::chain::variant_name(&info).map(str::to_owned)
}

/// The `Pallet::Error` name of a `DispatchError::Module` inside a dispatch result value
/// (`Err(Module(ModuleError { index, error }))`), looked up in the metadata at `at`; e.g.
/// `Some("Coverage::BadDensityRule")`.
pub fn module_error(at: &AtBlock, result: &Value) -> Option<String> {
	let module = result.at(0)?.at(0)?;
	let index = u8::try_from(module.at("index")?.as_u128()?).ok()?;
	let code = *crate::chain::flat_bytes(module.at("error")?)?.first()?;
	let metadata = at.metadata_ref();
	let pallet = metadata.pallet_by_error_index(index)?;
	let error = pallet.error_variant_by_index(code)?;
	Some(format!("{}::{}", pallet.name(), error.name))
}
