//! Unit tests, one file per area and one test per rule. Every test runs in
//! [`ExtBuilder::build_and_execute`](crate::mock::ExtBuilder::build_and_execute), which checks
//! the pallet's invariants when the test ends.

mod offences;
mod removal;
