//! Unit tests, one file per area and one test per rule. Every test runs in
//! [`ExtBuilder::build_and_execute`](crate::mock::ExtBuilder::build_and_execute), which checks
//! the pallet's invariants (`do_try_state`) and every account's escrow when the test ends.

mod access;
mod availability;
mod close;
mod direct;
mod heartbeat;
mod offers;
mod orders;
mod parameters;
mod pause;
mod properties;
mod queries;
mod settlement;
