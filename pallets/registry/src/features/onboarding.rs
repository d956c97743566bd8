//! Onboarding a device under a maker's attestation.

use crate::*;

impl<T: Config> Pallet<T> {
	/// The pallet error for an attribute the primitives refused.
	pub(crate) fn attribute_error(error: AttributeError) -> Error<T> {
		match error {
			AttributeError::AntennaGainOutOfRange => Error::<T>::InvalidAntennaGain,
			AttributeError::ElevationOutOfRange => Error::<T>::InvalidElevation,
			AttributeError::EmptyGpuName
			| AttributeError::ZeroVram
			| AttributeError::GpuCountOutOfRange => Error::<T>::InvalidGpuAttributes,
			AttributeError::ZeroCapacity => Error::<T>::InvalidStorageAttributes,
			AttributeError::EmptySensorKind => Error::<T>::InvalidSensorAttributes,
		}
	}

	/// Refuses a key that is registered ([`Error::DeviceKeyTaken`]) or ever was
	/// ([`Error::DeviceKeyRetired`]).
	pub(crate) fn ensure_key_never_registered(key: &DeviceKey) -> DispatchResult {
		ensure!(!DeviceByKey::<T>::contains_key(key), Error::<T>::DeviceKeyTaken);
		ensure!(!RetiredKeys::<T>::contains_key(key), Error::<T>::DeviceKeyRetired);
		Ok(())
	}

	/// Onboards a device for `owner`. Every check runs before anything is charged or written:
	/// attributes, key never registered, the attestation's deadline, the maker's standing and
	/// signature, the owner's device limit, credits for the fee and balance for the bond.
	/// Returns the new device's id.
	pub(crate) fn do_onboard(
		owner: T::AccountId,
		key: DeviceKey,
		attributes: DeviceAttributes,
		maker: MakerId,
		valid_until: BlockNumberFor<T>,
		attestation: DeviceSignature,
	) -> Result<DeviceId, DispatchError> {
		attributes.validate().map_err(Self::attribute_error)?;
		Self::ensure_key_never_registered(&key)?;
		ensure!(
			frame_system::Pallet::<T>::block_number() <= valid_until,
			Error::<T>::AttestationExpired
		);

		let mut maker_info = Makers::<T>::get(maker).ok_or(Error::<T>::UnknownMaker)?;
		ensure!(maker_info.status == MakerStatus::Approved, Error::<T>::MakerRevoked);
		let class = attributes.class();
		let payload =
			onboarding_payload(&genesis_hash::<T>(), maker, &key, &owner, class, valid_until);
		ensure!(
			maker_info.attestation_key.verify(&payload, &attestation),
			Error::<T>::BadAttestation
		);

		let owned = OwnerDeviceCount::<T>::get(&owner);
		ensure!(owned < T::MaxDevicesPerOwner::get(), Error::<T>::TooManyDevices);

		let parameters = Parameters::<T>::get();
		let fee = parameters.onboarding_fee;
		let bond = parameters.device_bond;
		T::Credits::ensure_can_spend(&owner, fee).map_err(|_| Error::<T>::InsufficientCredits)?;
		let reason: T::RuntimeHoldReason = HoldReason::DeviceBond.into();
		if !bond.is_zero() {
			T::Currency::ensure_can_hold(&reason, &owner, bond)
				.map_err(|_| Error::<T>::InsufficientBondBalance)?;
		}

		let device = NextDeviceId::<T>::get();
		let next_device = device.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let device_count =
			DeviceCount::<T>::get().checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let owned = owned.checked_add(1).ok_or(ArithmeticError::Overflow)?;

		// Every check passed: charge, then write.
		T::Credits::spend(&owner, fee)?;
		if !bond.is_zero() {
			T::Currency::hold(&reason, &owner, bond)?;
		}

		maker_info.devices_onboarded = maker_info.devices_onboarded.saturating_add(1);
		Makers::<T>::insert(maker, maker_info);
		Devices::<T>::insert(
			device,
			DeviceInfo {
				owner: owner.clone(),
				key,
				maker,
				attributes,
				status: DeviceStatus::Active,
				location: None,
				location_asserts: 0,
				bond,
				onboarded_at: frame_system::Pallet::<T>::block_number(),
				unbonding_until: None,
			},
		);
		DeviceByKey::<T>::insert(key, device);
		DevicesOf::<T>::insert(&owner, device, ());
		OwnerDeviceCount::<T>::insert(&owner, owned);
		NextDeviceId::<T>::put(next_device);
		DeviceCount::<T>::put(device_count);

		T::Observer::on_onboarded(device, &owner, class);
		Self::deposit_event(Event::DeviceOnboarded { device, owner, maker, class, key, fee, bond });
		Ok(device)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// Benchmark setup for the pallets that use the registry: registers an `Active` hotspot of
	/// `owner` with `key`, located at `location` (4 dBi, 10 m), with no maker check, fee or
	/// bond, and notifies the observers as onboarding and a location assertion would.
	pub fn benchmark_register_hotspot(
		owner: &T::AccountId,
		key: DeviceKey,
		location: H3Cell,
	) -> DeviceId {
		let attributes =
			DeviceAttributes::Hotspot(HotspotAttributes { gain_dbi_x10: 40, elevation_m: 10 });
		let device = Self::benchmark_insert(owner, key, attributes, Zero::zero());
		Devices::<T>::mutate(device, |info| {
			if let Some(info) = info {
				info.location = Some(location);
				info.location_asserts = 1;
			}
		});
		T::Observer::on_moved(device, DeviceClass::Hotspot, DeviceStatus::Active, None, location);
		device
	}

	/// Benchmark setup: registers an `Active` device of `owner` with `key` and `attributes`,
	/// holding `bond` from the owner (who must have it), with no maker check or fee.
	pub fn benchmark_register_device(
		owner: &T::AccountId,
		key: DeviceKey,
		attributes: DeviceAttributes,
		bond: BalanceOf<T>,
	) -> DeviceId {
		if !bond.is_zero() {
			let reason: T::RuntimeHoldReason = HoldReason::DeviceBond.into();
			// Benchmarks fund the owner first; a failure here shows in the benchmark's checks.
			let _ = T::Currency::hold(&reason, owner, bond);
		}
		Self::benchmark_insert(owner, key, attributes, bond)
	}

	fn benchmark_insert(
		owner: &T::AccountId,
		key: DeviceKey,
		attributes: DeviceAttributes,
		bond: BalanceOf<T>,
	) -> DeviceId {
		let device = NextDeviceId::<T>::get();
		let class = attributes.class();
		Devices::<T>::insert(
			device,
			DeviceInfo {
				owner: owner.clone(),
				key,
				maker: 0,
				attributes,
				status: DeviceStatus::Active,
				location: None,
				location_asserts: 0,
				bond,
				onboarded_at: frame_system::Pallet::<T>::block_number(),
				unbonding_until: None,
			},
		);
		DeviceByKey::<T>::insert(key, device);
		DevicesOf::<T>::insert(owner, device, ());
		OwnerDeviceCount::<T>::mutate(owner, |count| *count = count.saturating_add(1));
		NextDeviceId::<T>::put(device.saturating_add(1));
		DeviceCount::<T>::mutate(|count| *count = count.saturating_add(1));
		T::Observer::on_onboarded(device, owner, class);
		device
	}
}
