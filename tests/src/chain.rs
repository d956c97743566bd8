//! Building, submitting and reading DePIN transactions in end-to-end tests: dynamic calls by
//! name through the live metadata, signed or general (device-authorized) submission, events,
//! storage and the `depin_*` JSON-RPC.
//!
//! # Inclusion or finality
//!
//! [`submit`] and [`submit_general`] return as soon as the transaction is in a best block: on a
//! single-author `--dev` chain that block cannot be reorganised away, and finality only adds a
//! GRANDPA round to every step. On a network of several validators, where two authors can fork,
//! [`submit_finalized`] waits for the finalized block instead; so do the tests whose point is
//! finality.

use std::{future::Future, time::Duration};

use crate::{
	account_id, find_events,
	subxt::{
		dynamic::{At, Value},
		error::DispatchError,
		ext::scale_value::{self, Composite, ValueDef},
		extrinsics::ExtrinsicEvents,
		transactions::DynamicPayload,
		utils::AccountId32,
	},
	subxt_signer::sr25519::Keypair,
	to_hex, AtBlock, ChainConfig, Client, Rpc,
};
use depin_client::chain::{follow, general_bytes, outcome, Progress};
use depin_primitives::{DeviceClass, DeviceKey};
use serde_json::{json, Value as Json};

/// How long one transaction may take from signing to its block (finalized, if waited for) with
/// its events read.
pub const TX_TIMEOUT: Duration = Duration::from_secs(120);
/// How long one JSON-RPC request may take.
pub const RPC_TIMEOUT: Duration = Duration::from_secs(30);

/// `FixedU128`'s denominator: a price of 1 USD/DPN is this inner value.
pub const FIXED_ONE: u128 = 1_000_000_000_000_000_000;

/// The device classes this test onboards, with their indices in
/// `DeviceClass { Hotspot, Gpu, Storage, Sensor }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
	Hotspot = 0,
	Gpu = 1,
}

impl Class {
	/// The variant name in the runtime metadata.
	pub fn variant(self) -> &'static str {
		match self {
			Class::Hotspot => "Hotspot",
			Class::Gpu => "Gpu",
		}
	}
}

/// The last valid block of the attestations the tests sign: never reached.
pub const VALID_UNTIL: u32 = u32::MAX;

/// A maker's attestation that lets `owner` onboard the device with the sr25519 public key `device`
/// as a device of `class` on the chain `client` is connected to, under maker id `maker.0`: the
/// maker key's sr25519 signature (signing context "substrate", which is what
/// `sp_io::crypto::sr25519_verify` checks) over the runtime's own
/// `depin_primitives::payloads::onboarding_payload`, valid until [`VALID_UNTIL`].
pub fn attest(
	client: &Client,
	(maker, key): (u32, &Keypair),
	device: &[u8; 32],
	owner: &AccountId32,
	class: Class,
) -> [u8; 64] {
	let class = match class {
		Class::Hotspot => DeviceClass::Hotspot,
		Class::Gpu => DeviceClass::Gpu,
	};
	let payload = depin_primitives::payloads::onboarding_payload(
		&client.genesis_hash().0,
		maker,
		&DeviceKey::Sr25519(*device),
		&owner.0,
		class,
		VALID_UNTIL,
	);
	key.sign(&payload).0
}

/// A dynamic call whose fields are matched by name against the metadata.
pub type Call = DynamicPayload<Composite<()>>;

pub fn call(pallet: &str, name: &str, fields: Vec<(&str, Value)>) -> Call {
	crate::subxt::dynamic::tx(pallet, name, Composite::named(fields))
}

/// `pallet.name` with its fields given SCALE-encoded by the types that define them (a GRANDPA
/// equivocation proof, a session membership proof): each is decoded against its field's type
/// in `at`'s metadata, so the call carries exactly those bytes.
pub fn call_from_scale(at: &AtBlock, pallet: &str, name: &str, fields: &[&[u8]]) -> Call {
	let metadata = at.metadata_ref();
	let variant = metadata
		.pallet_by_name(pallet)
		.and_then(|pallet| pallet.call_variant_by_name(name))
		.unwrap_or_else(|| panic!("no call {pallet}.{name} in the metadata"));
	assert_eq!(variant.fields.len(), fields.len(), "{pallet}.{name}'s fields");
	let values = variant.fields.iter().zip(fields).map(|(field, bytes)| {
		let field_name = field.name.clone().expect("named call fields");
		let mut input = *bytes;
		let value = scale_value::scale::decode_as_type(&mut input, field.ty.id, metadata.types())
			.unwrap_or_else(|e| panic!("{pallet}.{name}.{field_name} does not decode: {e}"));
		assert!(input.is_empty(), "{pallet}.{name}.{field_name}: bytes left over");
		(field_name, value.remove_context())
	});
	crate::subxt::dynamic::tx(pallet, name, Composite::named(values))
}

