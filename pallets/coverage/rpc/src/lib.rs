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
//! | `depin_regions`         | `startAfter?` (cell), `limit?` (1000), `at?` | hex page |
//! | `depin_hexesUnder`      | `parent` (cell), `resolution`, `startAfter?` (id), `limit?` (1000), `at?` | hex page |
//! | `depin_hotspotsUnder`   | `parent` (cell), `startAfter?` (id), `limit?` (1000), `at?` | hotspot page |
//! | `depin_coverageActivity`| `blocks?` (20, at most 100), `at?` | activity     |
//! | `depin_hotspotsInBox`   | `bounds` (`{south, west, north, east}` degrees), `startAfter?` (cursor), `limit?` (1000), `at?` | box page |
//!
//! The listings scan at most 1,000 entries a call and say where the next page starts
//! (`next`, `null` on the last); `depin_coverageActivity` reads the coverage events of the
//! `blocks` blocks ending at `at` (or the best block), newest first, and stops early at the
//! oldest block whose state the node still has.

pub mod bbox;
pub mod views;

use std::{marker::PhantomData, sync::Arc};

use codec::Codec;
use depin_primitives::DeviceId;
use depin_primitives_rpc::{at_or_best, invalid_parameter, params::parse_cell, runtime_error};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
pub use pallet_coverage_runtime_api::CoverageApi as CoverageRuntimeApi;
use serde::Serialize;
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::{Block as BlockT, Header as HeaderT, UniqueSaturatedInto};

pub use views::{
	ActivityPageView, ActivityView, BlockActivityView, DensityRuleView, HexCoverageView,
	HexPageView, HotspotCoverageView, HotspotPageView,
};

