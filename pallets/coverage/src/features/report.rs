//! Reports: the beacon checks (shared by authorization and dispatch), the witness checks,
//! selection, reciprocity and rewards.

use crate::{
	features::{
		density::CountCache,
		reward_units::{beacon_unit, witness_unit},
	},
	*,
};
use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
use codec::Encode;
use depin_primitives::{genesis_hash, h3::geo, radio, GenesisHash};
use frame_support::pallet_prelude::{
	BoundedVec, InvalidTransaction, TransactionSource, TransactionValidityError,
	TransactionValidityWithRefund, ValidTransaction, Weight,
};
use sp_runtime::{
	traits::{SaturatedConversion, UniqueSaturatedInto},
	DispatchError,
};

/// `InvalidTransaction::Custom` codes of beacons refused at authorization; the other refusals
/// use `BadProof` (signature), `Stale` (entropy too old, beacon too soon) and `Future`.
pub mod invalid_codes {
	/// The beaconer is not a registered hotspot.
	pub const UNKNOWN_HOTSPOT: u8 = 1;
	/// The beaconer is not `Active`.
	pub const NOT_ACTIVE: u8 = 2;
	/// The beaconer has no location.
	pub const NOT_LOCATED: u8 = 3;
	/// The beaconer is denylisted.
	pub const DENYLISTED: u8 = 4;
	/// The entropy hash is not the chain's.
	pub const ENTROPY_MISMATCH: u8 = 5;
	/// The beacon claims too high a transmit power.
	pub const TX_POWER_TOO_HIGH: u8 = 6;
}

/// What the beacon checks establish.
pub(crate) struct CheckedBeacon<T: Config> {
	/// The beacon id.
	pub id: BeaconId,
	/// This chain's genesis hash, which every receipt's signature is bound to.
	pub genesis: GenesisHash,
	/// The beaconer as the registry sees it.
	pub view: HotspotView<T::AccountId>,
	/// The beaconer's asserted location.
	pub location: H3Cell,
	/// The beaconer's activity before this beacon.
	pub activity: ActivityOf<T>,
	/// The denylist's size, read once per report.
	pub denylist: DenylistCounts,
}

/// A witness that passed every check.
struct ValidWitness<T: Config> {
	/// `blake2_256(SCALE(entropy hash, witness key))`: the selection order.
	rank: [u8; 32],
	device: DeviceId,
	owner: T::AccountId,
	location: H3Cell,
	activity: ActivityOf<T>,
}

/// Why a receipt was not counted, and whether its witness signed it (only then is the refusal
/// remembered against the witness: anyone can name a device in a forged receipt).
type Refused = (WitnessInvalid, bool);

impl<T: Config> Pallet<T> {
	/// Authorizes a report on its beacon alone: every beacon rule is checked, including the
	/// signature. Witness receipts are checked at dispatch, where invalid ones are only recorded.
	///
	/// The transaction provides the beaconer's id, so the pool holds one report per beaconer,
	/// and lives until its entropy block becomes too old.
	pub(crate) fn authorize_submit_report(
		_source: TransactionSource,
		beacon: &Beacon,
		_witnesses: &BoundedVec<WitnessReceipt, T::MaxWitnesses>,
	) -> TransactionValidityWithRefund {
		Self::check_beacon(beacon, true).map_err(Self::invalid_transaction)?;
		let now: u64 = frame_system::Pallet::<T>::block_number().unique_saturated_into();
		let max_age: u64 = T::MaxBlockAge::get().unique_saturated_into();
		// Valid while `now - entropy_block <= max_age`; at least one block.
		let longevity =
			beacon.entropy_block.saturating_add(max_age).saturating_add(1).saturating_sub(now);
		let validity: ValidTransaction = ValidTransaction::with_tag_prefix("CoverageBeacon")
			.priority(T::ReportPriority::get())
			.and_provides(beacon.beaconer)
			.longevity(longevity.max(1))
			.propagate(true)
			.into();
		Ok((validity, Weight::zero()))
	}

