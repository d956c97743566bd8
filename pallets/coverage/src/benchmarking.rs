//! Benchmarks of the coverage calls (frame-benchmarking v2).
//!
//! Keys are sr25519 (the slower scheme to verify), generated in the benchmark keystore. The
//! worst case of `submit_report` has every receipt valid, every participant passing reciprocity,
//! each witness in its own resolution-10 hex and every record holding the most denylist entries
//! that let it take part, so every check runs and every share is noted. Transmit scales are
//! cached; `compute_scale` measures one scale computed with every count it reads present (a hex
//! and its six neighbours at each of the seven resolutions), charged to a window's close for
//! each scale it computes.

#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::Pallet as Coverage;
use depin_primitives::h3::{geo, ring, LOCATION_RESOLUTION};
use depin_primitives::{genesis_hash, DeviceKey, DeviceSignature};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::{BoundedVec, TransactionSource},
	traits::{Authorize, EnsureOrigin},
};
use frame_system::RawOrigin;
use sp_core::{crypto::KeyTypeId, sr25519};
use sp_runtime::{
	traits::{Hash, One},
	Perbill,
};

const SEED: u32 = 0;
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"dpin");
/// The beaconer's cell (the Statue of Liberty) and a witness cell in another resolution-8
/// parent of the same resolution-7 cell, several hundred metres away.
const HOME: H3Cell = H3Cell(0x08c2a1072b59b9ff);
const NEAR: H3Cell = H3Cell(0x08c2a1072b39b9ff);
const FREQUENCY: u64 = 868_100_000;

fn new_key() -> (sr25519::Public, DeviceKey) {
	let public = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
	(public, DeviceKey::Sr25519(public.0))
}

fn sign(public: &sr25519::Public, message: &[u8]) -> Result<DeviceSignature, BenchmarkError> {
	sp_io::crypto::sr25519_sign(KEY_TYPE, public, message)
		.map(|signature| DeviceSignature::Sr25519(signature.0))
		.ok_or(BenchmarkError::Stop("the benchmark keystore cannot sign"))
}

/// `device`'s record passing reciprocity at `now`, with the most denylist entries a record
/// holds that let it beacon and witness: its own, expired, and [`MAX_DENIED_EDGES`] pairs with
/// other beaconers, so judging its receipt scans them all.
fn reciprocal<T: Config>(device: DeviceId, now: BlockNumberFor<T>) -> Result<(), BenchmarkError> {
	let denial = |expires_at| Denial { evidence: H256::repeat_byte(1), expires_at };
	let mut denied_edges = BoundedVec::new();
	for i in 0..MAX_DENIED_EDGES {
		let edge = DeniedEdge {
			beaconer: DeviceId::MAX - u64::from(i),
			denial: denial(now + 10u32.into()),
		};
		denied_edges.try_push(edge).map_err(|_| "MAX_DENIED_EDGES pairs fit")?;
	}
	Activity::<T>::insert(
		device,
		HotspotActivity {
			last_beacon: None,
			last_beacon_with_witness: Some(now),
			last_valid_witness: Some(now),
			denial: Some(denial(now)),
			denied_edges,
			..Default::default()
		},
	);
	Ok(())
}

