//! The registry and the burn-and-mint equilibrium work end to end on a `--dev` node: feeders
//! added through sudo set the DPN price; burning DPN buys exactly the credits that price gives
//! and takes the DPN out of the total issuance; a maker approved through sudo attests devices
//! with a real sr25519 signature over the payload the runtime checks; the owner onboards a GPU
//! machine and a hotspot, pays the onboarding and location fees in credits and sees the devices,
//! the maker and the parameters over the `depin_*` JSON-RPC exactly as onboarded; a second
//! onboarding of a registered key and an attestation made for another owner are refused with
//! the registry's named errors and cost no credits.

use std::time::Duration;

use depin_e2e::{
	account_id, account_state,
	chain::*,
	find_events, has_event, keypair,
	subxt::{
		dynamic::{At, Value},
		error::DispatchError,
		utils::AccountId32,
	},
	subxt_signer::sr25519::dev,
	test_slot, to_hex, NodeConfig, Rpc, DPN,
};
use serde_json::{json, Value as Json};

/// How long a node may take to start producing and finalizing blocks.
const START_TIMEOUT: Duration = Duration::from_secs(120);
/// The runtime's pallet index of the registry (`construct_runtime`).
const REGISTRY_PALLET_INDEX: u8 = 40;
/// Credits burned to onboard a device (genesis default): 40 USD.
const ONBOARDING_FEE: u128 = 4_000_000;
/// Credits burned when a device's location changes (genesis default): 5 USD.
const LOCATION_FEE: u128 = 500_000;
/// Credits per US dollar: one credit is 0.00001 USD.
const CREDITS_PER_USD: u128 = 100_000;
/// The DPN/USD price both feeders submit. Equal submissions have zero spread, so the credit
/// price (lower median) and the settlement price (upper median) both equal it.
const PRICE_USD: u128 = 2;
/// How much DPN Charlie burns for credits.
const BURN: u128 = 100 * DPN;
/// The credits that burn buys: 100 DPN × 2 USD = 200 USD = 20,000,000 credits.
const BOUGHT_CREDITS: u128 = 100 * PRICE_USD * CREDITS_PER_USD;

/// A real resolution-12 H3 cell: the Statue of Liberty, from the H3 reference vectors in
/// `pallets/primitives/src/h3.rs`.
const LIBERTY_CELL: u64 = 0x08c2a1072b59b9ff;
/// The hotspot's antenna: 3.0 dBi, 10 m above ground.
const HOTSPOT_GAIN_DBI_X10: u16 = 30;
const HOTSPOT_ELEVATION_M: i32 = 10;
/// The GPU machine: eight 80 GiB NVIDIA H100 SXM modules.
const GPU_VENDOR: &str = "NVIDIA";
const GPU_MODEL: &str = "H100";
const GPU_VRAM_GIB: u32 = 80;
const GPU_COUNT: u32 = 8;
/// The maker's display name.
const MAKER_NAME: &str = "Acme Hardware";

/// `DeviceAttributes::Gpu(GpuAttributes { .. })` for the test's GPU machine.
fn gpu_attributes() -> Value {
	Value::unnamed_variant(
		"Gpu",
		[Value::named_composite([
			("vendor", Value::from_bytes(GPU_VENDOR)),
			("model", Value::from_bytes(GPU_MODEL)),
			("vram_gib", Value::u128(GPU_VRAM_GIB.into())),
			("count", Value::u128(GPU_COUNT.into())),
			("interface", unit_variant("Sxm")),
		])],
	)
}

/// `DeviceAttributes::Hotspot(HotspotAttributes { .. })` for the test's hotspot.
fn hotspot_attributes() -> Value {
	Value::unnamed_variant(
		"Hotspot",
		[Value::named_composite([
			("gain_dbi_x10", Value::u128(HOTSPOT_GAIN_DBI_X10.into())),
			("elevation_m", Value::i128(HOTSPOT_ELEVATION_M.into())),
		])],
	)
}

