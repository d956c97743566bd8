//! Reports: the beacon checks (shared by authorization and dispatch), opening a beacon's
//! receipt window or appending to it, and the witness checks.

use crate::*;
use codec::Encode;
use depin_primitives::{genesis_hash, h3::geo, radio, DeviceKey, GenesisHash};
use frame_support::pallet_prelude::{
	BoundedVec, InvalidTransaction, TransactionSource, TransactionValidityError,
	TransactionValidityWithRefund, ValidTransaction,
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
	/// The centre of the beaconer's cell, computed once per report.
	pub origin: Option<geo::Point>,
}

/// Why a receipt was not counted, and whether its witness's signature over it was verified
/// (only then is the refusal remembered against the witness: anyone can name a device in a
/// forged receipt).
type Refused = (WitnessInvalid, bool);

/// A device as the registry shows it to this pallet.
type HotspotViewOf<T> = HotspotView<<T as frame_system::Config>::AccountId>;

/// How a report's receipts are judged.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
	/// The report opens the beacon's window (rate-limited by the beaconer's signature and the
	/// beacon interval): every receipt's signature is verified before its radio rules (all of
	/// the report's in one batch, before judging; `signed` is this receipt's result), an
	/// invalid receipt is recorded and skipped, and a refusal its witness signed is remembered.
	Open {
		/// Whether the receipt's signature verified.
		signed: bool,
	},
	/// Authorizing a report that appends to an open window, which no beaconer signature rate
	/// limits: a receipt that breaks a rule is skipped without a signature check, and the
	/// caller verifies the counted ones afterwards, in one batch; one that fails refuses the
	/// whole report.
	AuthorizeAppend,
	/// Dispatching an authorized append: as [`Mode::AuthorizeAppend`], whose signature checks
	/// ran moments before in the same block.
	DispatchAppend,
}

impl<T: Config> Pallet<T> {
	/// Authorizes a report. One that opens its beacon's window is authorized on its beacon
	/// alone: every beacon rule is checked, the signature included, and there must be room for
	/// one more window closing `ReceiptWindow` blocks later; its receipts are judged at
	/// dispatch, where invalid ones are only recorded. One that appends to an open window must
	/// carry at least one receipt that would be counted, and every receipt that passes the rules
	/// must verify.
	///
	/// The transaction provides (beacon id, its receipts' witnesses), never the beaconer alone,
	/// so a copy of a beacon with other receipts never replaces it in the pool. An opening lives
	/// until its entropy is too old, an append until the window closes.
	pub(crate) fn authorize_submit_report(
		_source: TransactionSource,
		beacon: &Beacon,
		witnesses: &BoundedVec<WitnessReceipt, T::MaxWitnesses>,
	) -> TransactionValidityWithRefund {
		let now = frame_system::Pallet::<T>::block_number();
		let id = beacon.id();
		let receipts = witnesses.len() as u32;
		let (lives_until, used) = match Windows::<T>::get(id) {
			None => {
				Self::check_beacon(beacon, true).map_err(Self::invalid_transaction)?;
				let closes_at = now.saturating_add(T::ReceiptWindow::get());
				ensure!(
					ClosingCount::<T>::get(closes_at) < T::MaxClosingPerBlock::get(),
					Self::invalid_transaction(Error::<T>::WindowsFull)
				);
				// Until its entropy is too old to open the window (once another copy opened it,
				// it is judged again as an append).
				let max_age: u64 = T::MaxBlockAge::get().unique_saturated_into();
				let lives_until = beacon.entropy_block.saturating_add(max_age).saturating_add(1);
				(lives_until, T::WeightInfo::authorize_submit_report())
			}
			Some(mut window) => {
				let context = Self::append_context(beacon).map_err(Self::invalid_transaction)?;
				// The receipts that would be counted, verified together after judging: all are
				// counted if all verify, and one that does not refuses the whole report.
				let mut counted = Vec::new();
				for receipt in witnesses.iter() {
					let witness = T::Registry::hotspot(receipt.witness);
					let judged = Self::judge(
						beacon,
						&context,
						&mut window,
						receipt,
						witness.as_ref(),
						Mode::AuthorizeAppend,
						now,
					);
					if let Ok((key, _)) = judged {
						let payload = receipt.signing_payload(&context.genesis, &context.id);
						counted.push((key, payload, receipt.signature));
					}
				}
				// Nothing it carries would be counted: a replay, or receipts already in.
				ensure!(
					!counted.is_empty(),
					TransactionValidityError::from(InvalidTransaction::Stale)
				);
				ensure!(
					DeviceKey::verify_batch(counted).into_iter().all(|valid| valid),
					TransactionValidityError::from(InvalidTransaction::BadProof)
				);
				(
					window.closes_at.unique_saturated_into(),
					T::WeightInfo::authorize_append(receipts),
				)
			}
		};
		let witnesses_hash = sp_io::hashing::blake2_256(
			&witnesses.iter().map(|receipt| receipt.witness).collect::<Vec<_>>().encode(),
		);
		let now: u64 = now.unique_saturated_into();
		let longevity = lives_until.saturating_sub(now);
		let validity: ValidTransaction = ValidTransaction::with_tag_prefix("CoverageReport")
			.priority(T::ReportPriority::get())
			.and_provides((id, witnesses_hash))
			.longevity(longevity.max(1))
			.propagate(true)
			.into();
		// Charged the dearer of both paths up front; the other's excess is unspent (refunded).
		Ok((validity, Self::authorize_weight(receipts).saturating_sub(used)))
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
			// Not invalid: the block is full of windows. The author keeps the report in the
			// pool and includes it in a later block (it would drop a `Custom` refusal).
			Error::<T>::WindowsFull => InvalidTransaction::ExhaustsResources,
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
		let activity = Activity::<T>::get(beacon.beaconer);
		ensure!(!Self::device_denied(&activity, now), Error::<T>::BeaconerDenylisted);
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
		Ok(CheckedBeacon { id: beacon.id(), genesis, origin: geo::center(location), view })
	}

