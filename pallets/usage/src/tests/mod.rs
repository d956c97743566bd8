//! The pallet's rules, one file per concern, each test named for the rule it checks.

mod demand;
mod payers;
mod properties;
mod pruning;
mod rewards;
mod sessions;
