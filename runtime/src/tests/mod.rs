//! Runtime-level tests: what clients and signed transactions depend on, pinned.

use crate::{
	genesis_config_presets::{
		self, Validator, BENCHMARK_LOCAL_RUNTIME_PRESET, BENCHMARK_RUNTIME_PRESET, ENDOWMENT,
	},
	Aura, Authorship, Balances, Bme, CollatorSelection, ConvictionVoting, Coverage, Grandpa,
	Historical, Leases, MultiBlockMigrations, Offences, Origins, Preimage, Referenda, Registry,
	Runtime, RuntimeGenesisConfig, Scheduler, Session, Sudo, System, TechnicalCommittee, Timestamp,
	TransactionPayment, Treasury, Utility, ValidatorSet, Whitelist, VERSION,
};
use frame_support::traits::{Get, PalletInfoAccess};
use serde_json::Value;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

#[cfg(feature = "try-runtime")]
mod fuzz;
mod offences;

/// Builds the genesis state of a preset, as the node does: the preset's patch over the default
/// genesis config.
fn preset_ext(id: &str) -> sp_io::TestExternalities {
	let patch: Value = serde_json::from_slice(
		&genesis_config_presets::get_preset(&PresetId::from(id)).expect("preset exists"),
	)
	.expect("preset is JSON");
	genesis_ext(patch)
}

/// The testnet's genesis around two validators and a committee of three (development keys
/// stand in for its operators' here; the node refuses them in a real operators' file).
fn testnet_ext() -> sp_io::TestExternalities {
	let validators = [
		(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
	]
	.map(|(sr, ed)| Validator::dev(sr, ed))
	.to_vec();
	let committee = [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.map(|k| k.to_account_id())
		.to_vec();
	let endowed = vec![(Sr25519Keyring::Eve.to_account_id(), 42 * ENDOWMENT)];
	genesis_ext(genesis_config_presets::testnet_genesis(validators, committee, endowed))
}

/// The testnet's name in the tests that go through every chain.
const TESTNET: &str = "testnet";

/// The genesis state of a preset, or of [`testnet_ext`] for [`TESTNET`].
fn ext(id: &str) -> sp_io::TestExternalities {
	if id == TESTNET {
		testnet_ext()
	} else {
		preset_ext(id)
	}
}

/// Builds the genesis state of a preset's JSON patch over the default genesis config.
fn genesis_ext(patch: Value) -> sp_io::TestExternalities {
	let mut config =
		serde_json::to_value(RuntimeGenesisConfig::default()).expect("default config is JSON");
	genesis_config_presets::json_merge(&mut config, patch);
	let json = serde_json::to_vec(&config).expect("config is JSON");
	let mut ext = sp_io::TestExternalities::new_empty();
	ext.execute_with(|| {
		frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(json)
			.expect("preset builds")
	});
	ext
}

#[test]
fn pallet_indices_are_pinned() {
	// Clients and signed transactions encode these; changing one breaks every client.
	assert_eq!(<System as PalletInfoAccess>::index(), 0);
	assert_eq!(<Timestamp as PalletInfoAccess>::index(), 1);
	assert_eq!(<Aura as PalletInfoAccess>::index(), 2);
	assert_eq!(<Grandpa as PalletInfoAccess>::index(), 3);
	assert_eq!(<MultiBlockMigrations as PalletInfoAccess>::index(), 4);
	assert_eq!(<Utility as PalletInfoAccess>::index(), 5);
	assert_eq!(<Balances as PalletInfoAccess>::index(), 10);
	assert_eq!(<TransactionPayment as PalletInfoAccess>::index(), 11);
	assert_eq!(<Treasury as PalletInfoAccess>::index(), 12);
	assert_eq!(<Authorship as PalletInfoAccess>::index(), 20);
	assert_eq!(<CollatorSelection as PalletInfoAccess>::index(), 21);
	assert_eq!(<Session as PalletInfoAccess>::index(), 22);
	assert_eq!(<ValidatorSet as PalletInfoAccess>::index(), 23);
	assert_eq!(<Historical as PalletInfoAccess>::index(), 24);
	assert_eq!(<Offences as PalletInfoAccess>::index(), 25);
	assert_eq!(<Scheduler as PalletInfoAccess>::index(), 30);
	assert_eq!(<Preimage as PalletInfoAccess>::index(), 31);
	assert_eq!(<Referenda as PalletInfoAccess>::index(), 32);
	assert_eq!(<ConvictionVoting as PalletInfoAccess>::index(), 33);
	assert_eq!(<Origins as PalletInfoAccess>::index(), 34);
	assert_eq!(<Whitelist as PalletInfoAccess>::index(), 35);
	assert_eq!(<TechnicalCommittee as PalletInfoAccess>::index(), 36);
	assert_eq!(<Registry as PalletInfoAccess>::index(), 40);
	assert_eq!(<Coverage as PalletInfoAccess>::index(), 41);
	assert_eq!(<Leases as PalletInfoAccess>::index(), 42);
	assert_eq!(<Bme as PalletInfoAccess>::index(), 43);
	assert_eq!(<Sudo as PalletInfoAccess>::index(), 255);
}

#[test]
fn every_preset_is_listed_and_builds() {
	let names = genesis_config_presets::preset_names();
	for id in [
		DEV_RUNTIME_PRESET,
		LOCAL_TESTNET_RUNTIME_PRESET,
		BENCHMARK_RUNTIME_PRESET,
		BENCHMARK_LOCAL_RUNTIME_PRESET,
	] {
		assert!(names.contains(&PresetId::from(id)), "{id} is not listed");
		preset_ext(id);
	}
	assert!(genesis_config_presets::get_preset(&PresetId::from("nonexistent")).is_none());
}

#[test]
fn development_preset_has_alice_as_sole_validator_and_sudo() {
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice.clone()));
		assert_eq!(pallet_session::Validators::<Runtime>::get(), vec![alice.clone()]);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(Grandpa::grandpa_authorities().len(), 1);
		assert_eq!(pallet_balances::Pallet::<Runtime>::free_balance(&alice), ENDOWMENT);
	});
}

