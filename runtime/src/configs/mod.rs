//! Pallet configuration, split by domain. Each file configures one group of pallets of
//! [`crate::Runtime`].

mod consensus;
mod money;
mod system;

pub use consensus::*;
pub use money::*;
pub use system::*;
