//! A simulated fleet on a real chain: operators owning hotspots at real H3 cells and GPU
//! machines, a tenant leasing the GPUs, each with its own key derived from a seed, so a second
//! run with the same seed finds and reuses what the first registered.
//!
//! [`Fleet::prepare`] brings the chain to where the fleet can work, skipping every step already
//! done: it funds the accounts from a funding account, opens the credit market and approves a
//! maker by sudo on chains that have one (`--sudo`; otherwise a maker and a price must exist),
//! buys credits, onboards and locates the devices (one `Utility.batch_all` per operator);
//! [`Fleet::lease_gpus`] then lists the GPUs and leases them to the tenant, in batches.

use std::collections::BTreeMap;

use h3o::{CellIndex, LatLng, Resolution};
use serde_json::{json, Value as Json};
use subxt::utils::{AccountId32, MultiAddress};
use subxt_signer::sr25519::Keypair;

use crate::{
	chain::{Chain, Receipt},
	errors::{Error, Result},
	keys::{self, DevicePair},
	payloads::{self, BeaconFields, DeviceClass, GenesisHash, WitnessFields},
	runtime::{
		api::{
			self,
			runtime_types::{
				depin_runtime::RuntimeCall, pallet_balances::pallet::Call as BalancesCall,
				pallet_bme::pallet::Call as BmeCall, pallet_leases::pallet::Call as LeasesCall,
				pallet_registry::pallet::Call as RegistryCall,
				sp_arithmetic::fixed_point::FixedU128,
			},
		},
		bytes, device_key, device_signature, Beacon, BoundedVec, DeviceAttributes, DeviceKey,
		DeviceSignature, GpuAttributes, GpuInterface, H3Cell, HotspotAttributes, OfferTerms,
		WitnessReceipt,
	},
	sim,
};

/// One DPN in plancks.
const DPN: u128 = 1_000_000_000_000;
/// Credits per US dollar.
const CREDITS_PER_USD: f64 = 100_000.0;
/// DPN every account keeps for transaction fees.
const FEE_RESERVE: u128 = 10 * DPN;
/// Hotspot antenna gain, dBi × 10.
pub const HOTSPOT_GAIN: u16 = 40;
/// Hotspot antenna elevation, metres.
const HOTSPOT_ELEVATION: i32 = 10;
/// A GPU's offer: credits an hour (1 USD).
const GPU_PRICE: u128 = 100_000;
/// The GPU leases' term, in blocks (one hour).
const LEASE_TERM: u32 = 600;
/// Blocks per hour, as the leases pallet counts them.
const BLOCKS_PER_HOUR: u128 = 600;
/// The most calls one `Utility.batch_all` carries.
const BATCH: usize = 100;

/// What the fleet is.
pub struct Spec {
	/// The seed every key and position derives from.
	pub seed: String,
	/// How many hotspots.
	pub hotspots: usize,
	/// How many operators own them (and the GPUs), round-robin.
	pub operators: usize,
	/// How many GPU machines.
	pub gpus: usize,
	/// The city centre.
	pub center: LatLng,
	/// Hotspots stand within this many metres of the centre.
	pub radius: f64,
	/// Every n-th hotspot shares a resolution-10 hex with the one before (0: none).
	pub cluster_every: usize,
	/// How many of the hotspots, the first ones, stand on a circle of twice the radius instead
	/// (witnesses every other hotspot can reach, none too close). The ring's hotspots are owned
	/// by the first half of the operators and the others by the second half, so that no ring
	/// witness has its beaconer's owner (whose receipts would earn nothing).
	pub ring: usize,
}

impl Spec {
	/// The operator owning hotspot `index`: round-robin over every operator, or, with a ring,
	/// over the first half of them for the ring and the second half for the others.
	pub fn hotspot_owner(&self, index: usize) -> usize {
		let operators = self.operators.max(1);
		let ring = self.ring.min(self.hotspots);
		if ring == 0 || operators < 2 {
			return index % operators;
		}
		let witnesses = operators.div_ceil(2);
		if index < ring {
			index % witnesses
		} else {
			witnesses + (index - ring) % (operators - witnesses)
		}
	}
}

