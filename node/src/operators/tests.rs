//! The operators' file's rules, each tried with what an operator could get wrong and what an
//! attacker would try (a well-known key, a key copied from another validator, a proof replayed
//! from another chain).

use super::{keys::*, *};
use serde_json::{json, Value};
use sp_core::{crypto::Ss58Codec, ed25519, sr25519, Pair};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

const CHAIN: &str = "depin_testnet";

/// A validator with fresh keys: its entry and its key pairs.
struct Fresh {
	entry: ValidatorEntry,
	aura: sr25519::Pair,
	grandpa: ed25519::Pair,
}

fn entry_of(
	name: &str,
	chain: &str,
	account: &AccountId,
	aura: &sr25519::Pair,
	grandpa: &ed25519::Pair,
) -> ValidatorEntry {
	let message = proof_message(chain, account);
	ValidatorEntry {
		name: name.into(),
		account: account.to_ss58check(),
		aura: aura.public().to_ss58check(),
		grandpa: grandpa.public().to_ss58check(),
		proof: KeyProofs {
			aura: sp_core::bytes::to_hex(&aura.sign(&message).0, false),
			grandpa: sp_core::bytes::to_hex(&grandpa.sign(&message).0, false),
		},
	}
}

fn fresh(name: &str) -> Fresh {
	let account = AccountId::from(sr25519::Pair::generate().0.public().0);
	let (aura, grandpa) = (sr25519::Pair::generate().0, ed25519::Pair::generate().0);
	Fresh { entry: entry_of(name, CHAIN, &account, &aura, &grandpa), aura, grandpa }
}

fn fresh_account() -> String {
	sr25519::Pair::generate().0.public().to_ss58check()
}

/// A valid file: two validators, a committee of two, one endowment, one bootnode.
fn file() -> Value {
	json!({
		"name": "DePIN Testnet",
		"id": CHAIN,
		"validators": [fresh("v1").entry, fresh("v2").entry],
		"technicalCommittee": [fresh_account(), fresh_account()],
		"endowed": [{ "account": fresh_account(), "balance": "1000000" }],
		"bootnodes": [
			"/dns/boot-1.example.org/tcp/30333/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp"
		],
	})
}

fn check(file: &Value) -> Result<Operators, OperatorsError> {
	Operators::from_json(&serde_json::to_vec(file).expect("JSON"))
}

fn refused(file: &Value) -> OperatorsError {
	check(file).expect_err("the file is refused")
}

#[test]
fn a_well_formed_file_gives_its_validators_committee_endowments_and_bootnodes() {
	let file = file();
	let operators = check(&file).expect("a valid file");
	assert_eq!(operators.id, CHAIN);
	assert_eq!(operators.protocol_id, "depin");
	assert_eq!(operators.validators.len(), 2);
	assert_eq!(operators.validators[0].account.to_ss58check(), file["validators"][0]["account"]);
	assert_eq!(operators.committee.len(), 2);
	assert_eq!(operators.endowed[0].1, 1_000_000 * 10u128.pow(TOKEN_DECIMALS));
	assert_eq!(operators.bootnodes.len(), 1);
}

