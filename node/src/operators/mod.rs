//! A live network's genesis from its operators' file: `depin-node spec-from-operators`.
//!
//! The operators of a network publish one JSON file (format in `docs/launch.md`): the chain's
//! name and id, each validator's account and session keys with a proof that it holds them, the
//! technical committee, the endowed accounts and the bootnodes. [`Operators::from_json`] checks
//! all of it before anything is built, and refuses with an [`OperatorsError`] naming the entry:
//! a malformed file, a duplicate, a key of the wrong scheme, a proof that does not verify, or a
//! well-known development key or account anywhere (see [`well_known`]). What passes becomes the
//! runtime's [`testnet_genesis`] patch in a chain spec with the operators' bootnodes.
//!
//! Session keys are proven, not just listed: each validator signs
//! [`keys::proof_message`] with its Aura (sr25519) and GRANDPA (ed25519) keys
//! (`depin-node validator-keys` does it from the validator's keystore, where the secrets stay).
//! That catches a key pasted into the wrong field or of the wrong scheme, a typo, and a key
//! copied from another validator, all of which would otherwise launch a network whose slots
//! nobody can author.

pub mod keys;
pub mod well_known;

#[cfg(test)]
mod tests;

use crate::chain_spec::{properties, runtime_code, ChainSpec};
use depin_runtime::{
	constants::currency::TOKEN_DECIMALS, genesis_config_presets::Validator, AccountId, Balance,
};
use sc_network::config::MultiaddrWithPeerId;
use sc_service::ChainType;
use serde::Deserialize;
use sp_core::crypto::{AccountId32, Ss58Codec};
use std::{collections::BTreeMap, fmt, path::Path};

/// The operators' file as written: every field named, nothing unknown accepted.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OperatorsFile {
	/// The chain's name, e.g. "DePIN Testnet".
	pub name: String,
	/// The chain's id: lowercase letters, digits and `_` (it names the node's database folder).
	pub id: String,
	/// The libp2p protocol id; `depin` unless given.
	#[serde(default)]
	pub protocol_id: Option<String>,
	/// The validators at genesis (collator selection's invulnerables).
	pub validators: Vec<ValidatorEntry>,
	/// The technical committee's accounts.
	pub technical_committee: Vec<String>,
	/// Accounts with a balance at genesis.
	#[serde(default)]
	pub endowed: Vec<EndowmentEntry>,
	/// Bootnodes' addresses, each ending in `/p2p/<peer id>`.
	#[serde(default)]
	pub bootnodes: Vec<String>,
}

/// A validator as `depin-node validator-keys` prints it.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ValidatorEntry {
	/// A name for messages (the node's `--name`, say).
	pub name: String,
	/// The validator's account (SS58).
	pub account: String,
	/// The Aura key: sr25519, SS58.
	pub aura: String,
	/// The GRANDPA key: ed25519, SS58.
	pub grandpa: String,
	/// Signatures of [`keys::proof_message`] by both keys.
	pub proof: KeyProofs,
}

/// A validator's proof that it holds its session keys: hex signatures.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct KeyProofs {
	/// The Aura key's sr25519 signature.
	pub aura: String,
	/// The GRANDPA key's ed25519 signature.
	pub grandpa: String,
}

/// An endowed account.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndowmentEntry {
	/// The account (SS58).
	pub account: String,
	/// Its balance in DPN, a decimal string ("1000000", "0.5").
	pub balance: String,
}

/// A checked operators' file.
#[derive(Clone)]
pub struct Operators {
	/// The chain's name.
	pub name: String,
	/// The chain's id.
	pub id: String,
	/// The libp2p protocol id.
	pub protocol_id: String,
	/// The validators, in the file's order.
	pub validators: Vec<Validator>,
	/// The technical committee.
	pub committee: Vec<AccountId>,
	/// Endowed accounts and their balances in plancks.
	pub endowed: Vec<(AccountId, Balance)>,
	/// The bootnodes.
	pub bootnodes: Vec<MultiaddrWithPeerId>,
}

