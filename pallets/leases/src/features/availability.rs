//! Compute availability: a listed GPU device that stayed idle under usable terms through a
//! window proves, with its key, that it is online after the window; its provider earns one
//! share of the compute-availability pool. Authorized by the signature, so devices hold no
//! tokens and pay no fee.

use crate::*;
use depin_primitives::{genesis_hash, payloads::availability_payload, RewardPool};
use frame_support::pallet_prelude::{
	InvalidTransaction, TransactionSource, TransactionValidityError, TransactionValidityWithRefund,
	ValidTransaction, Weight,
};
use sp_runtime::traits::{One, UniqueSaturatedInto};

/// `InvalidTransaction::Custom` codes of availability proofs refused at authorization, after
/// [`super::invalid_codes`]; the other refusals use `BadProof` (signature), `Stale` (a past
/// window or one already paid) and `Future` (a window not yet ended).
pub mod availability_codes {
	/// The device has no offer.
	pub const NOT_LISTED: u8 = 10;
	/// The device is unknown, not active, or changed owner since it was listed.
	pub const DEVICE_NOT_ELIGIBLE: u8 = 11;
	/// The device is leased: its tenant pays for it.
	pub const DEVICE_LEASED: u8 = 12;
	/// The offer's terms are above the availability parameters.
	pub const OFFER_NOT_ELIGIBLE: u8 = 13;
	/// The device was not idle under its terms through the window.
	pub const NOT_IDLE: u8 = 14;
}

impl<T: Config> Pallet<T> {
	/// Checks `parameters`: a window of at least [`MIN_HEARTBEAT_PERIOD`] blocks and shorter
	/// than `BlockHashCount`, so the hash of a window's last block is still kept during the
	/// window after it.
	pub(crate) fn ensure_availability_parameters_in_bounds(
		parameters: &AvailabilityParametersOf<T>,
	) -> Result<(), Error<T>> {
		let kept = <T as frame_system::Config>::BlockHashCount::get();
		ensure!(
			parameters.period >= MIN_HEARTBEAT_PERIOD.into() && parameters.period < kept,
			Error::<T>::AvailabilityPeriodOutOfRange
		);
		Ok(())
	}

	/// Sets new availability parameters after checking their bounds.
	pub(crate) fn do_set_availability_parameters(
		parameters: AvailabilityParametersOf<T>,
	) -> DispatchResult {
		Self::ensure_availability_parameters_in_bounds(&parameters)?;
		AvailabilityParams::<T>::put(parameters);
		Self::deposit_event(Event::AvailabilityParametersSet { parameters });
		Ok(())
	}

	/// Notes that a listed device starts a new idle stretch now: it was listed, its terms
	/// changed, or a lease of it started or closed. Unlisted devices have no record.
	pub(crate) fn restart_idle(device: DeviceId, now: BlockNumberFor<T>) {
		if Offers::<T>::contains_key(device) {
			let proven_until = Availability::<T>::get(device).unwrap_or_default().proven_until;
			Availability::<T>::insert(device, OfferAvailability { idle_since: now, proven_until });
		}
	}

	/// The challenge of a window whose last block is `last`: that block's hash, which nobody
	/// knows before the window ends.
	pub fn availability_challenge(last: BlockNumberFor<T>) -> [u8; 32] {
		let hash = frame_system::Pallet::<T>::block_hash(last);
		<[u8; 32]>::try_from(hash.as_ref()).unwrap_or_default()
	}

	/// The window a block is in, and its first block.
	fn window_at(
		period: BlockNumberFor<T>,
		block: BlockNumberFor<T>,
	) -> (WindowIndex, BlockNumberFor<T>) {
		let index = block / period;
		(index.unique_saturated_into(), index.saturating_mul(period))
	}

	/// Authorizes an availability proof: every rule is checked, the signature last. The
	/// transaction provides (device, window), so the pool keeps one proof a window, and lives
	/// until the window in which it may be submitted ends.
	pub(crate) fn authorize_availability(
		_source: TransactionSource,
		device: &DeviceId,
		window: &WindowIndex,
		signature: &DeviceSignature,
	) -> TransactionValidityWithRefund {
		let (_, period) = Self::check_availability(*device, *window, signature)
			.map_err(|error| Self::invalid_availability(*window, error))?;
		let now = Self::now();
		let (_, current_start) = Self::window_at(period, now);
		let longevity: u64 =
			current_start.saturating_add(period).saturating_sub(now).unique_saturated_into();
		let validity: ValidTransaction = ValidTransaction::with_tag_prefix("DeviceAvailable")
			.priority(T::HeartbeatPriority::get())
			.and_provides((*device, *window))
			.longevity(longevity.max(1))
			.propagate(true)
			.into();
		Ok((validity, Weight::zero()))
	}

