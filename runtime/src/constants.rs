//! Constants shared by the runtime, its genesis presets and the tests: currency units, time and
//! fees.

/// Currency units of DPN.
pub mod currency {
	use crate::Balance;

	/// One DPN: 12 decimals.
	pub const DPN: Balance = 1_000_000_000_000;
	/// One thousandth of a DPN.
	pub const MILLI_DPN: Balance = DPN / 1_000;
	/// One millionth of a DPN.
	pub const MICRO_DPN: Balance = DPN / 1_000_000;
	/// The smallest balance an account may hold: 0.001 DPN.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_DPN;
	/// The token's symbol.
	pub const TOKEN_SYMBOL: &str = "DPN";
	/// The token's decimals.
	pub const TOKEN_DECIMALS: u32 = 12;
	/// The chain's SS58 address prefix (generic Substrate).
	pub const SS58_PREFIX: u16 = 42;
}

/// Block time and derived durations, in blocks.
pub mod time {
	use crate::BlockNumber;

	/// The target block time: 6 seconds. Changing it after genesis stalls block production.
	pub const MILLI_SECS_PER_BLOCK: u64 = 6_000;
	/// Aura's slot duration equals the block time.
	pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;
	/// The slot of development chains (see `configs::origins::DevPeriods`): 1 second, so tests
	/// and demos wait a sixth as long for every block. Durations in blocks (sessions, tracks,
	/// lease terms, "hours" of blocks) keep their block counts and pass six times faster there.
	/// The block weight stays the testnet's: a full block takes longer to execute than this slot,
	/// so throughput is measured on the `benchmark` presets, which keep 6 seconds.
	pub const DEV_SLOT_DURATION: u64 = 1_000;
	/// One minute of blocks.
	pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
	/// One hour of blocks.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// One day of blocks.
	pub const DAYS: BlockNumber = HOURS * 24;
	/// A validator session: one hour. The validator set changes only at its boundaries.
	pub const SESSION_PERIOD: BlockNumber = HOURS;
	/// A session on development chains (see `configs::origins::DevPeriods`): 10 blocks, so a
	/// joining validator authors within a couple of minutes.
	pub const DEV_SESSION_PERIOD: BlockNumber = 10;
	/// A hotspot's beacon interval on development chains: 10 blocks, one reward epoch there
	/// (the testnet's is 6 hours).
	pub const DEV_BEACON_INTERVAL: BlockNumber = 10;
}

/// Transaction fees.
pub mod fee {
	use crate::{constants::currency::MICRO_DPN, Balance};

	/// The fee per byte of an extrinsic.
	pub const TRANSACTION_BYTE_FEE: Balance = MICRO_DPN;
}
