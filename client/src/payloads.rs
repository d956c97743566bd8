//! The messages device and maker keys sign, from `depin_primitives::payloads`: the very
//! functions the runtime checks signatures with, so the client cannot drift from the chain.
//! Each is the SCALE encoding of a fixed-size domain tag, the chain's genesis hash (a signature
//! made for one network never verifies on another) and the signed fields.
//!
//! Device signatures are ed25519 or sr25519 ([`crate::keys::DevicePair`]); makers' attestations
//! are sr25519 with the signing context "substrate", which is what
//! `sp_io::crypto::sr25519_verify` checks and what `subxt_signer` signs with.

use depin_primitives::{payloads::onboarding_payload, DeviceKey};
pub use depin_primitives::{
	payloads::{availability_payload, heartbeat_payload, BeaconFields, BeaconId, WitnessFields},
	DeviceClass, GenesisHash, H3Cell,
};

/// How long an attestation the client signs stays valid by default: 14,400 blocks, a day of
/// 6-second blocks.
pub const ATTESTATION_VALIDITY: u32 = 14_400;

/// The last block an attestation signed at block `best` is valid in, by default.
pub fn attestation_deadline(best: u64) -> u32 {
	u32::try_from(best).unwrap_or(u32::MAX).saturating_add(ATTESTATION_VALIDITY)
}

/// What a maker signs to let `owner` onboard the device key `device` as a `class` under maker
/// id `maker` until block `valid_until`, on the chain `genesis`: the registry's onboarding
/// payload, the owner as its 32 account bytes.
pub fn onboarding(
	genesis: &GenesisHash,
	maker: u32,
	device: &DeviceKey,
	owner: &[u8; 32],
	class: DeviceClass,
	valid_until: u32,
) -> Vec<u8> {
	onboarding_payload(genesis, maker, device, owner, class, valid_until)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn an_owner_signs_as_the_runtimes_account_id() {
		let (genesis, device, owner) = ([0x5a; 32], DeviceKey::Ed25519([3u8; 32]), [9u8; 32]);
		let expected = onboarding_payload(
			&genesis,
			4,
			&device,
			&depin_runtime::AccountId::from(owner),
			DeviceClass::Gpu,
			900u32,
		);
		assert_eq!(onboarding(&genesis, 4, &device, &owner, DeviceClass::Gpu, 900), expected);
	}

	#[test]
	fn an_attestation_is_valid_for_a_day_of_testnet_blocks() {
		assert_eq!(attestation_deadline(100), 14_500);
		assert_eq!(attestation_deadline(u64::MAX), u32::MAX);
	}
}
