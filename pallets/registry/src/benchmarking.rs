//! Benchmarks of the registry's calls (frame-benchmarking v2).
//!
//! Signatures are made with sr25519 keys generated in the benchmark keystore (sr25519 is the
//! slower of the two schemes to verify). The benchmark CLI provides a keystore; the unit-test
//! suite runs in the mock's externalities, which register one.

#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::Pallet as Registry;
use alloc::vec;
use depin_primitives::{device::MAX_NAME_LEN, GpuAttributes, GpuInterface};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get};
use frame_system::RawOrigin;
use sp_core::{crypto::KeyTypeId, sr25519};

const SEED: u32 = 0;
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"dpin");
/// Two resolution-12 cells (the Statue of Liberty, San Francisco).
const CELL_A: H3Cell = H3Cell(0x08c2a1072b59b9ff);
const CELL_B: H3Cell = H3Cell(0x08c283082800b3ff);

/// An account with DPN for ten device bonds and credits for ten maximal fees.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	let amount = T::MaxDeviceBond::get()
		.saturating_mul(10u32.into())
		.saturating_add(T::Currency::minimum_balance().saturating_mul(1_000u32.into()));
	T::Currency::set_balance(&who, amount);
	T::BenchmarkHelper::fund_credits(&who, T::MaxCreditFee::get().saturating_mul(10));
	who
}

/// The largest fees and bond governance may set, with the shortest unbonding period.
fn worst_case_parameters<T: Config>() -> ParametersOf<T> {
	let parameters = RegistryParameters {
		onboarding_fee: T::MaxCreditFee::get(),
		location_fee: T::MaxCreditFee::get(),
		device_bond: T::MaxDeviceBond::get(),
		unbonding_period: T::MinUnbondingPeriod::get(),
	};
	Parameters::<T>::put(parameters);
	parameters
}

fn new_sr25519_key() -> (sr25519::Public, DeviceKey) {
	let public = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
	(public, DeviceKey::Sr25519(public.0))
}

fn sign(public: &sr25519::Public, message: &[u8]) -> Result<DeviceSignature, BenchmarkError> {
	sp_io::crypto::sr25519_sign(KEY_TYPE, public, message)
		.map(|signature| DeviceSignature::Sr25519(signature.0))
		.ok_or(BenchmarkError::Stop("the benchmark keystore cannot sign"))
}

fn long_name(byte: u8) -> ShortString {
	ShortString::truncate_from(vec![byte; MAX_NAME_LEN as usize])
}

/// The largest attributes: a GPU machine with 32-byte vendor and model names.
fn gpu_attributes() -> DeviceAttributes {
	DeviceAttributes::Gpu(GpuAttributes {
		vendor: long_name(b'v'),
		model: long_name(b'm'),
		vram_gib: 80,
		count: 8,
		interface: GpuInterface::Sxm,
	})
}

fn hotspot_attributes() -> DeviceAttributes {
	DeviceAttributes::Hotspot(HotspotAttributes { gain_dbi_x10: 40, elevation_m: 10 })
}

/// An approved maker with an sr25519 attestation key and the largest bond.
fn approved_maker<T: Config>() -> Result<(MakerId, sr25519::Public), BenchmarkError> {
	let account = funded::<T>("maker", 0);
	let (public, key) = new_sr25519_key();
	let maker =
		Registry::<T>::do_approve_maker(account, key, long_name(b'n'), T::MaxDeviceBond::get())
			.map_err(|_| BenchmarkError::Stop("the maker could not be approved"))?;
	Ok((maker, public))
}

/// Onboards a device with a fresh sr25519 key for `owner` under the worst-case parameters.
fn onboarded<T: Config>(
	owner: &T::AccountId,
	attributes: DeviceAttributes,
) -> Result<DeviceId, BenchmarkError> {
	worst_case_parameters::<T>();
	let (maker, maker_public) = approved_maker::<T>()?;
	let (_, key) = new_sr25519_key();
	let valid_until = valid_until::<T>();
	let payload = onboarding_payload(
		&genesis_hash::<T>(),
		maker,
		&key,
		owner,
		attributes.class(),
		valid_until,
	);
	let attestation = sign(&maker_public, &payload)?;
	Registry::<T>::do_onboard(owner.clone(), key, attributes, maker, valid_until, attestation)
		.map_err(|_| BenchmarkError::Stop("the device could not be onboarded"))
}

/// A deadline no benchmark reaches.
fn valid_until<T: Config>() -> BlockNumberFor<T> {
	u32::MAX.into()
}

