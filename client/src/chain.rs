//! The connection to a node: JSON-RPC requests, and transactions signed by an account or
//! authorized by a device key, followed to a block with their events and outcome.

use scale_info::{PortableRegistry, TypeDef, TypeDefPrimitive};
use serde_json::{json, Map, Value as Json};
use subxt::{
	client::OnlineClientAtBlockImpl,
	config::SubstrateExtrinsicParamsBuilder,
	error::{DispatchError, TransactionEventsError},
	ext::{
		codec::{Compact, Encode},
		scale_value::{self, Composite, Primitive, Value, ValueDef},
	},
	extrinsics::ExtrinsicEvents,
	rpcs::{client::RpcParams, RpcClient},
	transactions::{
		Payload, SubmittableTransaction, TransactionInBlock, TransactionInvalid,
		TransactionProgress, TransactionStatus, TransactionUnknown, ValidationResult,
	},
	utils::AccountId32,
	OnlineClient, SubstrateConfig,
};
use subxt_signer::sr25519::Keypair;

use crate::{
	errors::{dispatch_hint, refusal_hint, Error, Result},
	keys::{account, to_hex},
	output::inline,
	runtime::api::runtime_types::{frame_system, pallet_balances},
};

/// The subxt configuration matching the runtime: `AccountId32`, `MultiAddress`,
/// `MultiSignature`, `u32` block numbers and BLAKE2-256 hashing.
pub type Config = SubstrateConfig;
/// A subxt client of the node.
pub type Client = OnlineClient<Config>;
/// A transaction ready to submit.
pub type Transaction = SubmittableTransaction<Config, OnlineClientAtBlockImpl<Config>>;
/// A submitted transaction's progress.
pub type Progress = TransactionProgress<Config, OnlineClientAtBlockImpl<Config>>;
/// A transaction in a block.
pub type InBlock = TransactionInBlock<Config, OnlineClientAtBlockImpl<Config>>;

/// How long a submitted transaction may take to reach the block it waits for.
const TX_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);
/// The leading byte of a v5 general transaction: version 5 with the "general" bit.
const GENERAL_V5: u8 = 0b0100_0101;
/// The explicit data of the runtime's transaction extensions for a general transaction that no
/// account signs, authorized by its call (`frame_system::AuthorizeCall`): extension version 0,
/// then `CheckEra` immortal (one zero byte), `CheckNonce` compact 0 and
/// `ChargeTransactionPayment` compact tip 0; the other extensions carry no explicit data.
const AUTHORIZED_EXTENSIONS: [u8; 4] = [0, 0, 0, 0];
/// When a transaction counts as done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
	/// Included in a best block (about one block time).
	InBlock,
	/// Included in a finalized block (a few block times on a dev chain).
	Finalized,
}

/// A connection to one node.
pub struct Chain {
	/// The JSON-RPC connection.
	rpc: RpcClient,
	/// When transactions count as done.
	wait: Wait,
	/// The subxt client on the same connection, built on first use (it fetches the metadata).
	client: tokio::sync::OnceCell<Client>,
}

/// A transaction included in a block.
pub struct Receipt {
	/// The call, as `Pallet.call`.
	pub call: String,
	/// The including block's number.
	pub block: u64,
	/// The including block's hash.
	pub block_hash: String,
	/// The transaction's hash.
	pub hash: String,
	/// Whether the block was finalized when the receipt was made.
	pub finalized: bool,
	/// The transaction's events, each `{"pallet", "event", "fields"}`.
	pub events: Vec<Json>,
}

impl Receipt {
	/// The fields of the first `pallet.event` event.
	pub fn event(&self, pallet: &str, event: &str) -> Option<&Json> {
		self.events
			.iter()
			.find(|e| e["pallet"] == pallet && e["event"] == event)
			.map(|e| &e["fields"])
	}

	/// The fields of every `pallet.event` event.
	pub fn all(&self, pallet: &str, event: &str) -> Vec<&Json> {
		self.events
			.iter()
			.filter(|e| e["pallet"] == pallet && e["event"] == event)
			.map(|e| &e["fields"])
			.collect()
	}

