//! Genesis presets: `development` (one validator, Alice, with sudo) and `local_testnet` (four
//! validators, Alice to Dave, with sudo), and [`testnet_genesis`]: the public testnet's
//! parameters with no sudo at all, only governance, around the validators, technical committee
//! and endowments of its operators' file (the node's `spec-from-operators` command). The testnet
//! is no preset: a preset would have to name its keys, and the only keys a runtime can name are
//! the well-known development ones.
//!
//! Every preset's validators are collator selection's invulnerables; others join as candidates.
//! The development presets run the development periods (1-second blocks, the development
//! referendum tracks of a few blocks, see `configs::governance::tracks`, 10-block sessions); the
//! testnet runs the real ones. `benchmark` and `benchmark_local` are `development` and
//! `local_testnet` with the testnet's timing (6-second blocks and its periods): the chains the
//! throughput benchmark measures, since a block's weight budget is a share of its slot.

use crate::{
	constants::{currency::DPN, time::DAYS},
	AccountId, Balance, BalancesConfig, BlockNumber, BmeConfig, CollatorSelectionConfig,
	LeasesConfig, OriginsConfig, RegistryConfig, Runtime, RuntimeGenesisConfig, SessionConfig,
	SessionKeys, SudoConfig, TechnicalCommitteeConfig,
};
use alloc::{vec, vec::Vec};
use frame_support::{build_struct_json_patch, traits::Get};
use pallet_bme::BmeParameters;
use pallet_leases::LeaseParameters;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// The development chain with the testnet's timing, for throughput benchmarks.
pub const BENCHMARK_RUNTIME_PRESET: &str = "benchmark";
/// The four-validator local chain with the testnet's timing, for throughput benchmarks.
pub const BENCHMARK_LOCAL_RUNTIME_PRESET: &str = "benchmark_local";

/// What each endowed account starts with: one million DPN.
pub const ENDOWMENT: Balance = 1_000_000 * DPN;

/// A validator at genesis: its stash account and its session keys.
#[derive(Clone)]
pub struct Validator {
	/// The account that owns the session keys.
	pub account: AccountId,
	/// Block production key.
	pub aura: AuraId,
	/// Finality key.
	pub grandpa: GrandpaId,
}

impl Validator {
	/// The well-known development validator with this keyring name (Alice, Bob, ...).
	pub fn dev(sr: Sr25519Keyring, ed: Ed25519Keyring) -> Self {
		Self { account: sr.to_account_id(), aura: sr.public().into(), grandpa: ed.public().into() }
	}
}

/// The reward epoch of the development and local chains: a handful of blocks, so that tests and
/// demos cross epochs in about a minute. The testnet keeps the default, one day.
pub const DEV_EPOCH_LENGTH: BlockNumber = 10;

/// The BME parameters of the development and local chains: the defaults with
/// [`DEV_EPOCH_LENGTH`]-block epochs (two feeders, Alice and Bob in the tests, make a price).
pub fn dev_bme_parameters() -> BmeParameters<Balance, BlockNumber> {
	BmeParameters {
		epoch_length: DEV_EPOCH_LENGTH,
		..pallet_bme::DefaultParameters::<Runtime>::get()
	}
}

/// The testnet's BME parameters: the defaults (one-day epochs) with at least
/// [`TESTNET_MIN_FEEDERS`] fresh prices, so that no single feeder moves either conversion price.
pub fn testnet_bme_parameters() -> BmeParameters<Balance, BlockNumber> {
	BmeParameters {
		min_feeders: TESTNET_MIN_FEEDERS,
		..pallet_bme::DefaultParameters::<Runtime>::get()
	}
}

/// Fewest fresh price submissions for a price on the testnet: three, so the credit price (lower
/// median) and the settlement price (upper median) are both the middle submission, which one
/// feeder alone cannot move.
pub const TESTNET_MIN_FEEDERS: u32 = 3;

