//! Receipt windows: a valid receipt counts for its beacon whoever submits it and whatever was
//! submitted first, until the beacon's window closes; the rewarded witnesses are the best-ranked
//! of every valid receipt of the window.

use crate::{mock::*, *};
use depin_primitives::DeviceSignature;
use frame_support::{
	assert_ok,
	pallet_prelude::{InvalidTransaction, TransactionSource, TransactionValidityError},
	BoundedVec,
};

/// Mallory, who relays reports and runs hotspots of her own.
const MALLORY: AccountId = 66;

/// Beaconer 1 (Alice) at `HOME`, honest witnesses 10.. (each with its own owner) and Mallory's
/// hotspots 40.. at `NEAR`, all reciprocal; moves past the first beacon interval.
fn setup(honest: u8, mallorys: u8) -> (Vec<u8>, Vec<u8>) {
	reciprocal(hotspot(1, ALICE, HOME));
	let honest: Vec<u8> = (10..10 + honest).collect();
	for &n in &honest {
		reciprocal(hotspot(n, 1_000 + AccountId::from(n), NEAR));
	}
	let mallorys: Vec<u8> = (40..40 + mallorys).collect();
	for &n in &mallorys {
		reciprocal(hotspot(n, MALLORY, NEAR));
	}
	run_to_block(START + BEACON_INTERVAL);
	(honest, mallorys)
}

fn receipts(beacon: &Beacon, witnesses: &[u8]) -> Vec<WitnessReceipt> {
	witnesses.iter().map(|&n| receipt(beacon, n)).collect()
}

fn rewarded() -> Vec<DeviceId> {
	let (_, _, rewarded) = last_accepted().expect("the window closed");
	rewarded.into_iter().map(|(device, _)| device).collect()
}

/// The block `beacon`'s open window closes at.
fn closes_at(beacon: &Beacon) -> u64 {
	Windows::<Test>::get(beacon.id()).expect("the window is open").closes_at
}

fn authorize(
	beacon: &Beacon,
	receipts: Vec<WitnessReceipt>,
) -> Result<(), TransactionValidityError> {
	let receipts = BoundedVec::try_from(receipts).expect("within MaxWitnesses");
	Coverage::authorize_submit_report(TransactionSource::External, beacon, &receipts).map(|_| ())
}

#[test]
fn a_stripped_copy_included_first_does_not_take_the_honest_receipts() {
	ExtBuilder.build_and_execute(|| {
		let (honest, mallorys) = setup(12, 4);
		let beacon = beacon(1);
		// Mallory relays the beacon first: stripped of the honest receipts, with her own
		// hotspots' receipts instead.
		assert_ok!(submit_only(beacon.clone(), receipts(&beacon, &mallorys)));
		// The honest report still goes in, after hers, and every honest receipt counts.
		assert_ok!(submit_only(beacon.clone(), receipts(&beacon, &honest)));
		run_to_block(closes_at(&beacon));

		let (valid, _, _) = last_accepted().expect("the window closed");
		assert_eq!(valid, 16);
		let everyone: Vec<u8> = honest.iter().chain(&mallorys).copied().collect();
		assert_eq!(rewarded(), best_ranked(&beacon, &everyone), "ranked among all receipts");
		for &n in &honest {
			assert_eq!(
				Activity::<Test>::get(DeviceId::from(n)).last_valid_witness,
				Some(START + BEACON_INTERVAL)
			);
		}
	});
}

#[test]
fn a_beacon_alone_included_first_leaves_its_window_open_to_the_receipts() {
	ExtBuilder.build_and_execute(|| {
		let (honest, _) = setup(5, 0);
		let beacon = beacon(1);
		assert_ok!(submit_only(beacon.clone(), vec![]));
		assert_ok!(submit_only(beacon.clone(), receipts(&beacon, &honest)));
		run_to_block(closes_at(&beacon));
		let (valid, beacon_shares, _) = last_accepted().expect("the window closed");
		assert_eq!(valid, 5);
		assert!(beacon_shares > 0, "the beacon earns for the receipts that came after it");
		assert_eq!(rewarded(), best_ranked(&beacon, &honest));
	});
}

