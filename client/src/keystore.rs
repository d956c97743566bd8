//! Password-encrypted key files in the polkadot.js JSON format (version 3), so an account made
//! here can be imported into polkadot.js apps or a wallet, and one exported from them used here.
//!
//! The file's `encoded` field is base64 of: a 32-byte salt, scrypt's N, p and r (u32, little
//! endian), a 24-byte nonce, then the PKCS#8-framed key pair sealed with XSalsa20-Poly1305 under
//! the key scrypt derives from the password. The frame is a fixed 16-byte header, the 64-byte
//! secret key (sr25519: schnorrkel's ed25519-compatible encoding; ed25519: seed then public
//! key), a fixed 5-byte divider and the 32-byte public key. Files are written with scrypt
//! N = 2^15, p = 1, r = 8 (polkadot.js's default); reading accepts only polkadot.js's own
//! parameter sets, so a crafted file cannot make the client spend minutes in scrypt.

use base64::Engine as _;
use crypto_secretbox::{
	aead::{Aead, KeyInit},
	Key, Nonce, XSalsa20Poly1305,
};
use serde_json::{json, Value};
use sp_core::{crypto::Ss58Codec, ed25519, sr25519, Pair as _};
use subxt_signer::sr25519::Keypair;

use crate::keys::{DevicePair, DeviceScheme};

const PKCS8_HEADER: [u8; 16] = [48, 83, 2, 1, 1, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32];
const PKCS8_DIVIDER: [u8; 5] = [161, 35, 3, 33, 0];
/// (log2 N, p, r) that polkadot.js writes or accepts.
const ALLOWED_SCRYPT: [(u8, u32, u32); 6] =
	[(13, 10, 8), (14, 5, 8), (15, 3, 8), (15, 1, 8), (16, 2, 8), (17, 1, 8)];
/// What files are written with: polkadot.js's default.
const WRITE_SCRYPT: (u8, u32, u32) = (15, 1, 8);

/// A key pair to write to a key file: sp-core's pairs, which expose their secret.
pub enum Secret {
	/// An sr25519 key pair (accounts, makers, sr25519 devices).
	Sr25519(Box<sr25519::Pair>),
	/// An ed25519 key pair (devices by default).
	Ed25519(Box<ed25519::Pair>),
}

impl Secret {
	/// The scheme's name, as the file's `encoding.content` names it.
	pub fn scheme(&self) -> &'static str {
		match self {
			Secret::Sr25519(_) => "sr25519",
			Secret::Ed25519(_) => "ed25519",
		}
	}

	/// The public key.
	pub fn public(&self) -> [u8; 32] {
		match self {
			Secret::Sr25519(pair) => pair.public().0,
			Secret::Ed25519(pair) => pair.public().0,
		}
	}

	/// The 64 secret bytes the file holds.
	fn secret_bytes(&self) -> Result<[u8; 64], String> {
		match self {
			Secret::Sr25519(pair) => {
				let secret = schnorrkel::SecretKey::from_bytes(&pair.to_raw_vec())
					.map_err(|e| format!("an invalid sr25519 secret key: {e}"))?;
				Ok(secret.to_ed25519_bytes())
			}
			Secret::Ed25519(pair) => {
				let mut bytes = [0u8; 64];
				bytes[..32].copy_from_slice(&pair.seed());
				bytes[32..].copy_from_slice(&pair.public().0);
				Ok(bytes)
			}
		}
	}
}

/// A key pair read from a key file, ready to sign.
pub enum KeyPair {
	/// An sr25519 key pair (accounts, makers, sr25519 devices).
	Sr25519(Box<Keypair>),
	/// An ed25519 key pair (devices by default).
	Ed25519(Box<ed25519::Pair>),
}

/// The scheme and public key only: a key pair's secret is never printed.
impl std::fmt::Debug for KeyPair {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "KeyPair({}, 0x{})", self.scheme(), hex::encode(self.public()))
	}
}

impl KeyPair {
	/// The scheme's name.
	pub fn scheme(&self) -> &'static str {
		match self {
			KeyPair::Sr25519(_) => "sr25519",
			KeyPair::Ed25519(_) => "ed25519",
		}
	}

	/// The public key.
	pub fn public(&self) -> [u8; 32] {
		match self {
			KeyPair::Sr25519(pair) => pair.public_key().0,
			KeyPair::Ed25519(pair) => pair.public().0,
		}
	}

	/// The key pair as a device key pair.
	pub fn into_device(self) -> DevicePair {
		match self {
			KeyPair::Sr25519(pair) => DevicePair::Sr25519(pair),
			KeyPair::Ed25519(pair) => DevicePair::Ed25519(pair),
		}
	}

	/// The device scheme of the pair.
	pub fn device_scheme(&self) -> DeviceScheme {
		match self {
			KeyPair::Sr25519(_) => DeviceScheme::Sr25519,
			KeyPair::Ed25519(_) => DeviceScheme::Ed25519,
		}
	}
}

