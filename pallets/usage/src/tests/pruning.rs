//! What nothing reads any more is removed, in bounded steps.

use crate::{mock::*, *};
use frame_support::assert_ok;

#[test]
fn an_epochs_traffic_is_kept_through_the_next_epoch_then_removed_in_bounded_steps() {
	ExtBuilder.build_and_execute(|| {
		let id = payer();
		for n in 1..=3u8 {
			hotspot(n, AccountId::from(n) + 20, Some(HOME));
			assert_ok!(submit(vec![signed(session(DeviceId::from(n), id, n, GB))]));
		}
		end_epoch(0);
		run_to_block(System::block_number() + 5);
		assert_eq!(HotspotUsage::<Test>::iter_prefix(0).count(), 3);

		end_epoch(0);
		// Three usage entries in the first block (the limit), then the hex demand and the
		// totals.
		assert_eq!(HotspotUsage::<Test>::iter_prefix(0).count(), 0);
		assert_eq!(HexDemand::<Test>::iter_prefix(0).count(), 1);
		Usage::do_try_state().expect("half-pruned epochs are consistent");
		run_to_block(System::block_number() + 1);
		assert_eq!(HexDemand::<Test>::iter_prefix(0).count(), 0);
		assert_eq!(EpochTotals::<Test>::get(0), None);
		assert_eq!(OldestKept::<Test>::get(), 1);
	});
}

#[test]
fn replay_keys_are_dropped_once_their_sessions_are_too_old_to_report() {
	ExtBuilder.build_and_execute(|| {
		let id = payer();
		hotspot(1, ALICE, Some(HOME));
		let report = signed(session(1, id, 1, GB));
		let end = report.session.period.1;
		assert_ok!(submit(vec![report.clone()]));
		let bucket = end / MAX_SESSION_AGE;
		assert!(Seen::<Test>::contains_key(bucket, (id, [1u8; 16])));
		// The last block the session could be reported in: the key is still there.
		run_to_block(end + MAX_SESSION_AGE);
		assert_eq!(submit(vec![report.clone()]), Err(Error::<Test>::DuplicateSession.into()));
		// Once the bucket after it has passed, nothing ending in it can be reported.
		run_to_block((bucket + 2) * MAX_SESSION_AGE);
		assert!(!Seen::<Test>::contains_key(bucket, (id, [1u8; 16])));
		assert_eq!(submit(vec![report]), Err(Error::<Test>::SessionTooOld.into()));
	});
}
