//! What can go wrong, how it is shown, and what to do about it.

use std::fmt;

use serde_json::{json, Value as Json};

/// Everything a command can fail with.
#[derive(Debug)]
pub enum Error {
	/// The command line is wrong in a way clap cannot see (a bad key, amount or parameter).
	Usage(String),
	/// The node cannot be reached, or a JSON-RPC request failed.
	Rpc(String),
	/// The transaction pool refused the transaction before any block included it.
	Refused {
		/// The call, as `Pallet.call`.
		call: String,
		/// The pool's reason.
		reason: String,
		/// What to do about it, if known.
		hint: Option<String>,
	},
	/// The transaction was included but failed: a dispatch error.
	Failed {
		/// The call, as `Pallet.call`.
		call: String,
		/// The block that included it.
		block: u64,
		/// The error's name, `Pallet::Error` for a pallet error.
		name: String,
		/// The error's documentation from the metadata.
		docs: String,
		/// What to do about it, if known.
		hint: Option<String>,
	},
	/// Anything else.
	Other(String),
}

impl Error {
	/// The process exit code: 1 failed on chain, 2 bad usage, 3 refused by the pool, 4 the node
	/// or its JSON-RPC, 5 anything else.
	pub fn exit_code(&self) -> u8 {
		match self {
			Error::Failed { .. } => 1,
			Error::Usage(_) => 2,
			Error::Refused { .. } => 3,
			Error::Rpc(_) => 4,
			Error::Other(_) => 5,
		}
	}

	/// The error as JSON, for `--json`.
	pub fn to_json(&self) -> Json {
		let error = match self {
			Error::Usage(message) => json!({ "kind": "usage", "message": message }),
			Error::Rpc(message) => json!({ "kind": "rpc", "message": message }),
			Error::Other(message) => json!({ "kind": "other", "message": message }),
			Error::Refused { call, reason, hint } => {
				json!({ "kind": "refused", "call": call, "reason": reason, "hint": hint })
			}
			Error::Failed { call, block, name, docs, hint } => json!({
				"kind": "failed", "call": call, "block": block, "error": name, "docs": docs,
				"hint": hint,
			}),
		};
		json!({ "error": error })
	}
}

impl fmt::Display for Error {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Error::Usage(message) => write!(f, "error: {message}"),
			Error::Rpc(message) => write!(f, "error: JSON-RPC: {message}"),
			Error::Other(message) => write!(f, "error: {message}"),
			Error::Refused { call, reason, hint } => {
				write!(f, "error: the transaction pool refused {call}: {reason}")?;
				if let Some(hint) = hint {
					write!(f, "\n  hint: {hint}")?;
				}
				Ok(())
			}
			Error::Failed { call, block, name, docs, hint } => {
				write!(f, "error: {call} failed in block #{block}: {name}")?;
				if !docs.is_empty() {
					write!(f, "\n  {docs}")?;
				}
				if let Some(hint) = hint {
					write!(f, "\n  hint: {hint}")?;
				}
				Ok(())
			}
		}
	}
}

impl std::error::Error for Error {}

