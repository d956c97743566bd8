//! Validators' session keys in an operators' file: the proof that a validator holds them, and
//! `depin-node validator-keys`, which makes a validator's entry from its node's keystore.

use super::{account, check_id_chars, check_name, KeyProofs, OperatorsError, ValidatorEntry};
use depin_runtime::AccountId;
use sc_keystore::LocalKeystore;
use sp_core::{
	bytes::from_hex,
	crypto::{key_types, Ss58Codec},
	ed25519, sr25519, Pair as _,
};
use sp_keystore::Keystore;
use std::path::PathBuf;

/// What each session key signs to prove that its validator holds it: a domain tag, the chain
/// id and the validator's account, so a proof is good for one entry of one chain only.
pub fn proof_message(chain_id: &str, account: &AccountId) -> Vec<u8> {
	let account: &[u8; 32] = account.as_ref();
	let mut message = b"depin-genesis-session-keys:".to_vec();
	message.extend_from_slice(chain_id.as_bytes());
	message.push(b':');
	message.extend_from_slice(account);
	message
}

/// The public bytes of an SS58 key (both schemes' keys are 32 bytes), not a well-known one.
fn public_bytes(entry: &str, address: &str) -> Result<[u8; 32], OperatorsError> {
	let public =
		sr25519::Public::from_ss58check(address).map_err(|e| OperatorsError::BadAddress {
			entry: entry.into(),
			value: address.into(),
			reason: e.to_string(),
		})?;
	super::well_known::refuse(entry, &public.0)?;
	Ok(public.0)
}

fn signature_bytes(entry: &str, hex: &str) -> Result<[u8; 64], OperatorsError> {
	from_hex(hex).ok().and_then(|bytes| bytes.try_into().ok()).ok_or_else(|| {
		OperatorsError::Invalid {
			entry: entry.into(),
			reason: format!("{hex:?} is not a 64-byte hex signature"),
		}
	})
}

fn verifies_sr(public: &[u8; 32], signature: &[u8; 64], message: &[u8]) -> bool {
	sr25519::Pair::verify(
		&sr25519::Signature::from_raw(*signature),
		message,
		&sr25519::Public::from_raw(*public),
	)
}

fn verifies_ed(public: &[u8; 32], signature: &[u8; 64], message: &[u8]) -> bool {
	ed25519::Pair::verify(
		&ed25519::Signature::from_raw(*signature),
		message,
		&ed25519::Public::from_raw(*public),
	)
}

/// The validator's Aura key, if it is sr25519 and its proof verifies.
pub fn checked_aura(
	who: &str,
	chain_id: &str,
	account: &AccountId,
	entry: &ValidatorEntry,
) -> Result<sr25519::Public, OperatorsError> {
	let name = format!("{who} aura key");
	let public = public_bytes(&name, &entry.aura)?;
	let signature = signature_bytes(&format!("{who} proof.aura"), &entry.proof.aura)?;
	let message = proof_message(chain_id, account);
	if verifies_sr(&public, &signature, &message) {
		return Ok(sr25519::Public::from_raw(public));
	}
	Err(if verifies_ed(&public, &signature, &message) {
		OperatorsError::WrongScheme { entry: name, expected: "sr25519", found: "ed25519" }
	} else {
		OperatorsError::BadProof { entry: name }
	})
}

/// The validator's GRANDPA key, if it is ed25519 and its proof verifies.
pub fn checked_grandpa(
	who: &str,
	chain_id: &str,
	account: &AccountId,
	entry: &ValidatorEntry,
) -> Result<ed25519::Public, OperatorsError> {
	let name = format!("{who} grandpa key");
	let public = public_bytes(&name, &entry.grandpa)?;
	let signature = signature_bytes(&format!("{who} proof.grandpa"), &entry.proof.grandpa)?;
	let message = proof_message(chain_id, account);
	if verifies_ed(&public, &signature, &message) {
		return Ok(ed25519::Public::from_raw(public));
	}
	Err(if verifies_sr(&public, &signature, &message) {
		OperatorsError::WrongScheme { entry: name, expected: "ed25519", found: "sr25519" }
	} else {
		OperatorsError::BadProof { entry: name }
	})
}