/// How the chain's governance steps are taken.
pub enum Governance {
	/// The funding account is the sudo key (development and local chains): it approves the
	/// fleet's maker and, when no price is in force, makes itself and the fleet's feeder price
	/// feeders and prices DPN at `price` USD.
	Sudo {
		/// USD per DPN.
		price: f64,
	},
	/// An approved maker's id and attestation key; a price must be in force.
	Maker(u32, Box<Keypair>),
}

/// A simulated hotspot.
pub struct Hotspot {
	/// Its device key (ed25519, the default for devices).
	pub pair: DevicePair,
	/// The index of its owner in [`Fleet::operators`].
	pub owner: usize,
	/// Where it stands (resolution 12).
	pub cell: CellIndex,
	/// Its device id once onboarded.
	pub id: Option<u64>,
	/// The cell the chain has it located at, as [`Fleet::prepare`] found it.
	located: Option<u64>,
}

/// A simulated GPU machine.
pub struct Gpu {
	/// Its device key (ed25519, the default for devices).
	pub pair: DevicePair,
	/// The index of its owner in [`Fleet::operators`].
	pub owner: usize,
	/// Its device id once onboarded.
	pub id: Option<u64>,
	/// Its lease to the tenant: (lease id, start block, heartbeat period).
	pub lease: Option<(u64, u64, u64)>,
}

/// The fleet's keys and devices.
pub struct Fleet {
	/// The operators' accounts.
	pub operators: Vec<Keypair>,
	/// The hotspots.
	pub hotspots: Vec<Hotspot>,
	/// The GPU machines.
	pub gpus: Vec<Gpu>,
	/// The account leasing every GPU.
	pub tenant: Keypair,
	/// The fleet's maker key (used with [`Governance::Sudo`]).
	maker: Keypair,
	/// A second price feeder (used with [`Governance::Sudo`]).
	feeder: Keypair,
}

/// The secret URI of a fleet account's key: `//<seed>/<role>/<index>` (sr25519).
pub fn account_suri(seed: &str, role: &str, index: Option<usize>) -> String {
	match index {
		Some(index) => format!("//{seed}/{role}/{index}"),
		None => format!("//{seed}/{role}"),
	}
}

/// The key pair of [`account_suri`].
fn derive(seed: &str, role: &str, index: Option<usize>) -> Result<Keypair> {
	keys::pair(&account_suri(seed, role, index))
		.map_err(|e| Error::Usage(format!("--seed {seed:?}: {e}")))
}

/// The secret URI of a fleet device's key: `//<seed>//<role>//<index>` (ed25519, which derives
/// hard junctions only).
pub fn device_suri(seed: &str, role: &str, index: usize) -> String {
	format!("//{seed}//{role}//{index}")
}

/// The device key pair of [`device_suri`].
fn derive_device(seed: &str, role: &str, index: usize) -> Result<DevicePair> {
	DevicePair::from_suri(&device_suri(seed, role, index))
		.map_err(|e| Error::Usage(format!("--seed {seed:?}: {e}")))
}