#[test]
fn local_testnet_preset_has_four_validators() {
	preset_ext(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let expected = [
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		]
		.map(|k| k.to_account_id());
		// Collator selection keeps its invulnerables sorted by account id.
		let mut expected = expected.to_vec();
		expected.sort();
		assert_eq!(pallet_session::Validators::<Runtime>::get(), expected);
		assert_eq!(pallet_collator_selection::Invulnerables::<Runtime>::get().to_vec(), expected);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(Grandpa::grandpa_authorities().len(), 4);
		assert!(pallet_sudo::Key::<Runtime>::get().is_some());
	});
}

#[test]
fn the_testnet_has_no_sudo_key_and_only_its_operators_validators_and_endowments() {
	testnet_ext().execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		assert_eq!(pallet_session::Validators::<Runtime>::get().len(), 2);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 2);
		assert_eq!(Grandpa::grandpa_authorities().len(), 2);
		let eve = Sr25519Keyring::Eve.to_account_id();
		assert_eq!(pallet_balances::Pallet::<Runtime>::free_balance(&eve), 42 * ENDOWMENT);
		// Nobody else is endowed: not the validators, not the development accounts.
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert_eq!(pallet_balances::Pallet::<Runtime>::free_balance(&alice), 0);
		let ferdie = Sr25519Keyring::Ferdie.to_account_id();
		assert_eq!(pallet_balances::Pallet::<Runtime>::free_balance(&ferdie), 0);
	});
}

#[test]
fn the_testnet_bonds_every_device_and_keeps_the_bond_slashable_for_fourteen_days() {
	testnet_ext().execute_with(|| {
		let parameters = pallet_registry::Parameters::<Runtime>::get();
		assert_eq!(parameters.device_bond, genesis_config_presets::TESTNET_DEVICE_BOND);
		assert_eq!(parameters.device_bond, 100 * crate::constants::currency::DPN);
		assert_eq!(parameters.unbonding_period, 14 * crate::constants::time::DAYS);
		// A breach slash of a testnet device is worth something.
		let slash = pallet_leases::Parameters::<Runtime>::get()
			.breach_slash
			.mul_floor(parameters.device_bond);
		assert!(slash >= 10 * crate::constants::currency::DPN, "{slash}");
	});
}

