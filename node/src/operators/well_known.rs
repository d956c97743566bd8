//! The keys whose secrets everyone has: sp-keyring's development accounts (Alice to Ferdie,
//! their stashes, One and Two) in both schemes, and the development phrase's own root keys.
//!
//! A live network's operators' file may not name any of them, as an account or as a key: a
//! validator slot held by one can be authored by anyone, a committee seat of one whitelists any
//! call, and an endowment to one is anyone's money.

use super::OperatorsError;
use sp_core::{crypto::DEV_PHRASE, ed25519, sr25519, Pair};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Every well-known public key with a name for messages, derived once (each is a derivation
/// from the development phrase, PBKDF2 included) and kept for every later check.
pub fn keys() -> &'static [([u8; 32], String)] {
	static KEYS: std::sync::OnceLock<Vec<([u8; 32], String)>> = std::sync::OnceLock::new();
	KEYS.get_or_init(derive)
}

fn derive() -> Vec<([u8; 32], String)> {
	let mut keys: Vec<([u8; 32], String)> = Vec::new();
	keys.extend(Sr25519Keyring::iter().map(|k| (k.public().0, format!("{k} (sr25519)"))));
	keys.extend(Ed25519Keyring::iter().map(|k| (k.public().0, format!("{k} (ed25519)"))));
	let root_sr = sr25519::Pair::from_string(DEV_PHRASE, None).expect("the phrase is valid");
	let root_ed = ed25519::Pair::from_string(DEV_PHRASE, None).expect("the phrase is valid");
	keys.push((root_sr.public().0, "the development phrase's root (sr25519)".into()));
	keys.push((root_ed.public().0, "the development phrase's root (ed25519)".into()));
	keys
}

/// The name of the well-known key with these public bytes, if it is one.
pub fn name_of(public: &[u8; 32]) -> Option<String> {
	keys().iter().find(|(key, _)| key == public).map(|(_, name)| name.clone())
}

/// Refuses `public` if it is well known, naming `entry` and the key.
pub fn refuse(entry: &str, public: &[u8; 32]) -> Result<(), OperatorsError> {
	match name_of(public) {
		Some(key) => Err(OperatorsError::WellKnown { entry: entry.into(), key }),
		None => Ok(()),
	}
}
