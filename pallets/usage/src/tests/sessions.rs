//! Data-transfer sessions: every rule, and the attacks on them (forged, replayed, front-run,
//! self-dealt, starved).

use crate::{mock::*, *};
use depin_primitives::DeviceSignature;
use frame_support::{assert_noop, assert_ok};
use sp_core::Pair;

/// Alice's hotspot 1 at `HOME` and the carrier as a payer with all its credits escrowed.
fn setup() -> (DeviceId, PayerId) {
	(hotspot(1, ALICE, Some(HOME)), payer())
}

#[test]
fn a_countersigned_session_burns_the_payers_escrow_and_counts_the_hotspots_bytes() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		let mut fields = session(device, id, 1, 2 * GB);
		fields.bytes_up = GB;
		assert_ok!(submit(vec![signed(fields)]));
		// 3 GB at 50,000 credits a GB.
		let cost = 150_000;
		assert_eq!(FakeCreditAccounts::get(CARRIER), (0, CREDITS - cost));
		assert_eq!(Payers::<Test>::get(id).expect("exists").escrow, CREDITS - cost);
		assert_eq!(FakeCreditsBurned::get(), cost);
		let usage = HotspotUsage::<Test>::get(0, device).expect("counted");
		assert_eq!((usage.sessions, usage.bytes, usage.credits), (1, 3 * GB, cost));
		let hex = HOME.parent(8).expect("resolution 8");
		assert_eq!(HexDemand::<Test>::get(0, hex), Some(3 * GB));
		assert_eq!(
			events().last(),
			Some(&Event::SessionCounted {
				hotspot: device,
				payer: id,
				session_id: [1; 16],
				bytes: 3 * GB,
				credits: cost
			})
		);
	});
}

#[test]
fn a_reports_sessions_add_up_once_per_payer_hotspot_and_hex() {
	ExtBuilder.build_and_execute(|| {
		// Two payers; Bob's hotspots 1 and 2 share a hex, Charlie's 3 is in another.
		let (one, two, three) = (
			hotspot(1, BOB, Some(HOME)),
			hotspot(2, BOB, Some(HOME)),
			hotspot(3, CHARLIE, Some(NEAR)),
		);
		let (carrier, alice) = (payer(), payer_with(ALICE, ROUTER + 1, CREDITS));
		let report = vec![
			signed(session(one, carrier, 1, GB)),
			sign_with(session(one, alice, 2, 2 * GB), 1, ROUTER + 1),
			signed(session(two, carrier, 3, 3 * GB)),
			sign_with(session(three, alice, 4, 4 * GB), 3, ROUTER + 1),
		];
		assert_ok!(submit(report));

		// Each payer burned and recorded its own sessions, at 50,000 credits a GB.
		for (id, account, sessions, gigabytes) in [(carrier, CARRIER, 2, 4), (alice, ALICE, 2, 6)] {
			let cost = gigabytes as u128 * 50_000;
			assert_eq!(FakeCreditAccounts::get(account), (0, CREDITS - cost), "payer {id}");
			assert_eq!(Payers::<Test>::get(id).expect("exists").escrow, CREDITS - cost);
			let traffic = PayerTraffics::<Test>::get(id);
			assert_eq!(
				(traffic.sessions, traffic.bytes, traffic.credits),
				(sessions, gigabytes * GB, cost)
			);
		}
		assert_eq!(FakeCreditsBurned::get(), 10 * 50_000);
		// Each hotspot's and each hex's bytes, summed over the report.
		for (device, sessions, gigabytes) in [(one, 2, 3), (two, 1, 3), (three, 1, 4)] {
			let usage = HotspotUsage::<Test>::get(0, device).expect("counted");
			assert_eq!(
				(usage.sessions, usage.bytes),
				(sessions, gigabytes * GB),
				"hotspot {device}"
			);
		}
		let hex = |cell: H3Cell| cell.parent(8).expect("resolution 8");
		assert_eq!(HexDemand::<Test>::get(0, hex(HOME)), Some(6 * GB));
		assert_eq!(HexDemand::<Test>::get(0, hex(NEAR)), Some(4 * GB));
		let totals = EpochTotals::<Test>::get(0).expect("totals");
		assert_eq!((totals.sessions, totals.hotspots, totals.bytes), (4, 3, 10 * u128::from(GB)));
		// One event a session, in the report's order.
		let counted: Vec<_> = events()
			.into_iter()
			.filter_map(|event| match event {
				Event::SessionCounted { session_id, .. } => Some(session_id[0]),
				_ => None,
			})
			.collect();
		assert_eq!(counted, vec![1, 2, 3, 4]);
	});
}