#[test]
fn receipts_count_until_the_window_closes_and_are_refused_after() {
	ExtBuilder.build_and_execute(|| {
		let (honest, _) = setup(3, 0);
		let beacon = beacon(1);
		assert_ok!(submit_only(beacon.clone(), receipts(&beacon, &honest[..1])));
		let close = closes_at(&beacon);
		assert_eq!(close, START + BEACON_INTERVAL + RECEIPT_WINDOW);
		// The last block before the close still counts.
		run_to_block(close - 1);
		assert_ok!(submit_only(beacon.clone(), receipts(&beacon, &honest[1..2])));
		assert!(last_accepted().is_none(), "rewards wait for the close");

		run_to_block(close);
		let (valid, _, _) = last_accepted().expect("closed in on_initialize of its block");
		assert_eq!(valid, 2);
		assert!(Windows::<Test>::iter().next().is_none());
		assert_eq!(ClosingCount::<Test>::get(close), 0);
		// After the close the receipt is refused, and nothing changes.
		assert_eq!(
			authorize(&beacon, receipts(&beacon, &honest[2..])),
			Err(InvalidTransaction::Stale.into())
		);
	});
}

#[test]
fn an_append_with_a_forged_receipt_is_refused_whole() {
	ExtBuilder.build_and_execute(|| {
		let (honest, _) = setup(3, 0);
		let beacon = beacon(1);
		assert_ok!(submit_only(beacon.clone(), receipts(&beacon, &honest[..1])));
		let mut forged = receipt(&beacon, honest[2]);
		forged.signature = DeviceSignature::Sr25519([7u8; 64]);
		let mixed = vec![receipt(&beacon, honest[1]), forged];
		assert_eq!(authorize(&beacon, mixed), Err(InvalidTransaction::BadProof.into()));
	});
}

#[test]
fn an_append_with_nothing_new_is_refused() {
	ExtBuilder.build_and_execute(|| {
		let (honest, _) = setup(2, 0);
		let beacon = beacon(1);
		assert_ok!(submit_only(beacon.clone(), receipts(&beacon, &honest)));
		// The same report again, or any part of it: a replay.
		assert_eq!(
			authorize(&beacon, receipts(&beacon, &honest)),
			Err(InvalidTransaction::Stale.into())
		);
		assert_eq!(authorize(&beacon, vec![]), Err(InvalidTransaction::Stale.into()));
	});
}

#[test]
fn a_forged_copy_of_a_counted_receipt_is_a_duplicate_without_a_signature_check() {
	ExtBuilder.build_and_execute(|| {
		let (honest, _) = setup(2, 0);
		let beacon = beacon(1);
		assert_ok!(submit_only(beacon.clone(), receipts(&beacon, &honest[..1])));
		let mut forged = receipt(&beacon, honest[0]);
		forged.signature = DeviceSignature::Sr25519([7u8; 64]);
		// Not refused as forged: the duplicate is found first, so the append goes in.
		assert_ok!(submit_only(beacon.clone(), vec![forged, receipt(&beacon, honest[1])]));
		assert!(invalid_reasons().contains(&(honest[0].into(), WitnessInvalid::Duplicate)));
		run_to_block(closes_at(&beacon));
		assert_eq!(last_accepted().map(|(valid, _, _)| valid), Some(2));
	});
}