impl Fleet {
	/// The fleet `spec` describes: keys derived from the seed, hotspots placed around the city.
	pub fn new(spec: &Spec) -> Result<Fleet> {
		let operators = (0..spec.operators.max(1))
			.map(|i| derive(&spec.seed, "operator", Some(i)))
			.collect::<Result<Vec<_>>>()?;
		let mut rng = sim::Rng::new(&spec.seed);
		let ring = spec.ring.min(spec.hotspots);
		let mut cells = sim::ring(spec.center, 2.0 * spec.radius, ring);
		let inner = spec.hotspots - ring;
		cells.extend(sim::place(spec.center, spec.radius, inner, spec.cluster_every, &mut rng));
		let hotspots = cells
			.into_iter()
			.enumerate()
			.map(|(i, cell)| {
				let pair = derive_device(&spec.seed, "hotspot", i)?;
				let owner = spec.hotspot_owner(i);
				Ok(Hotspot { pair, owner, cell, id: None, located: None })
			})
			.collect::<Result<Vec<_>>>()?;
		let gpus = (0..spec.gpus)
			.map(|i| {
				let pair = derive_device(&spec.seed, "gpu", i)?;
				Ok(Gpu { pair, owner: i % operators.len(), id: None, lease: None })
			})
			.collect::<Result<Vec<_>>>()?;
		Ok(Fleet {
			operators,
			hotspots,
			gpus,
			tenant: derive(&spec.seed, "tenant", None)?,
			maker: derive(&spec.seed, "maker", None)?,
			feeder: derive(&spec.seed, "feeder", None)?,
		})
	}

	/// Brings the chain to where the fleet works; see the module documentation. Prints each
	/// step on standard error.
	pub async fn prepare(
		&mut self,
		chain: &Chain,
		funder: &Keypair,
		governance: Governance,
	) -> Result<()> {
		let parameters = chain.request("depin_registryParameters", Vec::new()).await?;
		let fee = |name: &str| decimal(&parameters[name]);
		let (onboarding, location) = (fee("onboardingFee")?, fee("locationFee")?);
		let bond = decimal(&parameters["deviceBond"])?;

		self.find_devices(chain).await?;
		// The credit price in force (`null` without one).
		let price = chain.request("depin_price", Vec::new()).await?["price"]["creditPrice"]
			.as_str()
			.and_then(|price| price.parse::<f64>().ok())
			.filter(|price| *price > 0.0);
		let price_in_force = price.unwrap_or(match &governance {
			Governance::Sudo { price } => *price,
			Governance::Maker(..) => 0.0,
		});
		if price_in_force <= 0.0 {
			return Err(Error::Usage(
				"no DPN/USD price is in force: feeders must price DPN first (or pass --sudo on a \
				 development chain)"
					.into(),
			));
		}
		// DPN that buys `credits`, with 10 % to spare.
		let plancks_for = |credits: u128| -> u128 {
			let usd = credits as f64 / CREDITS_PER_USD;
			(usd / price_in_force * 1.1 * DPN as f64) as u128 + DPN
		};

		// What each operator must buy: fees of the devices it still has to onboard or locate.
		let mut needs: Vec<u128> = vec![0; self.operators.len()];
		let mut bonds: Vec<u128> = vec![0; self.operators.len()];
		for hotspot in &self.hotspots {
			if hotspot.id.is_none() {
				needs[hotspot.owner] += onboarding;
				bonds[hotspot.owner] += bond;
			}
			if hotspot.located != Some(u64::from(hotspot.cell)) {
				needs[hotspot.owner] += location;
			}
		}
		for gpu in &self.gpus {
			if gpu.id.is_none() {
				needs[gpu.owner] += onboarding;
				bonds[gpu.owner] += bond;
			}
		}
		let leases_needed = self.gpus.iter().filter(|gpu| gpu.lease.is_none()).count() as u128;
		let tenant_need = leases_needed * GPU_PRICE * u128::from(LEASE_TERM) / BLOCKS_PER_HOUR;

		// Funding: enough DPN for the credits, the bonds and fees.
		let mut transfers = Vec::new();
		for (index, operator) in self.operators.iter().enumerate() {
			let credits = spendable_credits(chain, &keys::account(operator)).await?;
			let buy = needs[index].saturating_sub(credits);
			let want = bonds[index] + FEE_RESERVE + if buy > 0 { plancks_for(buy) } else { 0 };
			transfers.push((keys::account(operator), want));
		}
		let tenant_credits = spendable_credits(chain, &keys::account(&self.tenant)).await?;
		let tenant_buy = tenant_need.saturating_sub(tenant_credits);
		let tenant_want = FEE_RESERVE + if tenant_buy > 0 { plancks_for(tenant_buy) } else { 0 };
		transfers.push((keys::account(&self.tenant), tenant_want));
		if matches!(governance, Governance::Sudo { .. }) {
			transfers.push((keys::account(&self.feeder), FEE_RESERVE));
		}
		self.fund(chain, funder, transfers).await?;

		let maker = match governance {
			Governance::Sudo { price: usd } => {
				if price.is_none() {
					self.open_market(chain, funder, usd).await?;
				}
				self.approve_maker(chain, funder).await?
			}
			Governance::Maker(id, key) => (id, *key),
		};

		// Credits: every buyer at once (different signers).
		let mut buyers = Vec::new();
		for (index, operator) in self.operators.iter().enumerate() {
			let credits = spendable_credits(chain, &keys::account(operator)).await?;
			if needs[index] > credits {
				buyers.push((operator, plancks_for(needs[index] - credits)));
			}
		}
		if tenant_buy > 0 {
			buyers.push((&self.tenant, plancks_for(tenant_buy)));
		}
		let burns = buyers.iter().map(|(buyer, plancks)| {
			let call = api::transactions().bme().burn_for_credits(*plancks, None);
			async move { chain.submit(&call, buyer).await }
		});
		for receipt in subxt::ext::futures::future::join_all(burns).await {
			receipt?;
		}
		if !buyers.is_empty() {
			progress(&format!("{} accounts bought credits", buyers.len()));
		}

		self.onboard(chain, &maker).await?;
		self.locate(chain).await?;
		Ok(())
	}