/// `Sudo.sudo(call)`: dispatches `inner` with the root origin, which is the governance origin of
/// both the registry and the BME pallet on this runtime.
pub fn sudo(inner: Call) -> Call {
	call("Sudo", "sudo", vec![("call", inner.into_value())])
}

/// A variant without fields, such as `None` or `GpuInterface::Sxm`.
pub fn unit_variant(name: &str) -> Value {
	Value::variant(name, Composite::unnamed(Vec::new()))
}

/// `MultiAddress::Id(account)`, how calls name accounts.
pub fn address(who: &AccountId32) -> Value {
	Value::unnamed_variant("Id", [Value::unnamed_composite([Value::from_bytes(who.0)])])
}

/// `DeviceKey::Sr25519(public)`.
pub fn sr25519_key(public: &[u8; 32]) -> Value {
	Value::unnamed_variant("Sr25519", [Value::from_bytes(public)])
}

/// `DeviceSignature::Sr25519(signature)`.
pub fn sr25519_signature(signature: &[u8; 64]) -> Value {
	Value::unnamed_variant("Sr25519", [Value::from_bytes(signature)])
}

/// A price as the `FixedU128` newtype: `usd` whole US dollars per DPN.
pub fn price(usd: u128) -> Value {
	Value::unnamed_composite([Value::u128(usd * FIXED_ONE)])
}

/// `Registry.onboard_device(key, attributes, maker, valid_until, attestation)` for an sr25519
/// device key and an sr25519 maker signature made by [`attest`].
pub fn onboard_device(
	device: &[u8; 32],
	attributes: Value,
	maker: u32,
	attestation: &[u8; 64],
) -> Call {
	call(
		"Registry",
		"onboard_device",
		vec![
			("key", sr25519_key(device)),
			("attributes", attributes),
			("maker", Value::u128(maker.into())),
			("valid_until", Value::u128(VALID_UNTIL.into())),
			("attestation", sr25519_signature(attestation)),
		],
	)
}

/// Which block a submission waits for: the client's [`Wait`](depin_client::chain::Wait).
pub use depin_client::chain::Wait as Until;

/// A transaction in a block (see [`Until`]).
pub struct Included {
	/// The extrinsic's events.
	pub events: ExtrinsicEvents<ChainConfig>,
	/// `Ok` or the dispatch error of `System.ExtrinsicFailed`.
	pub outcome: Result<(), DispatchError>,
	/// The block that includes it.
	pub at: AtBlock,
	/// The block just before, for before-and-after comparisons.
	pub before: AtBlock,
}

impl Included {
	/// The inclusion block's hash, as the `at` parameter of the `depin_*` methods.
	pub fn hash(&self) -> Json {
		block_hash(&self.at)
	}

	/// The parent block's hash.
	pub fn before_hash(&self) -> Json {
		block_hash(&self.before)
	}

	/// The `Pallet::Error` name the extrinsic failed with, resolved through the metadata; `None`
	/// if it succeeded or failed otherwise.
	pub fn error_name(&self) -> Option<String> {
		match &self.outcome {
			Err(DispatchError::Module(error)) => error
				.details()
				.ok()
				.map(|details| format!("{}::{}", details.pallet.name(), details.variant.name)),
			_ => None,
		}
	}

	/// Panics with `what` unless the extrinsic succeeded.
	pub fn expect_success(&self, what: &str) {
		if let Err(error) = &self.outcome {
			panic!("{what} failed: {error:?}");
		}
	}
}

/// A block's hash as `0x`-hex JSON.
pub fn block_hash(at: &AtBlock) -> Json {
	json!(to_hex(at.block_hash().as_ref()))
}