#[test]
fn bytes_are_priced_per_gigabyte_rounded_up_and_packets_per_packet() {
	let price = TrafficPrice { per_gb: 50_000, per_packet: 3 };
	assert_eq!(price.cost(1, 0), Some(1));
	assert_eq!(price.cost(GB, 0), Some(50_000));
	assert_eq!(price.cost(GB + 1, 10), Some(50_001 + 30));
	assert_eq!(TrafficPrice { per_gb: u128::MAX, per_packet: 0 }.cost(2, 0), None);
}

#[test]
fn a_forged_hotspot_signature_is_refused_by_name() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		hotspot(2, BOB, Some(NEAR));
		// Signed by another device's key.
		let forged = sign_with(session(device, id, 1, GB), 2, ROUTER);
		assert_noop!(submit(vec![forged]), Error::<Test>::BadHotspotSignature);
	});
}

#[test]
fn a_forged_countersignature_is_refused_by_name() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		// The hotspot signs for itself and "countersigns" with its own key.
		let forged = sign_with(session(device, id, 1, GB), 1, 1);
		assert_noop!(submit(vec![forged]), Error::<Test>::BadPayerSignature);
	});
}

#[test]
fn a_hotspot_signature_cannot_stand_in_for_the_countersignature() {
	ExtBuilder.build_and_execute(|| {
		// A payer whose routing key is also the hotspot's device key: the two payloads differ
		// by their domain tags, so one signature never verifies as the other.
		hotspot(1, ALICE, Some(HOME));
		let id = payer_with(CARRIER, 1, CREDITS);
		let fields = session(1, id, 1, GB);
		let genesis = genesis_hash::<Test>();
		let signature = DeviceSignature::Sr25519(pair(1).sign(&fields.payload(&genesis)).0);
		let swapped = SignedSession {
			session: fields,
			hotspot_signature: signature,
			payer_signature: signature,
		};
		assert_noop!(submit(vec![swapped]), Error::<Test>::BadPayerSignature);
	});
}

#[test]
fn a_tampered_byte_count_breaks_both_signatures() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		let mut report = signed(session(device, id, 1, GB));
		report.session.bytes_down *= 10;
		assert_noop!(submit(vec![report]), Error::<Test>::BadHotspotSignature);
	});
}

#[test]
fn a_replayed_session_is_refused_by_name() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		let report = signed(session(device, id, 1, GB));
		assert_ok!(submit(vec![report.clone()]));
		assert_noop!(submit(vec![report.clone()]), Error::<Test>::DuplicateSession);
		// Still refused in the next epoch, while it is young enough to be reported at all.
		end_epoch(0);
		assert_noop!(submit(vec![report]), Error::<Test>::DuplicateSession);
	});
}

#[test]
fn a_session_id_twice_in_one_report_is_refused() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		hotspot(2, BOB, Some(NEAR));
		let first = signed(session(device, id, 7, GB));
		let second = signed(session(2, id, 7, GB));
		assert_noop!(submit(vec![first, second]), Error::<Test>::DuplicateSession);
	});
}

#[test]
fn a_session_too_old_to_have_been_seen_is_refused() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		let mut fields = session(device, id, 1, GB);
		fields.period = (START - MAX_SESSION_AGE - 5, START - MAX_SESSION_AGE - 1);
		assert_noop!(submit(vec![signed(fields)]), Error::<Test>::SessionTooOld);
		fields.period.1 = START - MAX_SESSION_AGE;
		assert_ok!(submit(vec![signed(fields)]));
	});
}

#[test]
fn a_session_must_have_ended_and_have_a_period() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		let mut fields = session(device, id, 1, GB);
		fields.period = (START - 1, START + 1);
		assert_noop!(submit(vec![signed(fields)]), Error::<Test>::SessionFromFuture);
		fields.period = (START - 1, START - 2);
		assert_noop!(submit(vec![signed(fields)]), Error::<Test>::BadPeriod);
	});
}

#[test]
fn an_empty_session_is_refused() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		assert_noop!(submit(vec![signed(session(device, id, 1, 0))]), Error::<Test>::EmptySession);
		assert_noop!(submit(vec![]), Error::<Test>::EmptyReport);
	});
}

#[test]
fn packets_at_no_packet_price_are_worthless() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		let mut fields = session(device, id, 1, 0);
		fields.packets = 10;
		assert_noop!(submit(vec![signed(fields)]), Error::<Test>::SessionWorthless);
	});
}

#[test]
fn only_active_located_registered_hotspots_report() {
	ExtBuilder.build_and_execute(|| {
		let id = payer();
		assert_noop!(submit(vec![signed(session(9, id, 1, GB))]), Error::<Test>::UnknownHotspot);
		hotspot(2, BOB, None);
		assert_noop!(submit(vec![signed(session(2, id, 1, GB))]), Error::<Test>::HotspotNotLocated);
		hotspot(3, BOB, Some(NEAR));
		FakeRegistry::suspend(3, depin_primitives::SuspendReason::Governance).expect("fake");
		assert_noop!(submit(vec![signed(session(3, id, 1, GB))]), Error::<Test>::HotspotNotActive);
	});
}

