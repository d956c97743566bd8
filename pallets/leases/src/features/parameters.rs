//! The governance-tunable parameters, always within the pallet's bounds.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Checks `parameters` against the bounds documented on the crate.
	pub(crate) fn ensure_parameters_in_bounds(
		parameters: &ParametersOf<T>,
	) -> Result<(), Error<T>> {
		ensure!(
			parameters.heartbeat_period >= MIN_HEARTBEAT_PERIOD.into()
				&& parameters.heartbeat_period <= MAX_HEARTBEAT_PERIOD.into(),
			Error::<T>::HeartbeatPeriodOutOfRange
		);
		ensure!(
			(1..=MAX_MISSED_HEARTBEATS).contains(&parameters.max_missed_heartbeats),
			Error::<T>::MaxMissedOutOfRange
		);
		ensure!(
			parameters.grace_period <= MAX_PERIOD.into()
				&& parameters.notice_period <= MAX_PERIOD.into(),
			Error::<T>::PeriodTooLong
		);
		ensure!(
			parameters.order_expiry >= MIN_ORDER_EXPIRY.into()
				&& parameters.order_expiry <= MAX_PERIOD.into(),
			Error::<T>::OrderExpiryOutOfRange
		);
		ensure!(parameters.bid_bond <= T::MaxBidBond::get(), Error::<T>::BidBondTooHigh);
		ensure!(parameters.order_deposit <= T::MaxBidBond::get(), Error::<T>::OrderDepositTooHigh);
		ensure!(
			parameters.breach_slash <= Perbill::from_percent(MAX_BREACH_SLASH_PERCENT),
			Error::<T>::BreachSlashTooHigh
		);
		ensure!(
			(1..=MAX_ON_IDLE_BATCH).contains(&parameters.on_idle_batch),
			Error::<T>::OnIdleBatchOutOfRange
		);
		Ok(())
	}

	/// Sets new parameters after checking their bounds. Running leases keep their heartbeat
	/// period; bonds already held stay as they are.
	pub(crate) fn do_set_parameters(parameters: ParametersOf<T>) -> DispatchResult {
		Self::ensure_parameters_in_bounds(&parameters)?;
		Parameters::<T>::put(parameters);
		Self::deposit_event(Event::ParametersSet { parameters });
		Ok(())
	}
}
