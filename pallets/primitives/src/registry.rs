//! The device registry as other pallets see it: the [`DeviceRegistry`] trait, the
//! [`DeviceObserver`] hooks, makers and parameters. The payloads that makers and devices sign
//! for onboarding and key rotation are in [`crate::payloads`].

use crate::{
	credits::CreditBalance,
	device::{
		DeviceClass, DeviceId, DeviceInfo, DeviceKey, DeviceStatus, GpuAttributes, ShortString,
		SuspendReason,
	},
	h3::H3Cell,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, DispatchResult, Weight};

/// Onboarding fee at genesis: 4,000,000 credits = 40 USD.
pub const DEFAULT_ONBOARDING_FEE: CreditBalance = 4_000_000;
/// Location assertion fee at genesis: 500,000 credits = 5 USD.
pub const DEFAULT_LOCATION_FEE: CreditBalance = 500_000;

/// Whether a maker may attest new devices.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum MakerStatus {
	/// Approved by governance: its attestations onboard devices.
	Approved,
	/// Revoked by governance: its attestations are refused; devices it onboarded keep working.
	Revoked,
}

/// An approved (or formerly approved) hardware maker.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct MakerInfo<AccountId, Balance> {
	/// The account the maker's bond is held from.
	pub account: AccountId,
	/// The key that signs onboarding attestations.
	pub attestation_key: DeviceKey,
	/// A display name.
	pub name: ShortString,
	/// DPN held from `account` while the maker is approved; zero when no bond is required.
	pub bond: Balance,
	/// Whether the maker may attest new devices.
	pub status: MakerStatus,
	/// How many devices were onboarded with its attestations (saturating).
	pub devices_onboarded: u32,
}

/// The registry's governance-tunable parameters.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct RegistryParameters<Balance, BlockNumber> {
	/// Credits burned to onboard a device.
	pub onboarding_fee: CreditBalance,
	/// Credits burned each time a device's location changes (never when it does not).
	pub location_fee: CreditBalance,
	/// DPN held from the owner for each newly onboarded device. Changing it does not touch the
	/// bonds of devices already onboarded.
	pub device_bond: Balance,
	/// Blocks between retiring a device and being able to withdraw its bond, during which the
	/// bond stays slashable.
	pub unbonding_period: BlockNumber,
}

/// What proof-of-coverage needs to know about a hotspot.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct HotspotView<AccountId> {
	/// The hotspot's owner, who earns its rewards.
	pub owner: AccountId,
	/// The key its beacons and witness receipts are signed with.
	pub key: DeviceKey,
	/// Its lifecycle status; only active hotspots beacon and witness.
	pub status: DeviceStatus,
	/// Its asserted resolution-12 location, if any; only located hotspots beacon and witness.
	pub location: Option<H3Cell>,
	/// Antenna gain in dBi × 10.
	pub gain_dbi_x10: u16,
	/// Antenna height above ground in metres.
	pub elevation_m: i32,
}

/// Hooks the registry calls after every change that other pallets track. Coverage uses them to
/// keep its per-hex counts of active, located hotspots current: a device counts while it is
/// `Active` and has a location.
///
/// Each hook runs inside the registry's dispatch, after the change is written. Hooks must not
/// fail and must fit in [`DeviceObserver::max_weight`], which the registry adds to the weight of
/// every call that notifies. All hooks default to doing nothing.
pub trait DeviceObserver<AccountId> {
	/// A device was onboarded. It is `Active` and has no location yet.
	fn on_onboarded(_device: DeviceId, _owner: &AccountId, _class: DeviceClass) {}

	/// A device's location changed from `from` to `to`. `status` is its (unchanged) status.
	fn on_moved(
		_device: DeviceId,
		_class: DeviceClass,
		_status: DeviceStatus,
		_from: Option<H3Cell>,
		_to: H3Cell,
	) {
	}

	/// An `Active` device was suspended. Not called when a suspended device's reason changes.
	fn on_suspended(
		_device: DeviceId,
		_class: DeviceClass,
		_location: Option<H3Cell>,
		_reason: SuspendReason,
	) {
	}

