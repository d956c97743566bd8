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
				.cost(session.bytes(), session.packets)
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

			if verify {
				let genesis = genesis_hash::<T>();
				signed.push((
					hotspot.key,
					session.payload(&genesis),
					signed_session.hotspot_signature,
				));
				signed.push((
					payer.routing_key,
					session.countersign_payload(&genesis),
					signed_session.payer_signature,
				));
			}
			checked.push(CheckedSession {
				session,
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
	/// block) and counts every session. Nothing is written when it fails.
	pub(crate) fn do_submit_sessions(
		sessions: &[SignedSession],
		authorized: bool,
	) -> DispatchResult {
		let checked = Self::check_sessions(sessions, !authorized)?;
		let epoch = Self::current_epoch();
		let parameters = Parameters::<T>::get();
		let mut totals = EpochTotals::<T>::get(epoch).unwrap_or(EpochTraffic {
			demand_resolution: parameters.demand_resolution,
			..Default::default()
		});
		for item in checked {
			let session = item.session;
			T::Credits::burn_escrowed(&item.payer_account, item.credits)?;
			Payers::<T>::try_mutate(session.payer, |payer| -> DispatchResult {
				let payer = payer.as_mut().ok_or(Error::<T>::UnknownPayer)?;
				payer.escrow =
					payer.escrow.checked_sub(item.credits).ok_or(Error::<T>::EscrowExhausted)?;
				Ok(())
			})?;
			let bytes = session.bytes();
			let mut traffic = Self::payer_traffic(session.payer, epoch);
			traffic.sessions = traffic.sessions.saturating_add(1);
			traffic.bytes = traffic.bytes.saturating_add(bytes);
			traffic.credits = traffic.credits.saturating_add(item.credits);
			PayerTraffics::<T>::insert(session.payer, traffic);

			Seen::<T>::insert(
				Self::bucket(session.period.1),
				(session.payer, session.session_id),
				(),
			);
			let mut usage = HotspotUsage::<T>::get(epoch, session.hotspot).unwrap_or_else(|| {
				totals.hotspots = totals.hotspots.saturating_add(1);
				HotspotTraffic::default()
			});
			usage.sessions = usage.sessions.saturating_add(1);
			usage.bytes = usage.bytes.checked_add(bytes).ok_or(ArithmeticError::Overflow)?;
			usage.packets = usage.packets.saturating_add(session.packets);
			usage.credits = usage.credits.saturating_add(item.credits);
			HotspotUsage::<T>::insert(epoch, session.hotspot, usage);

			if let Some(hex) = item.location.parent(totals.demand_resolution) {
				HexDemand::<T>::mutate(epoch, hex, |demand| {
					*demand = Some(demand.unwrap_or(0).saturating_add(bytes))
				});
			}
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
