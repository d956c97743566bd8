//! Data-transfer sessions: their rules, their authorization as fee-less transactions, and what
//! counting them writes.

use crate::*;
use alloc::{collections::btree_map::BTreeMap, vec::Vec};
use codec::Encode;
use depin_primitives::{genesis_hash, payloads::DataSessionFields, DeviceSignature};
use frame_support::{
	pallet_prelude::{
		InvalidTransaction, TransactionSource, TransactionValidityError, ValidTransaction,
	},
	weights::Weight,
	BoundedVec,
};
use sp_runtime::{
	traits::UniqueSaturatedInto, transaction_validity::TransactionValidityWithRefund,
};

/// A session that passed every rule, with what counting it writes.
pub(crate) struct CheckedSession<T: Config> {
	/// The session.
	pub session: DataSessionFields,
	/// Its rewardable bytes.
	pub bytes: u64,
	/// Its cost in credits, burned from the payer's escrow.
	pub credits: CreditBalance,
	/// The payer's account, whose escrow pays.
	pub payer_account: T::AccountId,
	/// The hotspot's location.
	pub location: H3Cell,
}

/// What a report's sessions add up to per payer and per hotspot while they are checked, so the
/// limits hold for the report as a whole.
#[derive(Default)]
struct Tally {
	/// Per payer: its record (escrow and epoch traffic as the report leaves them).
	payers: BTreeMap<PayerId, (CreditBalance, PayerTraffic)>,
	/// Per hotspot: its sessions this epoch as the report leaves them.
	hotspots: BTreeMap<DeviceId, u32>,
	/// The (payer, session id) pairs of the report.
	sessions: BTreeMap<(PayerId, SessionId), ()>,
}

impl<T: Config> Pallet<T> {
	/// Checks every rule of every session in order, then (when `verify` is set) every
	/// signature, in one batch. Nothing is written.
	pub(crate) fn check_sessions(
		sessions: &[SignedSession],
		verify: bool,
	) -> Result<Vec<CheckedSession<T>>, Error<T>> {
		ensure!(!sessions.is_empty(), Error::<T>::EmptyReport);
		let now = frame_system::Pallet::<T>::block_number();
		let now_u64: u64 = now.unique_saturated_into();
		let max_age: u64 = T::MaxSessionAge::get().unique_saturated_into();
		let epoch = Self::current_epoch();
		let genesis = if verify { Some(genesis_hash::<T>()) } else { None };
		let mut tally = Tally::default();
		let mut checked = Vec::with_capacity(sessions.len());
		let mut signed = Vec::with_capacity(sessions.len().saturating_mul(2));

		for signed_session in sessions {
			let session = signed_session.session;
			let payer = Payers::<T>::get(session.payer).ok_or(Error::<T>::UnknownPayer)?;
			ensure!(payer.status == PayerStatus::Active, Error::<T>::PayerNotActive);
			let hotspot =
				T::Registry::hotspot(session.hotspot).ok_or(Error::<T>::UnknownHotspot)?;
			ensure!(hotspot.status.is_active(), Error::<T>::HotspotNotActive);
			let location = hotspot.location.ok_or(Error::<T>::HotspotNotLocated)?;
			ensure!(hotspot.owner != payer.account, Error::<T>::PayerOwnsHotspot);

			let (start, end) = session.period;
			ensure!(start <= end, Error::<T>::BadPeriod);
			ensure!(end <= now_u64, Error::<T>::SessionFromFuture);
			ensure!(now_u64.saturating_sub(end) <= max_age, Error::<T>::SessionTooOld);
			let bytes = session.bytes();
			ensure!(bytes > 0 || session.packets > 0, Error::<T>::EmptySession);

			let key = (session.payer, session.session_id);
			ensure!(
				!Seen::<T>::contains_key(Self::bucket(end), key)
					&& tally.sessions.insert(key, ()).is_none(),
				Error::<T>::DuplicateSession
			);

			let hotspot_sessions = match tally.hotspots.get(&session.hotspot) {
				Some(count) => *count,
				None => HotspotUsage::<T>::get(epoch, session.hotspot).unwrap_or_default().sessions,
			};
			ensure!(
				hotspot_sessions < T::MaxSessionsPerHotspotEpoch::get(),
				Error::<T>::TooManySessions
			);
			tally.hotspots.insert(session.hotspot, hotspot_sessions.saturating_add(1));

			let credits = payer
				.price_at(now)
				.cost(bytes, session.packets)
				.ok_or(Error::<T>::EscrowExhausted)?;
			ensure!(credits > 0, Error::<T>::SessionWorthless);
			let (escrow, traffic) = tally
				.payers
				.entry(session.payer)
				.or_insert_with(|| (payer.escrow, Self::payer_traffic(session.payer, epoch)));
			*escrow = escrow.checked_sub(credits).ok_or(Error::<T>::EscrowExhausted)?;
			let burned = traffic
				.credits
				.checked_add(credits)
				.filter(|burned| *burned <= payer.epoch_limit)
				.ok_or(Error::<T>::PayerEpochLimitReached)?;
			traffic.credits = burned;

			if let Some(genesis) = &genesis {
				signed.push((
					hotspot.key,
					session.payload(genesis),
					signed_session.hotspot_signature,
				));
				signed.push((
					payer.routing_key,
					session.countersign_payload(genesis),
					signed_session.payer_signature,
				));
			}
			checked.push(CheckedSession {
				session,
				bytes,
				credits,
				payer_account: payer.account,
				location,
			});
		}

		if verify {
			Self::verify_signatures(signed)?;
		}
		Ok(checked)
	}