	/// A suspended device became `Active` again.
	fn on_resumed(_device: DeviceId, _class: DeviceClass, _location: Option<H3Cell>) {}

	/// A device was retired; `was_active` tells whether it was `Active` (rather than suspended)
	/// just before.
	fn on_retired(
		_device: DeviceId,
		_class: DeviceClass,
		_location: Option<H3Cell>,
		_was_active: bool,
	) {
	}

	/// A retired device's bond was withdrawn and its record removed; its id is never reused.
	/// `owner` is its last owner.
	fn on_removed(_device: DeviceId, _owner: &AccountId) {}

	/// A device changed owner.
	fn on_owner_changed(_device: DeviceId, _from: &AccountId, _to: &AccountId) {}

	/// A device's key was rotated; `old` no longer identifies it.
	fn on_key_rotated(_device: DeviceId, _old: &DeviceKey, _new: &DeviceKey) {}

	/// An upper bound on the weight of any one hook call.
	fn max_weight() -> Weight {
		Weight::zero()
	}
}

impl<AccountId> DeviceObserver<AccountId> for () {}

macro_rules! impl_device_observer_for_tuple {
	($($observer:ident),+) => {
		impl<AccountId, $($observer: DeviceObserver<AccountId>),+> DeviceObserver<AccountId>
			for ($($observer,)+)
		{
			fn on_onboarded(device: DeviceId, owner: &AccountId, class: DeviceClass) {
				$($observer::on_onboarded(device, owner, class);)+
			}
			fn on_moved(
				device: DeviceId,
				class: DeviceClass,
				status: DeviceStatus,
				from: Option<H3Cell>,
				to: H3Cell,
			) {
				$($observer::on_moved(device, class, status, from, to);)+
			}
			fn on_suspended(
				device: DeviceId,
				class: DeviceClass,
				location: Option<H3Cell>,
				reason: SuspendReason,
			) {
				$($observer::on_suspended(device, class, location, reason);)+
			}
			fn on_resumed(device: DeviceId, class: DeviceClass, location: Option<H3Cell>) {
				$($observer::on_resumed(device, class, location);)+
			}
			fn on_retired(
				device: DeviceId,
				class: DeviceClass,
				location: Option<H3Cell>,
				was_active: bool,
			) {
				$($observer::on_retired(device, class, location, was_active);)+
			}
			fn on_removed(device: DeviceId, owner: &AccountId) {
				$($observer::on_removed(device, owner);)+
			}
			fn on_owner_changed(device: DeviceId, from: &AccountId, to: &AccountId) {
				$($observer::on_owner_changed(device, from, to);)+
			}
			fn on_key_rotated(device: DeviceId, old: &DeviceKey, new: &DeviceKey) {
				$($observer::on_key_rotated(device, old, new);)+
			}
			fn max_weight() -> Weight {
				Weight::zero()$(.saturating_add($observer::max_weight()))+
			}
		}
	};
}

impl_device_observer_for_tuple!(A);
impl_device_observer_for_tuple!(A, B);
impl_device_observer_for_tuple!(A, B, C);
impl_device_observer_for_tuple!(A, B, C, D);
impl_device_observer_for_tuple!(A, B, C, D, E);
impl_device_observer_for_tuple!(A, B, C, D, E, F);
impl_device_observer_for_tuple!(A, B, C, D, E, F, G);
impl_device_observer_for_tuple!(A, B, C, D, E, F, G, H);

/// A device record as the registry `R` returns it.
pub type RegisteredDevice<R, AccountId> = DeviceInfo<
	AccountId,
	<R as DeviceRegistry<AccountId>>::Balance,
	<R as DeviceRegistry<AccountId>>::BlockNumber,
>;