#[test]
fn every_well_known_development_key_is_refused_wherever_it_appears() {
	let alice = Sr25519Keyring::Alice.to_account_id().to_ss58check();
	let mut cases: Vec<(Value, &str)> = Vec::new();

	// As a validator's account, with proofs made for it (so only the account is at fault).
	let mut f = file();
	let alice_id = Sr25519Keyring::Alice.to_account_id();
	let (aura, grandpa) = (sr25519::Pair::generate().0, ed25519::Pair::generate().0);
	f["validators"][0] = json!(entry_of("v1", CHAIN, &alice_id, &aura, &grandpa));
	cases.push((f, "validator \"v1\" account"));

	// As session keys with valid proofs: the development keys of Bob.
	let account = AccountId::from(sr25519::Pair::generate().0.public().0);
	let mut f = file();
	let bob_aura = Sr25519Keyring::Bob.pair();
	f["validators"][1] = json!(entry_of("v2", CHAIN, &account, &bob_aura, &grandpa));
	cases.push((f, "validator \"v2\" aura key"));
	let mut f = file();
	let bob_grandpa = Ed25519Keyring::Bob.pair();
	f["validators"][1] = json!(entry_of("v2", CHAIN, &account, &aura, &bob_grandpa));
	cases.push((f, "validator \"v2\" grandpa key"));

	let mut f = file();
	f["technicalCommittee"][1] = json!(alice);
	cases.push((f, "technicalCommittee[1]"));
	let mut f = file();
	f["endowed"][0]["account"] = json!(Sr25519Keyring::FerdieStash.to_account_id().to_ss58check());
	cases.push((f, "endowed[0]"));
	// The development phrase's own root key.
	let root = sr25519::Pair::from_string(sp_core::crypto::DEV_PHRASE, None).expect("the phrase");
	let mut f = file();
	f["technicalCommittee"][0] = json!(root.public().to_ss58check());
	cases.push((f, "technicalCommittee[0]"));

	for (file, entry) in cases {
		match refused(&file) {
			OperatorsError::WellKnown { entry: named, key } => {
				assert_eq!(named, entry);
				assert!(!key.is_empty());
			}
			other => panic!("{entry}: refused for the wrong reason: {other}"),
		}
	}
	assert_eq!(
		well_known::name_of(&Sr25519Keyring::Alice.public().0).expect("Alice is known"),
		"Alice (sr25519)"
	);
}

#[test]
fn a_session_key_of_the_wrong_scheme_is_refused_by_name() {
	let account = AccountId::from(sr25519::Pair::generate().0.public().0);
	let message = proof_message(CHAIN, &account);
	let v = fresh("v1");
	// An ed25519 key in the aura field, proven by its own (ed25519) signature.
	let mut entry = v.entry.clone();
	entry.account = account.to_ss58check();
	entry.aura = v.grandpa.public().to_ss58check();
	entry.proof.aura = sp_core::bytes::to_hex(&v.grandpa.sign(&message).0, false);
	entry.proof.grandpa = sp_core::bytes::to_hex(&v.grandpa.sign(&message).0, false);
	let mut f = file();
	f["validators"][0] = json!(entry);
	assert_eq!(
		refused(&f),
		OperatorsError::WrongScheme {
			entry: "validator \"v1\" aura key".into(),
			expected: "sr25519",
			found: "ed25519"
		}
	);
	// An sr25519 key in the grandpa field.
	let mut entry = entry_of("v1", CHAIN, &account, &v.aura, &v.grandpa);
	entry.grandpa = v.aura.public().to_ss58check();
	entry.proof.grandpa = sp_core::bytes::to_hex(&v.aura.sign(&message).0, false);
	let mut f = file();
	f["validators"][0] = json!(entry);
	assert_eq!(
		refused(&f),
		OperatorsError::WrongScheme {
			entry: "validator \"v1\" grandpa key".into(),
			expected: "ed25519",
			found: "sr25519"
		}
	);
}

#[test]
fn a_key_copied_from_another_validator_or_proven_for_another_chain_is_refused() {
	let victim = fresh("v1");
	// An attacker lists the victim's keys and proofs under its own account: the proofs name the
	// victim's account, so they do not verify for the attacker's.
	let mut copied = victim.entry.clone();
	copied.name = "v2".into();
	copied.account = fresh_account();
	let mut f = file();
	f["validators"] = json!([victim.entry, copied]);
	assert_eq!(refused(&f), OperatorsError::BadProof { entry: "validator \"v2\" aura key".into() });

	// An entry proven for another chain id is not good for this one.
	let account = AccountId::from(sr25519::Pair::generate().0.public().0);
	let other = entry_of("v1", "depin_other", &account, &victim.aura, &victim.grandpa);
	let mut f = file();
	f["validators"][0] = json!(other);
	assert_eq!(refused(&f), OperatorsError::BadProof { entry: "validator \"v1\" aura key".into() });

	// A proof that is not a signature at all.
	let mut f = file();
	f["validators"][0]["proof"]["grandpa"] = json!("0x1234");
	assert!(matches!(refused(&f), OperatorsError::Invalid { entry, .. }
		if entry == "validator \"v1\" proof.grandpa"));
}