/// `n` witness locations in distinct resolution-10 hexes (so a window's close looks up a
/// transmit scale per witness), none in the beaconer's hex and each within the distances a
/// receipt may come from: the centre cells of the hexes around `NEAR`'s, nearest first.
fn witness_cells<T: Config>(n: u32) -> Result<Vec<H3Cell>, BenchmarkError> {
	let hex_of = |cell: H3Cell| cell.parent(DENSITY_MAX_RESOLUTION).ok_or("a location's hex");
	let mut seen = alloc::vec![hex_of(HOME)?];
	let mut queue = alloc::collections::VecDeque::from([hex_of(NEAR)?]);
	let mut cells = Vec::with_capacity(n as usize);
	while cells.len() < n as usize {
		let hex = queue.pop_front().ok_or("hexes enough around NEAR")?;
		if seen.contains(&hex) {
			continue;
		}
		seen.push(hex);
		queue.extend(ring::neighbors(hex).ok_or("a valid hex has a ring")?.iter().copied());
		// The centre child at the location resolution: digits 11 and 12 zero.
		let raw = (hex.0 & !(0xf << 52) & !(0o77 << 9)) | (u64::from(LOCATION_RESOLUTION) << 52);
		let cell = H3Cell::new_location(raw).map_err(|_| "a hex's centre cell")?;
		let distance = geo::distance_m(HOME, cell).ok_or("valid cells have a distance")?;
		if (T::MinDistance::get()..=T::MaxDistance::get()).contains(&distance) {
			cells.push(cell);
		}
	}
	Ok(cells)
}

/// Caches the transmit scale of `cell`'s resolution-10 hex for the current epoch.
fn cache_scale<T: Config>(cell: H3Cell) {
	if let Some(hex) = cell.parent(DENSITY_MAX_RESOLUTION) {
		HexScales::<T>::insert(hex, (T::Rewards::current_epoch(), Perbill::one()));
	}
}

/// A signed beacon with entropy from the previous block and `w` valid receipts, every device
/// passing reciprocity and each witness with its own owner, in its own hex.
fn report<T: Config>(
	w: u32,
) -> Result<(Beacon, BoundedVec<WitnessReceipt, T::MaxWitnesses>), BenchmarkError> {
	let now: BlockNumberFor<T> = 1_000u32.into();
	frame_system::Pallet::<T>::set_block_number(now);
	let entropy_block = now - One::one();
	let hash = T::Hashing::hash(b"benchmark entropy");
	frame_system::BlockHash::<T>::insert(entropy_block, hash);
	let entropy_hash = <[u8; 32]>::try_from(hash.as_ref())
		.map_err(|_| BenchmarkError::Stop("block hashes are 32 bytes"))?;

	let (public, key) = new_key();
	let beaconer = T::BenchmarkHelper::register_hotspot(&account("owner", 0, SEED), key, HOME);
	reciprocal::<T>(beaconer, now)?;
	let mut beacon = Beacon {
		beaconer,
		entropy_block: 999,
		entropy_hash,
		frequency_hz: FREQUENCY,
		tx_power_dbm_x10: 270,
		signature: DeviceSignature::Sr25519([0u8; 64]),
	};
	beacon.signature = sign(&public, &beacon.signing_payload(&genesis_hash::<T>()))?;
	let id = beacon.id();

	let cells = witness_cells::<T>(w)?;
	let mut receipts = Vec::new();
	for (i, location) in (0..w).zip(cells.iter().copied()) {
		let (public, key) = new_key();
		let witness =
			T::BenchmarkHelper::register_hotspot(&account("owner", i + 1, SEED), key, location);
		reciprocal::<T>(witness, now)?;
		let mut receipt = WitnessReceipt {
			witness,
			signal_dbm_x10: -1_100,
			snr_db_x10: 55,
			frequency_hz: FREQUENCY,
			location,
			signature: DeviceSignature::Sr25519([0u8; 64]),
		};
		receipt.signature = sign(&public, &receipt.signing_payload(&genesis_hash::<T>(), &id))?;
		receipts.push(receipt);
	}
	let receipts = BoundedVec::try_from(receipts)
		.map_err(|_| BenchmarkError::Stop("w is at most MaxWitnesses"))?;
	// Last: registering a hotspot in a hex changes its count and drops its cached scale.
	for cell in core::iter::once(HOME).chain(cells) {
		cache_scale::<T>(cell);
	}
	Ok((beacon, receipts))
}

