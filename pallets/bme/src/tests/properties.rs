//! Property tests: random sequences of price submissions, burns, credit operations,
//! settlements, share notes, claims, epoch transitions and `on_idle` payouts, with every
//! invariant of `do_try_state` checked after each step.

use crate::{mock::*, *};
use depin_primitives::{Credits, RewardShares, UsageSettlement};
use frame_support::weights::Weight;
use proptest::prelude::*;

/// Accounts the operations pick from; `NOBODY` and 5 do not exist.
const ACCOUNTS: [AccountId; 5] = [ALICE, BOB, CHARLIE, NOBODY, 5];

#[derive(Clone, Debug)]
enum Op {
	/// The three feeders submit these prices, in cents.
	SubmitPrices {
		cents: (u128, u128, u128),
	},
	/// Burn thousandths of a DPN for credits.
	Burn {
		who: AccountId,
		milli_dpn: u128,
		beneficiary: Option<AccountId>,
	},
	Escrow {
		who: AccountId,
		credits: CreditBalance,
	},
	Release {
		who: AccountId,
		credits: CreditBalance,
	},
	Spend {
		who: AccountId,
		credits: CreditBalance,
	},
	Settle {
		payer: AccountId,
		provider: AccountId,
		credits: CreditBalance,
	},
	NoteShares {
		pool: RewardPool,
		who: AccountId,
		shares: Shares,
	},
	/// One batch, accounts possibly repeated, amounts possibly zero or huge (an overflow must
	/// note none of the batch).
	NoteManyShares {
		pool: RewardPool,
		shares: Vec<(AccountId, Shares)>,
	},
	/// Claim from the epoch `epochs_back + 1` epochs before the current one.
	Claim {
		who: AccountId,
		epochs_back: u32,
		pool: RewardPool,
	},
	/// Advance this many blocks (epochs end on the way).
	Advance {
		blocks: u64,
	},
	/// Run `on_idle` with the weight of this many payouts.
	Idle {
		payouts: u64,
	},
}

fn account() -> impl Strategy<Value = AccountId> {
	prop::sample::select(ACCOUNTS.to_vec())
}

fn pool() -> impl Strategy<Value = RewardPool> {
	prop_oneof![
		Just(RewardPool::Coverage),
		Just(RewardPool::ComputeAvailability),
		Just(RewardPool::Validators)
	]
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		(50u128..500, 50u128..500, 50u128..500).prop_map(|cents| Op::SubmitPrices { cents }),
		(account(), 1u128..100_000, proptest::option::of(account()))
			.prop_map(|(who, milli_dpn, beneficiary)| Op::Burn { who, milli_dpn, beneficiary }),
		(account(), 0u128..5_000_000).prop_map(|(who, credits)| Op::Escrow { who, credits }),
		(account(), 0u128..5_000_000).prop_map(|(who, credits)| Op::Release { who, credits }),
		(account(), 0u128..5_000_000).prop_map(|(who, credits)| Op::Spend { who, credits }),
		(account(), account(), 0u128..2_000_000)
			.prop_map(|(payer, provider, credits)| Op::Settle { payer, provider, credits }),
		(pool(), account(), 0u128..1_000_000_000).prop_map(|(pool, who, shares)| Op::NoteShares {
			pool,
			who,
			shares
		}),
		(
			pool(),
			prop::collection::vec(
				(account(), prop_oneof![0u128..1_000_000_000, Just(Shares::MAX / 2)]),
				0..6
			)
		)
			.prop_map(|(pool, shares)| Op::NoteManyShares { pool, shares }),
		(account(), 0u32..3, pool()).prop_map(|(who, epochs_back, pool)| Op::Claim {
			who,
			epochs_back,
			pool
		}),
		(1u64..25).prop_map(|blocks| Op::Advance { blocks }),
		(0u64..8).prop_map(|payouts| Op::Idle { payouts }),
	]
}

/// Runs `call`; a refused call must leave storage as it was.
fn atomically<R>(
	op: &Op,
	call: impl FnOnce() -> Result<R, DispatchError>,
) -> Result<(), TestCaseError> {
	depin_primitives::testing::atomically(op, call).map(|_| ()).map_err(TestCaseError::fail)
}

