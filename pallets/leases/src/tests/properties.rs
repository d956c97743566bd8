//! Property tests: random sequences of listings, direct leases, orders, bids, acceptances,
//! cancellations, heartbeats, availability proofs, top-ups, claims, closes, devices leaving service, settlement
//! failures, time passing and `on_idle` by several accounts, with every invariant of
//! `do_try_state` checked after each step, a refused call leaving storage exactly as it was, and
//! the credit books balanced throughout: what the tenants hold (spendable and escrowed) plus
//! what was settled to providers is what they started with.

use crate::{mock::*, *};
use alloc::collections::BTreeSet;
use depin_primitives::{payloads::availability_payload, DeviceClass, DeviceObserver, DeviceStatus};
use frame_support::{dispatch::DispatchResult, weights::Weight};
use proptest::prelude::*;
use sp_core::Pair;

/// Accounts the operations pick from.
const ACCOUNTS: [AccountId; 4] = [ALICE, BOB, CHARLIE, DAVE];
/// The GPU machines: device `n` (key `key(n)`) owned by `OWNERS[n - 1]`.
const OWNERS: [AccountId; 4] = [BOB, CHARLIE, BOB, DAVE];

#[derive(Clone, Debug)]
enum Op {
	List {
		device: DeviceId,
		price: CreditBalance,
	},
	WithdrawOffer {
		device: DeviceId,
	},
	LeaseOffer {
		tenant: AccountId,
		device: DeviceId,
		duration: u64,
		deposit: CreditBalance,
	},
	CreateOrder {
		tenant: AccountId,
		max_price: CreditBalance,
		duration: u64,
	},
	Bid {
		order: OrderId,
		device: DeviceId,
		price: CreditBalance,
	},
	Accept {
		tenant: AccountId,
		order: OrderId,
		device: DeviceId,
	},
	Cancel {
		tenant: AccountId,
		order: OrderId,
	},
	CloseExpired {
		who: AccountId,
		order: OrderId,
	},
	Heartbeat {
		lease: LeaseId,
	},
	/// The device proves the availability window that ended last.
	ProveAvailability {
		device: DeviceId,
	},
	TopUp {
		tenant: AccountId,
		lease: LeaseId,
		amount: CreditBalance,
	},
	Claim {
		who: AccountId,
		lease: LeaseId,
	},
	Close {
		who: AccountId,
		lease: LeaseId,
	},
	ForceClose {
		lease: LeaseId,
	},
	/// The device leaves service (retired), and the registry's hook tells the pallet.
	Retire {
		device: DeviceId,
	},
	SettlementFails {
		fails: bool,
	},
	Advance {
		blocks: u64,
	},
	Idle,
}

fn account() -> impl Strategy<Value = AccountId> {
	prop::sample::select(ACCOUNTS.to_vec())
}

fn device() -> impl Strategy<Value = DeviceId> {
	1u64..=4
}

fn price() -> impl Strategy<Value = CreditBalance> {
	1u128..1_500
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		2 => (device(), price()).prop_map(|(device, price)| Op::List { device, price }),
		1 => device().prop_map(|device| Op::WithdrawOffer { device }),
		3 => (account(), device(), 1u64..2_000, 0u128..3_000).prop_map(
			|(tenant, device, duration, deposit)| Op::LeaseOffer { tenant, device, duration, deposit }
		),
		2 => (account(), price(), 1u64..2_000).prop_map(|(tenant, max_price, duration)| {
			Op::CreateOrder { tenant, max_price, duration }
		}),
		2 => (0u64..6, device(), price()).prop_map(|(order, device, price)| Op::Bid {
			order,
			device,
			price
		}),
		2 => (account(), 0u64..6, device()).prop_map(|(tenant, order, device)| Op::Accept {
			tenant,
			order,
			device
		}),
		1 => (account(), 0u64..6).prop_map(|(tenant, order)| Op::Cancel { tenant, order }),
		1 => (account(), 0u64..6).prop_map(|(who, order)| Op::CloseExpired { who, order }),
		4 => (0u64..8).prop_map(|lease| Op::Heartbeat { lease }),
		2 => device().prop_map(|device| Op::ProveAvailability { device }),
		2 => (account(), 0u64..8, 0u128..2_000).prop_map(|(tenant, lease, amount)| Op::TopUp {
			tenant,
			lease,
			amount
		}),
		1 => (account(), 0u64..8).prop_map(|(who, lease)| Op::Claim { who, lease }),
		1 => (account(), 0u64..8).prop_map(|(who, lease)| Op::Close { who, lease }),
		1 => (0u64..8).prop_map(|lease| Op::ForceClose { lease }),
		1 => device().prop_map(|device| Op::Retire { device }),
		1 => any::<bool>().prop_map(|fails| Op::SettlementFails { fails }),
		3 => (1u64..150).prop_map(|blocks| Op::Advance { blocks }),
		1 => Just(Op::Idle),
	]
}

/// Runs `call`; a refused call must leave storage as it was.
fn atomically(op: &Op, call: impl FnOnce() -> DispatchResult) -> Result<(), TestCaseError> {
	depin_primitives::testing::atomically(op, call).map(|_| ()).map_err(TestCaseError::fail)
}