#[test]
fn a_duplicate_validator_key_account_member_or_endowment_is_refused() {
	// Two validators sharing one aura key (its holder signs for both accounts).
	let v = fresh("v1");
	let account = AccountId::from(sr25519::Pair::generate().0.public().0);
	let other_grandpa = ed25519::Pair::generate().0;
	let twin = entry_of("v2", CHAIN, &account, &v.aura, &other_grandpa);
	let mut f = file();
	f["validators"] = json!([v.entry, twin]);
	assert_eq!(
		refused(&f),
		OperatorsError::Duplicate {
			what: "Aura key",
			first: "validator \"v1\"".into(),
			second: "validator \"v2\"".into()
		}
	);

	let mut f = file();
	f["validators"][1]["name"] = f["validators"][0]["name"].clone();
	assert!(matches!(refused(&f), OperatorsError::Duplicate { what: "name", .. }));

	let mut f = file();
	f["technicalCommittee"][1] = f["technicalCommittee"][0].clone();
	assert_eq!(
		refused(&f),
		OperatorsError::Duplicate {
			what: "account",
			first: "technicalCommittee[0]".into(),
			second: "technicalCommittee[1]".into()
		}
	);

	let mut f = file();
	let endowment = f["endowed"][0].clone();
	f["endowed"] = json!([endowment.clone(), endowment]);
	assert!(
		matches!(refused(&f), OperatorsError::Duplicate { second, .. } if second == "endowed[1]")
	);

	let mut f = file();
	let bootnode = f["bootnodes"][0].clone();
	f["bootnodes"] = json!([bootnode.clone(), bootnode]);
	assert!(matches!(refused(&f), OperatorsError::Duplicate { what: "address", .. }));
}

#[test]
fn a_malformed_file_is_refused_with_the_field_at_fault() {
	let message = |e: OperatorsError| match e {
		OperatorsError::Malformed(message) => message,
		other => panic!("not refused as malformed: {other}"),
	};
	assert!(message(Operators::from_json(b"{ not json").expect_err("not JSON")).contains("line 1"));
	let mut f = file();
	f["sudo"] = json!(fresh_account());
	assert!(message(refused(&f)).contains("unknown field `sudo`"));
	let mut f = file();
	f["validators"][0].as_object_mut().expect("an entry").remove("grandpa");
	assert!(message(refused(&f)).contains("missing field `grandpa`"));

	let mut f = file();
	f["validators"][0]["account"] = json!("5NotAnAddress");
	assert!(matches!(refused(&f), OperatorsError::BadAddress { entry, .. }
		if entry == "validator \"v1\" account"));
	let mut f = file();
	f["id"] = json!("DePIN Testnet");
	assert!(matches!(refused(&f), OperatorsError::Invalid { entry, .. } if entry == "id"));
	let mut f = file();
	f["validators"] = json!([]);
	assert_eq!(refused(&f), OperatorsError::Missing("validator"));
	let mut f = file();
	f["technicalCommittee"] = json!([]);
	assert_eq!(refused(&f), OperatorsError::Missing("technical committee member"));
	let mut f = file();
	f["bootnodes"] = json!(["/ip4/10.0.0.1/tcp/30333"]);
	assert!(matches!(refused(&f), OperatorsError::BadBootnode { .. }));
}

#[test]
fn balances_are_dpn_amounts_above_zero_with_at_most_twelve_decimals() {
	let unit = 10u128.pow(TOKEN_DECIMALS);
	assert_eq!(dpn("e", "1"), Ok(unit));
	assert_eq!(dpn("e", "1.5"), Ok(unit + unit / 2));
	assert_eq!(dpn("e", "0.000000000001"), Ok(1));
	for bad in ["", "0", "0.0", "1.", ".5", "-1", "1e6", "1.0000000000001", "abc", "1 000"] {
		assert!(
			matches!(dpn("endowed[0]", bad), Err(OperatorsError::BadBalance { .. })),
			"{bad:?} accepted"
		);
	}
	assert!(dpn("e", &u128::MAX.to_string()).is_err(), "an overflowing amount");
	let mut f = file();
	f["endowed"][0]["balance"] = json!("lots");
	assert!(
		matches!(refused(&f), OperatorsError::BadBalance { entry, .. } if entry == "endowed[0]")
	);
}