	/// A numeric field of the first `pallet.event` event.
	pub fn number(&self, pallet: &str, event: &str, field: &str) -> Option<u64> {
		self.event(pallet, event).and_then(|fields| fields[field].as_u64())
	}

	/// The receipt as JSON.
	pub fn to_json(&self) -> Json {
		json!({
			"call": self.call,
			"block": self.block,
			"blockHash": self.block_hash,
			"transaction": self.hash,
			"finalized": self.finalized,
			"events": self.events,
		})
	}

	/// The receipt as text: where it went and its events, one a line.
	pub fn to_text(&self) -> String {
		let state = if self.finalized { "finalized" } else { "in block" };
		let mut text =
			format!("{} {state}: block #{} ({})", self.call, self.block, self.block_hash);
		for event in &self.events {
			let fields = match &event["fields"] {
				Json::Object(map) if map.is_empty() => String::new(),
				Json::Null => String::new(),
				fields => format!(" {}", inline(fields)),
			};
			text.push_str(&format!(
				"\n  {}.{}{fields}",
				event["pallet"].as_str().unwrap_or("?"),
				event["event"].as_str().unwrap_or("?")
			));
		}
		text
	}
}

impl Chain {
	/// Connects to the node at `url` (`ws://` or `wss://`).
	pub async fn connect(url: &str, wait: Wait) -> Result<Chain> {
		let rpc = RpcClient::from_insecure_url(url)
			.await
			.map_err(|e| Error::Rpc(format!("cannot connect to {url}: {e}")))?;
		Ok(Chain { rpc, wait, client: tokio::sync::OnceCell::new() })
	}

	/// Calls a JSON-RPC method with positional parameters.
	pub async fn request(&self, method: &str, params: Vec<Json>) -> Result<Json> {
		request(&self.rpc, method, params).await
	}

	/// The subxt client on the same connection.
	pub async fn client(&self) -> Result<Client> {
		let build = || async {
			Client::from_rpc_client(self.rpc.clone())
				.await
				.map_err(|e| Error::Rpc(format!("cannot build a client: {e}")))
		};
		self.client.get_or_try_init(build).await.cloned()
	}

	/// A `u32` constant of the runtime at the best block, as the node's metadata states it
	/// (development chains state their own periods).
	pub async fn constant_u32(&self, address: subxt::constants::StaticAddress<u32>) -> Result<u32> {
		let client = self.client().await?;
		let at = self.at_best(&client).await?;
		at.constants().entry(address).map_err(|e| Error::Rpc(format!("constant: {e}")))
	}

	/// A `u64` constant of the runtime at the best block, as [`Self::constant_u32`] reads one.
	pub async fn constant_u64(&self, address: subxt::constants::StaticAddress<u64>) -> Result<u64> {
		let client = self.client().await?;
		let at = self.at_best(&client).await?;
		at.constants().entry(address).map_err(|e| Error::Rpc(format!("constant: {e}")))
	}

	/// The current reward epoch and the block it ends at (`depin_emissions`).
	pub async fn epoch(&self) -> Result<(u64, u64)> {
		let emissions = self.request("depin_emissions", Vec::new()).await?;
		let field = |name: &str| {
			emissions[name]
				.as_u64()
				.ok_or_else(|| Error::Rpc(format!("depin_emissions: no {name} in {emissions}")))
		};
		Ok((field("currentEpoch")?, field("epochEndsAt")?))
	}

	/// The client at the best block, where transactions are built and checked: the state the
	/// next block builds on, which may be ahead of the finalized one.
	async fn at_best(&self, client: &Client) -> Result<subxt::OnlineClientAtBlock<Config>> {
		let best = self.best_number().await?;
		client.at_block(best).await.map_err(|e| Error::Rpc(format!("block #{best}: {e}")))
	}

