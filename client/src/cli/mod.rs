//! The command line: global options and one subcommand group per domain.

use clap::{
	builder::{PossibleValuesParser, TypedValueParser},
	Args, Parser, Subcommand,
};

use crate::{
	chain::Wait,
	errors::{Error, Result},
	fleet::Governance,
	keys::DeviceScheme,
	payloads::DeviceClass,
};

mod daemons;
pub use daemons::{HotspotCommand, ProviderCommand};

/// `depin`: the operator and tenant client of the DePIN chain.
#[derive(Parser, Debug)]
#[command(name = "depin", version, about, propagate_version = true)]
pub struct Cli {
	/// The node's JSON-RPC WebSocket URL.
	#[arg(long, global = true, env = "DEPIN_URL", default_value = "ws://127.0.0.1:9944")]
	pub url: String,
	/// The signing account's secret: `@FILE` (a polkadot.js key file, opened with the password
	/// from DEPIN_PASSWORD_FILE, DEPIN_PASSWORD or a prompt; or a file holding the secret URI),
	/// `-` (the secret URI on standard input), `prompt` (asked for, not echoed), or the secret
	/// URI itself (a phrase, a 0x seed, a dev path like //Alice), which other users of the
	/// machine can read on a command line: development only.
	#[arg(long, global = true, env = "DEPIN_SURI", hide_env_values = true)]
	pub suri: Option<String>,
	/// Print JSON instead of text.
	#[arg(long, global = true)]
	pub json: bool,
	/// When a transaction counts as done.
	#[arg(long, global = true, value_parser = wait_parser(), default_value = "finalized")]
	pub wait: Wait,
	/// What to do.
	#[command(subcommand)]
	pub command: Command,
}

/// The command groups.
#[derive(Subcommand, Debug)]
pub enum Command {
	/// Accounts: new key pairs, balances, nonce and credits.
	#[command(subcommand)]
	Account(AccountCommand),
	/// Devices: keys, onboarding, location, lookup.
	#[command(subcommand)]
	Device(DeviceCommand),
	/// Makers: attestations of devices they built.
	#[command(subcommand)]
	Maker(MakerCommand),
	/// Proof of coverage: beacons with witness receipts, signed by device keys.
	#[command(subcommand)]
	Coverage(CoverageCommand),
	/// The GPU marketplace: offers, orders, bids, leases and heartbeats.
	#[command(subcommand)]
	Lease(LeaseCommand),
	/// Burn-and-mint: credits, rewards and prices.
	#[command(subcommand)]
	Bme(BmeCommand),
	/// Validators: tie the node's session keys to the account and bond as a candidate.
	#[command(subcommand)]
	Validator(ValidatorCommand),
	/// Data-transfer payers: approval, escrow, price, countersigning hotspots' sessions.
	#[command(subcommand)]
	Payer(PayerCommand),
	/// Data-transfer sessions: a hotspot signs one, its payer countersigns, anyone submits.
	#[command(subcommand)]
	Session(SessionCommand),
	/// The GPU provider's service: heartbeats every lease of its machines on time, claims what
	/// they owe, serves /metrics and /health; configured by a file (keys from files only).
	#[command(subcommand)]
	Provider(ProviderCommand),
	/// The hotspot owner's service: beacons through each hotspot's gateway once an interval,
	/// witnesses the beacons the gateways hear (Semtech UDP packet-forwarder protocol), serves
	/// /metrics and /health; configured by a file (keys from files only).
	#[command(subcommand)]
	Hotspot(HotspotCommand),
	/// Simulate the air between LoRa gateways: each gateway of the file speaks the Semtech UDP
	/// protocol to its server (a hotspot service) and hears the others' transmissions by the
	/// radio model at their distance. Runs until SIGTERM or SIGINT.
	Air {
		/// The gateways: EUI, server address, H3 cell, antenna gain (TOML, see
		/// `depin_client::air::AirConfig`).
		#[arg(long)]
		config: std::path::PathBuf,
	},
	/// Serve the explorer web page (the network on a map, the GPU market, tokenomics) on
	/// loopback, connected to --url; prints the address to open and the node flag it needs.
	Explorer {
		/// The built page: the folder holding index.html (`npm run build` in explorer/).
		#[arg(long, default_value = "explorer/dist")]
		dir: std::path::PathBuf,
		/// Where to listen (port 0: any free port, printed).
		#[arg(long, default_value = "127.0.0.1:8080")]
		listen: String,
	},
	/// Simulate a fleet: hotspots at real H3 cells around a city beaconing with witnesses, and
	/// GPU providers heartbeating their leases; funded and set up by --suri.
	Simulate(SimulateArgs),
	/// Load tests: pre-signed transactions sent at a target rate, and what the chain included
	/// block by block (progress on stderr, report on stdout).
	#[command(subcommand)]
	Load(LoadCommand),
	/// Any `depin_*` (or other) JSON-RPC method; each parameter is JSON, or else a string.
	Query {
		/// The method, e.g. depin_price; `depin_` may be left out.
		method: String,
		/// The positional parameters.
		params: Vec<String>,
	},
}

