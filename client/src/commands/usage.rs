//! `depin payer …` and `depin session …`: data-transfer payers (approval, escrow, price,
//! countersigning) and sessions (a hotspot signs, its payer countersigns, anyone submits).
//!
//! A session travels as JSON between the three: `depin session sign` prints it with the
//! hotspot's signature, `depin payer countersign` adds the payer's, `depin session submit`
//! sends one or more as one fee-less report:
//!
//! ```json
//! {"hotspot": 1, "payer": 0, "sessionId": "0x…(16 bytes)", "period": [120, 180],
//!  "bytesUp": 1000, "bytesDown": 9000, "packets": 12,
//!  "hotspotSignature": "sr25519:0x…", "payerSignature": "sr25519:0x…"}
//! ```

use serde_json::{json, Value as Json};
use subxt::utils::AccountId32;

use super::{receipt_output, Context};
use crate::{
	amount::{format_dpn, parse_dpn},
	cli::{PayerCommand, SessionCommand},
	errors::{Error, Result},
	keys,
	output::{self, Output},
	runtime::{api, bytes, device_key, signed_session, BoundedVec},
	sessions,
};
use depin_primitives::payloads::DataSessionFields;

type UsageCall = api::runtime_types::pallet_usage::pallet::Call;
type TrafficPrice = api::runtime_types::pallet_usage::types::TrafficPrice;

/// Runs a payer command.
pub async fn run_payer(context: &Context, command: PayerCommand) -> Result<Output> {
	match command {
		PayerCommand::Approve {
			account,
			routing_key,
			name,
			bond,
			per_gb,
			per_packet,
			epoch_limit,
			sudo,
		} => {
			let account: AccountId32 = keys::parse_account(&account).map_err(Error::Usage)?;
			let routing_key = keys::parse_device_key(&routing_key).map_err(Error::Usage)?;
			let bond = parse_dpn(&bond).map_err(Error::Usage)?;
			let routing_key = device_key(&routing_key);
			let price = TrafficPrice { per_gb, per_packet };
			let chain = context.chain().await?;
			if !sudo {
				// A live chain approves payers by referendum: the call to propose.
				let payload = api::transactions().usage().approve_payer(
					account,
					routing_key,
					bytes(&name),
					bond,
					price,
					epoch_limit,
				);
				let call = keys::to_hex(chain.call_data(&payload).await?);
				let text = format!(
					"governance approves payers: propose this call (the preimage of a referendum \
					 on the depin_parameters track), or pass --sudo on a development chain:\n{call}"
				);
				return Ok(Output { text, json: json!({ "call": call }) });
			}
			let call =
				api::runtime_types::depin_runtime::RuntimeCall::Usage(UsageCall::approve_payer {
					account,
					routing_key,
					name: bytes(&name),
					bond,
					price,
					epoch_limit,
				});
			let receipt =
				chain.submit(&api::transactions().sudo().sudo(call), &context.signer()?).await?;
			let id = receipt.number("Usage", "PayerApproved", "payer").ok_or_else(|| {
				Error::Other(format!("sudo did not approve the payer: {:?}", receipt.events))
			})?;
			let extra = format!("payer {id} approved with a bond of {}", format_dpn(bond));
			Ok(receipt_output(&receipt, &extra, json!({ "payer": id })))
		}
		PayerCommand::Escrow { payer, credits } => {
			let call = api::transactions().usage().escrow_credits(payer, credits);
			let receipt = context.chain().await?.submit(&call, &context.signer()?).await?;
			let extra = format!("{credits} credits escrowed for payer {payer}'s traffic");
			Ok(receipt_output(&receipt, &extra, json!({})))
		}
		PayerCommand::Price { payer, per_gb, per_packet } => {
			let call =
				api::transactions().usage().set_price(payer, TrafficPrice { per_gb, per_packet });
			let receipt = context.chain().await?.submit(&call, &context.signer()?).await?;
			let from = receipt.number("Usage", "PriceSet", "from");
			let extra = format!(
				"payer {payer} pays {per_gb} credits a GB and {per_packet} a packet from block #{}",
				from.map_or("?".to_owned(), |block| block.to_string())
			);
			Ok(receipt_output(&receipt, &extra, json!({ "from": from })))
		}
		PayerCommand::Unlock { payer, credits } => {
			let call = api::transactions().usage().unlock_escrow(payer, credits);
			let receipt = context.chain().await?.submit(&call, &context.signer()?).await?;
			let from = receipt.number("Usage", "EscrowUnlocking", "from");
			let extra = format!(
				"credits unlocking; withdraw them from block #{}",
				from.map_or("?".to_owned(), |block| block.to_string())
			);
			Ok(receipt_output(&receipt, &extra, json!({ "from": from })))
		}
		PayerCommand::Withdraw { payer } => {
			let call = api::transactions().usage().withdraw_escrow(payer);
			let receipt = context.chain().await?.submit(&call, &context.signer()?).await?;
			let amount = receipt.event("Usage", "EscrowWithdrawn").map(|e| e["amount"].clone());
			Ok(receipt_output(&receipt, "unlocked credits released", json!({ "amount": amount })))
		}
		PayerCommand::Show { payer } => {
			let chain = context.chain().await?;
			let value = match payer {
				Some(id) => chain.request("depin_payer", vec![json!(id)]).await?,
				None => chain.request("depin_payers", vec![]).await?,
			};
			Ok(output::read("payers", value, "no such payer"))
		}
		PayerCommand::Countersign { key, session } => {
			let chain = context.chain().await?;
			let mut sessions = read_sessions(&session)?;
			let pair = crate::secrets::device_pair(&key, "--key").map_err(Error::Usage)?;
			let genesis = chain.genesis_hash().await?;
			for session in &mut sessions {
				let fields = sessions::fields(session)?;
				let signature = pair.sign(&fields.countersign_payload(&genesis));
				session["payerSignature"] = json!(sessions::format_signature(&signature));
			}
			let json = if sessions.len() == 1 { sessions.remove(0) } else { json!(sessions) };
			Ok(Output { text: json.to_string(), json })
		}
	}
}

