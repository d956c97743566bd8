//! try-runtime against a snapshot of the live local network: every pallet's `pre_upgrade`, the
//! runtime's migrations (`frame_system`'s single-block `Migrations`; multi-block ones run
//! through `pallet_migrations` in the blocks after), every `post_upgrade` with the storage
//! version checks, then every pallet's `try_state` invariants, on the state the four-validator
//! network really built.
//!
//! Built only with `--features try-runtime`. The snapshot is taken over JSON-RPC by the
//! end-to-end governance test (`DEPIN_SNAPSHOT_OUT`) as try-runtime's live mode takes one:
//! every key and value at one block. `scripts/test.sh` runs both and passes the file in
//! `DEPIN_SNAPSHOT`.
#![cfg(feature = "try-runtime")]

use std::collections::BTreeMap;

use depin_runtime::{Executive, Runtime, VERSION};
use frame_try_runtime::UpgradeCheckSelect;
use sp_core::storage::Storage;

fn hex(text: &str) -> Vec<u8> {
	sp_core::bytes::from_hex(text).unwrap_or_else(|e| panic!("bad hex {text:.20}: {e:?}"))
}

/// The snapshot's top-level storage.
fn snapshot() -> BTreeMap<Vec<u8>, Vec<u8>> {
	let path = std::env::var("DEPIN_SNAPSHOT").expect(
		"DEPIN_SNAPSHOT is not set: run the governance end-to-end test with \
		 DEPIN_SNAPSHOT_OUT=<file> first (scripts/test.sh does)",
	);
	let text = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
	let json: serde_json::Value = serde_json::from_slice(&text).expect("the snapshot is JSON");
	let top = json["top"].as_object().expect("a `top` object of hex keys and values");
	top.iter().map(|(key, value)| (hex(key), hex(value.as_str().expect("a hex value")))).collect()
}

#[test]
fn runtime_upgrade_passes_try_runtime_checks_on_a_local_network_snapshot() {
	let top = snapshot();
	assert!(top.len() > 100, "a live chain's state, not an empty one: {} keys", top.len());
	let storage = Storage { top, children_default: Default::default() };
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		let number = frame_system::Pallet::<Runtime>::block_number();
		assert!(number > 0, "the snapshot is of a running chain");
		let last = frame_system::LastRuntimeUpgrade::<Runtime>::get().expect("an upgrade record");
		assert!(
			last.spec_version.0 <= VERSION.spec_version,
			"the snapshot's runtime ({}) is not newer than this one ({})",
			last.spec_version.0,
			VERSION.spec_version
		);
		let weight = Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
			.unwrap_or_else(|e| panic!("try-runtime fails at #{number}: {e:?}"));
		let max = <Runtime as frame_system::Config>::BlockWeights::get().max_block;
		assert!(weight.all_lte(max), "the upgrade fits in one block: {weight:?} > {max:?}");
	});
}