	fn invalid_transaction(error: Error<T>) -> TransactionValidityError {
		let invalid = match error {
			Error::<T>::BadBeaconSignature => InvalidTransaction::BadProof,
			Error::<T>::EntropyTooOld | Error::<T>::BeaconTooSoon => InvalidTransaction::Stale,
			Error::<T>::EntropyFromFuture => InvalidTransaction::Future,
			Error::<T>::UnknownHotspot => {
				InvalidTransaction::Custom(invalid_codes::UNKNOWN_HOTSPOT)
			}
			Error::<T>::BeaconerNotActive => InvalidTransaction::Custom(invalid_codes::NOT_ACTIVE),
			Error::<T>::BeaconerNotLocated => {
				InvalidTransaction::Custom(invalid_codes::NOT_LOCATED)
			}
			Error::<T>::BeaconerDenylisted => InvalidTransaction::Custom(invalid_codes::DENYLISTED),
			Error::<T>::EntropyMismatch => {
				InvalidTransaction::Custom(invalid_codes::ENTROPY_MISMATCH)
			}
			Error::<T>::TxPowerTooHigh => {
				InvalidTransaction::Custom(invalid_codes::TX_POWER_TOO_HIGH)
			}
			_ => InvalidTransaction::Call,
		};
		TransactionValidityError::Invalid(invalid)
	}

	/// Checks every beacon rule, cheapest first, the signature last (unless `verify_signature`
	/// is false: at dispatch, the `Authorized` origin proves that [`Self::authorize_submit_report`]
	/// verified it moments before, in the same block).
	pub(crate) fn check_beacon(
		beacon: &Beacon,
		verify_signature: bool,
	) -> Result<CheckedBeacon<T>, Error<T>> {
		let view = T::Registry::hotspot(beacon.beaconer).ok_or(Error::<T>::UnknownHotspot)?;
		ensure!(view.status.is_active(), Error::<T>::BeaconerNotActive);
		let location = view.location.ok_or(Error::<T>::BeaconerNotLocated)?;
		let now = frame_system::Pallet::<T>::block_number();
		let denylist = DenylistSize::<T>::get();
		ensure!(
			!Self::device_denied(denylist, beacon.beaconer, now),
			Error::<T>::BeaconerDenylisted
		);
		ensure!(beacon.tx_power_dbm_x10 <= T::MaxTxPower::get(), Error::<T>::TxPowerTooHigh);

		let now_u64: u64 = now.unique_saturated_into();
		ensure!(beacon.entropy_block < now_u64, Error::<T>::EntropyFromFuture);
		let max_age: u64 = T::MaxBlockAge::get().unique_saturated_into();
		ensure!(now_u64.saturating_sub(beacon.entropy_block) <= max_age, Error::<T>::EntropyTooOld);
		// `entropy_block < now`, so it fits the block number type.
		let entropy_block: BlockNumberFor<T> = beacon.entropy_block.saturated_into();
		let hash = frame_system::BlockHash::<T>::get(entropy_block);
		// A missing entry reads as the default (zero) hash, which must never match.
		ensure!(hash != T::Hash::default(), Error::<T>::EntropyMismatch);
		ensure!(hash.as_ref() == beacon.entropy_hash.as_slice(), Error::<T>::EntropyMismatch);

		let activity = Activity::<T>::get(beacon.beaconer);
		if let Some(last) = activity.last_beacon {
			ensure!(
				now >= last.saturating_add(T::BeaconInterval::get()),
				Error::<T>::BeaconTooSoon
			);
		}
		// Read once: the beacon's signature and every receipt's are bound to it.
		let genesis = genesis_hash::<T>();
		ensure!(
			!verify_signature
				|| view.key.verify(&beacon.signing_payload(&genesis), &beacon.signature),
			Error::<T>::BadBeaconSignature
		);
		Ok(CheckedBeacon { id: beacon.id(), genesis, view, location, activity, denylist })
	}

