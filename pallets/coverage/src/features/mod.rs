//! The pallet's logic, one file per feature. Dispatchables in `lib.rs` check the origin and call
//! the `do_*` functions here.

mod denylist;
mod report;
pub mod reward_units;

pub use report::invalid_codes;