fn governance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case: a bond is held from the maker's account and the name is 32 bytes.
	#[benchmark]
	fn approve_maker() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let account = funded::<T>("maker", 0);
		let (_, key) = new_sr25519_key();
		let maker = NextMakerId::<T>::get();

		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			T::Lookup::unlookup(account),
			key,
			long_name(b'n'),
			T::MaxDeviceBond::get(),
		);

		assert!(Makers::<T>::contains_key(maker));
		Ok(())
	}

	/// Worst case: the bond is slashed to another account (a transfer out of a hold, touching
	/// two accounts) rather than released.
	#[benchmark]
	fn revoke_maker() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let (maker, _) = approved_maker::<T>()?;
		let beneficiary = funded::<T>("beneficiary", 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, maker, Some(T::Lookup::unlookup(beneficiary)));

		assert_eq!(Makers::<T>::get(maker).map(|m| m.status), Some(MakerStatus::Revoked));
		Ok(())
	}

	/// Worst case: an sr25519 attestation, GPU attributes with 32-byte names (the largest
	/// record), the largest fee burned and the largest bond held.
	#[benchmark]
	fn onboard_device() -> Result<(), BenchmarkError> {
		worst_case_parameters::<T>();
		let (maker, maker_public) = approved_maker::<T>()?;
		let owner = funded::<T>("owner", 0);
		let (_, key) = new_sr25519_key();
		let valid_until = valid_until::<T>();
		let payload = onboarding_payload(
			&genesis_hash::<T>(),
			maker,
			&key,
			&owner,
			DeviceClass::Gpu,
			valid_until,
		);
		let attestation = sign(&maker_public, &payload)?;
		let device = NextDeviceId::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), key, gpu_attributes(), maker, valid_until, attestation);

		assert_eq!(DeviceByKey::<T>::get(key), Some(device));
		Ok(())
	}

	/// Worst case: a hotspot (antenna checked and stored) moves to a new cell, burning the
	/// largest location fee and notifying the observers.
	#[benchmark]
	fn assert_location() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = onboarded::<T>(&owner, hotspot_attributes())?;
		Registry::<T>::do_assert_location(owner.clone(), device, CELL_A, 40, 10)
			.map_err(|_| BenchmarkError::Stop("the first location was refused"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, CELL_B, 50, 20);

		assert_eq!(Devices::<T>::get(device).and_then(|d| d.location), Some(CELL_B));
		Ok(())
	}

	/// Worst case: an active device is suspended, so the observers are notified.
	#[benchmark]
	fn suspend_device() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let owner = funded::<T>("owner", 0);
		let device = onboarded::<T>(&owner, hotspot_attributes())?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, device, SuspendReason::Governance);

		assert!(!Devices::<T>::get(device).is_some_and(|d| d.is_active()));
		Ok(())
	}

	/// The only case: a suspended device becomes active and the observers are notified.
	#[benchmark]
	fn resume_device() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let owner = funded::<T>("owner", 0);
		let device = onboarded::<T>(&owner, hotspot_attributes())?;
		Registry::<T>::do_suspend(device, SuspendReason::Governance)
			.map_err(|_| BenchmarkError::Stop("the device could not be suspended"))?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, device);

		assert!(Devices::<T>::get(device).is_some_and(|d| d.is_active()));
		Ok(())
	}

	/// Worst case: an active, located device is retired and the observers are notified.
	#[benchmark]
	fn retire_device() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = onboarded::<T>(&owner, hotspot_attributes())?;
		Registry::<T>::do_assert_location(owner.clone(), device, CELL_A, 40, 10)
			.map_err(|_| BenchmarkError::Stop("the location was refused"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device);

		assert_eq!(Devices::<T>::get(device).map(|d| d.status), Some(DeviceStatus::Retired));
		Ok(())
	}

	/// Worst case: a bond is released and the device's record, key and list entry removed.
	#[benchmark]
	fn withdraw_bond() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = onboarded::<T>(&owner, gpu_attributes())?;
		Registry::<T>::do_retire(owner.clone(), device)
			.map_err(|_| BenchmarkError::Stop("the device could not be retired"))?;
		let unbonded = Devices::<T>::get(device)
			.and_then(|d| d.unbonding_until)
			.ok_or(BenchmarkError::Stop("a retired device has an unbonding block"))?;
		frame_system::Pallet::<T>::set_block_number(unbonded);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device);

		assert!(!Devices::<T>::contains_key(device));
		Ok(())
	}

	/// Worst case: a bond moves on hold between two accounts and both owners' lists and counts
	/// change.
	#[benchmark]
	fn transfer_device() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = onboarded::<T>(&owner, gpu_attributes())?;
		let new_owner = funded::<T>("owner", 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, T::Lookup::unlookup(new_owner.clone()));

		assert_eq!(Devices::<T>::get(device).map(|d| d.owner), Some(new_owner));
		Ok(())
	}

	/// Worst case: an sr25519 proof of possession by the new key.
	#[benchmark]
	fn rotate_device_key() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let device = onboarded::<T>(&owner, gpu_attributes())?;
		let (public, new_key) = new_sr25519_key();
		let proof = sign(&public, &rotation_payload(&genesis_hash::<T>(), device, &new_key))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, new_key, proof);

		assert_eq!(DeviceByKey::<T>::get(new_key), Some(device));
		Ok(())
	}

	/// The only case: bounds checked and one value written.
	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let parameters = RegistryParameters {
			onboarding_fee: T::MaxCreditFee::get(),
			location_fee: T::MaxCreditFee::get(),
			device_bond: T::MaxDeviceBond::get(),
			unbonding_period: T::MaxUnbondingPeriod::get(),
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, parameters);

		assert_eq!(Parameters::<T>::get(), parameters);
		Ok(())
	}

	/// Worst case: the whole bond moves out of the owner's hold to another account.
	#[benchmark]
	fn slash_device_bond() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let owner = funded::<T>("owner", 0);
		let device = onboarded::<T>(&owner, gpu_attributes())?;
		let beneficiary = funded::<T>("beneficiary", 0);
		let bond = T::MaxDeviceBond::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, device, bond, T::Lookup::unlookup(beneficiary));

		assert!(Devices::<T>::get(device).is_some_and(|d| d.bond.is_zero()));
		Ok(())
	}

	impl_benchmark_test_suite!(
		Registry,
		crate::mock::ExtBuilder::default().without_makers().build(),
		crate::mock::Test
	);
}