	/// Hotspot `beaconer`'s report on the chain `genesis` at the entropy block `(number, hash)`
	/// ([`Fleet::beacon_and_receipts`]) as a call, and how many receipts it carries.
	pub fn report(
		&self,
		genesis: &GenesisHash,
		beaconer: usize,
		candidates: impl IntoIterator<Item = usize>,
		max: usize,
		entropy: (u64, [u8; 32]),
		rng: &mut sim::Rng,
	) -> (impl subxt::transactions::Payload, usize) {
		let (beacon, receipts) =
			self.beacon_and_receipts(genesis, beaconer, candidates, max, entropy, rng);
		let count = receipts.len();
		(api::transactions().coverage().submit_report(beacon, BoundedVec(receipts)), count)
	}

	/// Hotspot `beaconer`'s beacon on the chain `genesis` at the entropy block `(number, hash)`
	/// and the receipts of those `candidates` that heard it by the radio model (the strongest
	/// `max`), each signed by the witness's device key.
	pub fn beacon_and_receipts(
		&self,
		genesis: &GenesisHash,
		beaconer: usize,
		candidates: impl IntoIterator<Item = usize>,
		max: usize,
		(entropy_block, entropy_hash): (u64, [u8; 32]),
		rng: &mut sim::Rng,
	) -> (Beacon, Vec<WitnessReceipt>) {
		let sender = &self.hotspots[beaconer];
		let fields = BeaconFields {
			beaconer: sender.id.unwrap_or_default(),
			entropy_block,
			entropy_hash,
			frequency_hz: sim::FREQUENCY_HZ,
			tx_power_dbm_x10: sim::TX_POWER_DBM_X10,
		};
		let id = fields.id();
		let gains = 2 * i32::from(HOTSPOT_GAIN);
		let mut heard: Vec<(usize, sim::Heard)> = Vec::new();
		for other in candidates.into_iter().filter(|&other| other != beaconer) {
			let distance = sim::distance(sender.cell, self.hotspots[other].cell);
			if let Some(signal) = sim::hear(distance, sim::TX_POWER_DBM_X10, gains, rng) {
				heard.push((other, signal));
			}
		}
		heard.sort_by_key(|(_, signal)| std::cmp::Reverse(signal.signal_dbm_x10));
		heard.truncate(max);
		let receipts = heard
			.into_iter()
			.map(|(other, signal)| {
				let witness = &self.hotspots[other];
				let location = u64::from(witness.cell);
				let signed = WitnessFields {
					witness: witness.id.unwrap_or_default(),
					signal_dbm_x10: signal.signal_dbm_x10,
					snr_db_x10: signal.snr_db_x10,
					frequency_hz: signal.frequency_hz,
					location: payloads::H3Cell(location),
				};
				WitnessReceipt {
					witness: signed.witness,
					signal_dbm_x10: signal.signal_dbm_x10,
					snr_db_x10: signal.snr_db_x10,
					frequency_hz: signal.frequency_hz,
					location: H3Cell(location),
					signature: device_signature(&witness.pair.sign(&signed.payload(genesis, &id))),
				}
			})
			.collect();
		let beacon = Beacon {
			beaconer: fields.beaconer,
			entropy_block,
			entropy_hash,
			frequency_hz: fields.frequency_hz,
			tx_power_dbm_x10: fields.tx_power_dbm_x10,
			signature: device_signature(&sender.pair.sign(&fields.payload(genesis))),
		};
		(beacon, receipts)
	}

