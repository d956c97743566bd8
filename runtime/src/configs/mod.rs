//! Pallet configuration, split by domain. Each file configures one group of pallets of
//! [`crate::Runtime`].

mod consensus;
mod depin;
pub mod governance;
mod money;
mod system;

pub use consensus::*;
pub use depin::*;
pub use governance::*;
pub use money::*;
pub use system::*;
