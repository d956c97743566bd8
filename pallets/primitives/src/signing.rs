//! What binds a signed payload to one chain.
//!
//! Every message a device or maker key signs starts with a fixed-size domain tag (which payload it
//! is) followed by the [`GenesisHash`] of the chain it is for, so a signature made for one network
//! never verifies on another network that runs the same runtime with the same keys (a testnet and
//! its successor, a fork). All of them are built in [`crate::payloads`]: onboarding attestations
//! and key-rotation proofs (checked by the registry), beacons and witness receipts (coverage),
//! lease heartbeats and availability proofs (leases).

use sp_runtime::traits::Zero;

/// The hash of a chain's genesis block, as signed payloads carry it: 32 raw bytes.
pub type GenesisHash = [u8; 32];

/// This chain's genesis hash, as signed payloads carry it.
///
/// `frame_system` keeps block 0's hash for ever (it never prunes it) and writes the real hash
/// when block 1 is initialised; from then on, in every block and every transaction-pool check, it
/// is the hash that identifies the chain. A hash type longer than 32 bytes is cut to its first 32,
/// a shorter one padded with zeros; this runtime's is 32 bytes.
pub fn genesis_hash<T: frame_system::Config>() -> GenesisHash {
	let hash = frame_system::Pallet::<T>::block_hash(
		frame_system::pallet_prelude::BlockNumberFor::<T>::zero(),
	);
	let bytes = hash.as_ref();
	let mut genesis = [0u8; 32];
	let len = bytes.len().min(genesis.len());
	genesis[..len].copy_from_slice(&bytes[..len]);
	genesis
}