#[test]
fn the_testnet_needs_three_fresh_prices_so_no_single_feeder_moves_a_conversion() {
	testnet_ext().execute_with(|| {
		let parameters = pallet_bme::Parameters::<Runtime>::get();
		assert_eq!(parameters.min_feeders, 3);
		assert!(parameters.max_price_spread > sp_runtime::Perbill::zero());
	});
}

#[test]
fn only_development_presets_run_development_tracks() {
	for (id, dev) in [
		(DEV_RUNTIME_PRESET, true),
		(LOCAL_TESTNET_RUNTIME_PRESET, true),
		(BENCHMARK_RUNTIME_PRESET, false),
		(BENCHMARK_LOCAL_RUNTIME_PRESET, false),
		(TESTNET, false),
	] {
		ext(id).execute_with(|| {
			assert_eq!(crate::configs::origins::DevPeriods::<Runtime>::get(), dev, "{id}");
		});
	}
}

#[test]
fn every_preset_has_a_technical_committee_and_a_candidacy_bond() {
	for id in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET, TESTNET] {
		ext(id).execute_with(|| {
			let members =
				pallet_collective::Members::<Runtime, crate::configs::TechnicalCollective>::get();
			assert_eq!(members.len(), 3, "{id}");
			assert!(pallet_collator_selection::CandidacyBond::<Runtime>::get() > 0, "{id}");
		});
	}
}

#[test]
fn development_tracks_differ_from_testnet_tracks_only_in_periods() {
	use crate::configs::tracks::{dev, DEV_TRACKS, TESTNET_TRACKS};
	assert_eq!(DEV_TRACKS.len(), TESTNET_TRACKS.len());
	for (dev_track, testnet_track) in DEV_TRACKS.iter().zip(TESTNET_TRACKS.iter()) {
		assert_eq!(dev_track, &dev(testnet_track.clone(), dev_track.info.prepare_period));
		assert_eq!(dev_track.info.name, testnet_track.info.name);
		assert_eq!(dev_track.info.decision_deposit, testnet_track.info.decision_deposit);
		assert_eq!(dev_track.info.min_approval, testnet_track.info.min_approval);
		assert_eq!(dev_track.info.min_support, testnet_track.info.min_support);
	}
}

#[test]
fn depin_parameters_track_is_shorter_than_root_on_every_chain() {
	use crate::configs::tracks::{DEPIN_PARAMETERS, DEV_TRACKS, ROOT, TESTNET_TRACKS};
	for table in [&DEV_TRACKS, &TESTNET_TRACKS] {
		let info = |id| &table.iter().find(|t| t.id == id).expect("the track exists").info;
		let (root, params) = (info(ROOT), info(DEPIN_PARAMETERS));
		assert!(params.prepare_period < root.prepare_period);
		assert!(params.confirm_period < root.confirm_period);
		assert!(params.min_enactment_period < root.min_enactment_period);
	}
}

#[test]
fn development_chains_beacon_every_epoch_the_testnet_every_six_hours() {
	use crate::{
		configs::{origins::DevPeriods, BeaconInterval},
		constants::time::HOURS,
		genesis_config_presets::DEV_EPOCH_LENGTH,
	};
	use frame_support::traits::Get;
	for (dev, interval) in [(true, DEV_EPOCH_LENGTH), (false, 6 * HOURS)] {
		sp_io::TestExternalities::new_empty().execute_with(|| {
			DevPeriods::<Runtime>::put(dev);
			assert_eq!(BeaconInterval::get(), interval);
		});
	}
}

#[test]
fn development_chains_rotate_sessions_every_ten_blocks_the_testnet_every_hour() {
	use crate::{
		configs::{origins::DevPeriods, SessionPeriod},
		constants::time::HOURS,
	};
	use frame_support::traits::Get;
	for (dev, period) in [(true, 10), (false, HOURS)] {
		sp_io::TestExternalities::new_empty().execute_with(|| {
			DevPeriods::<Runtime>::put(dev);
			assert_eq!(SessionPeriod::get(), period);
		});
	}
}

