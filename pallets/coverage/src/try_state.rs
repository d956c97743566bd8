//! The pallet's invariants, checked by `try_state` and after every unit test.

use crate::*;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the pallet's storage:
	///
	/// - **Activity**: no recorded block is after the current block; a hotspot's last beacon
	///   with a witness is never after its last beacon (both are set by the same report, the
	///   former only when it had a valid witness); no record is empty.
	/// - **Denylist**: no pair denies a device as a witness of its own beacons.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let now = frame_system::Pallet::<T>::block_number();
		for (_, activity) in Activity::<T>::iter() {
			ensure!(activity != ActivityOf::<T>::default(), "an empty activity record is stored");
			for at in [
				activity.last_beacon,
				activity.last_beacon_with_witness,
				activity.last_valid_witness,
			]
			.into_iter()
			.flatten()
			{
				ensure!(at <= now, "an activity record is after the current block");
			}
			if let Some(with_witness) = activity.last_beacon_with_witness {
				ensure!(
					activity.last_beacon.is_some_and(|last| with_witness <= last),
					"a beacon with a witness is recorded after the last beacon"
				);
			}
		}
		for (beaconer, witness, _) in DeniedEdges::<T>::iter() {
			ensure!(beaconer != witness, "a denylisted pair is a self-edge");
		}
		Ok(())
	}
}
