//! `depin account new|show`.

use serde_json::json;

use super::Context;
use crate::{
	amount::format_dpn,
	cli::{AccountCommand, NewKeyArgs},
	errors::{Error, Result},
	keys, keystore,
	output::Output,
};

/// Runs an account command.
pub async fn run(context: &Context, command: AccountCommand) -> Result<Output> {
	match command {
		AccountCommand::New(args) => new_key(&args),
		AccountCommand::Show { account } => show(context, account.as_deref()).await,
	}
}

/// A fresh sr25519 account key pair, into a key file unless only its secret is asked for.
fn new_key(args: &NewKeyArgs) -> Result<Output> {
	use sp_core::Pair as _;
	let key = keys::generate().map_err(Error::Other)?;
	let secret = sp_core::sr25519::Pair::from_phrase(&key.phrase, None)
		.map_err(|e| Error::Other(format!("the new phrase: {e:?}")))?
		.0;
	let file = super::save_new_key(
		args,
		keystore::Secret::Sr25519(Box::new(secret)),
		key.pair.public_key().0,
	)?;
	let public = keys::to_hex(key.pair.public_key().0);
	let address = keys::account(&key.pair).to_string();
	let mut text =
		format!("new account key (sr25519)\n  address:       {address}\n  public key:    {public}");
	if let Some(file) = &file {
		text.push_str(&format!("\n  key file:      {file}\nsign with --suri @{file}"));
	}
	if args.show_secret {
		text.push_str(&format!(
			"\n  secret phrase: {}\nkeep the phrase secret: anyone who has it holds the key",
			key.phrase
		));
	}
	let mut json = json!({ "scheme": "sr25519", "address": address, "publicKey": public });
	if let Some(file) = file {
		json["keyFile"] = json!(file);
	}
	if args.show_secret {
		json["secretPhrase"] = json!(key.phrase);
	}
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
