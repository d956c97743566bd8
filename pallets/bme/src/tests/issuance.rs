//! Total issuance: genesis plus everything minted less everything burned, by this pallet or
//! through `RecordedBurn`; anything else breaks the invariant.

use crate::{mock::*, *};
use frame_support::{
	assert_ok,
	traits::{
		fungible::{Balanced, Mutate},
		tokens::{Fortitude, Precision, Preservation},
		OnUnbalanced,
	},
};

#[test]
fn genesis_issuance_is_recorded_with_the_pot_funded() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(free(pot()), EXISTENTIAL_DEPOSIT);
		assert_eq!(
			GenesisIssuance::<Test>::get(),
			3 * STARTING_BALANCE + DPN + EXISTENTIAL_DEPOSIT
		);
		assert_eq!(GenesisIssuance::<Test>::get(), issuance());
		let feeders: Vec<AccountId> =
			Bme::feeders().into_iter().map(|feeder| feeder.account).collect();
		assert_eq!(feeders, [FEEDER_1, FEEDER_2, FEEDER_3]);
	});
}

#[test]
fn total_issuance_is_genesis_plus_minted_less_burned() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(ALICE), 7 * DPN, None));
		run_to_epoch(1);
		assert_ok!(Bme::burn_for_credits(RuntimeOrigin::signed(BOB), 3 * DPN, None));
		run_to_epoch(3);
		assert_eq!(TotalBurned::<Test>::get(), 10 * DPN);
		assert_eq!(TotalMinted::<Test>::get(), 3 * INITIAL_EMISSION + 7 * DPN + 3 * DPN,);
		assert_eq!(
			issuance(),
			GenesisIssuance::<Test>::get() + TotalMinted::<Test>::get()
				- TotalBurned::<Test>::get()
				- ExternallyBurned::<Test>::get()
		);
	});
}

#[test]
fn fees_burned_through_recorded_burn_are_accounted_for() {
	ExtBuilder::default().build_and_execute(|| {
		// What `FungibleAdapter<Balances, RecordedBurn<Runtime>>` does with a fee.
		let fee = <Balances as Balanced<AccountId>>::withdraw(
			&ALICE,
			DPN / 10,
			Precision::Exact,
			Preservation::Preserve,
			Fortitude::Polite,
		)
		.expect("Alice can pay; qed");
		let before = issuance();
		RecordedBurn::<Test>::on_unbalanced(fee);
		assert_eq!(issuance(), before - DPN / 10);
		assert_eq!(ExternallyBurned::<Test>::get(), DPN / 10);
	});
}

#[test]
fn dust_of_reaped_accounts_is_recorded_as_an_external_burn() {
	ExtBuilder::default().build_and_execute(|| {
		// Leaving half the existential deposit reaps Charlie; the rest is dust.
		let dust = EXISTENTIAL_DEPOSIT / 2;
		assert_ok!(Balances::transfer_allow_death(
			RuntimeOrigin::signed(CHARLIE),
			ALICE,
			STARTING_BALANCE - dust
		));
		assert_eq!(free(CHARLIE), 0);
		assert_eq!(ExternallyBurned::<Test>::get(), dust);
	});
}

#[test]
fn an_unrecorded_burn_breaks_the_issuance_invariant() {
	ExtBuilder::default().build().execute_with(|| {
		assert_ok!(Bme::do_try_state());
		assert_ok!(Balances::burn(RuntimeOrigin::signed(ALICE), DPN, true));
		assert!(Bme::do_try_state().is_err());
	});
}

#[test]
fn an_unrecorded_mint_breaks_the_issuance_invariant() {
	ExtBuilder::default().build().execute_with(|| {
		assert_ok!(<Balances as Mutate<AccountId>>::mint_into(&ALICE, DPN));
		assert!(Bme::do_try_state().is_err());
	});
}