	/// Looks up the devices already registered with the fleet's keys, and the tenant's leases.
	async fn find_devices(&mut self, chain: &Chain) -> Result<()> {
		for hotspot in &mut self.hotspots {
			let device = device_by_key(chain, &hotspot.pair).await?;
			hotspot.id = device["id"].as_u64();
			hotspot.located = device["location"]["cell"]
				.as_str()
				.and_then(|cell| u64::from_str_radix(cell.trim_start_matches("0x"), 16).ok());
		}
		for gpu in &mut self.gpus {
			gpu.id = device_by_key(chain, &gpu.pair).await?["id"].as_u64();
		}
		let tenant = keys::account(&self.tenant).to_string();
		for gpu in &mut self.gpus {
			let Some(device) = gpu.id else { continue };
			let provider = keys::account(&self.operators[gpu.owner]).to_string();
			let leases = chain.request("depin_leasesOf", vec![json!(provider)]).await?;
			gpu.lease = leases
				.as_array()
				.into_iter()
				.flatten()
				.find(|lease| {
					lease["device"].as_u64() == Some(device)
						&& lease["tenant"].as_str() == Some(tenant.as_str())
						&& lease["state"]["type"] == "active"
				})
				.and_then(lease_of);
		}
		Ok(())
	}

	/// Tops up every account below what it needs, in batches from the funder.
	async fn fund(
		&self,
		chain: &Chain,
		funder: &Keypair,
		wants: Vec<(AccountId32, u128)>,
	) -> Result<()> {
		let mut calls = Vec::new();
		for (who, want) in wants {
			let free = chain.account_info(&who).await?.data.free;
			if free < want {
				calls.push(RuntimeCall::Balances(BalancesCall::transfer_keep_alive {
					dest: MultiAddress::Id(who),
					value: want - free,
				}));
			}
		}
		let count = calls.len();
		for chunk in chunks(calls) {
			chain.submit(&api::transactions().utility().batch_all(chunk), funder).await?;
		}
		if count > 0 {
			progress(&format!("funded {count} accounts"));
		}
		Ok(())
	}

	/// Sudo makes the funder and the fleet's feeder price feeders, then both price DPN.
	async fn open_market(&self, chain: &Chain, funder: &Keypair, usd: f64) -> Result<()> {
		let feeders = [keys::account(funder), keys::account(&self.feeder)]
			.map(|who| RuntimeCall::Bme(BmeCall::add_feeder { feeder: MultiAddress::Id(who) }));
		// `force_batch`: one already a feeder (an earlier run's) does not keep the other out.
		let batch =
			RuntimeCall::Utility(api::runtime_types::pallet_utility::pallet::Call::force_batch {
				calls: feeders.into(),
			});
		let added = chain.submit(&api::transactions().sudo().sudo(batch), funder).await?;
		let added = added.all("Bme", "FeederAdded").len();
		let price = FixedU128((usd * 1e18) as u128);
		let call = api::transactions().bme().submit_price(price);
		let (a, b) = tokio::join!(chain.submit(&call, funder), chain.submit(&call, &self.feeder));
		a?;
		b?;
		progress(&format!("{added} feeders added; two feeders priced DPN at {usd} USD"));
		Ok(())
	}