#[test]
fn both_track_tables_are_sorted_and_pass_the_referenda_checks() {
	use crate::configs::{origins::DevPeriods, tracks::TracksInfo};
	use pallet_referenda::TracksInfo as _;
	for dev in [false, true] {
		sp_io::TestExternalities::new_empty().execute_with(|| {
			DevPeriods::<Runtime>::put(dev);
			assert_eq!(TracksInfo::check_integrity(), Ok(()));
			assert_eq!(TracksInfo::tracks().count(), 5);
		});
	}
}

#[test]
fn every_governance_origin_has_its_own_track() {
	use crate::{
		configs::{
			origins::Origin,
			tracks::{self, TracksInfo},
		},
		OriginCaller,
	};
	use pallet_referenda::TracksInfo as _;
	let root = OriginCaller::system(frame_system::RawOrigin::Root);
	assert_eq!(TracksInfo::track_for(&root), Ok(tracks::ROOT));
	for (origin, track) in [
		(Origin::WhitelistedCaller, tracks::WHITELISTED_CALLER),
		(Origin::DepinParameters, tracks::DEPIN_PARAMETERS),
		(Origin::ValidatorAdmin, tracks::VALIDATOR_ADMIN),
		(Origin::Treasurer, tracks::TREASURER),
	] {
		assert_eq!(TracksInfo::track_for(&OriginCaller::Origins(origin)), Ok(track));
	}
	let signed = OriginCaller::system(frame_system::RawOrigin::Signed(
		Sr25519Keyring::Alice.to_account_id(),
	));
	assert_eq!(TracksInfo::track_for(&signed), Err(()));
}

#[test]
fn depin_parameters_are_governed_by_root_or_their_track_never_by_a_signed_account() {
	use crate::{configs::DepinGovernanceOrigin, RuntimeOrigin};
	use frame_support::traits::EnsureOrigin;
	let track: RuntimeOrigin = crate::configs::origins::Origin::DepinParameters.into();
	assert!(DepinGovernanceOrigin::try_origin(track).is_ok());
	assert!(DepinGovernanceOrigin::try_origin(RuntimeOrigin::root()).is_ok());
	let treasurer: RuntimeOrigin = crate::configs::origins::Origin::Treasurer.into();
	assert!(DepinGovernanceOrigin::try_origin(treasurer).is_err());
	let alice = RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id());
	assert!(DepinGovernanceOrigin::try_origin(alice).is_err());
}

#[test]
fn blocks_are_six_seconds_apart_on_the_testnet_and_one_on_development_chains() {
	assert_eq!(crate::SLOT_DURATION, 6_000);
	for (id, slot) in [
		(DEV_RUNTIME_PRESET, 1_000),
		(LOCAL_TESTNET_RUNTIME_PRESET, 1_000),
		(BENCHMARK_RUNTIME_PRESET, 6_000),
		(BENCHMARK_LOCAL_RUNTIME_PRESET, 6_000),
		(TESTNET, 6_000),
	] {
		ext(id).execute_with(|| {
			assert_eq!(<Runtime as pallet_aura::Config>::SlotDuration::get(), slot, "{id}");
			assert_eq!(crate::Aura::slot_duration(), slot, "{id}: what the node asks for");
			assert_eq!(
				<Runtime as pallet_timestamp::Config>::MinimumPeriod::get() * 2,
				slot,
				"{id}: a block's timestamp advances by at least half a slot"
			);
		});
	}
}

#[test]
fn benchmark_presets_are_the_development_chains_with_the_testnets_timing() {
	let genesis = |id: &str| -> serde_json::Value {
		let bytes = genesis_config_presets::get_preset(&PresetId::from(id)).expect("a preset");
		serde_json::from_slice(&bytes).expect("JSON")
	};
	for (bench, dev) in [
		(BENCHMARK_RUNTIME_PRESET, DEV_RUNTIME_PRESET),
		(BENCHMARK_LOCAL_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET),
	] {
		let (mut bench, mut dev) = (genesis(bench), genesis(dev));
		assert_eq!(bench["origins"]["devPeriods"], false);
		assert_eq!(dev["origins"]["devPeriods"], true);
		bench["origins"].take();
		dev["origins"].take();
		assert_eq!(bench, dev, "only the timing differs");
	}
}

