//! Shared by the integration tests: a `--dev` node from the end-to-end harness, the `depin`
//! binary run as a subprocess against it, and the governance steps (sudo) the CLI has no command
//! for.
//!
//! The node binary is the end-to-end harness's: `$DEPIN_NODE`, by default
//! `$CARGO_TARGET_DIR/debug/depin-node`.

#![allow(dead_code)]

use std::{process::Stdio, time::Duration};

use depin_e2e::{
	account_id,
	chain::{self, address, call, expect_sudo_ok, sr25519_key, submit, sudo},
	subxt::dynamic::Value,
	subxt_signer::sr25519::{dev, Keypair},
	test_slot, Client, Node, NodeConfig, Rpc, TestSlot,
};
use serde_json::Value as Json;

/// How long a node may take to start producing and finalizing blocks.
pub const START_TIMEOUT: Duration = Duration::from_secs(180);
/// How long one `depin` command may take.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(180);

/// One `depin` run: its exit code and output.
#[derive(Debug)]
pub struct Run {
	/// The exit code (-1 when killed by a signal).
	pub code: i32,
	/// Standard output.
	pub stdout: String,
	/// Standard error.
	pub stderr: String,
}

impl Run {
	/// Panics with the output unless the command succeeded; returns stdout as JSON when it is.
	pub fn ok(&self, what: &str) -> Json {
		assert_eq!(self.code, 0, "{what} failed:\n{}\n{}", self.stdout, self.stderr);
		serde_json::from_str(&self.stdout).unwrap_or(Json::Null)
	}

	/// Panics unless the command failed with `code`; returns stdout as JSON (`--json` prints the
	/// error object there).
	pub fn failed(&self, code: i32, what: &str) -> Json {
		assert_eq!(self.code, code, "{what}: wrong exit code:\n{}\n{}", self.stdout, self.stderr);
		serde_json::from_str(&self.stdout).unwrap_or(Json::Null)
	}
}

/// A running dev node with its RPC and a subxt client for the sudo steps.
pub struct DevNode {
	/// Keeps the node's test slot.
	_slot: TestSlot,
	/// The node process (killed on drop).
	pub node: Node,
	/// Its JSON-RPC.
	pub rpc: Rpc,
	/// A dynamic subxt client.
	pub client: Client,
}

impl DevNode {
	/// Starts a `--dev` node and waits for its first finalized block.
	pub async fn start() -> DevNode {
		let slot = test_slot().await;
		let node = NodeConfig::dev().spawn().await.expect("the dev node starts");
		node.wait_for_finalized(1, START_TIMEOUT).await.expect("block #1 is finalized");
		let rpc = node.rpc().await.expect("RPC");
		let client = node.client().await.expect("subxt connects");
		DevNode { _slot: slot, node, rpc, client }
	}

	/// Runs `depin --url <node> --json <args>`.
	pub async fn depin(&self, args: &[&str]) -> Run {
		self.depin_within(args, COMMAND_TIMEOUT).await
	}

	/// [`Self::depin`] for a command that may take up to `timeout`.
	pub async fn depin_within(&self, args: &[&str], timeout: Duration) -> Run {
		let mut all = vec!["--url".to_owned(), self.node.ws_url(), "--json".to_owned()];
		all.extend(args.iter().map(|arg| (*arg).to_owned()));
		depin(&all, timeout).await
	}

	/// Governance (sudo by Alice, one `Utility.batch_all`, waited for until finalized) makes
	/// Alice and Bob price feeders and approves Eve as a maker with `maker_key` as its
	/// attestation key; returns the maker id.
	pub async fn govern(&self, maker_key: &Keypair) -> u32 {
		let feeder = |who: &Keypair| {
			call("Bme", "add_feeder", vec![("feeder", address(&account_id(who)))]).into_value()
		};
		let approve = call(
			"Registry",
			"approve_maker",
			vec![
				("account", address(&account_id(&dev::eve()))),
				("attestation_key", sr25519_key(&maker_key.public_key().0)),
				("name", Value::from_bytes("Client Test Maker")),
				("bond", Value::u128(0)),
			],
		);
		let calls = Value::unnamed_composite([
			feeder(&dev::alice()),
			feeder(&dev::bob()),
			approve.into_value(),
		]);
		let batch = sudo(call("Utility", "batch_all", vec![("calls", calls)]));
		let done = submit(&self.rpc, &self.client, &batch, &dev::alice(), "governance").await;
		expect_sudo_ok(&done, "governance");
		let approved = chain::single_event(&done, "Registry", "MakerApproved");
		let maker = chain::field_u128(&approved, "maker");
		u32::try_from(maker).expect("a u32 maker id")
	}