/// `depin account …`.
#[derive(Subcommand, Debug)]
pub enum AccountCommand {
	/// Generate an sr25519 key pair into a password-encrypted key file (polkadot.js's format).
	New(NewKeyArgs),
	/// Balances, nonce, credits and pending rewards of an account.
	Show {
		/// SS58 address, 0x account id or secret URI; the --suri account if left out.
		account: Option<String>,
	},
}

/// Where a new key goes: a key file, and its secret printed only when asked.
#[derive(clap::Args, Debug, Clone)]
pub struct NewKeyArgs {
	/// Write the key pair to this new file (mode 0600), encrypted with a password from
	/// DEPIN_PASSWORD_FILE, DEPIN_PASSWORD or a prompt (asked twice): the polkadot.js JSON
	/// format, which polkadot.js apps and wallets import. Sign with it as --suri @FILE.
	#[arg(long, value_name = "FILE", required_unless_present = "show_secret")]
	pub keystore: Option<std::path::PathBuf>,
	/// Also print the secret phrase (anyone who sees it holds the key): for development, or to
	/// write it down offline.
	#[arg(long)]
	pub show_secret: bool,
	/// The key's name in the file (polkadot.js shows it).
	#[arg(long, default_value = "depin key")]
	pub name: String,
}

/// `depin device …`.
#[derive(Subcommand, Debug)]
pub enum DeviceCommand {
	/// Generate a device key pair into a password-encrypted key file: ed25519 unless --scheme
	/// sr25519.
	New {
		/// The key's signature scheme: ed25519 (the default) or sr25519.
		#[arg(long, default_value = "ed25519")]
		scheme: DeviceScheme,
		/// Where the key goes.
		#[command(flatten)]
		key_file: NewKeyArgs,
	},
	/// Onboard a device with a maker's attestation, signed by its owner (--suri).
	Onboard(OnboardArgs),
	/// Assert a device's location (an H3 cell of resolution 12) and a hotspot's antenna.
	Locate {
		/// The device id.
		device: u64,
		/// The H3 cell index, 0x and up to 16 hex digits (or give --lat and --lng).
		#[arg(long, required_unless_present_all = ["lat", "lng"], conflicts_with_all = ["lat", "lng"])]
		cell: Option<String>,
		/// Latitude in degrees (-90 to 90), with --lng: the cell holding the point is asserted.
		#[arg(long, requires = "lng", allow_negative_numbers = true)]
		lat: Option<f64>,
		/// Longitude in degrees (-180 to 180), with --lat.
		#[arg(long, requires = "lat", allow_negative_numbers = true)]
		lng: Option<f64>,
		/// The resolution of the cell found from --lat/--lng (hotspots assert 12, as Helium's).
		#[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u8).range(0..=15), requires = "lat")]
		resolution: u8,
		/// Antenna gain in dBi × 10 (hotspots: 10 to 150; other classes 0).
		#[arg(long, default_value_t = 0)]
		gain: u16,
		/// Antenna elevation in metres (hotspots; other classes 0).
		#[arg(long, default_value_t = 0, allow_negative_numbers = true)]
		elevation: i32,
	},
	/// A registered device, by id or by key.
	Show {
		/// The device id.
		#[arg(required_unless_present = "key")]
		device: Option<u64>,
		/// The device's public key instead of its id ([ed25519:|sr25519:]0x…, ed25519 when
		/// unprefixed).
		#[arg(long, conflicts_with = "device")]
		key: Option<String>,
	},
	/// The devices of an owner (the --suri account if left out).
	List {
		/// SS58 address, 0x account id or secret URI.
		owner: Option<String>,
	},
}