/// Runs a session command.
pub async fn run_session(context: &Context, command: SessionCommand) -> Result<Output> {
	match command {
		SessionCommand::Sign { device, key, payer, id, period, bytes_up, bytes_down, packets } => {
			let chain = context.chain().await?;
			let (pair, _) = super::device_pair(&chain, device, &key).await?;
			let session_id = sessions::parse_id(&id)?;
			let period = match period {
				Some(text) => parse_period(&text)?,
				// The ten blocks up to the best one.
				None => {
					let best = chain.best_number().await?;
					(best.saturating_sub(10), best)
				}
			};
			let fields = DataSessionFields {
				hotspot: device,
				payer,
				session_id,
				period,
				bytes_up,
				bytes_down,
				packets,
			};
			let genesis = chain.genesis_hash().await?;
			let mut json = sessions::to_json(&fields);
			json["hotspotSignature"] =
				json!(sessions::format_signature(&pair.sign(&fields.payload(&genesis))));
			Ok(Output { text: json.to_string(), json })
		}
		SessionCommand::Submit { sessions } => {
			let mut all = Vec::new();
			for source in &sessions {
				all.extend(read_sessions(source)?);
			}
			if all.is_empty() {
				return Err(Error::Usage("no session to submit".into()));
			}
			let mut report = Vec::new();
			for session in &all {
				let fields = sessions::fields(session)?;
				report.push(signed_session(
					&fields,
					&sessions::signature(session, "hotspotSignature")?,
					&sessions::signature(session, "payerSignature")?,
				));
			}
			let call = api::transactions().usage().submit_sessions(BoundedVec(report));
			let chain = context.chain().await?;
			let receipt = chain.submit_general(&call).await?;
			let counted: Vec<Json> =
				receipt.all("Usage", "SessionCounted").into_iter().cloned().collect();
			let extra = format!("{} sessions counted", counted.len());
			Ok(receipt_output(&receipt, &extra, json!({ "counted": counted })))
		}
		SessionCommand::Usage { hotspot } => {
			let chain = context.chain().await?;
			let value = chain.request("depin_hotspotUsage", vec![json!(hotspot)]).await?;
			Ok(output::read(&format!("data transfer of hotspot {hotspot}"), value, "none"))
		}
		SessionCommand::Demand { cell, epoch } => {
			let chain = context.chain().await?;
			let value = chain.request("depin_hexDemand", vec![json!(cell), json!(epoch)]).await?;
			Ok(output::read(&format!("demand of {cell}"), value, "not a valid cell"))
		}
	}
}

/// Sessions from `source`: a file of one JSON session or an array of them, `-` for standard
/// input, or the JSON itself.
fn read_sessions(source: &str) -> Result<Vec<Json>> {
	let text = if source == "-" {
		std::io::read_to_string(std::io::stdin())
			.map_err(|error| Error::Usage(format!("reading standard input: {error}")))?
	} else if source.trim_start().starts_with(['{', '[']) {
		source.to_owned()
	} else {
		std::fs::read_to_string(source)
			.map_err(|error| Error::Usage(format!("{source}: {error}")))?
	};
	sessions::parse(&text).map_err(|error| Error::Usage(format!("{source}: {error}")))
}

/// A period `FIRST,LAST` (block numbers).
fn parse_period(text: &str) -> Result<(u64, u64)> {
	text.split_once(',')
		.and_then(|(first, last)| Some((first.trim().parse().ok()?, last.trim().parse().ok()?)))
		.ok_or_else(|| Error::Usage(format!("--period {text:?}: expected FIRST,LAST blocks")))
}
