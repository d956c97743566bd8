//! # Usage runtime API
//!
//! The reads a client needs from data-transfer rewards, answered by the runtime through
//! `state_call`: payers (their price, escrow and traffic this epoch), a hotspot's data
//! transfer this epoch and the last with the reward the last one earns, a hex's paid traffic
//! and coverage weight in an epoch, and the parameters. The runtime implements it by calling
//! `pallet_usage::Pallet::{payer_view, payers, hotspot_usage, hex_demand}` and reading
//! `Parameters`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use depin_primitives::{DeviceId, EpochIndex, H3Cell};
pub use pallet_usage::{HexDemandView, HotspotUsageView, PayerId, PayerView, UsageParameters};

sp_api::decl_runtime_apis! {
	/// Reads of data-transfer rewards.
	pub trait UsageApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// A payer, or `None` for an unknown id.
		fn payer(id: PayerId) -> Option<PayerView<AccountId, Balance, BlockNumber>>;

		/// Up to `limit` payers (at most 100) from id `from` on.
		fn payers(from: PayerId, limit: u32) -> Vec<PayerView<AccountId, Balance, BlockNumber>>;

		/// A hotspot's data transfer this epoch and the last, and the last one's reward.
		fn hotspot_usage(device: DeviceId) -> HotspotUsageView;

		/// The demand of the hex a location is counted in for `epoch` (the current epoch when
		/// `None`), or `None` for an invalid cell.
		fn hex_demand(location: H3Cell, epoch: Option<EpochIndex>) -> Option<HexDemandView>;

		/// The parameters in force.
		fn parameters() -> UsageParameters;
	}
}