/// Why an operators' file was refused; every variant names the entry at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorsError {
	/// The file cannot be read.
	Unreadable(String),
	/// Not JSON of the documented shape (serde's message names the field, line and column).
	Malformed(String),
	/// A field that must say something is empty or ill-formed.
	Invalid { entry: String, reason: String },
	/// No validator, or no committee member.
	Missing(&'static str),
	/// An account or key that is not SS58.
	BadAddress { entry: String, value: String, reason: String },
	/// A key whose proof verifies under the other scheme.
	WrongScheme { entry: String, expected: &'static str, found: &'static str },
	/// A key whose proof does not verify.
	BadProof { entry: String },
	/// A well-known development key or account.
	WellKnown { entry: String, key: String },
	/// The same value twice where each must be unique.
	Duplicate { what: &'static str, first: String, second: String },
	/// A balance that is not a DPN amount.
	BadBalance { entry: String, value: String },
	/// A bootnode address that is not a multiaddr ending in `/p2p/<peer id>`.
	BadBootnode { value: String, reason: String },
}

impl fmt::Display for OperatorsError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		use OperatorsError::*;
		match self {
			Unreadable(e) => write!(f, "cannot read the operators' file: {e}"),
			Malformed(e) => write!(f, "the operators' file is not valid: {e}"),
			Invalid { entry, reason } => write!(f, "{entry}: {reason}"),
			Missing(what) => write!(f, "the operators' file names no {what}: a chain needs one"),
			BadAddress { entry, value, reason } => {
				write!(f, "{entry}: {value:?} is not an SS58 address ({reason})")
			}
			WrongScheme { entry, expected, found } => write!(
				f,
				"{entry} is an {found} key; it must be {expected} (its proof verifies as \
				 {found}): generate it with `depin-node validator-keys --generate`"
			),
			BadProof { entry } => write!(
				f,
				"{entry}: the proof does not verify against the key for this chain id and \
				 account; regenerate the entry with `depin-node validator-keys`"
			),
			WellKnown { entry, key } => write!(
				f,
				"{entry} is the well-known development key {key}, whose secret everyone has: \
				 use a freshly generated key"
			),
			Duplicate { what, first, second } => {
				write!(f, "{second} repeats the {what} of {first}: each must be distinct")
			}
			BadBalance { entry, value } => write!(
				f,
				"{entry}: balance {value:?} is not a DPN amount (digits, at most \
				 {TOKEN_DECIMALS} decimals, above zero)"
			),
			BadBootnode { value, reason } => write!(
				f,
				"bootnode {value:?} is not an address ending in /p2p/<peer id> ({reason})"
			),
		}
	}
}

impl std::error::Error for OperatorsError {}

impl Operators {
	/// Reads and checks the operators' file at `path`.
	pub fn from_file(path: &Path) -> Result<Self, OperatorsError> {
		let text = std::fs::read(path)
			.map_err(|e| OperatorsError::Unreadable(format!("{}: {e}", path.display())))?;
		Self::from_json(&text)
	}

	/// Parses and checks an operators' file.
	pub fn from_json(json: &[u8]) -> Result<Self, OperatorsError> {
		let file: OperatorsFile =
			serde_json::from_slice(json).map_err(|e| OperatorsError::Malformed(e.to_string()))?;
		Self::check(file)
	}

