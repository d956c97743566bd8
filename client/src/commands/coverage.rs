//! `depin coverage beacon|show`.

use serde_json::{json, Value as Json};

use super::{receipt_output, Context};
use crate::{
	chain::Chain,
	cli::CoverageCommand,
	errors::{Error, Result},
	keys,
	output::{self, Output},
	payloads::{self, BeaconFields, WitnessFields},
	runtime::{api, device_signature, Beacon, BoundedVec, H3Cell, WitnessReceipt},
};

/// Runs a coverage command.
pub async fn run(context: &Context, command: CoverageCommand) -> Result<Output> {
	match command {
		CoverageCommand::Beacon {
			device,
			key,
			witnesses,
			frequency,
			tx_power,
			signal,
			snr,
			rewards,
		} => {
			let chain = context.chain().await?;
			let (beaconer, _) = super::device_pair(&chain, device, &key).await?;
			let (entropy_block, entropy_hash) = chain.finalized().await?;
			let genesis = chain.genesis_hash().await?;
			let fields = BeaconFields {
				beaconer: device,
				entropy_block,
				entropy_hash,
				frequency_hz: frequency,
				tx_power_dbm_x10: tx_power,
			};
			let id = fields.id();
			let mut receipts = Vec::new();
			for witness in &witnesses {
				let (witness, suri) = witness.split_once('=').ok_or_else(|| {
					Error::Usage(format!("--witness {witness:?}: expected ID=SECRET_URI"))
				})?;
				let witness: u64 = witness
					.parse()
					.map_err(|_| Error::Usage(format!("--witness: {witness:?} is not an id")))?;
				let (pair, record) = super::device_pair(&chain, witness, suri).await?;
				let cell = record["location"]["cell"]
					.as_str()
					.and_then(|cell| u64::from_str_radix(cell.trim_start_matches("0x"), 16).ok())
					.ok_or_else(|| {
						Error::Usage(format!("witness {witness} is not a located device"))
					})?;
				let signed = WitnessFields {
					witness,
					signal_dbm_x10: signal,
					snr_db_x10: snr,
					frequency_hz: frequency,
					location: payloads::H3Cell(cell),
				};
				let signature = pair.sign(&signed.payload(&genesis, &id));
				receipts.push(WitnessReceipt {
					witness,
					signal_dbm_x10: signal,
					snr_db_x10: snr,
					frequency_hz: frequency,
					location: H3Cell(cell),
					signature: device_signature(&signature),
				});
			}
			let beacon = Beacon {
				beaconer: device,
				entropy_block,
				entropy_hash,
				frequency_hz: frequency,
				tx_power_dbm_x10: tx_power,
				signature: device_signature(&beaconer.sign(&fields.payload(&genesis))),
			};
			let call = api::transactions().coverage().submit_report(beacon, BoundedVec(receipts));
			let receipt = chain.submit_general(&call).await?;
			let invalid: Vec<_> =
				receipt.all("Coverage", "WitnessInvalid").into_iter().cloned().collect();
			let accepted = receipt.event("Coverage", "BeaconAccepted").cloned();
			let closes_at = accepted.as_ref().and_then(|event| event["closes_at"].as_u64());
			let mut extra = match closes_at {
				Some(at) => format!(
					"beacon {} of hotspot {device} accepted; its receipt window closes at #{at}",
					keys::to_hex(id)
				),
				None => format!("receipts of beacon {} counted", keys::to_hex(id)),
			};
			let rewarded = match (rewards, closes_at) {
				(true, Some(at)) => {
					let rewarded = window_rewards(&chain, at, &keys::to_hex(id)).await?;
					extra.push_str(&format!(
						"\n  rewarded at #{at}: beaconer {} shares, witnesses {}",
						rewarded["beacon_shares"], rewarded["rewarded"]
					));
					Some(rewarded)
				}
				_ => None,
			};
			for refusal in &invalid {
				extra.push_str(&format!(
					"\n  witness {} refused: {}",
					refusal["witness"], refusal["reason"]
				));
			}
			let fields = json!({
				"beacon": keys::to_hex(id),
				"accepted": accepted,
				"refused": invalid,
				"rewards": rewarded,
			});
			Ok(receipt_output(&receipt, &extra.replace('"', ""), fields))
		}
		CoverageCommand::Show { device } => {
			let value = context
				.chain()
				.await?
				.request("depin_hotspotCoverage", vec![json!(device)])
				.await?;
			Ok(output::read(&format!("coverage of hotspot {device}"), value, "no such hotspot"))
		}
	}
}

/// The `Coverage.BeaconRewarded` event of beacon `id` (hex), from block `closes_at` once the
/// chain has built it.
async fn window_rewards(chain: &Chain, closes_at: u64, id: &str) -> Result<Json> {
	for _ in 0..600 {
		if chain.best_number().await? >= closes_at {
			let events = chain.events_at(closes_at).await?;
			return events
				.into_iter()
				.find(|event| {
					event["pallet"] == "Coverage"
						&& event["event"] == "BeaconRewarded"
						&& event["fields"]["beacon_id"] == id
				})
				.map(|event| event["fields"].clone())
				.ok_or_else(|| Error::Rpc(format!("no rewards of beacon {id} in #{closes_at}")));
		}
		tokio::time::sleep(std::time::Duration::from_millis(500)).await;
	}
	Err(Error::Rpc(format!("block #{closes_at} was not built within 5 minutes")))
}