	/// What judging an append's receipts needs of the beacon: the beaconer as the registry
	/// sees it now. The beacon itself was checked when its window opened; its id (a hash of
	/// every signed field) names that window, so its fields are the accepted ones.
	fn append_context(beacon: &Beacon) -> Result<CheckedBeacon<T>, Error<T>> {
		let view = T::Registry::hotspot(beacon.beaconer).ok_or(Error::<T>::UnknownHotspot)?;
		let location = view.location.ok_or(Error::<T>::BeaconerNotLocated)?;
		Ok(CheckedBeacon {
			id: beacon.id(),
			genesis: genesis_hash::<T>(),
			origin: geo::center(location),
			view,
		})
	}

	/// Judges one receipt, whose witness the registry sees as `witness`, against `window` and
	/// counts it there (best-ranked first, the worst evicted when full) when it is valid;
	/// returns the witness's key and activity record (read for the denylist). The checks run
	/// cheapest first; see [`Mode`] for when the signature is verified. A duplicate and an
	/// outranked receipt are refused before any signature check: only verified receipts are
	/// counted, so neither can be forged into the way of a real one, and an evicted witness
	/// never ranks back in.
	pub(crate) fn judge(
		beacon: &Beacon,
		checked: &CheckedBeacon<T>,
		window: &mut WindowOf<T>,
		receipt: &WitnessReceipt,
		witness: Option<&HotspotViewOf<T>>,
		mode: Mode,
		now: BlockNumberFor<T>,
	) -> Result<(DeviceKey, ActivityOf<T>), Refused> {
		let unsigned = |reason| (reason, false);
		ensure!(receipt.witness != beacon.beaconer, unsigned(WitnessInvalid::SelfWitness));
		let view = witness.ok_or(unsigned(WitnessInvalid::NotActive))?;
		ensure!(view.status.is_active(), unsigned(WitnessInvalid::NotActive));
		let location = view.location.ok_or(unsigned(WitnessInvalid::NotActive))?;
		ensure!(view.key != checked.view.key, unsigned(WitnessInvalid::SelfWitness));
		ensure!(
			!window.best.iter().any(|counted| counted.witness == receipt.witness),
			unsigned(WitnessInvalid::Duplicate)
		);
		// Opening: the signature first, so a refusal for a rule is one the witness signed.
		let signed = match mode {
			Mode::Open { signed } => {
				ensure!(signed, unsigned(WitnessInvalid::BadSignature));
				true
			}
			Mode::AuthorizeAppend | Mode::DispatchAppend => false,
		};
		let refused = |reason| (reason, signed);
		ensure!(receipt.location == location, refused(WitnessInvalid::LocationMismatch));
		let activity = Activity::<T>::get(receipt.witness);
		ensure!(
			!Self::device_denied(&activity, now)
				&& !Self::edge_denied(&activity, beacon.beaconer, now),
			refused(WitnessInvalid::Denylisted)
		);
		ensure!(
			receipt.frequency_hz.abs_diff(beacon.frequency_hz) <= MAX_FREQUENCY_DIFFERENCE_HZ,
			refused(WitnessInvalid::FrequencyMismatch)
		);
		// Both cells are registry-validated, so the distance exists; a missing one is too far.
		let distance = match (checked.origin, geo::center(location)) {
			(Some(origin), Some(point)) => origin.distance_m(point),
			_ => u32::MAX,
		};
		ensure!(distance >= T::MinDistance::get(), refused(WitnessInvalid::TooClose));
		ensure!(distance <= T::MaxDistance::get(), refused(WitnessInvalid::TooFar));
		let strongest = radio::max_rssi_dbm_x10(
			beacon.tx_power_dbm_x10,
			i32::from(checked.view.gain_dbi_x10),
			i32::from(view.gain_dbi_x10),
			distance,
			beacon.frequency_hz,
		);
		ensure!(receipt.signal_dbm_x10 <= strongest, refused(WitnessInvalid::SignalTooStrong));
		// Last of the rules: a receipt that breaks a radio rule is refused for that rule.
		ensure!(view.owner != checked.view.owner, refused(WitnessInvalid::SameOwner));

		let rank = beacon.rank_of(&view.key);
		let position = window.best.partition_point(|counted| counted.rank < rank);
		let full = window.best.is_full();
		ensure!(!full || position < window.best.len(), unsigned(WitnessInvalid::Outranked));
		if full {
			window.best.pop();
		}
		// Cannot fail: a slot is free.
		let _ = window.best.try_insert(position, RankedWitness { rank, witness: receipt.witness });
		window.valid = window.valid.saturating_add(1);
		Ok((view.key, activity))
	}

