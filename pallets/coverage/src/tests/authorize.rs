//! Authorization: reports are general transactions authorized by the beacon signature.

use crate::{mock::*, *};
use frame_support::BoundedVec;
use frame_support::{
	assert_noop,
	pallet_prelude::{
		InvalidTransaction, TransactionSource, TransactionValidityError, ValidTransaction,
	},
	traits::Authorize,
};
use sp_runtime::DispatchError;

fn authorize(
	beacon: Beacon,
) -> Option<Result<(ValidTransaction, Weight), TransactionValidityError>> {
	Call::<Test>::submit_report { beacon, witnesses: Default::default() }
		.authorize(TransactionSource::External)
}

use frame_support::weights::Weight;

#[test]
fn authorize_accepts_a_valid_beacon_and_provides_its_id_and_receipts() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		hotspot(2, BOB, NEAR);
		let now = System::block_number();
		let beacon = beacon_at(1, now - 10, FREQUENCY);
		let (validity, refund) = authorize(beacon.clone())
			.expect("submit_report has an authorize function")
			.expect("a valid beacon is authorized");
		assert_eq!(refund, Weight::zero());
		assert_eq!(validity.provides.len(), 1);
		// Above any paid transaction: paid load cannot crowd reports out.
		assert_eq!(validity.priority, REPORT_PRIORITY);
		// Valid until its entropy block is too old to open the window.
		assert_eq!(validity.longevity, MAX_BLOCK_AGE - 10 + 1);
		// The same beacon with other receipts provides another tag: a stripped copy in the pool
		// never replaces the honest report (nor the other way round).
		let receipts = BoundedVec::try_from(vec![receipt(&beacon, 2)]).expect("one receipt");
		let (with_receipts, _) =
			Coverage::authorize_submit_report(TransactionSource::External, &beacon, &receipts)
				.expect("valid");
		assert_ne!(with_receipts.provides, validity.provides);

		// Authorization changes nothing.
		assert_eq!(Activity::<Test>::get(1), Default::default());
		assert!(Windows::<Test>::iter().next().is_none());
	});
}

#[test]
fn authorize_rejects_broken_beacon_rules() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		let now = System::block_number();
		let mut tampered = beacon(1);
		tampered.frequency_hz += 1;
		assert_eq!(
			authorize(tampered),
			Some(Err(TransactionValidityError::Invalid(InvalidTransaction::BadProof)))
		);
		assert_eq!(
			authorize(beacon_at(1, now - MAX_BLOCK_AGE - 1, FREQUENCY)),
			Some(Err(TransactionValidityError::Invalid(InvalidTransaction::Stale)))
		);
		assert_eq!(
			authorize(beacon(9)),
			Some(Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(
				features::invalid_codes::UNKNOWN_HOTSPOT
			))))
		);
		assert_ok_submit_then_stale(now);
	});
}

fn assert_ok_submit_then_stale(now: u64) {
	frame_support::assert_ok!(submit(beacon_at(1, now - 1, FREQUENCY), vec![]));
	assert_eq!(
		authorize(beacon(1)),
		Some(Err(TransactionValidityError::Invalid(InvalidTransaction::Stale)))
	);
}

#[test]
fn submit_report_requires_the_authorized_origin() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		let witnesses = Default::default();
		assert_noop!(
			Coverage::submit_report(RuntimeOrigin::signed(ALICE), beacon(1), witnesses),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Coverage::submit_report(RuntimeOrigin::none(), beacon(1), Default::default()),
			DispatchError::BadOrigin
		);
	});
}