#[test]
fn version_names_the_chain() {
	assert_eq!(VERSION.spec_name, "depin");
}

#[test]
fn burning_dpn_outside_bme_is_filtered() {
	use crate::{configs::DepinCallFilter, RuntimeCall};
	use frame_support::traits::Contains;
	let burn = RuntimeCall::Balances(pallet_balances::Call::burn { value: 1, keep_alive: true });
	assert!(!DepinCallFilter::contains(&burn));
	let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Sr25519Keyring::Bob.to_account_id().into(),
		value: 1,
	});
	assert!(DepinCallFilter::contains(&transfer));
}

/// Every pallet's index and every call's index, as `Pallet(index).call = index` lines sorted by
/// pallet index then call index.
fn call_index_pins() -> String {
	use scale_info::TypeDef;
	// Some constants (the session period) read the chain's genesis flags: build the metadata
	// in an empty state.
	let metadata = sp_io::TestExternalities::new_empty().execute_with(Runtime::metadata_ir);
	let mut pallets = metadata.pallets;
	pallets.sort_by_key(|p| p.index);
	let mut lines = Vec::new();
	for pallet in pallets {
		lines.push(format!("{}({})", pallet.name, pallet.index));
		let Some(calls) = pallet.calls else { continue };
		let TypeDef::Variant(variants) = calls.ty.type_info().type_def else {
			panic!("{}'s call type is not an enum", pallet.name);
		};
		let mut variants = variants.variants;
		variants.sort_by_key(|v| v.index);
		for variant in variants {
			lines.push(format!(
				"{}({}).{} = {}",
				pallet.name, pallet.index, variant.name, variant.index
			));
		}
	}
	lines.join("\n") + "\n"
}

/// Clients and signed transactions encode a call as (pallet index, call index): changing either
/// breaks every client and every transaction signed offline. `runtime/call-indices.txt` pins
/// them: a new pallet or call only adds lines, but a moved or removed one must be deliberate,
/// with a `transaction_version` bump. Either way the file is rewritten by hand (the failure
/// prints the new contents).
#[test]
fn pallet_and_call_indices_are_pinned() {
	let pinned = include_str!("../../call-indices.txt");
	let actual = call_index_pins();
	if actual != pinned {
		let removed: Vec<_> = pinned.lines().filter(|l| !actual.lines().any(|a| a == *l)).collect();
		let added: Vec<_> = actual.lines().filter(|l| !pinned.lines().any(|p| p == *l)).collect();
		panic!(
			"pallet or call indices changed.\nremoved or moved: {removed:#?}\nadded: {added:#?}\n\
			 If this is deliberate (and, if anything moved, with a transaction_version bump), \
			 write runtime/call-indices.txt as:\n{actual}"
		);
	}
}

/// The development preset with Eve's session keys set (as `session.setKeys` would) and Eve
/// registered as a collator-selection candidate.
fn dev_ext_with_candidate_eve() -> sp_io::TestExternalities {
	ext_with_candidate_eve(DEV_RUNTIME_PRESET)
}

/// The `preset` chain with Eve's session keys set and Eve a collator-selection candidate.
fn ext_with_candidate_eve(preset: &str) -> sp_io::TestExternalities {
	let mut ext = preset_ext(preset);
	ext.execute_with(|| {
		let eve = Sr25519Keyring::Eve.to_account_id();
		let keys = crate::SessionKeys {
			aura: Sr25519Keyring::Eve.public().into(),
			grandpa: sp_keyring::Ed25519Keyring::Eve.public().into(),
		};
		// As `session.setKeys` records them: the keys, and the account owning each key.
		pallet_session::NextKeys::<Runtime>::insert(&eve, keys);
		for (id, key) in [
			(sp_core::crypto::key_types::AURA, Sr25519Keyring::Eve.public().0.to_vec()),
			(sp_consensus_grandpa::KEY_TYPE, sp_keyring::Ed25519Keyring::Eve.public().0.to_vec()),
		] {
			pallet_session::KeyOwner::<Runtime>::insert((id, key), &eve);
		}
		assert_eq!(
			CollatorSelection::register_as_candidate(crate::RuntimeOrigin::signed(eve)).map(|_| ()),
			Ok(())
		);
	});
	ext
}

