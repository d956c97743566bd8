//! `depin validator set-keys|register|leave`: a validator's account ties its node's session keys
//! to itself and bonds as a collator-selection candidate (docs/validator.md, steps 3 and 4).

use serde_json::json;
use subxt::dynamic::Value;
use subxt::ext::scale_value::Composite;

use super::{receipt_output, Context};
use crate::{
	cli::ValidatorCommand,
	errors::{Error, Result},
	output::Output,
};

/// Runs a validator command.
pub async fn run(context: &Context, command: ValidatorCommand) -> Result<Output> {
	match command {
		ValidatorCommand::SetKeys { keys, proof } => {
			let keys = hex_bytes(&keys, "--keys")?;
			if keys.len() != 64 {
				return Err(Error::Usage(format!(
					"--keys is {} bytes; it is 64: the Aura and GRANDPA public keys, the `keys` of \
					 author_rotateKeysWithOwner",
					keys.len()
				)));
			}
			let proof = hex_bytes(&proof, "--proof")?;
			let call = subxt::dynamic::tx(
				"Session",
				"set_keys",
				Composite::named([
					(
						"keys",
						Value::named_composite([
							("aura", Value::from_bytes(&keys[..32])),
							("grandpa", Value::from_bytes(&keys[32..])),
						]),
					),
					("proof", Value::from_bytes(&proof)),
				]),
			);
			let receipt = context.chain().await?.submit(&call, &context.signer()?).await?;
			let extra = "session keys set: they sign from the session after next, if selected";
			Ok(receipt_output(&receipt, extra, json!({})))
		}
		ValidatorCommand::Register => {
			let call = subxt::dynamic::tx(
				"CollatorSelection",
				"register_as_candidate",
				Composite::<()>::unnamed([]),
			);
			let receipt = context.chain().await?.submit(&call, &context.signer()?).await?;
			let deposit =
				receipt.event("CollatorSelection", "CandidateAdded").map(|e| e["deposit"].clone());
			let extra = "registered as a candidate: selected by bond at the next session";
			Ok(receipt_output(&receipt, extra, json!({ "deposit": deposit })))
		}
		ValidatorCommand::Leave => {
			let call = subxt::dynamic::tx(
				"CollatorSelection",
				"leave_intent",
				Composite::<()>::unnamed([]),
			);
			let receipt = context.chain().await?.submit(&call, &context.signer()?).await?;
			Ok(receipt_output(&receipt, "no longer a candidate; the bond is returned", json!({})))
		}
	}
}

fn hex_bytes(text: &str, what: &str) -> Result<Vec<u8>> {
	text.strip_prefix("0x")
		.and_then(|hex| hex::decode(hex).ok())
		.filter(|bytes| !bytes.is_empty())
		.ok_or_else(|| Error::Usage(format!("{what}: {text:?} is not 0x and hex digits")))
}
