//! Structured fuzzing of the runtime's call decoding and of the DePIN pallets' calls.
//!
//! cargo-fuzz needs a nightly toolchain, which this project does not use; proptest drives the
//! same search on stable, bounded by its case count so that it runs in the suite's time: random
//! bytes through the call decoder, and random arguments behind every call index of the five DePIN
//! pallets, dispatched as a signed account or as root on the development chain. Whatever decodes
//! must dispatch without panicking, a failed dispatch must leave storage exactly as it was, and
//! every pallet's `try_state` invariants must hold afterwards. A failing case proptest finds is
//! shrunk to its smallest form; make it a named test.
//!
//! Built with `--features try-runtime` (the invariants need it); `scripts/test.sh` runs it in
//! its try-runtime step.

use super::preset_ext;
use crate::{AllPalletsWithSystem, RuntimeCall, RuntimeOrigin, System};
use codec::DecodeLimit;
use frame_support::{
	traits::{TryState, TryStateSelect},
	MAX_EXTRINSIC_DEPTH,
};
use proptest::prelude::*;
use sp_core::storage::StateVersion;
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::Dispatchable;

/// The pallet indices of the registry, coverage, leases, BME and usage.
const DEPIN_PALLETS: [u8; 5] = [40, 41, 42, 43, 44];

proptest! {
	#![proptest_config(ProptestConfig::with_cases(4_096))]

	#[test]
	fn arbitrary_bytes_never_panic_the_call_decoder(
		bytes in prop::collection::vec(any::<u8>(), 0..1_024),
	) {
		let _ = RuntimeCall::decode_with_depth_limit(MAX_EXTRINSIC_DEPTH, &mut &bytes[..]);
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(2_048))]

	#[test]
	fn depin_calls_with_random_arguments_never_panic_nor_break_an_invariant(
		pallet in prop::sample::select(DEPIN_PALLETS.to_vec()),
		call in 0u8..20,
		arguments in prop::collection::vec(any::<u8>(), 0..320),
		signer in prop::sample::select(vec![
			Sr25519Keyring::Alice,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Ferdie,
		]),
		as_root in any::<bool>(),
	) {
		let mut bytes = vec![pallet, call];
		bytes.extend(arguments);
		let Ok(call) = RuntimeCall::decode_with_depth_limit(MAX_EXTRINSIC_DEPTH, &mut &bytes[..])
		else {
			return Ok(());
		};
		preset_ext(sp_genesis_builder::DEV_RUNTIME_PRESET).execute_with(
			|| -> Result<(), TestCaseError> {
				System::set_block_number(2);
				let origin = if as_root {
					RuntimeOrigin::root()
				} else {
					RuntimeOrigin::signed(signer.to_account_id())
				};
				let before = sp_io::storage::root(StateVersion::V1);
				let outcome = call.clone().dispatch(origin);
				if outcome.is_err() {
					prop_assert_eq!(
						before,
						sp_io::storage::root(StateVersion::V1),
						"{:?} failed ({:?}) but changed storage",
						call,
						outcome
					);
				}
				let checked =
					<AllPalletsWithSystem as TryState<u32>>::try_state(2, TryStateSelect::All);
				prop_assert!(checked.is_ok(), "{:?} ({:?}) broke an invariant: {:?}", call, outcome, checked);
				Ok(())
			},
		)?;
	}
}

/// The fuzzed runtime is this one.
#[test]
fn the_fuzzed_pallets_are_the_depin_pallets() {
	use frame_support::traits::PalletInfoAccess;
	assert_eq!(
		DEPIN_PALLETS,
		[
			<crate::Registry as PalletInfoAccess>::index() as u8,
			<crate::Coverage as PalletInfoAccess>::index() as u8,
			<crate::Leases as PalletInfoAccess>::index() as u8,
			<crate::Bme as PalletInfoAccess>::index() as u8,
			<crate::Usage as PalletInfoAccess>::index() as u8,
		]
	);
}
