//! The pallet's logic, one file per concern; the calls in `lib.rs` only check origins and
//! forward here.

pub mod demand;
pub mod payers;
pub mod pruning;
pub mod queries;
pub mod rewards;
pub mod sessions;