	/// Every event of block `number` of the best chain, each `{"pallet", "event", "fields"}`,
	/// from extrinsics and hooks alike (a coverage window's rewards come from
	/// `on_initialize`).
	pub async fn events_at(&self, number: u64) -> Result<Vec<Json>> {
		let client = self.client().await?;
		let at = client
			.at_block(number)
			.await
			.map_err(|e| Error::Rpc(format!("block #{number}: {e}")))?;
		let events = at
			.events()
			.fetch()
			.await
			.map_err(|e| Error::Rpc(format!("events of #{number}: {e}")))?;
		Ok(events_json(events.iter(), &at.metadata()))
	}

	/// The best block's number.
	pub async fn best_number(&self) -> Result<u64> {
		let header = self.request("chain_getHeader", Vec::new()).await?;
		hex_number(&header["number"])
	}

	/// The finalized block's number and hash.
	pub async fn finalized(&self) -> Result<(u64, [u8; 32])> {
		let hash = self.request("chain_getFinalizedHead", Vec::new()).await?;
		let header = self.request("chain_getHeader", vec![hash.clone()]).await?;
		let bytes = hex_hash("chain_getFinalizedHead", &hash)?;
		Ok((hex_number(&header["number"])?, bytes))
	}

	/// The genesis block's hash: what every payload a device or maker key signs is bound to.
	pub async fn genesis_hash(&self) -> Result<[u8; 32]> {
		let hash = self.request("chain_getBlockHash", vec![json!(0)]).await?;
		hex_hash("chain_getBlockHash(0)", &hash)
	}

	/// The hash of block `number` of the best chain.
	pub async fn block_hash(&self, number: u64) -> Result<[u8; 32]> {
		let hash = self.request("chain_getBlockHash", vec![json!(number)]).await?;
		hex_hash("chain_getBlockHash", &hash)
	}

	/// The availability window's length in blocks (`Leases.AvailabilityParams`) at the best
	/// block.
	pub async fn availability_period(&self) -> Result<u64> {
		let client = self.client().await?;
		let at = self.at_best(&client).await?;
		let address = crate::runtime::api::storage().leases().availability_params();
		let failed =
			|e: &dyn std::fmt::Display| Error::Rpc(format!("Leases.AvailabilityParams: {e}"));
		let parameters = at
			.storage()
			.fetch(address, ())
			.await
			.map_err(|e| failed(&e))?
			.decode()
			.map_err(|e| failed(&e))?;
		Ok(u64::from(parameters.period))
	}

	/// The offer of GPU machine `device` at the best block (`Leases.Offers`), shaped as a
	/// `depin_offers` entry (`pricePerHour`, `minDuration`, `maxDuration`, `region`), or `None`
	/// when it is not listed.
	pub async fn offer(&self, device: u64) -> Result<Option<Json>> {
		let client = self.client().await?;
		let at = self.at_best(&client).await?;
		let address = crate::runtime::api::storage().leases().offers();
		let failed = |e: &dyn std::fmt::Display| Error::Rpc(format!("Leases.Offers: {e}"));
		let Some(value) =
			at.storage().try_fetch(address, (device,)).await.map_err(|e| failed(&e))?
		else {
			return Ok(None);
		};
		let offer = value.decode().map_err(|e| failed(&e))?;
		let terms = offer.terms;
		Ok(Some(json!({
			"device": device,
			"provider": offer.provider.to_string(),
			"pricePerHour": terms.price_per_hour.to_string(),
			"minDuration": terms.min_duration,
			"maxDuration": terms.max_duration,
			"region": String::from_utf8_lossy(&terms.region.0),
		})))
	}

	/// Lease `lease`'s sealed access details at the best block (`Leases.LeaseAccess`).
	pub async fn lease_access(&self, lease: u64) -> Result<Option<Vec<u8>>> {
		let client = self.client().await?;
		let at = self.at_best(&client).await?;
		let address = crate::runtime::api::storage().leases().lease_access();
		let failed = |e: &dyn std::fmt::Display| Error::Rpc(format!("Leases.LeaseAccess: {e}"));
		let Some(value) =
			at.storage().try_fetch(address, (lease,)).await.map_err(|e| failed(&e))?
		else {
			return Ok(None);
		};
		Ok(Some(value.decode().map_err(|e| failed(&e))?.0))
	}

