//! Governance removes validators and bans them; a banned account cannot come back until
//! governance unbans it.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

#[test]
fn governance_removes_a_candidate_returns_its_bond_and_bans_it() {
	ExtBuilder.build_and_execute(|| {
		assert_eq!(Balances::reserved_balance(CHARLIE), BOND);
		assert_ok!(ValidatorSet::remove(root(), CHARLIE));
		assert_eq!(candidates(), vec![DAVE]);
		assert_eq!(Balances::reserved_balance(CHARLIE), 0);
		assert_eq!(Balances::free_balance(CHARLIE), STARTING_BALANCE);
		assert!(Banned::<Test>::contains_key(CHARLIE));
		assert!(!pallet_collator_selection::LastAuthoredBlock::<Test>::contains_key(CHARLIE));
		assert_eq!(
			events(),
			vec![Event::Removed {
				who: CHARLIE,
				was_candidate: true,
				was_invulnerable: false,
				bond_returned: BOND
			}]
		);
	});
}

#[test]
fn governance_removes_an_invulnerable_and_bans_it() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(ValidatorSet::remove(root(), BOB));
		assert_eq!(pallet_collator_selection::Invulnerables::<Test>::get().to_vec(), vec![ALICE]);
		assert!(Banned::<Test>::contains_key(BOB));
	});
}

#[test]
fn an_account_that_is_no_validator_can_be_banned_beforehand() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(ValidatorSet::remove(root(), EVE));
		assert_noop!(
			CollatorSelection::register_as_candidate(RuntimeOrigin::signed(EVE)),
			pallet_collator_selection::Error::<Test>::ValidatorNotRegistered
		);
	});
}

#[test]
fn removal_keeps_the_minimum_of_eligible_validators() {
	ExtBuilder.build_and_execute(|| {
		// Four eligible, at least two must remain.
		assert_ok!(ValidatorSet::remove(root(), CHARLIE));
		assert_ok!(ValidatorSet::remove(root(), DAVE));
		assert_noop!(ValidatorSet::remove(root(), ALICE), Error::<Test>::TooFewValidators);
		assert_eq!(pallet_collator_selection::Invulnerables::<Test>::get().len(), 2);
	});
}

#[test]
fn a_banned_account_is_not_removed_twice() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(ValidatorSet::remove(root(), CHARLIE));
		assert_noop!(ValidatorSet::remove(root(), CHARLIE), Error::<Test>::AlreadyBanned);
	});
}

#[test]
fn only_the_admin_origin_removes_and_unbans() {
	ExtBuilder.build_and_execute(|| {
		let signed = RuntimeOrigin::signed(ALICE);
		assert_noop!(ValidatorSet::remove(signed.clone(), CHARLIE), DispatchError::BadOrigin);
		assert_ok!(ValidatorSet::remove(root(), CHARLIE));
		assert_noop!(ValidatorSet::unban(signed, CHARLIE), DispatchError::BadOrigin);
	});
}

#[test]
fn a_banned_account_cannot_register_or_be_made_invulnerable_until_unbanned() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(ValidatorSet::remove(root(), CHARLIE));
		let not_registered = || pallet_collator_selection::Error::<Test>::ValidatorNotRegistered;
		assert_noop!(
			CollatorSelection::register_as_candidate(RuntimeOrigin::signed(CHARLIE)),
			not_registered()
		);
		assert_noop!(CollatorSelection::add_invulnerable(root(), CHARLIE), not_registered());
		assert_ok!(ValidatorSet::unban(root(), CHARLIE));
		assert!(events().contains(&Event::Unbanned { who: CHARLIE }));
		assert_ok!(CollatorSelection::register_as_candidate(RuntimeOrigin::signed(CHARLIE)));
	});
}

#[test]
fn unbanning_an_account_that_is_not_banned_is_refused() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(ValidatorSet::unban(root(), EVE), Error::<Test>::NotBanned);
	});
}