	/// The fleet's maker: found among the approved makers by its key, or approved by sudo.
	async fn approve_maker(&self, chain: &Chain, funder: &Keypair) -> Result<(u32, Keypair)> {
		let key = keys::to_hex(self.maker.public_key().0);
		let makers = chain.request("depin_makers", Vec::new()).await?;
		let found = makers.as_array().into_iter().flatten().find(|maker| {
			maker["attestationKey"]["publicKey"].as_str() == Some(key.as_str())
				&& maker["status"] != "revoked"
		});
		if let Some(id) = found.and_then(|maker| maker["id"].as_u64()) {
			return Ok((u32::try_from(id).unwrap_or(u32::MAX), self.maker.clone()));
		}
		let approve = RuntimeCall::Registry(RegistryCall::approve_maker {
			account: MultiAddress::Id(keys::account(&self.maker)),
			attestation_key: DeviceKey::Sr25519(self.maker.public_key().0),
			name: bytes("Simulated Maker"),
			bond: 0,
		});
		let receipt = chain.submit(&api::transactions().sudo().sudo(approve), funder).await?;
		let id = receipt.number("Registry", "MakerApproved", "maker").ok_or_else(|| {
			Error::Other(format!("sudo did not approve the maker: {:?}", receipt.events))
		})?;
		progress(&format!("maker {id} approved"));
		Ok((u32::try_from(id).unwrap_or(u32::MAX), self.maker.clone()))
	}

	/// Onboards every device not yet registered: one batch per operator, all at once.
	async fn onboard(&mut self, chain: &Chain, maker: &(u32, Keypair)) -> Result<()> {
		let mut calls: BTreeMap<usize, Vec<RuntimeCall>> = BTreeMap::new();
		let hotspot = || {
			DeviceAttributes::Hotspot(HotspotAttributes {
				gain_dbi_x10: HOTSPOT_GAIN,
				elevation_m: HOTSPOT_ELEVATION,
			})
		};
		let gpu = || {
			DeviceAttributes::Gpu(GpuAttributes {
				vendor: bytes("NVIDIA"),
				model: bytes("H100"),
				vram_gib: 80,
				count: 1,
				interface: GpuInterface::Sxm,
			})
		};
		let mut count = 0;
		let devices = self
			.hotspots
			.iter()
			.filter(|h| h.id.is_none())
			.map(|h| (&h.pair, h.owner, hotspot(), DeviceClass::Hotspot))
			.chain(
				self.gpus
					.iter()
					.filter(|g| g.id.is_none())
					.map(|g| (&g.pair, g.owner, gpu(), DeviceClass::Gpu)),
			);
		let genesis = chain.genesis_hash().await?;
		let valid_until = payloads::attestation_deadline(chain.best_number().await?);
		for (pair, owner, attributes, class) in devices {
			let key = pair.key();
			let owner_account = keys::account(&self.operators[owner]);
			let payload =
				payloads::onboarding(&genesis, maker.0, &key, &owner_account.0, class, valid_until);
			let attestation = maker.1.sign(&payload);
			calls.entry(owner).or_default().push(RuntimeCall::Registry(
				RegistryCall::onboard_device {
					key: device_key(&key),
					attributes,
					maker: maker.0,
					valid_until,
					attestation: DeviceSignature::Sr25519(attestation.0),
				},
			));
			count += 1;
		}
		let receipts = self.batches(chain, calls).await?;
		let mut ids = BTreeMap::new();
		for receipt in &receipts {
			for event in receipt.all("Registry", "DeviceOnboarded") {
				let key = ["Ed25519", "Sr25519"]
					.iter()
					.find_map(|scheme| event["key"][scheme].as_str())
					.map(str::to_owned);
				if let (Some(key), Some(id)) = (key, event["device"].as_u64()) {
					ids.insert(key, id);
				}
			}
		}
		let id_of = |pair: &DevicePair| ids.get(&keys::to_hex(pair.key().as_bytes())).copied();
		for hotspot in self.hotspots.iter_mut().filter(|h| h.id.is_none()) {
			hotspot.id = id_of(&hotspot.pair);
		}
		for gpu in self.gpus.iter_mut().filter(|g| g.id.is_none()) {
			gpu.id = id_of(&gpu.pair);
		}
		if let Some(missing) = self.hotspots.iter().position(|h| h.id.is_none()) {
			return Err(Error::Other(format!("hotspot {missing} was not onboarded")));
		}
		if count > 0 {
			progress(&format!("onboarded {count} devices"));
		}
		Ok(())
	}

