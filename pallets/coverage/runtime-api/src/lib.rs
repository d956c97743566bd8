//! # Coverage runtime API
//!
//! The reads a client needs from proof-of-coverage, answered by the runtime through
//! `state_call`: a hex's count of active, located hotspots with its transmit scale, a hotspot's
//! last beacon and witness, its shares this epoch and the receipts of it that were refused, and
//! the density table; and, since version 2, the explorer's paged listings (regions, hexes and
//! hotspots under a hex) and a block's coverage activity. The runtime implements it by calling
//! `pallet_coverage::Pallet::{hex_coverage, hotspot_coverage, regions, hexes_under,
//! hotspots_under, activity_of}` and reading `DensityRules` and the block's events.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use depin_primitives::{DeviceId, H3Cell};
pub use pallet_coverage::{
	CoverageActivity, DensityTable, HexCoverage, HexPage, HotspotCoverage, HotspotPage, MAX_PAGE,
};

sp_api::decl_runtime_apis! {
	/// Reads of proof-of-coverage.
	#[api_version(2)]
	pub trait CoverageApi<BlockNumber>
	where
		BlockNumber: Codec,
	{
		/// The coverage of a hex at any resolution; `None` for an invalid cell.
		fn hex_coverage(hex: H3Cell) -> Option<HexCoverage>;

		/// A hotspot's proof-of-coverage record (empty for a device that never took part).
		fn hotspot_coverage(device: DeviceId) -> HotspotCoverage<BlockNumber>;

		/// The hex-density table of resolutions 4 to 10.
		fn density_rules() -> DensityTable;

		/// One page of the resolution-4 hexes holding counted hotspots, with their counts: at
		/// most `limit` (capped at [`MAX_PAGE`]) after `start_after`, in storage order.
		#[api_version(2)]
		fn regions(start_after: Option<H3Cell>, limit: u32) -> HexPage<H3Cell>;

		/// One page of the hexes at `resolution` under `parent` holding counted hotspots, from
		/// at most `limit` hotspots of `parent`'s region after `start_after`; `None` unless
		/// `parent` is valid, of resolution 4 to 10, and `resolution` is between it and 10.
		#[api_version(2)]
		fn hexes_under(
			parent: H3Cell,
			resolution: u8,
			start_after: Option<DeviceId>,
			limit: u32,
		) -> Option<HexPage<DeviceId>>;

		/// One page of the counted hotspots under `parent` (resolution 4 to 15) with their
		/// locations, from at most `limit` hotspots of its region after `start_after`.
		#[api_version(2)]
		fn hotspots_under(
			parent: H3Cell,
			start_after: Option<DeviceId>,
			limit: u32,
		) -> Option<HotspotPage>;

		/// The block's proof-of-coverage activity, from its events.
		#[api_version(2)]
		fn activity() -> Vec<CoverageActivity<BlockNumber>>;
	}
}
