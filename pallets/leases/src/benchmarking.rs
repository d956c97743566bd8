//! Benchmarks of the leases calls and of one `on_idle` settlement (frame-benchmarking v2).
//!
//! Device keys are sr25519 (the slower scheme to verify), generated in the benchmark keystore.
//! Bids use the largest bond governance may set. The touches that can close a lease (`claim`,
//! `close_lease`, `force_close_lease` and `on_idle`'s `settle_lease`) are measured in their
//! worst case: the lease is found in breach, so it is accrued, settled through
//! `UsageSettlement`, refunded, the device freed and the provider's bond slashed.

#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::Pallet as Leases;
use alloc::{vec, vec::Vec};
use depin_primitives::{
	device::MAX_NAME_LEN,
	genesis_hash,
	payloads::{availability_payload, heartbeat_payload},
	DeviceKey, ShortString,
};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{Authorize, EnsureOrigin, Hooks},
	weights::WeightMeter,
};
use frame_system::RawOrigin;
use sp_core::{crypto::KeyTypeId, sr25519};
use sp_runtime::{traits::UniqueSaturatedInto, Weight};

const SEED: u32 = 0;
const KEY_TYPE: KeyTypeId = KeyTypeId(*b"dpin");
/// The lease term every benchmark uses, in blocks.
const TERM: u32 = 100_000;

fn new_key() -> (sr25519::Public, DeviceKey) {
	let public = sp_io::crypto::sr25519_generate(KEY_TYPE, None);
	(public, DeviceKey::Sr25519(public.0))
}

fn sign(public: &sr25519::Public, message: &[u8]) -> Result<DeviceSignature, BenchmarkError> {
	sp_io::crypto::sr25519_sign(KEY_TYPE, public, message)
		.map(|signature| DeviceSignature::Sr25519(signature.0))
		.ok_or(BenchmarkError::Stop("the benchmark keystore cannot sign"))
}

fn governance<T: Config>() -> Result<T::RuntimeOrigin, BenchmarkError> {
	T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)
}

fn set_block<T: Config>(block: u32) {
	frame_system::Pallet::<T>::set_block_number(block.into());
}

/// The default parameters with the largest bid bond and order deposit.
fn worst_case_parameters<T: Config>() {
	let mut parameters = DefaultParameters::<T>::get();
	parameters.bid_bond = T::MaxBidBond::get();
	parameters.order_deposit = T::MaxBidBond::get();
	Parameters::<T>::put(parameters);
	T::BenchmarkHelper::enable_settlement();
}

/// An account with DPN for a hundred bid bonds and plenty of credits.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	let amount = T::MaxBidBond::get()
		.saturating_mul(100u32.into())
		.saturating_add(T::Currency::minimum_balance().saturating_mul(1_000u32.into()));
	T::Currency::set_balance(&who, amount);
	T::BenchmarkHelper::fund_credits(&who, 1_000_000_000_000_000);
	who
}

/// A region of the largest size.
fn long_region() -> Region {
	Region::truncate_from(vec![b'r'; MAX_REGION_LEN as usize])
}

/// 1,000 credits a block.
fn price<T: Config>() -> CreditBalance {
	CreditBalance::from(T::BlocksPerHour::get()).saturating_mul(1_000)
}

fn terms<T: Config>() -> OfferTermsOf<T> {
	OfferTerms {
		price_per_hour: price::<T>(),
		min_duration: 10u32.into(),
		max_duration: TERM.into(),
		region: long_region(),
	}
}

/// Requirements the helper's GPU devices meet.
fn requirements<T: Config>() -> Requirements {
	Requirements {
		model: Some(ShortString::truncate_from(b"H100".to_vec())),
		min_vram_gib: 80,
		gpu_count: 8,
		region: Some(long_region()),
		max_price_per_hour: price::<T>(),
	}
}