/// The scrypt key of `password`.
fn derive_key(password: &str, salt: &[u8], (log_n, p, r): (u8, u32, u32)) -> Result<Key, String> {
	let params = scrypt::Params::new(log_n, r, p, 32).map_err(|e| e.to_string())?;
	let mut key = Key::default();
	scrypt::scrypt(password.as_bytes(), salt, &params, &mut key).map_err(|e| e.to_string())?;
	Ok(key)
}

/// The key file of `pair` under `password`, named `name`.
pub fn encrypt(pair: &Secret, password: &str, name: &str) -> Result<Value, String> {
	let mut salt = [0u8; 32];
	let mut nonce = [0u8; 24];
	getrandom::getrandom(&mut salt).map_err(|e| format!("no randomness available: {e}"))?;
	getrandom::getrandom(&mut nonce).map_err(|e| format!("no randomness available: {e}"))?;
	let key = derive_key(password, &salt, WRITE_SCRYPT)?;
	let mut plain = Vec::with_capacity(117);
	plain.extend_from_slice(&PKCS8_HEADER);
	plain.extend_from_slice(&pair.secret_bytes()?);
	plain.extend_from_slice(&PKCS8_DIVIDER);
	plain.extend_from_slice(&pair.public());
	let sealed = XSalsa20Poly1305::new(&key)
		.encrypt(Nonce::from_slice(&nonce), plain.as_slice())
		.map_err(|e| format!("encryption failed: {e}"))?;
	let (log_n, p, r) = WRITE_SCRYPT;
	let mut encoded = salt.to_vec();
	encoded.extend_from_slice(&(1u32 << log_n).to_le_bytes());
	encoded.extend_from_slice(&p.to_le_bytes());
	encoded.extend_from_slice(&r.to_le_bytes());
	encoded.extend_from_slice(&nonce);
	encoded.extend_from_slice(&sealed);
	let when = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or(0);
	Ok(json!({
		"encoded": base64::engine::general_purpose::STANDARD.encode(encoded),
		"encoding": {
			"content": ["pkcs8", pair.scheme()],
			"type": ["scrypt", "xsalsa20-poly1305"],
			"version": "3",
		},
		"address": sp_core::crypto::AccountId32::from(pair.public()).to_ss58check(),
		"meta": { "name": name, "whenCreated": when, "genesisHash": "" },
	}))
}

/// The key pair of a key file, if `password` opens it.
pub fn decrypt(file: &Value, password: &str) -> Result<KeyPair, String> {
	let encoding = &file["encoding"];
	let has = |field: &str, value: &str| {
		encoding[field].as_array().is_some_and(|list| list.iter().any(|v| v == value))
	};
	if encoding["version"] != "3"
		|| !has("content", "pkcs8")
		|| !has("type", "scrypt")
		|| !has("type", "xsalsa20-poly1305")
	{
		return Err("not a polkadot.js key file (version 3, scrypt, xsalsa20-poly1305)".into());
	}
	let scheme = ["sr25519", "ed25519"]
		.into_iter()
		.find(|scheme| has("content", scheme))
		.ok_or("the key file's scheme is neither sr25519 nor ed25519")?;
	let encoded = file["encoded"].as_str().ok_or("the key file has no `encoded` field")?;
	let bytes = base64::engine::general_purpose::STANDARD
		.decode(encoded)
		.map_err(|e| format!("the key file's `encoded` is not base64: {e}"))?;
	if bytes.len() < 68 {
		return Err("the key file's `encoded` is too short".into());
	}
	let word =
		|at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
	let (n, p, r) = (word(32), word(36), word(40));
	let params = ALLOWED_SCRYPT
		.into_iter()
		.find(|&(log_n, ap, ar)| n == 1 << log_n && p == ap && r == ar)
		.ok_or_else(|| format!("unsupported scrypt parameters N={n} p={p} r={r}"))?;
	let key = derive_key(password, &bytes[..32], params)?;
	let plain = XSalsa20Poly1305::new(&key)
		.decrypt(Nonce::from_slice(&bytes[44..68]), &bytes[68..])
		.map_err(|_| "wrong password (or a damaged key file)".to_string())?;
	if plain.len() != 117 || plain[..16] != PKCS8_HEADER || plain[80..85] != PKCS8_DIVIDER {
		return Err("the key file's content is not a PKCS#8 key pair".into());
	}
	let public: [u8; 32] = plain[85..117].try_into().map_err(|_| "a short public key")?;
	let address = file["address"].as_str().unwrap_or_default();
	if sp_core::crypto::AccountId32::from_ss58check(address).ok()
		!= Some(sp_core::crypto::AccountId32::from(public))
	{
		return Err("the key file's address does not match its public key".into());
	}
	let pair = match scheme {
		"sr25519" => {
			// subxt-signer builds its key pair from the ed25519-encoded secret of this format
			// only through its own reader of it.
			let pair = subxt_signer::polkadot_js_compat::decrypt_json(&file.to_string(), password)
				.map_err(|e| format!("the key file's sr25519 key pair is invalid: {e}"))?;
			KeyPair::Sr25519(Box::new(pair))
		}
		_ => {
			let seed: [u8; 32] = plain[16..48].try_into().map_err(|_| "a short ed25519 key")?;
			KeyPair::Ed25519(Box::new(ed25519::Pair::from_seed(&seed)))
		}
	};
	if pair.public() != public {
		return Err("the key file's public key does not match its secret".into());
	}
	Ok(pair)
}