	/// Each receipt's witness as the registry sees it, and, when `verify` (a report opening a
	/// window), whether its signature verifies, all of the report's in one batch. A receipt
	/// whose witness is unknown is not verified: it is refused before its signature matters.
	fn witnesses_of(
		checked: &CheckedBeacon<T>,
		receipts: &[WitnessReceipt],
		verify: bool,
	) -> (Vec<Option<HotspotViewOf<T>>>, Vec<bool>) {
		let views: Vec<_> =
			receipts.iter().map(|receipt| T::Registry::hotspot(receipt.witness)).collect();
		if !verify {
			return (views, Vec::new());
		}
		let mut signed = Vec::with_capacity(receipts.len());
		let mut known = Vec::with_capacity(receipts.len());
		for (index, (receipt, view)) in receipts.iter().zip(&views).enumerate() {
			if let Some(view) = view {
				let payload = receipt.signing_payload(&checked.genesis, &checked.id);
				signed.push((view.key, payload, receipt.signature));
				known.push(index);
			}
		}
		let mut valid = alloc::vec![false; receipts.len()];
		for (index, result) in known.into_iter().zip(DeviceKey::verify_batch(signed)) {
			valid[index] = result;
		}
		(views, valid)
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

	/// Opens the beacon's receipt window or appends to it, and counts the valid receipts (see
	/// the crate documentation). Returns what its weight depends on: whether it opened the
	/// window, and whether its batch of signatures failed.
	pub(crate) fn do_submit_report(
		beacon: Beacon,
		witnesses: Vec<WitnessReceipt>,
	) -> Result<ReportWork, DispatchError> {
		let now = frame_system::Pallet::<T>::block_number();
		let id = beacon.id();
		let (checked, mut window, opens) = match Windows::<T>::get(id) {
			// Only called with the `Authorized` origin: the beacon's signature was verified by
			// `authorize`, and so were an append's receipts.
			None => {
				let checked = Self::check_beacon(&beacon, false)?;
				let closes_at = now.saturating_add(T::ReceiptWindow::get());
				let opened = ClosingCount::<T>::get(closes_at);
				ensure!(opened < T::MaxClosingPerBlock::get(), Error::<T>::WindowsFull);
				ClosingCount::<T>::insert(closes_at, opened.saturating_add(1));
				Closing::<T>::insert(closes_at, id, ());
				Activity::<T>::mutate(beacon.beaconer, |activity| activity.last_beacon = Some(now));
				Self::deposit_event(Event::BeaconAccepted {
					beacon_id: id,
					beaconer: beacon.beaconer,
					closes_at,
				});
				let window = ReceiptWindow {
					beaconer: beacon.beaconer,
					opened_at: now,
					closes_at,
					valid: 0,
					best: BoundedVec::new(),
				};
				(checked, window, true)
			}
			Some(window) => (Self::append_context(&beacon)?, window, false),
		};
		let (views, signatures) = Self::witnesses_of(&checked, &witnesses, opens);
		// A known witness's signature that failed failed its batch, each then verified alone (a
		// signature of the other scheme, never batched, counts too: overcharged, never under).
		let batch_failed =
			views.iter().zip(&signatures).any(|(view, signed)| view.is_some() && !*signed);

		let mut counted = 0u32;
		for (index, (receipt, view)) in witnesses.iter().zip(&views).enumerate() {
			let mode = match signatures.get(index) {
				Some(&signed) => Mode::Open { signed },
				None => Mode::DispatchAppend,
			};
			match Self::judge(&beacon, &checked, &mut window, receipt, view.as_ref(), mode, now) {
				Ok((_, mut activity)) => {
					counted += 1;
					// Counted for its reciprocity now, rewarded or not when the window closes.
					activity.last_valid_witness = Some(now);
					Activity::<T>::insert(receipt.witness, activity);
				}
				Err((reason, signed)) => {
					if signed {
						let refusal = Refusal { at: now, beaconer: beacon.beaconer, reason };
						Self::remember_refusal(receipt.witness, refusal);
					}
					Self::deposit_event(Event::WitnessInvalid {
						beacon_id: id,
						witness: receipt.witness,
						reason,
					})
				}
			}
		}
		Windows::<T>::insert(id, window);
		Self::deposit_event(Event::ReceiptsCounted { beacon_id: id, counted });

		Ok(ReportWork { opened: opens, batch_failed })
	}
}