	/// Asserts every hotspot's location where the chain has another (or none).
	async fn locate(&self, chain: &Chain) -> Result<()> {
		let mut calls: BTreeMap<usize, Vec<RuntimeCall>> = BTreeMap::new();
		let mut count = 0;
		for hotspot in &self.hotspots {
			let id = hotspot.id.unwrap_or_default();
			let cell = u64::from(hotspot.cell);
			if hotspot.located == Some(cell) {
				continue;
			}
			calls.entry(hotspot.owner).or_default().push(RuntimeCall::Registry(
				RegistryCall::assert_location {
					device: id,
					location: H3Cell(cell),
					gain_dbi_x10: HOTSPOT_GAIN,
					elevation_m: HOTSPOT_ELEVATION,
				},
			));
			count += 1;
		}
		self.batches(chain, calls).await?;
		if count > 0 {
			progress(&format!("located {count} hotspots"));
		}
		Ok(())
	}

	/// Lists every GPU not leased yet (one `Utility.batch_all` an operator, side by side) and
	/// leases them all to the tenant (its batches), so a hundred leases start within a few
	/// blocks of each other and none waits unheartbeated while the others are set up.
	pub async fn lease_gpus(&mut self, chain: &Chain) -> Result<()> {
		let terms = || OfferTerms {
			price_per_hour: GPU_PRICE,
			min_duration: 60,
			max_duration: 6_000,
			region: bytes("us-east"),
		};
		let mut listings: BTreeMap<usize, Vec<RuntimeCall>> = BTreeMap::new();
		let mut leases = Vec::new();
		for gpu in self.gpus.iter().filter(|gpu| gpu.lease.is_none()) {
			let Some(device) = gpu.id else { continue };
			// Listed by an earlier run whose lease has ended: the offer stands.
			if chain.offer(device).await?.is_none() {
				listings
					.entry(gpu.owner)
					.or_default()
					.push(RuntimeCall::Leases(LeasesCall::list_offer { device, terms: terms() }));
			}
			let deposit = GPU_PRICE * u128::from(LEASE_TERM) / BLOCKS_PER_HOUR;
			leases.push(RuntimeCall::Leases(LeasesCall::lease_offer {
				device,
				duration: LEASE_TERM,
				deposit,
				max_price_per_hour: GPU_PRICE,
			}));
		}
		if leases.is_empty() {
			return Ok(());
		}
		self.batches(chain, listings).await?;
		let mut started = BTreeMap::new();
		for chunk in chunks(leases) {
			let call = api::transactions().utility().batch_all(chunk);
			let receipt = chain.submit(&call, &self.tenant).await?;
			for event in receipt.all("Leases", "LeaseStarted") {
				if let (Some(device), Some(lease)) =
					(event["device"].as_u64(), event["lease"].as_u64())
				{
					started.insert(device, lease);
				}
			}
		}
		for gpu in &mut self.gpus {
			let Some(lease) = gpu.id.and_then(|device| started.get(&device)) else { continue };
			let record = chain.request("depin_lease", vec![json!(lease)]).await?;
			gpu.lease = lease_of(&record);
		}
		progress(&format!("{} GPUs leased to the tenant", started.len()));
		Ok(())
	}

