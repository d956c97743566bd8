//! The chain's interface, generated at compile time from `client/metadata.scale`: the metadata
//! of the runtime this workspace builds (refresh it with
//! `DEPIN_WRITE_METADATA=1 cargo test -p depin-client --test cli metadata::`).
//!
//! Every call built from it is checked against the connected node's metadata before it is
//! signed, so a client older or newer than the node's runtime refuses to send a call whose shape
//! changed instead of sending bytes the runtime would misread.

#![allow(missing_docs, clippy::all)]

#[subxt::subxt(runtime_metadata_path = "metadata.scale")]
pub mod api {}

pub use api::runtime_types::{
	bounded_collections::bounded_vec::BoundedVec,
	depin_primitives::{
		device::{
			DeviceAttributes, DeviceKey, DeviceSignature, GpuAttributes, GpuInterface,
			HotspotAttributes, SensorAttributes, StorageAttributes,
		},
		h3::H3Cell,
		rewards::RewardPool,
	},
	pallet_coverage::types::{Beacon, WitnessReceipt},
	pallet_leases::types::{OfferTerms, Requirements},
};

/// A short byte string (a name, model or region) as a bounded vector argument; the runtime
/// checks its length.
pub fn bytes(text: &str) -> BoundedVec<u8> {
	BoundedVec(text.as_bytes().to_vec())
}

/// A data-transfer session with its hotspot's signature and its payer's countersignature, as
/// `Usage.submit_sessions` takes it.
pub fn signed_session(
	fields: &depin_primitives::payloads::DataSessionFields,
	hotspot_signature: &depin_primitives::DeviceSignature,
	payer_signature: &depin_primitives::DeviceSignature,
) -> api::runtime_types::pallet_usage::types::SignedSession {
	api::runtime_types::pallet_usage::types::SignedSession {
		session: api::runtime_types::depin_primitives::payloads::DataSessionFields {
			hotspot: fields.hotspot,
			payer: fields.payer,
			session_id: fields.session_id,
			period: fields.period,
			bytes_up: fields.bytes_up,
			bytes_down: fields.bytes_down,
			packets: fields.packets,
		},
		hotspot_signature: device_signature(hotspot_signature),
		payer_signature: device_signature(payer_signature),
	}
}

/// A device key of `depin_primitives` (what the client signs with) as a call argument.
pub fn device_key(key: &depin_primitives::DeviceKey) -> DeviceKey {
	match *key {
		depin_primitives::DeviceKey::Ed25519(public) => DeviceKey::Ed25519(public),
		depin_primitives::DeviceKey::Sr25519(public) => DeviceKey::Sr25519(public),
	}
}

/// A device signature of `depin_primitives` as a call argument.
pub fn device_signature(signature: &depin_primitives::DeviceSignature) -> DeviceSignature {
	match *signature {
		depin_primitives::DeviceSignature::Ed25519(bytes) => DeviceSignature::Ed25519(bytes),
		depin_primitives::DeviceSignature::Sr25519(bytes) => DeviceSignature::Sr25519(bytes),
	}
}
