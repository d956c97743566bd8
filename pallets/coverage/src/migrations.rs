//! Storage migrations of the coverage pallet.

use crate::*;
use frame_support::{
	migrations::VersionedMigration,
	traits::UncheckedOnRuntimeUpgrade,
	weights::{RuntimeDbWeight, Weight},
};
#[cfg(feature = "try-runtime")]
use sp_runtime::TryRuntimeError;

/// Version 0 to 1: stores the denylist's size (`DenylistSize`), counted from its entries.
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
	use old::{DeniedDevices, DeniedEdges, DenylistSize};

	/// Counts the entries of version 2's denied devices and pairs into its denylist size.
	pub struct CountDenylist<T>(core::marker::PhantomData<T>);

	/// The entries of each part of the denylist (version 1 and 2's storage).
	pub fn count<T: Config>() -> (u32, u32) {
		(
			DeniedDevices::<T>::iter_keys().count() as u32,
			DeniedEdges::<T>::iter_keys().count() as u32,
		)
	}

	impl<T: Config> UncheckedOnRuntimeUpgrade for CountDenylist<T> {
		fn on_runtime_upgrade() -> Weight {
			let size = count::<T>();
			DenylistSize::<T>::put(size);
			let db: RuntimeDbWeight = T::DbWeight::get();
			// One read per entry and one past the end of each map; one write.
			db.reads_writes(u64::from(size.0) + u64::from(size.1) + 2, 1)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: Vec<u8>) -> Result<(), TryRuntimeError> {
			ensure!(
				DenylistSize::<T>::get() == Some(count::<T>()),
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

/// Version 2 to 3: the denylist moves into the devices' activity records (a device's entry
/// into its own, a pair's into its witness's), so a receipt reads its witness's record and
/// nothing else: every [`Activity`] record is rewritten with the new fields, each entry of the
/// old `DeniedDevices` and `DeniedEdges` maps is moved into its record, and the maps and
/// `DenylistSize` are removed.
///
/// Single-block: one read and write per activity record (one per hotspot that ever beaconed or
/// witnessed: a few dozen on the testnet, the only chain with state at version 2) and per
/// denylist entry. A chain with a large fleet would run it as a `pallet_migrations` step.
pub type MigrateV2ToV3<T> =
	VersionedMigration<2, 3, v3::FoldDenylist<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;

/// The version 3 migration, unversioned, and the storage of version 2 it reads.
pub mod v3 {
	use super::*;
	use old::{
		at_v3::Activity as ActivityAtV3, ActivityV2, ActivityV3, DeniedDevices, DeniedEdges,
		DenylistSize,
	};

	/// Moves the denylist into the activity records.
	pub struct FoldDenylist<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for FoldDenylist<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut records = 0u64;
			// First every record in the new shape, so the moves below decode what they change.
			ActivityAtV3::<T>::translate::<ActivityV2<BlockNumberFor<T>>, _>(|_, old| {
				records += 1;
				Some(ActivityV3 {
					last_beacon: old.last_beacon,
					last_beacon_with_witness: old.last_beacon_with_witness,
					last_valid_witness: old.last_valid_witness,
					epoch: old.epoch,
					epoch_shares: old.epoch_shares,
					denial: None,
					denied_edges: Default::default(),
				})
			});
			let mut entries = 0u64;
			for (device, denial) in DeniedDevices::<T>::drain() {
				entries += 1;
				ActivityAtV3::<T>::mutate(device, |activity| activity.denial = Some(denial));
			}
			for (beaconer, witness, denial) in DeniedEdges::<T>::drain() {
				entries += 1;
				ActivityAtV3::<T>::mutate(witness, |activity| {
					let mut edges = activity.denied_edges.to_vec();
					edges.push(DeniedEdge { beaconer, denial });
					if edges.len() > MAX_DENIED_EDGES as usize {
						// Keep the entries that apply longest.
						edges.sort_by_key(|edge| core::cmp::Reverse(edge.denial.expires_at));
						log::warn!(
							target: LOG_TARGET,
							"witness {witness} had more than {MAX_DENIED_EDGES} denied pairs: the \
							 earliest to expire is dropped"
						);
					}
					activity.denied_edges = frame_support::BoundedVec::truncate_from(edges);
				});
			}
			DenylistSize::<T>::kill();
			// Each record read and written; each entry taken and its record read and written; the
			// size removed; one read past the end of each map.
			let db: RuntimeDbWeight = T::DbWeight::get();
			db.reads_writes(records + 2 * entries + 3, records + 2 * entries + 1)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			let devices: Vec<(DeviceId, DenialOf<T>)> = DeniedDevices::<T>::iter().collect();
			let edges: Vec<(DeviceId, DeviceId, DenialOf<T>)> = DeniedEdges::<T>::iter().collect();
			let records = old::Activity::<T>::iter_keys().count() as u64;
			Ok(codec::Encode::encode(&(records, devices, edges)))
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			type State<T> =
				(u64, Vec<(DeviceId, DenialOf<T>)>, Vec<(DeviceId, DeviceId, DenialOf<T>)>);
			let (records, devices, edges) = <State<T> as codec::Decode>::decode(&mut &state[..])
				.map_err(|_| "the pre-upgrade state decodes")?;
			ensure!(
				DeniedDevices::<T>::iter().next().is_none()
					&& DeniedEdges::<T>::iter().next().is_none()
					&& !DenylistSize::<T>::exists(),
				"version 2's denylist storage is left"
			);
			ensure!(
				ActivityAtV3::<T>::iter_keys().count() as u64 >= records,
				"an activity record was lost"
			);
			for (device, denial) in devices {
				ensure!(
					ActivityAtV3::<T>::get(device).denial == Some(denial),
					"a denied device's entry was not moved"
				);
			}
			for (beaconer, witness, denial) in edges {
				let activity = ActivityAtV3::<T>::get(witness);
				ensure!(
					activity.denied_edges.is_full()
						|| activity.denied_edges.contains(&DeniedEdge { beaconer, denial }),
					"a denied pair's entry was not moved"
				);
			}
			Ok(())
		}
	}
}

/// Version 3 to 4: shares are noted once an epoch has ended, per earner ([`Earners`]), not at
/// each window's close. Every [`Activity`] record gains `unnoted`; the shares its current epoch
/// holds were already noted in the pools at version 3, so they are zeroed (and the epoch's
/// [`EpochTotal`] and [`RemovedShares`] removed with them) and never noted again; noting starts
/// at the current epoch.
///
/// Single-block: one read and write per activity record (a few dozen on the testnet). A chain
/// with a large fleet would run it as a `pallet_migrations` step.
pub type MigrateV3ToV4<T> = VersionedMigration<
	3,
	4,
	v4::NoteAtEpochEnd<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;

/// The version 4 migration, unversioned.
pub mod v4 {
	use super::*;
	use old::ActivityV3;

	/// Rewrites the activity records with nothing left to note.
	pub struct NoteAtEpochEnd<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for NoteAtEpochEnd<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut records = 0u64;
			crate::Activity::<T>::translate::<ActivityV3<BlockNumberFor<T>>, _>(|_, old| {
				records += 1;
				Some(HotspotActivity {
					last_beacon: old.last_beacon,
					last_beacon_with_witness: old.last_beacon_with_witness,
					last_valid_witness: old.last_valid_witness,
					epoch: old.epoch,
					epoch_shares: 0,
					unnoted: 0,
					denial: old.denial,
					denied_edges: old.denied_edges,
				})
			});
			EpochTotal::<T>::kill();
			RemovedShares::<T>::kill();
			NotingEpoch::<T>::put(T::Rewards::current_epoch());
			// Each record read and written, one read past the end; two values removed; the
			// epoch read and the noting epoch written.
			let db: RuntimeDbWeight = T::DbWeight::get();
			db.reads_writes(records + 2, records + 3)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			Ok(codec::Encode::encode(&(old::at_v3::Activity::<T>::iter_keys().count() as u64)))
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let records = <u64 as codec::Decode>::decode(&mut &state[..])
				.map_err(|_| "the pre-upgrade state decodes")?;
			let mut after = 0u64;
			for activity in crate::Activity::<T>::iter_values() {
				after += 1;
				ensure!(
					activity.epoch_shares == 0 && activity.unnoted == 0,
					"a record holds shares already noted"
				);
			}
			ensure!(after == records, "an activity record was lost");
			ensure!(Earners::<T>::iter_keys().next().is_none(), "an earner is indexed");
			Ok(())
		}
	}
}

