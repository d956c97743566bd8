//! Offers: an owner lists, changes or withdraws one of its GPU devices.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Checks an offer's terms: a price in 1..=[`MAX_PRICE_PER_HOUR`], `1 ≤ min ≤ max` and a
	/// non-empty region.
	pub(crate) fn ensure_valid_terms(terms: &OfferTermsOf<T>) -> DispatchResult {
		Self::ensure_valid_price(terms.price_per_hour)?;
		ensure!(
			!terms.min_duration.is_zero() && terms.min_duration <= terms.max_duration,
			Error::<T>::InvalidDuration
		);
		ensure!(!terms.region.is_empty(), Error::<T>::InvalidRegion);
		Ok(())
	}

	/// Checks a price per hour is in 1..=[`MAX_PRICE_PER_HOUR`].
	pub(crate) fn ensure_valid_price(price: CreditBalance) -> DispatchResult {
		ensure!(price > 0 && price <= MAX_PRICE_PER_HOUR, Error::<T>::InvalidPrice);
		Ok(())
	}

	/// Lists `device` for `who`. An offer left by a previous owner is replaced.
	pub(crate) fn do_list_offer(
		who: T::AccountId,
		device: DeviceId,
		terms: OfferTermsOf<T>,
	) -> DispatchResult {
		let info = T::Registry::device(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(info.owner == who, Error::<T>::NotDeviceOwner);
		ensure!(info.gpu().is_some(), Error::<T>::NotGpuDevice);
		ensure!(info.is_active(), Error::<T>::DeviceNotActive);
		ensure!(
			Offers::<T>::get(device).is_none_or(|offer| offer.provider != who),
			Error::<T>::AlreadyListed
		);
		Self::ensure_valid_terms(&terms)?;
		Offers::<T>::insert(device, Offer { provider: who.clone(), terms: terms.clone() });
		Self::restart_idle(device, Self::now());
		Self::deposit_event(Event::OfferListed { device, provider: who, terms });
		Ok(())
	}

	/// Replaces a listed device's terms; the caller, its owner, becomes the offer's provider.
	pub(crate) fn do_update_offer(
		who: T::AccountId,
		device: DeviceId,
		terms: OfferTermsOf<T>,
	) -> DispatchResult {
		ensure!(Offers::<T>::contains_key(device), Error::<T>::NotListed);
		let owner = T::Registry::owner(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(owner == who, Error::<T>::NotDeviceOwner);
		Self::ensure_valid_terms(&terms)?;
		Offers::<T>::insert(device, Offer { provider: who, terms: terms.clone() });
		Self::restart_idle(device, Self::now());
		Self::deposit_event(Event::OfferUpdated { device, terms });
		Ok(())
	}

	/// Removes a device's offer. The owner may always; anyone may once the device is gone from
	/// the registry.
	pub(crate) fn do_withdraw_offer(who: T::AccountId, device: DeviceId) -> DispatchResult {
		ensure!(Offers::<T>::contains_key(device), Error::<T>::NotListed);
		if let Some(owner) = T::Registry::owner(device) {
			ensure!(owner == who, Error::<T>::NotDeviceOwner);
		}
		Offers::<T>::remove(device);
		Availability::<T>::remove(device);
		Self::deposit_event(Event::OfferWithdrawn { device });
		Ok(())
	}
}
