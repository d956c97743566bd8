//! What the runtime API answers: payers, a hotspot's data transfer and rewards.

use crate::*;
use alloc::vec::Vec;

impl<T: Config> Pallet<T> {
	/// A payer, with its price in force and its traffic this epoch.
	pub fn payer_view(
		payer: PayerId,
	) -> Option<PayerView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let info = Payers::<T>::get(payer)?;
		let now = frame_system::Pallet::<T>::block_number();
		Some(PayerView {
			id: payer,
			price_now: info.price_at(now),
			traffic: Self::payer_traffic(payer, Self::current_epoch()),
			info,
		})
	}

	/// Up to `limit` payers from id `from` on.
	pub fn payers(
		from: PayerId,
		limit: u32,
	) -> Vec<PayerView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		(from..NextPayerId::<T>::get()).take(limit as usize).filter_map(Self::payer_view).collect()
	}

	/// A hotspot's data transfer this epoch and the last, and the reward the last epoch's
	/// earns once its basis is fixed.
	pub fn hotspot_usage(hotspot: DeviceId) -> HotspotUsageView {
		let epoch = Self::current_epoch();
		let this_epoch = HotspotUsage::<T>::get(epoch, hotspot).unwrap_or_default();
		let last = epoch.checked_sub(1);
		let last_epoch =
			last.and_then(|last| HotspotUsage::<T>::get(last, hotspot)).unwrap_or_default();
		let last_epoch_reward = LastBasis::<T>::get()
			.filter(|basis| Some(basis.epoch) == last)
			.map(|basis| Self::reward_of(&basis, &last_epoch));
		HotspotUsageView { epoch, this_epoch, last_epoch, last_epoch_reward }
	}
}