/// Awaits `future`, panicking with `what` if it takes longer than `timeout`.
pub async fn bounded<T>(timeout: Duration, what: &str, future: impl Future<Output = T>) -> T {
	tokio::time::timeout(timeout, future)
		.await
		.unwrap_or_else(|_| panic!("{what}: no result within {timeout:?}"))
}

/// Signs `call` with `signer`, submits it and waits until a best block includes it; returns its
/// events and outcome, whether it succeeded or failed on chain. For single-author chains; see
/// [`submit_finalized`] for networks.
pub async fn submit(
	rpc: &Rpc,
	client: &Client,
	call: &Call,
	signer: &Keypair,
	what: &str,
) -> Included {
	submit_until(rpc, client, call, signer, what, Until::InBlock).await
}

/// [`submit`], waiting until the including block is finalized: on networks of several
/// validators, whose best blocks can still be reorganised away.
pub async fn submit_finalized(
	rpc: &Rpc,
	client: &Client,
	call: &Call,
	signer: &Keypair,
	what: &str,
) -> Included {
	submit_until(rpc, client, call, signer, what, Until::Finalized).await
}

/// Signs `call` with `signer`, submits it and waits for the block `until` says.
///
/// The nonce comes from `system_accountNextIndex`, which counts the transaction pool, so that a
/// signer's next transaction never reuses a nonce even if the client's view of the chain lags
/// behind the transaction's own inclusion notification.
pub async fn submit_until(
	rpc: &Rpc,
	client: &Client,
	call: &Call,
	signer: &Keypair,
	what: &str,
	until: Until,
) -> Included {
	bounded(TX_TIMEOUT, what, async {
		let at = client.at_current_block().await.expect("the finalized block");
		let tx = depin_client::chain::sign(&rpc.client(), &at, call, signer)
			.await
			.unwrap_or_else(|e| panic!("{what}: cannot sign: {e}"));
		let progress = tx
			.submit_and_watch()
			.await
			.unwrap_or_else(|e| panic!("{what}: the transaction pool refuses it: {e}"));
		finish(client, progress, what, until)
			.await
			.unwrap_or_else(|e| panic!("{what}: not included: {e}"))
	})
	.await
}

/// Calls a `depin_*` (or any) JSON-RPC method and returns its result.
pub async fn request(rpc: &Rpc, method: &str, params: Vec<Json>) -> Json {
	bounded(RPC_TIMEOUT, method, rpc.request(method, params))
		.await
		.unwrap_or_else(|e| panic!("{method} fails: {e}"))
}

/// A plain `u128` storage value (its default when unset).
pub async fn storage_u128(at: &AtBlock, pallet: &str, entry: &str) -> u128 {
	let address = crate::subxt::dynamic::storage::<(), u128>(pallet, entry);
	bounded(RPC_TIMEOUT, entry, at.storage().fetch(address, ()))
		.await
		.unwrap_or_else(|e| panic!("cannot read {pallet}.{entry}: {e}"))
		.decode()
		.unwrap_or_else(|e| panic!("cannot decode {pallet}.{entry}: {e}"))
}

/// The DPN supply and the BME pallet's books at one block.
#[derive(Debug, Clone, Copy)]
pub struct Books {
	/// `Balances.TotalIssuance`.
	pub issuance: u128,
	/// `Bme.TotalMinted`: everything the BME pallet ever minted (emissions, settlements).
	pub minted: u128,
	/// `Bme.TotalBurned`: everything burned for credits.
	pub burned: u128,
	/// `Bme.ExternallyBurned`: fees, tips and dust burned outside the BME pallet.
	pub externally_burned: u128,
}

pub async fn books(at: &AtBlock) -> Books {
	Books {
		issuance: storage_u128(at, "Balances", "TotalIssuance").await,
		minted: storage_u128(at, "Bme", "TotalMinted").await,
		burned: storage_u128(at, "Bme", "TotalBurned").await,
		externally_burned: storage_u128(at, "Bme", "ExternallyBurned").await,
	}
}

/// The finalized block `number`.
pub async fn finalized_block(client: &Client, number: u64) -> AtBlock {
	bounded(RPC_TIMEOUT, "a finalized block", client.at_block(number))
		.await
		.unwrap_or_else(|e| panic!("cannot open block #{number}: {e}"))
}