	/// Signs `call` with `signer` and submits it; waits for its block and returns its events,
	/// or the dispatch error it failed with.
	pub async fn submit(&self, call: &impl Payload, signer: &Keypair) -> Result<Receipt> {
		let client = self.client().await?;
		let at = self.at_best(&client).await?;
		let tx = sign(&self.rpc, &at, call, signer).await?;
		let metadata = at.metadata();
		self.send(call.pallet_name(), call_name(call), tx, &metadata).await
	}

	/// Submits `call` as a general (v5) transaction that no account signs: one authorized by
	/// the device-key signatures the call carries (`#[pallet::authorize]`), paying no fee.
	pub async fn submit_general(&self, call: &impl Payload) -> Result<Receipt> {
		let client = self.client().await?;
		let at = self.at_best(&client).await?;
		let bytes = general_bytes(&at, call)?;
		let metadata = at.metadata();
		let tx = at.transactions().from_bytes(bytes);
		self.send(call.pallet_name(), call_name(call), tx, &metadata).await
	}

	/// The SCALE bytes of `call` (pallet and call index, then its arguments) as the best block's
	/// metadata encodes it: a referendum's preimage.
	pub async fn call_data(&self, call: &impl Payload) -> Result<Vec<u8>> {
		let client = self.client().await?;
		let at = self.at_best(&client).await?;
		at.transactions()
			.call_data(call)
			.map_err(|e| Error::Other(format!("cannot build {}: {e}", call_name(call))))
	}

	/// The SCALE bytes of `calls` as general transactions that no account signs, checked
	/// against the metadata of the best block (what [`Self::submit_general`] sends).
	pub async fn general_transactions(&self, calls: &[impl Payload]) -> Result<Vec<Vec<u8>>> {
		let client = self.client().await?;
		let at = self.at_best(&client).await?;
		calls.iter().map(|call| general_bytes(&at, call)).collect()
	}

	/// Checks `tx` with the runtime's validation, submits it and follows it to a block.
	async fn send(
		&self,
		pallet: &str,
		name: String,
		tx: Transaction,
		metadata: &subxt::Metadata,
	) -> Result<Receipt> {
		// A pallet whose custom validity codes are its error indices (the usage pallet's) has
		// its refusals named from the metadata.
		let named = |code: u8| {
			let variant = metadata.pallet_by_name(pallet)?.error_variant_by_index(code)?;
			Some(format!("{pallet}::{}: {}", variant.name, variant.docs.join(" ")))
		};
		let refused = |reason: String| Error::Refused {
			hint: refusal_hint(pallet, &reason, &named),
			call: name.clone(),
			reason,
		};
		match tx.validate().await {
			// A future nonce is fine: an earlier transaction of the signer is still in the pool.
			Ok(ValidationResult::Invalid(TransactionInvalid::Future)) => {}
			Ok(ValidationResult::Invalid(invalid)) => return Err(refused(invalid_text(&invalid))),
			Ok(ValidationResult::Unknown(unknown)) => return Err(refused(unknown_text(&unknown))),
			Ok(ValidationResult::Valid(_)) | Err(_) => {}
		}
		let progress = tx.submit_and_watch().await.map_err(|e| refused(e.to_string()))?;
		let (block, finalized) =
			match tokio::time::timeout(TX_TIMEOUT, follow(progress, self.wait)).await {
				Err(_) => {
					let timeout = TX_TIMEOUT.as_secs();
					return Err(Error::Rpc(format!("{name} was not included within {timeout} s")));
				}
				Ok(Err(NotIncluded::Refused { message, .. })) => return Err(refused(message)),
				Ok(Err(NotIncluded::Lost(message))) => {
					return Err(Error::Rpc(format!("{name}: {message}")))
				}
				Ok(Ok(included)) => included,
			};
		let at = block.at().await.map_err(|e| Error::Rpc(e.to_string()))?;
		let number = at.block_number();
		let events = match outcome(&block).await {
			Ok((events, None)) => events_json(events.iter(), &at.metadata()),
			Ok((_, Some(error))) => return Err(failure(name, number, &error)),
			Err(other) => {
				return Err(Error::Rpc(format!("{name}: cannot read the events: {other}")))
			}
		};
		Ok(Receipt {
			call: name,
			block: number,
			block_hash: format!("{:?}", block.block_hash()),
			hash: format!("{:?}", block.extrinsic_hash()),
			finalized,
			events,
		})
	}
}

