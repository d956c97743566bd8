//! The commands, one module per group, and what they share: the connection, the signer and the
//! shape of their output.

use serde_json::{json, Value as Json};
use subxt_signer::sr25519::Keypair;

use crate::{
	chain::{Chain, Receipt, Wait},
	cli::{Cli, Command},
	errors::{Error, Result},
	keys,
	output::{lines, Output},
};

mod account;
mod bme;
mod coverage;
mod device;
mod lease;
mod load;
mod simulate;

/// What every command may need: where the node is and who signs.
pub struct Context {
	/// The node's URL.
	pub url: String,
	/// The signer's secret URI.
	suri: Option<String>,
	/// When transactions count as done.
	wait: Wait,
}

impl Context {
	/// Connects to the node.
	pub async fn chain(&self) -> Result<Chain> {
		Chain::connect(&self.url, self.wait).await
	}

	/// The signing account's key pair, from --suri or DEPIN_SURI.
	pub fn signer(&self) -> Result<Keypair> {
		let suri = self.suri.as_deref().ok_or_else(|| {
			Error::Usage("this command is signed: pass --suri or set DEPIN_SURI".into())
		})?;
		keys::pair(suri).map_err(Error::Usage)
	}

	/// An account argument, or the signer's account when it is left out.
	pub fn account_or_signer(&self, account: Option<&str>) -> Result<subxt::utils::AccountId32> {
		match account {
			Some(text) => keys::parse_account(text).map_err(Error::Usage),
			None => self
				.signer()
				.map(|pair| keys::account(&pair))
				.map_err(|_| Error::Usage("name an account, or pass --suri for your own".into())),
		}
	}
}

/// Runs the command the command line names.
pub async fn run(cli: Cli) -> Result<Output> {
	let context = Context { url: cli.url, suri: cli.suri, wait: cli.wait };
	match cli.command {
		Command::Account(command) => account::run(&context, command).await,
		Command::Device(command) => device::run(&context, command).await,
		Command::Maker(command) => device::run_maker(&context, command).await,
		Command::Coverage(command) => coverage::run(&context, command).await,
		Command::Lease(command) => lease::run(&context, command).await,
		Command::Bme(command) => bme::run(&context, command).await,
		Command::Simulate(args) => simulate::run(&context, args).await,
		Command::Load(command) => load::run(&context, command).await,
		Command::Query { method, params } => query(&context, &method, &params).await,
	}
}

/// `depin query`: any JSON-RPC method, `depin_` added to a bare name.
async fn query(context: &Context, method: &str, params: &[String]) -> Result<Output> {
	let method = if method.contains('_') { method.to_owned() } else { format!("depin_{method}") };
	let params = params
		.iter()
		.map(|param| serde_json::from_str(param).unwrap_or_else(|_| json!(param)))
		.collect();
	let result = context.chain().await?.request(&method, params).await?;
	Ok(Output { text: lines(&result), json: result })
}

/// A transaction's receipt as output, with `extra` lines of text and `fields` merged into its
/// JSON.
pub fn receipt_output(receipt: &Receipt, extra: &str, fields: Json) -> Output {
	let mut json = receipt.to_json();
	if let (Some(object), Json::Object(fields)) = (json.as_object_mut(), fields) {
		object.extend(fields);
	}
	let mut text = receipt.to_text();
	if !extra.is_empty() {
		text.push('\n');
		text.push_str(extra);
	}
	Output { text, json }
}