	/// [`Self::govern`], then through the CLI both feeders price DPN at 2 USD and each of
	/// `buyers` (secret URIs) burns 100 DPN for credits, side by side; returns the maker id.
	pub async fn open_market(&self, maker_key: &Keypair, buyers: &[&str]) -> u32 {
		let maker = self.govern(maker_key).await;
		let prices = ["//Alice", "//Bob"].map(|feeder| {
			self.depin_owned(vec!["--wait", "in-block", "bme", "price", "2", "--suri", feeder])
		});
		for run in depin_e2e::subxt::ext::futures::future::join_all(prices).await {
			run.ok("bme price");
		}
		let burns = buyers.iter().map(|buyer| {
			self.depin_owned(vec!["--wait", "in-block", "bme", "burn", "100", "--suri", buyer])
		});
		for run in depin_e2e::subxt::ext::futures::future::join_all(burns).await {
			run.ok("bme burn");
		}
		maker
	}

	/// [`Self::depin`] with owned arguments, for futures run side by side.
	async fn depin_owned(&self, args: Vec<&str>) -> Run {
		self.depin(&args).await
	}
}

/// Runs the `depin` binary with `args`, without a shell, for at most `timeout`.
pub async fn depin(args: &[String], timeout: Duration) -> Run {
	depin_with(args, &[], None, timeout).await
}

/// [`depin`] with environment variables `env` set and `stdin` written to its standard input.
pub async fn depin_with(
	args: &[String],
	env: &[(&str, &str)],
	stdin: Option<&str>,
	timeout: Duration,
) -> Run {
	use tokio::io::AsyncWriteExt;
	let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_depin"))
		.args(args)
		.env_remove("DEPIN_SURI")
		.env_remove("DEPIN_URL")
		.env_remove("DEPIN_PASSWORD")
		.env_remove("DEPIN_PASSWORD_FILE")
		.envs(env.iter().copied())
		.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.kill_on_drop(true)
		.spawn()
		.expect("the depin binary starts");
	if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
		pipe.write_all(text.as_bytes()).await.expect("standard input written");
	}
	let output = tokio::time::timeout(timeout, child.wait_with_output())
		.await
		.unwrap_or_else(|_| panic!("depin {args:?} took longer than {timeout:?}"))
		.expect("the depin binary runs");
	Run {
		code: output.status.code().unwrap_or(-1),
		stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
		stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
	}
}

/// A maker's attestation through the CLI (`depin maker attest`, reading the genesis hash and the
/// best block from the node): the signing maker's secret URI, the maker id it signs for, the
/// device key, the owner's address and the class. Returns the attestation and its last valid
/// block.
pub async fn attest(
	node: &DevNode,
	(maker, maker_suri): (u32, &str),
	device_key: &str,
	owner: &str,
	class: &str,
) -> (String, String) {
	let maker = maker.to_string();
	let attested = node
		.depin(&[
			"maker", "attest", "--suri", maker_suri, "--maker", &maker, "--device", device_key,
			"--owner", owner, "--class", class,
		])
		.await
		.ok("maker attest");
	let attestation = attested["attestation"].as_str().expect("an attestation").to_owned();
	let valid_until = attested["validUntil"].as_u64().expect("a last valid block").to_string();
	(attestation, valid_until)
}

/// `depin device onboard` of `device_key` by `owner` under maker `maker` with the attestation and
/// its last valid block, then `class_args` (`--class …` and the class's attributes).
pub async fn onboard_with(
	node: &DevNode,
	owner: &str,
	maker: u32,
	device_key: &str,
	(attestation, valid_until): &(String, String),
	class_args: &[&str],
) -> Run {
	let maker = maker.to_string();
	let mut args = vec![
		"--wait",
		"in-block",
		"device",
		"onboard",
		"--suri",
		owner,
		"--key",
		device_key,
		"--maker",
		&maker,
		"--valid-until",
		valid_until,
		"--attestation",
		attestation,
	];
	args.extend_from_slice(class_args);
	node.depin(&args).await
}