	/// Verifies the report's signatures in one batch; when the batch fails, names the first
	/// that does not verify (hotspot signatures are at even places, payers' at odd ones).
	fn verify_signatures(
		signed: Vec<(DeviceKey, Vec<u8>, DeviceSignature)>,
	) -> Result<(), Error<T>> {
		let results = DeviceKey::verify_batch(signed);
		match results.iter().position(|valid| !valid) {
			None => Ok(()),
			Some(index) if index % 2 == 0 => Err(Error::<T>::BadHotspotSignature),
			Some(_) => Err(Error::<T>::BadPayerSignature),
		}
	}

	/// The [`Seen`] bucket of a session whose period ends at `end`.
	pub(crate) fn bucket(end: u64) -> u64 {
		let age: u64 = T::MaxSessionAge::get().unique_saturated_into();
		end / age.max(1)
	}

	/// `payer`'s traffic in `epoch` (zero when its record is of an older epoch).
	pub(crate) fn payer_traffic(payer: PayerId, epoch: EpochIndex) -> PayerTraffic {
		let traffic = PayerTraffics::<T>::get(payer);
		if traffic.epoch == epoch {
			traffic
		} else {
			PayerTraffic { epoch, ..Default::default() }
		}
	}

	/// Checks the report (signatures too unless `authorized`: the `Authorized` origin proves
	/// that [`Self::authorize_submit_sessions`] verified them moments before, in the same
	/// block) and counts every session, writing each payer, hotspot and hex it touches once.
	/// Nothing is written when it fails.
	pub(crate) fn do_submit_sessions(
		sessions: &[SignedSession],
		authorized: bool,
	) -> DispatchResult {
		let checked = Self::check_sessions(sessions, !authorized)?;
		let epoch = Self::current_epoch();
		let mut totals = EpochTotals::<T>::get(epoch).unwrap_or(EpochTraffic {
			demand_resolution: Parameters::<T>::get().demand_resolution,
			..Default::default()
		});
		let mut payers = BTreeMap::<PayerId, (T::AccountId, HotspotTraffic)>::new();
		let mut hotspots = BTreeMap::<DeviceId, HotspotTraffic>::new();
		let mut hexes = BTreeMap::<H3Cell, u64>::new();
		for item in checked {
			let (session, bytes) = (item.session, item.bytes);
			let counted = HotspotTraffic {
				sessions: 1,
				bytes,
				packets: session.packets,
				credits: item.credits,
			};
			payers
				.entry(session.payer)
				.or_insert_with(|| (item.payer_account, HotspotTraffic::default()))
				.1
				.add(&counted)?;
			hotspots.entry(session.hotspot).or_default().add(&counted)?;
			if let Some(hex) = item.location.parent(totals.demand_resolution) {
				let demand = hexes.entry(hex).or_default();
				*demand = demand.saturating_add(bytes);
			}
			Seen::<T>::insert(
				Self::bucket(session.period.1),
				(session.payer, session.session_id),
				(),
			);
			totals.sessions = totals.sessions.saturating_add(1);
			totals.bytes = totals.bytes.saturating_add(u128::from(bytes));
			totals.credits = totals.credits.saturating_add(item.credits);
			Self::deposit_event(Event::SessionCounted {
				hotspot: session.hotspot,
				payer: session.payer,
				session_id: session.session_id,
				bytes,
				credits: item.credits,
			});
		}

		for (id, (account, counted)) in payers {
			T::Credits::burn_escrowed(&account, counted.credits)?;
			Payers::<T>::try_mutate(id, |payer| -> DispatchResult {
				let payer = payer.as_mut().ok_or(Error::<T>::UnknownPayer)?;
				payer.escrow =
					payer.escrow.checked_sub(counted.credits).ok_or(Error::<T>::EscrowExhausted)?;
				Ok(())
			})?;
			let mut traffic = Self::payer_traffic(id, epoch);
			traffic.sessions = traffic.sessions.saturating_add(counted.sessions);
			traffic.bytes = traffic.bytes.saturating_add(counted.bytes);
			traffic.credits = traffic.credits.saturating_add(counted.credits);
			PayerTraffics::<T>::insert(id, traffic);
		}
		for (hotspot, counted) in hotspots {
			let mut usage = HotspotUsage::<T>::get(epoch, hotspot).unwrap_or_else(|| {
				totals.hotspots = totals.hotspots.saturating_add(1);
				HotspotTraffic::default()
			});
			usage.add(&counted)?;
			HotspotUsage::<T>::insert(epoch, hotspot, usage);
		}
		for (hex, bytes) in hexes {
			HexDemand::<T>::mutate(epoch, hex, |demand| {
				*demand = Some(demand.unwrap_or(0).saturating_add(bytes))
			});
		}
		EpochTotals::<T>::insert(epoch, totals);
		Ok(())
	}

