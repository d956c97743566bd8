//! Location: a resolution-12 H3 cell, charged only when it changes.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};

fn assert_location(
	who: AccountId,
	device: DeviceId,
	cell: H3Cell,
	gain: u16,
	elevation: i32,
) -> DispatchResult {
	Registry::assert_location(RuntimeOrigin::signed(who), device, cell, gain, elevation)
}

#[test]
fn a_new_location_burns_the_location_fee() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, hotspot());
		take_observed();
		let before = credits(ALICE);

		assert_ok!(assert_location(ALICE, device, CELL_A, 40, 10));
		assert_eq!(credits(ALICE), before - LOCATION_FEE);
		let info = Devices::<Test>::get(device).expect("registered");
		assert_eq!(info.location, Some(CELL_A));
		assert_eq!(info.location_asserts, 1);
		System::assert_last_event(
			Event::LocationAsserted {
				device,
				location: CELL_A,
				gain_dbi_x10: 40,
				elevation_m: 10,
				fee: LOCATION_FEE,
			}
			.into(),
		);
		assert_eq!(
			take_observed(),
			vec![Observed::Moved(device, DeviceStatus::Active, None, CELL_A)]
		);

		// Every move is charged again.
		assert_ok!(assert_location(ALICE, device, CELL_B, 40, 10));
		assert_eq!(credits(ALICE), before - 2 * LOCATION_FEE);
		assert_eq!(
			take_observed(),
			vec![Observed::Moved(device, DeviceStatus::Active, Some(CELL_A), CELL_B)]
		);
	});
}

#[test]
fn reasserting_the_same_location_is_never_charged() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard_located_hotspot(ALICE, 1, CELL_A);
		let before = credits(ALICE);
		assert_noop!(
			assert_location(ALICE, device, CELL_A, 40, 10),
			Error::<Test>::LocationUnchanged
		);
		assert_eq!(credits(ALICE), before);
	});
}

#[test]
fn changing_only_a_hotspots_antenna_is_free() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard_located_hotspot(ALICE, 1, CELL_A);
		take_observed();
		let before = credits(ALICE);

		assert_ok!(assert_location(ALICE, device, CELL_A, 60, 25));
		assert_eq!(credits(ALICE), before);
		let info = Devices::<Test>::get(device).expect("registered");
		assert_eq!(info.hotspot(), Some(&HotspotAttributes { gain_dbi_x10: 60, elevation_m: 25 }));
		assert_eq!(info.location_asserts, 1);
		System::assert_last_event(
			Event::LocationAsserted {
				device,
				location: CELL_A,
				gain_dbi_x10: 60,
				elevation_m: 25,
				fee: 0,
			}
			.into(),
		);
		// Per-hex counts do not change, so observers are not told.
		assert_eq!(take_observed(), vec![]);
	});
}

#[test]
fn the_location_must_be_a_valid_resolution_12_h3_cell() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, hotspot());
		let invalid = [
			// The res-10 cell 0x8a2a1072b59ffff relabelled as res 12 (digits 11, 12 are 7).
			H3Cell(0x08c2a1072b59ffff),
			// A valid cell, but at resolution 10.
			H3Cell(0x08a2a1072b59ffff),
			// Base cell 122.
			H3Cell(0x08cf41072b59b9ff),
			// A pentagon's deleted direction.
			H3Cell(0x08c08000000003ff),
			// Not a cell at all.
			H3Cell(0),
		];
		for cell in invalid {
			assert_noop!(
				assert_location(ALICE, device, cell, 40, 10),
				Error::<Test>::InvalidLocation
			);
		}
	});
}

#[test]
fn parents_at_resolutions_4_to_11_derive_from_the_asserted_location() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard_located_hotspot(ALICE, 1, CELL_A);
		let cell = Devices::<Test>::get(device).and_then(|d| d.location).expect("located");
		for res in 4..=11u8 {
			let parent = cell.parent(res).expect("coarser than 12");
			assert_eq!(parent.validate(), Ok(res));
		}
		// The H3 documentation's Statue of Liberty cell at resolution 10.
		assert_eq!(cell.parent(10), Some(H3Cell(0x08a2a1072b59ffff)));
	});
}

#[test]
fn a_hotspots_antenna_must_be_within_bounds() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, hotspot());
		assert_noop!(
			assert_location(ALICE, device, CELL_A, 9, 10),
			Error::<Test>::InvalidAntennaGain
		);
		assert_noop!(
			assert_location(ALICE, device, CELL_A, 151, 10),
			Error::<Test>::InvalidAntennaGain
		);
		assert_noop!(
			assert_location(ALICE, device, CELL_A, 40, -501),
			Error::<Test>::InvalidElevation
		);
	});
}

#[test]
fn other_classes_assert_a_location_without_an_antenna() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, gpu());
		assert_noop!(
			assert_location(ALICE, device, CELL_A, 40, 0),
			Error::<Test>::AntennaNotApplicable
		);
		assert_noop!(
			assert_location(ALICE, device, CELL_A, 0, 3),
			Error::<Test>::AntennaNotApplicable
		);
		assert_ok!(assert_location(ALICE, device, CELL_A, 0, 0));
		assert_eq!(Devices::<Test>::get(device).and_then(|d| d.location), Some(CELL_A));
		assert_noop!(
			assert_location(ALICE, device, CELL_A, 0, 0),
			Error::<Test>::LocationUnchanged
		);
	});
}

#[test]
fn only_the_owner_asserts_a_location() {
	ExtBuilder::default().build_and_execute(|| {
		let device = onboard(ALICE, 1, hotspot());
		assert_noop!(assert_location(BOB, device, CELL_A, 40, 10), Error::<Test>::NotOwner);
		assert_noop!(assert_location(ALICE, 42, CELL_A, 40, 10), Error::<Test>::UnknownDevice);
	});
}

#[test]
fn a_move_without_credits_fails_with_insufficient_credits() {
	ExtBuilder::default().credits(ALICE, ONBOARDING_FEE + LOCATION_FEE - 1).build_and_execute(
		|| {
			let device = onboard(ALICE, 1, hotspot());
			assert_noop!(
				assert_location(ALICE, device, CELL_A, 40, 10),
				Error::<Test>::InsufficientCredits
			);
		},
	);
}