/// The command's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What to do about the common DePIN dispatch errors, by `Pallet::Error` name.
const HINTS: &[(&str, &str)] = &[
	("Bme::NoPrice", "no DPN/USD price is in force: approved feeders must submit prices (`depin bme price <usd>` from at least the minimum number of feeders); see `depin query depin_price`"),
	("Bme::PriceTooUncertain", "the feeders' prices disagree too much: the settlement price is more than maxPriceSpread above the credit price; wait until their submissions converge (`depin query depin_price` shows both)"),
	("Bme::NotFeeder", "only governance-approved feeders may submit prices"),
	("Bme::UnknownBeneficiary", "the beneficiary holds no DPN, so it has no account to open a credit record for; send it at least the existential deposit first"),
	("Bme::InsufficientBalance", "the account's free DPN (less the existential deposit) is below the amount; burn less or fund the account (`depin account show`)"),
	("Bme::BelowOneCredit", "the amount buys less than one credit at the current price; burn more (`depin query depin_quoteCredits <plancks>`)"),
	("Bme::CircuitBreakerTripped", "the hourly credit-minting limit is reached; buy fewer credits or wait for the next window"),
	("Bme::NothingToClaim", "nothing is pending for this epoch and pool; see `depin query depin_pendingRewards <account>`"),
	("Bme::EpochNotEnded", "rewards are claimable once their epoch has ended; see `depin query depin_emissions`"),
	("Registry::BadAttestation", "the maker must sign exactly this chain, maker id, device key, owner, class and deadline: `depin maker attest --maker <id> --device <public key> --owner <owner> --class <class>` with the maker's attestation key, then onboard with the --valid-until it prints"),
	("Registry::AttestationExpired", "the attestation's last valid block has passed; ask the maker for a new one (`depin maker attest`)"),
	("Registry::DeviceKeyRetired", "this device key belonged to a device before (rotated away or withdrawn) and is never registered again; generate a new one with `depin device new`"),
	("Registry::DeviceKeyTaken", "this device key is already registered (`depin device show --key <public key>`); generate a new one with `depin device new`"),
	("Registry::UnknownMaker", "no maker has this id; list the approved makers with `depin query depin_makers`"),
	("Registry::MakerRevoked", "the maker was revoked; onboard the device under an approved maker (`depin query depin_makers`)"),
	("Registry::InsufficientCredits", "the owner has too few credits for the fee; buy credits with `depin bme burn <DPN>` (fees: `depin query depin_registryParameters`)"),
	("Registry::InsufficientBondBalance", "the owner's free DPN cannot cover the device bond; fund the account"),
	("Registry::InvalidLocation", "pass a valid resolution-12 H3 cell index, e.g. --cell 0x08c2a1072b59b9ff"),
	("Registry::NotOwner", "sign with the device owner's key (--suri)"),
	("Registry::UnknownDevice", "no device has this id; see `depin device list <owner>`"),
	("Registry::LocationUnchanged", "the device is already asserted at this cell with this antenna; nothing to do"),
	("Registry::AntennaNotApplicable", "only hotspots have an antenna; pass --gain 0 --elevation 0 for other classes"),
	("Leases::InsufficientCredits", "the account has too few spendable credits; buy credits with `depin bme burn <DPN>`"),
	("Leases::NotListed", "the device has no offer; its owner lists it with `depin lease list <device> ...`"),
	("Leases::RequirementsNotMet", "the device does not meet the order's requirements (model, VRAM, count, region, price, term)"),
	("Leases::PriceAboveMaximum", "the price is above the most the tenant accepts; bid or accept at or below the maximum"),
	("Leases::DepositTooLow", "the deposit must cover at least the offer's shortest term at its price"),
	("Leases::WrongInterval", "a heartbeat is only taken for the interval of the block that includes it; send it again"),
	("Leases::NotLeaseParty", "only the lease's tenant or provider may close it"),
	("Leases::NotTenant", "only the order's tenant may do this"),
	("Leases::InsufficientBondBalance", "the provider's free DPN cannot cover the bid bond (`depin query depin_leaseParameters`)"),
	("Coverage::BeaconTooSoon", "a hotspot may beacon once per beacon interval; wait for the next one"),
	("Balances::InsufficientBalance", "the account's free balance is too low; fund it"),
];

/// The hint for a dispatch error, by its `Pallet::Error` name.
pub fn dispatch_hint(name: &str) -> Option<String> {
	HINTS.iter().find(|(error, _)| *error == name).map(|(_, hint)| (*hint).to_owned())
}