#[test]
fn a_full_window_keeps_the_best_ranked_and_refuses_the_outranked_unverified() {
	ExtBuilder.build_and_execute(|| {
		let (honest, _) = setup(MAX_WINDOW_RECEIPTS as u8 + 2, 0);
		let beacon = beacon(1);
		let order = by_rank(&beacon, &honest);
		// The worst but one fills the window with the best ones; the very best arrives later.
		let (first, rest) = order.split_at(1);
		let (window_fill, worst) = rest.split_at(MAX_WINDOW_RECEIPTS as usize);
		assert_ok!(submit_only(beacon.clone(), receipts(&beacon, window_fill)));
		// A better one evicts the worst counted.
		assert_ok!(submit_only(beacon.clone(), receipts(&beacon, first)));
		// One ranking no better than the window's worst is refused before its signature is
		// checked: forged, it is refused as outranked, not as forged.
		let mut forged = receipt(&beacon, worst[0]);
		forged.signature = DeviceSignature::Sr25519([7u8; 64]);
		assert_eq!(authorize(&beacon, vec![forged]), Err(InvalidTransaction::Stale.into()));

		let window = Windows::<Test>::get(beacon.id()).expect("open");
		let kept: Vec<u8> = window.best.iter().map(|counted| counted.witness as u8).collect();
		assert_eq!(kept, order[..MAX_WINDOW_RECEIPTS as usize].to_vec());
		assert_eq!(window.valid, MAX_WINDOW_RECEIPTS + 1);
		run_to_block(closes_at(&beacon));
		assert_eq!(rewarded(), best_ranked(&beacon, &honest));
	});
}

#[test]
fn a_block_accepts_at_most_max_closing_per_block_beacons_and_defers_the_rest() {
	ExtBuilder.build_and_execute(|| {
		let close = START + RECEIPT_WINDOW;
		for n in 1..=MAX_CLOSING_PER_BLOCK as u8 {
			hotspot(n, AccountId::from(n), HOME);
			assert_ok!(submit_only(beacon(n), vec![]));
		}
		let last = MAX_CLOSING_PER_BLOCK as u8 + 1;
		hotspot(last, AccountId::from(last), HOME);
		let one_more = beacon(last);
		// Refused as exhausting the block's resources, not as invalid: the block author skips
		// it and keeps it in the pool for the next block.
		let refused = authorize(&one_more, vec![]);
		assert_eq!(refused, Err(InvalidTransaction::ExhaustsResources.into()));
		assert!(refused.is_err_and(|error| error.exhausted_resources()));
		frame_support::assert_noop!(
			Coverage::submit_report(
				RuntimeOrigin::from(frame_system::RawOrigin::Authorized),
				one_more.clone(),
				Default::default()
			),
			Error::<Test>::WindowsFull
		);
		// In the next block it is accepted, and closes a block later.
		run_to_block(START + 1);
		assert_ok!(submit_only(one_more.clone(), vec![]));
		assert_eq!(closes_at(&one_more), close + 1);

		run_to_block(close);
		let closed = events()
			.into_iter()
			.filter(|event| matches!(event, Event::BeaconRewarded { .. }))
			.count();
		assert_eq!(closed, MAX_CLOSING_PER_BLOCK as usize);
		assert_eq!(Windows::<Test>::iter().count(), 1);
	});
}

/// The same receipts give the same rewards however they are split into reports and whoever
/// sends them first.
#[test]
fn the_rewarded_witnesses_do_not_depend_on_how_receipts_are_split_or_ordered() {
	let run = |split: &dyn Fn(&[u8]) -> Vec<Vec<u8>>| {
		let mut result = Vec::new();
		ExtBuilder.build_and_execute(|| {
			let (honest, _) = setup(18, 0);
			let beacon = beacon(1);
			for part in split(&honest) {
				assert_ok!(submit_only(beacon.clone(), receipts(&beacon, &part)));
			}
			run_to_block(closes_at(&beacon));
			result = last_accepted().expect("closed").2;
		});
		result
	};
	let whole = run(&|all| vec![all.to_vec()]);
	let reversed_thirds = run(&|all| {
		let mut parts: Vec<Vec<u8>> = all.chunks(6).map(|chunk| chunk.to_vec()).collect();
		parts.reverse();
		parts
	});
	let alternating = run(&|all| {
		vec![
			all.iter().step_by(2).copied().collect(),
			all.iter().skip(1).step_by(2).copied().collect(),
		]
	});
	assert_eq!(whole.len(), REWARDED_WITNESSES as usize);
	assert_eq!(whole, reversed_thirds);
	assert_eq!(whole, alternating);
}