/// Signs `call` with `signer` against the block `at`, at the nonce `system_accountNextIndex`
/// gives: it counts the transaction pool too, so a signer's next transaction never reuses a
/// nonce even when the chain's view lags behind its previous transaction's inclusion.
pub async fn sign(
	rpc: &RpcClient,
	at: &subxt::OnlineClientAtBlock<Config>,
	call: &impl Payload,
	signer: &Keypair,
) -> Result<Transaction> {
	let name = call_name(call);
	let who = account(signer).to_string();
	let nonce = request(rpc, "system_accountNextIndex", vec![json!(who)]).await?;
	let nonce = nonce
		.as_u64()
		.ok_or_else(|| Error::Rpc(format!("system_accountNextIndex returned {nonce}")))?;
	let params = SubstrateExtrinsicParamsBuilder::<Config>::new().nonce(nonce).build();
	at.transactions()
		.create_signed(call, signer, params)
		.await
		.map_err(|e| Error::Other(format!("cannot build {name}: {e}")))
}

/// Why a followed transaction reached no block.
#[derive(Debug)]
pub enum NotIncluded {
	/// The pool found it invalid, dropped it or failed on it.
	Refused {
		/// `invalid`, `dropped` or `error`: the pool's verdict.
		kind: &'static str,
		/// The pool's reason.
		message: String,
	},
	/// The node stopped reporting on it, or the connection failed.
	Lost(String),
}

impl std::fmt::Display for NotIncluded {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			NotIncluded::Refused { kind, message } => write!(f, "{kind}: {message}"),
			NotIncluded::Lost(message) => f.write_str(message),
		}
	}
}

/// Follows a submitted transaction until a block `wait` names includes it: a best block
/// ([`Wait::InBlock`]) or a finalized one (either way, a finalized inclusion counts). Returns
/// the block and whether it was finalized.
pub async fn follow(
	mut progress: Progress,
	wait: Wait,
) -> std::result::Result<(InBlock, bool), NotIncluded> {
	let refused = |kind, message| Err(NotIncluded::Refused { kind, message });
	loop {
		let status = progress
			.next()
			.await
			.ok_or_else(|| NotIncluded::Lost("the node stopped reporting".into()))?
			.map_err(|e| NotIncluded::Lost(e.to_string()))?;
		match status {
			TransactionStatus::InBestBlock(block) if wait == Wait::InBlock => {
				return Ok((block, false))
			}
			TransactionStatus::InFinalizedBlock(block) => return Ok((block, true)),
			TransactionStatus::Invalid { message } => return refused("invalid", message),
			TransactionStatus::Dropped { message } => return refused("dropped", message),
			TransactionStatus::Error { message } => return refused("error", message),
			_ => continue,
		}
	}
}

/// An included transaction's events and, if it failed, its dispatch error.
pub async fn outcome(
	block: &InBlock,
) -> std::result::Result<(ExtrinsicEvents<Config>, Option<DispatchError>), subxt::Error> {
	match block.wait_for_success().await {
		Ok(events) => Ok((events, None)),
		Err(TransactionEventsError::ExtrinsicFailed(error)) => {
			Ok((block.fetch_events().await?, Some(error)))
		}
		Err(other) => Err(other.into()),
	}
}