/// Reads the finalized blocks from `from` on, in order and as the chain finalizes them, until
/// `find` finds something in one; returns that block and what was found. Panics with `what` if
/// nothing is found within `timeout`.
pub async fn find_finalized<T, F, Fut>(
	client: &Client,
	from: u64,
	timeout: Duration,
	what: &str,
	mut find: F,
) -> (AtBlock, T)
where
	F: FnMut(AtBlock) -> Fut,
	Fut: Future<Output = Option<T>>,
{
	let deadline = tokio::time::Instant::now() + timeout;
	let mut next = from;
	loop {
		let finalized = bounded(RPC_TIMEOUT, "the finalized block", client.at_current_block())
			.await
			.unwrap_or_else(|e| panic!("cannot read the finalized block: {e}"))
			.block_number();
		while next <= finalized {
			let at = finalized_block(client, next).await;
			if let Some(found) = find(at.clone()).await {
				return (at, found);
			}
			next += 1;
		}
		assert!(
			tokio::time::Instant::now() < deadline,
			"{what}: not found in blocks #{from}..=#{finalized} within {timeout:?}"
		);
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
}

/// Every `pallet.name` event of block `at`, from extrinsics and hooks (`on_idle`, the
/// scheduler) alike, its fields decoded as a named composite.
pub async fn block_events(at: &AtBlock, pallet: &str, name: &str) -> Vec<Value> {
	let number = at.block_number();
	let events = bounded(RPC_TIMEOUT, "a block's events", at.events().fetch())
		.await
		.unwrap_or_else(|e| panic!("cannot read the events of block #{number}: {e}"));
	let mut found = Vec::new();
	for event in events.iter() {
		let event =
			event.unwrap_or_else(|e| panic!("cannot decode an event of block #{number}: {e}"));
		if event.pallet_name() == pallet && event.event_name() == name {
			let fields = event
				.decode_fields_unchecked_as::<Value>()
				.unwrap_or_else(|e| panic!("{pallet}.{name} of block #{number}: {e}"));
			found.push(fields);
		}
	}
	found
}

/// The only `pallet.name` event of an extrinsic, its fields decoded as a named composite.
pub fn single_event(included: &Included, pallet: &str, name: &str) -> Value {
	let mut found: Vec<Value> = find_events(&included.events, pallet, name)
		.unwrap_or_else(|e| panic!("{pallet}.{name} does not decode: {e}"));
	assert_eq!(found.len(), 1, "expected one {pallet}.{name} event: {found:?}");
	found.remove(0)
}

/// A field of a decoded event.
pub fn field<'a>(event: &'a Value, name: &str) -> &'a Value {
	event.at(name).unwrap_or_else(|| panic!("no field {name} in {event}"))
}

/// A numeric field of a decoded event.
pub fn field_u128(event: &Value, name: &str) -> u128 {
	let value = field(event, name);
	value.as_u128().unwrap_or_else(|| panic!("{name} is not a number: {value}"))
}

/// The variant name of a decoded enum value.
pub fn variant_name(value: &Value) -> Option<&str> {
	match &value.value {
		ValueDef::Variant(variant) => Some(variant.name.as_str()),
		_ => None,
	}
}

/// The bytes of a decoded value made only of `u8`s, however nested (an account id, the raw key
/// inside a `DeviceKey` variant).
pub fn flat_bytes(value: &Value) -> Option<Vec<u8>> {
	fn collect(value: &Value, out: &mut Vec<u8>) -> bool {
		match &value.value {
			ValueDef::Primitive(_) => match value.as_u128().and_then(|n| u8::try_from(n).ok()) {
				Some(byte) => {
					out.push(byte);
					true
				}
				None => false,
			},
			ValueDef::Composite(composite) => composite.values().all(|v| collect(v, out)),
			ValueDef::Variant(variant) => variant.values.values().all(|v| collect(v, out)),
			ValueDef::BitSequence(_) => false,
		}
	}
	let mut out = Vec::new();
	collect(value, &mut out).then_some(out)
}

/// Checks that a sudo'd call was dispatched and succeeded (`Sudo.Sudid { sudo_result: Ok }`).
pub fn expect_sudo_ok(included: &Included, what: &str) {
	included.expect_success(what);
	let sudid = single_event(included, "Sudo", "Sudid");
	let result = field(&sudid, "sudo_result");
	assert_eq!(variant_name(result), Some("Ok"), "{what}: the root call failed: {result}");
}

