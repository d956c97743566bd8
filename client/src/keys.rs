//! Accounts and device keys: secret URIs, fresh sr25519 key pairs, SS58 addresses and hex.

use std::str::FromStr;

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
	let mut entropy = [0u8; 16];
	getrandom::getrandom(&mut entropy).map_err(|e| format!("no randomness available: {e}"))?;
	let mnemonic = Mnemonic::from_entropy(&entropy).map_err(|e| e.to_string())?;
	let pair = Keypair::from_phrase(&mnemonic, None).map_err(|e| e.to_string())?;
	Ok(NewKey { phrase: mnemonic.to_string(), pair })
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

/// An sr25519 public key given as `0x` and 64 hex digits, optionally after `sr25519:`.
pub fn parse_public(text: &str) -> Result<[u8; 32], String> {
	let hex = text.strip_prefix("sr25519:").unwrap_or(text);
	hex.strip_prefix("0x")
		.ok_or(())
		.and_then(|hex| bytes32(hex).map_err(|_| ()))
		.map_err(|()| format!("{text:?} is not an sr25519 public key (0x and 64 hex digits)"))
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
	fn public_keys_and_signatures_parse_from_hex() {
		let hex = to_hex([7u8; 32]);
		assert_eq!(parse_public(&hex), Ok([7u8; 32]));
		assert_eq!(parse_public(&format!("sr25519:{hex}")), Ok([7u8; 32]));
		assert!(parse_public("0x1234").is_err());
		assert_eq!(parse_signature(&to_hex([1u8; 64])), Ok([1u8; 64]));
	}
}