/// A general (v5) transaction of `call` authorized by its own signatures: no signer, the
/// explicit data of [`AUTHORIZED_EXTENSIONS`].
pub fn general_bytes(
	at: &subxt::OnlineClientAtBlock<Config>,
	call: &impl Payload,
) -> Result<Vec<u8>> {
	let call_data = at
		.transactions()
		.call_data(call)
		.map_err(|e| Error::Other(format!("cannot build {}: {e}", call_name(call))))?;
	let mut body = vec![GENERAL_V5];
	body.extend_from_slice(&AUTHORIZED_EXTENSIONS);
	body.extend_from_slice(&call_data);
	let mut bytes = Compact(body.len() as u32).encode();
	bytes.extend_from_slice(&body);
	Ok(bytes)
}

/// Calls a JSON-RPC method over `rpc` with positional parameters; an error names the method
/// and carries the node's message and data.
pub async fn request(rpc: &RpcClient, method: &str, params: Vec<Json>) -> Result<Json> {
	let mut rpc_params = RpcParams::new();
	for param in params {
		rpc_params.push(param).map_err(|e| Error::Rpc(e.to_string()))?;
	}
	rpc.request::<Json>(method, rpc_params)
		.await
		.map_err(|e| Error::Rpc(format!("{method}: {}", rpc_message(&e))))
}

/// `Pallet.call` of a payload.
fn call_name(call: &impl Payload) -> String {
	format!("{}.{}", call.pallet_name(), call.call_name())
}

/// The error a dispatch error makes: a pallet error by `Pallet::Error` name with its docs.
fn failure(call: String, block: u64, error: &DispatchError) -> Error {
	let (name, docs) = match error {
		DispatchError::Module(module) => match module.details() {
			Ok(details) => (
				format!("{}::{}", details.pallet.name(), details.variant.name),
				details.variant.docs.join(" ").trim().to_owned(),
			),
			Err(_) => (module.to_string(), String::new()),
		},
		DispatchError::Token(token) => (format!("Token::{token:?}"), token.to_string()),
		DispatchError::Arithmetic(arith) => (format!("Arithmetic::{arith:?}"), arith.to_string()),
		other => (format!("{other:?}"), other.to_string()),
	};
	let hint = dispatch_hint(&name);
	Error::Failed { call, block, name, docs, hint }
}

/// The text of a validity error as the pool names it.
fn invalid_text(invalid: &TransactionInvalid) -> String {
	match invalid {
		TransactionInvalid::Custom(code) => format!("invalid transaction: custom error {code}"),
		TransactionInvalid::BadProof => "invalid transaction: bad proof (signature)".to_owned(),
		TransactionInvalid::Payment => "invalid transaction: cannot pay the fee".to_owned(),
		other => format!("invalid transaction: {other:?}").to_lowercase(),
	}
}

/// The text of an unknown validity.
fn unknown_text(unknown: &TransactionUnknown) -> String {
	format!("unknown validity: {unknown:?}")
}

/// A JSON-RPC error's message and data.
fn rpc_message(error: &subxt::rpcs::Error) -> String {
	match error {
		subxt::rpcs::Error::User(user) => match &user.data {
			Some(data) => format!("{} ({}): {}", user.message, user.code, data.get()),
			None => format!("{} ({})", user.message, user.code),
		},
		other => other.to_string(),
	}
}

/// A header's `0x`-hex block number.
/// A block hash (0x and 64 hex digits) that `method` returned.
fn hex_hash(method: &str, hash: &Json) -> Result<[u8; 32]> {
	hash.as_str()
		.and_then(|hash| hex::decode(hash.trim_start_matches("0x")).ok())
		.and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
		.ok_or_else(|| Error::Rpc(format!("{method} returned {hash}")))
}

fn hex_number(number: &Json) -> Result<u64> {
	number
		.as_str()
		.and_then(|hex| u64::from_str_radix(hex.trim_start_matches("0x"), 16).ok())
		.ok_or_else(|| Error::Rpc(format!("not a block number: {number}")))
}