fn candidates() -> Vec<crate::AccountId> {
	pallet_collator_selection::CandidateList::<Runtime>::get().into_iter().map(|c| c.who).collect()
}

#[test]
fn governance_removes_a_candidate_returns_its_bond_and_bans_it() {
	dev_ext_with_candidate_eve().execute_with(|| {
		let eve = Sr25519Keyring::Eve.to_account_id();
		let bond = pallet_collator_selection::CandidacyBond::<Runtime>::get();
		assert_eq!(candidates(), vec![eve.clone()]);
		assert_eq!(Balances::reserved_balance(&eve), bond);

		let admin: crate::RuntimeOrigin = crate::configs::origins::Origin::ValidatorAdmin.into();
		assert_eq!(ValidatorSet::remove(admin, eve.clone()), Ok(()));
		assert!(candidates().is_empty());
		assert_eq!(Balances::reserved_balance(&eve), 0);
		assert!(pallet_validator_set::Banned::<Runtime>::contains_key(&eve));
		assert!(!pallet_collator_selection::LastAuthoredBlock::<Runtime>::contains_key(&eve));
		// The next validator set is the invulnerables alone.
		assert_eq!(
			CollatorSelection::assemble_collators(),
			vec![Sr25519Keyring::Alice.to_account_id()]
		);
	});
}

#[test]
fn a_banned_account_cannot_become_a_candidate_until_unbanned() {
	use pallet_validator_set::Error;
	dev_ext_with_candidate_eve().execute_with(|| {
		let eve = Sr25519Keyring::Eve.to_account_id();
		let signed = || crate::RuntimeOrigin::signed(eve.clone());
		assert_eq!(ValidatorSet::remove(crate::RuntimeOrigin::root(), eve.clone()), Ok(()));
		assert_eq!(
			ValidatorSet::remove(crate::RuntimeOrigin::root(), eve.clone()),
			Err(Error::<Runtime>::AlreadyBanned.into())
		);
		assert_eq!(
			CollatorSelection::register_as_candidate(signed()).map(|_| ()).map_err(|e| e.error),
			Err(pallet_collator_selection::Error::<Runtime>::ValidatorNotRegistered.into())
		);
		assert_eq!(
			CollatorSelection::add_invulnerable(crate::RuntimeOrigin::root(), eve.clone())
				.map(|_| ())
				.map_err(|e| e.error),
			Err(pallet_collator_selection::Error::<Runtime>::ValidatorNotRegistered.into())
		);

		assert_eq!(ValidatorSet::unban(crate::RuntimeOrigin::root(), eve.clone()), Ok(()));
		assert_eq!(
			ValidatorSet::unban(crate::RuntimeOrigin::root(), eve.clone()),
			Err(Error::<Runtime>::NotBanned.into())
		);
		assert_eq!(CollatorSelection::register_as_candidate(signed()).map(|_| ()), Ok(()));
	});
}

#[test]
fn only_governance_removes_validators() {
	dev_ext_with_candidate_eve().execute_with(|| {
		let eve = Sr25519Keyring::Eve.to_account_id();
		for origin in [
			crate::RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id()),
			crate::configs::origins::Origin::DepinParameters.into(),
		] {
			assert_eq!(
				ValidatorSet::remove(origin, eve.clone()),
				Err(sp_runtime::DispatchError::BadOrigin)
			);
		}
		assert_eq!(candidates(), vec![eve]);
	});
}

