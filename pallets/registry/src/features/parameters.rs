//! The governance-tunable parameters.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Checks `parameters` against the bounds in [`Config`].
	pub(crate) fn ensure_parameters_in_bounds(
		parameters: &ParametersOf<T>,
	) -> Result<(), Error<T>> {
		let max_fee = T::MaxCreditFee::get();
		ensure!(
			parameters.onboarding_fee <= max_fee && parameters.location_fee <= max_fee,
			Error::<T>::FeeTooHigh
		);
		ensure!(parameters.device_bond <= T::MaxDeviceBond::get(), Error::<T>::BondTooHigh);
		ensure!(
			parameters.unbonding_period >= T::MinUnbondingPeriod::get()
				&& parameters.unbonding_period <= T::MaxUnbondingPeriod::get(),
			Error::<T>::UnbondingPeriodOutOfRange
		);
		Ok(())
	}

	/// Sets new parameters after checking their bounds. Bonds of devices already onboarded and
	/// unbonding periods already running are not changed.
	pub(crate) fn do_set_parameters(parameters: ParametersOf<T>) -> DispatchResult {
		Self::ensure_parameters_in_bounds(&parameters)?;
		Parameters::<T>::put(parameters);
		Self::deposit_event(Event::ParametersSet { parameters });
		Ok(())
	}
}