/// Version 4 to 5: the explorer's index ([`Located`], [`Regions`]), built from [`Counted`].
///
/// Single-block: one read of each counted hotspot and two writes (a few dozen on the testnet).
/// A chain with a large fleet would run it as a `pallet_migrations` step.
pub type MigrateV4ToV5<T> =
	VersionedMigration<4, 5, v5::IndexRegions<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;

/// The version 5 migration, unversioned.
pub mod v5 {
	use super::*;

	/// Indexes every counted hotspot under its region.
	pub struct IndexRegions<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for IndexRegions<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut counted = 0u64;
			for (device, cell) in Counted::<T>::iter() {
				counted += 1;
				if let Some(region) = cell.parent(DENSITY_MIN_RESOLUTION) {
					Located::<T>::insert(region, device, cell);
					Regions::<T>::insert(region, ());
				}
			}
			// Each counted hotspot read, one read past the end; two writes each.
			let db: RuntimeDbWeight = T::DbWeight::get();
			db.reads_writes(counted + 1, 2 * counted)
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(_state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let counted = Counted::<T>::iter_keys().count();
			ensure!(
				Located::<T>::iter_keys().count() == counted,
				"a counted hotspot is not indexed"
			);
			Ok(())
		}
	}
}

/// The storage of versions 1 to 3 that later versions replaced, for the migrations.
pub mod old {
	use super::*;
	use codec::{Decode, Encode};
	use frame_support::{
		pallet_prelude::{ConstU32, ValueQuery},
		storage_alias, BoundedVec, Twox64Concat,
	};

