//! `depin bme burn|claim|price`.

use serde_json::json;

use super::{receipt_output, Context};
use crate::{
	amount::{format_dpn, parse_decimal, parse_dpn, FIXED_DECIMALS},
	cli::BmeCommand,
	errors::{Error, Result},
	keys,
	output::{self, Output},
	runtime::{api, RewardPool},
};

/// Runs a BME command.
pub async fn run(context: &Context, command: BmeCommand) -> Result<Output> {
	match command {
		BmeCommand::Burn { amount, beneficiary } => {
			let plancks = parse_dpn(&amount).map_err(Error::Usage)?;
			let beneficiary = beneficiary
				.map(|who| keys::parse_account(&who).map(Into::into))
				.transpose()
				.map_err(Error::Usage)?;
			let call = api::transactions().bme().burn_for_credits(plancks, beneficiary);
			let receipt = context.chain().await?.submit(&call, &context.signer()?).await?;
			let credits =
				receipt.event("Bme", "CreditsBought").map(|event| match &event["credits"] {
					serde_json::Value::String(text) => text.clone(),
					other => other.to_string(),
				});
			let extra = format!(
				"burned {} for {} credits",
				format_dpn(plancks),
				credits.as_deref().unwrap_or("?"),
			);
			let fields = json!({ "burned": plancks.to_string(), "credits": credits });
			Ok(receipt_output(&receipt, &extra, fields))
		}
		BmeCommand::Claim { epoch, pool } => {
			let chain = context.chain().await?;
			let signer = context.signer()?;
			// Claiming every pending reward races the pallet's own `on_idle` payouts: a reward
			// read as pending may be paid in the blocks before the claim is included.
			let every_pending = epoch.is_none() || pool.is_none();
			let claims = match (epoch, pool) {
				(Some(epoch), Some(pool)) => vec![(epoch, parse_pool(&pool)?)],
				_ => {
					let who = keys::account(&signer).to_string();
					let pending = chain.request("depin_pendingRewards", vec![json!(who)]).await?;
					pending
						.as_array()
						.into_iter()
						.flatten()
						.filter(|reward| !reward["amount"].is_null())
						.filter_map(|reward| {
							let epoch = u32::try_from(reward["epoch"].as_u64()?).ok()?;
							Some((epoch, parse_pool(reward["pool"].as_str()?).ok()?))
						})
						.collect()
				}
			};
			if claims.is_empty() {
				let text = "nothing to claim: no ended epoch has a pending reward".to_owned();
				return Ok(Output { text, json: json!({ "claims": [] }) });
			}
			let mut texts = Vec::new();
			let mut receipts = Vec::new();
			for (epoch, pool) in claims {
				let shown = format!("{pool:?}");
				let call = api::transactions().bme().claim_rewards(epoch, pool);
				match chain.submit(&call, &signer).await {
					Ok(receipt) => {
						texts.push(receipt.to_text());
						receipts.push(receipt.to_json());
					}
					Err(Error::Failed { name, block, .. })
						if every_pending && name == "Bme::NothingToClaim" =>
					{
						texts.push(format!(
							"epoch {epoch} {shown}: already paid by the chain's own payouts \
							 before this claim's block #{block} (the claim's fee was spent)"
						));
						receipts
							.push(json!({ "epoch": epoch, "alreadyPaid": true, "block": block }));
					}
					Err(other) => return Err(other),
				}
			}
			Ok(Output { text: texts.join("\n"), json: json!({ "claims": receipts }) })
		}
		BmeCommand::Quote { amount } => {
			let plancks = parse_dpn(&amount).map_err(Error::Usage)?;
			let params = vec![json!(plancks.to_string())];
			let credits = context.chain().await?.request("depin_quoteCredits", params).await?;
			let text = match credits.as_str() {
				Some(credits) => format!("{} buys {credits} credits now", format_dpn(plancks)),
				None => "no credits can be minted now: no DPN/USD price is in force (see `depin \
				         query price`)"
					.to_owned(),
			};
			Ok(Output { text, json: json!({ "plancks": plancks.to_string(), "credits": credits }) })
		}
		BmeCommand::Rewards { account } => {
			let who = context.account_or_signer(account.as_deref())?.to_string();
			let value =
				context.chain().await?.request("depin_pendingRewards", vec![json!(who)]).await?;
			Ok(output::read(&format!("pending rewards of {who}"), value, "none"))
		}
		BmeCommand::Price { usd } => {
			let inner = parse_decimal(&usd, FIXED_DECIMALS).map_err(Error::Usage)?;
			let price = api::runtime_types::sp_arithmetic::fixed_point::FixedU128(inner);
			let call = api::transactions().bme().submit_price(price);
			let receipt = context.chain().await?.submit(&call, &context.signer()?).await?;
			let extra = format!("submitted {usd} USD/DPN");
			Ok(receipt_output(&receipt, &extra, json!({ "price": usd })))
		}
	}
}

/// A reward pool by name.
fn parse_pool(name: &str) -> Result<RewardPool> {
	match name.to_lowercase().as_str() {
		"coverage" => Ok(RewardPool::Coverage),
		"compute" | "computeavailability" | "compute-availability" => {
			Ok(RewardPool::ComputeAvailability)
		}
		"validators" => Ok(RewardPool::Validators),
		"data" | "datatransfer" | "data-transfer" => Ok(RewardPool::DataTransfer),
		other => Err(Error::Usage(format!(
			"pool {other:?}: expected coverage, compute, validators or data-transfer"
		))),
	}
}