#[cfg(test)]
mod tests {
	use super::*;

	/// Bob's development account as polkadot.js exports it, password "whoisbob" (subxt-signer's
	/// test vector of polkadot.js's format).
	const POLKADOT_JS_BOB: &str = r#"{
		"encoded": "J2FFcPHAY11Pmq/38eqbwfUv9OPitYJs+oYgahBvlagAAAIAAQAAAAgAAAB5o0DwXCWDblsH+9pc++RaBO4fpHBHzUirHFHFE9yS3sDzgAIQjhgvPqJ3ODrMR2gy7vk0VZg1fyirIvmsrfjGbWnOI8YU0joX0tYytroyWaykFKtZJMmE0pNKcJ5dJmDxscbK53Ac+7ld2UdH07yKPXxmPuYNNw3vKx8cg9CdQgifKfzQxHnC+EUpOoHPLwGlHsFEYtIlQtngqd9n",
		"encoding": { "content": ["pkcs8", "sr25519"], "type": ["scrypt", "xsalsa20-poly1305"], "version": "3" },
		"address": "5CfWTDh7XxJ2yrayqQ2aJnnZAH5v5XaF1oJFfH5QCpbfP9v8",
		"meta": { "genesisHash": "", "name": "Bob (Dev)", "whenCreated": 1768916488918 }
	}"#;

	#[test]
	fn a_key_file_exported_by_polkadot_js_opens_with_its_password_only() {
		let file: Value = serde_json::from_str(POLKADOT_JS_BOB).expect("JSON");
		let pair = decrypt(&file, "whoisbob").expect("the password opens it");
		assert_eq!(pair.scheme(), "sr25519");
		assert_eq!(
			sp_core::crypto::AccountId32::from(pair.public()).to_ss58check(),
			"5CfWTDh7XxJ2yrayqQ2aJnnZAH5v5XaF1oJFfH5QCpbfP9v8"
		);
		let refused = decrypt(&file, "whoisalice").expect_err("a wrong password is refused");
		assert!(refused.contains("wrong password"), "{refused}");
	}

	#[test]
	fn a_written_key_file_opens_to_the_same_key_pair_in_either_scheme() {
		let sr = sr25519::Pair::from_string("//KeystoreTest", None).expect("a key");
		let ed = ed25519::Pair::from_string("//KeystoreTest", None).expect("a key");
		// The client's own sr25519 pair of the same secret URI is the same key.
		let client_sr = crate::keys::pair("//KeystoreTest").expect("a key");
		assert_eq!(client_sr.public_key().0, sr.public().0);
		for pair in [Secret::Sr25519(Box::new(sr)), Secret::Ed25519(Box::new(ed))] {
			let file = encrypt(&pair, "correct horse", "test").expect("written");
			assert_eq!(file["encoding"]["content"][1], pair.scheme());
			let opened = decrypt(&file, "correct horse").expect("opened");
			assert_eq!(opened.public(), pair.public());
			assert_eq!(opened.scheme(), pair.scheme());
			// What the opened pair signs verifies under the written public key.
			let signature = opened.into_device().sign(b"message");
			let verified = match signature {
				depin_primitives::DeviceSignature::Sr25519(sig) => sr25519::Pair::verify(
					&sr25519::Signature::from_raw(sig),
					b"message",
					&sr25519::Public::from_raw(pair.public()),
				),
				depin_primitives::DeviceSignature::Ed25519(sig) => ed25519::Pair::verify(
					&ed25519::Signature::from_raw(sig),
					b"message",
					&ed25519::Public::from_raw(pair.public()),
				),
			};
			assert!(verified, "{} signature verifies", pair.scheme());
			assert!(decrypt(&file, "wrong horse").is_err());
		}
	}

	#[test]
	fn a_tampered_or_unsupported_key_file_is_refused() {
		let pair = Secret::Ed25519(Box::new(ed25519::Pair::from_seed(&[7u8; 32])));
		let file = encrypt(&pair, "pw", "t").expect("written");
		// Another account's address over this secret.
		let mut other = file.clone();
		other["address"] = json!("5CfWTDh7XxJ2yrayqQ2aJnnZAH5v5XaF1oJFfH5QCpbfP9v8");
		assert!(decrypt(&other, "pw").expect_err("refused").contains("does not match"));
		// Scrypt parameters polkadot.js never writes (a file made to burn CPU).
		let mut bytes = base64::engine::general_purpose::STANDARD
			.decode(file["encoded"].as_str().expect("encoded"))
			.expect("base64");
		bytes[32..36].copy_from_slice(&(1u32 << 20).to_le_bytes());
		let mut costly = file.clone();
		costly["encoded"] = json!(base64::engine::general_purpose::STANDARD.encode(bytes));
		assert!(decrypt(&costly, "pw").expect_err("refused").contains("unsupported scrypt"));
		let mut v2 = file;
		v2["encoding"]["version"] = json!("2");
		assert!(decrypt(&v2, "pw").is_err());
	}
}