	/// An activity record of version 2.
	#[derive(Clone, PartialEq, Eq, Default, Encode, Decode, Debug)]
	pub struct ActivityV2<BlockNumber> {
		/// As [`HotspotActivity::last_beacon`].
		pub last_beacon: Option<BlockNumber>,
		/// As [`HotspotActivity::last_beacon_with_witness`].
		pub last_beacon_with_witness: Option<BlockNumber>,
		/// As [`HotspotActivity::last_valid_witness`].
		pub last_valid_witness: Option<BlockNumber>,
		/// As [`HotspotActivity::epoch`].
		pub epoch: EpochIndex,
		/// As [`HotspotActivity::epoch_shares`].
		pub epoch_shares: Shares,
	}

	/// An activity record of version 3.
	#[derive(Clone, PartialEq, Eq, Default, Encode, Decode, Debug)]
	pub struct ActivityV3<BlockNumber> {
		/// As [`HotspotActivity::last_beacon`].
		pub last_beacon: Option<BlockNumber>,
		/// As [`HotspotActivity::last_beacon_with_witness`].
		pub last_beacon_with_witness: Option<BlockNumber>,
		/// As [`HotspotActivity::last_valid_witness`].
		pub last_valid_witness: Option<BlockNumber>,
		/// As [`HotspotActivity::epoch`].
		pub epoch: EpochIndex,
		/// As [`HotspotActivity::epoch_shares`] (already noted at version 3).
		pub epoch_shares: Shares,
		/// As [`HotspotActivity::denial`].
		pub denial: Option<Denial<BlockNumber>>,
		/// As [`HotspotActivity::denied_edges`].
		pub denied_edges: BoundedVec<DeniedEdge<BlockNumber>, ConstU32<MAX_DENIED_EDGES>>,
	}

	/// Version 3's storage under its own names.
	pub mod at_v3 {
		use super::*;

		/// Version 3's activity records.
		#[storage_alias]
		pub type Activity<T: Config> = StorageMap<
			Pallet<T>,
			Twox64Concat,
			DeviceId,
			ActivityV3<BlockNumberFor<T>>,
			ValueQuery,
		>;
	}

	/// Version 2's activity records.
	#[storage_alias]
	pub type Activity<T: Config> =
		StorageMap<Pallet<T>, Twox64Concat, DeviceId, ActivityV2<BlockNumberFor<T>>>;

	/// Version 2's denied devices.
	#[storage_alias]
	pub type DeniedDevices<T: Config> = StorageMap<Pallet<T>, Twox64Concat, DeviceId, DenialOf<T>>;

	/// Version 2's denied (beaconer, witness) pairs.
	#[storage_alias]
	pub type DeniedEdges<T: Config> =
		StorageDoubleMap<Pallet<T>, Twox64Concat, DeviceId, Twox64Concat, DeviceId, DenialOf<T>>;

	/// Version 2's count of denylist entries (devices, pairs).
	#[storage_alias]
	pub type DenylistSize<T: Config> = StorageValue<Pallet<T>, (u32, u32)>;
}