fn owner(device: DeviceId) -> AccountId {
	OWNERS[(device - 1) as usize]
}

/// The availability window of the property tests, in blocks.
const PROPERTY_WINDOW: u64 = 100;

fn apply(op: &Op, paid: &mut BTreeSet<(DeviceId, WindowIndex)>) -> Result<(), TestCaseError> {
	let signed = RuntimeOrigin::signed;
	match *op {
		Op::List { device, price } => {
			atomically(op, || Leases::list_offer(signed(owner(device)), device, terms(price)))?
		}
		Op::WithdrawOffer { device } => {
			atomically(op, || Leases::withdraw_offer(signed(owner(device)), device))?
		}
		Op::LeaseOffer { tenant, device, duration, deposit } => atomically(op, || {
			Leases::lease_offer(signed(tenant), device, duration, deposit, MAX_PRICE_PER_HOUR)
		})?,
		Op::CreateOrder { tenant, max_price, duration } => atomically(op, || {
			Leases::create_order(signed(tenant), requirements(max_price), duration)
		})?,
		Op::Bid { order, device, price } => {
			atomically(op, || Leases::place_bid(signed(owner(device)), order, device, price))?
		}
		Op::Accept { tenant, order, device } => {
			atomically(op, || Leases::accept_bid(signed(tenant), order, device))?
		}
		Op::Cancel { tenant, order } => {
			atomically(op, || Leases::cancel_order(signed(tenant), order))?
		}
		Op::CloseExpired { who, order } => {
			atomically(op, || Leases::close_expired_order(signed(who), order))?
		}
		Op::Heartbeat { lease } => {
			if let Some(stored) = LeaseRecords::<Test>::get(lease) {
				let n = u8::try_from(stored.device).expect("test devices are 1 to 4; qed");
				atomically(op, || beat(n, lease))?;
			}
		}
		Op::ProveAvailability { device } => {
			let Some(window) = (System::block_number() / PROPERTY_WINDOW).checked_sub(1) else {
				return Ok(());
			};
			let window = window as WindowIndex;
			let last = (u64::from(window) + 1) * PROPERTY_WINDOW - 1;
			let payload =
				availability_payload(&genesis_hash::<Test>(), device, window, &block_hash(last).0);
			let signature = DeviceSignature::Sr25519(pair(device as u8).sign(&payload).0);
			let authorized = RuntimeOrigin::from(frame_system::RawOrigin::Authorized);
			let proven = depin_primitives::testing::atomically(op, || {
				Leases::prove_availability(authorized, device, window, signature)
			})
			.map_err(TestCaseError::fail)?;
			if proven {
				prop_assert!(paid.insert((device, window)), "window {} paid twice", window);
				prop_assert!(
					ActiveLeaseOf::<Test>::get(device).is_none(),
					"a leased device earned availability"
				);
			}
		}
		Op::TopUp { tenant, lease, amount } => {
			atomically(op, || Leases::top_up(signed(tenant), lease, amount))?
		}
		Op::Claim { who, lease } => atomically(op, || Leases::claim(signed(who), lease))?,
		Op::Close { who, lease } => atomically(op, || Leases::close_lease(signed(who), lease))?,
		Op::ForceClose { lease } => {
			atomically(op, || Leases::force_close_lease(RuntimeOrigin::root(), lease))?
		}
		Op::Retire { device } => {
			FakeRegistry::modify(device, |info| info.status = DeviceStatus::Retired);
			<Leases as DeviceObserver<AccountId>>::on_retired(device, DeviceClass::Gpu, None, true);
		}
		Op::SettlementFails { fails } => settlement_fails(fails),
		Op::Advance { blocks } => run_to_block(System::block_number() + blocks),
		Op::Idle => {
			idle(Weight::MAX);
		}
	}
	Ok(())
}

/// Credits the accounts hold (spendable and escrowed) plus what was settled to providers.
fn credit_books() -> CreditBalance {
	ACCOUNTS.iter().map(|who| credits(*who) + escrowed(*who) + paid(*who)).sum()
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(128))]

	#[test]
	fn invariants_and_credit_books_hold_over_random_sequences(
		ops in prop::collection::vec(op(), 1..80),
	) {
		ExtBuilder::default().build().execute_with(|| -> Result<(), TestCaseError> {
			for (n, owner) in OWNERS.iter().enumerate() {
				gpu_device(n as u8 + 1, *owner, h100());
			}
			AvailabilityParams::<Test>::mutate(|p| p.period = PROPERTY_WINDOW);
			let started = credit_books();
			let mut paid = BTreeSet::new();
			for (step, op) in ops.iter().enumerate() {
				apply(op, &mut paid)?;
				if let Err(error) = Leases::do_try_state() {
					return Err(TestCaseError::fail(format!(
						"step {step} ({op:?}) broke an invariant: {error:?}"
					)));
				}
				prop_assert_eq!(credit_books(), started, "step {} ({:?}) moved credits", step, op);
			}
			let shares: u128 = ACCOUNTS.iter().map(|who| availability_shares(*who)).sum();
			prop_assert_eq!(shares, paid.len() as u128, "shares differ from the windows paid");
			Ok(())
		})?;
	}
}