	/// Checks one receipt. `seen` holds the witnesses with a valid signature met so far;
	/// `origin` is the centre of the beaconer's cell, computed once per report.
	fn check_witness(
		beacon: &Beacon,
		checked: &CheckedBeacon<T>,
		origin: Option<geo::Point>,
		receipt: &WitnessReceipt,
		seen: &mut BTreeSet<DeviceId>,
		now: BlockNumberFor<T>,
	) -> Result<(HotspotView<T::AccountId>, H3Cell), Refused> {
		let unsigned = |reason| (reason, false);
		ensure!(receipt.witness != beacon.beaconer, unsigned(WitnessInvalid::SelfWitness));
		let view =
			T::Registry::hotspot(receipt.witness).ok_or(unsigned(WitnessInvalid::NotActive))?;
		ensure!(view.status.is_active(), unsigned(WitnessInvalid::NotActive));
		let location = view.location.ok_or(unsigned(WitnessInvalid::NotActive))?;
		ensure!(view.key != checked.view.key, unsigned(WitnessInvalid::SelfWitness));
		// The signature comes before the duplicate check, so a forged receipt placed first
		// cannot make the real one a duplicate.
		ensure!(
			view.key.verify(
				&receipt.signing_payload(&checked.genesis, &checked.id),
				&receipt.signature
			),
			unsigned(WitnessInvalid::BadSignature)
		);
		let signed = |reason| (reason, true);
		ensure!(seen.insert(receipt.witness), signed(WitnessInvalid::Duplicate));
		ensure!(receipt.location == location, signed(WitnessInvalid::LocationMismatch));
		ensure!(
			!Self::device_denied(checked.denylist, receipt.witness, now)
				&& !Self::edge_denied(checked.denylist, beacon.beaconer, receipt.witness, now),
			signed(WitnessInvalid::Denylisted)
		);
		ensure!(
			receipt.frequency_hz.abs_diff(beacon.frequency_hz) <= MAX_FREQUENCY_DIFFERENCE_HZ,
			signed(WitnessInvalid::FrequencyMismatch)
		);
		// Both cells are registry-validated, so the distance exists; a missing one is too far.
		let distance = match (origin, geo::center(location)) {
			(Some(origin), Some(point)) => origin.distance_m(point),
			_ => u32::MAX,
		};
		ensure!(distance >= T::MinDistance::get(), signed(WitnessInvalid::TooClose));
		ensure!(distance <= T::MaxDistance::get(), signed(WitnessInvalid::TooFar));
		let strongest = radio::max_rssi_dbm_x10(
			beacon.tx_power_dbm_x10,
			i32::from(checked.view.gain_dbi_x10),
			i32::from(view.gain_dbi_x10),
			distance,
			beacon.frequency_hz,
		);
		ensure!(receipt.signal_dbm_x10 <= strongest, signed(WitnessInvalid::SignalTooStrong));
		// Last: a receipt that breaks a radio rule is refused for that rule.
		ensure!(view.owner != checked.view.owner, signed(WitnessInvalid::SameOwner));
		Ok((view, location))
	}

	/// Remembers a refused receipt against its witness, dropping the oldest beyond
	/// [`MAX_REFUSALS`].
	fn remember_refusal(witness: DeviceId, refusal: RefusalOf<T>) {
		Refusals::<T>::mutate(witness, |refusals| {
			if refusals.is_full() {
				refusals.remove(0);
			}
			// Cannot fail: one slot was just made free.
			let _ = refusals.try_push(refusal);
		});
	}

	/// Whether `last` is within the reciprocity window before `now`.
	fn within_window(last: Option<BlockNumberFor<T>>, now: BlockNumberFor<T>) -> bool {
		last.is_some_and(|at| now.saturating_sub(at) <= T::ReciprocityWindow::get())
	}

