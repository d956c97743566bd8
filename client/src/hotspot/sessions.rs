//! The hotspot service's data-transfer sessions (the `[sessions]` table of its file): the LoRa
//! data packets (anything but beacons) each hotspot's gateway hears are counted; every
//! `period_blocks` finalized blocks each hotspot that carried traffic signs its session for the
//! configured payer, written to `<dir>/outbox/`. The payer countersigns it (`depin payer
//! countersign`) and drops it in `<dir>/inbox/`; at each finalized block the service checks what
//! is there (its own hotspot, its own signature, a countersignature) and submits it in one
//! fee-less report (`Usage.submit_sessions`, at most 64 sessions), moving each file to
//! `<dir>/sent/`, or to `<dir>/refused/` with a `.reason` file beside it.
//!
//! A session's id is the first 16 bytes of `blake2_256(hotspot, first block, last block)`: the
//! same period signed again after a restart is the same session, which the chain counts once.

use std::{
	collections::BTreeMap,
	path::{Path, PathBuf},
};

use depin_primitives::payloads::DataSessionFields;
use serde_json::{json, Value as Json};

use super::{verify, Hotspot, Served};
use crate::{
	chain::Chain,
	daemon::{self, log},
	keys,
	lora::semtech::Eui,
	runtime::{api, signed_session, BoundedVec},
	sessions,
};

/// The most sessions a report carries (the runtime's `MaxSessionsPerReport`).
pub const MAX_PER_REPORT: usize = 64;

/// Bytes and packets of data a gateway heard.
pub type Traffic = BTreeMap<Eui, (u64, u64)>;

/// The id of `hotspot`'s session over `period`.
pub fn session_id(hotspot: u64, period: (u64, u64)) -> [u8; 16] {
	let hash = sp_crypto_hashing::blake2_256(
		&[hotspot.to_le_bytes(), period.0.to_le_bytes(), period.1.to_le_bytes()].concat(),
	);
	let mut id = [0u8; 16];
	id.copy_from_slice(&hash[..16]);
	id
}

/// The folders under `dir`, created when missing.
fn folder(dir: &Path, name: &str) -> Result<PathBuf, String> {
	let path = dir.join(name);
	std::fs::create_dir_all(&path).map_err(|error| format!("{}: {error}", path.display()))?;
	Ok(path)
}

/// Signs and writes the session of every served hotspot that carried traffic over `period`,
/// taking its counts; how many were written.
#[allow(clippy::too_many_arguments)]
pub(crate) fn close_period(
	dir: &Path,
	payer: u32,
	genesis: &[u8; 32],
	hotspots: &[Hotspot],
	served: &BTreeMap<u64, Served>,
	traffic: &mut Traffic,
	period: (u64, u64),
	metrics: &super::Metrics,
) -> usize {
	let outbox = match folder(dir, "outbox") {
		Ok(outbox) => outbox,
		Err(reason) => {
			log("error", "sessions not written", &[("reason", reason)]);
			return 0;
		}
	};
	let mut written = 0;
	for (id, served) in served {
		let hotspot = &hotspots[served.index];
		let Some((bytes, packets)) = traffic.remove(&hotspot.gateway) else { continue };
		let fields = DataSessionFields {
			hotspot: *id,
			payer,
			session_id: session_id(*id, period),
			period,
			bytes_up: bytes,
			bytes_down: 0,
			packets,
		};
		let mut session = sessions::to_json(&fields);
		session["hotspotSignature"] =
			json!(sessions::format_signature(&hotspot.pair.sign(&fields.payload(genesis))));
		let path = outbox.join(format!("hotspot-{id}-{}-{}.json", period.0, period.1));
		match std::fs::write(&path, format!("{session}\n")) {
			Ok(()) => {
				written += 1;
				daemon::add(&metrics.sessions_signed, 1);
				log(
					"info",
					"session signed",
					&[
						("hotspot", id.to_string()),
						("period", format!("{}-{}", period.0, period.1)),
						("bytes", bytes.to_string()),
						("packets", packets.to_string()),
						("file", path.display().to_string()),
					],
				);
			}
			Err(error) => log(
				"error",
				"session not written",
				&[("file", path.display().to_string()), ("reason", error.to_string())],
			),
		}
	}
	written
}

