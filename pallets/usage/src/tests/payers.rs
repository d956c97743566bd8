//! Payers: approval, suspension, revocation, price, escrow.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};

fn name() -> ShortString {
	ShortString::try_from(b"carrier".to_vec()).expect("short")
}

#[test]
fn governance_approves_a_payer_holding_its_bond() {
	ExtBuilder.build_and_execute(|| {
		let id = payer_with(CARRIER, ROUTER, 0);
		let info = Payers::<Test>::get(id).expect("approved");
		assert_eq!(info.status, PayerStatus::Active);
		assert_eq!(info.routing_key, key(ROUTER));
		assert_eq!(PayerByKey::<Test>::get(key(ROUTER)), Some(id));
		assert_eq!(Balances::balance_on_hold(&HoldReason::PayerBond.into(), &CARRIER), BOND);
	});
}

#[test]
fn only_governance_approves_payers() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Usage::approve_payer(
				RuntimeOrigin::signed(CARRIER),
				CARRIER,
				key(ROUTER),
				name(),
				BOND,
				PRICE,
				CREDITS
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_routing_key_belongs_to_one_payer() {
	ExtBuilder.build_and_execute(|| {
		payer_with(CARRIER, ROUTER, 0);
		assert_noop!(
			Usage::approve_payer(RuntimeOrigin::root(), ALICE, key(ROUTER), name(), 0, PRICE, 1),
			Error::<Test>::RoutingKeyInUse
		);
	});
}

#[test]
fn a_payer_without_the_bond_is_refused() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Usage::approve_payer(
				RuntimeOrigin::root(),
				CARRIER,
				key(ROUTER),
				name(),
				FUNDS * 2,
				PRICE,
				1
			),
			Error::<Test>::InsufficientBondBalance
		);
	});
}

#[test]
fn payers_are_bounded() {
	ExtBuilder.build_and_execute(|| {
		for n in 0..MAX_PAYERS as u8 {
			payer_with(CARRIER, ROUTER + n, 0);
		}
		assert_noop!(
			Usage::approve_payer(RuntimeOrigin::root(), CARRIER, key(1), name(), 0, PRICE, 1),
			Error::<Test>::TooManyPayers
		);
	});
}

#[test]
fn a_price_below_the_minimum_per_gb_is_refused() {
	ExtBuilder.build_and_execute(|| {
		let cheap = TrafficPrice { per_gb: 999, per_packet: 10 };
		assert_noop!(
			Usage::approve_payer(RuntimeOrigin::root(), CARRIER, key(ROUTER), name(), 0, cheap, 1),
			Error::<Test>::PriceBelowMinimum
		);
		let id = payer_with(CARRIER, ROUTER, 0);
		assert_noop!(
			Usage::set_price(RuntimeOrigin::signed(CARRIER), id, cheap),
			Error::<Test>::PriceBelowMinimum
		);
	});
}

#[test]
fn a_price_increase_applies_at_once_and_a_decrease_after_the_session_age() {
	ExtBuilder.build_and_execute(|| {
		let id = payer_with(CARRIER, ROUTER, 0);
		let higher = TrafficPrice { per_gb: 60_000, per_packet: 0 };
		assert_ok!(Usage::set_price(RuntimeOrigin::signed(CARRIER), id, higher));
		assert_eq!(Usage::payer_view(id).expect("exists").price_now, higher);

		let lower = TrafficPrice { per_gb: 10_000, per_packet: 0 };
		assert_ok!(Usage::set_price(RuntimeOrigin::signed(CARRIER), id, lower));
		let from = START + MAX_SESSION_AGE + 1;
		assert_eq!(events().last(), Some(&Event::PriceSet { payer: id, price: lower, from }));
		run_to_block(from - 1);
		assert_eq!(Usage::payer_view(id).expect("exists").price_now, higher);
		run_to_block(from);
		assert_eq!(Usage::payer_view(id).expect("exists").price_now, lower);
	});
}

#[test]
fn only_the_payers_account_manages_it() {
	ExtBuilder.build_and_execute(|| {
		let id = payer_with(CARRIER, ROUTER, 0);
		assert_noop!(
			Usage::set_price(RuntimeOrigin::signed(ALICE), id, PRICE),
			Error::<Test>::NotPayerAccount
		);
		assert_noop!(
			Usage::escrow_credits(RuntimeOrigin::signed(ALICE), id, 1),
			Error::<Test>::NotPayerAccount
		);
		assert_noop!(
			Usage::unlock_escrow(RuntimeOrigin::signed(ALICE), id, 1),
			Error::<Test>::NotPayerAccount
		);
	});
}

