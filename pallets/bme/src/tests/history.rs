//! The epoch history: every ended epoch's books (price, credits, burns, mints, pools,
//! issuance), kept for the last `EPOCH_HISTORY` epochs and read newest first.

use crate::{mock::*, *};
use frame_support::assert_ok;

#[test]
fn every_ended_epoch_keeps_its_books() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), 50 * DPN, None));
		let credits_minted = TotalCreditsMinted::<Test>::get();
		assert!(credits_minted > 0);
		run_to_block(9);
		let price = Bme::price_in_force().map(|price| price.credit_price);
		assert!(price.is_some());
		run_to_epoch(1);

		let record = EpochHistory::<Test>::get(0).expect("epoch 0 ended");
		assert_eq!(record.ended_at, 10);
		assert_eq!(record.credit_price, price);
		assert_eq!(record.credits_minted, Some(credits_minted), "counted from genesis");
		assert_eq!(record.credits_minted_total, credits_minted);
		assert_eq!(record.burned, 50 * DPN);
		assert_eq!((record.base_emission, record.reminted), (INITIAL_EMISSION, 0));
		assert_eq!(record.minted, INITIAL_EMISSION, "everything scheduled was minted");
		assert_eq!(
			record.coverage_pool
				+ record.compute_availability_pool
				+ record.validators_pool
				+ record.data_transfer_budget
				+ record.treasury,
			INITIAL_EMISSION
		);
		assert_eq!(record.total_issuance, issuance());

		// Epoch 1 burns nothing, mints no credits and re-mints epoch 0's burn.
		run_to_epoch(2);
		let record = EpochHistory::<Test>::get(1).expect("epoch 1 ended");
		assert_eq!(record.credits_minted, Some(0));
		assert_eq!(record.burned, 0);
		assert_eq!(record.reminted, 50 * DPN);
		assert_eq!(record.minted, INITIAL_EMISSION + 50 * DPN);
		assert_eq!(record.total_issuance, issuance());
	});
}

#[test]
fn the_history_keeps_only_the_last_epochs() {
	ExtBuilder::default().build_and_execute(|| {
		let ended = EPOCH_HISTORY + 2;
		run_to_epoch(ended);
		assert_eq!(EpochHistory::<Test>::iter_keys().count(), EPOCH_HISTORY as usize);
		assert!(EpochHistory::<Test>::get(0).is_none());
		assert!(EpochHistory::<Test>::get(1).is_none());
		assert!(EpochHistory::<Test>::get(2).is_some());
		assert!(EpochHistory::<Test>::get(ended - 1).is_some());
	});
}

#[test]
fn epoch_history_reads_newest_first_in_pages() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_epoch(5);
		let epochs = |page: Vec<(EpochIndex, EpochRecordOf<Test>)>| -> Vec<EpochIndex> {
			page.into_iter().map(|(epoch, _)| epoch).collect()
		};
		assert_eq!(epochs(Bme::epoch_history(None, 2)), vec![4, 3]);
		assert_eq!(epochs(Bme::epoch_history(Some(3), 2)), vec![2, 1]);
		assert_eq!(epochs(Bme::epoch_history(Some(1), 2)), vec![0], "nothing before epoch 0");
		assert_eq!(epochs(Bme::epoch_history(Some(99), 1)), vec![4], "the running epoch has none");
		assert_eq!(Bme::epoch_history(None, u32::MAX).len(), 5);
	});
}

#[test]
fn credits_minted_is_unknown_when_the_epoch_before_has_no_record() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_epoch(1);
		// As on a chain whose history began after epoch 0 (an upgrade).
		EpochHistory::<Test>::remove(0);
		run_to_epoch(2);
		let record = EpochHistory::<Test>::get(1).expect("epoch 1 ended");
		assert_eq!(record.credits_minted, None);
		assert_eq!(record.credits_minted_total, TotalCreditsMinted::<Test>::get());
	});
}
