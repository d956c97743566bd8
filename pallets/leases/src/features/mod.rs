//! The pallet's logic, one file per feature. Dispatchables in `lib.rs` check the origin and call
//! the `do_*` functions here.

mod availability;
mod heartbeat;
mod leases;
mod observer;
mod offers;
mod orders;
mod parameters;
mod queries;
mod settlement;

pub use availability::availability_codes;
pub use heartbeat::invalid_codes;
