//! Unit tests, one file per area and one test per rule. Every test runs in
//! [`ExtBuilder::build_and_execute`](crate::mock::ExtBuilder::build_and_execute), which checks
//! the pallet's invariants (`do_try_state`) when the test ends.

mod authorize;
mod beacon;
mod density;
mod denylist;
mod explorer;
mod noting;
mod properties;
mod reciprocity;
mod rewards;
mod selection;
mod window;
mod witness;