/// `depin_credits` for `who` at block `at`: the spendable credits, after checking that none are
/// escrowed and the total adds up.
async fn spendable_credits(rpc: &Rpc, who: &AccountId32, at: Json) -> u128 {
	let credits = request(rpc, "depin_credits", vec![json!(who.to_string()), at]).await;
	let amount = |field: &str| -> u128 {
		credits[field]
			.as_str()
			.and_then(|text| text.parse().ok())
			.unwrap_or_else(|| panic!("depin_credits without a decimal {field}: {credits}"))
	};
	let spendable = amount("spendable");
	assert_eq!(amount("escrowed"), 0, "no credits are escrowed: {credits}");
	assert_eq!(amount("total"), spendable, "the total is spendable plus escrowed: {credits}");
	spendable
}

/// Checks that the extrinsic failed with the registry error `expected`, resolved by name
/// through the runtime metadata.
fn expect_registry_error(included: &Included, expected: &str, what: &str) {
	match &included.outcome {
		Err(DispatchError::Module(error)) => {
			let details = error
				.details()
				.unwrap_or_else(|_| panic!("{what}: unknown module error {error:?}"));
			assert_eq!(
				(error.pallet_index(), details.pallet.name(), details.variant.name.as_str()),
				(REGISTRY_PALLET_INDEX, "Registry", expected),
				"{what}: wrong error {error:?}"
			);
		}
		Err(other) => panic!("{what}: expected Registry::{expected}, got {other:?}"),
		Ok(()) => panic!("{what}: succeeded, expected Registry::{expected}"),
	}
	assert!(has_event(&included.events, "System", "ExtrinsicFailed"), "{what}: ExtrinsicFailed");
	assert!(!has_event(&included.events, "Registry", "DeviceOnboarded"), "{what}: no device");
	assert!(!has_event(&included.events, "Bme", "CreditsSpent"), "{what}: no credits spent");
}

/// Checks a `Registry.DeviceOnboarded` event and returns the new device's id.
fn expect_onboarded(
	included: &Included,
	owner: &AccountId32,
	maker: u32,
	class: Class,
	device: &[u8; 32],
) -> u64 {
	let event = single_event(included, "Registry", "DeviceOnboarded");
	let owner_bytes = flat_bytes(field(&event, "owner"));
	assert_eq!(owner_bytes.as_deref(), Some(&owner.0[..]), "the owner: {event}");
	assert_eq!(field_u128(&event, "maker"), u128::from(maker), "the maker: {event}");
	assert_eq!(variant_name(field(&event, "class")), Some(class.variant()), "the class: {event}");
	let key = field(&event, "key");
	assert_eq!(variant_name(key), Some("Sr25519"), "the key scheme: {event}");
	assert_eq!(flat_bytes(key).as_deref(), Some(&device[..]), "the key: {event}");
	assert_eq!(field_u128(&event, "fee"), ONBOARDING_FEE, "the onboarding fee: {event}");
	assert_eq!(field_u128(&event, "bond"), 0, "no device bond on the dev chain: {event}");
	let id = field_u128(&event, "device");
	u64::try_from(id).unwrap_or_else(|_| panic!("device id {id} out of range"))
}

/// The devices of a `depin_devicesOf` page sorted by id (pages follow storage order).
fn by_id(page: &Json) -> Vec<Json> {
	let mut devices = page.as_array().cloned().unwrap_or_else(|| panic!("not an array: {page}"));
	devices.sort_by_key(|device| device["id"].as_u64());
	devices
}

