//! Property tests: random sequences of session reports (by hotspots of three owners to two
//! payers, some forged, replayed, too old or over a payer's escrow), escrow moves, payers
//! suspended and resumed, epochs ending with random budgets and time passing. After every step
//! every invariant of `do_try_state` holds, a refused call leaves storage exactly as it was,
//! no session is counted twice, the credits burned are those of the sessions counted, and no owner is noted more than the cap of the value its hotspots' payers burned.

use crate::{mock::*, *};
use frame_support::dispatch::DispatchResult;
use proptest::prelude::*;

/// The hotspots: device `n` owned by `OWNERS[n - 1]`.
const OWNERS: [AccountId; 4] = [ALICE, BOB, CHARLIE, ALICE];
/// The payers' accounts and routing keys.
const PAYERS: [(AccountId, u8); 2] = [(CARRIER, ROUTER), (ALICE, ROUTER + 1)];

#[derive(Clone, Debug)]
enum Op {
	/// Sessions `(hotspot, payer, id, megabytes, back)`; with `forge`, the first is signed by
	/// the wrong device.
	Report {
		sessions: Vec<(u8, u32, u8, u64, u64)>,
		forge: bool,
	},
	Escrow {
		payer: u32,
		amount: u128,
	},
	Unlock {
		payer: u32,
		amount: u128,
	},
	Withdraw {
		payer: u32,
	},
	Suspend {
		payer: u32,
	},
	Resume {
		payer: u32,
	},
	EndEpoch {
		budget: u128,
	},
	Advance {
		blocks: u64,
	},
}

fn op() -> impl Strategy<Value = Op> {
	let session = (1u8..=4, 0u32..2, 0u8..12, 0u64..3_000, 1u64..30);
	prop_oneof![
		6 => (prop::collection::vec(session, 1..4), prop::bool::weighted(0.1))
			.prop_map(|(sessions, forge)| Op::Report { sessions, forge }),
		1 => (0u32..2, 0u128..200_000).prop_map(|(payer, amount)| Op::Escrow { payer, amount }),
		1 => (0u32..2, 0u128..200_000).prop_map(|(payer, amount)| Op::Unlock { payer, amount }),
		1 => (0u32..2).prop_map(|payer| Op::Withdraw { payer }),
		1 => (0u32..2).prop_map(|payer| Op::Suspend { payer }),
		1 => (0u32..2).prop_map(|payer| Op::Resume { payer }),
		1 => (0u128..10_000_000_000_000).prop_map(|budget| Op::EndEpoch { budget }),
		2 => (1u64..10).prop_map(|blocks| Op::Advance { blocks }),
	]
}

/// Runs `call`; a refused call must leave storage as it was.
fn atomically(op: &Op, call: impl FnOnce() -> DispatchResult) -> Result<(), TestCaseError> {
	depin_primitives::testing::atomically(op, call).map(|_| ()).map_err(TestCaseError::fail)
}

fn account(payer: u32) -> RuntimeOrigin {
	RuntimeOrigin::signed(PAYERS[payer as usize].0)
}

/// Applies `op`; returns the sessions it counted.
fn apply(op: &Op) -> Result<Vec<depin_primitives::payloads::DataSessionFields>, TestCaseError> {
	let mut counted = Vec::new();
	match op {
		Op::Report { sessions, forge } => {
			let now = System::block_number();
			let mut reports: Vec<SignedSession> = sessions
				.iter()
				.map(|(hotspot, payer, id, megabytes, back)| {
					let mut fields =
						session(DeviceId::from(*hotspot), *payer, *id, megabytes * 1_000_000);
					fields.period = (now.saturating_sub(back + 5), now.saturating_sub(*back));
					sign_with(fields, *hotspot, PAYERS[*payer as usize].1)
				})
				.collect();
			if *forge {
				let first = &mut reports[0];
				*first = sign_with(first.session, first.session.hotspot as u8 % 4 + 1, ROUTER);
			}
			let fields: Vec<_> = reports.iter().map(|report| report.session).collect();
			let accepted = depin_primitives::testing::atomically(op, || submit(reports))
				.map_err(TestCaseError::fail)?;
			if accepted {
				counted = fields;
			}
		}
		Op::Escrow { payer, amount } => {
			atomically(op, || Usage::escrow_credits(account(*payer), *payer, *amount))?
		}
		Op::Unlock { payer, amount } => {
			atomically(op, || Usage::unlock_escrow(account(*payer), *payer, *amount))?
		}
		Op::Withdraw { payer } => {
			atomically(op, || Usage::withdraw_escrow(account(*payer), *payer))?
		}
		Op::Suspend { payer } => {
			atomically(op, || Usage::suspend_payer(RuntimeOrigin::root(), *payer))?
		}
		Op::Resume { payer } => {
			atomically(op, || Usage::resume_payer(RuntimeOrigin::root(), *payer))?
		}
		Op::EndEpoch { budget } => end_epoch(*budget),
		Op::Advance { blocks } => run_to_block(System::block_number() + blocks),
	}
	Ok(counted)
}

/// Per owner, the cap of the value burned for its hotspots in `epoch`.
fn caps(epoch: EpochIndex) -> Vec<(AccountId, u128)> {
	let mut caps: Vec<(AccountId, u128)> = Vec::new();
	for (device, traffic) in HotspotUsage::<Test>::iter_prefix(epoch) {
		let owner = OWNERS[device as usize - 1];
		let cap = traffic.credits * VALUE_PER_CREDIT * 3;
		match caps.iter_mut().find(|(who, _)| *who == owner) {
			Some((_, sum)) => *sum += cap,
			None => caps.push((owner, cap)),
		}
	}
	caps
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]

	#[test]
	fn invariants_hold_burns_match_traffic_and_rewards_stay_under_the_cap(
		ops in prop::collection::vec(op(), 1..50),
	) {
		ExtBuilder.build().execute_with(|| -> Result<(), TestCaseError> {
			for (n, owner) in OWNERS.iter().enumerate() {
				hotspot(n as u8 + 1, *owner, Some(if n % 2 == 0 { HOME } else { NEAR }));
			}
			for (account, router) in PAYERS {
				payer_with(account, router, 1_000_000);
			}
			let mut counted = std::collections::BTreeSet::new();
			for (step, op) in ops.iter().enumerate() {
				let epoch = FakeEpoch::get();
				let before = caps(epoch);
				for session in apply(op)? {
					prop_assert!(
						counted.insert(codec::Encode::encode(&session)),
						"step {} ({:?}) counted a session twice",
						step,
						op
					);
				}
				if let Err(error) = Usage::do_try_state() {
					return Err(TestCaseError::fail(format!(
						"step {step} ({op:?}) broke an invariant: {error:?}"
					)));
				}
				if matches!(op, Op::EndEpoch { .. }) {
					note_all();
					for (owner, cap) in before {
						prop_assert!(noted(epoch + 1, owner) <= cap, "{:?} noted over its cap", owner);
					}
				}
			}
			// Every credit burned was burned for a counted session.
			let counted_credits: u128 = events()
				.into_iter()
				.filter_map(|event| match event {
					Event::SessionCounted { credits, .. } => Some(credits),
					_ => None,
				})
				.sum();
			prop_assert_eq!(FakeCreditsBurned::get(), counted_credits);
			Ok(())
		})?;
	}
}