	/// Authorizes a report as a fee-less transaction: every rule and every signature holds. It
	/// provides each (payer, session id), so the pool keeps one report of a session, and lives
	/// until its oldest session is too old.
	pub(crate) fn authorize_submit_sessions(
		_source: TransactionSource,
		sessions: &BoundedVec<SignedSession, T::MaxSessionsPerReport>,
	) -> TransactionValidityWithRefund {
		let checked = Self::check_sessions(sessions, true).map_err(Self::invalid_transaction)?;
		let now: u64 = frame_system::Pallet::<T>::block_number().unique_saturated_into();
		let max_age: u64 = T::MaxSessionAge::get().unique_saturated_into();
		let oldest_end = checked.iter().map(|item| item.session.period.1).min().unwrap_or(now);
		let longevity = oldest_end.saturating_add(max_age).saturating_add(1).saturating_sub(now);
		let mut validity = ValidTransaction::with_tag_prefix("UsageSessions")
			.priority(T::ReportPriority::get())
			.longevity(longevity.max(1))
			.propagate(true);
		for item in &checked {
			validity = validity.and_provides((item.session.payer, item.session.session_id));
		}
		Ok((validity.into(), Weight::zero()))
	}

	/// The pool's reason for refusing a report that breaks `error`'s rule: a session not over
	/// yet `Future` (it may become valid), any other rule `Custom` with the index of the
	/// [`Error`] variant in this pallet's metadata, so a client names the rule (`depin` prints
	/// `Usage::DuplicateSession`, say).
	fn invalid_transaction(error: Error<T>) -> TransactionValidityError {
		let invalid = match error {
			Error::<T>::SessionFromFuture => InvalidTransaction::Future,
			other => InvalidTransaction::Custom(other.encode().first().copied().unwrap_or(0)),
		};
		TransactionValidityError::Invalid(invalid)
	}
}
