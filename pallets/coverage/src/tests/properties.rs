//! Property tests: random sequences of reports (beacons with receipts from any hotspots, some
//! tampered with), hotspots moving, suspended, resumed and removed, denylist entries, epochs
//! turning and time passing, by hotspots of three owners. After every step every invariant of
//! `do_try_state` holds, a refused report leaves storage exactly as it was, and no accepted report
//! rewards a witness of its beaconer's owner.

use crate::{mock::*, *};
use depin_primitives::{DeviceObserver, DeviceStatus, SuspendReason};
use frame_support::dispatch::DispatchResult;
use proptest::prelude::*;

/// The hotspots: device `n` owned by `OWNERS[n - 1]`, first at `CELLS[n - 1]`.
const OWNERS: [AccountId; 6] = [ALICE, BOB, CHARLIE, ALICE, BOB, CHARLIE];
/// Cells around the Statue of Liberty (from 19 m to 1.6 km apart) and one in San Francisco.
const CELLS: [H3Cell; 6] =
	[HOME, NEAR, with_digit(HOME, 8, 2), with_digit(HOME, 9, 3), TOO_CLOSE, FAR];

#[derive(Clone, Debug)]
enum Op {
	/// Hotspot `beaconer` beacons with entropy `back` blocks old; `witnesses` sign receipts;
	/// with `tamper`, the first receipt's SNR is changed after signing.
	Report {
		beaconer: u8,
		witnesses: Vec<u8>,
		back: u64,
		tamper: bool,
	},
	Move {
		device: u8,
		cell: usize,
	},
	Suspend {
		device: u8,
	},
	Resume {
		device: u8,
	},
	/// The device's bond is withdrawn and its record removed; the registry's hook tells the
	/// pallet.
	Remove {
		device: u8,
	},
	Deny {
		device: u8,
	},
	Allow {
		device: u8,
	},
	NextEpoch,
	Advance {
		blocks: u64,
	},
}

fn hotspot_id() -> impl Strategy<Value = u8> {
	1u8..=6
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		6 => (hotspot_id(), prop::collection::vec(hotspot_id(), 0..7), 1u64..5, any::<bool>())
			.prop_map(|(beaconer, witnesses, back, tamper)| Op::Report {
				beaconer,
				witnesses,
				back,
				tamper
			}),
		1 => (hotspot_id(), 0usize..6).prop_map(|(device, cell)| Op::Move { device, cell }),
		1 => hotspot_id().prop_map(|device| Op::Suspend { device }),
		1 => hotspot_id().prop_map(|device| Op::Resume { device }),
		1 => hotspot_id().prop_map(|device| Op::Remove { device }),
		1 => hotspot_id().prop_map(|device| Op::Deny { device }),
		1 => hotspot_id().prop_map(|device| Op::Allow { device }),
		1 => Just(Op::NextEpoch),
		3 => (1u64..120).prop_map(|blocks| Op::Advance { blocks }),
	]
}

/// Runs `call`; a refused call must leave storage as it was.
fn atomically(op: &Op, call: impl FnOnce() -> DispatchResult) -> Result<(), TestCaseError> {
	depin_primitives::testing::atomically(op, call).map(|_| ()).map_err(TestCaseError::fail)
}

fn registered(device: u8) -> bool {
	FakeDevices::contains_key(DeviceId::from(device))
}

fn apply(op: &Op) -> Result<(), TestCaseError> {
	match op {
		Op::Report { beaconer, witnesses, back, tamper } => {
			if !registered(*beaconer) {
				return Ok(());
			}
			let entropy_block = System::block_number().saturating_sub(*back);
			let beacon = beacon_at(*beaconer, entropy_block, FREQUENCY);
			let mut receipts: Vec<WitnessReceipt> = witnesses
				.iter()
				.filter(|w| registered(**w))
				.map(|w| receipt(&beacon, *w))
				.collect();
			if *tamper {
				if let Some(first) = receipts.first_mut() {
					first.snr_db_x10 += 1;
				}
			}
			System::reset_events();
			atomically(op, || submit(beacon.clone(), receipts))?;
			let beaconer_owner = FakeDevices::get(beacon.beaconer).map(|info| info.owner);
			if let Some((_, _, rewarded)) = last_accepted() {
				for (witness, _) in rewarded {
					let owner = FakeDevices::get(witness).map(|info| info.owner);
					prop_assert_ne!(owner, beaconer_owner, "{:?}: a self-owned witness earned", op);
				}
			}
		}
		Op::Move { device, cell } => {
			if registered(*device) {
				FakeRegistry::modify(DeviceId::from(*device), |info| {
					info.location = Some(CELLS[*cell])
				});
			}
		}
		Op::Suspend { device } => {
			if registered(*device) {
				let reason = SuspendReason::Governance;
				FakeRegistry::modify(DeviceId::from(*device), |info| {
					info.status = DeviceStatus::Suspended { reason }
				});
			}
		}
		Op::Resume { device } => {
			if registered(*device) {
				FakeRegistry::modify(DeviceId::from(*device), |info| {
					info.status = DeviceStatus::Active
				});
			}
		}
		Op::Remove { device } => {
			if registered(*device) {
				let removed = FakeDevices::take(DeviceId::from(*device));
				let owner = removed.expect("registered").owner;
				<Coverage as DeviceObserver<AccountId>>::on_removed(
					DeviceId::from(*device),
					&owner,
				);
			}
		}
		Op::Deny { device } => {
			let expires_at = System::block_number() + 200;
			atomically(op, || {
				Coverage::deny_device(
					RuntimeOrigin::root(),
					DeviceId::from(*device),
					sp_core::H256::repeat_byte(7),
					expires_at,
				)
			})?;
		}
		Op::Allow { device } => {
			atomically(op, || {
				Coverage::allow_device(RuntimeOrigin::root(), DeviceId::from(*device))
			})?;
		}
		Op::NextEpoch => FakeEpoch::mutate(|epoch| *epoch += 1),
		Op::Advance { blocks } => run_to_block(System::block_number() + blocks),
	}
	Ok(())
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(96))]

	#[test]
	fn invariants_hold_and_no_owner_earns_from_its_own_witnesses(
		ops in prop::collection::vec(op(), 1..60),
	) {
		ExtBuilder.build().execute_with(|| -> Result<(), TestCaseError> {
			for (n, (owner, cell)) in OWNERS.iter().zip(CELLS).enumerate() {
				hotspot(n as u8 + 1, *owner, cell);
			}
			for (step, op) in ops.iter().enumerate() {
				apply(op)?;
				if let Err(error) = Coverage::do_try_state() {
					return Err(TestCaseError::fail(format!(
						"step {step} ({op:?}) broke an invariant: {error:?}"
					)));
				}
			}
			Ok(())
		})?;
	}
}
