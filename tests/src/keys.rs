//! sr25519 keys: key pairs from secret URIs and their account ids, as the client library reads
//! them.

use subxt::utils::AccountId32;
use subxt_signer::sr25519::Keypair;

use crate::error::{other, Result};

/// An sr25519 key pair from a secret URI such as `//Alice` or `//DepinTransferTarget`.
pub fn keypair(uri: &str) -> Result<Keypair> {
	depin_client::keys::pair(uri).map_err(|e| other(uri, e))
}

/// The account id of a key pair.
pub fn account_id(pair: &Keypair) -> AccountId32 {
	depin_client::keys::account(pair)
}
