//! The explorer's reads: regions, hexes and hotspots under a hex, paged and bounded, kept by
//! the region index as hotspots move, suspend and retire; and a block's coverage activity.

use crate::{mock::*, *};
use depin_primitives::{DeviceStatus, SuspendReason};
use frame_support::assert_ok;

fn region(cell: H3Cell) -> H3Cell {
	cell.parent(DENSITY_MIN_RESOLUTION).expect("finer than resolution 4")
}

/// Every page of `hotspots_under(parent)` at `limit` a page, joined.
fn all_hotspots_under(parent: H3Cell, limit: u32) -> Vec<(DeviceId, H3Cell)> {
	let mut all = Vec::new();
	let mut after = None;
	loop {
		let page = Coverage::hotspots_under(parent, after, limit).expect("a valid parent");
		assert!(page.hotspots.len() <= limit as usize, "a page holds at most its limit");
		all.extend(page.hotspots);
		match page.next {
			Some(next) => after = Some(next),
			None => return all,
		}
	}
}

#[test]
fn the_region_index_follows_moves_suspensions_and_retirements() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		hotspot(2, BOB, FAR);
		assert_eq!(Located::<Test>::get(region(HOME), 1), Some(HOME));
		assert_eq!(Located::<Test>::get(region(FAR), 2), Some(FAR));
		assert!(Regions::<Test>::contains_key(region(FAR)));

		// Moving to San Francisco's region empties the home region.
		FakeRegistry::modify(1, |info| info.location = Some(FAR));
		assert_eq!(Located::<Test>::get(region(HOME), 1), None);
		assert_eq!(Located::<Test>::get(region(FAR), 1), Some(FAR));
		assert!(!Regions::<Test>::contains_key(region(HOME)));

		// Suspended or retired hotspots are not listed; a resumed one is again.
		assert_ok!(FakeRegistry::suspend(2, SuspendReason::Slash));
		assert_eq!(Located::<Test>::get(region(FAR), 2), None);
		assert!(Regions::<Test>::contains_key(region(FAR)), "hotspot 1 is still there");
		assert_ok!(FakeRegistry::resume(2, SuspendReason::Slash));
		assert_eq!(Located::<Test>::get(region(FAR), 2), Some(FAR));
		FakeRegistry::modify(1, |info| info.status = DeviceStatus::Retired);
		FakeRegistry::modify(2, |info| info.status = DeviceStatus::Retired);
		assert_eq!(Regions::<Test>::iter_keys().count(), 0);
		assert_eq!(Located::<Test>::iter().count(), 0);
	});
}

#[test]
fn regions_list_each_occupied_region_once_across_pages() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		hotspot(2, BOB, NEAR);
		hotspot(3, BOB, FAR);
		let first = Coverage::regions(None, 1);
		assert_eq!(first.hexes.len(), 1);
		let cursor = first.next.expect("a second region");
		let second = Coverage::regions(Some(cursor), 1);
		assert_eq!(second.hexes.len(), 1);
		assert_eq!(second.next, None, "two regions in all");
		let mut found: Vec<(H3Cell, u32)> =
			first.hexes.iter().chain(&second.hexes).map(|hex| (hex.hex, hex.count)).collect();
		found.sort();
		let mut expected = vec![(region(HOME), 2), (region(FAR), 1)];
		expected.sort();
		assert_eq!(found, expected);
		assert!(first.hexes.iter().all(|hex| hex.transmit_scale.is_none()));
		// One page big enough holds both and says it is the last.
		assert_eq!(Coverage::regions(None, 10).next, None);
	});
}

#[test]
fn hexes_under_a_parent_hold_its_occupied_hexes_with_their_counts() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		hotspot(2, BOB, HOME);
		hotspot(3, BOB, NEAR);
		hotspot(4, ALICE, FAR);
		let home10 = HOME.parent(10).expect("a coarser parent");
		let near10 = NEAR.parent(10).expect("a coarser parent");
		let page = Coverage::hexes_under(region(HOME), 10, None, 100).expect("valid");
		assert_eq!(page.next, None);
		let found: Vec<(H3Cell, u32)> = page.hexes.iter().map(|hex| (hex.hex, hex.count)).collect();
		let mut expected = vec![(home10, 2), (near10, 1)];
		expected.sort();
		assert_eq!(found, expected, "San Francisco's hotspot is in another region");
		assert!(page.hexes.iter().all(|hex| hex.transmit_scale.is_some()));

		// Under the resolution-8 hex of HOME only HOME's hexes, at every finer resolution.
		let home8 = HOME.parent(8).expect("a coarser parent");
		let page = Coverage::hexes_under(home8, 9, None, 100).expect("valid");
		assert_eq!(
			page.hexes.iter().map(|hex| (hex.hex, hex.count)).collect::<Vec<_>>(),
			vec![(HOME.parent(9).expect("a coarser parent"), 2)]
		);

		// One hotspot a page: three pages, the hexes merge to the same set.
		let mut merged = std::collections::BTreeMap::new();
		let mut after = None;
		let mut pages = 0;
		loop {
			let page = Coverage::hexes_under(region(HOME), 10, after, 1).expect("valid");
			pages += 1;
			for hex in page.hexes {
				merged.insert(hex.hex, hex.count);
			}
			match page.next {
				Some(next) => after = Some(next),
				None => break,
			}
		}
		assert_eq!(pages, 3, "each page scans one hotspot; the last finds none after it");
		assert_eq!(merged.into_iter().collect::<Vec<_>>(), expected);
	});
}

