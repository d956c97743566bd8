//! Credits: bought by burning DPN, never transferred, spent, escrowed and released only through
//! the `Credits` trait, and capped per hour by the circuit breaker.

use crate::{mock::*, *};
use depin_primitives::Credits;
use frame_support::{assert_noop, assert_ok, traits::GetCallName};

#[test]
fn burning_dpn_mints_credits_to_the_caller() {
	ExtBuilder::default().build_and_execute(|| {
		let before = issuance();
		assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, None));
		// 1 DPN at $1.00 is 100,000 credits.
		assert_eq!(credits(ALICE), (100_000, 0));
		assert_eq!(free(ALICE), STARTING_BALANCE - DPN);
		assert_eq!(issuance(), before - DPN);
		assert_eq!(TotalBurned::<Test>::get(), DPN);
		assert_eq!(TotalCreditsMinted::<Test>::get(), 100_000);
		System::assert_last_event(
			Event::CreditsBought {
				payer: ALICE,
				beneficiary: ALICE,
				burned: DPN,
				credits: 100_000,
				price: usd(1),
			}
			.into(),
		);
	});
}

#[test]
fn burning_dpn_can_credit_another_account() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, Some(CHARLIE)));
		assert_eq!(credits(ALICE), (0, 0));
		assert_eq!(credits(CHARLIE), (100_000, 0));
	});
}

#[test]
fn credit_accounts_are_only_opened_for_accounts_that_exist() {
	ExtBuilder::default().build_and_execute(|| {
		// The attack: one credit each for thousands of fresh addresses, a storage record each
		// for the price of a transaction fee. A record needs an account that paid the
		// existential deposit.
		assert!(!System::account_exists(&NOBODY));
		assert_noop!(
			Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, Some(NOBODY)),
			Error::<Test>::UnknownBeneficiary
		);
		assert_eq!(CreditAccounts::<Test>::get(NOBODY), None);
		// Funded with the existential deposit, it can be credited.
		assert_ok!(Balances::transfer_keep_alive(
			RuntimeOrigin::signed(BOB),
			NOBODY,
			EXISTENTIAL_DEPOSIT
		));
		assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, Some(NOBODY)));
		assert_eq!(credits(NOBODY), (100_000, 0));
	});
}

#[test]
fn one_credit_is_one_hundred_thousandth_of_a_dollar() {
	ExtBuilder::default().prices(&[(FEEDER_1, usd(2)), (FEEDER_2, usd(2))]).build_and_execute(
		|| {
			// 2.5 DPN at $2.00 is $5.00, that is 500,000 credits.
			assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), 5 * DPN / 2, None));
			assert_eq!(credits(ALICE), (500_000, 0));
			assert_eq!(Bme::credits_for(5 * DPN / 2, usd(2)), Some(500_000));
			assert_eq!(Bme::dpn_for(500_000, usd(2)), Some(5 * DPN / 2));
		},
	);
}

#[test]
fn burn_keeps_the_existential_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), STARTING_BALANCE, None),
			Error::<Test>::InsufficientBalance
		);
		assert_ok!(Bme::burn_for_credits(
			RuntimeOrigin::signed(ALICE),
			STARTING_BALANCE - EXISTENTIAL_DEPOSIT,
			None
		));
		assert_eq!(free(ALICE), EXISTENTIAL_DEPOSIT);
	});
}

#[test]
fn burn_below_one_credit_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), 0, None),
			Error::<Test>::ZeroAmount
		);
		// One credit is $0.00001: 10,000,000 base units (0.00001 DPN) at $1.00.
		assert_noop!(
			Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), 9_999_999, None),
			Error::<Test>::BelowOneCredit
		);
		assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), 10_000_000, None));
		assert_eq!(credits(ALICE), (1, 0));
	});
}

#[test]
fn circuit_breaker_caps_credits_per_hour_window() {
	ExtBuilder::default()
		.parameters(|parameters| parameters.max_credits_per_window = 1_000_000)
		.build_and_execute(|| {
			// $10 of credits per 600-block window at $1.00: 10 DPN.
			assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), 8 * DPN, None));
			assert_noop!(
				Bme::burn_for_credits(RuntimeOrigin::signed(BOB), 3 * DPN, None),
				Error::<Test>::CircuitBreakerTripped
			);
			assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(BOB), 2 * DPN, None));
			assert_noop!(
				Bme::burn_for_credits(RuntimeOrigin::signed(BOB), DPN / 100, None),
				Error::<Test>::CircuitBreakerTripped
			);

			// Fixed windows would start afresh at block 600; the sliding window (twelve buckets
			// of 50 blocks) frees what block 1 minted only when its bucket leaves, at block 600
			// (bucket 12 replaces bucket 0).
			run_to_block(599);
			submit_all(usd(1));
			assert_noop!(
				Bme::burn_for_credits(RuntimeOrigin::signed(BOB), DPN / 100, None),
				Error::<Test>::CircuitBreakerTripped
			);
			run_to_block(600);
			assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(BOB), 10 * DPN, None));
			assert_eq!(CreditMintWindow::<Test>::get().bucket, 12);
			assert_eq!(CreditMintWindow::<Test>::get().total(), 1_000_000);
		});
}