#[test]
fn escrow_moves_the_accounts_credits_into_escrow() {
	ExtBuilder.build_and_execute(|| {
		let id = payer_with(CARRIER, ROUTER, 1_000);
		assert_eq!(FakeCreditAccounts::get(CARRIER), (CREDITS - 1_000, 1_000));
		assert_eq!(Payers::<Test>::get(id).expect("exists").escrow, 1_000);
		assert_noop!(
			Usage::escrow_credits(RuntimeOrigin::signed(CARRIER), id, CREDITS),
			DispatchError::from(depin_primitives::CreditsError::InsufficientCredits)
		);
		assert_noop!(
			Usage::escrow_credits(RuntimeOrigin::signed(CARRIER), id, 0),
			Error::<Test>::ZeroAmount
		);
	});
}

#[test]
fn unlocked_escrow_is_withdrawn_only_after_the_session_age() {
	ExtBuilder.build_and_execute(|| {
		let id = payer_with(CARRIER, ROUTER, 1_000);
		assert_noop!(
			Usage::unlock_escrow(RuntimeOrigin::signed(CARRIER), id, 1_001),
			Error::<Test>::InsufficientEscrow
		);
		assert_ok!(Usage::unlock_escrow(RuntimeOrigin::signed(CARRIER), id, 400));
		assert_noop!(
			Usage::withdraw_escrow(RuntimeOrigin::signed(CARRIER), id),
			Error::<Test>::NothingToWithdraw
		);
		run_to_block(START + MAX_SESSION_AGE + 1);
		assert_ok!(Usage::withdraw_escrow(RuntimeOrigin::signed(CARRIER), id));
		assert_eq!(FakeCreditAccounts::get(CARRIER), (CREDITS - 600, 600));
		assert_eq!(Payers::<Test>::get(id).expect("exists").escrow, 600);
		assert_noop!(
			Usage::withdraw_escrow(RuntimeOrigin::signed(CARRIER), id),
			Error::<Test>::NothingToWithdraw
		);
	});
}

#[test]
fn a_suspended_payer_is_resumed_only_by_governance() {
	ExtBuilder.build_and_execute(|| {
		let id = payer_with(CARRIER, ROUTER, 0);
		assert_ok!(Usage::suspend_payer(RuntimeOrigin::root(), id));
		assert_noop!(
			Usage::suspend_payer(RuntimeOrigin::root(), id),
			Error::<Test>::PayerAlreadySuspended
		);
		assert_noop!(
			Usage::resume_payer(RuntimeOrigin::signed(CARRIER), id),
			DispatchError::BadOrigin
		);
		assert_ok!(Usage::resume_payer(RuntimeOrigin::root(), id));
		assert_noop!(
			Usage::resume_payer(RuntimeOrigin::root(), id),
			Error::<Test>::PayerNotSuspended
		);
	});
}

#[test]
fn revoking_a_payer_slashes_or_releases_its_bond_and_releases_its_escrow() {
	ExtBuilder.build_and_execute(|| {
		let slashed = payer_with(CARRIER, ROUTER, 1_000);
		assert_ok!(Usage::revoke_payer(RuntimeOrigin::root(), slashed, Some(TREASURY)));
		assert_eq!(Balances::free_balance(TREASURY), FUNDS + BOND);
		assert_eq!(Balances::balance_on_hold(&HoldReason::PayerBond.into(), &CARRIER), 0);
		assert_eq!(FakeCreditAccounts::get(CARRIER), (CREDITS, 0));
		assert_eq!(PayerByKey::<Test>::get(key(ROUTER)), None);
		assert_noop!(
			Usage::revoke_payer(RuntimeOrigin::root(), slashed, None),
			Error::<Test>::PayerRevoked
		);

		let released = payer_with(CARRIER, ROUTER, 0);
		assert_ok!(Usage::revoke_payer(RuntimeOrigin::root(), released, None));
		assert_eq!(Balances::free_balance(CARRIER), FUNDS - BOND);
	});
}
