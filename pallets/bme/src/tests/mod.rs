//! Unit tests, one file per area and one test per rule, plus property tests over random
//! sequences. Every unit test runs in
//! [`ExtBuilder::build_and_execute`](crate::mock::ExtBuilder::build_and_execute), which checks
//! the pallet's invariants (`do_try_state`) when the test ends.

mod credits;
mod data_transfer;
mod emissions;
mod history;
mod issuance;
mod oracle;
mod parameters;
mod properties;
mod rewards;
mod settlement;
