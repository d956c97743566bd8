//! The raw JSON-RPC client, [`Rpc`], and what it reads from a node.

use std::collections::BTreeMap;

use serde_json::Value as Json;
use subxt::rpcs::{client::RpcParams, RpcClient};

use depin_client::keys::to_hex;

use crate::error::{other, Error, Result, RpcError};

/// A JSON-RPC connection to one node (WebSocket, via subxt's RPC client).
#[derive(Clone, Debug)]
pub struct Rpc {
	client: RpcClient,
}

/// What `system_health` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Health {
	/// Connected peers.
	pub peers: u64,
	/// Whether the node is major-syncing.
	pub is_syncing: bool,
}

impl Rpc {
	/// Connects once, without retrying.
	pub async fn connect(url: &str) -> Result<Rpc> {
		let client = RpcClient::from_insecure_url(url).await.map_err(rpc_error)?;
		Ok(Rpc { client })
	}

	/// The underlying client, e.g. to build a subxt [`Client`] on the same connection.
	///
	/// [`Client`]: crate::Client
	pub fn client(&self) -> RpcClient {
		self.client.clone()
	}

	/// Calls `method` with positional `params`; a JSON-RPC error object comes back as
	/// [`Error::Rpc`].
	pub async fn request(&self, method: &str, params: Vec<Json>) -> Result<Json> {
		let mut rpc_params = RpcParams::new();
		for param in params {
			rpc_params.push(param).map_err(rpc_error)?;
		}
		self.client.request::<Json>(method, rpc_params).await.map_err(rpc_error)
	}

	/// The best block's number.
	pub async fn best_number(&self) -> Result<u64> {
		let header = self.request("chain_getHeader", Vec::new()).await?;
		header_number(&header)
	}

	/// The finalized block's hash, `0x`-prefixed hex.
	pub async fn finalized_hash(&self) -> Result<String> {
		let hash = self.request("chain_getFinalizedHead", Vec::new()).await?;
		hash.as_str()
			.map(str::to_owned)
			.ok_or_else(|| Error::Other(format!("chain_getFinalizedHead returned {hash}")))
	}

	/// The finalized block's number.
	pub async fn finalized_number(&self) -> Result<u64> {
		let hash = self.finalized_hash().await?;
		let header = self.request("chain_getHeader", vec![Json::String(hash)]).await?;
		header_number(&header)
	}

	/// The hash of block `number` on the best chain, if the node has it.
	pub async fn block_hash(&self, number: u64) -> Result<Option<String>> {
		let hash = self.request("chain_getBlockHash", vec![Json::from(number)]).await?;
		match hash {
			Json::Null => Ok(None),
			Json::String(hash) => Ok(Some(hash)),
			other => Err(Error::Other(format!("chain_getBlockHash returned {other}"))),
		}
	}

	/// Every top-level storage key and its value at block `at` (a hash), read page by page with
	/// `state_getKeysPaged` and `state_queryStorageAt`: a snapshot of the chain's state as
	/// try-runtime's live mode takes it. Keys and values are `0x`-hex.
	pub async fn state_snapshot(&self, at: &str) -> Result<BTreeMap<String, String>> {
		const PAGE: usize = 500;
		let mut snapshot = BTreeMap::new();
		let mut start: Option<String> = None;
		loop {
			let keys = self
				.request(
					"state_getKeysPaged",
					vec![
						Json::from("0x"),
						Json::from(PAGE),
						Json::from(start.clone()),
						Json::from(at),
					],
				)
				.await?;
			let keys: Vec<String> = serde_json::from_value(keys)
				.map_err(|e| other("state_getKeysPaged returned no key list", e))?;
			if keys.is_empty() {
				return Ok(snapshot);
			}
			let changes = self
				.request("state_queryStorageAt", vec![Json::from(keys.clone()), Json::from(at)])
				.await?;
			let pairs = changes[0]["changes"].as_array().ok_or_else(|| {
				Error::Other(format!("state_queryStorageAt returned {changes:.200}"))
			})?;
			for pair in pairs {
				if let (Some(key), Some(value)) = (pair[0].as_str(), pair[1].as_str()) {
					snapshot.insert(key.to_owned(), value.to_owned());
				}
			}
			if keys.len() < PAGE {
				return Ok(snapshot);
			}
			start = keys.last().cloned();
		}
	}

	/// `system_health`.
	pub async fn health(&self) -> Result<Health> {
		let health = self.request("system_health", Vec::new()).await?;
		let peers = health["peers"]
			.as_u64()
			.ok_or_else(|| Error::Other(format!("system_health returned {health}")))?;
		Ok(Health { peers, is_syncing: health["isSyncing"].as_bool().unwrap_or(false) })
	}

	/// The number of connected peers.
	pub async fn peers(&self) -> Result<u64> {
		Ok(self.health().await?.peers)
	}

	/// `author_submitExtrinsic` with raw SCALE bytes; returns the transaction hash.
	pub async fn submit_extrinsic(&self, extrinsic: &[u8]) -> Result<String> {
		let hash =
			self.request("author_submitExtrinsic", vec![Json::String(to_hex(extrinsic))]).await?;
		hash.as_str()
			.map(str::to_owned)
			.ok_or_else(|| Error::Other(format!("author_submitExtrinsic returned {hash}")))
	}

	/// `author_pendingExtrinsics`: the transaction pool's contents, hex-encoded.
	pub async fn pending_extrinsics(&self) -> Result<Vec<String>> {
		let pending = self.request("author_pendingExtrinsics", Vec::new()).await?;
		let list = pending
			.as_array()
			.ok_or_else(|| Error::Other(format!("author_pendingExtrinsics returned {pending}")))?;
		Ok(list.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
	}
}

fn rpc_error(error: subxt::rpcs::Error) -> Error {
	match error {
		subxt::rpcs::Error::User(e) => Error::Rpc(RpcError {
			code: e.code,
			message: e.message,
			data: e.data.map(|raw| match serde_json::from_str::<Json>(raw.get()) {
				Ok(Json::String(text)) => text,
				_ => raw.get().to_owned(),
			}),
		}),
		other => Error::Transport(other.to_string()),
	}
}

fn header_number(header: &Json) -> Result<u64> {
	let number = header["number"]
		.as_str()
		.ok_or_else(|| Error::Other(format!("header without a number: {header}")))?;
	parse_hex_u64(number)
}

/// Parses `0x`-prefixed (or bare) hex into a number.
pub fn parse_hex_u64(text: &str) -> Result<u64> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	u64::from_str_radix(digits, 16).map_err(|e| Error::Other(format!("bad hex number {text}: {e}")))
}