/// A GPU device of `owner` with a fresh key, listed.
fn listed<T: Config>(owner: &T::AccountId) -> Result<(DeviceId, sr25519::Public), BenchmarkError> {
	let (public, key) = new_key();
	let device = T::BenchmarkHelper::register_gpu(owner, key);
	Leases::<T>::do_list_offer(owner.clone(), device, terms::<T>())?;
	Ok((device, public))
}

/// An open order, its tenant and its bidders with their devices.
struct OpenOrder<T: Config> {
	order: OrderId,
	tenant: T::AccountId,
	bidders: Vec<(T::AccountId, DeviceId)>,
}

/// An order of a fresh tenant with `bids` bids, each by its own provider and device.
fn order_with_bids<T: Config>(bids: u32) -> Result<OpenOrder<T>, BenchmarkError> {
	worst_case_parameters::<T>();
	let tenant = funded::<T>("tenant", 0);
	let order = Leases::<T>::do_create_order(tenant.clone(), requirements::<T>(), TERM.into())?;
	let mut bidders = Vec::new();
	for i in 0..bids {
		let provider = funded::<T>("provider", i);
		let (device, _) = listed::<T>(&provider)?;
		Leases::<T>::do_place_bid(provider.clone(), order, device, price::<T>())?;
		bidders.push((provider, device));
	}
	Ok(OpenOrder { order, tenant, bidders })
}

/// A lease started at block 1 with `deposit` credits, with a heartbeat for interval 0.
struct Running<T: Config> {
	id: LeaseId,
	tenant: T::AccountId,
	provider: T::AccountId,
	public: sr25519::Public,
}

fn running<T: Config>(deposit: CreditBalance) -> Result<Running<T>, BenchmarkError> {
	worst_case_parameters::<T>();
	set_block::<T>(1);
	let provider = funded::<T>("provider", 0);
	let (device, public) = listed::<T>(&provider)?;
	let tenant = funded::<T>("tenant", 0);
	let id = Leases::<T>::do_lease_offer(
		tenant.clone(),
		device,
		TERM.into(),
		deposit,
		MAX_PRICE_PER_HOUR,
	)?;
	let signature = sign(&public, &heartbeat_payload(&genesis_hash::<T>(), id, 0))?;
	Leases::<T>::do_heartbeat(id, 0, &signature)?;
	Ok(Running { id, tenant, provider, public })
}

/// A lease whose device heartbeat once, at the block its breach is found.
fn breached<T: Config>() -> Result<Running<T>, BenchmarkError> {
	let lease = running::<T>(price::<T>().saturating_mul(TERM.into()))?;
	let stored = LeaseRecords::<T>::get(lease.id).ok_or("the lease is stored")?;
	let max_missed = Parameters::<T>::get().max_missed_heartbeats;
	frame_system::Pallet::<T>::set_block_number(Leases::<T>::breach_at(&stored, max_missed));
	// The settlement at the breach needs a price that is fresh at that block.
	T::BenchmarkHelper::enable_settlement();
	Ok(lease)
}

/// A device listed at block 1 and idle through availability window 1, at the first block of
/// window 2, with its signed proof of window 1.
fn idle_through_window_one<T: Config>() -> Result<(DeviceId, DeviceSignature), BenchmarkError> {
	set_block::<T>(1);
	let provider = funded::<T>("provider", 0);
	let (device, public) = listed::<T>(&provider)?;
	let period = AvailabilityParams::<T>::get().period;
	let window_two = period.saturating_add(period);
	frame_system::Pallet::<T>::set_block_number(window_two);
	let challenge = Leases::<T>::availability_challenge(window_two.saturating_sub(1u32.into()));
	let payload = availability_payload(&genesis_hash::<T>(), device, 1, &challenge);
	Ok((device, sign(&public, &payload)?))
}

