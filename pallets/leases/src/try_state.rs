//! The pallet's invariants, checked by `try_state` and after every unit test.

use crate::*;
use alloc::collections::btree_map::BTreeMap;
use frame_support::traits::fungible::InspectHold;
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the pallet's storage:
	///
	/// - **Escrow.** For every tenant with an order or a lease, `Credits::escrowed(tenant)`
	///   equals the escrows of its open orders plus those of its leases (open, or closed and
	///   awaiting settlement). The credits ledger's escrow is used by this pallet only.
	/// - **One lease a device.** [`ActiveLeaseOf`] names, for each device, an open lease of that
	///   device, and every open lease is the one [`ActiveLeaseOf`] names for its device; so no
	///   device is in two open leases.
	/// - **Registered devices.** Every open lease's device is registered (a device leaving
	///   service closes its lease through the observer hooks, or on the next touch).
	/// - **Closed records.** A lease kept after closing owes exactly the credits it keeps
	///   escrowed, which are above zero.
	/// - **Accrual.** `carry < BlocksPerHour`; `accrued_to` is not after the current block nor
	///   before the start; ids are below their counters; [`LeasesOf`] indexes exactly the
	///   stored leases under their providers.
	/// - **Bids.** Every order's bids name distinct devices, and the bonds of a provider's bids
	///   sum to what is held from it for [`HoldReason::BidBond`].
	/// - **Order deposits.** The deposits of a tenant's orders sum to what is held from it for
	///   [`HoldReason::OrderDeposit`].
	/// - **Availability.** Every [`Availability`] record belongs to a listed device, and
	///   neither its idle stretch nor its paid windows start after the current block.
	/// - **Access details.** Every [`LeaseAccess`] entry belongs to an open lease, and is not
	///   empty.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let now = Self::now();
		let mut escrows: BTreeMap<T::AccountId, CreditBalance> = BTreeMap::new();
		let mut add = |who: &T::AccountId, amount: CreditBalance| {
			let total = escrows.entry(who.clone()).or_insert(0);
			*total = total.saturating_add(amount);
		};

		let next_order = NextOrderId::<T>::get();
		let mut deposits: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, order) in Orders::<T>::iter() {
			ensure!(id < next_order, "an order id is not below NextOrderId");
			add(&order.tenant, order.escrow);
			let total = deposits.entry(order.tenant.clone()).or_insert_with(Zero::zero);
			*total = total.saturating_add(order.deposit);
		}
		for (tenant, deposited) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::OrderDeposit.into(), &tenant)
					== deposited,
				"a tenant's order deposits differ from what is held from it"
			);
		}

		let next_lease = NextLeaseId::<T>::get();
		let per_hour = CreditBalance::from(T::BlocksPerHour::get());
		let mut indexed = 0u64;
		for (id, lease) in LeaseRecords::<T>::iter() {
			ensure!(id < next_lease, "a lease id is not below NextLeaseId");
			ensure!(lease.carry < per_hour, "a lease's carry is a whole credit or more");
			ensure!(
				lease.accrued_to <= now && lease.accrued_to >= lease.started_at,
				"a lease is accrued past the current block or before its start"
			);
			ensure!(
				LeasesOf::<T>::contains_key(&lease.provider, id),
				"a lease is not indexed under its provider"
			);
			indexed += 1;
			add(&lease.tenant, lease.escrow);
			if lease.state.is_open() {
				ensure!(
					ActiveLeaseOf::<T>::get(lease.device) == Some(id),
					"an open lease is not its device's active lease"
				);
				ensure!(
					T::Registry::device(lease.device).is_some(),
					"an open lease refers to an unregistered device"
				);
			} else {
				ensure!(
					lease.owed == lease.escrow && lease.owed > 0,
					"a closed lease is kept without exactly its owed credits escrowed"
				);
			}
		}
		ensure!(
			LeasesOf::<T>::iter_keys().count() as u64 == indexed,
			"LeasesOf indexes leases that are not stored"
		);
		for (device, id) in ActiveLeaseOf::<T>::iter() {
			let lease = LeaseRecords::<T>::get(id).ok_or("ActiveLeaseOf names a missing lease")?;
			ensure!(lease.device == device, "ActiveLeaseOf names another device's lease");
			ensure!(lease.state.is_open(), "ActiveLeaseOf names a closed lease");
		}

		for (tenant, escrowed) in escrows {
			ensure!(
				T::Credits::escrowed(&tenant) == escrowed,
				"a tenant's escrowed credits differ from its orders' and leases' escrows"
			);
		}

		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (order, bids) in Bids::<T>::iter() {
			ensure!(Orders::<T>::contains_key(order), "bids are kept for a missing order");
			for (index, bid) in bids.iter().enumerate() {
				ensure!(
					!bids.iter().skip(index + 1).any(|other| other.device == bid.device),
					"two bids on one order name the same device"
				);
				let total = bonds.entry(bid.provider.clone()).or_insert_with(Zero::zero);
				*total = total.saturating_add(bid.bond);
			}
		}
		for (provider, bonded) in bonds {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::BidBond.into(), &provider) == bonded,
				"a provider's bid bonds differ from what is held from it"
			);
		}

		for (device, record) in Availability::<T>::iter() {
			ensure!(Offers::<T>::contains_key(device), "an availability record has no offer");
			ensure!(
				record.idle_since <= now && record.proven_until <= now,
				"an availability record starts after the current block"
			);
		}
		for (id, sealed) in LeaseAccess::<T>::iter() {
			let open = LeaseRecords::<T>::get(id)
				.is_some_and(|lease| !matches!(lease.state, LeaseState::Closed { .. }));
			ensure!(open, "access details of a lease that is not open");
			ensure!(!sealed.is_empty(), "empty access details");
		}
		Ok(())
	}
}