/// A report of `w` valid receipts whose beacon's window is open and full of receipts that
/// every one of the `w` outranks. The receipts come worst-ranked first, so each one outranks
/// every receipt before it too (even when `w` exceeds `MaxWindowReceipts`), evicts the worst
/// and is inserted at the front, the dearest insertion.
fn full_window<T: Config>(
	w: u32,
) -> Result<(Beacon, BoundedVec<WitnessReceipt, T::MaxWitnesses>), BenchmarkError> {
	let (beacon, mut witnesses) = report::<T>(w)?;
	let mut ranked = Vec::with_capacity(witnesses.len());
	for receipt in witnesses.iter() {
		let key = T::Registry::hotspot(receipt.witness).ok_or("the witness is registered")?.key;
		ranked.push(beacon.rank_of(&key));
	}
	let mut order: Vec<usize> = (0..witnesses.len()).collect();
	order.sort_by(|a, b| ranked[*b].cmp(&ranked[*a]));
	witnesses = BoundedVec::try_from(
		order.into_iter().map(|index| witnesses[index].clone()).collect::<Vec<_>>(),
	)
	.map_err(|_| BenchmarkError::Stop("the same receipts"))?;
	Coverage::<T>::do_submit_report(beacon.clone(), Vec::new()).map_err(|_| "a valid beacon")?;
	Windows::<T>::try_mutate(beacon.id(), |window| -> Result<(), BenchmarkError> {
		let window = window.as_mut().ok_or("the window is open")?;
		for i in 0..T::MaxWindowReceipts::get() {
			let worst =
				RankedWitness { rank: [0xff; 32], witness: DeviceId::MAX - 2 - u64::from(i) };
			window.best.try_push(worst).map_err(|_| "room for MaxWindowReceipts")?;
		}
		window.valid = T::MaxWindowReceipts::get();
		Ok(())
	})?;
	Ok((beacon, witnesses))
}

