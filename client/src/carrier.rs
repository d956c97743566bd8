//! The simulator's carrier: a data-transfer payer buying the traffic of the fleet's hotspots
//! nearest the city centre, so a run shows data-transfer rewards beside coverage and the
//! coverage weight falling where the traffic is. Approved by sudo (development chains); its keys
//! derive from the fleet's seed (`//<seed>/carrier`, routing key `//<seed>//router`), and a
//! second run with the same seed finds and reuses the payer.

use serde_json::{json, Value as Json};
use subxt_signer::sr25519::Keypair;

use crate::{
	chain::Chain,
	errors::{Error, Result},
	fleet::progress,
	keys::{self, DevicePair},
	runtime::{api, bytes, device_key, signed_session, BoundedVec},
	sim,
};
use depin_primitives::{payloads::DataSessionFields, GenesisHash};

type UsageCall = api::runtime_types::pallet_usage::pallet::Call;
type TrafficPrice = api::runtime_types::pallet_usage::types::TrafficPrice;
/// A countersigned session as the `submit_sessions` call takes it.
pub type SignedSession = api::runtime_types::pallet_usage::types::SignedSession;

/// The carrier's price: $0.50 a gigabyte, Helium Mobile's.
pub const PER_GB: u128 = 50_000;
/// The most credits one of the carrier's sessions costs (under 10 GB).
pub const MAX_SESSION_CREDITS: u128 = 10 * PER_GB;
/// Most sessions one report carries (the runtime's `MaxSessionsPerReport`).
const PER_REPORT: usize = 64;
/// A gigabyte.
const GB: u64 = 1_000_000_000;
/// DPN, in plancks.
const DPN: u128 = 1_000_000_000_000;

/// The carrier.
pub struct Carrier {
	/// Its account: bond, escrow, price.
	account: Keypair,
	/// Its routing key: countersigns sessions.
	router: DevicePair,
	/// Its payer id, once approved.
	payer: Option<u32>,
	/// Session sizes and ids.
	rng: sim::Rng,
}

impl Carrier {
	/// The carrier of the fleet seeded `seed`.
	pub fn new(seed: &str) -> Result<Carrier> {
		Carrier::numbered(seed, 0)
	}

	/// Carrier `index` of the fleet seeded `seed` (`depin load sessions --payers`): carrier 0 is
	/// [`Carrier::new`]'s, carrier `i` derives `//<seed>/carrier/<i>` and `//<seed>//router//<i>`.
	pub fn numbered(seed: &str, index: usize) -> Result<Carrier> {
		let suffix = |separator: &str| match index {
			0 => String::new(),
			i => format!("{separator}{i}"),
		};
		let account = keys::pair(&format!("//{seed}/carrier{}", suffix("/")))
			.map_err(|e| Error::Usage(format!("--seed {seed:?}: {e}")))?;
		let router = DevicePair::from_suri(&format!("//{seed}//router{}", suffix("//")))
			.map_err(|e| Error::Usage(format!("--seed {seed:?}: {e}")))?;
		let rng = sim::Rng::new(&format!("{seed}/traffic{}", suffix("/")));
		Ok(Carrier { account, router, payer: None, rng })
	}

