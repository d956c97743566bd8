//! Validators cannot misbehave for free: a GRANDPA equivocation, proven with a key ownership
//! proof against the session's historical root, is reported once as an unsigned transaction;
//! the offender is disabled for the rest of the session, the offence's fraction of its candidacy
//! bond is slashed to the treasury, its candidacy ends and it is banned.

use super::{candidates, ext_with_candidate_eve};
use crate::{
	configs::TreasuryAccount, Balances, Grandpa, Historical, Runtime, RuntimeEvent, RuntimeOrigin,
	Session, System,
};
use codec::Encode;
use frame_support::traits::{Hooks, KeyOwnerProofSystem};
use pallet_validator_set::Banned;
use sp_consensus_grandpa::{AuthorityId, AuthoritySignature, Equivocation, EquivocationProof};
use sp_core::{Pair, H256};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::Perbill;

/// Runs blocks up to `n` with the hooks that rotate sessions and apply GRANDPA's set changes.
fn run_to_block(n: crate::BlockNumber) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Session::on_initialize(next);
		Grandpa::on_finalize(next);
	}
}

/// A prevote for `target` in `round` of `set_id`, signed by `key`.
fn prevote(
	key: Ed25519Keyring,
	round: u64,
	set_id: u64,
	target: H256,
) -> (finality_grandpa::Prevote<H256, crate::BlockNumber>, AuthoritySignature) {
	let vote = finality_grandpa::Prevote { target_hash: target, target_number: 1 };
	let message = finality_grandpa::Message::<H256, crate::BlockNumber>::Prevote(vote.clone());
	let payload = sp_consensus_grandpa::localized_payload(round, set_id, &message);
	(vote, AuthoritySignature::from(key.pair().sign(&payload)))
}

/// Two different prevotes of `key` in one round of the current set.
fn equivocation(key: Ed25519Keyring) -> EquivocationProof<H256, crate::BlockNumber> {
	let set_id = Grandpa::current_set_id();
	let identity: AuthorityId = key.public().into();
	let equivocation = finality_grandpa::Equivocation {
		round_number: 1,
		identity,
		first: prevote(key, 1, set_id, H256::repeat_byte(1)),
		second: prevote(key, 1, set_id, H256::repeat_byte(2)),
	};
	EquivocationProof::new(set_id, Equivocation::Prevote(equivocation))
}

/// Eve's key ownership proof for her GRANDPA key in the current session.
fn eve_owns_her_key() -> sp_session::MembershipProof {
	let key: AuthorityId = Ed25519Keyring::Eve.public().into();
	Historical::prove((sp_consensus_grandpa::KEY_TYPE, key)).expect("Eve is a session validator")
}

fn report(
	proof: EquivocationProof<H256, crate::BlockNumber>,
	owner: sp_session::MembershipProof,
) -> Result<(), sp_runtime::DispatchError> {
	Grandpa::report_equivocation_unsigned(RuntimeOrigin::none(), Box::new(proof), owner)
		.map(|_| ())
		.map_err(|error| error.error)
}

/// The `preset` chain with Eve a candidate, run two sessions on so she validates.
fn eve_validating_on(preset: &str) -> sp_io::TestExternalities {
	let mut ext = ext_with_candidate_eve(preset);
	ext.execute_with(|| {
		run_to_block(30);
		let eve = Sr25519Keyring::Eve.to_account_id();
		assert!(pallet_session::Validators::<Runtime>::get().contains(&eve), "Eve validates");
	});
	ext
}