#[test]
fn migration_to_v2_moves_the_version_only() {
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	ExtBuilder.build_and_execute(|| {
		StorageVersion::new(1).put::<Coverage>();
		migrations::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Coverage::on_chain_storage_version(), StorageVersion::new(2));
		assert!(Windows::<Test>::iter().next().is_none());
	});
}

#[test]
fn a_report_is_charged_the_dearer_path_and_refunded_to_the_one_it_took() {
	use crate::weights::WeightInfo as _;
	use frame_support::{
		dispatch::GetDispatchInfo,
		traits::{Authorize, UnfilteredDispatchable},
	};
	ExtBuilder.build_and_execute(|| {
		let (honest, _) = setup(4, 0);
		let beacon = beacon(1);
		let call = |witnesses: &[u8]| Call::<Test>::submit_report {
			beacon: beacon.clone(),
			witnesses: BoundedVec::try_from(receipts(&beacon, witnesses)).expect("few"),
		};
		let dispatch = |call: Call<Test>| {
			call.dispatch_bypass_filter(RuntimeOrigin::from(frame_system::RawOrigin::Authorized))
				.expect("a valid report")
				.actual_weight
				.expect("refunded to what it did")
		};
		let w = 2u32;
		let opening = call(&honest[..2]);
		// Declared: the dearer of both paths; authorization too, an append's batch of
		// signatures included.
		assert_eq!(opening.get_dispatch_info().call_weight, Coverage::max_report_weight(w));
		assert_eq!(
			opening.weight_of_authorize(),
			<() as crate::WeightInfo>::authorize_submit_report()
				.max(<() as crate::WeightInfo>::authorize_append(w))
		);
		// Authorization is refunded to the path it took: an opening's beacon checks.
		let unspent = |call: &Call<Test>| {
			call.authorize(frame_support::pallet_prelude::TransactionSource::External)
				.expect("submit_report has an authorize function")
				.expect("authorized")
				.1
		};
		let charged_opening = opening.weight_of_authorize() - unspent(&opening);
		assert_eq!(charged_opening, <()>::authorize_submit_report());
		assert!(unspent(&opening).ref_time() > 0);
		// Refunded to the path taken: the opening's batch of signatures passed.
		assert!(<()>::verify_forged_batch(w).ref_time() > 0);
		assert_eq!(dispatch(opening), <()>::submit_report(w));
		let append = call(&honest[2..]);
		assert_eq!(append.weight_of_authorize() - unspent(&append), <()>::authorize_append(w));
		assert_eq!(dispatch(append), <()>::append_report(w));
	});
}

#[test]
fn an_opening_whose_batch_of_signatures_fails_is_charged_each_signature_verified_alone() {
	use crate::weights::WeightInfo as _;
	use frame_support::{dispatch::GetDispatchInfo, traits::UnfilteredDispatchable};
	ExtBuilder.build_and_execute(|| {
		let (honest, _) = setup(2, 0);
		let beacon = beacon(1);
		// One receipt forged: the batch fails and both signatures are verified alone.
		let receipts = vec![receipt(&beacon, honest[0]), forged(&beacon, honest[1])];
		let call = Call::<Test>::submit_report {
			beacon: beacon.clone(),
			witnesses: BoundedVec::try_from(receipts).expect("few"),
		};
		let w = 2u32;
		let alone = <()>::verify_forged_batch(w);
		assert!(alone.ref_time() > 0);
		// Declared up front: an opening's worst case is a failed batch.
		assert!(call.get_dispatch_info().call_weight.all_gte(<()>::submit_report(w) + alone));
		let charged = call
			.dispatch_bypass_filter(RuntimeOrigin::from(frame_system::RawOrigin::Authorized))
			.expect("a valid beacon")
			.actual_weight
			.expect("refunded to what it did");
		assert_eq!(charged, <()>::submit_report(w) + alone);
		// The forged receipt was refused for its signature, the honest one counted.
		let window = Windows::<Test>::get(beacon.id()).expect("open");
		assert_eq!(window.valid, 1);
		System::assert_has_event(
			Event::WitnessInvalid {
				beacon_id: beacon.id(),
				witness: DeviceId::from(honest[1]),
				reason: WitnessInvalid::BadSignature,
			}
			.into(),
		);
	});
}

