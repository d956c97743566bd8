//! Accounts and device keys: secret URIs, fresh key pairs, SS58 addresses and hex.
//!
//! Accounts (and makers' attestation keys) are sr25519. Device keys are **ed25519 by default**
//! (the cheaper signature for the chain to verify, and what most radio hardware's secure
//! elements sign with); sr25519 device keys are still accepted. A device key is written with its
//! scheme: `ed25519:0x…` or `sr25519:0x…` for a public key, `ed25519:<suri>` or
//! `sr25519:<suri>` for a secret; without a prefix it is ed25519.

use std::str::FromStr;

use depin_primitives::{DeviceKey, DeviceSignature};
use sp_core::{ed25519, Pair as _};
use subxt::utils::AccountId32;
use subxt_signer::{bip39::Mnemonic, sr25519::Keypair, SecretUri};

/// A fresh key pair with the secret phrase it derives from.
pub struct NewKey {
	/// The 12-word BIP-39 phrase; `--suri "<phrase>"` signs with it.
	pub phrase: String,
	/// The key pair the phrase gives (no derivation path, no password).
	pub pair: Keypair,
}

/// Generates a 12-word phrase from the operating system's randomness and its sr25519 key pair.
pub fn generate() -> Result<NewKey, String> {
	let phrase = new_phrase()?;
	let pair = pair(&phrase)?;
	Ok(NewKey { phrase, pair })
}

/// A 12-word BIP-39 phrase from the operating system's randomness.
fn new_phrase() -> Result<String, String> {
	let mut entropy = [0u8; 16];
	getrandom::getrandom(&mut entropy).map_err(|e| format!("no randomness available: {e}"))?;
	let mnemonic = Mnemonic::from_entropy(&entropy).map_err(|e| e.to_string())?;
	Ok(mnemonic.to_string())
}

/// The signature scheme of a device key.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum DeviceScheme {
	/// ed25519, the default.
	#[default]
	Ed25519,
	/// sr25519 (schnorrkel).
	Sr25519,
}

impl DeviceScheme {
	/// The scheme's name, as it prefixes keys and secrets.
	pub fn name(self) -> &'static str {
		match self {
			DeviceScheme::Ed25519 => "ed25519",
			DeviceScheme::Sr25519 => "sr25519",
		}
	}

	/// Splits an optional `ed25519:` or `sr25519:` prefix off `text`; ed25519 without one.
	pub fn split(text: &str) -> (DeviceScheme, &str) {
		if let Some(rest) = text.strip_prefix("sr25519:") {
			(DeviceScheme::Sr25519, rest)
		} else {
			(DeviceScheme::Ed25519, text.strip_prefix("ed25519:").unwrap_or(text))
		}
	}
}

impl FromStr for DeviceScheme {
	type Err = String;

	fn from_str(text: &str) -> Result<Self, String> {
		match text {
			"ed25519" => Ok(DeviceScheme::Ed25519),
			"sr25519" => Ok(DeviceScheme::Sr25519),
			other => Err(format!("{other:?} is not a device key scheme (ed25519 or sr25519)")),
		}
	}
}

/// A device's key pair, which signs its beacons, witness receipts and heartbeats.
#[derive(Clone)]
pub enum DevicePair {
	/// An ed25519 key pair (boxed, as the other: key pairs are hundreds of bytes).
	Ed25519(Box<ed25519::Pair>),
	/// An sr25519 key pair.
	Sr25519(Box<Keypair>),
}

impl DevicePair {
	/// The device key pair of a secret URI (a phrase, a `0x` seed or a dev path such as
	/// `//Hotspot1`), optionally prefixed with its scheme (`sr25519://Hotspot1`); ed25519
	/// without a prefix.
	pub fn from_suri(text: &str) -> Result<Self, String> {
		let (scheme, suri) = DeviceScheme::split(text);
		Self::of_scheme(scheme, suri)
	}

	/// The `scheme` key pair of a secret URI without a prefix.
	pub fn of_scheme(scheme: DeviceScheme, suri: &str) -> Result<Self, String> {
		match scheme {
			DeviceScheme::Ed25519 => ed25519::Pair::from_string(suri, None)
				.map(|pair| DevicePair::Ed25519(Box::new(pair)))
				.map_err(|e| format!("not a usable ed25519 secret URI: {e:?}")),
			DeviceScheme::Sr25519 => pair(suri).map(|pair| DevicePair::Sr25519(Box::new(pair))),
		}
	}