/// `depin-node validator-keys`: prints a validator's entry for the operators' file (its account,
/// its Aura and GRANDPA public keys and their proofs), signing with the keys in the validator's
/// keystore. With `--generate` it first creates the two keys there; their secrets never leave
/// the keystore.
#[derive(Debug, Clone, clap::Parser)]
pub struct ValidatorKeysCmd {
	/// The chain id of the network being launched (the operators' file's `id`).
	#[arg(long)]
	pub chain_id: String,

	/// The validator's account, SS58.
	#[arg(long)]
	pub account: String,

	/// The validator's name in the operators' file.
	#[arg(long)]
	pub name: String,

	/// Create a new Aura (sr25519) and GRANDPA (ed25519) key in the keystore first; refused if
	/// it already holds either.
	#[arg(long)]
	pub generate: bool,

	/// The keystore: `--keystore-path` (the validator's `<base-path>/chains/<chain id>/keystore`)
	/// and its password, if it has one.
	#[clap(flatten)]
	pub keystore: sc_cli::KeystoreParams,
}

impl ValidatorKeysCmd {
	/// Prints the entry as JSON on standard output.
	pub fn run(&self) -> sc_cli::Result<()> {
		let entry = self.entry()?;
		let json = serde_json::to_string_pretty(&entry)
			.map_err(|e| sc_cli::Error::Application(Box::new(e)))?;
		println!("{json}");
		Ok(())
	}

	/// The validator's entry, generating its keys first if asked.
	pub fn entry(&self) -> sc_cli::Result<ValidatorEntry> {
		let input = |e: OperatorsError| sc_cli::Error::Input(e.to_string());
		check_id_chars("--chain-id", &self.chain_id).map_err(input)?;
		check_name("--name", &self.name).map_err(input)?;
		let account = account("--account", &self.account).map_err(input)?;
		let path: PathBuf = self.keystore.keystore_path.clone().ok_or_else(|| {
			sc_cli::Error::Input(
				"--keystore-path is required: the validator's keystore, \
				 <base-path>/chains/<chain id>/keystore"
					.into(),
			)
		})?;
		let keystore = LocalKeystore::open(&path, self.keystore.read_password()?)
			.map_err(|e| sc_cli::Error::Input(format!("keystore {}: {e}", path.display())))?;
		let mut auras = keystore.sr25519_public_keys(key_types::AURA);
		let mut grandpas = keystore.ed25519_public_keys(key_types::GRANDPA);
		if self.generate {
			if !auras.is_empty() || !grandpas.is_empty() {
				return Err(sc_cli::Error::Input(format!(
					"keystore {} already holds session keys ({} aura, {} grandpa): run without \
					 --generate to use them",
					path.display(),
					auras.len(),
					grandpas.len()
				)));
			}
			let keystore_error = |e: sp_keystore::Error| sc_cli::Error::Input(e.to_string());
			auras = vec![keystore
				.sr25519_generate_new(key_types::AURA, None)
				.map_err(keystore_error)?];
			grandpas = vec![keystore
				.ed25519_generate_new(key_types::GRANDPA, None)
				.map_err(keystore_error)?];
		}
		let (aura, grandpa) = match (auras.as_slice(), grandpas.as_slice()) {
			([aura], [grandpa]) => (*aura, *grandpa),
			_ => {
				return Err(sc_cli::Error::Input(format!(
					"keystore {} holds {} aura and {} grandpa keys; it needs exactly one of each \
					 (--generate creates them in an empty keystore)",
					path.display(),
					auras.len(),
					grandpas.len()
				)))
			}
		};
		let message = proof_message(&self.chain_id, &account);
		let signing_error = || sc_cli::Error::Input("the keystore cannot sign with its key".into());
		let aura_proof = keystore
			.sr25519_sign(key_types::AURA, &aura, &message)
			.ok()
			.flatten()
			.ok_or_else(signing_error)?;
		let grandpa_proof = keystore
			.ed25519_sign(key_types::GRANDPA, &grandpa, &message)
			.ok()
			.flatten()
			.ok_or_else(signing_error)?;
		Ok(ValidatorEntry {
			name: self.name.clone(),
			account: self.account.clone(),
			aura: aura.to_ss58check(),
			grandpa: grandpa.to_ss58check(),
			proof: KeyProofs {
				aura: sp_core::bytes::to_hex(&aura_proof.0, false),
				grandpa: sp_core::bytes::to_hex(&grandpa_proof.0, false),
			},
		})
	}
}