/// `depin device onboard` arguments.
#[derive(Args, Debug)]
pub struct OnboardArgs {
	/// The device's public key: `ed25519:0x…` or `sr25519:0x…` (64 hex digits; ed25519 when
	/// unprefixed).
	#[arg(long)]
	pub key: String,
	/// The device class; its attributes come from the options below.
	#[arg(long, value_parser = class_parser())]
	pub class: DeviceClass,
	/// The attesting maker's id.
	#[arg(long)]
	pub maker: u32,
	/// The last valid block the maker's attestation names (`depin maker attest` prints it).
	#[arg(long)]
	pub valid_until: u32,
	/// The maker's attestation (`depin maker attest`), 0x and 128 hex digits.
	#[arg(long)]
	pub attestation: String,
	/// Hotspot: antenna gain in dBi × 10 (10 to 150).
	#[arg(long, default_value_t = 40)]
	pub gain: u16,
	/// Hotspot: antenna elevation in metres.
	#[arg(long, default_value_t = 10, allow_negative_numbers = true)]
	pub elevation: i32,
	/// GPU: vendor.
	#[arg(long, default_value = "NVIDIA")]
	pub vendor: String,
	/// GPU: model, e.g. H100.
	#[arg(long, default_value = "H100")]
	pub model: String,
	/// GPU: memory of one GPU in GiB.
	#[arg(long, default_value_t = 80)]
	pub vram: u32,
	/// GPU: how many GPUs (1 to 64).
	#[arg(long, default_value_t = 1)]
	pub count: u32,
	/// GPU: how they are attached: pcie, sxm, oam or other.
	#[arg(long, default_value = "pcie")]
	pub interface: String,
	/// Storage: usable capacity in GiB.
	#[arg(long, default_value_t = 1024)]
	pub capacity: u64,
	/// Sensor: what it measures.
	#[arg(long, default_value = "air-quality")]
	pub kind: String,
}

/// `depin maker …`.
#[derive(Subcommand, Debug)]
pub enum MakerCommand {
	/// Sign the onboarding attestation of a device with the maker's attestation key (--suri).
	/// The attestation is bound to the chain (its genesis hash), the maker id, the device key,
	/// the owner, the class and a last valid block. Reads the genesis hash and the best block from
	/// the node unless both --genesis and --valid-until are given (then it signs offline).
	Attest {
		/// The device's public key (`ed25519:0x…` or `sr25519:0x…`; ed25519 when unprefixed).
		#[arg(long)]
		device: String,
		/// The account that will own the device.
		#[arg(long)]
		owner: String,
		/// The device class.
		#[arg(long, value_parser = class_parser())]
		class: DeviceClass,
		/// The maker's id on the chain (the `makers` runtime API lists them).
		#[arg(long)]
		maker: u32,
		/// The last block the attestation may be used in; default: the best block + 14,400 (a
		/// day of 6-second blocks).
		#[arg(long)]
		valid_until: Option<u32>,
		/// The chain's genesis hash (0x and 64 hex digits); default: read from the node.
		#[arg(long)]
		genesis: Option<String>,
	},
}