/// Events as JSON: `{"pallet", "event", "fields"}`, the fields decoded with their types from
/// the metadata (see [`typed_json`]).
fn events_json<'a, E: 'a>(
	events: impl Iterator<Item = std::result::Result<subxt::events::Event<'a, Config>, E>>,
	metadata: &subxt::Metadata,
) -> Vec<Json> {
	events
		.filter_map(|event| event.ok())
		.map(|event| {
			let fields = event_fields(&event, metadata).unwrap_or(Json::Null);
			json!({ "pallet": event.pallet_name(), "event": event.event_name(), "fields": fields })
		})
		.collect()
}

/// An event's fields as a JSON object (unnamed fields by position).
fn event_fields(
	event: &subxt::events::Event<'_, Config>,
	metadata: &subxt::Metadata,
) -> Option<Json> {
	let pallet = metadata.pallet_by_event_index(event.pallet_index())?;
	let variant = pallet.event_variant_by_index(event.event_index())?;
	let types = metadata.types();
	let mut bytes = event.field_bytes();
	let mut map = Map::new();
	for (position, field) in variant.fields.iter().enumerate() {
		let value = scale_value::scale::decode_as_type(&mut bytes, field.ty.id, types).ok()?;
		let name = field.name.clone().unwrap_or_else(|| position.to_string());
		map.insert(name, typed_json(&value, types));
	}
	Some(Json::Object(map))
}

/// A decoded value as plain JSON, by its type: accounts as SS58 addresses, byte strings as text
/// (printable ASCII) or `0x`-hex, `u128` quantities as decimal strings (exact, like the
/// `depin_*` methods), newtypes as their inner value, field-less variants as their name.
fn typed_json(value: &Value<u32>, types: &PortableRegistry) -> Json {
	let ty = types.resolve(value.context);
	let is_account =
		ty.is_some_and(|ty| ty.path.segments.last().is_some_and(|s| s == "AccountId32"));
	if let Some(bytes) = value_bytes(value) {
		if is_account && bytes.len() == 32 {
			let mut id = [0u8; 32];
			id.copy_from_slice(&bytes);
			return json!(AccountId32(id).to_string());
		}
		if ty.is_some_and(|ty| byte_string(ty, types)) {
			return match bytes.iter().all(|b| (0x20..0x7f).contains(b)) && !bytes.is_empty() {
				true if matches!(ty.map(|ty| &ty.type_def), Some(TypeDef::Sequence(_))) => {
					json!(String::from_utf8_lossy(&bytes))
				}
				_ => json!(to_hex(bytes)),
			};
		}
	}
	match &value.value {
		ValueDef::Primitive(Primitive::U128(n)) if ty.is_some_and(|ty| wide(ty, types)) => {
			json!(n.to_string())
		}
		ValueDef::Primitive(Primitive::U128(n)) => number_json(*n),
		ValueDef::Primitive(Primitive::I128(n)) => match i64::try_from(*n) {
			Ok(n) if ty.is_none_or(|ty| !wide(ty, types)) => json!(n),
			_ => json!(n.to_string()),
		},
		ValueDef::Primitive(Primitive::Bool(b)) => json!(b),
		ValueDef::Primitive(Primitive::Char(c)) => json!(c.to_string()),
		ValueDef::Primitive(Primitive::String(s)) => json!(s),
		ValueDef::Primitive(other) => json!(format!("{other:?}")),
		ValueDef::Composite(Composite::Named(fields)) => Json::Object(
			fields.iter().map(|(name, value)| (name.clone(), typed_json(value, types))).collect(),
		),
		ValueDef::Composite(Composite::Unnamed(values)) => {
			let newtype = matches!(ty.map(|ty| &ty.type_def), Some(TypeDef::Composite(_)));
			match values.as_slice() {
				[one] if newtype => typed_json(one, types),
				many => Json::Array(many.iter().map(|value| typed_json(value, types)).collect()),
			}
		}
		ValueDef::Variant(variant) => {
			let fields = match &variant.values {
				Composite::Named(fields) if !fields.is_empty() => Json::Object(
					fields.iter().map(|(n, v)| (n.clone(), typed_json(v, types))).collect(),
				),
				Composite::Unnamed(values) if values.len() == 1 => typed_json(&values[0], types),
				Composite::Unnamed(values) if !values.is_empty() => {
					Json::Array(values.iter().map(|value| typed_json(value, types)).collect())
				}
				_ => return json!(variant.name),
			};
			json!({ variant.name.clone(): fields })
		}
		ValueDef::BitSequence(bits) => json!(format!("{bits:?}")),
	}
}