/// A receipt of witness `n` changed after it was signed: its signature no longer verifies.
fn forged(beacon: &Beacon, n: u8) -> WitnessReceipt {
	let mut receipt = receipt(beacon, n);
	receipt.snr_db_x10 += 1;
	receipt
}

proptest::proptest! {
	#![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

	/// Whatever the split of a beacon's receipts into reports, their order, duplicates, forged
	/// receipts beside the honest ones in the opening report and forged appends in between,
	/// the window rewards the best-ranked of the honest receipts sent, every refused append
	/// changes nothing, and every invariant holds after every report.
	#[test]
	fn any_split_order_and_forgery_rewards_the_best_of_the_honest_receipts(
		parts in proptest::collection::vec(proptest::collection::vec(0usize..18, 0..8), 1..6),
		forged_in_opening in proptest::collection::vec(0usize..18, 0..4),
		forged_appends in proptest::collection::vec(proptest::collection::vec(0usize..18, 1..3), 0..4),
	) {
		ExtBuilder.build().execute_with(|| -> Result<(), proptest::test_runner::TestCaseError> {
			let (honest, _) = setup(18, 0);
			let beacon = beacon(1);
			let mut sent: Vec<u8> = Vec::new();
			let mut opening = receipts(&beacon, &parts[0].iter().map(|&i| honest[i]).collect::<Vec<_>>());
			opening.extend(forged_in_opening.iter().map(|&i| forged(&beacon, honest[i])));
			proptest::prop_assert!(submit_only(beacon.clone(), opening).is_ok());
			sent.extend(parts[0].iter().map(|&i| honest[i]));
			for (n, part) in parts.iter().enumerate().skip(1) {
				let witnesses: Vec<u8> = part.iter().map(|&i| honest[i]).collect();
				// An append of nothing new is refused; either way, storage as before.
				let accepted = depin_primitives::testing::atomically(&part, || {
					submit_only(beacon.clone(), receipts(&beacon, &witnesses))
				})
				.map_err(proptest::test_runner::TestCaseError::fail)?;
				let new = witnesses.iter().any(|w| !sent.contains(w));
				proptest::prop_assert_eq!(accepted, new, "part {:?} of {:?}", part, sent);
				sent.extend(witnesses);
				if let Some(forgeries) = forged_appends.get(n - 1) {
					let forgeries: Vec<WitnessReceipt> =
						forgeries.iter().map(|&i| forged(&beacon, honest[i])).collect();
					let accepted = depin_primitives::testing::atomically(&forgeries, || {
						submit_only(beacon.clone(), forgeries.clone())
					})
					.map_err(proptest::test_runner::TestCaseError::fail)?;
					proptest::prop_assert!(!accepted, "a forged append was accepted");
				}
				proptest::prop_assert!(Coverage::do_try_state().is_ok());
			}
			run_to_block(closes_at(&beacon));
			sent.sort();
			sent.dedup();
			let (valid, _, rewarded) = last_accepted().expect("the window closed");
			proptest::prop_assert_eq!(valid as usize, sent.len());
			let rewarded: Vec<DeviceId> = rewarded.into_iter().map(|(device, _)| device).collect();
			proptest::prop_assert_eq!(rewarded, best_ranked(&beacon, &sent));
			Ok(())
		})?;
	}
}

#[test]
fn the_key_every_report_reads_is_charged_once_a_block_in_on_initialize() {
	use frame_support::traits::Hooks;
	ExtBuilder.build_and_execute(|| {
		let db = <Test as frame_system::Config>::DbWeight::get();
		System::set_block_number(5);
		// No window closes at #5 and no epoch has ended: its closing count, the current and
		// the noting epoch, and the genesis hash (which the runtime's benchmarks whitelist, so
		// no report is charged it).
		assert_eq!(<Coverage as Hooks<u64>>::on_initialize(5), db.reads(4));
	});
}
