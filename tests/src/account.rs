//! Accounts and balances: the DPN unit, balance transfers and `System.Account` reads.

use subxt::{
	dynamic::{At, Value},
	transactions::DynamicPayload,
	utils::{AccountId32, MultiAddress},
};

use crate::{
	client::AtBlock,
	error::{other, Error, Result},
};

/// The call data of a `Balances.transfer_keep_alive` built dynamically.
pub type TransferCall = DynamicPayload<(MultiAddress<AccountId32, ()>, u128)>;

/// One DPN in plancks (12 decimals).
pub const DPN: u128 = 1_000_000_000_000;

/// A dynamic `Balances.transfer_keep_alive(dest, amount)` call.
pub fn transfer_keep_alive(dest: &AccountId32, amount: u128) -> TransferCall {
	subxt::dynamic::tx("Balances", "transfer_keep_alive", (MultiAddress::Id(*dest), amount))
}

/// The parts of `System.Account` the tests look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountState {
	/// The account nonce.
	pub nonce: u64,
	/// The free balance in plancks.
	pub free: u128,
}

/// Reads `System.Account` for `who` at the block `at` is pinned to (zeroes if absent).
pub async fn account_state(at: &AtBlock, who: &AccountId32) -> Result<AccountState> {
	let address = subxt::dynamic::storage::<(AccountId32,), Value>("System", "Account");
	let entry = at
		.storage()
		.fetch(address, (*who,))
		.await
		.map_err(|e| other("cannot read System.Account", e))?;
	let info = entry.decode().map_err(|e| other("cannot decode System.Account", e))?;
	let nonce = info
		.at("nonce")
		.and_then(|v| v.as_u128())
		.ok_or_else(|| Error::Other(format!("System.Account without a nonce: {info}")))?;
	let free = info
		.at("data")
		.at("free")
		.and_then(|v| v.as_u128())
		.ok_or_else(|| Error::Other(format!("System.Account without data.free: {info}")))?;
	let nonce = u64::try_from(nonce).map_err(|e| other("nonce out of range", e))?;
	Ok(AccountState { nonce, free })
}
