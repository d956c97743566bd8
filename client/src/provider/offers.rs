//! Keeping machines' offers in step with the machines: a machine with an `offer` in the file is
//! listed (`Leases.list_offer`) while it is healthy, its terms updated when the file changes them
//! (`update_offer`), and withdrawn (`withdraw_offer`) when its health check fails; it is listed
//! again when the check passes again. A machine's health is its `health_command` exiting 0
//! (checked every `health_every` finalized blocks; a machine without one is always healthy). An
//! unhealthy machine also sends no heartbeat and places no bid: a heartbeat attests that the
//! machine served the interval, and the chain, not the service, counts the miss.
//!
//! The decision is pure ([`action`]), so the rule is tested without a chain.

use std::{
	process::{Command, Stdio},
	time::{Duration, Instant},
};

use serde_json::Value as Json;

/// How long a health command may run before it counts as failed (and is killed).
pub const HEALTH_TIMEOUT: Duration = Duration::from_secs(10);

/// The terms a machine is listed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
	/// Credits per hour.
	pub price: u128,
	/// The shortest term, blocks.
	pub min_term: u32,
	/// The longest term, blocks.
	pub max_term: u32,
	/// Where it serves from.
	pub region: String,
}

/// What to do about a machine's offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
	/// List it at the terms.
	List,
	/// Change the listed terms.
	Update,
	/// Withdraw the offer.
	Withdraw,
}

impl Terms {
	/// Whether the offer `listed` (a `depin_offers` entry) states these terms.
	fn matches(&self, listed: &Json) -> bool {
		let price = listed["pricePerHour"].as_str().and_then(|text| text.parse::<u128>().ok());
		price == Some(self.price)
			&& listed["minDuration"].as_u64() == Some(u64::from(self.min_term))
			&& listed["maxDuration"].as_u64() == Some(u64::from(self.max_term))
			&& listed["region"].as_str() == Some(self.region.as_str())
	}
}

/// What to do for a machine whose file wants it listed at `wanted` (or does not manage its
/// offer), that is `healthy` or not, and whose offer on the chain is `listed`.
pub fn action(wanted: Option<&Terms>, healthy: bool, listed: Option<&Json>) -> Option<Action> {
	let wanted = wanted?;
	match (healthy, listed) {
		(true, None) => Some(Action::List),
		(true, Some(listed)) if !wanted.matches(listed) => Some(Action::Update),
		(false, Some(_)) => Some(Action::Withdraw),
		_ => None,
	}
}

/// Whether `command` (program and arguments) exits 0 within [`HEALTH_TIMEOUT`]; an empty
/// command is healthy. Blocking: run it off the async threads.
pub fn healthy(command: &[String]) -> Result<(), String> {
	let Some((program, args)) = command.split_first() else { return Ok(()) };
	let mut child = Command::new(program)
		.args(args)
		.stdin(Stdio::null())
		.stdout(Stdio::null())
		.stderr(Stdio::null())
		.spawn()
		.map_err(|error| format!("{program}: {error}"))?;
	let started = Instant::now();
	loop {
		match child.try_wait() {
			Ok(Some(status)) if status.success() => return Ok(()),
			Ok(Some(status)) => return Err(format!("{program} exited with {status}")),
			Ok(None) if started.elapsed() >= HEALTH_TIMEOUT => {
				let _ = child.kill();
				let _ = child.wait();
				return Err(format!("{program} ran longer than {}s", HEALTH_TIMEOUT.as_secs()));
			}
			Ok(None) => std::thread::sleep(Duration::from_millis(20)),
			Err(error) => return Err(format!("{program}: {error}")),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	fn terms() -> Terms {
		Terms { price: 600_000, min_term: 10, max_term: 600, region: "eu-west".into() }
	}

	fn listed(price: &str) -> Json {
		json!({ "pricePerHour": price, "minDuration": 10, "maxDuration": 600, "region": "eu-west" })
	}

	#[test]
	fn a_healthy_machine_is_listed_at_its_terms_and_an_unhealthy_one_withdrawn() {
		let terms = terms();
		assert_eq!(action(Some(&terms), true, None), Some(Action::List));
		assert_eq!(action(Some(&terms), true, Some(&listed("600000"))), None);
		assert_eq!(action(Some(&terms), true, Some(&listed("700000"))), Some(Action::Update));
		assert_eq!(action(Some(&terms), false, Some(&listed("600000"))), Some(Action::Withdraw));
		assert_eq!(action(Some(&terms), false, None), None);
		// A machine whose file names no offer is left as it is, listed or not.
		assert_eq!(action(None, false, Some(&listed("600000"))), None);
		assert_eq!(action(None, true, None), None);
	}

	#[test]
	fn health_is_the_commands_exit_status() {
		assert_eq!(healthy(&[]), Ok(()));
		assert_eq!(healthy(&["true".into()]), Ok(()));
		assert!(healthy(&["false".into()]).expect_err("fails").contains("exited with"));
		let missing = healthy(&["/nonexistent/health-check".into()]).expect_err("no program");
		assert!(missing.contains("/nonexistent/health-check"), "{missing}");
	}
}
