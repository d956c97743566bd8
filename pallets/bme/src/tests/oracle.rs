//! The price oracle: feeders, submissions, the median of fresh submissions and the conservative
//! price credits are minted at.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::traits::BadOrigin;

#[test]
fn only_governance_adds_and_removes_feeders() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Bme::add_feeder(RuntimeOrigin::signed(ALICE), ALICE), BadOrigin);
		assert_noop!(Bme::remove_feeder(RuntimeOrigin::signed(ALICE), FEEDER_1), BadOrigin);

		assert_ok!(Bme::add_feeder(RuntimeOrigin::root(), ALICE));
		System::assert_last_event(Event::FeederAdded { feeder: ALICE }.into());
		assert_noop!(Bme::add_feeder(RuntimeOrigin::root(), ALICE), Error::<Test>::AlreadyFeeder);

		assert_ok!(Bme::remove_feeder(RuntimeOrigin::root(), ALICE));
		System::assert_last_event(Event::FeederRemoved { feeder: ALICE }.into());
		assert_noop!(Bme::remove_feeder(RuntimeOrigin::root(), ALICE), Error::<Test>::NotFeeder);
	});
}

#[test]
fn feeders_are_bounded_by_max_feeders() {
	ExtBuilder::default().build_and_execute(|| {
		// Three at genesis, MaxFeeders = 5.
		assert_ok!(Bme::add_feeder(RuntimeOrigin::root(), ALICE));
		assert_ok!(Bme::add_feeder(RuntimeOrigin::root(), BOB));
		assert_noop!(
			Bme::add_feeder(RuntimeOrigin::root(), CHARLIE),
			Error::<Test>::TooManyFeeders
		);
	});
}

#[test]
fn only_feeders_submit_prices_above_zero() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Bme::submit_price(RuntimeOrigin::signed(ALICE), usd(1)),
			Error::<Test>::NotFeeder
		);
		assert_noop!(
			Bme::submit_price(RuntimeOrigin::signed(FEEDER_1), Price::zero()),
			Error::<Test>::ZeroPrice
		);
		assert_ok!(Bme::submit_price(RuntimeOrigin::signed(FEEDER_1), usd(3)));
		System::assert_last_event(Event::PriceSubmitted { feeder: FEEDER_1, price: usd(3) }.into());
	});
}

#[test]
fn price_in_force_is_the_median_of_fresh_submissions() {
	ExtBuilder::default()
		.prices(&[(FEEDER_1, cents(100)), (FEEDER_2, cents(110)), (FEEDER_3, cents(500))])
		.build_and_execute(|| {
			let price = Bme::price_in_force().expect("three fresh submissions; qed");
			assert_eq!(price.median, cents(110));
			assert_eq!(price.sources, 3);

			// An even count: the mean of the two middle submissions.
			assert_ok!(Bme::add_feeder(RuntimeOrigin::root(), ALICE));
			assert_ok!(Bme::submit_price(RuntimeOrigin::signed(ALICE), cents(120)));
			let price = Bme::price_in_force().expect("four fresh submissions; qed");
			assert_eq!(price.median, cents(115));
			assert_eq!(price.sources, 4);
		});
}

#[test]
fn submissions_older_than_max_price_age_do_not_count() {
	ExtBuilder::default().build_and_execute(|| {
		// Submitted at block 1; max_price_age = 100.
		run_to_block(101);
		assert!(Bme::price_in_force().is_some());
		run_to_block(102);
		assert_eq!(Bme::price_in_force(), None);

		// One fresh submission is fewer than min_feeders = 2.
		assert_ok!(Bme::submit_price(RuntimeOrigin::signed(FEEDER_1), usd(2)));
		assert_eq!(Bme::price_in_force(), None);
		assert_ok!(Bme::submit_price(RuntimeOrigin::signed(FEEDER_2), usd(2)));
		assert_eq!(Bme::price_in_force().map(|price| price.median), Some(usd(2)));
		assert_eq!(Bme::price_view().submissions.len(), 2);
	});
}

#[test]
fn price_needs_at_least_min_feeders() {
	ExtBuilder::default().prices(&[(FEEDER_1, usd(1))]).build_and_execute(|| {
		assert_eq!(Bme::price_in_force(), None);
		assert_noop!(
			Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, None),
			Error::<Test>::NoPrice
		);
	});
}

#[test]
fn no_price_no_credits() {
	ExtBuilder::default().no_prices().build_and_execute(|| {
		assert_noop!(
			Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, None),
			Error::<Test>::NoPrice
		);
	});
}

#[test]
fn credits_are_minted_at_median_less_spread() {
	ExtBuilder::default()
		.prices(&[(FEEDER_1, cents(90)), (FEEDER_2, cents(100)), (FEEDER_3, cents(110))])
		.build_and_execute(|| {
			let price = Bme::price_in_force().expect("three fresh submissions; qed");
			assert_eq!(price.median, cents(100));
			assert_eq!(price.spread, cents(20));
			assert_eq!(price.conservative, cents(80));

			// 1 DPN at $0.80 is 80,000 credits (1 credit = $0.00001).
			assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, None));
			assert_eq!(credits(ALICE), (80_000, 0));
		});
}

#[test]
fn spread_wider_than_median_mints_nothing() {
	ExtBuilder::default()
		.prices(&[(FEEDER_1, usd(1)), (FEEDER_2, usd(2)), (FEEDER_3, usd(10))])
		.build_and_execute(|| {
			// Median 2, spread 9: the conservative price would be below zero.
			let price = Bme::price_in_force().expect("three fresh submissions; qed");
			assert_eq!(price.conservative, Price::zero());
			assert_noop!(
				Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, None),
				Error::<Test>::PriceTooUncertain
			);
		});
}

#[test]
fn removed_feeder_submission_stops_counting() {
	ExtBuilder::default().prices(&[(FEEDER_1, usd(1)), (FEEDER_2, usd(1))]).build_and_execute(
		|| {
			assert!(Bme::price_in_force().is_some());
			assert_ok!(Bme::remove_feeder(RuntimeOrigin::root(), FEEDER_2));
			assert_eq!(Bme::price_in_force(), None);
		},
	);
}
