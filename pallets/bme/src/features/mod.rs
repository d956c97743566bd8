//! The pallet's logic, one file per feature. Dispatchables in `lib.rs` check the origin and call
//! the `do_*` functions here; the hooks and the `depin-primitives` trait implementations reuse
//! them.

mod credits;
mod emissions;
mod oracle;
mod parameters;
mod queries;
mod rewards;
mod settlement;