#[test]
fn the_circuit_breaker_cannot_be_doubled_across_a_window_boundary() {
	ExtBuilder::default()
		.prices(&[(FEEDER_1, usd(1)), (FEEDER_2, usd(1))])
		.parameters(|parameters| parameters.max_credits_per_window = 1_000_000)
		.build_and_execute(|| {
			// The attack on fixed windows: the whole cap in the window's last block, the whole
			// cap again in the next window's first block.
			run_to_block(599);
			submit_all(usd(1));
			assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), 10 * DPN, None));
			run_to_block(600);
			assert_noop!(
				Bme::burn_for_credits(RuntimeOrigin::signed(BOB), DPN / 100, None),
				Error::<Test>::CircuitBreakerTripped
			);
			// The cap frees once the bucket of block 599 (550..600) leaves the window: twelve
			// buckets later, at block 1,150.
			run_to_block(1_149);
			submit_all(usd(1));
			assert_noop!(
				Bme::burn_for_credits(RuntimeOrigin::signed(BOB), DPN / 100, None),
				Error::<Test>::CircuitBreakerTripped
			);
			run_to_block(1_150);
			submit_all(usd(1));
			assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(BOB), 10 * DPN, None));
		});
}

#[test]
fn credits_have_no_transfer_call() {
	ExtBuilder::default().build_and_execute(|| {
		let calls = <Call<Test> as GetCallName>::get_call_names();
		assert!(calls.iter().all(|name| !name.contains("transfer")));
		assert_eq!(
			calls,
			&[
				"add_feeder",
				"remove_feeder",
				"submit_price",
				"burn_for_credits",
				"claim_rewards",
				"set_parameters"
			]
		);
	});
}

#[test]
fn spend_burns_spendable_credits() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, None));
		assert_ok!(<Bme as Credits<AccountId>>::spend(&ALICE, 30_000));
		assert_eq!(Bme::balance(&ALICE), 70_000);
		assert_eq!(TotalCreditsBurned::<Test>::get(), 30_000);
		System::assert_last_event(Event::CreditsSpent { who: ALICE, amount: 30_000 }.into());
		assert_noop!(
			<Bme as Credits<AccountId>>::spend(&ALICE, 70_001),
			DispatchError::from(CreditsError::InsufficientCredits)
		);
		// Spending everything removes the account's record.
		assert_ok!(<Bme as Credits<AccountId>>::spend(&ALICE, 70_000));
		assert!(!CreditAccounts::<Test>::contains_key(ALICE));
	});
}

#[test]
fn escrow_and_release_move_credits_between_spendable_and_escrowed() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), DPN, None));
		assert_ok!(<Bme as Credits<AccountId>>::escrow(&ALICE, 60_000));
		assert_eq!(credits(ALICE), (40_000, 60_000));
		assert_eq!(Bme::escrowed(&ALICE), 60_000);
		assert_noop!(
			<Bme as Credits<AccountId>>::escrow(&ALICE, 40_001),
			DispatchError::from(CreditsError::InsufficientCredits)
		);
		// Escrowed credits cannot be spent.
		assert_noop!(
			<Bme as Credits<AccountId>>::spend(&ALICE, 40_001),
			DispatchError::from(CreditsError::InsufficientCredits)
		);
		assert_ok!(<Bme as Credits<AccountId>>::release(&ALICE, 10_000));
		assert_eq!(credits(ALICE), (50_000, 50_000));
		assert_noop!(
			<Bme as Credits<AccountId>>::release(&ALICE, 50_001),
			DispatchError::from(CreditsError::InsufficientEscrow)
		);
		System::assert_last_event(Event::CreditsReleased { who: ALICE, amount: 10_000 }.into());
	});
}

#[test]
fn credit_operations_of_zero_do_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(<Bme as Credits<AccountId>>::spend(&NOBODY, 0));
		assert_ok!(<Bme as Credits<AccountId>>::escrow(&NOBODY, 0));
		assert_ok!(<Bme as Credits<AccountId>>::release(&NOBODY, 0));
		assert!(!CreditAccounts::<Test>::contains_key(NOBODY));
		assert!(events().is_empty());
	});
}
