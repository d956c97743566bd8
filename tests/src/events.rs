//! An extrinsic's events: finding and decoding them by pallet and name.

use subxt::{ext::scale_decode::DecodeAsFields, extrinsics::ExtrinsicEvents};

use crate::{
	client::ChainConfig,
	error::{other, Result},
};

/// Decodes the fields of every `pallet.name` event of an extrinsic into `E` (for example a
/// tuple such as `(AccountId32, AccountId32, u128)` for `Balances.Transfer`).
pub fn find_events<E: DecodeAsFields>(
	events: &ExtrinsicEvents<ChainConfig>,
	pallet: &str,
	name: &str,
) -> Result<Vec<E>> {
	let mut found = Vec::new();
	for event in events.iter() {
		let event = event.map_err(|e| other("cannot decode an event", e))?;
		if event.pallet_name() == pallet && event.event_name() == name {
			let fields = event
				.decode_fields_unchecked_as::<E>()
				.map_err(|e| other(&format!("cannot decode {pallet}.{name}"), e))?;
			found.push(fields);
		}
	}
	Ok(found)
}

/// Whether the extrinsic emitted a `pallet.name` event.
pub fn has_event(events: &ExtrinsicEvents<ChainConfig>, pallet: &str, name: &str) -> bool {
	events.iter().flatten().any(|e| e.pallet_name() == pallet && e.event_name() == name)
}
