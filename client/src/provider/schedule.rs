//! When a lease's heartbeat is due: pure decisions over what the chain shows and what the
//! service sent, so the rules are tested without a chain.
//!
//! A lease's interval `i` covers blocks `started_at + i × period` to one before the next. The
//! heartbeat of the interval the next block falls in is sent once; it is sent again only if the
//! chain still does not show it 2, then 4, 8, … blocks later, within the interval. Nothing is
//! sent in an interval's last block (the transaction would live one block), before the lease
//! starts or from its end.

/// A lease as the service follows it (from `depin_leasesOf`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Followed {
	/// The lease id.
	pub lease: u64,
	/// The leased device.
	pub device: u64,
	/// The block interval 0 starts at.
	pub started_at: u64,
	/// The block its term ends at.
	pub ends_at: u64,
	/// Blocks per interval.
	pub period: u64,
	/// Whether it is active (not paused or closed).
	pub active: bool,
	/// The interval of the last heartbeat the chain holds.
	pub last_heartbeat: Option<u32>,
	/// Credits it owes, as stored (accrued at its last touch); claimed only above zero.
	pub owed: u128,
	/// The tenant's account (its sr25519 public key), which access details are sealed to.
	pub tenant: [u8; 32],
}

/// The service's last send for a lease.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
	/// The interval sent for.
	pub interval: u32,
	/// The best block when it was sent.
	pub at: u64,
	/// How many times it was sent.
	pub tries: u32,
}

impl Followed {
	/// The interval block `block` falls in, or `None` outside the lease's term.
	pub fn interval_at(&self, block: u64) -> Option<u32> {
		if block < self.started_at || block >= self.ends_at {
			return None;
		}
		u32::try_from((block - self.started_at) / self.period.max(1)).ok()
	}
}

/// The interval whose heartbeat to send now, the next block being `next`, given the last send.
pub fn due(lease: &Followed, next: u64, sent: Option<&Sent>) -> Option<u32> {
	if !lease.active {
		return None;
	}
	let period = lease.period.max(1);
	let interval = lease.interval_at(next)?;
	if period > 1 && (next - lease.started_at) % period == period - 1 {
		return None;
	}
	if lease.last_heartbeat.is_some_and(|last| last >= interval) {
		return None;
	}
	match sent {
		Some(sent) if sent.interval == interval => {
			let wait = 2u64.saturating_pow(sent.tries.min(20));
			(next >= sent.at.saturating_add(wait)).then_some(interval)
		}
		_ => Some(interval),
	}
}

/// The intervals from `from` up to (not including) `to` that the chain shows no heartbeat for,
/// given its last heartbeat: how many the lease missed while the service watched.
pub fn missed(last_heartbeat: Option<u32>, from: u32, to: u32) -> u32 {
	(from..to).filter(|interval| last_heartbeat.is_none_or(|last| last < *interval)).count() as u32
}

#[cfg(test)]
mod tests {
	use super::*;

	fn lease() -> Followed {
		Followed {
			lease: 1,
			device: 7,
			started_at: 100,
			ends_at: 200,
			period: 10,
			active: true,
			last_heartbeat: None,
			owed: 0,
			tenant: [0; 32],
		}
	}

	#[test]
	fn each_interval_is_sent_once_when_it_begins() {
		assert_eq!(due(&lease(), 100, None), Some(0));
		assert_eq!(due(&lease(), 113, None), Some(1));
		let on_chain = Followed { last_heartbeat: Some(1), ..lease() };
		assert_eq!(due(&on_chain, 113, None), None, "the chain holds it");
		let sent = Sent { interval: 1, at: 113, tries: 1 };
		assert_eq!(due(&lease(), 114, Some(&sent)), None, "sent a block ago");
	}

	#[test]
	fn an_unseen_heartbeat_is_sent_again_after_2_then_4_blocks() {
		let sent = Sent { interval: 2, at: 120, tries: 1 };
		assert_eq!(due(&lease(), 121, Some(&sent)), None);
		assert_eq!(due(&lease(), 122, Some(&sent)), Some(2));
		let again = Sent { interval: 2, at: 122, tries: 2 };
		assert_eq!(due(&lease(), 125, Some(&again)), None);
		assert_eq!(due(&lease(), 126, Some(&again)), Some(2));
	}

	#[test]
	fn nothing_is_sent_in_an_intervals_last_block_outside_the_term_or_when_paused() {
		assert_eq!(due(&lease(), 109, None), None, "interval 0's last block");
		assert_eq!(due(&lease(), 99, None), None, "before the start");
		assert_eq!(due(&lease(), 200, None), None, "at the end");
		assert_eq!(due(&Followed { active: false, ..lease() }, 105, None), None);
		assert_eq!(due(&Followed { period: 1, ..lease() }, 105, None), Some(5));
	}

	#[test]
	fn intervals_passed_without_a_heartbeat_count_as_missed() {
		assert_eq!(missed(None, 0, 3), 3);
		assert_eq!(missed(Some(1), 0, 3), 1, "interval 2 only");
		assert_eq!(missed(Some(4), 2, 4), 0);
	}
}