/// Why a countersigned `session` is not this service's to submit, or its call argument.
fn check(
	session: &Json,
	genesis: &[u8; 32],
	hotspots: &[Hotspot],
	served: &BTreeMap<u64, Served>,
) -> Result<api::runtime_types::pallet_usage::types::SignedSession, String> {
	let fields = sessions::fields(session).map_err(|error| error.to_string())?;
	let served = served
		.get(&fields.hotspot)
		.ok_or_else(|| format!("hotspot {} is not served here", fields.hotspot))?;
	let hotspot_signature =
		sessions::signature(session, "hotspotSignature").map_err(|error| error.to_string())?;
	let key = hotspots[served.index].pair.key();
	if !verify(&key, &fields.payload(genesis), &hotspot_signature) {
		return Err(format!("not signed by hotspot {}'s key", fields.hotspot));
	}
	let payer_signature =
		sessions::signature(session, "payerSignature").map_err(|error| error.to_string())?;
	Ok(signed_session(&fields, &hotspot_signature, &payer_signature))
}

/// Moves `file` into `dir/<to>/`, with `reason` beside it when refused.
fn file_away(dir: &Path, file: &Path, to: &str, reason: Option<&str>) {
	let Ok(folder) = folder(dir, to) else { return };
	let Some(name) = file.file_name() else { return };
	let target = folder.join(name);
	if let Err(error) = std::fs::rename(file, &target) {
		log(
			"error",
			"session file not moved",
			&[("file", file.display().to_string()), ("reason", error.to_string())],
		);
		let _ = std::fs::remove_file(file);
	}
	if let Some(reason) = reason {
		let _ = std::fs::write(target.with_extension("reason"), format!("{reason}\n"));
	}
}

/// Submits the countersigned sessions waiting in `dir/inbox/` (oldest files first, at most
/// [`MAX_PER_REPORT`] sessions), filing each file away as sent or refused.
pub(crate) async fn submit_inbox(
	chain: &Chain,
	dir: &Path,
	genesis: &[u8; 32],
	hotspots: &[Hotspot],
	served: &BTreeMap<u64, Served>,
	metrics: &super::Metrics,
) {
	let Ok(inbox) = folder(dir, "inbox") else { return };
	let Ok(entries) = std::fs::read_dir(&inbox) else { return };
	let mut files: Vec<PathBuf> = entries
		.filter_map(|entry| entry.ok().map(|entry| entry.path()))
		.filter(|path| path.extension().is_some_and(|extension| extension == "json"))
		.collect();
	files.sort();
	let mut report = Vec::new();
	let mut taken = Vec::new();
	for file in files {
		let refuse = |reason: String| {
			metrics.sessions_refused.add("invalid", 1);
			log(
				"warn",
				"session refused",
				&[("file", file.display().to_string()), ("reason", reason.clone())],
			);
			file_away(dir, &file, "refused", Some(&reason));
		};
		let text = match std::fs::read_to_string(&file) {
			Ok(text) => text,
			Err(error) => {
				refuse(error.to_string());
				continue;
			}
		};
		let checked: Result<Vec<_>, String> = sessions::parse(&text).and_then(|all| {
			all.iter().map(|session| check(session, genesis, hotspots, served)).collect()
		});
		match checked {
			Ok(sessions) if sessions.is_empty() => refuse("no session in the file".into()),
			Ok(sessions) if report.len() + sessions.len() > MAX_PER_REPORT => {
				if report.is_empty() {
					refuse(format!("more than {MAX_PER_REPORT} sessions in one file"));
				} else {
					break;
				}
			}
			Ok(sessions) => {
				report.extend(sessions);
				taken.push(file);
			}
			Err(reason) => refuse(reason),
		}
	}
	if report.is_empty() {
		return;
	}
	let count = report.len() as u64;
	let call = api::transactions().usage().submit_sessions(BoundedVec(report));
	let sent = match chain.general_transactions(&[call]).await {
		Ok(bytes) => chain
			.request("author_submitExtrinsic", vec![json!(keys::to_hex(&bytes[0]))])
			.await
			.map(|_| ())
			.map_err(|error| error.to_string()),
		Err(error) => Err(error.to_string()),
	};
	metrics.connection.calls(1);
	match sent {
		Ok(()) => {
			daemon::add(&metrics.sessions_sent, count);
			log(
				"info",
				"sessions sent",
				&[("sessions", count.to_string()), ("files", taken.len().to_string())],
			);
			for file in &taken {
				file_away(dir, file, "sent", None);
			}
		}
		Err(reason) => {
			metrics.sessions_refused.add("pool refused", count);
			log(
				"warn",
				"sessions refused",
				&[("sessions", count.to_string()), ("reason", reason.clone())],
			);
			for file in &taken {
				file_away(dir, file, "refused", Some(&reason));
			}
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_period_signed_again_is_the_same_session() {
		assert_eq!(session_id(3, (10, 19)), session_id(3, (10, 19)));
		assert_ne!(session_id(3, (10, 19)), session_id(4, (10, 19)));
		assert_ne!(session_id(3, (10, 19)), session_id(3, (20, 29)));
	}
}