	/// Approves the carrier as a payer (sudo, by `funder`) unless an earlier run did, funds its
	/// account, buys `credits` and escrows them. A price must be in force.
	pub async fn prepare(&mut self, chain: &Chain, funder: &Keypair, credits: u128) -> Result<u32> {
		let who = keys::account(&self.account);
		let router = keys::format_device_key(&self.router.key());
		let payers = chain.request("depin_payers", vec![]).await?;
		let existing = payers.as_array().into_iter().flatten().find(|payer| {
			let key = &payer["routingKey"];
			format!(
				"{}:{}",
				key["type"].as_str().unwrap_or(""),
				key["publicKey"].as_str().unwrap_or("")
			) == router && payer["status"] == "active"
		});
		// Credits are bought at the credit price.
		let price: f64 = chain.request("depin_price", vec![]).await?["price"]["creditPrice"]
			.as_str()
			.and_then(|price| price.parse().ok())
			.ok_or_else(|| Error::Usage("the carrier needs a DPN/USD price in force".into()))?;
		// DPN for the credits, with half again to spare, and for fees.
		let dpn = credits as f64 / 100_000.0 / price * 1.5;
		let burn = (dpn * DPN as f64) as u128 + DPN;
		let transfer = api::transactions()
			.balances()
			.transfer_keep_alive(subxt::utils::MultiAddress::Id(who), burn + 20 * DPN);
		chain.submit(&transfer, funder).await?;
		chain
			.submit(&api::transactions().bme().burn_for_credits(burn, None), &self.account)
			.await?;

		let payer = match existing.and_then(|payer| payer["id"].as_u64()) {
			Some(id) => u32::try_from(id).unwrap_or(u32::MAX),
			None => {
				let approve = api::runtime_types::depin_runtime::RuntimeCall::Usage(
					UsageCall::approve_payer {
						account: who,
						routing_key: device_key(&self.router.key()),
						name: bytes("Simulated Carrier"),
						bond: 10 * DPN,
						price: TrafficPrice { per_gb: PER_GB, per_packet: 0 },
						epoch_limit: u128::MAX,
					},
				);
				let receipt =
					chain.submit(&api::transactions().sudo().sudo(approve), funder).await?;
				let id = receipt.number("Usage", "PayerApproved", "payer").ok_or_else(|| {
					Error::Other(format!("sudo did not approve the carrier: {:?}", receipt.events))
				})?;
				u32::try_from(id).unwrap_or(u32::MAX)
			}
		};
		let escrow = api::transactions().usage().escrow_credits(payer, credits);
		chain.submit(&escrow, &self.account).await?;
		progress(&format!("carrier: payer {payer}, {credits} credits escrowed"));
		self.payer = Some(payer);
		Ok(payer)
	}

	/// One session for each of `hotspots` (device id and key), 1 to 10 GB down over the ten
	/// blocks up to `best`, signed by the hotspot and countersigned by the carrier, submitted in
	/// reports of up to 64. Returns the sessions counted and their bytes.
	pub async fn carry(
		&mut self,
		chain: &Chain,
		genesis: &GenesisHash,
		hotspots: &[(u64, &DevicePair)],
		best: u64,
	) -> Result<(u64, u64)> {
		let mut signed = self.sign(genesis, hotspots, best)?;
		let (mut sessions, mut bytes) = (0, 0);
		while !signed.is_empty() {
			let rest = signed.split_off(signed.len().min(PER_REPORT));
			let report = std::mem::replace(&mut signed, rest);
			let call = api::transactions().usage().submit_sessions(BoundedVec(report));
			let receipt = chain.submit_general(&call).await?;
			for counted in receipt.all("Usage", "SessionCounted") {
				sessions += 1;
				bytes += number(&counted["bytes"]);
			}
		}
		Ok((sessions, bytes))
	}

	/// One session for each of `hotspots` (device id and key), 1 to 10 GB down (at most
	/// [`MAX_SESSION_CREDITS`]) over the ten blocks up to `end`, signed by the hotspot and
	/// countersigned by the carrier.
	pub fn sign(
		&mut self,
		genesis: &GenesisHash,
		hotspots: &[(u64, &DevicePair)],
		end: u64,
	) -> Result<Vec<SignedSession>> {
		let payer = self.payer.ok_or_else(|| Error::Other("the carrier is not prepared".into()))?;
		let mut signed = Vec::with_capacity(hotspots.len());
		for (device, pair) in hotspots {
			let mut session_id = [0u8; 16];
			session_id[..8].copy_from_slice(&self.rng.next_u64().to_le_bytes());
			session_id[8..].copy_from_slice(&self.rng.next_u64().to_le_bytes());
			let fields = DataSessionFields {
				hotspot: *device,
				payer,
				session_id,
				period: (end.saturating_sub(10), end),
				bytes_up: 0,
				bytes_down: GB + self.rng.next_u64() % (9 * GB),
				packets: 0,
			};
			signed.push(signed_session(
				&fields,
				&pair.sign(&fields.payload(genesis)),
				&self.router.sign(&fields.countersign_payload(genesis)),
			));
		}
		Ok(signed)
	}
}

/// A JSON number or decimal string as a `u64` (0 otherwise).
fn number(value: &Json) -> u64 {
	value.as_u64().or_else(|| value.as_str()?.parse().ok()).unwrap_or(0)
}

/// The coverage weight of the hex `cell` is counted in for `epoch` (the current one without
/// it), from `depin_hexDemand`, as a fraction.
pub async fn coverage_weight(chain: &Chain, cell: u64, epoch: Option<u64>) -> Result<f64> {
	let demand = chain
		.request("depin_hexDemand", vec![json!(format!("0x{cell:016x}")), json!(epoch)])
		.await?;
	Ok(demand["coverageWeight"].as_str().and_then(|weight| weight.parse().ok()).unwrap_or(1.0))
}
