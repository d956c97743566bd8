//! # Registry RPC
//!
//! The device registry's `depin_*` JSON-RPC methods, beside its runtime API
//! (`pallet-registry-runtime-api`) as `pallet-transaction-payment-rpc` is beside its own: each
//! method calls one `RegistryApi` function at the block given by its optional trailing `at`
//! parameter (a 0x-hex block hash), or at the best block, and returns a typed view
//! ([`views`]) in the JSON conventions of `depin-primitives-rpc`. Parameters may be positional
//! or named (camelCase or snake_case).
//!
//! | method                     | parameters                                     | result         |
//! |----------------------------|------------------------------------------------|----------------|
//! | `depin_device`             | `id`, `at?`                                    | device or null |
//! | `depin_deviceByKey`        | `key` (`"ed25519:0x…"`/`"sr25519:0x…"`), `at?` | device or null |
//! | `depin_devicesOf`          | `owner`, `startAfter?`, `limit?` (100), `at?`  | device array   |
//! | `depin_makers`             | `at?`                                          | maker array    |
//! | `depin_registryParameters` | `at?`                                          | object         |
//!
//! ```text
//! curl -s -H 'Content-Type: application/json' localhost:9944 -d \
//!   '{"jsonrpc":"2.0","id":1,"method":"depin_devicesOf","params":{"owner":"5Grw…","limit":10}}'
//! ```

pub mod views;

use std::{fmt::Display, marker::PhantomData, sync::Arc};

use codec::Codec;
use depin_primitives::{DeviceId, MakerId};
use depin_primitives_rpc::{
	at_or_best,
	params::{parse_account, parse_device_key},
	runtime_error, DEFAULT_PAGE_LIMIT,
};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
pub use pallet_registry_runtime_api::RegistryApi as RegistryRuntimeApi;
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;
use sp_runtime::traits::Block as BlockT;

pub use views::{DeviceView, MakerView, RegistryParametersView};

/// The registry's `depin_*` methods. Every method takes an optional trailing `at` block hash
/// and answers at the best block without it.
#[rpc(server, namespace = "depin", server_bounds(
	BlockHash: serde::de::DeserializeOwned + Send + Sync + 'static,
	AccountId: Ss58Codec + Clone + Send + Sync + 'static,
	Balance: Display + Clone + Send + Sync + 'static,
	BlockNumber: Serialize + Clone + Send + Sync + 'static
))]
pub trait RegistryApi<BlockHash, AccountId, Balance, BlockNumber> {
	/// The device with this id, or `null`.
	#[method(name = "device")]
	fn device(
		&self,
		id: DeviceId,
		at: Option<BlockHash>,
	) -> RpcResult<Option<DeviceView<AccountId, Balance, BlockNumber>>>;

	/// The device registered with this key (`"ed25519:0x…"` or `"sr25519:0x…"`), or `null`.
	#[method(name = "deviceByKey")]
	fn device_by_key(
		&self,
		key: String,
		at: Option<BlockHash>,
	) -> RpcResult<Option<DeviceView<AccountId, Balance, BlockNumber>>>;

	/// One page of `owner`'s devices: at most `limit` (default 100), after the device
	/// `startAfter`. Pages follow storage order: pass a page's last id to get the next one.
	#[method(name = "devicesOf")]
	fn devices_of(
		&self,
		owner: String,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<DeviceView<AccountId, Balance, BlockNumber>>>;

	/// Every maker ever approved, revoked ones included.
	#[method(name = "makers")]
	fn makers(&self, at: Option<BlockHash>) -> RpcResult<Vec<MakerView<AccountId, Balance>>>;

	/// The fees, device bond and unbonding period in force.
	#[method(name = "registryParameters")]
	fn registry_parameters(
		&self,
		at: Option<BlockHash>,
	) -> RpcResult<RegistryParametersView<Balance, BlockNumber>>;
}

/// The registry's methods, answered through `client`'s runtime API.
pub struct Registry<C, Block> {
	client: Arc<C>,
	_block: PhantomData<Block>,
}

impl<C, Block> Registry<C, Block> {
	/// The methods, answered through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: PhantomData }
	}
}

impl<C, Block, AccountId, Balance, BlockNumber>
	RegistryApiServer<Block::Hash, AccountId, Balance, BlockNumber> for Registry<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: RegistryRuntimeApi<Block, AccountId, Balance, BlockNumber>,
	AccountId: Codec + Ss58Codec + From<[u8; 32]> + Serialize + Send + Sync + 'static,
	Balance: Codec + Display + Serialize + Send + Sync + 'static,
	BlockNumber: Codec + Serialize + Send + Sync + 'static,
{
	fn device(
		&self,
		id: DeviceId,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<DeviceView<AccountId, Balance, BlockNumber>>> {
		let at = at_or_best(&*self.client, at);
		let device = self
			.client
			.runtime_api()
			.device(at, id)
			.map_err(|error| runtime_error("RegistryApi::device", error))?;
		Ok(device.map(|info| DeviceView::new(id, info)))
	}

	fn device_by_key(
		&self,
		key: String,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<DeviceView<AccountId, Balance, BlockNumber>>> {
		let key = parse_device_key(&key)?;
		let at = at_or_best(&*self.client, at);
		let device = self
			.client
			.runtime_api()
			.device_by_key(at, key)
			.map_err(|error| runtime_error("RegistryApi::device_by_key", error))?;
		Ok(device.map(|(id, info)| DeviceView::new(id, info)))
	}

	fn devices_of(
		&self,
		owner: String,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<Vec<DeviceView<AccountId, Balance, BlockNumber>>> {
		let owner = parse_account("owner", &owner)?;
		let at = at_or_best(&*self.client, at);
		let page = self
			.client
			.runtime_api()
			.devices_of(at, owner, start_after, limit.unwrap_or(DEFAULT_PAGE_LIMIT))
			.map_err(|error| runtime_error("RegistryApi::devices_of", error))?;
		Ok(page.into_iter().map(|(id, info)| DeviceView::new(id, info)).collect())
	}

	fn makers(&self, at: Option<Block::Hash>) -> RpcResult<Vec<MakerView<AccountId, Balance>>> {
		let at = at_or_best(&*self.client, at);
		let makers = self
			.client
			.runtime_api()
			.makers(at)
			.map_err(|error| runtime_error("RegistryApi::makers", error))?;
		Ok(makers.into_iter().map(|(id, info): (MakerId, _)| MakerView::new(id, info)).collect())
	}

	fn registry_parameters(
		&self,
		at: Option<Block::Hash>,
	) -> RpcResult<RegistryParametersView<Balance, BlockNumber>> {
		let at = at_or_best(&*self.client, at);
		let api = self.client.runtime_api();
		// Several runtime APIs have a `parameters`: name the trait.
		let parameters =
			<C::Api as RegistryRuntimeApi<Block, AccountId, Balance, BlockNumber>>::parameters(
				&*api, at,
			)
			.map_err(|error| runtime_error("RegistryApi::parameters", error))?;
		Ok(parameters.into())
	}
}
