//! Storage migrations of the coverage pallet.

use crate::*;
use frame_support::{
	migrations::VersionedMigration,
	traits::UncheckedOnRuntimeUpgrade,
	weights::{RuntimeDbWeight, Weight},
};
#[cfg(feature = "try-runtime")]
use sp_runtime::TryRuntimeError;

/// Version 0 to 1: stores the denylist's size ([`DenylistSize`]), counted from its entries.
///
/// Bounded by the denylist, which only governance adds to (one entry a referendum), so it runs in
/// one block.
pub type MigrateV0ToV1<T> = VersionedMigration<
	0,
	1,
	v1::CountDenylist<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;

/// The version 1 migration, unversioned.
pub mod v1 {
	use super::*;

	/// Counts the entries of [`DeniedDevices`] and [`DeniedEdges`] into [`DenylistSize`].
	pub struct CountDenylist<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for CountDenylist<T> {
		fn on_runtime_upgrade() -> Weight {
			let size = Pallet::<T>::count_denylist();
			DenylistSize::<T>::put(size);
			let db: RuntimeDbWeight = T::DbWeight::get();
			// One read per entry and one past the end of each map; one write.
			db.reads_writes(u64::from(size.devices) + u64::from(size.edges) + 2, 1)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: Vec<u8>) -> Result<(), TryRuntimeError> {
			ensure!(
				DenylistSize::<T>::get() == Pallet::<T>::count_denylist(),
				"the denylist's stored size differs from its entries"
			);
			Ok(())
		}
	}
}

/// Version 1 to 2: receipt windows ([`Windows`], [`Closing`], [`ClosingCount`]). Version 1
/// settled each report in its own block and keeps nothing in flight, so there is nothing to
/// translate: the migration moves the storage version, and `post_upgrade` checks that no window
/// exists yet.
pub type MigrateV1ToV2<T> = VersionedMigration<
	1,
	2,
	v2::IntroduceWindows<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;

/// The version 2 migration, unversioned.
pub mod v2 {
	use super::*;

	/// Introduces receipt windows; writes nothing but the version.
	pub struct IntroduceWindows<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for IntroduceWindows<T> {
		fn on_runtime_upgrade() -> Weight {
			Weight::zero()
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: Vec<u8>) -> Result<(), TryRuntimeError> {
			ensure!(Windows::<T>::iter().next().is_none(), "a window exists before version 2");
			ensure!(
				ClosingCount::<T>::iter().next().is_none() && Closing::<T>::iter().next().is_none(),
				"a close block is indexed before version 2"
			);
			Ok(())
		}
	}
}