/// Whether a type is a sequence or array of `u8`, seen through newtypes.
fn byte_string(
	ty: &scale_info::Type<scale_info::form::PortableForm>,
	types: &PortableRegistry,
) -> bool {
	let is_u8 = |id: u32| {
		types
			.resolve(id)
			.is_some_and(|t| matches!(t.type_def, TypeDef::Primitive(TypeDefPrimitive::U8)))
	};
	match &ty.type_def {
		TypeDef::Sequence(seq) => is_u8(seq.type_param.id),
		TypeDef::Array(array) => is_u8(array.type_param.id),
		TypeDef::Composite(composite) if composite.fields.len() == 1 => {
			types.resolve(composite.fields[0].ty.id).is_some_and(|inner| byte_string(inner, types))
		}
		_ => false,
	}
}

/// Whether a type is a 128-bit (or wider) number, possibly compact or in a newtype.
fn wide(ty: &scale_info::Type<scale_info::form::PortableForm>, types: &PortableRegistry) -> bool {
	match &ty.type_def {
		TypeDef::Primitive(primitive) => matches!(
			primitive,
			TypeDefPrimitive::U128
				| TypeDefPrimitive::I128
				| TypeDefPrimitive::U256
				| TypeDefPrimitive::I256
		),
		TypeDef::Compact(compact) => {
			types.resolve(compact.type_param.id).is_some_and(|inner| wide(inner, types))
		}
		TypeDef::Composite(composite) if composite.fields.len() == 1 => {
			types.resolve(composite.fields[0].ty.id).is_some_and(|inner| wide(inner, types))
		}
		_ => false,
	}
}

/// The bytes of a value made only of numbers that fit a byte, however nested, if at least one.
fn value_bytes(value: &Value<u32>) -> Option<Vec<u8>> {
	fn collect(value: &Value<u32>, out: &mut Vec<u8>) -> bool {
		match &value.value {
			ValueDef::Primitive(Primitive::U128(n)) => match u8::try_from(*n) {
				Ok(byte) => {
					out.push(byte);
					true
				}
				Err(_) => false,
			},
			ValueDef::Composite(inner) => inner.values().all(|v| collect(v, out)),
			_ => false,
		}
	}
	let mut out = Vec::new();
	match &value.value {
		ValueDef::Composite(_) if collect(value, &mut out) => Some(out),
		_ => None,
	}
}

/// A number as JSON: exact up to 2^53, a decimal string above.
fn number_json(n: u128) -> Json {
	match u64::try_from(n) {
		Ok(small) if small < (1 << 53) => json!(small),
		_ => json!(n.to_string()),
	}
}

/// The `System.Account` record of an account, read with the generated storage address.
pub type AccountInfo = frame_system::AccountInfo<u32, pallet_balances::types::AccountData<u128>>;

impl Chain {
	/// An account's `System.Account` record at the finalized block (zero when it does not
	/// exist).
	pub async fn account_info(&self, who: &AccountId32) -> Result<AccountInfo> {
		let client = self.client().await?;
		let at = client.at_current_block().await.map_err(|e| Error::Rpc(e.to_string()))?;
		let address = crate::runtime::api::storage().system().account();
		at.storage()
			.fetch(address, (*who,))
			.await
			.map_err(|e| Error::Rpc(format!("System.Account: {e}")))?
			.decode()
			.map_err(|e| Error::Rpc(format!("System.Account: {e}")))
	}
}