fn keys_cmd(path: &std::path::Path, account: &str, generate: bool) -> ValidatorKeysCmd {
	use clap::Parser;
	let mut args = vec![
		"validator-keys".to_string(),
		"--chain-id".into(),
		CHAIN.into(),
		"--account".into(),
		account.into(),
		"--name".into(),
		"v1".into(),
		"--keystore-path".into(),
		path.display().to_string(),
	];
	if generate {
		args.push("--generate".into());
	}
	ValidatorKeysCmd::parse_from(args)
}

#[test]
fn validator_keys_makes_an_entry_from_the_keystore_that_the_file_check_accepts() {
	let dir = tempfile::tempdir().expect("a temporary directory");
	let account = fresh_account();
	// An empty keystore: nothing to sign with until --generate.
	assert!(keys_cmd(dir.path(), &account, false).entry().is_err());
	let generated = keys_cmd(dir.path(), &account, true).entry().expect("keys generated");
	// Generating again would leave two keys of each; refused.
	assert!(keys_cmd(dir.path(), &account, true).entry().is_err());
	// Without --generate the same keys sign again.
	let again = keys_cmd(dir.path(), &account, false).entry().expect("the keystore's keys");
	assert_eq!((&again.aura, &again.grandpa), (&generated.aura, &generated.grandpa));
	// The keys' secrets are in the keystore, as files the node reads.
	assert_eq!(std::fs::read_dir(dir.path()).expect("the keystore").count(), 2);

	let mut f = file();
	f["validators"][0] = json!(generated);
	let operators = check(&f).expect("the generated entry is accepted");
	assert_eq!(operators.validators[0].account.to_ss58check(), account);

	// A well-known account is refused before any key is made.
	let empty = tempfile::tempdir().expect("a temporary directory");
	let alice = Sr25519Keyring::Alice.to_account_id().to_ss58check();
	assert!(keys_cmd(empty.path(), &alice, true).entry().is_err());
	assert_eq!(std::fs::read_dir(empty.path()).map_or(0, |d| d.count()), 0);
}

#[test]
fn no_committed_spec_holds_a_well_known_key_or_account() {
	let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../chain-specs");
	let mut checked = 0;
	for file in std::fs::read_dir(&dir).expect("chain-specs/") {
		let path = file.expect("an entry").path();
		if path.extension().and_then(|e| e.to_str()) != Some("json") {
			continue;
		}
		let mut json: Value =
			serde_json::from_slice(&std::fs::read(&path).expect("a file")).expect("JSON");
		// The runtime's code holds the development presets (and so the development keys) for
		// `--dev` and `local`; what a network runs with is the rest of its genesis.
		if let Some(top) = json.pointer_mut("/genesis/raw/top").and_then(Value::as_object_mut) {
			assert!(
				top.remove("0x3a636f6465").is_some(),
				"{}: a raw spec has :code",
				path.display()
			);
		}
		let text = json.to_string().to_lowercase();
		for (public, name) in well_known::keys().iter().cloned() {
			// Raw specs hold keys as hex (in storage keys and values), operators' files as SS58.
			let hex = sp_core::hexdisplay::HexDisplay::from(&public).to_string().to_lowercase();
			let ss58 = sr25519::Public::from_raw(public).to_ss58check().to_lowercase();
			assert!(
				!text.contains(&hex) && !text.contains(&ss58),
				"{} holds the well-known development key {name}",
				path.display()
			);
		}
		checked += 1;
	}
	assert!(checked >= 2, "the testnet's operators' file and raw spec are checked");
}
