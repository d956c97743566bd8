//! Offences: a reported offender is disabled for the rest of the session (no more than a third
//! of the set), the offence's fraction of its candidacy bond is slashed to the treasury, its
//! candidacy ends and it is banned; leaving the candidates first does not escape the slash.

use crate::{mock::*, *};
use frame_support::assert_ok;
use sp_runtime::Perbill;
use sp_staking::offence::OffenceDetails;

/// Reports `offenders`, each at `fraction`, for the current session.
fn report(offenders: &[AccountId], fraction: Perbill) {
	let details: Vec<OffenceDetails<AccountId, (AccountId, ())>> = offenders
		.iter()
		.map(|who| OffenceDetails { offender: (*who, ()), reporters: vec![] })
		.collect();
	let fractions = vec![fraction; offenders.len()];
	let session = pallet_session::CurrentIndex::<Test>::get();
	<ValidatorSet as OnOffenceHandler<_, _, _>>::on_offence(&details, &fractions, session);
}

fn disabled(who: AccountId) -> bool {
	let index = Session::validator_id_to_index(&who).expect("a session validator");
	Session::disabled_validators().contains(&index)
}

#[test]
fn an_offending_candidate_is_disabled_slashed_to_the_treasury_and_banned() {
	ExtBuilder.build_and_execute(|| {
		let issuance = Balances::total_issuance();
		report(&[CHARLIE], Perbill::from_percent(36));
		assert!(disabled(CHARLIE));
		assert_eq!(Balances::free_balance(TREASURY), 36);
		assert_eq!(Balances::reserved_balance(CHARLIE), 0);
		assert_eq!(Balances::free_balance(CHARLIE), STARTING_BALANCE - 36);
		assert_eq!(Balances::total_issuance(), issuance, "a slash moves DPN, it burns none");
		assert_eq!(candidates(), vec![DAVE]);
		assert!(Banned::<Test>::contains_key(CHARLIE));
		assert_eq!(
			events(),
			vec![Event::OffenderPunished {
				who: CHARLIE,
				session: 2,
				fraction: Perbill::from_percent(36),
				slashed: 36,
				was_candidate: true,
				banned: true,
			}]
		);
	});
}

#[test]
fn an_offender_that_left_the_candidates_first_is_slashed_from_its_balance() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(CollatorSelection::leave_intent(RuntimeOrigin::signed(CHARLIE)));
		assert_eq!(Balances::reserved_balance(CHARLIE), 0);
		report(&[CHARLIE], Perbill::from_percent(50));
		assert_eq!(Balances::free_balance(CHARLIE), STARTING_BALANCE - BOND / 2);
		assert_eq!(Balances::free_balance(TREASURY), BOND / 2);
		assert!(Banned::<Test>::contains_key(CHARLIE));
	});
}

#[test]
fn an_offending_invulnerable_is_disabled_dropped_and_banned_with_no_bond_to_slash() {
	ExtBuilder.build_and_execute(|| {
		report(&[ALICE], Perbill::from_percent(36));
		assert!(disabled(ALICE));
		assert_eq!(Balances::free_balance(ALICE), STARTING_BALANCE);
		assert_eq!(Balances::free_balance(TREASURY), 0);
		assert_eq!(pallet_collator_selection::Invulnerables::<Test>::get().to_vec(), vec![BOB]);
		assert!(Banned::<Test>::contains_key(ALICE));
	});
}

#[test]
fn an_offending_invulnerable_stays_when_too_few_validators_would_remain() {
	ExtBuilder.build_and_execute(|| {
		// Two eligible must remain: Bob alone would be too few once the candidates are gone.
		report(&[CHARLIE, DAVE], Perbill::from_percent(10));
		report(&[ALICE], Perbill::from_percent(10));
		assert_eq!(pallet_collator_selection::Invulnerables::<Test>::get().len(), 2);
		assert!(!Banned::<Test>::contains_key(ALICE));
		assert!(events().iter().any(|event| matches!(
			event,
			Event::OffenderPunished { who: ALICE, banned: false, .. }
		)));
	});
}

#[test]
fn no_more_than_a_third_of_the_set_is_disabled() {
	ExtBuilder.build_and_execute(|| {
		// Four validators: one may be disabled; both offenders are still slashed and banned.
		report(&[CHARLIE, DAVE], Perbill::from_percent(100));
		assert!(disabled(CHARLIE));
		assert!(!disabled(DAVE));
		assert_eq!(Balances::free_balance(TREASURY), 2 * BOND);
		assert!(Banned::<Test>::contains_key(CHARLIE) && Banned::<Test>::contains_key(DAVE));
		assert!(candidates().is_empty());
	});
}

#[test]
fn a_banned_offender_drops_out_of_the_set_at_the_session_after_next() {
	ExtBuilder.build_and_execute(|| {
		report(&[CHARLIE], Perbill::from_percent(36));
		run_to_session(4);
		assert!(!pallet_session::Validators::<Test>::get().contains(&CHARLIE));
		assert!(Session::disabled_validators().is_empty(), "disabling ends with the session");
	});
}
