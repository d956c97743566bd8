//! The host side: batches per scheme, single verification when a batch fails.

use crate::{Item, Scheme};
use codec::Encode;
use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

/// The signing context of sr25519 signatures, as `sp_core::sr25519` signs and verifies them.
const SR25519_CONTEXT: &[u8] = b"substrate";

/// Domain of the seed of the ed25519 batch's coefficients.
const ED25519_SEED_DOMAIN: &[u8] = b"depin/batch-verify/ed25519/v1";

/// Whether each item's signature is valid, as single verification says.
pub(crate) fn verify_each(items: &[Item]) -> Vec<bool> {
	let mut results = vec![false; items.len()];
	for scheme in [Scheme::Ed25519, Scheme::Sr25519] {
		let batch: Vec<usize> = (0..items.len()).filter(|&i| items[i].scheme == scheme).collect();
		let all_valid = match (scheme, batch.len()) {
			(_, 0) => continue,
			// A batch of one is a single verification.
			(_, 1) => false,
			(Scheme::Ed25519, _) => ed25519_batch(items, &batch),
			(Scheme::Sr25519, _) => sr25519_batch(items, &batch),
		};
		for i in batch {
			results[i] = all_valid || single(&items[i]);
		}
	}
	results
}

/// Single verification, exactly as `sp_io::crypto::{ed25519,sr25519}_verify` do it.
pub(crate) fn single(item: &Item) -> bool {
	match item.scheme {
		Scheme::Ed25519 => {
			let Ok(key) = ed25519_zebra::VerificationKey::try_from(item.public) else {
				return false;
			};
			let signature = ed25519_zebra::Signature::from_bytes(&item.signature);
			key.verify(&signature, &item.message).is_ok()
		}
		Scheme::Sr25519 => {
			let (Ok(key), Ok(signature)) = (
				schnorrkel::PublicKey::from_bytes(&item.public),
				schnorrkel::Signature::from_bytes(&item.signature),
			) else {
				return false;
			};
			key.verify_simple(SR25519_CONTEXT, &item.message, &signature).is_ok()
		}
	}
}

/// Whether every ed25519 item in `batch` is valid (ZIP-215), with coefficients drawn from
/// ChaCha20 seeded by the hash of the whole batch.
pub(crate) fn ed25519_batch(items: &[Item], batch: &[usize]) -> bool {
	let mut verifier = ed25519_zebra::batch::Verifier::new();
	let mut transcript = ED25519_SEED_DOMAIN.to_vec();
	for &i in batch {
		let item = &items[i];
		(item.public, item.signature, &item.message).encode_to(&mut transcript);
		let key = ed25519_zebra::VerificationKeyBytes::from(item.public);
		let signature = ed25519_zebra::Signature::from_bytes(&item.signature);
		verifier.queue((key, signature, &item.message[..]));
	}
	let seed = sp_crypto_hashing::blake2_256(&transcript);
	verifier.verify(ChaCha20Rng::from_seed(seed)).is_ok()
}

/// Whether every sr25519 item in `batch` is valid, by schnorrkel's deterministic batch. An item
/// whose key or signature does not decode fails the batch (and then its single check).
pub(crate) fn sr25519_batch(items: &[Item], batch: &[usize]) -> bool {
	let mut keys = Vec::with_capacity(batch.len());
	let mut signatures = Vec::with_capacity(batch.len());
	for &i in batch {
		let item = &items[i];
		match (
			schnorrkel::PublicKey::from_bytes(&item.public),
			schnorrkel::Signature::from_bytes(&item.signature),
		) {
			(Ok(key), Ok(signature)) => {
				keys.push(key);
				signatures.push(signature);
			}
			_ => return false,
		}
	}
	let context = schnorrkel::signing_context(SR25519_CONTEXT);
	let transcripts = batch.iter().map(|&i| context.bytes(&items[i].message));
	schnorrkel::verify_batch_deterministic(transcripts, &signatures, &keys, false).is_ok()
}
