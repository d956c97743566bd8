//! Approving and revoking hardware makers.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Approves a maker with `attestation_key`, holding `bond` from `account` (none when zero).
	/// Returns the new maker's id.
	pub(crate) fn do_approve_maker(
		account: T::AccountId,
		attestation_key: DeviceKey,
		name: ShortString,
		bond: BalanceOf<T>,
	) -> Result<MakerId, DispatchError> {
		let maker = NextMakerId::<T>::get();
		ensure!(maker < T::MaxMakers::get(), Error::<T>::TooManyMakers);
		let next_maker = maker.checked_add(1).ok_or(ArithmeticError::Overflow)?;

		if !bond.is_zero() {
			let reason: T::RuntimeHoldReason = HoldReason::MakerBond.into();
			T::Currency::ensure_can_hold(&reason, &account, bond)
				.map_err(|_| Error::<T>::InsufficientBondBalance)?;
			T::Currency::hold(&reason, &account, bond)?;
		}

		Makers::<T>::insert(
			maker,
			MakerInfo {
				account: account.clone(),
				attestation_key,
				name,
				bond,
				status: MakerStatus::Approved,
				devices_onboarded: 0,
			},
		);
		NextMakerId::<T>::put(next_maker);

		Self::deposit_event(Event::MakerApproved { maker, account, attestation_key, bond });
		Ok(maker)
	}

	/// Revokes `maker`: its bond is released to it, or paid to `slash_to` when given. Devices it
	/// attested are not touched.
	pub(crate) fn do_revoke_maker(
		maker: MakerId,
		slash_to: Option<T::AccountId>,
	) -> DispatchResult {
		let mut info = Makers::<T>::get(maker).ok_or(Error::<T>::UnknownMaker)?;
		ensure!(info.status == MakerStatus::Approved, Error::<T>::MakerRevoked);

		let bond = info.bond;
		if !bond.is_zero() {
			let reason: T::RuntimeHoldReason = HoldReason::MakerBond.into();
			match &slash_to {
				Some(beneficiary) => {
					T::Currency::transfer_on_hold(
						&reason,
						&info.account,
						beneficiary,
						bond,
						Precision::Exact,
						Restriction::Free,
						Fortitude::Force,
					)?;
				}
				None => {
					T::Currency::release(&reason, &info.account, bond, Precision::Exact)?;
				}
			}
		}

		info.status = MakerStatus::Revoked;
		info.bond = Zero::zero();
		Makers::<T>::insert(maker, info);

		Self::deposit_event(Event::MakerRevoked { maker, bond, slashed_to: slash_to });
		Ok(())
	}
}