/// Reads a refusal's text (a JSON-RPC error or the runtime's validity error) and names its
/// reason; `pallet` is the pallet of the refused call, whose custom codes it decodes: from this
/// client's table, or else with `named` (the pallet error of that index, for pallets whose
/// codes are their error indices).
pub fn refusal_hint(
	pallet: &str,
	reason: &str,
	named: &dyn Fn(u8) -> Option<String>,
) -> Option<String> {
	let text = reason.to_lowercase();
	let hint = if text.contains("custom") {
		let code = text.rsplit(|c: char| !c.is_ascii_digit()).find(|part| !part.is_empty());
		let code: u8 = code.and_then(|code| code.parse().ok())?;
		if pallet == "Usage" {
			return named(code);
		}
		custom_hint(pallet, code)?
	} else if text.contains("payment") || text.contains("pay") {
		"the signing account cannot pay the transaction fee; fund it (`depin account show`)"
	} else if text.contains("bad proof")
		|| text.contains("bad signature")
		|| text.contains("badproof")
	{
		"the signature does not verify: check the secret URI (--suri, or the device --key) and that the key is the one registered"
	} else if text.contains("stale") || text.contains("outdated") {
		"outdated: the nonce was used, the beacon came too soon or its entropy is too old, or the heartbeat's interval passed"
	} else if text.contains("future") {
		"not valid yet: a nonce gap, entropy from the future, or a heartbeat for a later interval"
	} else if text.contains("exhausts") || text.contains("exhausted") {
		"the block is full; try again"
	} else {
		return None;
	};
	Some(hint.to_owned())
}

/// The meaning of a pallet's custom validity code.
fn custom_hint(pallet: &str, code: u8) -> Option<&'static str> {
	Some(match (pallet, code) {
		("Coverage", 1) => "the beaconer is not a registered hotspot",
		("Coverage", 2) => "the beaconer is not active",
		("Coverage", 3) => "the beaconer has no location; assert one with `depin device locate`",
		("Coverage", 4) => "the beaconer is on the denylist",
		("Coverage", 5) => "the entropy hash is not the chain's hash of that block",
		("Coverage", 6) => "the transmit power is above the maximum",
		("Leases", 1) => "no lease has this id",
		("Leases", 2) => "the lease is closed",
		("Leases", 3) => "the lease is paused; its tenant tops it up with `depin lease top-up`",
		("Leases", 4) => "the leased device is not active",
		("Leases", 10) => "the device is not listed; list it with `depin lease list`",
		("Leases", 11) => "the device is unknown, not active, or changed owner since it was listed",
		("Leases", 12) => "the device is leased: its tenant pays for it, not the availability pool",
		("Leases", 13) => "the offer asks more than the availability caps (price per GPU-hour or shortest term)",
		("Leases", 14) => "the device was not idle under its terms for the whole window (listed, repriced or leased during it)",
		_ => return None,
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn common_errors_have_hints() {
		for name in ["Bme::NoPrice", "Registry::BadAttestation", "Registry::DeviceKeyTaken"] {
			assert!(dispatch_hint(name).is_some(), "{name} has no hint");
		}
		assert_eq!(dispatch_hint("Nope::Nothing"), None);
	}

	#[test]
	fn refusals_are_explained() {
		let none = |_: u8| None;
		let bad = refusal_hint(
			"Leases",
			"Invalid Transaction (1010): Transaction has a bad signature",
			&none,
		);
		assert!(bad.is_some_and(|hint| hint.contains("signature")));
		let custom = refusal_hint("Coverage", "Invalid Transaction: Custom error: 3", &none);
		assert!(custom.is_some_and(|hint| hint.contains("no location")));
		assert_eq!(refusal_hint("Leases", "something else", &none), None);
		// The usage pallet's codes are its error indices, named from the metadata.
		let named = |code: u8| Some(format!("Usage::error{code}"));
		let usage = refusal_hint("Usage", "Invalid Transaction: Custom error: 22", &named);
		assert_eq!(usage.as_deref(), Some("Usage::error22"));
	}
}