fn governance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Worst case for `w` receipts: every receipt passes every rule (each witness has its own
	/// owner, all pass reciprocity), so every check runs, signatures included (one batch that
	/// passes: a batch that fails is [`verify_forged_batch`]); every record holds the most
	/// denylist entries that let it take part. Scales are computed at the close.
	#[benchmark]
	fn submit_report(w: Linear<0, { T::MaxWitnesses::get() }>) -> Result<(), BenchmarkError> {
		let (beacon, witnesses) = report::<T>(w)?;
		let beaconer = beacon.beaconer;

		#[extrinsic_call]
		_(RawOrigin::<T::AccountId>::Authorized, beacon, witnesses);

		assert!(Activity::<T>::get(beaconer).last_beacon.is_some());
		Ok(())
	}

	/// Worst case for appending `w` receipts: the window already holds its best
	/// `MaxWindowReceipts` receipts, every one ranked below the new ones, so each new receipt
	/// passes every rule, evicts the worst and is inserted; every record holds the most denylist
	/// entries that let it take part. (Signatures were verified at authorization.)
	#[benchmark]
	fn append_report(w: Linear<1, { T::MaxWitnesses::get() }>) -> Result<(), BenchmarkError> {
		let (beacon, witnesses) = full_window::<T>(w)?;
		let id = beacon.id();
		let before = Windows::<T>::get(id).ok_or("the window is open")?.valid;

		#[extrinsic_call]
		submit_report(RawOrigin::<T::AccountId>::Authorized, beacon, witnesses);

		let window = Windows::<T>::get(id).ok_or("the window is open")?;
		assert_eq!(window.valid, before + w);
		Ok(())
	}

	/// What a report opening a window does beyond [`submit_report`] when its batch of `w`
	/// receipt signatures fails: the batch holds one forged signature, so every signature is
	/// verified again alone (the batch's attempt is charged by `submit_report`, which measures a
	/// batch that passes; this measures the failed attempt and the `w` verifications alone, so
	/// the attempt is charged twice: an overcharge of reports that carry a forgery).
	#[benchmark]
	fn verify_forged_batch(w: Linear<1, { T::MaxWitnesses::get() }>) -> Result<(), BenchmarkError> {
		let (beacon, witnesses) = report::<T>(w)?;
		let (genesis, id) = (genesis_hash::<T>(), beacon.id());
		let mut signed = Vec::with_capacity(witnesses.len());
		for receipt in witnesses.iter() {
			let key = T::Registry::hotspot(receipt.witness).ok_or("the witness is registered")?.key;
			signed.push((key, receipt.signing_payload(&genesis, &id), receipt.signature));
		}
		// The last receipt carries the beacon's signature: well formed, never valid for it.
		if let Some(last) = signed.last_mut() {
			last.2 = beacon.signature;
		}
		let results;

		#[block]
		{
			results = DeviceKey::verify_batch(signed);
		}

		assert_eq!(results.iter().filter(|valid| !**valid).count(), 1);
		Ok(())
	}

	/// Worst case for authorizing an append of `w` receipts: as [`append_report`], every
	/// receipt counted, so all `w` signatures are verified, in one batch.
	#[benchmark]
	fn authorize_append(w: Linear<1, { T::MaxWitnesses::get() }>) -> Result<(), BenchmarkError> {
		let (beacon, witnesses) = full_window::<T>(w)?;
		let call = Call::<T>::submit_report { beacon, witnesses };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("submit_report has an authorize function")?
				.map_err(|_| "the receipts are valid")?;
		}

		Ok(())
	}

	/// The only path: every beacon rule and the beaconer's signature (receipts are checked at
	/// dispatch).
	#[benchmark]
	fn authorize_submit_report() -> Result<(), BenchmarkError> {
		let (beacon, witnesses) = report::<T>(0)?;
		let call = Call::<T>::submit_report { beacon, witnesses };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("submit_report has an authorize function")?
				.map_err(|_| "the beacon is valid")?;
		}

		Ok(())
	}

	/// Worst case: the window of a beacon with `RewardedWitnesses` counted receipts, every
	/// hotspot in its own hex, passing reciprocity and earning its first shares of the epoch
	/// (so indexed in [`Earners`]; a close refunds the indexes it does not write), and every
	/// scale looked up. Scales are cached; each one a close does compute is charged separately
	/// ([`WeightInfo::compute_scale`]).
	#[benchmark]
	fn close_window() -> Result<(), BenchmarkError> {
		let w = T::RewardedWitnesses::get().min(T::MaxWitnesses::get());
		let (beacon, witnesses) = report::<T>(w)?;
		Coverage::<T>::do_submit_report(beacon.clone(), witnesses.into_inner())
			.map_err(|_| "the report is valid")?;
		let closes_at = Windows::<T>::get(beacon.id()).ok_or("the window is open")?.closes_at;
		frame_system::Pallet::<T>::set_block_number(closes_at);

		#[block]
		{
			Coverage::<T>::close_windows(closes_at);
		}

		assert!(Windows::<T>::get(beacon.id()).is_none());
		let indexed = Earners::<T>::iter_prefix(T::Rewards::current_epoch()).count();
		assert_eq!(indexed as u32, w + 1, "the beaconer and every witness earned");
		Ok(())
	}

	/// Worst case: `n` earners of an ended epoch, each with its own owner (a new holder of the
	/// coverage pool), noted in one block.
	#[benchmark]
	fn note_earners(n: Linear<0, { T::MaxNotedPerBlock::get() }>) -> Result<(), BenchmarkError> {
		for i in 0..n {
			let (_, key) = new_key();
			let device =
				T::BenchmarkHelper::register_hotspot(&account("earner", i, SEED), key, HOME);
			Activity::<T>::insert(
				device,
				HotspotActivity { epoch: 0, epoch_shares: 1_000, ..Default::default() },
			);
			Earners::<T>::insert(0, device, ());
		}
		T::BenchmarkHelper::start_epoch(1);

		#[block]
		{
			Coverage::<T>::note_earners();
		}

		assert_eq!(Earners::<T>::iter().count(), 0);
		assert_eq!(NotingEpoch::<T>::get(), if n < T::MaxNotedPerBlock::get() { 1 } else { 0 });
		Ok(())
	}

	/// Worst case: a scale computed from scratch, every count of resolutions 4 to 10 and of their
	/// neighbours stored and above its limit (49 reads).
	#[benchmark]
	fn compute_scale() -> Result<(), BenchmarkError> {
		let hex = HOME.parent(DENSITY_MAX_RESOLUTION).ok_or("HOME is at resolution 12")?;
		for res in DENSITY_MIN_RESOLUTION..=DENSITY_MAX_RESOLUTION {
			let parent = hex.parent(res).ok_or("every coarser parent exists")?;
			HexCounts::<T>::insert(parent, 1_000);
			for neighbor in ring::neighbors(parent).ok_or("a valid cell has a ring")?.iter() {
				HexCounts::<T>::insert(neighbor, 1_000);
			}
		}
		let epoch = T::Rewards::current_epoch();

		#[block]
		{
			Coverage::<T>::transmit_scale(HOME, epoch, &mut Default::default());
		}

		assert!(HexScales::<T>::get(hex).is_some_and(|(_, scale)| scale < Perbill::one()));
		Ok(())
	}

	/// The only path: the table checked and written.
	#[benchmark]
	fn set_density_rules() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let rules = [DensityRule { neighbors: 3, target: 2, max: 4 }; DENSITY_RESOLUTIONS];

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, rules);

		assert_eq!(DensityRules::<T>::get(), rules);
		Ok(())
	}

	/// The only path: the device's activity record read and written.
	#[benchmark]
	fn deny_device() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let expires_at = frame_system::Pallet::<T>::block_number() + 10u32.into();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1, H256::repeat_byte(1), expires_at);

		assert!(Activity::<T>::get(1).denial.is_some());
		Ok(())
	}

	/// The only path: the device's activity record read and removed.
	#[benchmark]
	fn allow_device() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let expires_at = frame_system::Pallet::<T>::block_number() + 10u32.into();
		Coverage::<T>::do_deny_device(1, Denial { evidence: H256::repeat_byte(1), expires_at })?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1);

		assert!(!Activity::<T>::contains_key(1));
		Ok(())
	}

	/// Worst case: the witness is already denied for `MAX_DENIED_EDGES - 1` other beaconers,
	/// every pair scanned and kept; its record read and written.
	#[benchmark]
	fn deny_edge() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let expires_at = frame_system::Pallet::<T>::block_number() + 10u32.into();
		let denial = Denial { evidence: H256::repeat_byte(1), expires_at };
		for beaconer in 0..u64::from(MAX_DENIED_EDGES - 1) {
			Coverage::<T>::do_deny_edge(beaconer + 3, 2, denial)?;
		}

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1, 2, H256::repeat_byte(1), expires_at);

		assert_eq!(Activity::<T>::get(2).denied_edges.len() as u32, MAX_DENIED_EDGES);
		Ok(())
	}

	/// Worst case: the witness's record holds `MAX_DENIED_EDGES` pairs, all scanned; read and
	/// written.
	#[benchmark]
	fn allow_edge() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let expires_at = frame_system::Pallet::<T>::block_number() + 10u32.into();
		let denial = Denial { evidence: H256::repeat_byte(1), expires_at };
		let others = (3..).take(MAX_DENIED_EDGES as usize - 1);
		for beaconer in core::iter::once(1).chain(others) {
			Coverage::<T>::do_deny_edge(beaconer, 2, denial)?;
		}

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 1, 2);

		assert!(!Coverage::<T>::is_edge_denied(1, 2, expires_at - 1u32.into()));
		Ok(())
	}

	impl_benchmark_test_suite!(Coverage, crate::mock::ExtBuilder.build(), crate::mock::Test);
}
