//! # Registry runtime API
//!
//! The reads a client needs from the device registry, answered by the runtime through `state_call`,
//! and as plain JSON through `pallet-registry-rpc`'s `depin_*` methods: a device by id or by key,
//! an owner's devices one page at a time, the makers and the parameters. The runtime implements it
//! by calling `pallet_registry::Pallet::{device, device_by_key, devices_of, makers, parameters}`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use depin_primitives::{
	DeviceId, DeviceInfo, DeviceKey, MakerId, MakerInfo, RegistryParameters,
};

sp_api::decl_runtime_apis! {
	/// Reads of the device registry.
	pub trait RegistryApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The device with this id, if registered.
		fn device(device: DeviceId) -> Option<DeviceInfo<AccountId, Balance, BlockNumber>>;

		/// The device registered with this key, with its id.
		fn device_by_key(
			key: DeviceKey,
		) -> Option<(DeviceId, DeviceInfo<AccountId, Balance, BlockNumber>)>;

		/// One page of `owner`'s devices: at most `limit` (capped by the runtime's page size),
		/// after the device `start_after`, or from the start when `None`. Pages follow storage
		/// order, not id order: pass the last id of a page to get the next one, and stop when a
		/// page is shorter than asked.
		fn devices_of(
			owner: AccountId,
			start_after: Option<DeviceId>,
			limit: u32,
		) -> Vec<(DeviceId, DeviceInfo<AccountId, Balance, BlockNumber>)>;

		/// Every maker ever approved, revoked ones included.
		fn makers() -> Vec<(MakerId, MakerInfo<AccountId, Balance>)>;

		/// The fees, device bond and unbonding period in force.
		fn parameters() -> RegistryParameters<Balance, BlockNumber>;
	}
}
