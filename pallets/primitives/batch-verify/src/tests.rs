//! Batch results against single verification (`sp_io::crypto`), the reference they must equal.

use crate::{host, verify, Item, Scheme};
use proptest::prelude::*;
use sp_core::{ed25519, sr25519, Pair};

/// What `sp_io::crypto` says of one item: the answer every batch must give.
fn single_reference(item: &Item) -> bool {
	match item.scheme {
		Scheme::Ed25519 => sp_io::crypto::ed25519_verify(
			&ed25519::Signature::from_raw(item.signature),
			&item.message,
			&ed25519::Public::from_raw(item.public),
		),
		Scheme::Sr25519 => sp_io::crypto::sr25519_verify(
			&sr25519::Signature::from_raw(item.signature),
			&item.message,
			&sr25519::Public::from_raw(item.public),
		),
	}
}

/// A signed item of `scheme` by the key of `seed`.
fn signed(scheme: Scheme, seed: [u8; 32], message: Vec<u8>) -> Item {
	let (public, signature) = match scheme {
		Scheme::Ed25519 => {
			let pair = ed25519::Pair::from_seed(&seed);
			(pair.public().0, pair.sign(&message).0)
		}
		Scheme::Sr25519 => {
			let pair = sr25519::Pair::from_seed(&seed);
			(pair.public().0, pair.sign(&message).0)
		}
	};
	Item { scheme, public, signature, message }
}

/// How an item is spoilt, if it is.
#[derive(Clone, Debug)]
enum Spoil {
	None,
	/// One bit of the signature flipped.
	SignatureBit(usize),
	/// One byte of the message changed after signing.
	Message(u8),
	/// Another key's public key.
	Key([u8; 32]),
	/// Random bytes for the signature.
	Signature([u8; 32], [u8; 32]),
	/// The other scheme claimed.
	Scheme,
}

fn spoil(mut item: Item, how: &Spoil) -> Item {
	match how {
		Spoil::None => {}
		Spoil::SignatureBit(bit) => item.signature[bit / 8 % 64] ^= 1 << (bit % 8),
		Spoil::Message(byte) => item.message.push(*byte),
		Spoil::Key(key) => item.public = *key,
		Spoil::Signature(low, high) => {
			item.signature[..32].copy_from_slice(low);
			item.signature[32..].copy_from_slice(high);
		}
		Spoil::Scheme => {
			item.scheme = match item.scheme {
				Scheme::Ed25519 => Scheme::Sr25519,
				Scheme::Sr25519 => Scheme::Ed25519,
			}
		}
	}
	item
}

fn any_spoil() -> impl Strategy<Value = Spoil> {
	prop_oneof![
		6 => Just(Spoil::None),
		1 => (0usize..512).prop_map(Spoil::SignatureBit),
		1 => any::<u8>().prop_map(Spoil::Message),
		1 => any::<[u8; 32]>().prop_map(Spoil::Key),
		1 => (any::<[u8; 32]>(), any::<[u8; 32]>()).prop_map(|(l, h)| Spoil::Signature(l, h)),
		1 => Just(Spoil::Scheme),
	]
}

fn any_item() -> impl Strategy<Value = Item> {
	(
		prop_oneof![Just(Scheme::Ed25519), Just(Scheme::Sr25519)],
		any::<[u8; 32]>(),
		proptest::collection::vec(any::<u8>(), 0..120),
		any_spoil(),
	)
		.prop_map(|(scheme, seed, message, how)| spoil(signed(scheme, seed, message), &how))
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]

	/// The rule of the crate: whatever the mix of schemes, valid and invalid signatures, each
	/// result is single verification's.
	#[test]
	fn batch_results_equal_single_verification(
		items in proptest::collection::vec(any_item(), 0..40),
	) {
		let expected: Vec<bool> = items.iter().map(single_reference).collect();
		prop_assert_eq!(verify(&items), expected);
	}
}