	/// Submits each operator's calls as `Utility.batch_all`s, the operators side by side.
	async fn batches(
		&self,
		chain: &Chain,
		calls: BTreeMap<usize, Vec<RuntimeCall>>,
	) -> Result<Vec<Receipt>> {
		let work = calls.into_iter().map(|(owner, calls)| {
			let signer = &self.operators[owner];
			async move {
				let mut receipts = Vec::new();
				for chunk in chunks(calls) {
					let call = api::transactions().utility().batch_all(chunk);
					receipts.push(chain.submit(&call, signer).await?);
				}
				Ok::<_, Error>(receipts)
			}
		});
		let mut all = Vec::new();
		for receipts in subxt::ext::futures::future::join_all(work).await {
			all.extend(receipts?);
		}
		Ok(all)
	}
}

/// The calls in batches of at most [`BATCH`].
fn chunks(calls: Vec<RuntimeCall>) -> Vec<Vec<RuntimeCall>> {
	let mut chunks = Vec::new();
	let mut calls = calls.into_iter().peekable();
	while calls.peek().is_some() {
		chunks.push(calls.by_ref().take(BATCH).collect());
	}
	chunks
}

/// (lease id, start block, heartbeat period) of a `depin_lease` record.
fn lease_of(record: &Json) -> Option<(u64, u64, u64)> {
	Some((
		record["id"].as_u64()?,
		record["startedAt"].as_u64()?,
		record["heartbeatPeriod"].as_u64()?,
	))
}

/// The record of the device registered with a key pair's public key (`null` if none).
async fn device_by_key(chain: &Chain, pair: &DevicePair) -> Result<Json> {
	let key = keys::format_device_key(&pair.key());
	chain.request("depin_deviceByKey", vec![json!(key)]).await
}

/// An account's spendable credits.
async fn spendable_credits(chain: &Chain, who: &AccountId32) -> Result<u128> {
	let credits = chain.request("depin_credits", vec![json!(who.to_string())]).await?;
	decimal(&credits["spendable"])
}

/// A decimal-string amount of a `depin_*` answer.
fn decimal(value: &Json) -> Result<u128> {
	value
		.as_str()
		.and_then(|text| text.parse().ok())
		.ok_or_else(|| Error::Rpc(format!("expected a decimal amount, got {value}")))
}

/// A line of progress on standard error.
pub fn progress(line: &str) {
	eprintln!("{line}");
}

/// The resolution-10 hex of a hotspot's cell, where its transmit scale is set.
pub fn scale_hex(cell: CellIndex) -> CellIndex {
	cell.parent(Resolution::Ten).unwrap_or(cell)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn spec(hotspots: usize, operators: usize, ring: usize) -> Spec {
		Spec {
			seed: "owners".into(),
			hotspots,
			operators,
			gpus: 0,
			center: LatLng::new(52.52, 13.405).expect("Berlin"),
			radius: 1_000.0,
			cluster_every: 0,
			ring,
		}
	}

	#[test]
	fn ring_witnesses_never_share_an_owner_with_a_beaconer() {
		for (operators, ring) in [(2, 14), (3, 14), (10, 14), (10, 3), (25, 14)] {
			let spec = spec(ring + 60, operators, ring);
			let witnesses: Vec<usize> = (0..ring).map(|i| spec.hotspot_owner(i)).collect();
			for beaconer in ring..spec.hotspots {
				let owner = spec.hotspot_owner(beaconer);
				assert!(owner < operators, "{operators} {ring}");
				assert!(!witnesses.contains(&owner), "{operators} operators, ring {ring}");
			}
		}
	}

	#[test]
	fn without_a_ring_hotspots_are_owned_round_robin() {
		let spec = spec(7, 3, 0);
		let owners: Vec<usize> = (0..7).map(|i| spec.hotspot_owner(i)).collect();
		assert_eq!(owners, [0, 1, 2, 0, 1, 2, 0]);
	}
}