/// Blocks `depin_coverageActivity` reads without `blocks`, and the most it reads.
pub const ACTIVITY_BLOCKS: (u32, u32) = (20, 100);

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

	/// One page of the resolution-4 hexes (regions) holding active, located hotspots.
	#[method(name = "regions")]
	fn regions(
		&self,
		start_after: Option<String>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<HexPageView<String>>;

	/// One page of the hexes at `resolution` under `parent` holding active, located hotspots.
	#[method(name = "hexesUnder")]
	fn hexes_under(
		&self,
		parent: String,
		resolution: u8,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<HexPageView<DeviceId>>;

	/// One page of the active hotspots located under `parent`.
	#[method(name = "hotspotsUnder")]
	fn hotspots_under(
		&self,
		parent: String,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<HotspotPageView>;

	/// One page of the active hotspots located in a latitude/longitude box.
	#[method(name = "hotspotsInBox")]
	fn hotspots_in_box(
		&self,
		bounds: bbox::BoxParam,
		start_after: Option<bbox::BoxCursor>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<bbox::BoxPageView>;

	/// The proof-of-coverage events of the last `blocks` blocks up to `at`, newest first.
	#[method(name = "coverageActivity")]
	fn coverage_activity(
		&self,
		blocks: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<ActivityPageView<BlockNumber>>;
}

/// Checks that `parent` is a cell of resolution 4 to `finest`.
fn listing_parent(parent: &str, finest: u8) -> RpcResult<depin_primitives::H3Cell> {
	let cell = parse_cell("parent", parent)?;
	let resolution = cell.resolution();
	if !(pallet_coverage::DENSITY_MIN_RESOLUTION..=finest).contains(&resolution) {
		return Err(invalid_parameter(
			"parent",
			&format!("{parent:?}"),
			format!("a resolution-{resolution} cell"),
			&format!("a cell of resolution 4 to {finest}"),
		));
	}
	Ok(cell)
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

	fn regions(
		&self,
		start_after: Option<String>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<HexPageView<String>> {
		let start_after = start_after.map(|cell| parse_cell("startAfter", &cell)).transpose()?;
		let at = at_or_best(&*self.client, at);
		let page = self
			.client
			.runtime_api()
			.regions(at, start_after, limit.unwrap_or(pallet_coverage::MAX_PAGE))
			.map_err(|error| runtime_error("CoverageApi::regions", error))?;
		Ok(HexPageView::regions(page))
	}

	fn hexes_under(
		&self,
		parent: String,
		resolution: u8,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<HexPageView<DeviceId>> {
		let cell = listing_parent(&parent, pallet_coverage::DENSITY_MAX_RESOLUTION)?;
		if !(cell.resolution()..=pallet_coverage::DENSITY_MAX_RESOLUTION).contains(&resolution) {
			return Err(invalid_parameter(
				"resolution",
				&resolution.to_string(),
				"outside the parent's resolution to 10",
				&format!("{} to 10", cell.resolution()),
			));
		}
		let at = at_or_best(&*self.client, at);
		let page = self
			.client
			.runtime_api()
			.hexes_under(
				at,
				cell,
				resolution,
				start_after,
				limit.unwrap_or(pallet_coverage::MAX_PAGE),
			)
			.map_err(|error| runtime_error("CoverageApi::hexes_under", error))?
			.ok_or_else(|| runtime_error("CoverageApi::hexes_under", "refused the parent"))?;
		Ok(page.into())
	}

	fn hotspots_under(
		&self,
		parent: String,
		start_after: Option<DeviceId>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<HotspotPageView> {
		let cell = listing_parent(&parent, 15)?;
		let at = at_or_best(&*self.client, at);
		let page = self
			.client
			.runtime_api()
			.hotspots_under(at, cell, start_after, limit.unwrap_or(pallet_coverage::MAX_PAGE))
			.map_err(|error| runtime_error("CoverageApi::hotspots_under", error))?
			.ok_or_else(|| runtime_error("CoverageApi::hotspots_under", "refused the parent"))?;
		Ok(page.into())
	}

	fn hotspots_in_box(
		&self,
		bounds: bbox::BoxParam,
		start_after: Option<bbox::BoxCursor>,
		limit: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<bbox::BoxPageView> {
		let area = bounds.checked()?;
		let at = at_or_best(&*self.client, at);
		let api = self.client.runtime_api();
		let budget = limit.unwrap_or(pallet_coverage::MAX_PAGE).clamp(1, pallet_coverage::MAX_PAGE);
		bbox::scan(
			&area,
			start_after,
			budget,
			|after, limit| {
				api.regions(at, after, limit)
					.map_err(|error| runtime_error("CoverageApi::regions", error))
			},
			|region, after, limit| {
				api.hotspots_under(at, region, after, limit)
					.map_err(|error| runtime_error("CoverageApi::hotspots_under", error))?
					.ok_or_else(|| runtime_error("CoverageApi::hotspots_under", "refused a region"))
			},
		)
	}

	fn coverage_activity(
		&self,
		blocks: Option<u32>,
		at: Option<Block::Hash>,
	) -> RpcResult<ActivityPageView<BlockNumber>> {
		let (default, most) = ACTIVITY_BLOCKS;
		let blocks = blocks.unwrap_or(default);
		if !(1..=most).contains(&blocks) {
			return Err(invalid_parameter(
				"blocks",
				&blocks.to_string(),
				"out of range",
				&format!("1 to {most}"),
			));
		}
		let mut hash = at_or_best(&*self.client, at);
		let header = |hash| {
			self.client
				.header(hash)
				.map_err(|error| runtime_error("header", error))?
				.ok_or_else(|| runtime_error("header", format!("no block {hash:?}")))
		};
		let first = header(hash)?;
		let to: u64 = (*first.number()).unique_saturated_into();
		let mut page = ActivityPageView { blocks: Vec::new(), from: to, to };
		let mut current = first;
		for _ in 0..blocks {
			let api = self.client.runtime_api();
			// Blocks of a runtime before version 2, or whose state is pruned, end the walk.
			let served = api
				.api_version::<dyn CoverageRuntimeApi<Block, BlockNumber>>(hash)
				.ok()
				.flatten()
				.is_some_and(|version| version >= 2);
			let Some(events) = served.then(|| api.activity(hash).ok()).flatten() else { break };
			let number: u64 = (*current.number()).unique_saturated_into();
			page.from = number;
			if !events.is_empty() {
				page.blocks.push(BlockActivityView {
					block: number,
					events: events.into_iter().map(ActivityView::from).collect(),
					hash: format!("{hash:?}"),
				});
			}
			if number == 0 {
				break;
			}
			hash = *current.parent_hash();
			current = header(hash)?;
		}
		Ok(page)
	}
}
