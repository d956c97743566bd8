//! Read accessors, for the runtime API and for other code in the runtime. None of them is
//! called by a dispatchable or a hook; those that scan offers are for off-chain callers only.

use crate::*;
use alloc::vec::Vec;

impl<T: Config> Pallet<T> {
	/// The parameters in force.
	pub fn parameters() -> ParametersOf<T> {
		Parameters::<T>::get()
	}

	/// A device's offer.
	pub fn offer(device: DeviceId) -> Option<OfferOf<T>> {
		Offers::<T>::get(device)
	}

	/// An open order with its bids.
	pub fn order(order: OrderId) -> Option<(OrderOf<T>, Vec<BidOf<T>>)> {
		Orders::<T>::get(order).map(|info| (info, Bids::<T>::get(order).into_inner()))
	}

	/// Whether the listed `device` with `offer` could be leased now for `requirements` and a
	/// term of `duration`: active, owned by the offer's provider, not leased, meeting the
	/// requirements and priced at most their maximum.
	fn offer_matches(
		device: DeviceId,
		offer: &OfferOf<T>,
		requirements: &Requirements,
		duration: &BlockNumberFor<T>,
	) -> bool {
		offer.terms.price_per_hour <= requirements.max_price_per_hour
			&& !ActiveLeaseOf::<T>::contains_key(device)
			&& T::Registry::device(device).is_some_and(|info| {
				info.is_active()
					&& info.owner == offer.provider
					&& info
						.gpu()
						.is_some_and(|gpu| requirements.matches_device(gpu, &offer.terms, duration))
			})
	}

	/// One page of the offers that could be leased now for `requirements` and a term of
	/// `duration`: at most `limit` (capped at [`Config::MaxPageSize`]), scanning after the
	/// device `start_after` (from the beginning when `None`) in storage order. Pass the last
	/// device of a page to get the next; a page shorter than `limit` is the last. Scans until
	/// the page is full: for off-chain callers only.
	pub fn offers_matching(
		requirements: &Requirements,
		duration: BlockNumberFor<T>,
		start_after: Option<DeviceId>,
		limit: u32,
	) -> Vec<(DeviceId, OfferOf<T>)> {
		let limit = limit.min(T::MaxPageSize::get()) as usize;
		let offers = match start_after {
			Some(after) => Offers::<T>::iter_from(Offers::<T>::hashed_key_for(after)),
			None => Offers::<T>::iter(),
		};
		offers
			.filter(|(device, offer)| Self::offer_matches(*device, offer, requirements, &duration))
			.take(limit)
			.collect()
	}

	/// The cheapest offers that could be leased now for `requirements` and a term of
	/// `duration`, at most `limit` (capped at [`Config::MaxPageSize`]), cheapest first, each
	/// with what the whole term costs. Scans every offer: for off-chain callers only.
	pub fn quote(
		requirements: &Requirements,
		duration: BlockNumberFor<T>,
		limit: u32,
	) -> Vec<Quote> {
		let mut quotes: Vec<Quote> = Offers::<T>::iter()
			.filter(|(device, offer)| Self::offer_matches(*device, offer, requirements, &duration))
			.filter_map(|(device, offer)| {
				let price_per_hour = offer.terms.price_per_hour;
				Self::cost(price_per_hour, duration).ok().map(|total_credits| Quote {
					device,
					price_per_hour,
					total_credits,
				})
			})
			.collect();
		quotes.sort_by_key(|quote| (quote.total_credits, quote.device));
		quotes.truncate(limit.min(T::MaxPageSize::get()) as usize);
		quotes
	}

	/// A lease with what it owes as of the current block and the escrow left once that is
	/// settled. Nothing is written.
	pub fn lease_status(lease: LeaseId) -> Option<LeaseStatusOf<T>> {
		let stored = LeaseRecords::<T>::get(lease)?;
		let mut accrued = stored.clone();
		if accrued.state.is_open() {
			let to = Self::now().min(Self::effective_end(&accrued));
			Self::accrue(&mut accrued, to);
		}
		Some(LeaseStatus {
			owed_now: accrued.owed,
			escrow_left: accrued.escrow.saturating_sub(accrued.owed),
			lease: stored,
		})
	}

	/// One page of `provider`'s leases: at most `limit` (capped at [`Config::MaxPageSize`]),
	/// after the lease `start_after` (from the beginning when `None`), in storage order. Pass
	/// the last id of a page to get the next; a page shorter than `limit` is the last.
	pub fn leases_of(
		provider: &T::AccountId,
		start_after: Option<LeaseId>,
		limit: u32,
	) -> Vec<(LeaseId, LeaseOf<T>)> {
		let limit = limit.min(T::MaxPageSize::get()) as usize;
		let ids = match start_after {
			Some(after) => LeasesOf::<T>::iter_key_prefix_from(
				provider,
				LeasesOf::<T>::hashed_key_for(provider, after),
			),
			None => LeasesOf::<T>::iter_key_prefix(provider),
		};
		ids.take(limit)
			.filter_map(|id| LeaseRecords::<T>::get(id).map(|lease| (id, lease)))
			.collect()
	}

	/// `provider`'s earnings: credits settled over all its leases, and what its leases owe now
	/// and have not settled. Reads every lease of the provider (one a device it leases, plus
	/// closed ones awaiting settlement).
	pub fn earnings(provider: &T::AccountId) -> Earnings {
		let pending = LeasesOf::<T>::iter_key_prefix(provider)
			.filter_map(Self::lease_status)
			.fold(0, |total: CreditBalance, status| total.saturating_add(status.owed_now));
		Earnings { settled: ProviderEarnings::<T>::get(provider), pending }
	}

	/// One page of the open orders with their bid counts: at most `limit` (capped at
	/// [`Config::MaxPageSize`]), after the order `start_after` (from the beginning when
	/// `None`), in storage order. A page shorter than `limit` is the last.
	pub fn orders(start_after: Option<OrderId>, limit: u32) -> Vec<(OrderId, OrderOf<T>, u32)> {
		let limit = limit.min(T::MaxPageSize::get()) as usize;
		let orders = match start_after {
			Some(after) => Orders::<T>::iter_from(Orders::<T>::hashed_key_for(after)),
			None => Orders::<T>::iter(),
		};
		orders
			.take(limit)
			.map(|(id, order)| (id, order, Bids::<T>::decode_len(id).unwrap_or(0) as u32))
			.collect()
	}

	/// One page of all leases (open, or closed awaiting settlement): at most `limit` (capped at
	/// [`Config::MaxPageSize`]), after the lease `start_after` (from the beginning when
	/// `None`), in storage order. A page shorter than `limit` is the last.
	pub fn leases(start_after: Option<LeaseId>, limit: u32) -> Vec<(LeaseId, LeaseOf<T>)> {
		let limit = limit.min(T::MaxPageSize::get()) as usize;
		let leases = match start_after {
			Some(after) => LeaseRecords::<T>::iter_from(LeaseRecords::<T>::hashed_key_for(after)),
			None => LeaseRecords::<T>::iter(),
		};
		leases.take(limit).collect()
	}
}