	/// Checks a parsed operators' file: see the module's documentation.
	pub fn check(file: OperatorsFile) -> Result<Self, OperatorsError> {
		check_name("name", &file.name)?;
		check_id(&file.id)?;
		let protocol_id = file.protocol_id.unwrap_or_else(|| "depin".into());
		check_id_chars("protocolId", &protocol_id)?;
		if file.validators.is_empty() {
			return Err(OperatorsError::Missing("validator"));
		}
		if file.technical_committee.is_empty() {
			return Err(OperatorsError::Missing("technical committee member"));
		}

		let mut names = Unique::new("name");
		let mut accounts = Unique::new("account");
		let mut auras = Unique::new("Aura key");
		let mut grandpas = Unique::new("GRANDPA key");
		let mut validators = Vec::with_capacity(file.validators.len());
		for entry in &file.validators {
			let who = format!("validator {:?}", entry.name);
			check_name(&who, &entry.name)?;
			names.insert(entry.name.clone(), &who)?;
			let account = account(&format!("{who} account"), &entry.account)?;
			accounts.insert(account.clone(), &who)?;
			let aura = keys::checked_aura(&who, &file.id, &account, entry)?;
			auras.insert(aura, &who)?;
			let grandpa = keys::checked_grandpa(&who, &file.id, &account, entry)?;
			grandpas.insert(grandpa, &who)?;
			validators.push(Validator { account, aura: aura.into(), grandpa: grandpa.into() });
		}

		let mut members = Unique::new("account");
		let mut committee = Vec::with_capacity(file.technical_committee.len());
		for (i, address) in file.technical_committee.iter().enumerate() {
			let entry = format!("technicalCommittee[{i}]");
			let member = account(&entry, address)?;
			members.insert(member.clone(), &entry)?;
			committee.push(member);
		}

		let mut endowed_accounts = Unique::new("account");
		let mut endowed = Vec::with_capacity(file.endowed.len());
		for (i, endowment) in file.endowed.iter().enumerate() {
			let entry = format!("endowed[{i}]");
			let who = account(&entry, &endowment.account)?;
			endowed_accounts.insert(who.clone(), &entry)?;
			endowed.push((who, dpn(&entry, &endowment.balance)?));
		}

		let mut seen_bootnodes = Unique::new("address");
		let mut bootnodes = Vec::with_capacity(file.bootnodes.len());
		for address in &file.bootnodes {
			let parsed: MultiaddrWithPeerId = address.parse().map_err(|e| {
				OperatorsError::BadBootnode { value: address.clone(), reason: format!("{e}") }
			})?;
			seen_bootnodes.insert(address.clone(), &format!("bootnode {address:?}"))?;
			bootnodes.push(parsed);
		}

		Ok(Self {
			name: file.name,
			id: file.id,
			protocol_id,
			validators,
			committee,
			endowed,
			bootnodes,
		})
	}

	/// The chain spec of this network: the runtime's testnet genesis around the operators'
	/// validators, committee and endowments, with their bootnodes.
	pub fn chain_spec(&self) -> Result<ChainSpec, String> {
		let patch = depin_runtime::genesis_config_presets::testnet_genesis(
			self.validators.clone(),
			self.committee.clone(),
			self.endowed.clone(),
		);
		Ok(ChainSpec::builder(runtime_code()?, None)
			.with_name(&self.name)
			.with_id(&self.id)
			.with_protocol_id(&self.protocol_id)
			.with_chain_type(ChainType::Live)
			.with_boot_nodes(self.bootnodes.clone())
			.with_genesis_config_patch(patch)
			.with_properties(properties())
			.build())
	}
}

impl fmt::Debug for Operators {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.debug_struct("Operators")
			.field("name", &self.name)
			.field("id", &self.id)
			.field("validators", &self.validators.iter().map(|v| &v.account).collect::<Vec<_>>())
			.field("committee", &self.committee)
			.field("endowed", &self.endowed)
			.field("bootnodes", &self.bootnodes)
			.finish()
	}
}

/// Values that must be distinct, each remembered with the entry that first gave it.
struct Unique<T> {
	what: &'static str,
	seen: BTreeMap<T, String>,
}

impl<T: Ord> Unique<T> {
	fn new(what: &'static str) -> Self {
		Self { what, seen: BTreeMap::new() }
	}