/// The device registry as coverage, leases and the BME pallet use it.
///
/// Reads are cheap (one storage read each). The three writes (`slash_bond`, `suspend`,
/// `resume`) run inside the caller's dispatch and call the registry's [`DeviceObserver`]s.
pub trait DeviceRegistry<AccountId> {
	/// The native token's balance type, for bonds.
	type Balance;
	/// The block number type.
	type BlockNumber;

	/// The device with this id, if registered.
	fn device(device: DeviceId) -> Option<RegisteredDevice<Self, AccountId>>;

	/// The device registered with this key, with its id.
	fn device_by_key(key: &DeviceKey) -> Option<(DeviceId, RegisteredDevice<Self, AccountId>)>;

	/// The device's owner, if registered.
	fn owner(device: DeviceId) -> Option<AccountId> {
		Self::device(device).map(|info| info.owner)
	}

	/// Whether the device is registered and `Active`.
	fn is_active(device: DeviceId) -> bool {
		Self::device(device).is_some_and(|info| info.is_active())
	}

	/// A GPU device's GPUs; `None` if not registered or not a GPU device.
	fn gpu(device: DeviceId) -> Option<GpuAttributes> {
		Self::device(device).and_then(|info| info.gpu().cloned())
	}

	/// What proof-of-coverage needs about a hotspot; `None` if not registered or not a hotspot.
	fn hotspot(device: DeviceId) -> Option<HotspotView<AccountId>> {
		let info = Self::device(device)?;
		let antenna = *info.hotspot()?;
		Some(HotspotView {
			owner: info.owner,
			key: info.key,
			status: info.status,
			location: info.location,
			gain_dbi_x10: antenna.gain_dbi_x10,
			elevation_m: antenna.elevation_m,
		})
	}

	/// Takes up to `amount` of the device's bond and pays it, as free balance, to `beneficiary`.
	/// Works on active, suspended and retired (still unbonding) devices. Returns the amount
	/// actually taken, which is less than `amount` when the bond is smaller (zero when it is
	/// empty). Does not change the device's status: call [`DeviceRegistry::suspend`] as well if
	/// the device should stop.
	fn slash_bond(
		device: DeviceId,
		amount: Self::Balance,
		beneficiary: &AccountId,
	) -> Result<Self::Balance, DispatchError>;

	/// Suspends the device for `reason`. A suspended device with another reason takes the new
	/// reason. Fails for unknown or retired devices and when already suspended for `reason`.
	fn suspend(device: DeviceId, reason: SuspendReason) -> DispatchResult;

	/// Lifts a suspension, but only one made for `reason`: a pallet lifts its own suspensions and
	/// never governance's. Fails when the device is not suspended or is suspended for another
	/// reason.
	fn resume(device: DeviceId, reason: SuspendReason) -> DispatchResult;
}

/// No devices at all: every read is `None` and every write fails with `CannotLookup`.
impl<AccountId> DeviceRegistry<AccountId> for () {
	type Balance = u128;
	type BlockNumber = u32;

	fn device(_: DeviceId) -> Option<DeviceInfo<AccountId, u128, u32>> {
		None
	}
	fn device_by_key(_: &DeviceKey) -> Option<(DeviceId, DeviceInfo<AccountId, u128, u32>)> {
		None
	}
	fn slash_bond(_: DeviceId, _: u128, _: &AccountId) -> Result<u128, DispatchError> {
		Err(DispatchError::CannotLookup)
	}
	fn suspend(_: DeviceId, _: SuspendReason) -> DispatchResult {
		Err(DispatchError::CannotLookup)
	}
	fn resume(_: DeviceId, _: SuspendReason) -> DispatchResult {
		Err(DispatchError::CannotLookup)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn tuple_observer_weight_is_the_sum() {
		struct Ten;
		impl DeviceObserver<u64> for Ten {
			fn max_weight() -> Weight {
				Weight::from_parts(10, 1)
			}
		}
		assert_eq!(
			<(Ten, Ten, ()) as DeviceObserver<u64>>::max_weight(),
			Weight::from_parts(20, 2)
		);
		assert_eq!(<() as DeviceObserver<u64>>::max_weight(), Weight::zero());
	}
}
