//! # Coverage RPC
//!
//! Proof-of-coverage's `depin_*` JSON-RPC methods, beside its runtime API
//! (`pallet-coverage-runtime-api`): each method calls one `CoverageApi` function at the block
//! given by its optional trailing `at` parameter (a 0x-hex block hash), or at the best block,
//! and returns a typed view ([`views`]) in the JSON conventions of `depin-primitives-rpc`.
//! Parameters may be positional or named (camelCase or snake_case).
//!
//! | method                  | parameters                       | result         |
//! |-------------------------|----------------------------------|----------------|
//! | `depin_hexCoverage`     | `cell` (`"0x…"` H3 index), `at?` | object or null |
//! | `depin_hotspotCoverage` | `id`, `at?`                      | object         |
//! | `depin_densityRules`    | `at?`                            | rule array     |

pub mod views;

use std::{marker::PhantomData, sync::Arc};

use codec::Codec;
use depin_primitives::DeviceId;
use depin_primitives_rpc::{at_or_best, params::parse_cell, runtime_error};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
pub use pallet_coverage_runtime_api::CoverageApi as CoverageRuntimeApi;
use serde::Serialize;
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

pub use views::{DensityRuleView, HexCoverageView, HotspotCoverageView};

/// Proof-of-coverage's `depin_*` methods. Every method takes an optional trailing `at` block
/// hash and answers at the best block without it.
#[rpc(server, namespace = "depin", server_bounds(
	BlockHash: serde::de::DeserializeOwned + Send + Sync + 'static,
	BlockNumber: Serialize + Clone + Send + Sync + 'static))]
pub trait CoverageApi<BlockHash, BlockNumber> {
	/// The coverage of a hex at any resolution, or `null` for an invalid cell.
	#[method(name = "hexCoverage")]
	fn hex_coverage(
		&self,
		cell: String,
		at: Option<BlockHash>,
	) -> RpcResult<Option<HexCoverageView>>;

	/// A hotspot's proof-of-coverage record (empty for a device that never took part).
	#[method(name = "hotspotCoverage")]
	fn hotspot_coverage(
		&self,
		id: DeviceId,
		at: Option<BlockHash>,
	) -> RpcResult<HotspotCoverageView<BlockNumber>>;

	/// The hex-density table, one rule per resolution from 4 to 10.
	#[method(name = "densityRules")]
	fn density_rules(&self, at: Option<BlockHash>) -> RpcResult<Vec<DensityRuleView>>;
}

/// Proof-of-coverage's methods, answered through `client`'s runtime API.
pub struct Coverage<C, Block> {
	client: Arc<C>,
	_block: PhantomData<Block>,
}

impl<C, Block> Coverage<C, Block> {
	/// The methods, answered through `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _block: PhantomData }
	}
}

impl<C, Block, BlockNumber> CoverageApiServer<Block::Hash, BlockNumber> for Coverage<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: CoverageRuntimeApi<Block, BlockNumber>,
	BlockNumber: Codec + Serialize + Send + Sync + 'static,
{
	fn hex_coverage(
		&self,
		cell: String,
		at: Option<Block::Hash>,
	) -> RpcResult<Option<HexCoverageView>> {
		let cell = parse_cell("cell", &cell)?;
		let at = at_or_best(&*self.client, at);
		let coverage = self
			.client
			.runtime_api()
			.hex_coverage(at, cell)
			.map_err(|error| runtime_error("CoverageApi::hex_coverage", error))?;
		Ok(coverage.map(HexCoverageView::from))
	}

	fn hotspot_coverage(
		&self,
		id: DeviceId,
		at: Option<Block::Hash>,
	) -> RpcResult<HotspotCoverageView<BlockNumber>> {
		let at = at_or_best(&*self.client, at);
		let coverage = self
			.client
			.runtime_api()
			.hotspot_coverage(at, id)
			.map_err(|error| runtime_error("CoverageApi::hotspot_coverage", error))?;
		Ok(coverage.into())
	}

	fn density_rules(&self, at: Option<Block::Hash>) -> RpcResult<Vec<DensityRuleView>> {
		let at = at_or_best(&*self.client, at);
		let rules = self
			.client
			.runtime_api()
			.density_rules(at)
			.map_err(|error| runtime_error("CoverageApi::density_rules", error))?;
		Ok(DensityRuleView::table(&rules))
	}
}
