//! Runtime-level tests: what clients and signed transactions depend on, pinned.

use crate::{
	genesis_config_presets::{self, ENDOWMENT, TESTNET_RUNTIME_PRESET},
	Aura, Balances, Bme, Coverage, Grandpa, Leases, Registry, Runtime, RuntimeGenesisConfig,
	Session, Sudo, System, Timestamp, TransactionPayment, VERSION,
};
use frame_support::traits::{Get, PalletInfoAccess};
use serde_json::Value;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::Sr25519Keyring;

/// Builds the genesis state of a preset, as the node does: the preset's patch over the default
/// genesis config.
fn preset_ext(id: &str) -> sp_io::TestExternalities {
	let patch: Value = serde_json::from_slice(
		&genesis_config_presets::get_preset(&PresetId::from(id)).expect("preset exists"),
	)
	.expect("preset is JSON");
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
	assert_eq!(<Balances as PalletInfoAccess>::index(), 10);
	assert_eq!(<TransactionPayment as PalletInfoAccess>::index(), 11);
	assert_eq!(<Session as PalletInfoAccess>::index(), 20);
	assert_eq!(<Registry as PalletInfoAccess>::index(), 40);
	assert_eq!(<Coverage as PalletInfoAccess>::index(), 41);
	assert_eq!(<Leases as PalletInfoAccess>::index(), 42);
	assert_eq!(<Bme as PalletInfoAccess>::index(), 43);
	assert_eq!(<Sudo as PalletInfoAccess>::index(), 255);
}

#[test]
fn every_preset_is_listed_and_builds() {
	let names = genesis_config_presets::preset_names();
	for id in [DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET, TESTNET_RUNTIME_PRESET] {
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
		assert_eq!(pallet_session::Validators::<Runtime>::get(), expected.to_vec());
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(Grandpa::grandpa_authorities().len(), 4);
		assert!(pallet_sudo::Key::<Runtime>::get().is_some());
	});
}

#[test]
fn testnet_preset_has_no_sudo_key() {
	preset_ext(TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		assert_eq!(pallet_session::Validators::<Runtime>::get().len(), 4);
	});
}

#[test]
fn block_time_is_six_seconds() {
	assert_eq!(crate::SLOT_DURATION, 6_000);
	assert_eq!(<Runtime as pallet_aura::Config>::SlotDuration::get(), 6_000);
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
