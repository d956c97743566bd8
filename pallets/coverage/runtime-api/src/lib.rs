//! # Coverage runtime API
//!
//! The reads a client needs from proof-of-coverage, answered by the runtime through
//! `state_call`: a hex's count of active, located hotspots with its transmit scale, a hotspot's
//! last beacon and witness, its shares this epoch and the receipts of it that were refused, and
//! the density table. The runtime implements it by calling
//! `pallet_coverage::Pallet::{hex_coverage, hotspot_coverage}` and reading `DensityRules`.

#![cfg_attr(not(feature = "std"), no_std)]

use codec::Codec;
pub use depin_primitives::{DeviceId, H3Cell};
pub use pallet_coverage::{DensityTable, HexCoverage, HotspotCoverage};

sp_api::decl_runtime_apis! {
	/// Reads of proof-of-coverage.
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
	}
}
