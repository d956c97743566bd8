//! Unit tests, one file per area and one test per rule. Every test runs in
//! [`ExtBuilder::build_and_execute`](crate::mock::ExtBuilder::build_and_execute), which checks
//! the pallet's invariants (`do_try_state`) when the test ends.

mod attestation;
mod genesis;
mod lifecycle;
mod location;
mod makers;
mod onboarding;
mod ownership;
mod parameters;
mod properties;
mod queries;
mod registry_trait;
