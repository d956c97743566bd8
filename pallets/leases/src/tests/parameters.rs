//! Parameters: set at genesis, changed only by governance, always within bounds.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::traits::BadOrigin;

#[test]
fn parameters_come_from_genesis() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Parameters::<Test>::get(), test_parameters());
	});
}

#[test]
fn default_parameters_are_the_design_values() {
	ExtBuilder::default().build_and_execute(|| {
		let defaults = DefaultParameters::<Test>::get();
		assert_eq!(defaults.heartbeat_period, 100);
		assert_eq!(defaults.max_missed_heartbeats, 3);
		assert_eq!(defaults.grace_period, 600);
		assert_eq!(defaults.notice_period, 600);
		assert_eq!(defaults.order_expiry, 600);
		assert_eq!(defaults.breach_slash, Perbill::from_percent(10));
		assert_eq!(defaults.breach_tenant_share, Perbill::from_percent(50));
		assert_eq!(defaults.on_idle_batch, 10);
		assert_ok!(Leases::ensure_parameters_in_bounds(&defaults));
	});
}

#[test]
fn only_governance_sets_parameters() {
	ExtBuilder::default().build_and_execute(|| {
		let new = LeaseParameters { heartbeat_period: 50, ..test_parameters() };
		assert_noop!(Leases::set_parameters(RuntimeOrigin::signed(ALICE), new), BadOrigin);
		assert_ok!(Leases::set_parameters(RuntimeOrigin::root(), new));
		assert_eq!(Parameters::<Test>::get(), new);
		System::assert_last_event(Event::ParametersSet { parameters: new }.into());
	});
}

#[test]
fn parameters_are_bounds_checked() {
	ExtBuilder::default().build_and_execute(|| {
		let base = test_parameters();
		let set = |parameters| Leases::set_parameters(RuntimeOrigin::root(), parameters);
		assert_noop!(
			set(LeaseParameters { heartbeat_period: 9, ..base }),
			Error::<Test>::HeartbeatPeriodOutOfRange
		);
		assert_noop!(
			set(LeaseParameters { heartbeat_period: 14_401, ..base }),
			Error::<Test>::HeartbeatPeriodOutOfRange
		);
		assert_noop!(
			set(LeaseParameters { max_missed_heartbeats: 0, ..base }),
			Error::<Test>::MaxMissedOutOfRange
		);
		assert_noop!(
			set(LeaseParameters { max_missed_heartbeats: 101, ..base }),
			Error::<Test>::MaxMissedOutOfRange
		);
		assert_noop!(
			set(LeaseParameters { grace_period: 100_801, ..base }),
			Error::<Test>::PeriodTooLong
		);
		assert_noop!(
			set(LeaseParameters { notice_period: 100_801, ..base }),
			Error::<Test>::PeriodTooLong
		);
		assert_noop!(
			set(LeaseParameters { order_expiry: 9, ..base }),
			Error::<Test>::OrderExpiryOutOfRange
		);
		assert_noop!(
			set(LeaseParameters { order_expiry: 100_801, ..base }),
			Error::<Test>::OrderExpiryOutOfRange
		);
		assert_noop!(
			set(LeaseParameters { bid_bond: MAX_BID_BOND + 1, ..base }),
			Error::<Test>::BidBondTooHigh
		);
		assert_noop!(
			set(LeaseParameters { breach_slash: Perbill::from_percent(51), ..base }),
			Error::<Test>::BreachSlashTooHigh
		);
		assert_noop!(
			set(LeaseParameters { on_idle_batch: 0, ..base }),
			Error::<Test>::OnIdleBatchOutOfRange
		);
		assert_noop!(
			set(LeaseParameters { on_idle_batch: 101, ..base }),
			Error::<Test>::OnIdleBatchOutOfRange
		);
		// The bounds themselves are accepted.
		assert_ok!(set(LeaseParameters {
			heartbeat_period: 14_400,
			max_missed_heartbeats: 100,
			grace_period: 100_800,
			notice_period: 0,
			order_expiry: 10,
			bid_bond: MAX_BID_BOND,
			order_deposit: MAX_BID_BOND,
			breach_slash: Perbill::from_percent(50),
			breach_tenant_share: Perbill::one(),
			on_idle_batch: 100,
		}));
	});
}

#[test]
fn a_running_lease_keeps_its_heartbeat_period() {
	ExtBuilder::default().build_and_execute(|| {
		let device = listed(1, BOB, PRICE);
		let id = lease(ALICE, device, 1_000, 1_000);
		let new = LeaseParameters { heartbeat_period: 10, ..test_parameters() };
		assert_ok!(Leases::set_parameters(RuntimeOrigin::root(), new));
		assert_eq!(lease_of(id).heartbeat_period, HEARTBEAT);
	});
}