/// The lease parameters of the development and local chains: ten-block heartbeat intervals, two
/// missed in a row a breach, and short grace, notice and order periods, so that tests and demos
/// see pauses and breaches within minutes; a 1 DPN bid bond and order deposit.
pub fn dev_lease_parameters() -> LeaseParameters<Balance, BlockNumber> {
	LeaseParameters {
		heartbeat_period: 10,
		max_missed_heartbeats: 2,
		grace_period: 20,
		notice_period: 10,
		order_expiry: 100,
		bid_bond: DPN,
		order_deposit: DPN,
		..pallet_leases::DefaultParameters::<Runtime>::get()
	}
}

/// How many candidates, besides the invulnerables, are selected as validators.
pub const DESIRED_CANDIDATES: u32 = 20;

/// The candidacy bond of the development and local chains: 100 DPN.
pub const DEV_CANDIDACY_BOND: Balance = 100 * DPN;

/// The testnet's candidacy bond: 10,000 DPN.
pub const TESTNET_CANDIDACY_BOND: Balance = 10_000 * DPN;

/// A chain's governance at genesis.
pub struct Governance {
	/// The technical committee's members.
	pub committee: Vec<AccountId>,
	/// The bond a validator candidate reserves.
	pub candidacy_bond: Balance,
	/// Whether the chain runs the development referendum tracks.
	pub dev_periods: bool,
}

/// The testnet's device bond: 100 DPN per device, held from its owner while the device exists.
///
/// About 200 USD at the 2 USD/DPN the presets' feeders start from: five times the onboarding fee,
/// the order of io.net's 200 IO per GPU, and enough that the 10 % a lease breach slashes (10 DPN)
/// outweighs what one missed hour of service saves a provider. A bond of 0 makes every slash
/// worth nothing.
pub const TESTNET_DEVICE_BOND: Balance = 100 * DPN;

/// The testnet's unbonding period: 14 days (io.net's unstaking cooldown), during which a retired
/// device's bond stays slashable for what it did while in service.
pub const TESTNET_UNBONDING_PERIOD: BlockNumber = 14 * DAYS;

/// The testnet's lease parameters: DESIGN.md's values, a 10 DPN bid bond and a 10 DPN order
/// deposit.
pub fn testnet_lease_parameters() -> LeaseParameters<Balance, BlockNumber> {
	LeaseParameters {
		bid_bond: 10 * DPN,
		order_deposit: 10 * DPN,
		..pallet_leases::DefaultParameters::<Runtime>::get()
	}
}

fn genesis(
	validators: Vec<Validator>,
	endowed: Vec<(AccountId, Balance)>,
	sudo: Option<AccountId>,
	governance: Governance,
	bme: BmeParameters<Balance, BlockNumber>,
	leases: LeaseParameters<Balance, BlockNumber>,
	device_bond: Option<(Balance, BlockNumber)>,
) -> Value {
	let invulnerable_accounts = validators.iter().map(|v| v.account.clone()).collect::<Vec<_>>();
	let session_keys = validators
		.into_iter()
		.map(|v| {
			let keys = SessionKeys { aura: v.aura, grandpa: v.grandpa };
			(v.account.clone(), v.account, keys)
		})
		.collect::<Vec<_>>();
	let mut patch = build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowed },
		session: SessionConfig { keys: session_keys },
	});
	json_merge(
		&mut patch,
		build_struct_json_patch!(RuntimeGenesisConfig {
			collator_selection: CollatorSelectionConfig {
				invulnerables: invulnerable_accounts,
				candidacy_bond: governance.candidacy_bond,
				desired_candidates: DESIRED_CANDIDATES,
			},
		}),
	);
	json_merge(
		&mut patch,
		build_struct_json_patch!(RuntimeGenesisConfig {
			technical_committee: TechnicalCommitteeConfig { members: governance.committee },
		}),
	);
	json_merge(
		&mut patch,
		build_struct_json_patch!(RuntimeGenesisConfig {
			origins: OriginsConfig { dev_periods: governance.dev_periods },
		}),
	);
	json_merge(
		&mut patch,
		build_struct_json_patch!(RuntimeGenesisConfig { bme: BmeConfig { parameters: Some(bme) } }),
	);
	json_merge(
		&mut patch,
		build_struct_json_patch!(RuntimeGenesisConfig {
			leases: LeasesConfig { parameters: leases }
		}),
	);
	if let Some((device_bond, unbonding_period)) = device_bond {
		json_merge(
			&mut patch,
			build_struct_json_patch!(RuntimeGenesisConfig {
				registry: RegistryConfig { device_bond, unbonding_period },
			}),
		);
	}
	if let Some(key) = sudo {
		let sudo =
			build_struct_json_patch!(RuntimeGenesisConfig { sudo: SudoConfig { key: Some(key) } });
		json_merge(&mut patch, sudo);
	}
	patch
}

