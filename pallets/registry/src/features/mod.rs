//! The pallet's logic, one file per feature. Dispatchables in `lib.rs` check the origin and call
//! the `do_*` functions here; the [`depin_primitives::DeviceRegistry`] implementation reuses them.

mod lifecycle;
mod location;
mod makers;
mod onboarding;
mod ownership;
mod parameters;
mod queries;