	/// A fresh `scheme` key pair and the 12-word phrase it derives from.
	pub fn generate(scheme: DeviceScheme) -> Result<(String, Self), String> {
		let phrase = new_phrase()?;
		let pair = Self::of_scheme(scheme, &phrase)?;
		Ok((phrase, pair))
	}

	/// The scheme of the pair.
	pub fn scheme(&self) -> DeviceScheme {
		match self {
			DevicePair::Ed25519(_) => DeviceScheme::Ed25519,
			DevicePair::Sr25519(_) => DeviceScheme::Sr25519,
		}
	}

	/// The public key, as the chain stores it.
	pub fn key(&self) -> DeviceKey {
		match self {
			DevicePair::Ed25519(pair) => DeviceKey::Ed25519(pair.public().0),
			DevicePair::Sr25519(pair) => DeviceKey::Sr25519(pair.public_key().0),
		}
	}

	/// Signs `message` (for sr25519, in the signing context "substrate" that the runtime
	/// verifies).
	pub fn sign(&self, message: &[u8]) -> DeviceSignature {
		match self {
			DevicePair::Ed25519(pair) => DeviceSignature::Ed25519(pair.sign(message).0),
			DevicePair::Sr25519(pair) => DeviceSignature::Sr25519(pair.sign(message).0),
		}
	}
}

/// A device public key as `ed25519:0x…` or `sr25519:0x…`: how the CLI prints it and the
/// registry's JSON-RPC looks it up.
pub fn format_device_key(key: &DeviceKey) -> String {
	match key {
		DeviceKey::Ed25519(public) => format!("ed25519:{}", to_hex(public)),
		DeviceKey::Sr25519(public) => format!("sr25519:{}", to_hex(public)),
	}
}

/// The device key a registry record (`depin_device`) names, as [`format_device_key`] writes it.
pub fn registered_key(record: &serde_json::Value) -> String {
	format!(
		"{}:{}",
		record["key"]["type"].as_str().unwrap_or("?"),
		record["key"]["publicKey"].as_str().unwrap_or("?")
	)
}

/// Why `pair` cannot act for the device of `record` (`depin_device`): there is no such device,
/// or `pair` is not its registered key; `None` when it can.
pub fn key_mismatch(record: &serde_json::Value, pair: &DevicePair) -> Option<String> {
	if record.is_null() {
		return Some("no such device".into());
	}
	let (registered, own) = (registered_key(record), format_device_key(&pair.key()));
	(registered != own)
		.then(|| format!("the key file holds {own}, the device's key is {registered}"))
}

/// A device public key given as `0x` and 64 hex digits after an optional `ed25519:` or
/// `sr25519:` (ed25519 without one).
pub fn parse_device_key(text: &str) -> Result<DeviceKey, String> {
	let (scheme, hex) = DeviceScheme::split(text);
	let public = hex.strip_prefix("0x").and_then(|hex| bytes32(hex).ok()).ok_or_else(|| {
		format!("{text:?} is not a device key ([ed25519:|sr25519:]0x and 64 hex digits)")
	})?;
	Ok(match scheme {
		DeviceScheme::Ed25519 => DeviceKey::Ed25519(public),
		DeviceScheme::Sr25519 => DeviceKey::Sr25519(public),
	})
}

/// The sr25519 key pair of a secret URI: a phrase, a `0x` seed, or a dev path such as `//Alice`.
pub fn pair(suri: &str) -> Result<Keypair, String> {
	let uri = SecretUri::from_str(suri).map_err(|e| format!("not a secret URI: {e}"))?;
	Keypair::from_uri(&uri).map_err(|e| format!("not a usable secret URI: {e}"))
}

/// The account of a key pair.
pub fn account(pair: &Keypair) -> AccountId32 {
	AccountId32(pair.public_key().0)
}

/// An account given as an SS58 address, `0x` and 64 hex digits, or a secret URI.
pub fn parse_account(text: &str) -> Result<AccountId32, String> {
	if let Ok(account) = AccountId32::from_str(text) {
		return Ok(account);
	}
	if let Some(bytes) = text.strip_prefix("0x").and_then(|hex| bytes32(hex).ok()) {
		return Ok(AccountId32(bytes));
	}
	pair(text).map(|pair| account(&pair)).map_err(|_| {
		format!("{text:?} is neither an SS58 address, 0x and 64 hex digits, nor a secret URI")
	})
}