#[test]
fn a_batch_of_valid_signatures_verifies() {
	let items: Vec<Item> = (0u8..32)
		.map(|n| {
			let scheme = if n % 2 == 0 { Scheme::Ed25519 } else { Scheme::Sr25519 };
			signed(scheme, [n; 32], vec![n; usize::from(n)])
		})
		.collect();
	assert_eq!(verify(&items), vec![true; 32]);
}

#[test]
fn one_forged_signature_is_refused_and_the_others_still_verify() {
	for scheme in [Scheme::Ed25519, Scheme::Sr25519] {
		let mut items: Vec<Item> =
			(0u8..14).map(|n| signed(scheme, [n; 32], b"receipt".to_vec())).collect();
		// Witness 5's receipt with witness 6's signature.
		items[5].signature = items[6].signature;
		let mut expected = vec![true; 14];
		expected[5] = false;
		assert_eq!(verify(&items), expected, "{scheme:?}");
	}
}

#[test]
fn the_same_key_signing_many_messages_verifies_per_message() {
	// ed25519-zebra coalesces a key's signatures in the batch equation.
	let mut items: Vec<Item> =
		(0u8..10).map(|n| signed(Scheme::Ed25519, [7; 32], vec![n])).collect();
	items[3].message = vec![99];
	let expected: Vec<bool> = (0..10).map(|n| n != 3).collect();
	assert_eq!(verify(&items), expected);
}

#[test]
fn zip215_edge_cases_get_single_verifications_answer() {
	// The identity point as key and as R, with s = 0: valid for every message under ZIP-215's
	// cofactored equation, in single verification and in the batch alike.
	let mut identity = [0u8; 32];
	identity[0] = 1;
	let mut signature = [0u8; 64];
	signature[..32].copy_from_slice(&identity);
	let small_order = Item {
		scheme: Scheme::Ed25519,
		public: identity,
		signature,
		message: b"anything".to_vec(),
	};
	// A non-canonical s (s + the group order): refused by both.
	let mut non_canonical = signed(Scheme::Ed25519, [3; 32], b"m".to_vec());
	non_canonical.signature[63] |= 0x80;
	let honest = signed(Scheme::Ed25519, [4; 32], b"m".to_vec());
	let items = vec![small_order, non_canonical, honest];
	let expected: Vec<bool> = items.iter().map(single_reference).collect();
	assert_eq!(expected, vec![true, false, true]);
	assert_eq!(verify(&items), expected);
}

#[test]
fn an_undecodable_sr25519_key_or_signature_is_refused_without_spoiling_the_batch() {
	let mut items: Vec<Item> =
		(0u8..6).map(|n| signed(Scheme::Sr25519, [n; 32], b"beacon".to_vec())).collect();
	// schnorrkel requires the high bit of a signature's last byte set.
	items[1].signature[63] &= 0x7f;
	// Not a Ristretto point encoding.
	items[2].public = [0xff; 32];
	assert_eq!(verify(&items), vec![true, false, false, true, true, true]);
}

#[test]
fn the_host_single_check_is_the_sdks() {
	let item = signed(Scheme::Sr25519, [9; 32], b"x".to_vec());
	assert!(host::single(&item));
	assert_eq!(host::single(&item), single_reference(&item));
	assert!(verify(&[]).is_empty());
}

#[test]
fn each_schemes_batch_accepts_a_valid_set_and_refuses_a_forged_one() {
	// The fallback would hide a batch that always fails (only slower): check the batches alone.
	for scheme in [Scheme::Ed25519, Scheme::Sr25519] {
		let mut items: Vec<Item> =
			(0u8..14).map(|n| signed(scheme, [n; 32], vec![n; 40])).collect();
		let all: Vec<usize> = (0..items.len()).collect();
		let batch = match scheme {
			Scheme::Ed25519 => host::ed25519_batch,
			Scheme::Sr25519 => host::sr25519_batch,
		};
		assert!(batch(&items, &all), "{scheme:?}");
		items[13].message.push(0);
		assert!(!batch(&items, &all), "{scheme:?}");
	}
}