#[test]
fn removal_keeps_at_least_one_eligible_validator() {
	use pallet_validator_set::Error;
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert_eq!(
			ValidatorSet::remove(crate::RuntimeOrigin::root(), alice.clone()),
			Err(Error::<Runtime>::TooFewValidators.into())
		);
		assert_eq!(
			pallet_collator_selection::Invulnerables::<Runtime>::get().to_vec(),
			vec![alice.clone()]
		);
		assert!(!pallet_validator_set::Banned::<Runtime>::contains_key(&alice));
	});
}

/// The fast track: two of the three committee members whitelist a call's hash; a referendum on
/// the `whitelisted_caller` track then dispatches it as root. A call the committee did not
/// whitelist is not dispatched, and no other origin can dispatch a whitelisted call.
#[test]
fn technical_committee_fast_tracks_a_whitelisted_call_as_root() {
	use crate::{
		configs::{origins::Origin, MaxProposalWeight},
		RuntimeCall, RuntimeOrigin,
	};
	use codec::Encode;
	use sp_runtime::traits::{BlakeTwo256, Hash};
	preset_ext(DEV_RUNTIME_PRESET).execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(1);
		let mut rules = pallet_coverage::DensityRules::<Runtime>::get();
		rules[0].target = 123;
		rules[0].max = 456;
		let fast: RuntimeCall =
			pallet_coverage::Call::<Runtime>::set_density_rules { rules }.into();
		let hash = BlakeTwo256::hash_of(&fast);

		// Alice proposes the whitelisting; her aye and Bob's make two of three; the motion closes.
		let whitelist: RuntimeCall =
			pallet_whitelist::Call::<Runtime>::whitelist_call { call_hash: hash }.into();
		let length = whitelist.encoded_size() as u32;
		let member = |k: Sr25519Keyring| RuntimeOrigin::signed(k.to_account_id());
		assert!(TechnicalCommittee::propose(
			member(Sr25519Keyring::Alice),
			2,
			Box::new(whitelist.clone()),
			length
		)
		.is_ok());
		let motion = BlakeTwo256::hash_of(&whitelist);
		for voter in [Sr25519Keyring::Alice, Sr25519Keyring::Bob] {
			assert!(TechnicalCommittee::vote(member(voter), motion, 0, true).is_ok());
		}
		let closed = TechnicalCommittee::close(
			member(Sr25519Keyring::Charlie),
			motion,
			0,
			MaxProposalWeight::get(),
			length,
		);
		assert!(closed.is_ok(), "{closed:?}");
		assert!(pallet_whitelist::WhitelistedCall::<Runtime>::contains_key(hash));

		// Not whitelisted: not dispatched. A referendum may pass before the committee acts, so
		// the call is only deferred, to be relayed if it is whitelisted within 7 days.
		let before = pallet_coverage::DensityRules::<Runtime>::get();
		let mut other_rules = before;
		other_rules[1].target = 77;
		let other: RuntimeCall =
			pallet_coverage::Call::<Runtime>::set_density_rules { rules: other_rules }.into();
		let other_hash = BlakeTwo256::hash_of(&other);
		let caller = || -> RuntimeOrigin { Origin::WhitelistedCaller.into() };
		assert!(
			Whitelist::dispatch_whitelisted_call_with_preimage(caller(), Box::new(other)).is_ok()
		);
		assert_eq!(pallet_coverage::DensityRules::<Runtime>::get(), before);
		assert!(pallet_whitelist::DeferredDispatch::<Runtime>::contains_key(other_hash));
		// Only the whitelisted-caller origin (or root) may dispatch it.
		let params: RuntimeOrigin = Origin::DepinParameters.into();
		assert!(Whitelist::dispatch_whitelisted_call_with_preimage(params, Box::new(fast.clone()))
			.is_err());
		assert_ne!(pallet_coverage::DensityRules::<Runtime>::get()[0].target, 123);

		// The whitelisted call runs as root: the rules change, the whitelisting is used up.
		assert!(
			Whitelist::dispatch_whitelisted_call_with_preimage(caller(), Box::new(fast)).is_ok()
		);
		let rules = pallet_coverage::DensityRules::<Runtime>::get();
		assert_eq!((rules[0].target, rules[0].max), (123, 456));
		assert!(!pallet_whitelist::WhitelistedCall::<Runtime>::contains_key(hash));
	});
}