// ------------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn registry_onboards_locates_and_refuses_duplicate_keys() {
	let _slot = test_slot().await;
	let node = NodeConfig::dev().spawn().await.expect("the dev node starts");
	node.wait_for_finalized(2, START_TIMEOUT).await.expect("block #2 is finalized");
	let rpc = node.rpc().await.expect("RPC");
	let client = node.client().await.expect("subxt connects with the live metadata");

	let (alice, bob, charlie) = (dev::alice(), dev::bob(), dev::charlie());
	let (alice_id, bob_id, charlie_id) =
		(account_id(&alice), account_id(&bob), account_id(&charlie));
	let maker_account = account_id(&dev::eve());
	let maker_key = keypair("//DepinE2eMakerAttestation").expect("a valid secret URI");
	let gpu_key = keypair("//DepinE2eGpuDevice").expect("a valid secret URI").public_key().0;
	let hotspot_key = keypair("//DepinE2eHotspot").expect("a valid secret URI").public_key().0;
	let spare_key = keypair("//DepinE2eSpareGpu").expect("a valid secret URI").public_key().0;

	// The registry's genesis parameters, as the RPC shows them.
	let parameters = request(&rpc, "depin_registryParameters", vec![]).await;
	assert_eq!(
		parameters,
		json!({
			"onboardingFee": ONBOARDING_FEE.to_string(),
			"locationFee": LOCATION_FEE.to_string(),
			"deviceBond": "0",
			"unbondingPeriod": 10,
		}),
		"the dev chain's registry parameters"
	);
	let no_price = request(&rpc, "depin_price", vec![]).await;
	assert_eq!(no_price["price"], Json::Null, "no price before any feeder: {no_price}");

	// 1. Governance (sudo) adds Alice and Bob as feeders; both submit 2 USD/DPN.
	for (feeder, name) in [(&alice_id, "Alice"), (&bob_id, "Bob")] {
		let what = format!("sudo add_feeder({name})");
		let add = sudo(call("Bme", "add_feeder", vec![("feeder", address(feeder))]));
		let added = submit(&rpc, &client, &add, &alice, &what).await;
		expect_sudo_ok(&added, &what);
		let event = single_event(&added, "Bme", "FeederAdded");
		assert_eq!(flat_bytes(field(&event, "feeder")).as_deref(), Some(&feeder.0[..]), "{what}");
	}
	let submit_price = call("Bme", "submit_price", vec![("price", price(PRICE_USD))]);
	let (alice_price, bob_price) = tokio::join!(
		submit(&rpc, &client, &submit_price, &alice, "Alice submits the price"),
		submit(&rpc, &client, &submit_price, &bob, "Bob submits the price"),
	);
	alice_price.expect_success("Alice submits the price");
	bob_price.expect_success("Bob submits the price");
	let priced = if alice_price.at.block_number() >= bob_price.at.block_number() {
		&alice_price
	} else {
		&bob_price
	};
	let price_view = request(&rpc, "depin_price", vec![priced.hash()]).await;
	let two_usd = format!("{PRICE_USD}.000000000000000000");
	assert_eq!(
		price_view["price"],
		json!({
			"creditPrice": two_usd,
			"settlementPrice": two_usd,
			"median": two_usd,
			"spread": "0.000000000000000000",
			"sources": 2,
		}),
		"two equal fresh submissions make the price: {price_view}"
	);
	assert_eq!(
		price_view["submissions"],
		json!([
			{ "feeder": alice_id.to_string(), "price": two_usd, "at": alice_price.at.block_number() },
			{ "feeder": bob_id.to_string(), "price": two_usd, "at": bob_price.at.block_number() },
		]),
		"both submissions are fresh, in feeder order: {price_view}"
	);
	assert_eq!(price_view["minFeeders"], json!(2), "{price_view}");
	assert_eq!(price_view["maxPriceAge"], json!(100), "{price_view}");
	let quote =
		request(&rpc, "depin_quoteCredits", vec![json!(BURN.to_string()), priced.hash()]).await;
	assert_eq!(quote, json!(BOUGHT_CREDITS.to_string()), "the quote for burning 100 DPN");

	// 2. Charlie burns 100 DPN for credits, while governance approves the maker (3.): different
	//    signers, so both go in at once.
	let burn = call(
		"Bme",
		"burn_for_credits",
		vec![("amount", Value::u128(BURN)), ("beneficiary", unit_variant("None"))],
	);
	let approve = sudo(call(
		"Registry",
		"approve_maker",
		vec![
			("account", address(&maker_account)),
			("attestation_key", sr25519_key(&maker_key.public_key().0)),
			("name", Value::from_bytes(MAKER_NAME)),
			("bond", Value::u128(0)),
		],
	));
	let (burned, approved) = tokio::join!(
		submit(&rpc, &client, &burn, &charlie, "Charlie burns 100 DPN for credits"),
		submit(&rpc, &client, &approve, &alice, "sudo approve_maker"),
	);
	burned.expect_success("Charlie burns 100 DPN for credits");

	let bought = single_event(&burned, "Bme", "CreditsBought");
	assert_eq!(field_u128(&bought, "burned"), BURN, "the DPN burned: {bought}");
	assert_eq!(field_u128(&bought, "credits"), BOUGHT_CREDITS, "the credits bought: {bought}");
	assert_eq!(spendable_credits(&rpc, &charlie_id, burned.before_hash()).await, 0);
	let credits = spendable_credits(&rpc, &charlie_id, burned.hash()).await;
	assert_eq!(credits, BOUGHT_CREDITS, "100 DPN at 2 USD buy 20,000,000 credits");

	let fees: Vec<(AccountId32, u128, u128)> =
		find_events(&burned.events, "TransactionPayment", "TransactionFeePaid")
			.expect("TransactionPayment.TransactionFeePaid decodes");
	let &[(payer, fee, tip)] = fees.as_slice() else {
		panic!("expected one TransactionFeePaid event: {fees:?}");
	};
	assert_eq!(payer, charlie_id, "Charlie paid the fee");
	let charlie_before = account_state(&burned.before, &charlie_id).await.expect("Charlie");
	let charlie_after = account_state(&burned.at, &charlie_id).await.expect("Charlie");
	let spent = charlie_before.free.checked_sub(charlie_after.free).expect("Charlie paid");
	assert!(spent >= BURN, "Charlie's free balance fell by {spent}, less than 100 DPN");
	assert_eq!(spent, BURN + fee + tip, "Charlie lost the 100 DPN burned and the fee, no more");

	// The burn leaves the supply: the issuance falls by at least the 100 DPN (fees burn too),
	// once whatever the block minted (an epoch ending every 10 blocks) is set aside, and the
	// BME books account for every planck of the change.
	let (old, new) = (books(&burned.before).await, books(&burned.at).await);
	let minted = new.minted - old.minted;
	assert_eq!(new.burned - old.burned, BURN, "the BME books record the burn: {old:?} {new:?}");
	let supply_drop = (old.issuance + minted)
		.checked_sub(new.issuance)
		.unwrap_or_else(|| panic!("the issuance grew beyond what was minted: {old:?} {new:?}"));
	assert!(supply_drop >= BURN, "the issuance fell by only {supply_drop}: {old:?} {new:?}");
	assert_eq!(
		supply_drop,
		(new.burned - old.burned) + (new.externally_burned - old.externally_burned),
		"every planck that left the supply is on the books: {old:?} {new:?}"
	);

	// 3. The maker is approved with a real sr25519 attestation key.
	expect_sudo_ok(&approved, "sudo approve_maker");
	let approval = single_event(&approved, "Registry", "MakerApproved");
	let maker = u32::try_from(field_u128(&approval, "maker")).expect("a u32 maker id");
	let attestation_key = field(&approval, "attestation_key");
	assert_eq!(
		flat_bytes(attestation_key).as_deref(),
		Some(&maker_key.public_key().0[..]),
		"the maker's attestation key: {approval}"
	);

	// 4. Charlie onboards a GPU machine and a hotspot under the maker's attestations.
	let gpu_attestation = attest(&client, (maker, &maker_key), &gpu_key, &charlie_id, Class::Gpu);
	let onboard_gpu = onboard_device(&gpu_key, gpu_attributes(), maker, &gpu_attestation);
	let gpu = submit(&rpc, &client, &onboard_gpu, &charlie, "Charlie onboards the GPU").await;
	gpu.expect_success("Charlie onboards the GPU");
	let gpu_id = expect_onboarded(&gpu, &charlie_id, maker, Class::Gpu, &gpu_key);
	assert!(has_event(&gpu.events, "Bme", "CreditsSpent"), "the fee is paid in credits");
	let after_gpu = spendable_credits(&rpc, &charlie_id, gpu.hash()).await;
	assert_eq!(after_gpu, BOUGHT_CREDITS - ONBOARDING_FEE, "the GPU's onboarding fee");

	let hotspot_attestation =
		attest(&client, (maker, &maker_key), &hotspot_key, &charlie_id, Class::Hotspot);
	let onboard_hotspot =
		onboard_device(&hotspot_key, hotspot_attributes(), maker, &hotspot_attestation);
	let hotspot =
		submit(&rpc, &client, &onboard_hotspot, &charlie, "Charlie onboards the hotspot").await;
	hotspot.expect_success("Charlie onboards the hotspot");
	let hotspot_id = expect_onboarded(&hotspot, &charlie_id, maker, Class::Hotspot, &hotspot_key);
	assert_ne!(hotspot_id, gpu_id, "every device gets its own id");
	let after_onboarding = spendable_credits(&rpc, &charlie_id, hotspot.hash()).await;
	assert_eq!(
		after_onboarding,
		BOUGHT_CREDITS - 2 * ONBOARDING_FEE,
		"two onboarding fees were burned from Charlie's credits"
	);

	// 5. Charlie asserts the hotspot's location at a real resolution-12 cell.
	let assert_location = call(
		"Registry",
		"assert_location",
		vec![
			("device", Value::u128(hotspot_id.into())),
			("location", Value::unnamed_composite([Value::u128(LIBERTY_CELL.into())])),
			("gain_dbi_x10", Value::u128(HOTSPOT_GAIN_DBI_X10.into())),
			("elevation_m", Value::i128(HOTSPOT_ELEVATION_M.into())),
		],
	);
	let located =
		submit(&rpc, &client, &assert_location, &charlie, "Charlie locates the hotspot").await;
	located.expect_success("Charlie locates the hotspot");
	let asserted = single_event(&located, "Registry", "LocationAsserted");
	assert_eq!(field_u128(&asserted, "device"), u128::from(hotspot_id), "{asserted}");
	let cell = field(&asserted, "location");
	let cell = cell.as_u128().or_else(|| cell.at(0).and_then(Value::as_u128));
	assert_eq!(cell, Some(u128::from(LIBERTY_CELL)), "the asserted cell: {asserted}");
	assert_eq!(field_u128(&asserted, "fee"), LOCATION_FEE, "the location fee: {asserted}");
	let after_location = spendable_credits(&rpc, &charlie_id, located.hash()).await;
	assert_eq!(after_location, after_onboarding - LOCATION_FEE, "the location fee was burned");

	// 6. The JSON-RPC shows the devices, the maker and the parameters as onboarded.
	let charlie_ss58 = charlie_id.to_string();
	let gpu_json = json!({
		"id": gpu_id,
		"owner": charlie_ss58,
		"key": { "type": "sr25519", "publicKey": to_hex(gpu_key) },
		"maker": maker,
		"class": "gpu",
		"attributes": {
			"type": "gpu",
			"vendor": GPU_VENDOR,
			"model": GPU_MODEL,
			"vramGib": GPU_VRAM_GIB,
			"count": GPU_COUNT,
			"interface": "sxm",
		},
		"status": { "type": "active" },
		"location": null,
		"locationAsserts": 0,
		"bond": "0",
		"onboardedAt": gpu.at.block_number(),
		"unbondingUntil": null,
	});
	let hotspot_json = json!({
		"id": hotspot_id,
		"owner": charlie_ss58,
		"key": { "type": "sr25519", "publicKey": to_hex(hotspot_key) },
		"maker": maker,
		"class": "hotspot",
		"attributes": {
			"type": "hotspot",
			"gainDbiX10": HOTSPOT_GAIN_DBI_X10,
			"elevationM": HOTSPOT_ELEVATION_M,
		},
		"status": { "type": "active" },
		"location": { "cell": format!("0x{LIBERTY_CELL:016x}"), "resolution": 12 },
		"locationAsserts": 1,
		"bond": "0",
		"onboardedAt": hotspot.at.block_number(),
		"unbondingUntil": null,
	});
	let at = located.hash();
	let shown = request(&rpc, "depin_device", vec![json!(gpu_id), at.clone()]).await;
	assert_eq!(shown, gpu_json, "depin_device shows the GPU");
	let shown = request(&rpc, "depin_device", vec![json!(hotspot_id), at.clone()]).await;
	assert_eq!(shown, hotspot_json, "depin_device shows the located hotspot");
	for (key, expected) in [(&gpu_key, &gpu_json), (&hotspot_key, &hotspot_json)] {
		let key = format!("sr25519:{}", to_hex(key));
		let shown = request(&rpc, "depin_deviceByKey", vec![json!(key), at.clone()]).await;
		assert_eq!(&shown, expected, "depin_deviceByKey({key})");
	}
	let page_params = vec![json!(charlie_ss58), Json::Null, Json::Null, at.clone()];
	let page = request(&rpc, "depin_devicesOf", page_params).await;
	assert_eq!(by_id(&page), [gpu_json.clone(), hotspot_json.clone()], "Charlie's devices");
	let maker_json = json!({
		"id": maker,
		"account": maker_account.to_string(),
		"attestationKey": { "type": "sr25519", "publicKey": to_hex(maker_key.public_key().0) },
		"name": MAKER_NAME,
		"bond": "0",
		"status": "approved",
		"devicesOnboarded": 2,
	});
	let makers = request(&rpc, "depin_makers", vec![at.clone()]).await;
	assert_eq!(makers, json!([maker_json.clone()]), "the one maker, with its two devices");
	let parameters_now = request(&rpc, "depin_registryParameters", vec![at]).await;
	assert_eq!(parameters_now, parameters, "onboarding does not change the parameters");

	// 7. The GPU's key is taken: the same, correctly attested onboarding is refused and costs
	//    no credits.
	let again = submit(&rpc, &client, &onboard_gpu, &charlie, "a second onboarding").await;
	expect_registry_error(&again, "DeviceKeyTaken", "a second onboarding of the GPU's key");
	assert_eq!(
		spendable_credits(&rpc, &charlie_id, again.hash()).await,
		spendable_credits(&rpc, &charlie_id, again.before_hash()).await,
		"the refused onboarding cost no credits"
	);

	// 8. An attestation the maker made for another owner (Dave) does not onboard a device for
	//    Charlie.
	let dave_id = account_id(&dev::dave());
	let for_dave = attest(&client, (maker, &maker_key), &spare_key, &dave_id, Class::Gpu);
	let stolen = onboard_device(&spare_key, gpu_attributes(), maker, &for_dave);
	let refused = submit(&rpc, &client, &stolen, &charlie, "another owner's attestation").await;
	expect_registry_error(&refused, "BadAttestation", "an attestation made for Dave");
	assert_eq!(
		spendable_credits(&rpc, &charlie_id, refused.hash()).await,
		spendable_credits(&rpc, &charlie_id, refused.before_hash()).await,
		"the refused onboarding cost no credits"
	);
	let spare = format!("sr25519:{}", to_hex(spare_key));
	let at = refused.hash();
	let none = request(&rpc, "depin_deviceByKey", vec![json!(spare), at.clone()]).await;
	assert_eq!(none, Json::Null, "the refused key is not registered");

	// After both refusals, the registry is as it was.
	assert_eq!(spendable_credits(&rpc, &charlie_id, at.clone()).await, after_location);
	let page_params = vec![json!(charlie_ss58), Json::Null, json!(100), at.clone()];
	let page = request(&rpc, "depin_devicesOf", page_params).await;
	assert_eq!(by_id(&page), [gpu_json, hotspot_json], "still Charlie's two devices");
	let makers = request(&rpc, "depin_makers", vec![at]).await;
	assert_eq!(makers, json!([maker_json]), "still two devices under the maker");
}
