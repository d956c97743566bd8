//! `depin coverage beacon|show`.

use serde_json::json;

use super::{receipt_output, Context};
use crate::{
	cli::CoverageCommand,
	errors::{Error, Result},
	keys,
	output::{self, Output},
	payloads::{self, BeaconFields, WitnessFields},
	runtime::{api, Beacon, BoundedVec, DeviceSignature, H3Cell, WitnessReceipt},
};

/// Runs a coverage command.
pub async fn run(context: &Context, command: CoverageCommand) -> Result<Output> {
	match command {
		CoverageCommand::Beacon { device, key, witnesses, frequency, tx_power, signal, snr } => {
			let chain = context.chain().await?;
			let beaconer = keys::pair(&key).map_err(Error::Usage)?;
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
				let pair = keys::pair(suri).map_err(Error::Usage)?;
				let record = chain.request("depin_device", vec![json!(witness)]).await?;
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
				let signature = pair.sign(&signed.payload(&genesis, &id)).0;
				receipts.push(WitnessReceipt {
					witness,
					signal_dbm_x10: signal,
					snr_db_x10: snr,
					frequency_hz: frequency,
					location: H3Cell(cell),
					signature: DeviceSignature::Sr25519(signature),
				});
			}
			let beacon = Beacon {
				beaconer: device,
				entropy_block,
				entropy_hash,
				frequency_hz: frequency,
				tx_power_dbm_x10: tx_power,
				signature: DeviceSignature::Sr25519(beaconer.sign(&fields.payload(&genesis)).0),
			};
			let call = api::transactions().coverage().submit_report(beacon, BoundedVec(receipts));
			let receipt = chain.submit_general(&call).await?;
			let invalid: Vec<_> =
				receipt.all("Coverage", "WitnessInvalid").into_iter().cloned().collect();
			let accepted = receipt.event("Coverage", "BeaconAccepted").cloned();
			let mut extra = format!("beacon {} of hotspot {device} accepted", keys::to_hex(id));
			for refusal in &invalid {
				extra.push_str(&format!(
					"\n  witness {} refused: {}",
					refusal["witness"], refusal["reason"]
				));
			}
			let fields =
				json!({ "beacon": keys::to_hex(id), "accepted": accepted, "refused": invalid });
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
