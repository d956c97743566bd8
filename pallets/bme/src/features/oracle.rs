//! The DPN/USD price oracle: governance-approved feeders, their submissions and the price in
//! force: credits are minted at the lower median of the fresh submissions and settlements mint
//! DPN at the upper median, each the direction that favours the protocol, refused when the two
//! are further apart than `max_price_spread`.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Adds `feeder` to the feeders, without a submission yet.
	pub(crate) fn do_add_feeder(feeder: T::AccountId) -> DispatchResult {
		Feeders::<T>::try_mutate(|feeders| -> DispatchResult {
			ensure!(
				!feeders.iter().any(|record| record.account == feeder),
				Error::<T>::AlreadyFeeder
			);
			feeders
				.try_push(Feeder { account: feeder.clone(), submission: None })
				.map_err(|_| Error::<T>::TooManyFeeders)?;
			Ok(())
		})?;
		Self::deposit_event(Event::FeederAdded { feeder });
		Ok(())
	}

	/// Removes `feeder` and its submission.
	pub(crate) fn do_remove_feeder(feeder: T::AccountId) -> DispatchResult {
		Feeders::<T>::try_mutate(|feeders| -> DispatchResult {
			let index = feeders
				.iter()
				.position(|record| record.account == feeder)
				.ok_or(Error::<T>::NotFeeder)?;
			feeders.remove(index);
			Ok(())
		})?;
		Self::deposit_event(Event::FeederRemoved { feeder });
		Ok(())
	}

	/// Records `feeder`'s submission of `price` at the current block, replacing its previous
	/// one.
	pub(crate) fn do_submit_price(feeder: T::AccountId, price: Price) -> DispatchResult {
		ensure!(!price.is_zero(), Error::<T>::ZeroPrice);
		let at = frame_system::Pallet::<T>::block_number();
		Feeders::<T>::try_mutate(|feeders| -> DispatchResult {
			let record = feeders
				.iter_mut()
				.find(|record| record.account == feeder)
				.ok_or(Error::<T>::NotFeeder)?;
			record.submission = Some(PriceSubmission { price, at });
			Ok(())
		})?;
		Self::deposit_event(Event::PriceSubmitted { feeder, price });
		let parameters = Parameters::<T>::get();
		let price = Self::price_with(&parameters);
		if let Some(price) = price.filter(|price| !price.is_within(parameters.max_price_spread)) {
			Self::deposit_event(Event::PriceSpreadTooWide {
				credit_price: price.credit_price,
				settlement_price: price.settlement_price,
			});
		}
		Ok(())
	}

	/// The submissions at most `max_price_age` blocks old, with their feeders.
	pub(crate) fn fresh_submissions(
		feeders: &[FeederOf<T>],
		parameters: &ParametersOf<T>,
	) -> Vec<(T::AccountId, PriceSubmission<BlockNumberFor<T>>)> {
		let now = frame_system::Pallet::<T>::block_number();
		feeders
			.iter()
			.filter_map(|record| {
				let submission = record.submission?;
				(now.saturating_sub(submission.at) <= parameters.max_price_age)
					.then(|| (record.account.clone(), submission))
			})
			.collect()
	}

	/// The price computed from `prices`: `None` when there are fewer than `min_feeders` (or
	/// none at all).
	pub(crate) fn aggregate(mut prices: Vec<Price>, min_feeders: u32) -> Option<OraclePrice> {
		let sources = u32::try_from(prices.len()).ok()?;
		if sources == 0 || sources < min_feeders {
			return None;
		}
		prices.sort();
		let credit_price = *prices.get((prices.len() - 1) / 2)?;
		let settlement_price = *prices.get(prices.len() / 2)?;
		let (low, high) = (credit_price.into_inner(), settlement_price.into_inner());
		// The mean of the two middle prices, rounded down, without overflowing.
		let median = Price::from_inner(low / 2 + high / 2 + (low % 2 + high % 2) / 2);
		let spread = prices.last()?.saturating_sub(*prices.first()?);
		Some(OraclePrice { median, spread, credit_price, settlement_price, sources })
	}

	/// The price in force now: the credit and settlement prices of the fresh submissions, their
	/// median and spread; `None` when fewer than `min_feeders` submissions are fresh.
	pub fn price_in_force() -> Option<OraclePrice> {
		Self::price_with(&Parameters::<T>::get())
	}

	/// The price in force under `parameters` (read once by the caller).
	fn price_with(parameters: &ParametersOf<T>) -> Option<OraclePrice> {
		let feeders = Feeders::<T>::get();
		let prices = Self::fresh_submissions(&feeders, parameters)
			.into_iter()
			.map(|(_, submission)| submission.price)
			.collect();
		Self::aggregate(prices, parameters.min_feeders)
	}

	/// The price in force if its two conversion prices are within `max_price_spread` of each
	/// other: [`Error::NoPrice`] without one, [`Error::PriceTooUncertain`] when too wide.
	pub(crate) fn usable_price() -> Result<OraclePrice, Error<T>> {
		let parameters = Parameters::<T>::get();
		let price = Self::price_with(&parameters).ok_or(Error::<T>::NoPrice)?;
		ensure!(
			!price.credit_price.is_zero() && price.is_within(parameters.max_price_spread),
			Error::<T>::PriceTooUncertain
		);
		Ok(price)
	}

	/// The price credits are minted at: the lower median, when the price is usable.
	pub(crate) fn credit_price() -> Result<Price, Error<T>> {
		Ok(Self::usable_price()?.credit_price)
	}

	/// The price usage settlements mint DPN at: the upper median, when the price is usable.
	pub(crate) fn settlement_price() -> Result<Price, Error<T>> {
		Ok(Self::usable_price()?.settlement_price)
	}
}
