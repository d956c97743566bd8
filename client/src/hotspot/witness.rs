//! Witnessing: a heard beacon checked against the chain and signed into the hearing hotspot's
//! receipt; receipts of one beacon sent together in one report; the chain's refusals of them,
//! read back from the coverage records, counted by reason.

use std::{collections::BTreeMap, time::Instant};

use depin_primitives::{payloads::WitnessFields, DeviceKey, DeviceSignature};
use serde_json::{json, Value as Json};
use sp_core::{ed25519, sr25519, Pair as _};

use super::{metrics::Metrics, udp::Heard, Hotspot, Served, State};
use crate::{
	chain::Chain,
	daemon::{self, log},
	errors::Result,
	keys,
	lora::{semtech, BeaconFrame},
	runtime::{api, device_signature, Beacon, BoundedVec, H3Cell, WitnessReceipt},
};

/// Receipts of one beacon waiting to go out.
pub(super) struct Batch {
	pub(super) frame: BeaconFrame,
	pub(super) receipts: Vec<WitnessReceipt>,
	pub(super) since: Instant,
}

/// Checks a heard beacon and signs the hearing hotspot's receipt of it; `None` (logged and
/// counted with the reason) when it is not to be witnessed.
#[allow(clippy::too_many_arguments)]
pub(super) async fn witness_receipt(
	chain: &Chain,
	genesis: &[u8; 32],
	hotspots: &[Hotspot],
	served: &BTreeMap<u64, Served>,
	witness: Option<u64>,
	heard: &Heard,
	keys_of: &mut BTreeMap<u64, (DeviceKey, String)>,
	state: &mut State,
	metrics: &Metrics,
) -> Result<Option<WitnessReceipt>> {
	let fields = &heard.frame.fields;
	let beaconer = fields.beaconer;
	let refuse = |reason: &str, detail: String| {
		metrics.beacons_refused.add(reason, 1);
		log(
			"warn",
			"beacon refused",
			&[
				("gateway", semtech::format_eui(&heard.gateway)),
				("beaconer", beaconer.to_string()),
				("reason", reason.into()),
				("detail", detail),
			],
		);
		Ok(None)
	};
	let Some(witness) = witness else {
		return refuse("hotspot not served", "the gateway's hotspot is not served".into());
	};
	if witness == beaconer {
		return refuse("own beacon", format!("hotspot {witness} heard itself"));
	}
	let id = fields.id();
	if state.witnessed.contains_key(&(id, witness)) {
		return refuse("duplicate", format!("hotspot {witness} already witnessed it"));
	}
	let known = match keys_of.get(&beaconer) {
		Some(known) => Some(known.clone()),
		None => {
			let record = chain.request("depin_device", vec![json!(beaconer)]).await?;
			metrics.connection.calls(1);
			let key = (record["class"] == "hotspot")
				.then(|| keys::parse_device_key(&keys::registered_key(&record)).ok())
				.flatten();
			let owner = record["owner"].as_str().unwrap_or_default().to_owned();
			// Known hotspots only: one registered later is looked up again.
			let known = key.map(|key| (key, owner));
			if let Some(known) = &known {
				keys_of.insert(beaconer, known.clone());
			}
			known
		}
	};
	let Some((key, owner)) = known else {
		return refuse("unknown device", format!("no hotspot {beaconer} on the chain"));
	};
	if !verify(&key, &fields.payload(genesis), &heard.frame.signature) {
		return refuse("bad signature", format!("not signed by hotspot {beaconer}'s key"));
	}
	// The chain never counts an owner's hotspots witnessing each other: not sent, counted
	// quietly (an expected case, not bad input).
	if served[&witness].owner == owner {
		metrics.beacons_refused.add("same owner", 1);
		return Ok(None);
	}
	let hotspot = &hotspots[served[&witness].index];
	let received = &heard.received;
	let signed = WitnessFields {
		witness,
		signal_dbm_x10: received.rssi_dbm_x10,
		snr_db_x10: received.snr_db_x10,
		frequency_hz: received.frequency_hz,
		location: depin_primitives::H3Cell(served[&witness].location),
	};
	let signature = hotspot.pair.sign(&signed.payload(genesis, &id));
	state.witnessed.insert((id, witness), fields.entropy_block);
	Ok(Some(WitnessReceipt {
		witness,
		signal_dbm_x10: signed.signal_dbm_x10,
		snr_db_x10: signed.snr_db_x10,
		frequency_hz: signed.frequency_hz,
		location: H3Cell(signed.location.0),
		signature: device_signature(&signature),
	}))
}