/// `depin coverage …`.
#[derive(Subcommand, Debug)]
pub enum CoverageCommand {
	/// Submit a beacon and its witness receipts, each signed by its hotspot's device key; no
	/// account signs and no fee is paid.
	Beacon {
		/// The beaconing hotspot's id.
		#[arg(long)]
		device: u64,
		/// The beaconer's device secret URI (`sr25519:<suri>` for an sr25519 key; ed25519
		/// otherwise).
		#[arg(long)]
		key: String,
		/// A witness as ID=SECRET_URI (repeatable, prefixed as --key); its location is read
		/// from the chain.
		#[arg(long = "witness", value_name = "ID=SURI")]
		witnesses: Vec<String>,
		/// Transmit frequency in Hz.
		#[arg(long, default_value_t = 868_100_000)]
		frequency: u64,
		/// Transmit power in dBm × 10.
		#[arg(long, default_value_t = 270)]
		tx_power: i32,
		/// Received signal of every witness, in dBm × 10.
		#[arg(long, default_value_t = -1_100, allow_negative_numbers = true)]
		signal: i32,
		/// Signal-to-noise ratio of every witness, in dB × 10.
		#[arg(long, default_value_t = 55, allow_negative_numbers = true)]
		snr: i32,
		/// Also wait for the beacon's receipt window to close and report its rewards.
		#[arg(long)]
		rewards: bool,
	},
	/// A hotspot's proof-of-coverage: last beacon and witness, shares, refused receipts.
	Show {
		/// The hotspot's id.
		device: u64,
	},
}

/// A tenant's requirements of a GPU machine.
#[derive(Args, Debug, Clone)]
pub struct RequirementArgs {
	/// The most the tenant pays, in credits per hour.
	#[arg(long)]
	pub max_price: u128,
	/// The lease term in blocks.
	#[arg(long)]
	pub duration: u32,
	/// The GPU model, e.g. H100 (any if left out).
	#[arg(long)]
	pub model: Option<String>,
	/// The least memory per GPU in GiB.
	#[arg(long, default_value_t = 0)]
	pub min_vram: u32,
	/// The least number of GPUs.
	#[arg(long, default_value_t = 1)]
	pub gpus: u32,
	/// The region, e.g. eu-west (any if left out).
	#[arg(long)]
	pub region: Option<String>,
}

/// `depin lease …`.
#[derive(Subcommand, Debug)]
pub enum LeaseCommand {
	/// List one of your GPU devices for lease.
	List {
		/// The device id.
		device: u64,
		/// Price in credits per hour.
		#[arg(long)]
		price: u128,
		/// Shortest term in blocks.
		#[arg(long)]
		min: u32,
		/// Longest term in blocks.
		#[arg(long)]
		max: u32,
		/// Where the device serves from, e.g. eu-west.
		#[arg(long)]
		region: String,
	},
	/// The offers that could be leased now for some requirements, cheapest first.
	Offers(RequirementArgs),
	/// Post an order; the whole term is escrowed at the maximum price.
	Order(RequirementArgs),
	/// Bid on an order with one of your listed devices.
	Bid {
		/// The order id.
		order: u64,
		/// The device id.
		#[arg(long)]
		device: u64,
		/// Price in credits per hour.
		#[arg(long)]
		price: u128,
	},
	/// Accept a bid on your order; the lease starts.
	Accept {
		/// The order id.
		order: u64,
		/// The bidding device.
		#[arg(long)]
		device: u64,
	},
	/// Lease a listed device directly at its offer's price.
	Direct {
		/// The device id.
		device: u64,
		/// The term in blocks.
		#[arg(long)]
		duration: u32,
		/// Credits to escrow.
		#[arg(long)]
		deposit: u128,
		/// The most you accept, in credits per hour.
		#[arg(long)]
		max_price: u128,
	},
	/// Escrow more credits for a lease (resumes a paused one).
	TopUp {
		/// The lease id.
		lease: u64,
		/// Credits to add.
		amount: u128,
	},
	/// Send the device's heartbeat for the lease's current interval, signed by its device key.
	Heartbeat {
		/// The lease id.
		lease: u64,
		/// The device's secret URI (`sr25519:<suri>` for an sr25519 key; ed25519 otherwise).
		#[arg(long)]
		key: String,
	},
	/// Prove a listed, idle device was available through the availability window that ended
	/// last, signed by its device key (no fee); its provider earns a compute-availability share.
	Available {
		/// The device id.
		device: u64,
		/// The device's secret URI (`sr25519:<suri>` for an sr25519 key; ed25519 otherwise).
		#[arg(long)]
		key: String,
	},
	/// Close a lease (tenant at once; provider after the notice period).
	Close {
		/// The lease id.
		lease: u64,
	},
	/// A lease: parties, price, term, state, escrow.
	Show {
		/// The lease id.
		lease: u64,
	},
	/// A lease's access details (where to reach the machine), opened with the tenant's key
	/// (--suri: the tenant's secret URI or phrase).
	Access {
		/// The lease id.
		lease: u64,
	},
}

