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
mod explorer;
mod lease;
mod load;
mod simulate;
mod usage;
mod validator;

/// What every command may need: where the node is and who signs.
pub struct Context {
	/// The node's URL.
	pub url: String,
	/// The signer's secret, as given (`crate::secrets`).
	suri: Option<String>,
	/// The signer, once resolved: a prompt or standard input is read once.
	signer: std::sync::OnceLock<Keypair>,
	/// When transactions count as done.
	wait: Wait,
}

impl Context {
	/// Connects to the node.
	pub async fn chain(&self) -> Result<Chain> {
		Chain::connect(&self.url, self.wait).await
	}

	/// The signing account's key pair, from --suri or DEPIN_SURI (a key file, standard input, a
	/// prompt or the secret URI: `crate::secrets`).
	pub fn signer(&self) -> Result<Keypair> {
		if let Some(pair) = self.signer.get() {
			return Ok(pair.clone());
		}
		let suri = self.suri.as_deref().ok_or_else(|| {
			Error::Usage("this command is signed: pass --suri or set DEPIN_SURI".into())
		})?;
		let pair = crate::secrets::account_pair(suri, "--suri").map_err(Error::Usage)?;
		Ok(self.signer.get_or_init(|| pair).clone())
	}

	/// An account argument, or the signer's account when it is left out.
	pub fn account_or_signer(&self, account: Option<&str>) -> Result<subxt::utils::AccountId32> {
		match account {
			Some(text) => keys::parse_account(text).map_err(Error::Usage),
			None if self.suri.is_none() => {
				Err(Error::Usage("name an account, or pass --suri for your own".into()))
			}
			// A --suri that cannot be used (a wrong key file password, say) says why.
			None => self.signer().map(|pair| keys::account(&pair)),
		}
	}
}

/// The key pair of device `device` from its secret URI (`ed25519:`, `sr25519:` or no prefix
/// for ed25519), and the device's record. When the secret's key is not the device's but the
/// same secret in the other scheme is (a forgotten `sr25519:` prefix), that is a usage error
/// saying so; any other key is left for the chain to refuse.
pub async fn device_pair(
	chain: &Chain,
	device: u64,
	suri: &str,
) -> Result<(keys::DevicePair, Json)> {
	let what = format!("device {device}'s key");
	let (scheme, secret) = crate::secrets::device_secret(suri, &what).map_err(Error::Usage)?;
	let (pair, uri) = match secret {
		crate::secrets::Secret::Uri(uri) => {
			(keys::DevicePair::of_scheme(scheme, &uri).map_err(Error::Usage)?, Some(uri))
		}
		// A key file's pair has its scheme: nothing to guess.
		crate::secrets::Secret::Pair(pair) => (pair.into_device(), None),
	};
	let record = chain.request("depin_device", vec![json!(device)]).await?;
	if record.is_null() {
		return Err(Error::Usage(format!("no device {device}")));
	}
	if let Some(bare) = uri {
		let registered = format!(
			"{}:{}",
			record["key"]["type"].as_str().unwrap_or("?"),
			record["key"]["publicKey"].as_str().unwrap_or("?")
		);
		let other = match scheme {
			keys::DeviceScheme::Ed25519 => keys::DeviceScheme::Sr25519,
			keys::DeviceScheme::Sr25519 => keys::DeviceScheme::Ed25519,
		};
		let other_key = keys::DevicePair::of_scheme(other, &bare).map(|pair| pair.key());
		if keys::format_device_key(&pair.key()) != registered
			&& other_key.is_ok_and(|key| keys::format_device_key(&key) == registered)
		{
			return Err(Error::Usage(format!(
				"device {device}'s key is {registered}: write its secret as {}:<secret>",
				other.name()
			)));
		}
	}
	Ok((pair, record))
}

/// Writes a new key's file if `args` names one (after checking that `secret` is the key whose
/// public half is `public`): the file's path, for the output.
pub fn save_new_key(
	args: &crate::cli::NewKeyArgs,
	secret: crate::keystore::Secret,
	public: [u8; 32],
) -> Result<Option<String>> {
	if secret.public() != public {
		return Err(Error::Other("the key file's key would differ from the key printed".into()));
	}
	let Some(path) = &args.keystore else { return Ok(None) };
	let password = crate::secrets::new_password(&format!("password for {}", path.display()))
		.map_err(Error::Usage)?;
	let file = crate::keystore::encrypt(&secret, &password, &args.name).map_err(Error::Other)?;
	crate::secrets::write_key_file(path, &file).map_err(Error::Usage)?;
	Ok(Some(path.display().to_string()))
}

/// Runs the command the command line names.
pub async fn run(cli: Cli) -> Result<Output> {
	let context =
		Context { url: cli.url, suri: cli.suri, signer: Default::default(), wait: cli.wait };
	match cli.command {
		Command::Account(command) => account::run(&context, command).await,
		Command::Device(command) => device::run(&context, command).await,
		Command::Maker(command) => device::run_maker(&context, command).await,
		Command::Coverage(command) => coverage::run(&context, command).await,
		Command::Lease(command) => lease::run(&context, command).await,
		Command::Bme(command) => bme::run(&context, command).await,
		Command::Validator(command) => validator::run(&context, command).await,
		Command::Payer(command) => usage::run_payer(&context, command).await,
		Command::Session(command) => usage::run_session(&context, command).await,
		Command::Provider(crate::cli::ProviderCommand::Run { config }) => {
			let config = crate::provider::ProviderConfig::load(&config).map_err(Error::Usage)?;
			crate::provider::run(config).await?;
			Ok(Output { text: String::new(), json: Json::Null })
		}
		Command::Hotspot(crate::cli::HotspotCommand::Run { config }) => {
			let config = crate::hotspot::HotspotConfig::load(&config).map_err(Error::Usage)?;
			crate::hotspot::run(config).await?;
			Ok(Output { text: String::new(), json: Json::Null })
		}
		Command::Air { config } => {
			let (seed, stations) = crate::air::AirConfig::load(&config).map_err(Error::Usage)?;
			let stats = std::sync::Arc::new(crate::air::AirStats::default());
			let stop = crate::daemon::stop_on_signal();
			crate::daemon::log("info", "air started", &[("gateways", stations.len().to_string())]);
			crate::air::run(stations, seed, stats.clone(), stop).await?;
			let (transmitted, delivered, refused) = stats.counts();
			let json = serde_json::json!({ "transmitted": transmitted, "delivered": delivered, "refused": refused });
			let text = format!(
				"{transmitted} packets transmitted, {delivered} copies heard, {refused} refused"
			);
			Ok(Output { text, json })
		}
		Command::Explorer { dir, listen } => {
			explorer::run(&context, &dir, &listen).await?;
			Ok(Output { text: String::new(), json: Json::Null })
		}
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