#[test]
fn hotspots_under_a_parent_are_only_those_located_under_it() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		hotspot(2, BOB, NEAR);
		hotspot(3, BOB, FAR);
		let mut in_region = all_hotspots_under(region(HOME), 1);
		in_region.sort();
		assert_eq!(in_region, vec![(1, HOME), (2, NEAR)]);
		assert_eq!(
			all_hotspots_under(HOME.parent(9).expect("a coarser parent"), 10),
			vec![(1, HOME)]
		);
		assert_eq!(all_hotspots_under(HOME, 10), vec![(1, HOME)], "its own cell holds it");
		assert_eq!(
			all_hotspots_under(FAR.parent(6).expect("a coarser parent"), 10),
			vec![(3, FAR)]
		);
		// A suspended hotspot is not listed.
		assert_ok!(FakeRegistry::suspend(1, SuspendReason::Slash));
		assert_eq!(all_hotspots_under(region(HOME), 10), vec![(2, NEAR)]);
	});
}

#[test]
fn listings_refuse_invalid_and_too_coarse_cells() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		let res3 = HOME.parent(3).expect("a coarser parent");
		assert_eq!(Coverage::hotspots_under(res3, None, 10), None);
		assert_eq!(Coverage::hexes_under(res3, 10, None, 10), None);
		assert_eq!(Coverage::hotspots_under(H3Cell(0), None, 10), None);
		// Resolution outside parent's..10.
		assert_eq!(
			Coverage::hexes_under(HOME.parent(8).expect("a coarser parent"), 7, None, 10),
			None
		);
		assert_eq!(
			Coverage::hexes_under(HOME.parent(8).expect("a coarser parent"), 11, None, 10),
			None
		);
		assert_eq!(Coverage::hexes_under(HOME, 12, None, 10), None, "finer than 10");
	});
}

#[test]
fn a_page_scans_at_most_max_page_entries() {
	ExtBuilder.build_and_execute(|| {
		// More hotspots than a page, all in HOME's hex.
		for n in 0..(MAX_PAGE + 5) {
			let device = DeviceId::from(n) + 1_000;
			Counted::<Test>::insert(device, HOME);
			Located::<Test>::insert(region(HOME), device, HOME);
		}
		let page = Coverage::hotspots_under(region(HOME), None, u32::MAX).expect("valid");
		assert_eq!(page.hotspots.len(), MAX_PAGE as usize, "the limit is capped");
		assert!(page.next.is_some());
		let rest = Coverage::hotspots_under(region(HOME), page.next, u32::MAX).expect("valid");
		assert_eq!(rest.hotspots.len(), 5);
		assert_eq!(rest.next, None);
		// Undo the hand-made entries so the invariants hold at the end.
		let _ = Located::<Test>::clear(u32::MAX, None);
		let _ = Counted::<Test>::clear(u32::MAX, None);
	});
}

#[test]
fn coverage_events_map_to_activity_and_others_do_not() {
	ExtBuilder.build_and_execute(|| {
		let beacon = [7u8; 32];
		assert_eq!(
			Coverage::activity_of(&Event::WitnessInvalid {
				beacon_id: beacon,
				witness: 3,
				reason: WitnessInvalid::TooClose,
			}),
			Some(CoverageActivity::WitnessInvalid {
				beacon,
				witness: 3,
				reason: WitnessInvalid::TooClose
			})
		);
		assert_eq!(
			Coverage::activity_of(&Event::BeaconRewarded {
				beacon_id: beacon,
				beaconer: 1,
				epoch: 2,
				valid_witnesses: 1,
				beacon_shares: 10,
				rewarded: vec![(3, 5)],
			}),
			Some(CoverageActivity::BeaconRewarded {
				beacon,
				beaconer: 1,
				epoch: 2,
				valid_witnesses: 1,
				shares: 10,
				witnesses: vec![(3, 5)],
			})
		);
		assert_eq!(
			Coverage::activity_of(&Event::SharesNoted {
				earned_in: 1,
				noted_in: 2,
				hotspots: 1,
				shares: 1
			}),
			None
		);
	});
}
