//! The lease views and the refusals of the lease parameters, byte for byte as the `depin_*`
//! methods have always returned them (`tests/pinned.txt`).

use depin_primitives_rpc::testing::{alice, assert_pinned, bob, sample};
use jsonrpsee::types::ErrorObjectOwned;
use pallet_leases::{
	CloseReason, Earnings, Lease, LeaseParameters, LeaseState, LeaseStatus, Offer, OfferTerms,
	Quote, Region,
};
use pallet_leases_rpc::{
	params::{check_duration, parse_requirements},
	EarningsView, LeaseParametersView, LeaseView, OfferView, QuoteView,
};
use serde_json::{json, Value};
use sp_runtime::{AccountId32 as AccountId, Perbill};

fn region(code: &[u8]) -> Region {
	Region::try_from(code.to_vec()).expect("a short region code")
}

fn lease(state: LeaseState<u32>) -> Lease<AccountId, u32> {
	Lease {
		tenant: alice(),
		provider: bob(),
		device: 5,
		order: Some(2),
		price_per_hour: 6_000_000,
		started_at: 100,
		ends_at: 200,
		heartbeat_period: 10,
		state,
		escrow: 900_000,
		owed: 20_000,
		carry: 599,
		accrued_to: 120,
		billable_from: 100,
		last_heartbeat: Some(1),
		counting_from: 2,
		provider_close_at: None,
		settled: u128::MAX,
	}
}

/// The error object of a refused parameter, as the JSON-RPC response carries it.
fn error(name: &str, result: Result<impl std::fmt::Debug, ErrorObjectOwned>) -> String {
	sample(name, &result.expect_err("a bad parameter"))
}

fn requirements(name: &str, input: Value) -> String {
	error(name, parse_requirements(&input))
}

#[test]
fn lease_views_and_refusals_are_pinned() {
	let offer = Offer {
		provider: bob(),
		terms: OfferTerms {
			price_per_hour: u128::MAX,
			min_duration: 10u32,
			max_duration: 600,
			region: region(b"eu-west"),
		},
	};
	let odd = Offer {
		terms: OfferTerms { region: region(&[b'e', 0xfe]), ..offer.terms.clone() },
		..offer.clone()
	};
	let quote = Quote { device: 3, price_per_hour: 6_000_000, total_credits: 1_000_000 };
	let status =
		LeaseStatus { lease: lease(LeaseState::Active), owed_now: 30_000, escrow_left: 870_000 };
	let direct = Lease {
		order: None,
		last_heartbeat: None,
		provider_close_at: Some(150),
		..lease(LeaseState::Paused { since: 130 })
	};
	let reasons = [
		CloseReason::Tenant,
		CloseReason::Provider,
		CloseReason::InsufficientFunds,
		CloseReason::Breach,
		CloseReason::Governance,
		CloseReason::Completed,
		CloseReason::DeviceInactive,
	];
	let closed: Vec<LeaseView<AccountId, u32>> = (0u64..)
		.zip(reasons)
		.map(|(id, reason)| LeaseView::new(id, lease(LeaseState::Closed { reason, at: 42 })))
		.collect();
	let parameters = LeaseParameters {
		heartbeat_period: 10u32,
		max_missed_heartbeats: 2,
		grace_period: 20,
		notice_period: 10,
		order_expiry: 100,
		bid_bond: 1_000_000_000_000u128,
		order_deposit: 2_000_000_000_000,
		breach_slash: Perbill::from_percent(10),
		breach_tenant_share: Perbill::from_percent(50),
		on_idle_batch: 10,
	};
	let price = "1";
	assert_pinned(
		concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pinned.txt"),
		&[
			sample("offers", &[OfferView::new(7, offer), OfferView::new(8, odd)]),
			sample("offers_empty", &Vec::<OfferView<AccountId, u32>>::new()),
			sample("lease_quote", &[QuoteView::from(quote)]),
			sample("lease", &LeaseView::with_status(9, status)),
			sample("lease_none", &None::<LeaseView<AccountId, u32>>),
			sample("leases_of", &[LeaseView::new(u64::MAX, direct)]),
			sample("leases_of_closed", &closed),
			sample(
				"provider_earnings",
				&EarningsView::from(Earnings { settled: u128::MAX, pending: 0 }),
			),
			sample("lease_parameters", &LeaseParametersView::from(parameters)),
			requirements("requirements_not_object", json!("H100")),
			requirements("requirements_no_price", json!({})),
			requirements("requirements_zero_price", json!({ "maxPricePerHour": 0 })),
			requirements(
				"requirements_unknown_key",
				json!({ "maxPricePerHour": price, "min_vram_gib": 1 }),
			),
			requirements(
				"requirements_long_model",
				json!({ "maxPricePerHour": price, "model": "m".repeat(33) }),
			),
			requirements(
				"requirements_empty_region",
				json!({ "maxPricePerHour": price, "region": "" }),
			),
			requirements(
				"requirements_zero_gpus",
				json!({ "maxPricePerHour": price, "gpuCount": 0 }),
			),
			requirements(
				"requirements_vram_text",
				json!({ "maxPricePerHour": price, "minVramGib": "80" }),
			),
			error("duration_zero", check_duration(0u32)),
		],
	);
}
