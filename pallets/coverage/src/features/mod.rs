//! The pallet's logic, one file per feature. Dispatchables in `lib.rs` check the origin and call
//! the `do_*` functions here.

pub mod density;
mod denylist;
mod noting;
mod queries;
mod report;
pub mod reward_units;
mod window;

pub use report::invalid_codes;
#[cfg(test)]
pub(crate) use window::Closed;