/// Merges `b` into `a`, objects key by key, anything else replaced: how a preset patches the
/// default genesis config.
pub fn json_merge(a: &mut Value, b: Value) {
	match (a, b) {
		(Value::Object(a), Value::Object(b)) => {
			for (k, v) in b {
				json_merge(a.entry(k).or_insert(Value::Null), v);
			}
		}
		(a, b) => *a = b,
	}
}

/// The twelve well-known development accounts (Alice to Ferdie and their stashes), each with
/// [`ENDOWMENT`].
fn dev_accounts() -> Vec<(AccountId, Balance)> {
	Sr25519Keyring::well_known().map(|k| (k.to_account_id(), ENDOWMENT)).collect()
}

/// The four well-known validators: Alice, Bob, Charlie and Dave.
fn four_validators() -> Vec<Validator> {
	vec![
		Validator::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		Validator::dev(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		Validator::dev(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		Validator::dev(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
	]
}

/// Alice, Bob and Charlie: the technical committee of every preset until the testnet's
/// operators appoint theirs.
fn dev_committee() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.map(|k| k.to_account_id())
		.to_vec()
}

/// The governance of the development and local chains: a small bond, and short tracks and
/// blocks unless `timing` is the testnet's.
fn dev_governance(timing: Timing) -> Governance {
	Governance {
		committee: dev_committee(),
		candidacy_bond: DEV_CANDIDACY_BOND,
		dev_periods: timing == Timing::Development,
	}
}

/// The block time and periods a development chain runs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Timing {
	/// 1-second blocks, referendum tracks of a few blocks, 10-block sessions and beacon interval.
	Development,
	/// The testnet's: 6-second blocks, its tracks, hour-long sessions, a 6-hour beacon interval.
	Testnet,
}

/// `development` (or `benchmark` with the testnet's timing): Alice validates alone and holds
/// sudo.
pub fn development_config_genesis(timing: Timing) -> Value {
	genesis(
		vec![Validator::dev(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		dev_governance(timing),
		dev_bme_parameters(),
		dev_lease_parameters(),
		None,
	)
}

/// `local_testnet` (or `benchmark_local` with the testnet's timing): Alice, Bob, Charlie and Dave
/// validate; Alice holds sudo.
pub fn local_testnet_genesis(timing: Timing) -> Value {
	genesis(
		four_validators(),
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		dev_governance(timing),
		dev_bme_parameters(),
		dev_lease_parameters(),
		None,
	)
}

/// The public testnet's genesis: its operators' validators, technical committee and endowed
/// accounts, no sudo key (only governance can change the chain), and the testnet's bonds and
/// periods.
///
/// The node checks what it is given first (no well-known key, no duplicate, proofs of the
/// session keys): this only assembles the patch.
pub fn testnet_genesis(
	validators: Vec<Validator>,
	committee: Vec<AccountId>,
	endowed: Vec<(AccountId, Balance)>,
) -> Value {
	genesis(
		validators,
		endowed,
		None,
		Governance { committee, candidacy_bond: TESTNET_CANDIDACY_BOND, dev_periods: false },
		testnet_bme_parameters(),
		testnet_lease_parameters(),
		Some((TESTNET_DEVICE_BOND, TESTNET_UNBONDING_PERIOD)),
	)
}

/// The preset with this id, as a JSON patch over the default genesis config.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(Timing::Development),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => {
			local_testnet_genesis(Timing::Development)
		}
		BENCHMARK_RUNTIME_PRESET => development_config_genesis(Timing::Testnet),
		BENCHMARK_LOCAL_RUNTIME_PRESET => local_testnet_genesis(Timing::Testnet),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The ids of every preset.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(BENCHMARK_RUNTIME_PRESET),
		PresetId::from(BENCHMARK_LOCAL_RUNTIME_PRESET),
	]
}