/// The local testnet (Alice, Bob, Charlie and Dave) with Eve validating: five validators, of
/// which one may be disabled.
fn eve_validating() -> sp_io::TestExternalities {
	eve_validating_on(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
}

#[test]
fn a_grandpa_equivocation_disables_slashes_and_bans_the_offender() {
	eve_validating().execute_with(|| {
		let eve = Sr25519Keyring::Eve.to_account_id();
		let bond = pallet_collator_selection::CandidacyBond::<Runtime>::get();
		let treasury = Balances::free_balance(TreasuryAccount::get());
		let issuance = Balances::total_issuance();
		let eve_free = Balances::free_balance(&eve);
		System::reset_events();

		assert_eq!(report(equivocation(Ed25519Keyring::Eve), eve_owns_her_key()), Ok(()));

		// One offender of a set of five: (3 × 1 / 5)² = 36 % of the bond; the rest returned.
		let slashed = Perbill::from_percent(36) * bond;
		assert_eq!(Balances::free_balance(TreasuryAccount::get()), treasury + slashed);
		assert_eq!(Balances::reserved_balance(&eve), 0);
		assert_eq!(Balances::free_balance(&eve), eve_free + bond - slashed);
		assert_eq!(Balances::total_issuance(), issuance, "the slash moves DPN, it burns none");
		assert!(candidates().is_empty());
		assert!(Banned::<Runtime>::contains_key(&eve));
		let index = Session::validator_id_to_index(&eve).expect("Eve validates this session");
		assert!(Session::disabled_validators().contains(&index), "Eve is disabled");
		assert!(System::events().iter().any(|record| matches!(
			&record.event,
			RuntimeEvent::ValidatorSet(pallet_validator_set::Event::OffenderPunished {
				who, was_candidate: true, ..
			}) if *who == eve
		)));
		assert!(System::events()
			.iter()
			.any(|record| matches!(record.event, RuntimeEvent::Offences(_))));
	});
}

#[test]
fn an_equivocation_is_punished_once() {
	eve_validating().execute_with(|| {
		assert_eq!(report(equivocation(Ed25519Keyring::Eve), eve_owns_her_key()), Ok(()));
		let treasury = Balances::free_balance(TreasuryAccount::get());
		// The same offence again, or another proof of it in the same round, changes nothing.
		assert!(report(equivocation(Ed25519Keyring::Eve), eve_owns_her_key()).is_err());
		assert_eq!(Balances::free_balance(TreasuryAccount::get()), treasury);
	});
}

#[test]
fn a_forged_or_misattributed_equivocation_is_refused() {
	eve_validating().execute_with(|| {
		let eve = Sr25519Keyring::Eve.to_account_id();
		// Two votes for the same block are no equivocation.
		let set_id = Grandpa::current_set_id();
		let same = finality_grandpa::Equivocation {
			round_number: 1,
			identity: Ed25519Keyring::Eve.public().into(),
			first: prevote(Ed25519Keyring::Eve, 1, set_id, H256::repeat_byte(1)),
			second: prevote(Ed25519Keyring::Eve, 1, set_id, H256::repeat_byte(1)),
		};
		let same = EquivocationProof::new(set_id, Equivocation::Prevote(same));
		assert!(report(same, eve_owns_her_key()).is_err());
		// Votes signed by a key that is not Eve's, with Eve's ownership proof.
		assert!(report(equivocation(Ed25519Keyring::Ferdie), eve_owns_her_key()).is_err());
		// Alice's real equivocation with Eve's ownership proof.
		assert!(report(equivocation(Ed25519Keyring::Alice), eve_owns_her_key()).is_err());
		assert_eq!(candidates(), vec![eve.clone()]);
		assert!(!Banned::<Runtime>::contains_key(&eve));
		assert!(Session::disabled_validators().is_empty());
	});
}

#[test]
fn an_invulnerable_equivocating_is_disabled_and_banned_without_a_bond_to_slash() {
	eve_validating().execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let key: AuthorityId = Ed25519Keyring::Alice.public().into();
		let owner = Historical::prove((sp_consensus_grandpa::KEY_TYPE, key)).expect("Alice");
		let treasury = Balances::free_balance(TreasuryAccount::get());
		assert_eq!(report(equivocation(Ed25519Keyring::Alice), owner), Ok(()));
		assert_eq!(Balances::free_balance(TreasuryAccount::get()), treasury);
		assert!(Banned::<Runtime>::contains_key(&alice));
		let index = Session::validator_id_to_index(&alice).expect("Alice validates");
		assert!(Session::disabled_validators().contains(&index));
	});
}

#[test]
fn the_key_ownership_proof_names_the_session_and_its_validator_count() {
	eve_validating().execute_with(|| {
		use sp_session::{GetSessionNumber, GetValidatorCount};
		let proof = eve_owns_her_key();
		assert_eq!(proof.session(), Session::current_index());
		assert_eq!(proof.validator_count(), 5);
		let opaque = sp_consensus_grandpa::OpaqueKeyOwnershipProof::new(proof.encode());
		assert_eq!(opaque.decode::<sp_session::MembershipProof>(), Some(proof));
	});
}

#[test]
fn no_more_than_a_third_of_the_set_is_disabled() {
	eve_validating_on(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(|| {
		// Alice and Eve: disabling either would leave less than two thirds of the set.
		let eve = Sr25519Keyring::Eve.to_account_id();
		let bond = pallet_collator_selection::CandidacyBond::<Runtime>::get();
		let treasury = Balances::free_balance(TreasuryAccount::get());
		assert_eq!(report(equivocation(Ed25519Keyring::Eve), eve_owns_her_key()), Ok(()));
		assert!(Session::disabled_validators().is_empty());
		// Still slashed ((3 × 1 / 2)², capped at the whole bond) and banned.
		assert_eq!(Balances::free_balance(TreasuryAccount::get()), treasury + bond);
		assert!(Banned::<Runtime>::contains_key(&eve));
	});
}

#[test]
fn an_offender_that_left_the_candidates_first_is_slashed_from_its_balance() {
	eve_validating().execute_with(|| {
		let eve = Sr25519Keyring::Eve.to_account_id();
		let bond = pallet_collator_selection::CandidacyBond::<Runtime>::get();
		// She equivocates, then leaves the candidates before the report lands: the bond is
		// back in her free balance, but she still sits in this session's set.
		assert_eq!(
			crate::CollatorSelection::leave_intent(RuntimeOrigin::signed(eve.clone()))
				.map(|_| ())
				.map_err(|error| error.error),
			Ok(())
		);
		assert_eq!(Balances::reserved_balance(&eve), 0);
		let free = Balances::free_balance(&eve);
		let treasury = Balances::free_balance(TreasuryAccount::get());
		assert_eq!(report(equivocation(Ed25519Keyring::Eve), eve_owns_her_key()), Ok(()));
		let slashed = Perbill::from_percent(36) * bond;
		assert_eq!(Balances::free_balance(&eve), free - slashed);
		assert_eq!(Balances::free_balance(TreasuryAccount::get()), treasury + slashed);
		assert!(Banned::<Runtime>::contains_key(&eve));
	});
}