	fn insert(&mut self, value: T, entry: &str) -> Result<(), OperatorsError> {
		if let Some(first) = self.seen.get(&value) {
			return Err(OperatorsError::Duplicate {
				what: self.what,
				first: first.clone(),
				second: entry.to_string(),
			});
		}
		self.seen.insert(value, entry.to_string());
		Ok(())
	}
}

fn check_name(entry: &str, name: &str) -> Result<(), OperatorsError> {
	if name.trim().is_empty() {
		return Err(OperatorsError::Invalid { entry: entry.into(), reason: "is empty".into() });
	}
	Ok(())
}

fn check_id(id: &str) -> Result<(), OperatorsError> {
	check_id_chars("id", id)
}

fn check_id_chars(entry: &str, id: &str) -> Result<(), OperatorsError> {
	let well_formed = !id.is_empty()
		&& id.len() <= 64
		&& id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
	if !well_formed {
		return Err(OperatorsError::Invalid {
			entry: entry.into(),
			reason: format!("{id:?} must be 1 to 64 lowercase letters, digits or `_`"),
		});
	}
	Ok(())
}

/// An SS58 account that is not a well-known development key.
fn account(entry: &str, address: &str) -> Result<AccountId, OperatorsError> {
	let account = AccountId32::from_ss58check(address).map_err(|e| OperatorsError::BadAddress {
		entry: entry.into(),
		value: address.into(),
		reason: e.to_string(),
	})?;
	well_known::refuse(entry, account.as_ref())?;
	Ok(account)
}

/// A decimal DPN amount in plancks, above zero.
pub fn dpn(entry: &str, text: &str) -> Result<Balance, OperatorsError> {
	let bad = || OperatorsError::BadBalance { entry: entry.into(), value: text.into() };
	let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
	let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
	if whole.is_empty()
		|| !digits(whole)
		|| !digits(fraction)
		|| fraction.len() > TOKEN_DECIMALS as usize
		|| (text.contains('.') && fraction.is_empty())
	{
		return Err(bad());
	}
	let unit = 10u128.pow(TOKEN_DECIMALS);
	let whole: u128 = whole.parse().map_err(|_| bad())?;
	let fraction: u128 = if fraction.is_empty() {
		0
	} else {
		let padded = format!("{fraction:0<width$}", width = TOKEN_DECIMALS as usize);
		padded.parse().map_err(|_| bad())?
	};
	let amount = whole.checked_mul(unit).and_then(|w| w.checked_add(fraction)).ok_or_else(bad)?;
	if amount == 0 {
		return Err(bad());
	}
	Ok(amount)
}

/// `depin-node spec-from-operators`: checks an operators' file and writes the network's chain
/// spec, raw unless `--plain`.
#[derive(Debug, Clone, clap::Parser)]
pub struct SpecFromOperatorsCmd {
	/// The operators' file (its format is in docs/launch.md).
	#[arg(long)]
	pub operators: std::path::PathBuf,

	/// Where to write the chain spec; standard output if not given.
	#[arg(long)]
	pub output: Option<std::path::PathBuf>,

	/// Write the readable spec (the genesis as the runtime's patch) instead of the raw one that
	/// nodes are started with.
	#[arg(long)]
	pub plain: bool,
}

impl SpecFromOperatorsCmd {
	/// Writes the spec, or refuses the file with the entry at fault.
	pub fn run(&self) -> sc_cli::Result<()> {
		let operators = Operators::from_file(&self.operators)
			.map_err(|e| sc_cli::Error::Input(format!("{}: {e}", self.operators.display())))?;
		let spec = operators.chain_spec().map_err(sc_cli::Error::Input)?;
		let json =
			sc_service::ChainSpec::as_json(&spec, !self.plain).map_err(sc_cli::Error::Input)?;
		match &self.output {
			Some(path) => std::fs::write(path, json)
				.map_err(|e| sc_cli::Error::Input(format!("{}: {e}", path.display())))?,
			None => println!("{json}"),
		}
		Ok(())
	}
}
