//! Lazy, bounded settlement: per-block accrual for intervals with a heartbeat, settled through
//! `UsageSettlement` on every touch and round-robin in `on_idle`; failed settlements keep the
//! debt.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, weights::Weight};

/// Bob's listed device 1 leased by Alice at 600 credits an hour (one a block) for 1,000 blocks
/// with 1,000 credits, heartbeat at block 1 (interval 0 = blocks 1..101).
fn running_lease() -> LeaseId {
	let device = listed(1, BOB, PRICE);
	let id = lease(ALICE, device, 1_000, 1_000);
	assert_ok!(beat(1, id));
	id
}

fn claim(id: LeaseId) -> DispatchResult {
	Leases::claim(RuntimeOrigin::signed(BOB), id)
}

#[test]
fn owed_credits_accrue_per_block_and_settle_on_claim() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		run_to_block(51);
		assert_ok!(claim(id));
		// 50 blocks at one credit a block, burned from Alice's escrow and paid to Bob.
		assert_eq!(paid(BOB), 50);
		assert_eq!(lease_of(id).escrow, 950);
		assert_eq!(lease_of(id).settled, 50);
		assert_eq!(lease_of(id).owed, 0);
		assert_eq!(escrowed(ALICE), 950);
		assert_eq!(ProviderEarnings::<Test>::get(BOB), 50);
		System::assert_last_event(Event::LeaseSettled { lease: id, credits: 50 }.into());
	});
}

#[test]
fn only_the_provider_claims() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		assert_noop!(
			Leases::claim(RuntimeOrigin::signed(ALICE), id),
			Error::<Test>::NotLeaseProvider
		);
		assert_noop!(claim(9), Error::<Test>::UnknownLease);
	});
}

#[test]
fn intervals_without_a_heartbeat_are_not_billed() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		// Interval 1 (blocks 101..201) has no heartbeat; interval 2 gets one at block 250.
		run_to_block(250);
		assert_ok!(claim(id));
		assert_eq!(paid(BOB), 100);
		assert_ok!(beat(1, id));
		// Interval 2 is billed from its start: blocks 201..250.
		assert_eq!(paid(BOB), 149);
		run_to_block(260);
		assert_ok!(claim(id));
		assert_eq!(paid(BOB), 159);
	});
}

#[test]
fn a_heartbeat_bills_its_whole_interval_once_whatever_the_touches() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		// Touches before interval 1's heartbeat bill nothing of it…
		run_to_block(120);
		assert_ok!(claim(id));
		assert_eq!(paid(BOB), 100);
		run_to_block(130);
		idle(Weight::MAX);
		assert_eq!(paid(BOB), 100);
		// …and the heartbeat bills it from its start, once.
		run_to_block(150);
		assert_ok!(beat(1, id));
		assert_eq!(paid(BOB), 149);
		run_to_block(201);
		assert_ok!(claim(id));
		assert_eq!(paid(BOB), 200);
		run_to_block(230);
		assert_ok!(claim(id));
		assert_eq!(paid(BOB), 200);
	});
}

#[test]
fn fractions_of_a_credit_carry_between_touches() {
	ExtBuilder::default().build_and_execute(|| {
		// 7 credits an hour: 7 / 600 of a credit a block.
		let device = listed(1, BOB, 7);
		let id = lease(ALICE, device, 1_000, 100);
		assert_ok!(beat(1, id));
		for block in (11..=101).step_by(10) {
			run_to_block(block);
			assert_ok!(claim(id));
		}
		// 100 blocks × 7 / 600 = 1.17: one whole credit, the rest carried.
		assert_eq!(paid(BOB), 1);
		assert_eq!(lease_of(id).carry, 100);
	});
}

#[test]
fn a_failed_settlement_keeps_the_debt_and_settles_it_once_later() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		settlement_fails(true);
		run_to_block(51);
		assert_ok!(claim(id));
		assert_eq!(paid(BOB), 0);
		assert_eq!(lease_of(id).owed, 50);
		assert_eq!(lease_of(id).escrow, 1_000);
		assert_eq!(lease_of(id).state, LeaseState::Active);
		System::assert_last_event(Event::SettlementDeferred { lease: id, owed: 50 }.into());
		run_to_block(56);
		idle(Weight::MAX);
		assert_eq!(lease_of(id).owed, 55);

		settlement_fails(false);
		run_to_block(61);
		assert_ok!(claim(id));
		assert_eq!(paid(BOB), 60);
		assert_eq!(lease_of(id).owed, 0);
		assert_eq!(lease_of(id).escrow, 940);
		assert_eq!(escrowed(ALICE), 940);
	});
}

#[test]
fn on_idle_settles_leases_round_robin_at_most_a_batch_a_block() {
	ExtBuilder::default().parameters(|parameters| parameters.on_idle_batch = 2).build_and_execute(
		|| {
			let ids: Vec<LeaseId> = (1..=3u8)
				.map(|n| {
					let device = listed(n, BOB, PRICE);
					let id = lease(ALICE, device, 1_000, 1_000);
					assert_ok!(beat(n, id));
					id
				})
				.collect();
			let accrued = || ids.iter().map(|id| lease_of(*id).accrued_to).collect::<Vec<_>>();

			run_to_block(11);
			idle(Weight::MAX);
			let mut after = accrued();
			assert_eq!(after.iter().filter(|at| **at == 11).count(), 2);
			let skipped = after.iter().position(|at| *at == 1).expect("one lease waits");

			// The next block continues with the lease skipped, then wraps around.
			run_to_block(21);
			idle(Weight::MAX);
			after = accrued();
			assert_eq!(after[skipped], 21);
			assert_eq!(after.iter().filter(|at| **at == 21).count(), 2);
			// Block 11: two leases × 10; block 21: the skipped one × 20, the first again × 10.
			assert_eq!(paid(BOB), 10 + 10 + 20 + 10);
		},
	);
}

#[test]
fn on_idle_visits_each_lease_once_a_block() {
	ExtBuilder::default().build_and_execute(|| {
		let id = running_lease();
		run_to_block(11);
		assert_eq!(idle(Weight::MAX), <() as WeightInfo>::settle_lease());
		assert_eq!(paid(BOB), 10);
		assert_eq!(lease_of(id).accrued_to, 11);
	});
}

#[test]
fn on_idle_stays_within_the_remaining_weight() {
	ExtBuilder::default().build_and_execute(|| {
		let first = running_lease();
		let device = listed(2, BOB, PRICE);
		let second = lease(ALICE, device, 1_000, 1_000);
		run_to_block(11);
		let one = <() as WeightInfo>::settle_lease();
		assert_eq!(idle(one.saturating_sub(Weight::from_parts(1, 0))), Weight::zero());
		assert_eq!(lease_of(first).accrued_to, 1);
		assert_eq!(lease_of(second).accrued_to, 1);
		assert_eq!(idle(one), one);
		let visited = [first, second].iter().filter(|id| lease_of(**id).accrued_to == 11).count();
		assert_eq!(visited, 1);
	});
}