/// A 32-byte hash given as `0x` and 64 hex digits.
pub fn parse_hash(text: &str) -> Result<[u8; 32], String> {
	text.strip_prefix("0x")
		.ok_or(())
		.and_then(|hex| bytes32(hex).map_err(|_| ()))
		.map_err(|()| format!("{text:?} is not a hash (0x and 64 hex digits)"))
}

/// A 64-byte signature given as `0x` and 128 hex digits.
pub fn parse_signature(text: &str) -> Result<[u8; 64], String> {
	let bytes = text.strip_prefix("0x").and_then(|hex| hex::decode(hex).ok());
	bytes
		.and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
		.ok_or_else(|| format!("{text:?} is not a signature (0x and 128 hex digits)"))
}

/// 32 bytes from 64 hex digits.
fn bytes32(hex: &str) -> Result<[u8; 32], String> {
	let bytes = hex::decode(hex).map_err(|e| e.to_string())?;
	<[u8; 32]>::try_from(bytes).map_err(|_| "not 32 bytes".to_owned())
}

/// `0x`-prefixed lower-case hex.
pub fn to_hex(bytes: impl AsRef<[u8]>) -> String {
	format!("0x{}", hex::encode(bytes))
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Alice's well-known dev account.
	const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

	#[test]
	fn accounts_parse_from_address_hex_or_secret_uri() {
		let from_uri = parse_account("//Alice").expect("a dev URI");
		assert_eq!(from_uri.to_string(), ALICE);
		assert_eq!(parse_account(ALICE), Ok(from_uri));
		assert_eq!(parse_account(&to_hex(from_uri.0)), Ok(from_uri));
		assert!(parse_account("nobody").is_err());
	}

	#[test]
	fn generated_phrases_give_back_their_key() {
		let key = generate().expect("a key");
		assert_eq!(key.phrase.split(' ').count(), 12);
		let again = pair(&key.phrase).expect("the phrase is a secret URI");
		assert_eq!(again.public_key().0, key.pair.public_key().0);
	}

	#[test]
	fn device_keys_parse_with_their_scheme_and_default_to_ed25519() {
		let hex = to_hex([7u8; 32]);
		assert_eq!(parse_device_key(&hex), Ok(DeviceKey::Ed25519([7u8; 32])));
		assert_eq!(parse_device_key(&format!("ed25519:{hex}")), Ok(DeviceKey::Ed25519([7u8; 32])));
		assert_eq!(parse_device_key(&format!("sr25519:{hex}")), Ok(DeviceKey::Sr25519([7u8; 32])));
		assert!(parse_device_key("0x1234").is_err());
		assert!(parse_device_key(&format!("ecdsa:{hex}")).is_err());
		for key in [DeviceKey::Ed25519([1; 32]), DeviceKey::Sr25519([2; 32])] {
			assert_eq!(parse_device_key(&format_device_key(&key)), Ok(key));
		}
		assert_eq!(parse_signature(&to_hex([1u8; 64])), Ok([1u8; 64]));
	}

	#[test]
	fn device_secrets_are_ed25519_unless_they_say_sr25519() {
		let ed = DevicePair::from_suri("//Hotspot1").expect("a dev path");
		assert_eq!(ed.scheme(), DeviceScheme::Ed25519);
		assert_eq!(
			DevicePair::from_suri("ed25519://Hotspot1").expect("a dev path").key(),
			ed.key()
		);
		let sr = DevicePair::from_suri("sr25519://Hotspot1").expect("a dev path");
		assert_eq!(sr.key(), DeviceKey::Sr25519(pair("//Hotspot1").expect("dev").public_key().0));
		for device in [ed, sr] {
			let signature = device.sign(b"beacon");
			assert!(device.key().verify(b"beacon", &signature));
			assert!(!device.key().verify(b"beacon!", &signature));
		}
		assert!(DevicePair::from_suri("ed25519:not a uri at all!").is_err());
	}

	#[test]
	fn a_generated_device_phrase_gives_back_its_key() {
		for scheme in [DeviceScheme::Ed25519, DeviceScheme::Sr25519] {
			let (phrase, device) = DevicePair::generate(scheme).expect("a key");
			assert_eq!(phrase.split(' ').count(), 12);
			let again = DevicePair::of_scheme(scheme, &phrase).expect("the phrase is a secret URI");
			assert_eq!(again.key(), device.key());
		}
	}
}
