//! Usage settlement: escrowed credits burned, their value minted at the settlement price (the
//! oracle's upper median) to the provider less the protocol fee to the treasury, capped per
//! epoch.

use crate::{mock::*, *};
use depin_primitives::{Credits, Settlement, UsageSettlement};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::TokenError;

/// Gives `who` `escrowed` credits in escrow by burning DPN at the price in force.
fn escrow_credits(who: AccountId, escrowed: CreditBalance) {
	let price = Bme::price_in_force().expect("the test has a price; qed").credit_price;
	let dpn = Bme::dpn_for(escrowed, price).expect("small amounts; qed") + 1;
	assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(who), dpn, None));
	assert_ok!(<Bme as Credits<AccountId>>::escrow(&who, escrowed));
}

fn settle(
	payer: AccountId,
	provider: AccountId,
	credits: CreditBalance,
) -> Result<Settlement<Balance>, DispatchError> {
	<Bme as UsageSettlement<AccountId>>::settle(&payer, &provider, credits)
}

#[test]
fn settlement_burns_escrow_and_mints_to_provider_less_fee() {
	ExtBuilder::default().prices(&[(FEEDER_1, usd(2)), (FEEDER_2, usd(2))]).build_and_execute(
		|| {
			escrow_credits(ALICE, 1_000_000);
			let before = issuance();
			let burned_before = TotalCreditsBurned::<Test>::get();

			// 1,000,000 credits are $10, 5 DPN at $2.00: 5 % to the treasury.
			let settlement = settle(ALICE, BOB, 1_000_000).expect("escrowed and priced; qed");
			assert_eq!(
				settlement,
				Settlement {
					credits_burned: 1_000_000,
					provider_paid: 475 * DPN / 100,
					protocol_fee: DPN / 4,
				}
			);
			assert_eq!(Bme::escrowed(&ALICE), 0);
			assert_eq!(free(BOB), STARTING_BALANCE + 475 * DPN / 100);
			assert_eq!(free(TREASURY), DPN + DPN / 4);
			assert_eq!(issuance(), before + 5 * DPN);
			assert_eq!(TotalCreditsBurned::<Test>::get(), burned_before + 1_000_000);
			assert_eq!(SettlementMintedThisEpoch::<Test>::get(), 5 * DPN);
			System::assert_last_event(
				Event::UsageSettled {
					payer: ALICE,
					provider: BOB,
					credits: 1_000_000,
					provider_paid: 475 * DPN / 100,
					protocol_fee: DPN / 4,
					price: usd(2),
				}
				.into(),
			);
		},
	);
}

#[test]
fn settlement_pays_at_the_upper_median() {
	ExtBuilder::default()
		.prices(&[(FEEDER_1, cents(200)), (FEEDER_2, cents(210))])
		.build_and_execute(|| {
			escrow_credits(ALICE, 1_050_000);
			let settlement = settle(ALICE, BOB, 1_050_000).expect("escrowed and priced; qed");
			// $10.50 at the $2.10 upper median: 5 DPN, not the 5.25 DPN of the lower one.
			assert_eq!(settlement.provider_paid + settlement.protocol_fee, 5 * DPN);
		});
}

#[test]
fn settlement_without_price_fails_changing_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		escrow_credits(ALICE, 1_000_000);
		run_to_block(102);
		assert_noop!(settle(ALICE, BOB, 1_000_000), Error::<Test>::NoPrice);
	});
}

#[test]
fn settlement_needs_escrowed_credits() {
	ExtBuilder::default().build_and_execute(|| {
		escrow_credits(ALICE, 1_000);
		assert_noop!(
			settle(ALICE, BOB, 1_001),
			DispatchError::from(CreditsError::InsufficientEscrow)
		);
		// Spendable credits are not escrow.
		assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(CHARLIE), DPN, None));
		assert_noop!(
			settle(CHARLIE, BOB, 1),
			DispatchError::from(CreditsError::InsufficientEscrow)
		);
	});
}

#[test]
fn settlement_mint_is_capped_per_epoch() {
	ExtBuilder::default()
		.parameters(|parameters| parameters.max_settlement_mint_per_epoch = 10 * DPN)
		.build_and_execute(|| {
			escrow_credits(ALICE, 2_000_000);
			// At $1.00, 100,000 credits are 1 DPN (provider and fee together).
			assert_ok!(settle(ALICE, BOB, 800_000));
			assert_noop!(settle(ALICE, BOB, 300_000), Error::<Test>::SettlementCapReached);
			assert_ok!(settle(ALICE, BOB, 200_000));
			assert_eq!(SettlementMintedThisEpoch::<Test>::get(), 10 * DPN);
			assert_noop!(settle(ALICE, BOB, 1), Error::<Test>::SettlementCapReached);

			// The cap starts again with the next epoch; the deferred settlement goes through.
			run_to_epoch(1);
			assert_eq!(SettlementMintedThisEpoch::<Test>::get(), 0);
			assert_ok!(settle(ALICE, BOB, 300_000));
		});
}

#[test]
fn fee_below_existential_deposit_to_a_missing_treasury_is_not_minted() {
	ExtBuilder::default().balance(TREASURY, 0).build_and_execute(|| {
		escrow_credits(ALICE, 100);
		// 100 credits are $0.001, 0.001 DPN: the 5 % fee is below the existential deposit.
		let settlement = settle(ALICE, BOB, 100).expect("escrowed and priced; qed");
		assert_eq!(
			settlement,
			Settlement { credits_burned: 100, provider_paid: 950_000_000, protocol_fee: 0 }
		);
		assert_eq!(free(TREASURY), 0);
	});
}

#[test]
fn settlement_a_provider_cannot_receive_changes_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		escrow_credits(ALICE, 100);
		// 0.00095 DPN to an account that does not exist is below the existential deposit.
		assert_noop!(settle(ALICE, NOBODY, 100), DispatchError::Token(TokenError::BelowMinimum));
		assert_eq!(Bme::escrowed(&ALICE), 100);
	});
}

#[test]
fn settlement_of_zero_credits_does_nothing() {
	ExtBuilder::default().no_prices().build_and_execute(|| {
		assert_eq!(settle(ALICE, BOB, 0), Ok(Settlement::default()));
		assert!(events().is_empty());
	});
}
