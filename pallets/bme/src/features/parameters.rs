//! The governance-tunable parameters, always within the bounds of `Config`.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Checks `parameters` against the bounds in [`Config`].
	pub(crate) fn ensure_parameters_in_bounds(
		parameters: &ParametersOf<T>,
	) -> Result<(), Error<T>> {
		ensure!(
			!parameters.max_price_age.is_zero()
				&& parameters.max_price_age <= T::MaxPriceAgeLimit::get(),
			Error::<T>::PriceAgeOutOfRange
		);
		ensure!(
			parameters.min_feeders >= 1 && parameters.min_feeders <= T::MaxFeeders::get(),
			Error::<T>::MinFeedersOutOfRange
		);
		ensure!(
			parameters.max_credits_per_window <= T::MaxCreditsPerWindowLimit::get(),
			Error::<T>::CreditsPerWindowTooHigh
		);
		ensure!(
			parameters.epoch_length >= T::MinEpochLength::get()
				&& parameters.epoch_length <= T::MaxEpochLength::get(),
			Error::<T>::EpochLengthOutOfRange
		);
		ensure!(
			parameters.initial_emission <= T::MaxEmissionPerEpoch::get()
				&& parameters.net_emissions_cap <= T::MaxEmissionPerEpoch::get(),
			Error::<T>::EmissionTooHigh
		);
		ensure!(parameters.halving_interval > 0, Error::<T>::HalvingIntervalZero);
		ensure!(parameters.split.is_whole(), Error::<T>::SplitNotWhole);
		ensure!(
			parameters.protocol_fee <= T::MaxProtocolFee::get(),
			Error::<T>::ProtocolFeeTooHigh
		);
		ensure!(
			parameters.max_settlement_mint_per_epoch <= T::MaxSettlementMintLimit::get(),
			Error::<T>::SettlementCapTooHigh
		);
		Ok(())
	}

	/// Sets new parameters after checking their bounds.
	pub(crate) fn do_set_parameters(parameters: ParametersOf<T>) -> DispatchResult {
		Self::ensure_parameters_in_bounds(&parameters)?;
		Parameters::<T>::put(parameters);
		Self::deposit_event(Event::ParametersSet { parameters });
		Ok(())
	}
}
