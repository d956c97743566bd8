//! The data-transfer views, byte for byte as the `depin_*` methods return them
//! (`tests/pinned.txt`).

use depin_primitives::{DeviceKey, H3Cell, ShortString};
use depin_primitives_rpc::testing::{alice, assert_pinned, sample};
use pallet_usage::{
	HexDemandView, HotspotTraffic, HotspotUsageView, PayerInfo, PayerStatus, PayerTraffic,
	PayerView, TrafficPrice, UsageParameters,
};
use pallet_usage_rpc::{HexDemandJson, HotspotUsageJson, PayerJson, UsageParametersJson};
use sp_runtime::Perbill;

#[test]
fn usage_views_are_pinned() {
	let price = TrafficPrice { per_gb: 50_000, per_packet: 1 };
	let payer = PayerView {
		id: 2,
		info: PayerInfo {
			account: alice(),
			routing_key: DeviceKey::Sr25519([7u8; 32]),
			name: ShortString::truncate_from(b"carrier".to_vec()),
			bond: 10_000_000_000_000_000u128,
			status: PayerStatus::Active,
			price,
			next_price: Some((TrafficPrice { per_gb: 40_000, per_packet: 1 }, 700u32)),
			escrow: 1_000_000,
			unlocking: Some((400_000, 650)),
			epoch_limit: 5_000_000,
		},
		price_now: price,
		traffic: PayerTraffic { epoch: 3, sessions: 12, bytes: 3_000_000_000, credits: 150_000 },
	};
	let mut suspended = payer.clone();
	suspended.info.status = PayerStatus::Suspended;
	suspended.info.next_price = None;
	suspended.info.unlocking = None;
	let traffic =
		HotspotTraffic { sessions: 2, bytes: 2_000_000_000, packets: 10, credits: 100_000 };
	let usage = HotspotUsageView {
		epoch: 4,
		this_epoch: traffic,
		last_epoch: traffic,
		last_epoch_reward: Some(3_000_000_000_000),
	};
	let fresh = HotspotUsageView {
		epoch: 0,
		this_epoch: HotspotTraffic::default(),
		last_epoch: HotspotTraffic::default(),
		last_epoch_reward: None,
	};
	let demand = HexDemandView {
		hex: H3Cell(0x08c2a1072b59b9ff).parent(8).expect("a resolution-8 parent"),
		epoch: 4,
		bytes: 50_000_000_000,
		coverage_weight: Perbill::from_percent(60),
	};
	assert_pinned(
		concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pinned.txt"),
		&[
			sample("payer", &PayerJson::from(payer)),
			sample("payer_suspended", &PayerJson::from(suspended)),
			sample("payer_none", &None::<PayerJson<sp_core::crypto::AccountId32, u128, u32>>),
			sample("hotspot_usage", &HotspotUsageJson::from(usage)),
			sample("hotspot_usage_fresh", &HotspotUsageJson::from(fresh)),
			sample("hex_demand", &HexDemandJson::from(demand)),
			sample("usage_parameters", &UsageParametersJson::from(UsageParameters::testnet())),
		],
	);
}
