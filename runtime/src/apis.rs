//! The runtime APIs: what the node and its clients may ask of the runtime.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	view_functions::ViewFunctionDispatchError,
	weights::Weight,
};
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, ExtrinsicInclusionMode,
};
use sp_version::RuntimeVersion;

use depin_primitives::{
	DeviceId, DeviceInfo, DeviceKey, H3Cell, MakerId, MakerInfo, RegistryParameters,
};

use crate::{
	AccountId, Aura, Balance, Block, BlockNumber, Bme, Coverage, Executive, Grandpa, Historical,
	InherentDataExt, Leases, Nonce, Registry, Runtime, RuntimeCall, RuntimeGenesisConfig,
	SessionKeys, System, TransactionPayment, Usage, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			let key_owner_proof = key_owner_proof.decode()?;
			Grandpa::submit_unsigned_equivocation_report(equivocation_proof, key_owner_proof)
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			use codec::Encode;
			use frame_support::traits::KeyOwnerProofSystem;
			Historical::prove((sp_consensus_grandpa::KEY_TYPE, authority_id))
				.map(|proof| proof.encode())
				.map(sp_consensus_grandpa::OpaqueKeyOwnershipProof::new)
		}
	}

	impl pallet_registry_runtime_api::RegistryApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn device(device: DeviceId) -> Option<DeviceInfo<AccountId, Balance, BlockNumber>> {
			Registry::device(device)
		}

		fn device_by_key(
			key: DeviceKey,
		) -> Option<(DeviceId, DeviceInfo<AccountId, Balance, BlockNumber>)> {
			Registry::device_by_key(&key)
		}

		fn devices_of(
			owner: AccountId,
			start_after: Option<DeviceId>,
			limit: u32,
		) -> Vec<(DeviceId, DeviceInfo<AccountId, Balance, BlockNumber>)> {
			Registry::devices_of(&owner, start_after, limit)
		}

		fn makers() -> Vec<(MakerId, MakerInfo<AccountId, Balance>)> {
			Registry::makers()
		}

		fn parameters() -> RegistryParameters<Balance, BlockNumber> {
			Registry::parameters()
		}
	}

	#[api_version(2)]
	impl pallet_coverage_runtime_api::CoverageApi<Block, BlockNumber> for Runtime {
		fn hex_coverage(hex: H3Cell) -> Option<pallet_coverage::HexCoverage> {
			Coverage::hex_coverage(hex)
		}

		fn hotspot_coverage(device: DeviceId) -> pallet_coverage::HotspotCoverage<BlockNumber> {
			Coverage::hotspot_coverage(device)
		}

		fn density_rules() -> pallet_coverage::DensityTable {
			pallet_coverage::DensityRules::<Runtime>::get()
		}

		fn regions(
			start_after: Option<H3Cell>,
			limit: u32,
		) -> pallet_coverage::HexPage<H3Cell> {
			Coverage::regions(start_after, limit)
		}

		fn hexes_under(
			parent: H3Cell,
			resolution: u8,
			start_after: Option<DeviceId>,
			limit: u32,
		) -> Option<pallet_coverage::HexPage<DeviceId>> {
			Coverage::hexes_under(parent, resolution, start_after, limit)
		}

		fn hotspots_under(
			parent: H3Cell,
			start_after: Option<DeviceId>,
			limit: u32,
		) -> Option<pallet_coverage::HotspotPage> {
			Coverage::hotspots_under(parent, start_after, limit)
		}

		fn activity() -> Vec<pallet_coverage::CoverageActivity<BlockNumber>> {
			System::read_events_no_consensus()
				.filter_map(|record| match &record.event {
					crate::RuntimeEvent::Coverage(event) => Coverage::activity_of(event),
					_ => None,
				})
				.collect()
		}
	}

	impl pallet_usage_runtime_api::UsageApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn payer(
			id: pallet_usage::PayerId,
		) -> Option<pallet_usage::PayerView<AccountId, Balance, BlockNumber>> {
			Usage::payer_view(id)
		}

		fn payers(
			from: pallet_usage::PayerId,
			limit: u32,
		) -> Vec<pallet_usage::PayerView<AccountId, Balance, BlockNumber>> {
			Usage::payers(from, limit.min(100))
		}

		fn hotspot_usage(device: DeviceId) -> pallet_usage::HotspotUsageView {
			Usage::hotspot_usage(device)
		}

		fn hex_demand(
			location: H3Cell,
			epoch: Option<depin_primitives::EpochIndex>,
		) -> Option<pallet_usage::HexDemandView> {
			location.validate().ok()?;
			Usage::hex_demand(epoch.unwrap_or_else(Usage::current_epoch), location)
		}

		fn parameters() -> pallet_usage::UsageParameters {
			pallet_usage::Parameters::<Runtime>::get()
		}
	}

	#[api_version(2)]
	impl pallet_leases_runtime_api::LeasesApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn offers_matching(
			requirements: pallet_leases::Requirements,
			duration: BlockNumber,
			start_after: Option<DeviceId>,
			limit: u32,
		) -> Vec<(DeviceId, pallet_leases::Offer<AccountId, BlockNumber>)> {
			Leases::offers_matching(&requirements, duration, start_after, limit)
		}

		fn quote(
			requirements: pallet_leases::Requirements,
			duration: BlockNumber,
			limit: u32,
		) -> Vec<pallet_leases::Quote> {
			Leases::quote(&requirements, duration, limit)
		}

		fn lease(
			lease: pallet_leases::LeaseId,
		) -> Option<pallet_leases::LeaseStatus<AccountId, BlockNumber>> {
			Leases::lease_status(lease)
		}

		fn leases_of(
			provider: AccountId,
			start_after: Option<pallet_leases::LeaseId>,
			limit: u32,
		) -> Vec<(pallet_leases::LeaseId, pallet_leases::Lease<AccountId, BlockNumber>)> {
			Leases::leases_of(&provider, start_after, limit)
		}

		fn earnings(provider: AccountId) -> pallet_leases::Earnings {
			Leases::earnings(&provider)
		}

		fn parameters() -> pallet_leases::LeaseParameters<Balance, BlockNumber> {
			pallet_leases::Parameters::<Runtime>::get()
		}

		fn orders(
			start_after: Option<pallet_leases::OrderId>,
			limit: u32,
		) -> Vec<(pallet_leases::OrderId, pallet_leases::Order<AccountId, Balance, BlockNumber>, u32)> {
			Leases::orders(start_after, limit)
		}

		fn leases(
			start_after: Option<pallet_leases::LeaseId>,
			limit: u32,
		) -> Vec<(pallet_leases::LeaseId, pallet_leases::Lease<AccountId, BlockNumber>)> {
			Leases::leases(start_after, limit)
		}
	}

	#[api_version(2)]
	impl pallet_bme_runtime_api::BmeApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn price() -> pallet_bme::PriceView<AccountId, BlockNumber> {
			Bme::price_view()
		}

		fn credits(who: AccountId) -> pallet_bme::CreditAccount {
			Bme::credit_account(&who)
		}

		fn quote_credits(amount: Balance) -> Option<depin_primitives::CreditBalance> {
			Bme::quote_credits(amount).ok()
		}

		fn emissions() -> pallet_bme::EmissionView<Balance, BlockNumber> {
			Bme::emission_view()
		}

		fn pending_rewards(who: AccountId) -> Vec<pallet_bme::PendingReward<Balance>> {
			Bme::pending_rewards(&who)
		}

		fn parameters() -> pallet_bme::BmeParameters<Balance, BlockNumber> {
			Bme::parameters()
		}

		fn epoch_history(
			before: Option<depin_primitives::EpochIndex>,
			limit: u32,
		) -> Vec<(depin_primitives::EpochIndex, pallet_bme::EpochRecord<Balance, BlockNumber>)> {
			Bme::epoch_history(before, limit)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			crate::benchmarks::metadata(extra)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			crate::benchmarks::dispatch(config)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// A failed pre- or post-upgrade check must stop try-runtime right here with its
			// backtrace, so panicking is the intent.
			let weight = Executive::try_runtime_upgrade(checks)
				.expect("try-runtime upgrade checks must pass; qed");
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("try-runtime block execution must succeed; qed")
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}
}