/// `depin validator …`, signed by the validator's account (--suri).
#[derive(Subcommand, Debug)]
pub enum ValidatorCommand {
	/// `session.setKeys`: the node's session keys and their proof, both from the node's
	/// `author_rotateKeysWithOwner(<the account's public key>)` (docs/validator.md).
	SetKeys {
		/// The `keys`: 0x and 128 hex digits (Aura, then GRANDPA).
		#[arg(long)]
		keys: String,
		/// The `proof`: 0x and hex digits.
		#[arg(long)]
		proof: String,
	},
	/// `collatorSelection.registerAsCandidate`: reserve the candidacy bond and stand for
	/// selection (needs session keys set).
	Register,
	/// `collatorSelection.leaveIntent`: stop being a candidate; the bond is returned.
	Leave,
}

/// `depin payer …`.
#[derive(Subcommand, Debug)]
pub enum PayerCommand {
	/// Approve a payer (governance): prints the call to propose, or with --sudo (development
	/// chains) approves it as sudo with --suri.
	Approve {
		/// The payer's account (SS58): holds its bond and escrow and manages it.
		#[arg(long)]
		account: String,
		/// The key that countersigns its sessions: [ed25519:|sr25519:]0x and 64 hex digits.
		#[arg(long)]
		routing_key: String,
		/// A display name.
		#[arg(long)]
		name: String,
		/// DPN held from the account as its bond, e.g. 1000.
		#[arg(long, default_value = "0")]
		bond: String,
		/// Credits per gigabyte carried (at least the chain's minimum).
		#[arg(long)]
		per_gb: u128,
		/// Credits per packet.
		#[arg(long, default_value_t = 0)]
		per_packet: u128,
		/// Most credits its sessions may burn an epoch.
		#[arg(long)]
		epoch_limit: u128,
		/// Approve it as sudo with --suri (development chains).
		#[arg(long)]
		sudo: bool,
	},
	/// Escrow spendable credits of the payer's account (--suri) for its traffic.
	Escrow {
		/// The payer's id.
		#[arg(long)]
		payer: u32,
		/// Credits.
		credits: u128,
	},
	/// Set the payer's price (a cut applies after the session age).
	Price {
		/// The payer's id.
		#[arg(long)]
		payer: u32,
		/// Credits per gigabyte.
		#[arg(long)]
		per_gb: u128,
		/// Credits per packet.
		#[arg(long, default_value_t = 0)]
		per_packet: u128,
	},
	/// Ask escrowed credits back; they pay for sessions until they unlock.
	Unlock {
		/// The payer's id.
		#[arg(long)]
		payer: u32,
		/// Credits.
		credits: u128,
	},
	/// Release the unlocked credits to the account.
	Withdraw {
		/// The payer's id.
		#[arg(long)]
		payer: u32,
	},
	/// A payer (or every payer): price, escrow, traffic this epoch.
	Show {
		/// The payer's id; every payer without it.
		payer: Option<u32>,
	},
	/// Countersign sessions a hotspot signed (`depin session sign`), printing them with the
	/// payer's signature.
	Countersign {
		/// The routing key's secret: @FILE (a key file), `-` (standard input), `prompt`, or the
		/// secret URI (`ed25519:` or `sr25519:` prefix; ed25519 without one).
		#[arg(long)]
		key: String,
		/// The session JSON (one or an array), a file holding it, or `-` for standard input.
		session: String,
	},
}