/// Waits for a submitted transaction's block (as `until` says) and reads its events and outcome.
/// `Err` carries the pool's refusal (the transaction became invalid or was dropped).
async fn finish(
	client: &Client,
	progress: Progress,
	what: &str,
	until: Until,
) -> Result<Included, String> {
	let (in_block, _) = follow(progress, until).await.map_err(|e| e.to_string())?;
	let (events, error) =
		outcome(&in_block).await.unwrap_or_else(|e| panic!("{what}: cannot read the outcome: {e}"));
	let outcome = error.map_or(Ok(()), Err);
	let at = in_block.at().await.expect("a client at the inclusion block");
	let before = client
		.at_block(at.block_number().saturating_sub(1))
		.await
		.expect("a client at the block before the inclusion block");
	Ok(Included { events, outcome, at, before })
}

/// The bytes of a general (v5) transaction carrying `call`, authorized by the call's own
/// signatures (`#[pallet::authorize]`): no signer, no fee.
pub async fn general_transaction(client: &Client, call: &Call) -> Vec<u8> {
	let at = client.at_current_block().await.expect("the finalized block");
	general_bytes(&at, call).expect("the call encodes")
}

/// Submits a general transaction authorized by `call` itself (a device-signed report or
/// heartbeat) and waits until a best block includes it. `Err` carries the pool's refusal.
pub async fn submit_general(client: &Client, call: &Call, what: &str) -> Result<Included, String> {
	let bytes = general_transaction(client, call).await;
	bounded(TX_TIMEOUT, what, async {
		let at = client.at_current_block().await.expect("the finalized block");
		let progress = at
			.transactions()
			.from_bytes(bytes)
			.submit_and_watch()
			.await
			.map_err(|e| e.to_string())?;
		finish(client, progress, what, Until::InBlock).await
	})
	.await
}

/// What [`open_market`] set up.
pub struct Market {
	/// The approved maker's id.
	pub maker: u32,
	/// Each buyer's `burn_for_credits`, in the order given.
	pub purchases: Vec<Included>,
}

/// The DePIN market of a `--dev` chain, through sudo (Alice): Alice and Bob become price feeders
/// and both price DPN at `price_usd`; Eve's account is approved as the maker `maker_name` with
/// `maker_key` as its attestation key (no bond); each of `buyers` burns `burn` DPN for credits.
pub async fn open_market(
	rpc: &Rpc,
	client: &Client,
	price_usd: u128,
	maker_name: &str,
	maker_key: &Keypair,
	buyers: &[&Keypair],
	burn: u128,
) -> Market {
	use crate::subxt_signer::sr25519::dev;
	let (alice, bob) = (dev::alice(), dev::bob());
	for feeder in [&alice, &bob] {
		let add = sudo(call("Bme", "add_feeder", vec![("feeder", address(&account_id(feeder)))]));
		expect_sudo_ok(&submit(rpc, client, &add, &alice, "add a feeder").await, "add_feeder");
	}
	let price_call = call("Bme", "submit_price", vec![("price", price(price_usd))]);
	let (a, b) = tokio::join!(
		submit(rpc, client, &price_call, &alice, "Alice's price"),
		submit(rpc, client, &price_call, &bob, "Bob's price"),
	);
	a.expect_success("Alice's price");
	b.expect_success("Bob's price");

	let approve = sudo(call(
		"Registry",
		"approve_maker",
		vec![
			("account", address(&account_id(&dev::eve()))),
			("attestation_key", sr25519_key(&maker_key.public_key().0)),
			("name", Value::from_bytes(maker_name)),
			("bond", Value::u128(0)),
		],
	));
	let burn = call(
		"Bme",
		"burn_for_credits",
		vec![("amount", Value::u128(burn)), ("beneficiary", unit_variant("None"))],
	);
	// Different signers: the maker's approval and every purchase go in at once.
	let purchases = futures::future::join_all(
		buyers.iter().map(|buyer| submit(rpc, client, &burn, buyer, "buy credits")),
	);
	let (approved, purchases) =
		tokio::join!(submit(rpc, client, &approve, &alice, "approve the maker"), purchases);
	expect_sudo_ok(&approved, "approve the maker");
	for purchase in &purchases {
		purchase.expect_success("buy credits");
	}
	let maker = field_u128(&single_event(&approved, "Registry", "MakerApproved"), "maker");
	Market { maker: u32::try_from(maker).expect("a u32 maker id"), purchases }
}
