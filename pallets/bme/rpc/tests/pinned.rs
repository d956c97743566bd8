//! The burn-and-mint views, byte for byte as the `depin_*` methods have always returned them
//! (`tests/pinned.txt`).

use depin_primitives::RewardPool;
use depin_primitives_rpc::{
	testing::{alice, assert_pinned, bob, sample},
	views::Decimal,
};
use pallet_bme_rpc::{
	BmeParametersView, CreditsView, EmissionsView, PendingRewardView, PriceInForceView,
};
use pallet_bme_runtime_api::{
	BmeParameters, CreditAccount, DataTransferRemainder, EmissionView, OraclePrice, PendingReward,
	PoolSplit, PoolView, PriceSubmission, PriceView,
};
use sp_runtime::{AccountId32 as AccountId, FixedU128, Perbill};

#[test]
fn bme_views_are_pinned() {
	let price = |inner| FixedU128::from_inner(inner);
	let view = PriceView {
		price: Some(OraclePrice {
			median: price(1_250_000_000_000_000_000),
			spread: price(100_000_000_000_000_000),
			credit_price: price(1_200_000_000_000_000_000),
			settlement_price: price(1_300_000_000_000_000_000),
			sources: 2,
		}),
		submissions: vec![
			(alice(), PriceSubmission { price: price(1_200_000_000_000_000_000), at: 9u32 }),
			(bob(), PriceSubmission { price: price(u128::MAX), at: 10 }),
		],
		min_feeders: 2,
		max_price_age: 100,
	};
	let no_price = PriceView::<AccountId, u32> {
		price: None,
		submissions: vec![],
		min_feeders: 2,
		max_price_age: 100,
	};
	let running = PendingReward {
		epoch: 5,
		pool: RewardPool::ComputeAvailability,
		shares: 10,
		total_shares: 40,
		amount: None::<u128>,
	};
	let ended = PendingReward { epoch: 4, pool: RewardPool::Coverage, amount: Some(7), ..running };
	let validators = PendingReward { pool: RewardPool::Validators, ..ended };
	let data_transfer = PendingReward { pool: RewardPool::DataTransfer, ..ended };
	let pool = PoolView { projected_amount: 700u128, total_shares: 12, holders: 3 };
	let emissions = EmissionView {
		current_epoch: 6,
		epoch_length: 14_400u32,
		epoch_ends_at: 100_800,
		base_emission: 2_000,
		next_halving_epoch: 730,
		reminted: 50,
		burned_this_epoch: 20,
		split: PoolSplit::testnet(),
		coverage: pool,
		compute_availability: PoolView { holders: 0, ..pool },
		validators: PoolView { projected_amount: u128::MAX, ..pool },
		data_transfer: PoolView { projected_amount: 300, total_shares: 300, holders: 2 },
		data_transfer_budget: 400,
		treasury: 200,
		settlement_minted: (1, 99),
	};
	let parameters = BmeParameters {
		max_price_age: 100u32,
		min_feeders: 2,
		max_price_spread: Perbill::from_percent(10),
		max_credits_per_window: 1_000_000_000_000,
		epoch_length: 14_400,
		initial_emission: u128::MAX,
		halving_interval: 730,
		split: PoolSplit::testnet(),
		net_emissions_cap: 3,
		protocol_fee: Perbill::from_parts(1),
		max_settlement_mint_per_epoch: 4,
		data_transfer_remainder: DataTransferRemainder::Coverage,
	};
	let rewards: Vec<PendingRewardView<u128>> = [running, ended, validators, data_transfer]
		.into_iter()
		.map(PendingRewardView::from)
		.collect();
	assert_pinned(
		concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pinned.txt"),
		&[
			sample("price", &PriceInForceView::from(view)),
			sample("price_none", &PriceInForceView::from(no_price)),
			sample(
				"credits",
				&CreditsView::from(CreditAccount { spendable: 3, escrowed: 1 << 100 }),
			),
			sample("quote_credits", &Some(Decimal(u128::MAX))),
			sample("quote_credits_none", &None::<Decimal<u128>>),
			sample("emissions", &EmissionsView::from(emissions)),
			sample("pending_rewards", &rewards),
			sample("bme_parameters", &BmeParametersView::from(parameters)),
		],
	);
}
