//! The pallet's logic, one file per feature. Dispatchables in `lib.rs` check the origin and call
//! the `do_*` functions here.

mod offences;
mod registration;
mod removal;

pub use registration::NotBanned;