/// `depin session …`.
#[derive(Subcommand, Debug)]
pub enum SessionCommand {
	/// Sign a session as its hotspot, printing it as JSON for the payer to countersign.
	Sign {
		/// The hotspot's device id.
		#[arg(long)]
		device: u64,
		/// The device key's secret (as for `depin coverage beacon --key`).
		#[arg(long)]
		key: String,
		/// The payer's id.
		#[arg(long)]
		payer: u32,
		/// The session id the payer gave it: 0x and 32 hex digits.
		#[arg(long)]
		id: String,
		/// The first and last block of the session, FIRST,LAST; the ten blocks up to the best
		/// one without it.
		#[arg(long)]
		period: Option<String>,
		/// Bytes carried from devices to the network.
		#[arg(long, default_value_t = 0)]
		bytes_up: u64,
		/// Bytes carried from the network to devices.
		#[arg(long, default_value_t = 0)]
		bytes_down: u64,
		/// Packets carried.
		#[arg(long, default_value_t = 0)]
		packets: u64,
	},
	/// Submit countersigned sessions as one fee-less report (no --suri needed).
	Submit {
		/// Session JSON (one or an array), files holding it, or `-` for standard input.
		#[arg(required = true)]
		sessions: Vec<String>,
	},
	/// A hotspot's data transfer this epoch and the last, and the last one's reward.
	Usage {
		/// The hotspot's device id.
		hotspot: u64,
	},
	/// The paid traffic of a cell's hex and the coverage weight it gives its hotspots.
	Demand {
		/// An H3 cell, 0x and 16 hex digits.
		cell: String,
		/// The epoch (the current one without it).
		#[arg(long)]
		epoch: Option<u32>,
	},
}

/// `depin bme …`.
#[derive(Subcommand, Debug)]
pub enum BmeCommand {
	/// Burn DPN for credits, for yourself or --for another account.
	Burn {
		/// DPN to burn, e.g. 12.5.
		amount: String,
		/// The account that gets the credits.
		#[arg(long = "for")]
		beneficiary: Option<String>,
	},
	/// Claim rewards: every ended epoch's pending reward, or one epoch and pool.
	Claim {
		/// The epoch.
		#[arg(long, requires = "pool")]
		epoch: Option<u32>,
		/// The pool: coverage, compute, validators or data-transfer.
		#[arg(long, requires = "epoch")]
		pool: Option<String>,
	},
	/// The credits burning an amount of DPN would buy now.
	Quote {
		/// DPN, e.g. 12.5.
		amount: String,
	},
	/// Pending rewards of an account (the --suri account if left out).
	Rewards {
		/// SS58 address, 0x account id or secret URI.
		account: Option<String>,
	},
	/// Submit the DPN/USD price as a price feeder, e.g. 2.05.
	Price {
		/// US dollars per DPN.
		usd: String,
	},
}

/// `depin simulate` arguments.
#[derive(Args, Debug)]
pub struct SimulateArgs {
	/// How many hotspots.
	#[arg(long, default_value_t = 50)]
	pub hotspots: usize,
	/// How many operators own the hotspots and GPUs (round-robin).
	#[arg(long, default_value_t = 5)]
	pub operators: usize,
	/// How many GPU machines, each leased to the simulated tenant and heartbeating.
	#[arg(long, default_value_t = 2)]
	pub gpus: usize,
	/// The city: nyc, sf, london, berlin, lagos, singapore, or LAT,LNG in degrees.
	#[arg(long, default_value = "nyc")]
	pub city: String,
	/// Hotspots stand within this many metres of the city centre.
	#[arg(long, default_value_t = 5_000.0)]
	pub radius: f64,
	/// Every n-th hotspot shares a resolution-10 hex with the one before it (0: none), so the
	/// hex-density rules scale both down.
	#[arg(long, default_value_t = 10)]
	pub cluster_every: usize,
	/// How many reward epochs to run; beaconing starts with the next epoch.
	#[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..))]
	pub epochs: u64,
	/// Hotspots that carry paid data traffic each epoch for the simulated carrier (a payer
	/// approved by sudo), those nearest the centre: a third of them with --sudo by default, 0
	/// for none. Their data-transfer rewards and their hexes' lower coverage weight show in the
	/// report.
	#[arg(long)]
	pub traffic: Option<usize>,
	/// The seed of every key and position: the same seed finds the same fleet again.
	/// Run the hotspots through hotspot services (`depin hotspot run`, one an operator, their
	/// files and logs written in this folder) and play the air between their gateways over the
	/// Semtech UDP protocol, instead of signing beacons and receipts in the simulator.
	#[arg(long)]
	pub services: Option<std::path::PathBuf>,
	#[arg(long, default_value = "sim")]
	pub seed: String,
	/// How the fleet's governance steps are taken.
	#[command(flatten)]
	pub governance: GovernanceArgs,
}

