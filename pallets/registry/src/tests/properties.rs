//! Property tests: random sequences of onboardings (with right and wrong attestations), location
//! assertions, transfers, key rotations, retirements, withdrawals, suspensions, resumptions and
//! slashes by several accounts, with every invariant of `do_try_state` checked after each step,
//! a refused call leaving storage exactly as it was, and the attestation rule checked across the
//! whole sequence: a key is registered once, ever.

use crate::{mock::*, *};
use alloc::collections::btree_set::BTreeSet;
use frame_support::dispatch::DispatchResult;
use proptest::prelude::*;

/// Accounts the operations pick from; `NOBODY` does not exist.
const ACCOUNTS: [AccountId; 4] = [ALICE, BOB, CHARLIE, NOBODY];

#[derive(Clone, Debug)]
enum Op {
	/// `owner` onboards test key `key` as a hotspot or a GPU, with the maker's attestation made
	/// for `attested_for` (the owner itself, or someone else: a stolen attestation).
	Onboard {
		owner: AccountId,
		attested_for: AccountId,
		key: u8,
		hotspot: bool,
	},
	Locate {
		who: AccountId,
		device: DeviceId,
		at_a: bool,
	},
	Transfer {
		who: AccountId,
		device: DeviceId,
		to: AccountId,
	},
	Rotate {
		who: AccountId,
		device: DeviceId,
		key: u8,
	},
	Retire {
		who: AccountId,
		device: DeviceId,
	},
	Withdraw {
		who: AccountId,
		device: DeviceId,
	},
	Suspend {
		device: DeviceId,
	},
	Resume {
		device: DeviceId,
	},
	Slash {
		device: DeviceId,
		amount: Balance,
		to: AccountId,
	},
	/// Advance this many blocks.
	Advance {
		blocks: u64,
	},
}

fn account() -> impl Strategy<Value = AccountId> {
	prop::sample::select(ACCOUNTS.to_vec())
}

fn device() -> impl Strategy<Value = DeviceId> {
	0u64..8
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		3 => (account(), account(), 1u8..10, any::<bool>()).prop_map(
			|(owner, attested_for, key, hotspot)| Op::Onboard { owner, attested_for, key, hotspot }
		),
		1 => (account(), device(), any::<bool>()).prop_map(|(who, device, at_a)| Op::Locate {
			who,
			device,
			at_a
		}),
		1 => (account(), device(), account()).prop_map(|(who, device, to)| Op::Transfer {
			who,
			device,
			to
		}),
		2 => (account(), device(), 1u8..10).prop_map(|(who, device, key)| Op::Rotate {
			who,
			device,
			key
		}),
		1 => (account(), device()).prop_map(|(who, device)| Op::Retire { who, device }),
		1 => (account(), device()).prop_map(|(who, device)| Op::Withdraw { who, device }),
		1 => device().prop_map(|device| Op::Suspend { device }),
		1 => device().prop_map(|device| Op::Resume { device }),
		1 => (device(), 0u64..200, account()).prop_map(|(device, amount, to)| Op::Slash {
			device,
			amount,
			to
		}),
		1 => (1u64..8).prop_map(|blocks| Op::Advance { blocks }),
	]
}

/// Runs `call`; a refused call must leave storage as it was. Returns whether it succeeded.
fn atomically(op: &Op, call: impl FnOnce() -> DispatchResult) -> Result<bool, TestCaseError> {
	depin_primitives::testing::atomically(op, call).map_err(TestCaseError::fail)
}

/// Applies `op`; `keys` holds every key any device ever had, and a successful onboarding or
/// rotation must use a key it does not hold.
fn apply(op: &Op, keys: &mut BTreeSet<DeviceKey>) -> Result<(), TestCaseError> {
	let signed = RuntimeOrigin::signed;
	match *op {
		Op::Onboard { owner, attested_for, key, hotspot } => {
			let attributes = if hotspot { mock::hotspot() } else { gpu() };
			let device_key = device_key(key);
			let attestation = attest(&device_key, attested_for, attributes.class());
			let done = atomically(op, || {
				Registry::onboard_device(
					signed(owner),
					device_key,
					attributes,
					ED_MAKER,
					VALID_UNTIL,
					attestation,
				)
			})?;
			if done {
				prop_assert!(keys.insert(device_key), "{:?}: a key registered twice", op);
				prop_assert_eq!(
					owner,
					attested_for,
					"{:?}: onboarded with another's attestation",
					op
				);
			}
		}
		Op::Locate { who, device, at_a } => {
			let cell = if at_a { CELL_A } else { CELL_B };
			atomically(op, || Registry::assert_location(signed(who), device, cell, 40, 10))?;
		}
		Op::Transfer { who, device, to } => {
			atomically(op, || Registry::transfer_device(signed(who), device, to))?;
		}
		Op::Rotate { who, device, key } => {
			let new_key = device_key(key);
			let proof = rotation_proof(key, device);
			let done = atomically(op, || {
				Registry::rotate_device_key(signed(who), device, new_key, proof)
			})?;
			if done {
				prop_assert!(keys.insert(new_key), "{:?}: a key registered twice", op);
			}
		}
		Op::Retire { who, device } => {
			atomically(op, || Registry::retire_device(signed(who), device))?;
		}
		Op::Withdraw { who, device } => {
			atomically(op, || Registry::withdraw_bond(signed(who), device))?;
		}
		Op::Suspend { device } => {
			let reason = SuspendReason::Governance;
			atomically(op, || Registry::suspend_device(RuntimeOrigin::root(), device, reason))?;
		}
		Op::Resume { device } => {
			atomically(op, || Registry::resume_device(RuntimeOrigin::root(), device))?;
		}
		Op::Slash { device, amount, to } => {
			atomically(op, || {
				Registry::slash_device_bond(RuntimeOrigin::root(), device, amount, to)
			})?;
		}
		Op::Advance { blocks } => run_to_block(System::block_number() + blocks),
	}
	Ok(())
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(128))]

	#[test]
	fn invariants_hold_and_keys_register_once_over_random_sequences(
		ops in prop::collection::vec(op(), 1..60),
	) {
		ExtBuilder::default().build().execute_with(|| -> Result<(), TestCaseError> {
			let mut keys = BTreeSet::new();
			for (step, op) in ops.iter().enumerate() {
				apply(op, &mut keys)?;
				if let Err(error) = Registry::do_try_state() {
					return Err(TestCaseError::fail(format!(
						"step {step} ({op:?}) broke an invariant: {error:?}"
					)));
				}
			}
			// Every key ever registered is either a device's key now or retired for good.
			for key in &keys {
				prop_assert!(
					DeviceByKey::<Test>::contains_key(key) ^ RetiredKeys::<Test>::contains_key(key),
					"key {:?} is neither registered nor retired (or both)",
					key
				);
			}
			Ok(())
		})?;
	}
}
