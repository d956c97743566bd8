//! The denylist: governance only, with an evidence hash and an expiry.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::DispatchError;

const EVIDENCE: H256 = H256([0xee; 32]);

#[test]
fn only_governance_keeps_the_denylist() {
	ExtBuilder.build_and_execute(|| {
		let signed = RuntimeOrigin::signed(ALICE);
		assert_noop!(
			Coverage::deny_device(signed.clone(), 1, EVIDENCE, START + 1),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Coverage::deny_edge(signed.clone(), 1, 2, EVIDENCE, START + 1),
			DispatchError::BadOrigin
		);
		assert_noop!(Coverage::allow_device(signed.clone(), 1), DispatchError::BadOrigin);
		assert_noop!(Coverage::allow_edge(signed, 1, 2), DispatchError::BadOrigin);
	});
}

#[test]
fn denylisted_beaconer_cannot_beacon_until_expiry() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		assert_ok!(Coverage::deny_device(RuntimeOrigin::root(), 1, EVIDENCE, START + 5));
		System::assert_last_event(
			Event::DeviceDenied {
				device: 1,
				denial: Denial { evidence: EVIDENCE, expires_at: START + 5 },
			}
			.into(),
		);
		assert_noop!(submit(beacon(1), vec![]), Error::<Test>::BeaconerDenylisted);
		run_to_block(START + 5);
		assert_ok!(submit(beacon(1), vec![]));
	});
}

#[test]
fn allowing_removes_the_entry() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		assert_ok!(Coverage::deny_device(RuntimeOrigin::root(), 1, EVIDENCE, START + 5));
		assert_ok!(Coverage::allow_device(RuntimeOrigin::root(), 1));
		System::assert_last_event(Event::DeviceAllowed { device: 1 }.into());
		assert_ok!(submit(beacon(1), vec![]));
		assert_noop!(Coverage::allow_device(RuntimeOrigin::root(), 1), Error::<Test>::NotDenied);

		assert_ok!(Coverage::deny_edge(RuntimeOrigin::root(), 1, 2, EVIDENCE, START + 5));
		assert!(Coverage::is_edge_denied(1, 2, START));
		assert!(!Coverage::is_edge_denied(2, 1, START));
		assert_ok!(Coverage::allow_edge(RuntimeOrigin::root(), 1, 2));
		System::assert_last_event(Event::EdgeAllowed { beaconer: 1, witness: 2 }.into());
		assert_noop!(Coverage::allow_edge(RuntimeOrigin::root(), 1, 2), Error::<Test>::NotDenied);
	});
}

#[test]
fn expiry_must_be_in_the_future_and_edges_not_self() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Coverage::deny_device(RuntimeOrigin::root(), 1, EVIDENCE, START),
			Error::<Test>::ExpiryInPast
		);
		assert_noop!(
			Coverage::deny_edge(RuntimeOrigin::root(), 1, 2, EVIDENCE, START),
			Error::<Test>::ExpiryInPast
		);
		assert_noop!(
			Coverage::deny_edge(RuntimeOrigin::root(), 1, 1, EVIDENCE, START + 1),
			Error::<Test>::SelfEdge
		);
	});
}