/// Whether `signature` over `message` verifies with `key`.
pub(crate) fn verify(key: &DeviceKey, message: &[u8], signature: &DeviceSignature) -> bool {
	match (key, signature) {
		(DeviceKey::Ed25519(public), DeviceSignature::Ed25519(signature)) => ed25519::Pair::verify(
			&ed25519::Signature::from_raw(*signature),
			message,
			&ed25519::Public::from_raw(*public),
		),
		(DeviceKey::Sr25519(public), DeviceSignature::Sr25519(signature)) => sr25519::Pair::verify(
			&sr25519::Signature::from_raw(*signature),
			message,
			&sr25519::Public::from_raw(*public),
		),
		_ => false,
	}
}

/// Sends one beacon's gathered receipts in one report.
pub(super) async fn send_receipts(chain: &Chain, batch: Batch, metrics: &Metrics) {
	let count = batch.receipts.len() as u64;
	let beacon = keys::to_hex(batch.frame.fields.id());
	match submit(chain, &batch.frame, batch.receipts, metrics).await {
		Ok(()) => {
			daemon::add(&metrics.receipts_sent, count);
			log("info", "receipts sent", &[("beacon", beacon), ("receipts", count.to_string())]);
		}
		Err(reason) => {
			metrics.receipts_refused.add("pool refused", count);
			log(
				"warn",
				"receipts refused",
				&[("beacon", beacon), ("receipts", count.to_string()), ("reason", reason)],
			);
		}
	}
}

/// Hands `Coverage.submit_report(beacon, receipts)` to the node's pool as a general
/// transaction; the pool's refusal as text.
pub(super) async fn submit(
	chain: &Chain,
	frame: &BeaconFrame,
	receipts: Vec<WitnessReceipt>,
	metrics: &Metrics,
) -> std::result::Result<(), String> {
	let fields = &frame.fields;
	let beacon = Beacon {
		beaconer: fields.beaconer,
		entropy_block: fields.entropy_block,
		entropy_hash: fields.entropy_hash,
		frequency_hz: fields.frequency_hz,
		tx_power_dbm_x10: fields.tx_power_dbm_x10,
		signature: device_signature(&frame.signature),
	};
	let call = api::transactions().coverage().submit_report(beacon, BoundedVec(receipts));
	let bytes = chain.general_transactions(&[call]).await.map_err(|error| error.to_string())?;
	metrics.connection.calls(1);
	daemon::add(&metrics.reports_sent, 1);
	chain
		.request("author_submitExtrinsic", vec![json!(keys::to_hex(&bytes[0]))])
		.await
		.map(|_| ())
		.map_err(|error| error.to_string())
}

/// Counts the refusals in a hotspot's coverage record newer than the last counted, by reason.
pub(super) fn count_refusals(id: u64, refusals: &Json, state: &mut State, metrics: &Metrics) {
	let seen = state.refusals_seen.get(&id).copied();
	let mut newest = seen;
	for refusal in refusals.as_array().into_iter().flatten() {
		let at = refusal["at"].as_u64().unwrap_or(0);
		if seen.is_some_and(|seen| at <= seen) {
			continue;
		}
		let reason = refusal["reason"].as_str().unwrap_or("unknown").to_owned();
		metrics.receipts_refused.add(&reason, 1);
		log(
			"warn",
			"receipt refused by the chain",
			&[
				("hotspot", id.to_string()),
				("beaconer", refusal["beaconer"].to_string()),
				("reason", reason),
				("at", at.to_string()),
			],
		);
		newest = newest.max(Some(at));
	}
	if let Some(newest) = newest {
		state.refusals_seen.insert(id, newest);
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::keys::DevicePair;

	#[test]
	fn only_beacons_signed_by_the_registered_key_verify() {
		let pair = DevicePair::from_suri("//Alice").expect("a key");
		let signature = pair.sign(b"beacon");
		assert!(verify(&pair.key(), b"beacon", &signature));
		assert!(!verify(&pair.key(), b"other", &signature));
		let other = DevicePair::from_suri("//Bob").expect("a key");
		assert!(!verify(&other.key(), b"beacon", &signature));
		let sr = DevicePair::from_suri("sr25519://Alice").expect("a key");
		assert!(verify(&sr.key(), b"beacon", &sr.sign(b"beacon")));
		assert!(!verify(&sr.key(), b"beacon", &signature), "an ed25519 signature");
	}
}
