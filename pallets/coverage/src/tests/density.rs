//! Hex density: per-hex counts kept current as hotspots move, suspend and retire, and the
//! HIP-17/HIP-104 transmit scale that multiplies every share.

use crate::{features::reward_units::*, mock::*, *};
use depin_primitives::{h3::ring, DeviceClass, DeviceObserver, DeviceStatus, SuspendReason};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Perbill;

/// The count of `cell`'s parent at `res`.
fn count(cell: H3Cell, res: u8) -> Option<u32> {
	HexCounts::<Test>::get(cell.parent(res).expect("a coarser parent"))
}

/// The resolution-12 centre child of `hex`.
fn center_child(hex: H3Cell) -> H3Cell {
	let res = hex.resolution();
	let mut raw = hex.0 & !(0xf << 52) | (12 << 52);
	for r in res + 1..=12 {
		raw &= !(0b111 << ((15 - u32::from(r)) * 3));
	}
	H3Cell(raw)
}

/// The scale a report would compute now for a hotspot at `cell`.
fn scale_at(cell: H3Cell) -> Perbill {
	let hex = cell.parent(DENSITY_MAX_RESOLUTION).expect("resolution 12");
	Coverage::compute_scale(hex, &mut Default::default())
}

fn third() -> Perbill {
	Perbill::from_rational(1u32, 3u32)
}

#[test]
fn hex_counts_follow_location_suspension_and_retirement() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		hotspot(2, BOB, HOME);
		for res in DENSITY_MIN_RESOLUTION..=DENSITY_MAX_RESOLUTION {
			assert_eq!(count(HOME, res), Some(2));
		}
		// Moving one hotspot: the shared coarse parents keep it, the fine ones lose it.
		FakeRegistry::modify(2, |info| info.location = Some(NEAR));
		assert_eq!(count(HOME, 10), Some(1));
		assert_eq!(count(NEAR, 10), Some(1));
		assert_eq!(count(HOME, 8), Some(1));
		assert_eq!(count(HOME, 7), Some(2));
		// Suspension and retirement take it out; resumption puts it back.
		assert_ok!(FakeRegistry::suspend(2, SuspendReason::Slash));
		assert_eq!(count(NEAR, 10), None);
		assert_eq!(count(HOME, 4), Some(1));
		assert_ok!(FakeRegistry::resume(2, SuspendReason::Slash));
		assert_eq!(count(NEAR, 10), Some(1));
		FakeRegistry::modify(2, |info| info.status = DeviceStatus::Retired);
		assert_eq!(count(NEAR, 10), None);
		assert_eq!(Counted::<Test>::get(2), None);
		assert_eq!(Counted::<Test>::get(1), Some(HOME));
	});
}

#[test]
fn registry_hooks_keep_the_counts() {
	ExtBuilder.build_and_execute(|| {
		// Registered, not yet located: not counted.
		hotspot(1, ALICE, HOME);
		FakeRegistry::modify(1, |info| info.location = None);
		assert_eq!(count(HOME, 10), None);

		let located = |cell| {
			FakeDevices::mutate(1, |info| info.as_mut().expect("registered").location = cell)
		};
		located(Some(HOME));
		<Coverage as DeviceObserver<AccountId>>::on_moved(
			1,
			DeviceClass::Hotspot,
			DeviceStatus::Active,
			None,
			HOME,
		);
		assert_eq!(count(HOME, 10), Some(1));
		// A GPU's move is not a hotspot's.
		<Coverage as DeviceObserver<AccountId>>::on_moved(
			1,
			DeviceClass::Gpu,
			DeviceStatus::Active,
			Some(HOME),
			NEAR,
		);
		assert_eq!(count(HOME, 10), Some(1));

		let status = |status| {
			FakeDevices::mutate(1, |info| info.as_mut().expect("registered").status = status)
		};
		status(DeviceStatus::Suspended { reason: SuspendReason::Governance });
		<Coverage as DeviceObserver<AccountId>>::on_suspended(
			1,
			DeviceClass::Hotspot,
			Some(HOME),
			SuspendReason::Governance,
		);
		assert_eq!(count(HOME, 10), None);
		status(DeviceStatus::Active);
		<Coverage as DeviceObserver<AccountId>>::on_resumed(1, DeviceClass::Hotspot, Some(HOME));
		assert_eq!(count(HOME, 10), Some(1));
		status(DeviceStatus::Retired);
		<Coverage as DeviceObserver<AccountId>>::on_retired(
			1,
			DeviceClass::Hotspot,
			Some(HOME),
			true,
		);
		assert_eq!(count(HOME, 4), None);
		<Coverage as DeviceObserver<AccountId>>::on_removed(1, &ALICE);
		FakeDevices::remove(1);
		assert!(!Activity::<Test>::contains_key(1));
	});
}