	fn invalid_availability(window: WindowIndex, error: Error<T>) -> TransactionValidityError {
		use availability_codes::*;
		let invalid = match error {
			Error::<T>::BadAvailabilitySignature => InvalidTransaction::BadProof,
			Error::<T>::WrongWindow => {
				let period = AvailabilityParams::<T>::get().period;
				let (current, _) = Self::window_at(period, Self::now());
				if window >= current {
					InvalidTransaction::Future
				} else {
					InvalidTransaction::Stale
				}
			}
			Error::<T>::AvailabilityAlreadyProven => InvalidTransaction::Stale,
			Error::<T>::NotListed => InvalidTransaction::Custom(NOT_LISTED),
			Error::<T>::UnknownDevice
			| Error::<T>::DeviceNotActive
			| Error::<T>::OfferOwnerChanged => InvalidTransaction::Custom(DEVICE_NOT_ELIGIBLE),
			Error::<T>::DeviceBusy => InvalidTransaction::Custom(DEVICE_LEASED),
			Error::<T>::OfferNotEligible => InvalidTransaction::Custom(OFFER_NOT_ELIGIBLE),
			Error::<T>::NotIdleThroughWindow => InvalidTransaction::Custom(NOT_IDLE),
			_ => InvalidTransaction::Call,
		};
		TransactionValidityError::Invalid(invalid)
	}

	/// Checks every availability rule, cheapest first, the signature last, and returns the
	/// offer's provider and the window length.
	pub(crate) fn check_availability(
		device: DeviceId,
		window: WindowIndex,
		signature: &DeviceSignature,
	) -> Result<(T::AccountId, BlockNumberFor<T>), Error<T>> {
		let offer = Offers::<T>::get(device).ok_or(Error::<T>::NotListed)?;
		let info = T::Registry::device(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(info.is_active(), Error::<T>::DeviceNotActive);
		ensure!(info.owner == offer.provider, Error::<T>::OfferOwnerChanged);
		let gpus = info.gpu().map(|gpu| gpu.count).ok_or(Error::<T>::NotGpuDevice)?;
		ensure!(!ActiveLeaseOf::<T>::contains_key(device), Error::<T>::DeviceBusy);
		let parameters = AvailabilityParams::<T>::get();
		ensure!(
			offer.terms.price_per_hour
				<= parameters.max_price_per_gpu_hour.saturating_mul(gpus.into())
				&& offer.terms.min_duration <= parameters.max_min_duration,
			Error::<T>::OfferNotEligible
		);
		let period = parameters.period;
		let (current, current_start) = Self::window_at(period, Self::now());
		ensure!(window.checked_add(1) == Some(current), Error::<T>::WrongWindow);
		let window_start = current_start.saturating_sub(period);
		let record = Availability::<T>::get(device).unwrap_or_default();
		ensure!(record.idle_since <= window_start, Error::<T>::NotIdleThroughWindow);
		ensure!(record.proven_until <= window_start, Error::<T>::AvailabilityAlreadyProven);
		let challenge = Self::availability_challenge(current_start.saturating_sub(One::one()));
		let payload = availability_payload(&genesis_hash::<T>(), device, window, &challenge);
		ensure!(info.key.verify(&payload, signature), Error::<T>::BadAvailabilitySignature);
		Ok((offer.provider, period))
	}

	/// Records an availability proof: the window is paid and the provider earns one share of
	/// the current epoch's compute-availability pool.
	pub(crate) fn do_prove_availability(
		device: DeviceId,
		window: WindowIndex,
		signature: &DeviceSignature,
	) -> DispatchResult {
		let (provider, period) = Self::check_availability(device, window, signature)?;
		let (_, current_start) = Self::window_at(period, Self::now());
		let epoch = T::Rewards::current_epoch();
		T::Rewards::note_shares(RewardPool::ComputeAvailability, epoch, &provider, 1)?;
		Availability::<T>::mutate(device, |record| {
			let record = record.get_or_insert_with(Default::default);
			record.proven_until = current_start;
		});
		Self::deposit_event(Event::AvailabilityProven { device, provider, window });
		Ok(())
	}
}