/// How a fleet (`depin simulate`, `depin load coverage`) gets its maker and its price.
#[derive(Args, Debug)]
pub struct GovernanceArgs {
	/// Take the governance steps as sudo with --suri (development and local chains): approve
	/// the fleet's maker and, when no price is in force, add feeders and price DPN.
	#[arg(long, conflicts_with_all = ["maker", "maker_key"])]
	pub sudo: bool,
	/// USD per DPN, with --sudo when no price is in force.
	#[arg(long, default_value_t = 1.0)]
	pub price: f64,
	/// An approved maker's id (without --sudo).
	#[arg(long, requires = "maker_key")]
	pub maker: Option<u32>,
	/// That maker's attestation key: `@FILE` (a key file, or a file holding the secret URI), `-`
	/// (standard input), `prompt`, or the secret URI itself (development only).
	#[arg(long, requires = "maker")]
	pub maker_key: Option<String>,
}

impl GovernanceArgs {
	/// The governance the options name.
	pub fn governance(&self) -> Result<Governance> {
		match (self.sudo, self.maker, &self.maker_key) {
			(true, ..) => Ok(Governance::Sudo { price: self.price }),
			(false, Some(id), Some(key)) => {
				let pair =
					crate::secrets::account_pair(key, "--maker-key").map_err(Error::Usage)?;
				Ok(Governance::Maker(id, Box::new(pair)))
			}
			_ => Err(Error::Usage(
				"name an approved maker (--maker and --maker-key) or pass --sudo on a \
				 development chain"
					.into(),
			)),
		}
	}
}

/// How a load is sent: rate, duration, connections; shared by every `depin load` command.
#[derive(Args, Debug, Clone)]
pub struct LoadArgs {
	/// Target submission rate, in transactions per second.
	#[arg(long, default_value_t = 100.0)]
	pub rate: f64,
	/// Seconds of submission; rate × duration transactions are signed beforehand.
	#[arg(long, default_value_t = 10.0)]
	pub duration: f64,
	/// WebSocket connections the transactions are sent over, round-robin.
	#[arg(long, default_value_t = 4)]
	pub connections: usize,
	/// Seconds to wait after the submission for the pool to drain into blocks.
	#[arg(long, default_value_t = 120)]
	pub drain_timeout: u64,
}

