//! The price oracle: feeders, submissions, and the two conversion prices of the fresh
//! submissions: credits at the lower median, settlements at the upper median, refused when they
//! are too far apart. Each attack by one feeder is shown failing.

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
fn credits_are_minted_at_the_lower_median_and_settle_at_the_upper_median() {
	ExtBuilder::default()
		.prices(&[(FEEDER_1, cents(200)), (FEEDER_2, cents(204))])
		.build_and_execute(|| {
			let price = Bme::price_in_force().expect("two fresh submissions; qed");
			assert_eq!(price.credit_price, cents(200));
			assert_eq!(price.settlement_price, cents(204));
			assert_eq!(price.median, cents(202));
			assert_eq!(price.spread, cents(4));

			// 1 DPN at $2.00 is 200,000 credits (1 credit = $0.00001).
			assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, None));
			assert_eq!(credits(ALICE), (200_000, 0));
		});
}

#[test]
fn an_odd_count_converts_both_ways_at_the_median() {
	ExtBuilder::default()
		.prices(&[(FEEDER_1, cents(90)), (FEEDER_2, cents(100)), (FEEDER_3, cents(110))])
		.build_and_execute(|| {
			let price = Bme::price_in_force().expect("three fresh submissions; qed");
			assert_eq!((price.credit_price, price.settlement_price), (cents(100), cents(100)));
			assert_eq!(price.spread, cents(20));
			assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, None));
			assert_eq!(credits(ALICE), (100_000, 0));
		});
}

#[test]
fn one_feeder_of_three_moves_neither_conversion_price() {
	// Two honest feeders at $2.00 and $2.02; the third lies as far as it likes either way.
	for lie in [cents(1), cents(100_000)] {
		ExtBuilder::default()
			.prices(&[(FEEDER_1, cents(200)), (FEEDER_2, cents(202)), (FEEDER_3, lie)])
			.build_and_execute(|| {
				let price = Bme::price_in_force().expect("three fresh submissions; qed");
				assert!(price.credit_price >= cents(200) && price.credit_price <= cents(202));
				assert!(
					price.settlement_price >= cents(200) && price.settlement_price <= cents(202)
				);
				// The outlier neither halts credit sales nor refuses them.
				assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, None));
			});
	}
}

#[test]
fn one_feeder_cannot_buy_credits_cheap_and_settle_a_self_lease_dear() {
	// The attack on a median of two: the honest feeder says $2.00, the attacker $1.00. Buying
	// credits at the honest price and settling them at the mean ($1.50) would pay the attacker
	// 1.33x the DPN it burned. Credits are minted at the lower and settled at the upper median,
	// so the attacker's own price only ever works against it, and a gap this wide is refused.
	ExtBuilder::default()
		.prices(&[(FEEDER_1, cents(200)), (FEEDER_2, cents(100))])
		.build_and_execute(|| {
			let price = Bme::price_in_force().expect("two fresh submissions; qed");
			assert_eq!((price.credit_price, price.settlement_price), (cents(100), cents(200)));
			assert_noop!(
				Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, None),
				Error::<Test>::PriceTooUncertain
			);
			assert_noop!(
				<Bme as depin_primitives::UsageSettlement<AccountId>>::settle(&ALICE, &BOB, 1),
				Error::<Test>::PriceTooUncertain
			);
		});
}

#[test]
fn whatever_two_feeders_say_dpn_minted_never_exceeds_dpn_burned() {
	// For any pair of prices within the spread, burning DPN for credits and settling all of
	// them (a self-lease) mints at most the DPN burned.
	for (a, b) in [(200, 200), (200, 205), (200, 219), (220, 200), (150, 165)] {
		ExtBuilder::default()
			.prices(&[(FEEDER_1, cents(a)), (FEEDER_2, cents(b))])
			.build_and_execute(|| {
				let burned = 10 * DPN;
				assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), burned, None));
				let (bought, _) = credits(ALICE);
				assert_ok!(<Bme as depin_primitives::Credits<AccountId>>::escrow(&ALICE, bought));
				let settled = <Bme as depin_primitives::UsageSettlement<AccountId>>::settle(
					&ALICE, &ALICE, bought,
				)
				.expect("escrowed and priced; qed");
				let minted = settled.provider_paid + settled.protocol_fee;
				assert!(minted <= burned, "{a} {b}: minted {minted} for {burned} burned");
			});
	}
}

#[test]
fn a_spread_wider_than_the_limit_is_refused_with_an_event_naming_it() {
	ExtBuilder::default().prices(&[(FEEDER_1, usd(2))]).build_and_execute(|| {
		// 10 % is the limit: $2.00 and $2.20 are usable, $2.00 and $2.21 are not.
		assert_ok!(Bme::submit_price(RuntimeOrigin::signed(FEEDER_2), cents(220)));
		assert!(!events().iter().any(|e| matches!(e, Event::PriceSpreadTooWide { .. })));
		assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, None));

		assert_ok!(Bme::submit_price(RuntimeOrigin::signed(FEEDER_2), cents(221)));
		System::assert_last_event(
			Event::PriceSpreadTooWide { credit_price: usd(2), settlement_price: cents(221) }.into(),
		);
		assert_noop!(
			Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, None),
			Error::<Test>::PriceTooUncertain
		);
		// The query still shows both prices, so clients can say why.
		let price = Bme::price_in_force().expect("two fresh submissions; qed");
		assert_eq!((price.credit_price, price.settlement_price), (usd(2), cents(221)));
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