#[test]
fn a_suspended_or_unknown_payers_sessions_are_refused() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		assert_noop!(
			submit(vec![signed(session(device, id + 1, 1, GB))]),
			Error::<Test>::UnknownPayer
		);
		assert_ok!(Usage::suspend_payer(RuntimeOrigin::root(), id));
		assert_noop!(
			submit(vec![signed(session(device, id, 1, GB))]),
			Error::<Test>::PayerNotActive
		);
	});
}

#[test]
fn a_payer_cannot_buy_its_own_hotspots_traffic() {
	ExtBuilder.build_and_execute(|| {
		let id = payer();
		hotspot(1, CARRIER, Some(HOME));
		assert_noop!(submit(vec![signed(session(1, id, 1, GB))]), Error::<Test>::PayerOwnsHotspot);
	});
}

#[test]
fn a_session_beyond_the_escrow_is_refused_and_the_report_changes_nothing() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, Some(HOME));
		hotspot(2, BOB, Some(NEAR));
		// Escrow for one gigabyte and a half.
		let id = payer_with(CARRIER, ROUTER, 75_000);
		let first = signed(session(1, id, 1, GB));
		let second = signed(session(2, id, 2, GB));
		assert_noop!(submit(vec![first.clone(), second]), Error::<Test>::EscrowExhausted);
		assert_ok!(submit(vec![first]));
	});
}

#[test]
fn unlocking_credits_still_pay_for_sessions_countersigned_before() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		let report = signed(session(device, id, 1, GB));
		// The payer asks everything back right after countersigning.
		assert_ok!(Usage::unlock_escrow(RuntimeOrigin::signed(CARRIER), id, CREDITS));
		run_to_block(START + MAX_SESSION_AGE - 1);
		assert_ok!(submit(vec![report]));
		run_to_block(START + MAX_SESSION_AGE + 1);
		assert_ok!(Usage::withdraw_escrow(RuntimeOrigin::signed(CARRIER), id));
		assert_eq!(FakeCreditAccounts::get(CARRIER), (CREDITS - 50_000, 0));
	});
}

#[test]
fn a_payer_cannot_lower_its_price_under_sessions_already_carried() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		let report = signed(session(device, id, 1, GB));
		// Front-running the report with a price cut does not take effect in time.
		let cut = TrafficPrice { per_gb: 1_000, per_packet: 0 };
		assert_ok!(Usage::set_price(RuntimeOrigin::signed(CARRIER), id, cut));
		run_to_block(START + MAX_SESSION_AGE - 1);
		assert_ok!(submit(vec![report]));
		assert_eq!(HotspotUsage::<Test>::get(0, device).expect("counted").credits, 50_000);
	});
}

#[test]
fn a_payers_sessions_stop_at_its_epoch_limit() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		assert_ok!(Usage::set_payer_limit(RuntimeOrigin::root(), id, 120_000));
		assert_ok!(submit(vec![signed(session(device, id, 1, 2 * GB))]));
		assert_noop!(
			submit(vec![signed(session(device, id, 2, GB))]),
			Error::<Test>::PayerEpochLimitReached
		);
		// The next epoch starts afresh.
		end_epoch(0);
		assert_ok!(submit(vec![signed(session(device, id, 2, GB))]));
	});
}

#[test]
fn a_hotspot_reports_a_bounded_number_of_sessions_an_epoch() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		let reports: Vec<_> = (0..MAX_SESSIONS_PER_HOTSPOT as u8)
			.map(|n| signed(session(device, id, n, GB)))
			.collect();
		assert_ok!(submit(reports));
		assert_noop!(
			submit(vec![signed(session(device, id, 200, GB))]),
			Error::<Test>::TooManySessions
		);
	});
}

#[test]
fn a_report_provides_its_sessions_so_the_pool_keeps_one_copy() {
	ExtBuilder.build_and_execute(|| {
		let (device, id) = setup();
		let report = frame_support::BoundedVec::try_from(vec![signed(session(device, id, 1, GB))])
			.expect("bounded");
		let (validity, _) = Usage::authorize_submit_sessions(
			frame_support::pallet_prelude::TransactionSource::External,
			&report,
		)
		.expect("valid");
		assert_eq!(
			validity.provides,
			vec![codec::Encode::encode(&("UsageSessions", (id, [1u8; 16])))]
		);
		assert_eq!(validity.priority, REPORT_PRIORITY);
		// Valid until the session (ended at the previous block) is too old to be reported.
		assert_eq!(validity.longevity, MAX_SESSION_AGE);
	});
}
