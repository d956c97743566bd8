//! sr25519 keys: key pairs from secret URIs and their account ids.

use std::str::FromStr;

use subxt::utils::AccountId32;
use subxt_signer::{sr25519::Keypair, SecretUri};

use crate::error::{other, Result};

/// An sr25519 key pair from a secret URI such as `//Alice` or `//DepinTransferTarget`.
pub fn keypair(uri: &str) -> Result<Keypair> {
	let secret = SecretUri::from_str(uri).map_err(|e| other(uri, e))?;
	Keypair::from_uri(&secret).map_err(|e| other(uri, e))
}

/// The account id of a key pair.
pub fn account_id(pair: &Keypair) -> AccountId32 {
	pair.public_key().to_account_id()
}