#[test]
fn a_lone_hotspot_has_full_transmit_scale() {
	ExtBuilder.build_and_execute(|| {
		hotspot(1, ALICE, HOME);
		assert_eq!(scale_at(HOME), Perbill::one());
	});
}

#[test]
fn crowded_hexes_clip_the_transmit_scale() {
	ExtBuilder.build_and_execute(|| {
		// Three hotspots in one resolution-10 hex: Helium's (2, 1, 1) rows of resolutions 8 to
		// 10 allow one each, so each of those resolutions scales by 1/3.
		for n in 1..=3 {
			hotspot(n, ALICE, NEAR);
		}
		assert_eq!(scale_at(NEAR), third() * third() * third());
		// A hotspot alone in its resolution-8 hex shares only the unclipped coarse hexes.
		hotspot(4, BOB, HOME);
		assert_eq!(scale_at(HOME), Perbill::one());
	});
}

#[test]
fn occupied_neighbours_raise_the_limit() {
	ExtBuilder.build_and_execute(|| {
		// Resolution 10: two occupied hexes in the disk before the limit grows, one hotspot
		// makes a hex occupied, at most five. Coarser resolutions never clip.
		let mut rules =
			[DensityRule { neighbors: 1, target: MAX_DENSITY_LIMIT, max: MAX_DENSITY_LIMIT }; 7];
		rules[6] = DensityRule { neighbors: 2, target: 1, max: 5 };
		assert_ok!(Coverage::set_density_rules(RuntimeOrigin::root(), rules));

		let hex = NEAR.parent(10).expect("resolution 12");
		for n in 1..=3 {
			hotspot(n, ALICE, NEAR);
		}
		// Alone: occupied 1, limit 1 × max(1 − 2 + 1, 1) = 1.
		assert_eq!(scale_at(NEAR), third());
		// Two occupied neighbours: occupied 3, limit 1 × (3 − 2 + 1) = 2.
		let ring = ring::neighbors(hex).expect("a valid hex");
		for (n, neighbor) in (4..=5).zip(ring.iter()) {
			hotspot(n, BOB, center_child(*neighbor));
		}
		assert_eq!(scale_at(NEAR), Perbill::from_rational(2u32, 3u32));
	});
}

#[test]
fn shares_are_scaled_by_the_transmit_scale() {
	ExtBuilder.build_and_execute(|| {
		reciprocal(hotspot(1, ALICE, HOME));
		reciprocal(hotspot(2, BOB, NEAR));
		reciprocal(hotspot(3, CHARLIE, NEAR));
		run_to_block(START + BEACON_INTERVAL);
		let b = beacon(1);
		let receipts = vec![receipt(&b, 2), receipt(&b, 3)];
		assert_ok!(submit(b, receipts));
		// Two witnesses in one resolution-10 hex: 1/2 at resolutions 8, 9 and 10.
		let half = Perbill::from_percent(50);
		assert_eq!(shares(BOB), (half * half * half).mul_floor(witness_unit(2)));
		assert_eq!(shares(BOB), 125_000_000);
		assert_eq!(shares(ALICE), beacon_unit(2));
		assert_eq!(Activity::<Test>::get(2).epoch_shares, 125_000_000);
		assert_eq!(EpochTotal::<Test>::get(), (0, beacon_unit(2) + 2 * 125_000_000));
	});
}