fn apply(op: &Op) -> Result<(), TestCaseError> {
	match *op {
		Op::SubmitPrices { cents: (a, b, c) } => {
			for (feeder, price) in [(FEEDER_1, a), (FEEDER_2, b), (FEEDER_3, c)] {
				atomically(op, || Bme::submit_price(RuntimeOrigin::signed(feeder), cents(price)))?;
			}
		}
		Op::Burn { who, milli_dpn, beneficiary } => atomically(op, || {
			Bme::burn_for_credits(RuntimeOrigin::signed(who), milli_dpn * DPN / 1_000, beneficiary)
		})?,
		Op::Escrow { who, credits } => {
			atomically(op, || <Bme as Credits<AccountId>>::escrow(&who, credits))?
		}
		Op::Release { who, credits } => {
			atomically(op, || <Bme as Credits<AccountId>>::release(&who, credits))?
		}
		Op::Spend { who, credits } => {
			atomically(op, || <Bme as Credits<AccountId>>::spend(&who, credits))?
		}
		Op::Settle { payer, provider, credits } => atomically(op, || {
			<Bme as UsageSettlement<AccountId>>::settle(&payer, &provider, credits)
		})?,
		Op::NoteShares { pool, who, shares } => atomically(op, || {
			let epoch = <Bme as RewardShares<AccountId>>::current_epoch();
			<Bme as RewardShares<AccountId>>::note_shares(pool, epoch, &who, shares)
		})?,
		Op::NoteManyShares { pool, ref shares } => atomically(op, || {
			let epoch = <Bme as RewardShares<AccountId>>::current_epoch();
			<Bme as RewardShares<AccountId>>::note_many_shares(pool, epoch, shares)
		})?,
		Op::Claim { who, epochs_back, pool } => {
			if let Some(epoch) = CurrentEpoch::<Test>::get().checked_sub(epochs_back + 1) {
				atomically(op, || Bme::claim_rewards(RuntimeOrigin::signed(who), epoch, pool))?;
			}
		}
		Op::Advance { blocks } => run_to_block(System::block_number() + blocks),
		Op::Idle { payouts } => {
			let limit = <() as WeightInfo>::on_idle_payout().saturating_mul(payouts);
			let used = idle(limit);
			prop_assert!(used.all_lte(limit), "on_idle used {:?} of {:?}", used, limit);
		}
	}
	Ok(())
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]

	#[test]
	fn invariants_hold_over_random_sequences(ops in prop::collection::vec(op(), 1..60)) {
		ExtBuilder::default().build().execute_with(|| -> Result<(), TestCaseError> {
			for (step, op) in ops.iter().enumerate() {
				apply(op)?;
				if let Err(error) = Bme::do_try_state() {
					return Err(TestCaseError::fail(format!(
						"step {step} ({op:?}) broke an invariant: {error:?}"
					)));
				}
			}
			Ok(())
		})?;
	}

	#[test]
	fn every_holder_is_paid_its_share_and_the_rest_rolls_over(
		shares in prop::collection::vec(1u128..1_000_000_000, 1..30),
		claims in prop::collection::vec(any::<bool>(), 30),
	) {
		ExtBuilder::default().build().execute_with(|| -> Result<(), TestCaseError> {
			let holders: Vec<(AccountId, Shares)> =
				shares.iter().enumerate().map(|(i, s)| (100 + i as AccountId, *s)).collect();
			for (who, s) in &holders {
				prop_assert!(Bme::note_shares(RewardPool::Coverage, 0, who, *s).is_ok());
			}
			run_to_epoch(1);
			let pool = Pools::<Test>::get((0, RewardPool::Coverage))
				.expect("the pool has shares; qed")
				.amount;
			let total: Shares = shares.iter().sum();

			for ((who, _), claim) in holders.iter().zip(claims.iter()) {
				if *claim {
					let origin = RuntimeOrigin::signed(*who);
					let _ = Bme::claim_rewards(origin, 0, RewardPool::Coverage);
				}
			}
			for _ in 0..holders.len() {
				idle(Weight::MAX);
			}
			prop_assert_eq!(OldestUnpaidEpoch::<Test>::get(), 1);

			let mut paid: Balance = 0;
			for (who, s) in &holders {
				let reward = pool * s / total;
				// Accounts that do not exist cannot receive less than the existential deposit.
				let expected = if reward >= EXISTENTIAL_DEPOSIT { reward } else { 0 };
				prop_assert_eq!(free(*who), expected);
				paid += expected;
			}
			prop_assert!(paid <= pool);
			prop_assert_eq!(Rollover::<Test>::get().coverage, pool - paid);
			if let Err(error) = Bme::do_try_state() {
				return Err(TestCaseError::fail(format!("an invariant broke: {error:?}")));
			}
			Ok(())
		})?;
	}
}