fn assert_closed<T: Config>(id: LeaseId) {
	assert!(!LeaseRecords::<T>::contains_key(id));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The only path: an active GPU device of the caller listed.
	#[benchmark]
	fn list_offer() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("provider", 0);
		let (_, key) = new_key();
		let device = T::BenchmarkHelper::register_gpu(&owner, key);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, terms::<T>());

		assert!(Offers::<T>::contains_key(device));
		Ok(())
	}

	/// The only path: the offer's terms replaced.
	#[benchmark]
	fn update_offer() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("provider", 0);
		let (device, _) = listed::<T>(&owner)?;
		let mut new_terms = terms::<T>();
		new_terms.price_per_hour = new_terms.price_per_hour.saturating_add(1);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device, new_terms.clone());

		assert_eq!(Offers::<T>::get(device).map(|offer| offer.terms), Some(new_terms));
		Ok(())
	}

	/// The only path: the offer removed.
	#[benchmark]
	fn withdraw_offer() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("provider", 0);
		let (device, _) = listed::<T>(&owner)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), device);

		assert!(!Offers::<T>::contains_key(device));
		Ok(())
	}

	/// Worst case: the largest bid bond and order deposit in force (unused here), a direct lease
	/// escrowing the whole term.
	#[benchmark]
	fn lease_offer() -> Result<(), BenchmarkError> {
		worst_case_parameters::<T>();
		let owner = funded::<T>("provider", 0);
		let (device, _) = listed::<T>(&owner)?;
		let tenant = funded::<T>("tenant", 0);
		let deposit = price::<T>().saturating_mul(TERM.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(tenant), device, TERM.into(), deposit, MAX_PRICE_PER_HOUR);

		assert!(ActiveLeaseOf::<T>::contains_key(device));
		Ok(())
	}

	/// Worst case: the largest requirements (a 32-byte model and a 16-byte region) and the largest
	/// order deposit held.
	#[benchmark]
	fn create_order() -> Result<(), BenchmarkError> {
		worst_case_parameters::<T>();
		let tenant = funded::<T>("tenant", 0);
		let mut requirements = requirements::<T>();
		requirements.model = Some(ShortString::truncate_from(vec![b'm'; MAX_NAME_LEN as usize]));

		#[extrinsic_call]
		_(RawOrigin::Signed(tenant), requirements, TERM.into());

		assert!(Orders::<T>::contains_key(0));
		Ok(())
	}

	/// Worst case for `b` bids: every bid's bond released, the escrow refunded and the largest order
	/// deposit released.
	#[benchmark]
	fn cancel_order(b: Linear<0, { T::MaxBidsPerOrder::get() }>) -> Result<(), BenchmarkError> {
		let OpenOrder { order, tenant, .. } = order_with_bids::<T>(b)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(tenant), order);

		assert!(!Orders::<T>::contains_key(order));
		Ok(())
	}

	/// Worst case: the order already has all but one of its bids.
	#[benchmark]
	fn place_bid() -> Result<(), BenchmarkError> {
		let OpenOrder { order, .. } =
			order_with_bids::<T>(T::MaxBidsPerOrder::get().saturating_sub(1))?;
		let provider = funded::<T>("last provider", 0);
		let (device, _) = listed::<T>(&provider)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), order, device, price::<T>());

		assert_eq!(Bids::<T>::get(order).len() as u32, T::MaxBidsPerOrder::get());
		Ok(())
	}

	/// Worst case: the last of a full order's bids.
	#[benchmark]
	fn withdraw_bid() -> Result<(), BenchmarkError> {
		let OpenOrder { order, bidders, .. } = order_with_bids::<T>(T::MaxBidsPerOrder::get())?;
		let (provider, device) = bidders.last().cloned().ok_or("the order has bids")?;

		#[extrinsic_call]
		_(RawOrigin::Signed(provider), order, device);

		assert_eq!(Bids::<T>::get(order).len() as u32, T::MaxBidsPerOrder::get().saturating_sub(1));
		Ok(())
	}

	/// Worst case for `b` bids: the lease started, the surplus refunded, every bond and the order's
	/// deposit released.
	#[benchmark]
	fn accept_bid(b: Linear<1, { T::MaxBidsPerOrder::get() }>) -> Result<(), BenchmarkError> {
		let OpenOrder { order, tenant, bidders } = order_with_bids::<T>(b)?;
		let (_, device) = bidders.last().cloned().ok_or("the order has bids")?;

		#[extrinsic_call]
		_(RawOrigin::Signed(tenant), order, device);

		assert!(ActiveLeaseOf::<T>::contains_key(device));
		Ok(())
	}

	/// Worst case for `b` bids: as cancelling, by anyone once the order expired.
	#[benchmark]
	fn close_expired_order(
		b: Linear<0, { T::MaxBidsPerOrder::get() }>,
	) -> Result<(), BenchmarkError> {
		let OpenOrder { order, .. } = order_with_bids::<T>(b)?;
		let expires_at = Orders::<T>::get(order).ok_or("the order is stored")?.expires_at;
		frame_system::Pallet::<T>::set_block_number(expires_at);
		let anyone = funded::<T>("anyone", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(anyone), order);

		assert!(!Orders::<T>::contains_key(order));
		Ok(())
	}

	/// Worst case: the top-up finds the lease in breach and closes it: the escrow (the top-up
	/// included) is settled and refunded and the provider's bond slashed twice (tenant and
	/// treasury). The other path, a paused lease whose debt is settled and which resumes, does a
	/// subset of that work: one settlement and one record write, no release and no slash.
	#[benchmark]
	fn top_up() -> Result<(), BenchmarkError> {
		let lease = breached::<T>()?;
		let amount = price::<T>().saturating_mul(TERM.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(lease.tenant), lease.id, amount);

		assert_closed::<T>(lease.id);
		Ok(())
	}

	/// Worst case: a heartbeat that accrues the end of the previous interval, bills its own and
	/// settles successfully (a price is fresh at that block; with a stale one the settlement
	/// fails early and the benchmark would measure the cheaper path).
	#[benchmark]
	fn heartbeat() -> Result<(), BenchmarkError> {
		let lease = running::<T>(price::<T>().saturating_mul(TERM.into()))?;
		let period: u32 = Parameters::<T>::get().heartbeat_period.unique_saturated_into();
		set_block::<T>(1u32.saturating_add(period).saturating_add(period / 2));
		T::BenchmarkHelper::enable_settlement();
		let signature = sign(&lease.public, &heartbeat_payload(&genesis_hash::<T>(), lease.id, 1))?;
		let settled_before = LeaseRecords::<T>::get(lease.id).ok_or("the lease is stored")?.settled;

		#[extrinsic_call]
		_(RawOrigin::Authorized, lease.id, 1, signature);

		let stored = LeaseRecords::<T>::get(lease.id).ok_or("the lease is stored")?;
		assert_eq!(stored.last_heartbeat, Some(1));
		assert!(stored.settled > settled_before, "the heartbeat's settlement went through");
		Ok(())
	}

	/// The only path: every heartbeat rule and the device's signature.
	#[benchmark]
	fn authorize_heartbeat() -> Result<(), BenchmarkError> {
		let lease = running::<T>(price::<T>().saturating_mul(TERM.into()))?;
		let period: u32 = Parameters::<T>::get().heartbeat_period.unique_saturated_into();
		set_block::<T>(1u32.saturating_add(period));
		let signature = sign(&lease.public, &heartbeat_payload(&genesis_hash::<T>(), lease.id, 1))?;
		let call = Call::<T>::heartbeat { lease: lease.id, interval: 1, signature };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("heartbeat has an authorize function")?
				.map_err(|_| "the heartbeat is valid")?;
		}

		Ok(())
	}

	/// Worst case: the claim finds the lease in breach and closes it (settled, refunded, the bond
	/// slashed to the tenant and the treasury).
	#[benchmark]
	fn claim() -> Result<(), BenchmarkError> {
		let lease = breached::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(lease.provider), lease.id);

		assert_closed::<T>(lease.id);
		Ok(())
	}

	/// Worst case: the close finds the lease in breach (as `claim`).
	#[benchmark]
	fn close_lease() -> Result<(), BenchmarkError> {
		let lease = breached::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(lease.tenant), lease.id);

		assert_closed::<T>(lease.id);
		Ok(())
	}

	/// Worst case: governance's close finds the lease in breach (as `claim`).
	#[benchmark]
	fn force_close_lease() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let lease = breached::<T>()?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, lease.id);

		assert_closed::<T>(lease.id);
		Ok(())
	}

	/// The only path: the bounds checked and the parameters written.
	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let mut parameters = DefaultParameters::<T>::get();
		parameters.bid_bond = T::MaxBidBond::get();
		parameters.order_deposit = T::MaxBidBond::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, parameters);

		assert_eq!(Parameters::<T>::get(), parameters);
		Ok(())
	}

	/// The only path that pays: a listed GPU device, idle through window 1, proves it in window
	/// 2 (every rule, the sr25519 signature over the challenge) and its provider's first share
	/// of the epoch is noted.
	#[benchmark]
	fn prove_availability() -> Result<(), BenchmarkError> {
		let (device, signature) = idle_through_window_one::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Authorized, device, 1, signature);

		let record = Availability::<T>::get(device).ok_or("the device has a record")?;
		assert!(record.proven_until > Zero::zero(), "window 1 was paid");
		Ok(())
	}

	/// The only path: every availability rule and the device's signature.
	#[benchmark]
	fn authorize_availability() -> Result<(), BenchmarkError> {
		let (device, signature) = idle_through_window_one::<T>()?;
		let call = Call::<T>::prove_availability { device, window: 1, signature };

		#[block]
		{
			call.authorize(TransactionSource::External)
				.ok_or("prove_availability has an authorize function")?
				.map_err(|_| "the proof is valid")?;
		}

		Ok(())
	}

	/// The only path: the bounds checked and the parameters written.
	#[benchmark]
	fn set_availability_parameters() -> Result<(), BenchmarkError> {
		let origin = governance::<T>()?;
		let parameters = DefaultAvailabilityParameters::<T>::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, parameters);

		assert_eq!(AvailabilityParams::<T>::get(), parameters);
		Ok(())
	}

	/// One lease visited by `on_idle`, found in breach.
	#[benchmark]
	fn settle_lease() -> Result<(), BenchmarkError> {
		let lease = breached::<T>()?;
		let mut meter = WeightMeter::new();

		#[block]
		{
			Leases::<T>::settle_idle(&mut meter, 1);
		}

		assert_closed::<T>(lease.id);
		Ok(())
	}

	/// `on_idle` as the runtime calls it, with the default batch of leases all in breach.
	#[benchmark(extra)]
	fn on_idle_batch() -> Result<(), BenchmarkError> {
		let lease = breached::<T>()?;
		let now = frame_system::Pallet::<T>::block_number();

		#[block]
		{
			Leases::<T>::on_idle(now, Weight::MAX);
		}

		assert_closed::<T>(lease.id);
		Ok(())
	}

	/// The only path: the lease read, the longest access details written.
	#[benchmark]
	fn set_access() -> Result<(), BenchmarkError> {
		let lease = running::<T>(price::<T>().saturating_mul(TERM.into()))?;
		let sealed: SealedAccess =
			vec![7u8; MAX_ACCESS_LEN as usize].try_into().map_err(|_| "within the bound")?;

		#[extrinsic_call]
		_(RawOrigin::Signed(lease.provider), lease.id, sealed);

		assert!(LeaseAccess::<T>::contains_key(lease.id));
		Ok(())
	}

	impl_benchmark_test_suite!(
		Leases,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