/// `depin load …`; blocks are followed as --wait says: best blocks with `in-block`, finalized
/// ones by default.
#[derive(Subcommand, Debug)]
pub enum LoadCommand {
	/// Pre-signed `Balances.transfer_keep_alive` of 0.001 DPN, each sender paying the next;
	/// --suri funds the senders first (those short of their transfers' fees).
	Transfers {
		/// Rate, duration and connections.
		#[command(flatten)]
		load: LoadArgs,
		/// Sending accounts.
		#[arg(long, default_value_t = 64)]
		accounts: u32,
		/// Seed of the senders' keys: sender i is //<seed>/sender/<i>.
		#[arg(long, default_value = "load")]
		seed: String,
	},
	/// Pre-signed coverage reports, fee-less and device-signed: each the one beacon of its own
	/// hotspot with the receipts of --witnesses hotspots on a ring around it. The rate × duration
	/// beaconers and the witnesses are set up first, as `depin simulate` sets up its fleet
	/// (funded by --suri; --sudo on development chains).
	Coverage {
		/// Rate, duration and connections.
		#[command(flatten)]
		load: LoadArgs,
		/// Witness receipts per report.
		#[arg(long, default_value_t = 14)]
		witnesses: usize,
		/// Hotspots on the witnesses' ring (at least --witnesses; default --witnesses): report
		/// `i` takes the `--witnesses` ring hotspots from position `i × --witnesses`, so with a
		/// larger pool reports have different witness sets in different hexes, as a real fleet
		/// (Helium-like: --witness-pool 1000 --operators 40).
		#[arg(long)]
		witness_pool: Option<usize>,
		/// Forge the last receipt of every report (changed after its witness signed it): the
		/// chain refuses it alone, with its reason, and counts the others.
		#[arg(long)]
		forged: bool,
		/// Operators owning the hotspots (at least 2: the first half own the witnesses, the
		/// others the beaconers, so every receipt counts); their onboarding batches go in side
		/// by side.
		#[arg(long, default_value_t = 10)]
		operators: usize,
		/// Seed of the fleet's keys (ed25519 device keys //<seed>//hotspot//<i>, …). A hotspot
		/// beacons once per beacon interval: a second run within it needs another seed.
		#[arg(long, default_value = "load")]
		seed: String,
		/// How the fleet's governance steps are taken.
		#[command(flatten)]
		governance: GovernanceArgs,
	},
	/// Pre-signed fee-less `Usage.submit_sessions` reports (--rate counts reports): --payers
	/// carriers, data-transfer payers approved by sudo (development chains), buy --sessions
	/// sessions a report in turn, each of its own hotspot of a fleet set up first as `depin
	/// simulate` sets up its own (funded by --suri), each signed by its hotspot and
	/// countersigned by its carrier.
	///
	/// Each report's sessions end at the block it is due to be sent in, less a tenth and two
	/// blocks of slack for late blocks, so a load may run longer than `MaxSessionAge`.
	Sessions {
		/// Rate, duration and connections.
		#[command(flatten)]
		load: LoadArgs,
		/// Sessions per report (1 to the runtime's MaxSessionsPerReport).
		#[arg(long, default_value_t = 64)]
		sessions: usize,
		/// Hotspots carrying the sessions, in turn (default: enough that none carries more
		/// than the runtime's MaxSessionsPerHotspotEpoch even if all were in one epoch).
		#[arg(long)]
		hotspots: Option<usize>,
		/// Carriers (payers, each approved by sudo) buying the sessions in turn, so each report
		/// burns several payers' escrows (1 to --sessions).
		#[arg(long, default_value_t = 4)]
		payers: usize,
		/// Operators owning the hotspots.
		#[arg(long, default_value_t = 10)]
		operators: usize,
		/// Seed of the fleet's and the carriers' keys.
		#[arg(long, default_value = "load")]
		seed: String,
		/// How the fleet's governance steps are taken (the carriers need --sudo).
		#[command(flatten)]
		governance: GovernanceArgs,
	},
}

/// `--wait in-block|finalized`.
fn wait_parser() -> impl TypedValueParser<Value = Wait> {
	PossibleValuesParser::new(["in-block", "finalized"]).map(|name| match name.as_str() {
		"in-block" => Wait::InBlock,
		_ => Wait::Finalized,
	})
}

/// `--class hotspot|gpu|storage|sensor`.
fn class_parser() -> impl TypedValueParser<Value = DeviceClass> {
	PossibleValuesParser::new(["hotspot", "gpu", "storage", "sensor"]).map(|name| {
		match name.as_str() {
			"hotspot" => DeviceClass::Hotspot,
			"gpu" => DeviceClass::Gpu,
			"storage" => DeviceClass::Storage,
			_ => DeviceClass::Sensor,
		}
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use clap::CommandFactory;

	#[test]
	fn the_command_line_definition_is_consistent() {
		Cli::command().debug_assert();
	}

	#[test]
	fn wait_and_class_parse_their_names_and_refuse_others() {
		let cli = Cli::try_parse_from(["depin", "--wait", "in-block", "account", "show"]);
		assert_eq!(cli.expect("in-block parses").wait, Wait::InBlock);
		let cli = Cli::try_parse_from(["depin", "account", "show"]);
		assert_eq!(cli.expect("the default parses").wait, Wait::Finalized);
		assert!(Cli::try_parse_from(["depin", "--wait", "soon", "account", "show"]).is_err());
		for (name, class) in [
			("hotspot", DeviceClass::Hotspot),
			("gpu", DeviceClass::Gpu),
			("storage", DeviceClass::Storage),
			("sensor", DeviceClass::Sensor),
		] {
			let cli = Cli::try_parse_from([
				"depin", "maker", "attest", "--device", "0x00", "--owner", "x", "--class", name,
				"--maker", "0",
			])
			.expect("the class parses");
			let Command::Maker(MakerCommand::Attest { class: parsed, .. }) = cli.command else {
				panic!("not maker attest");
			};
			assert_eq!(parsed, class);
		}
	}
}