	/// Checks and rewards a report. See the crate documentation for the rules. Returns what its
	/// weight depends on: the transmit scales it computed (the rest were cached for the epoch)
	/// and the denylist lookups it skipped.
	pub(crate) fn do_submit_report(
		beacon: Beacon,
		witnesses: Vec<WitnessReceipt>,
	) -> Result<ReportWork, DispatchError> {
		// Only called with the `Authorized` origin: the signature was verified by `authorize`.
		let checked = Self::check_beacon(&beacon, false)?;
		let now = frame_system::Pallet::<T>::block_number();

		let mut seen = BTreeSet::new();
		let origin = geo::center(checked.location);
		let mut valid: Vec<ValidWitness<T>> = Vec::with_capacity(witnesses.len());
		for receipt in &witnesses {
			match Self::check_witness(&beacon, &checked, origin, receipt, &mut seen, now) {
				Ok((view, location)) => valid.push(ValidWitness {
					rank: sp_io::hashing::blake2_256(&(beacon.entropy_hash, view.key).encode()),
					device: receipt.witness,
					owner: view.owner,
					location,
					activity: Activity::<T>::get(receipt.witness),
				}),
				Err((reason, signed)) => {
					if signed {
						let refusal = Refusal { at: now, beaconer: beacon.beaconer, reason };
						Self::remember_refusal(receipt.witness, refusal);
					}
					Self::deposit_event(Event::WitnessInvalid {
						beacon_id: checked.id,
						witness: receipt.witness,
						reason,
					})
				}
			}
		}
		let valid_count = valid.len() as u32;

		// Every valid witness counts for its own reciprocity, selected or not (below).
		valid.sort_by_key(|w| w.rank);
		let (rewarded_witnesses, unrewarded) =
			valid.split_at(valid.len().min(T::RewardedWitnesses::get() as usize));
		let rewarded_count = rewarded_witnesses.len() as u32;

		let epoch = T::Rewards::current_epoch();
		let mut cache = CountCache::new();
		let mut computed = 0u32;
		let mut scale_of = |location: H3Cell| {
			let (scale, fresh) = Self::transmit_scale(location, epoch, &mut cache);
			computed += u32::from(fresh);
			scale
		};

		let mut shares: BTreeMap<T::AccountId, Shares> = BTreeMap::new();
		let beacon_shares = if rewarded_count > 0
			&& Self::within_window(checked.activity.last_valid_witness, now)
		{
			scale_of(checked.location).mul_floor(beacon_unit(rewarded_count))
		} else {
			0
		};
		if beacon_shares > 0 {
			let total = shares.entry(checked.view.owner.clone()).or_insert(0);
			*total = total.saturating_add(beacon_shares);
		}
		let unit = witness_unit(rewarded_count);
		let mut rewarded = Vec::with_capacity(rewarded_witnesses.len());
		for witness in rewarded_witnesses {
			let earned = if Self::within_window(witness.activity.last_beacon_with_witness, now) {
				scale_of(witness.location).mul_floor(unit)
			} else {
				0
			};
			if earned > 0 {
				let total = shares.entry(witness.owner.clone()).or_insert(0);
				*total = total.saturating_add(earned);
			}
			Self::note_activity(witness.device, epoch, earned, |activity| {
				activity.last_valid_witness = Some(now)
			});
			rewarded.push((witness.device, earned));
		}
		for witness in unrewarded {
			Self::note_activity(witness.device, epoch, 0, |activity| {
				activity.last_valid_witness = Some(now)
			});
		}

		let mut noted: Shares = 0;
		for (owner, amount) in shares {
			T::Rewards::note_shares(RewardPool::Coverage, epoch, &owner, amount).map_err(
				|error: DispatchError| {
					log::warn!(target: LOG_TARGET, "shares not noted: {error:?}");
					Error::<T>::SharesNotNoted
				},
			)?;
			noted = noted.saturating_add(amount);
		}
		EpochTotal::<T>::mutate(|(at, total)| {
			if *at != epoch {
				*at = epoch;
				*total = 0;
			}
			*total = total.saturating_add(noted);
		});

		Self::note_activity(beacon.beaconer, epoch, beacon_shares, |activity| {
			activity.last_beacon = Some(now);
			if valid_count > 0 {
				activity.last_beacon_with_witness = Some(now);
			}
		});

		Self::deposit_event(Event::BeaconAccepted {
			beacon_id: checked.id,
			beaconer: beacon.beaconer,
			epoch,
			valid_witnesses: valid_count,
			beacon_shares,
			rewarded,
		});
		// The weight charges a lookup of the beaconer and each receipt's witness in both parts.
		let receipts = witnesses.len() as u32;
		let mut skipped_reads = 0u32;
		if checked.denylist.devices == 0 {
			skipped_reads = skipped_reads.saturating_add(receipts.saturating_add(1));
		}
		if checked.denylist.edges == 0 {
			skipped_reads = skipped_reads.saturating_add(receipts);
		}
		Ok(ReportWork { computed, skipped_reads })
	}

	/// Updates `device`'s activity record with `update` and adds `earned` to its shares of
	/// `epoch` (restarting the count when the record is from an earlier epoch).
	fn note_activity(
		device: DeviceId,
		epoch: EpochIndex,
		earned: Shares,
		update: impl FnOnce(&mut ActivityOf<T>),
	) {
		Activity::<T>::mutate(device, |activity| {
			update(activity);
			if activity.epoch != epoch {
				activity.epoch = epoch;
				activity.epoch_shares = 0;
			}
			activity.epoch_shares = activity.epoch_shares.saturating_add(earned);
		});
	}
}