#[test]
fn scales_are_computed_once_per_epoch() {
	ExtBuilder.build_and_execute(|| {
		reciprocal(hotspot(1, ALICE, HOME));
		reciprocal(hotspot(2, BOB, NEAR));
		run_to_block(START + BEACON_INTERVAL);
		let b = beacon(1);
		let r = receipt(&b, 2);
		assert_ok!(submit(b, vec![r]));
		let hex = NEAR.parent(10).expect("resolution 12");
		assert_eq!(HexScales::<Test>::get(hex), Some((0, Perbill::one())));

		// Reports later in the epoch reuse it...
		reciprocal(hotspot(2, BOB, NEAR));
		reciprocal(hotspot(1, ALICE, HOME));
		run_to_block(START + 2 * BEACON_INTERVAL);
		let b = beacon(1);
		let r = receipt(&b, 2);
		assert_ok!(submit(b, vec![r]));
		assert_eq!(HexScales::<Test>::get(hex), Some((0, Perbill::one())));

		// ...and the next epoch computes its own.
		FakeEpoch::put(1);
		reciprocal(hotspot(2, BOB, NEAR));
		reciprocal(hotspot(1, ALICE, HOME));
		run_to_block(START + 3 * BEACON_INTERVAL);
		let b = beacon(1);
		let r = receipt(&b, 2);
		assert_ok!(submit(b, vec![r]));
		assert_eq!(HexScales::<Test>::get(hex), Some((1, Perbill::one())));
	});
}

#[test]
fn hotspots_leaving_a_hex_while_its_scale_is_computed_and_coming_back_do_not_keep_it() {
	ExtBuilder.build_and_execute(|| {
		reciprocal(hotspot(1, ALICE, HOME));
		reciprocal(hotspot(2, BOB, NEAR));
		reciprocal(hotspot(3, CHARLIE, NEAR));
		let hex = NEAR.parent(10).expect("resolution 12");
		let crowded = scale_at(NEAR);
		assert!(crowded < Perbill::one());

		// The attack: Charlie's hotspot leaves the hex, Bob's earns at the lone hotspot's
		// scale, which is cached for the epoch...
		FakeRegistry::modify(3, |info| info.location = Some(FAR));
		run_to_block(START + BEACON_INTERVAL);
		let b = beacon(1);
		let r = receipt(&b, 2);
		assert_ok!(submit(b, vec![r]));
		assert_eq!(HexScales::<Test>::get(hex), Some((0, Perbill::one())));

		// ...then it comes back. The hex's count changed: the cached scale is gone, and the
		// next report pays the crowded hex's scale.
		FakeRegistry::modify(3, |info| info.location = Some(NEAR));
		assert_eq!(HexScales::<Test>::get(hex), None);
		reciprocal(hotspot(2, BOB, NEAR));
		reciprocal(hotspot(1, ALICE, HOME));
		run_to_block(START + 2 * BEACON_INTERVAL);
		let before = shares(BOB);
		let b = beacon(1);
		let r = receipt(&b, 2);
		assert_ok!(submit(b, vec![r]));
		assert_eq!(HexScales::<Test>::get(hex), Some((0, crowded)));
		assert_eq!(shares(BOB) - before, crowded.mul_floor(witness_unit(1)));
	});
}

#[test]
fn density_rules_are_bounded_and_kept_by_governance() {
	ExtBuilder.build_and_execute(|| {
		assert_eq!(DensityRules::<Test>::get(), HELIUM_DENSITY_TABLE);
		let mut rules = HELIUM_DENSITY_TABLE;
		rules[0].max = 600;
		assert_noop!(
			Coverage::set_density_rules(RuntimeOrigin::signed(ALICE), rules),
			sp_runtime::DispatchError::BadOrigin
		);
		for bad in [
			DensityRule { neighbors: 2, target: 0, max: 1 },
			DensityRule { neighbors: 2, target: 5, max: 4 },
			DensityRule { neighbors: 0, target: 1, max: 1 },
			DensityRule { neighbors: 8, target: 1, max: 1 },
			DensityRule { neighbors: 2, target: 1, max: MAX_DENSITY_LIMIT + 1 },
		] {
			let mut rules = HELIUM_DENSITY_TABLE;
			rules[3] = bad;
			assert_noop!(
				Coverage::set_density_rules(RuntimeOrigin::root(), rules),
				Error::<Test>::BadDensityRule
			);
		}
		assert_ok!(Coverage::set_density_rules(RuntimeOrigin::root(), rules));
		assert_eq!(DensityRules::<Test>::get(), rules);
		assert_eq!(events().last(), Some(&Event::DensityRulesSet { rules }));
	});
}
