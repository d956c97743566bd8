//! Demand-weighted coverage: each hex's paid traffic in an epoch sets the weight of the
//! coverage rewards its hotspots earned in that epoch.

use crate::*;
use depin_primitives::DemandWeight;
use sp_runtime::Perbill;

impl<T: Config> Pallet<T> {
	/// The hex `location` is counted in for `epoch` (at the epoch's demand resolution, or the
	/// current parameter's when the epoch carried no traffic), its paid bytes and its coverage
	/// weight.
	pub fn hex_demand(epoch: EpochIndex, location: H3Cell) -> Option<HexDemandView> {
		let parameters = Parameters::<T>::get();
		let resolution = EpochTotals::<T>::get(epoch)
			.map_or(parameters.demand_resolution, |totals| totals.demand_resolution);
		let hex = location.parent(resolution)?;
		let bytes = HexDemand::<T>::get(epoch, hex).unwrap_or(0);
		Some(HexDemandView {
			hex,
			epoch,
			bytes,
			coverage_weight: parameters.coverage_weight(bytes),
		})
	}
}

impl<T: Config> DemandWeight for Pallet<T> {
	fn coverage_weight(epoch: EpochIndex, location: H3Cell) -> Perbill {
		Self::hex_demand(epoch, location).map_or(Perbill::one(), |view| view.coverage_weight)
	}
}
