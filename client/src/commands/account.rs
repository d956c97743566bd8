//! `depin account new|show`.

use serde_json::json;

use super::Context;
use crate::{
	amount::format_dpn,
	cli::AccountCommand,
	errors::{Error, Result},
	keys,
	output::Output,
};

/// Runs an account command.
pub async fn run(context: &Context, command: AccountCommand) -> Result<Output> {
	match command {
		AccountCommand::New => new_key(),
		AccountCommand::Show { account } => show(context, account.as_deref()).await,
	}
}

/// A fresh sr25519 account key pair.
fn new_key() -> Result<Output> {
	let key = keys::generate().map_err(Error::Other)?;
	let public = keys::to_hex(key.pair.public_key().0);
	let address = keys::account(&key.pair).to_string();
	let text = format!(
		"new account key (sr25519)\n  address:       {address}\n  public key:    {public}\n  \
		 secret phrase: {phrase}\nkeep the phrase secret; sign with --suri \"<phrase>\"",
		phrase = key.phrase,
	);
	let json = json!({
		"scheme": "sr25519",
		"address": address,
		"publicKey": public,
		"secretPhrase": key.phrase,
	});
	Ok(Output { text, json })
}

/// Balances, nonce, credits and rewards of an account.
async fn show(context: &Context, account: Option<&str>) -> Result<Output> {
	let who = context.account_or_signer(account)?;
	let chain = context.chain().await?;
	let address = who.to_string();
	let info = chain.account_info(&who).await?;
	let nonce = chain.request("system_accountNextIndex", vec![json!(address)]).await?;
	let credits = chain.request("depin_credits", vec![json!(address)]).await?;
	let rewards = chain.request("depin_pendingRewards", vec![json!(address)]).await?;
	let text = format!(
		"account {address}\n  free:     {}\n  reserved: {}\n  frozen:   {}\n  nonce:    {nonce}\n  \
		 credits:  {} spendable, {} escrowed\n  pending rewards: {}",
		format_dpn(info.data.free),
		format_dpn(info.data.reserved),
		format_dpn(info.data.frozen),
		credits["spendable"].as_str().unwrap_or("?"),
		credits["escrowed"].as_str().unwrap_or("?"),
		rewards.as_array().map_or(0, Vec::len),
	);
	let json = json!({
		"address": address,
		"free": info.data.free.to_string(),
		"reserved": info.data.reserved.to_string(),
		"frozen": info.data.frozen.to_string(),
		"nonce": nonce,
		"credits": credits,
		"pendingRewards": rewards,
	});
	Ok(Output { text, json })
}
