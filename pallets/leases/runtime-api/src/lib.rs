//! # Leases runtime API
//!
//! The reads a client needs from the GPU marketplace, answered by the runtime through `state_call`,
//! and as plain JSON through `pallet-leases-rpc`'s `depin_*` methods: the offers that could be
//! leased now for some requirements (one page at a time), a quote (the cheapest matching offers
//! with what the term costs), a lease's state with what it owes now and the escrow left, a
//! provider's leases (paged) and earnings, and the parameters; since version 2, every open order
//! and every lease, paged. The runtime implements it by calling
//! `pallet_leases::Pallet::{offers_matching, quote, lease_status, leases_of, earnings,
//! parameters, orders, leases}`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use depin_primitives::DeviceId;
pub use pallet_leases::{
	Earnings, Lease, LeaseId, LeaseParameters, LeaseStatus, Offer, Order, OrderId, Quote,
	Requirements,
};

sp_api::decl_runtime_apis! {
	/// Reads of the GPU marketplace.
	#[api_version(2)]
	pub trait LeasesApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// One page of the offers that could be leased now for `requirements` and a term of
		/// `duration` blocks (active device still owned by its provider, not leased, meeting
		/// the requirements, priced at most their maximum): at most `limit` (capped by the
		/// runtime's page size), scanning after the device `start_after`, or from the start
		/// when `None`. Pages follow storage order: pass the last device of a page to get the
		/// next one, and stop when a page is shorter than asked.
		fn offers_matching(
			requirements: Requirements,
			duration: BlockNumber,
			start_after: Option<DeviceId>,
			limit: u32,
		) -> Vec<(DeviceId, Offer<AccountId, BlockNumber>)>;

		/// The cheapest offers that could be leased now for `requirements` and a term of
		/// `duration` blocks, cheapest first, at most `limit`, each with the credits the whole
		/// term costs (what leasing it for the term escrows).
		fn quote(requirements: Requirements, duration: BlockNumber, limit: u32) -> Vec<Quote>;

		/// A lease with the credits it owes as of the current block and the escrow left once
		/// they are settled; `None` when no such lease is stored.
		fn lease(lease: LeaseId) -> Option<LeaseStatus<AccountId, BlockNumber>>;

		/// One page of `provider`'s leases: at most `limit` (capped by the runtime's page size),
		/// after the lease `start_after`, or from the start when `None`, in storage order.
		fn leases_of(
			provider: AccountId,
			start_after: Option<LeaseId>,
			limit: u32,
		) -> Vec<(LeaseId, Lease<AccountId, BlockNumber>)>;

		/// Credits settled to `provider` over all its leases, and what its leases owe now.
		fn earnings(provider: AccountId) -> Earnings;

		/// The heartbeat period, breach, grace, notice, order expiry, bid bond, breach slash
		/// and `on_idle` batch in force.
		fn parameters() -> LeaseParameters<Balance, BlockNumber>;

		/// One page of the open orders, each with its number of bids: at most `limit` (capped
		/// by the runtime's page size) after the order `start_after`, in storage order.
		#[api_version(2)]
		fn orders(
			start_after: Option<OrderId>,
			limit: u32,
		) -> Vec<(OrderId, Order<AccountId, Balance, BlockNumber>, u32)>;

		/// One page of every stored lease (open, or closed awaiting settlement): at most `limit`
		/// (capped by the runtime's page size) after the lease `start_after`, in storage order.
		#[api_version(2)]
		fn leases(
			start_after: Option<LeaseId>,
			limit: u32,
		) -> Vec<(LeaseId, Lease<AccountId, BlockNumber>)>;
	}
}