/// A device's onboarding through the CLI: a maker's attestation, then the owner's onboarding;
/// returns the device id.
pub async fn onboard(
	node: &DevNode,
	owner: &str,
	maker: (u32, &str),
	device_key: &str,
	class_args: &[&str],
) -> u64 {
	let owner_address = node.depin(&["account", "show", owner]).await.ok("account show")["address"]
		.as_str()
		.expect("an address")
		.to_owned();
	let attestation = attest(node, maker, device_key, &owner_address, class_args[1]).await;
	let onboarded = onboard_with(node, owner, maker.0, device_key, &attestation, class_args).await;
	onboarded.ok("device onboard")["device"].as_u64().expect("a device id")
}

/// A hotspot of `owner` with the device key of `seed`, onboarded under `maker` (id and
/// attestation key's secret URI) and located at `cell` (gain 4 dBi, 10 m up) through the CLI;
/// returns its device id.
pub async fn located_hotspot(
	node: &DevNode,
	owner: &str,
	maker: (u32, &str),
	seed: &str,
	cell: &str,
) -> u64 {
	let key = device_key(seed);
	let class = ["--class", "hotspot", "--gain", "40", "--elevation", "10"];
	let id = onboard(node, owner, maker, &key, &class).await;
	let id_text = id.to_string();
	let locate = [
		"--wait",
		"in-block",
		"device",
		"locate",
		&id_text,
		"--suri",
		owner,
		"--cell",
		cell,
		"--gain",
		"40",
		"--elevation",
		"10",
	];
	node.depin(&locate).await.ok("device locate");
	id
}

/// The device key of a device secret URI (ed25519 unless prefixed `sr25519:`), as the CLI
/// writes it: `ed25519:0x…` or `sr25519:0x…`.
pub fn device_key(suri: &str) -> String {
	let pair = depin_client::keys::DevicePair::from_suri(suri).expect("a valid secret URI");
	depin_client::keys::format_device_key(&pair.key())
}

/// The sr25519 public key of a secret URI, as `0x` hex.
pub fn public_hex(suri: &str) -> String {
	let pair = depin_e2e::keypair(suri).expect("a valid secret URI");
	depin_e2e::to_hex(pair.public_key().0)
}

/// `GET path` on loopback `port` (a daemon's `/metrics` or `/health`): the status code and the
/// body; status 0 while nothing listens.
pub async fn http_get(port: u16, path: &str) -> (u16, String) {
	use tokio::io::{AsyncReadExt, AsyncWriteExt};
	let Ok(mut stream) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await else {
		return (0, String::new());
	};
	let request = format!("GET {path} HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n");
	stream.write_all(request.as_bytes()).await.expect("written");
	let mut response = String::new();
	stream.read_to_string(&mut response).await.expect("read");
	let status = response.split_whitespace().nth(1).and_then(|code| code.parse().ok());
	let body = response.split_once("\r\n\r\n").map(|(_, body)| body.to_owned());
	(status.unwrap_or(0), body.unwrap_or_default())
}

/// The value of the unlabelled metric `name` in a Prometheus text, if present.
pub fn metric_value(text: &str, name: &str) -> Option<u64> {
	text.lines()
		.find_map(|line| line.strip_prefix(&format!("{name} ")))
		.and_then(|value| value.trim().parse().ok())
}

/// A data-transfer payer approved by sudo (Alice) for the account of `seed`, countersigning with
/// the routing key of the device secret URI `router`, at `per_gb` and `per_packet` credits,
/// bonding 10 DPN, with `escrow` credits escrowed from the account; returns the payer id.
pub async fn approved_payer(
	node: &DevNode,
	seed: &str,
	router: &str,
	(per_gb, per_packet): (u128, u128),
	escrow: &str,
) -> u64 {
	let shown = node.depin(&["account", "show", seed]).await.ok("account show");
	let account = shown["address"].as_str().expect("an address").to_owned();
	let (router, per_gb, per_packet) =
		(device_key(router), per_gb.to_string(), per_packet.to_string());
	let approve = [
		"--wait",
		"in-block",
		"payer",
		"approve",
		"--sudo",
		"--suri",
		"//Alice",
		"--account",
		&account,
		"--routing-key",
		&router,
		"--name",
		"Test Carrier",
		"--bond",
		"10",
		"--per-gb",
		&per_gb,
		"--per-packet",
		&per_packet,
		"--epoch-limit",
		"10000000",
	];
	let approved = node.depin(&approve).await.ok("payer approve");
	let payer = approved["payer"].as_u64().expect("a payer id");
	let payer_text = payer.to_string();
	let escrow = ["--wait", "in-block", "payer", "escrow", "--payer", &payer_text, escrow];
	node.depin(&[&escrow[..], &["--suri", seed]].concat()).await.ok("payer escrow");
	payer
}
