//! End-to-end test harness for `depin-node`.
//!
//! The tests in `tests/tests/` start real `depin-node` processes bound to loopback only, each on
//! its own free ports and in its own temporary directory, and drive them over JSON-RPC: raw
//! requests through [`Rpc`], and signed transactions and storage queries through a subxt
//! [`Client`] built from the metadata the running runtime reports (no code generation).
//!
//! # Which binary
//!
//! `$DEPIN_NODE` if set, otherwise `$CARGO_TARGET_DIR/debug/depin-node`, otherwise
//! `$HOME/.cache/depin/target/debug/depin-node` (see [`node_binary`]). Build it first.
//!
//! # Concurrency
//!
//! The end-to-end tests are one binary (`tests/tests/e2e/`), the client's another. A node is heavy
//! on a small machine (WASM compilation, RocksDB, block production), so under `cargo test` every
//! test first takes a [`test_slot`]: at most [`TEST_SLOTS`] tests of the binary run at once, and
//! the four-validator tests take all slots with [`exclusive_test_slot`]. `scripts/test.sh` runs
//! both binaries with cargo-nextest instead, one process per test, where `.config/nextest.toml`
//! sets the same limits across both binaries (and the slots, one per process, never wait).
//!
//! # Cleanup
//!
//! A [`Node`] kills its process when dropped, also when the test panics; the log tail is then
//! printed to help debugging. On Linux the process also gets `SIGKILL` when the thread that
//! started it exits, so a test runner killed from outside leaves no node behind. Set
//! `DEPIN_E2E_KEEP=1` to keep the temporary directories (logs and databases) after the tests.

use std::{
	collections::{BTreeMap, BTreeSet},
	ffi::OsString,
	fmt,
	fs::{File, OpenOptions},
	future::Future,
	io::{self, Write},
	net::TcpListener,
	ops::Range,
	path::{Path, PathBuf},
	process::{Child, Command, ExitStatus, Stdio},
	str::FromStr,
	sync::Mutex,
	time::{Duration, Instant},
};

use serde_json::Value as Json;
use subxt::{
	dynamic::{At, Value},
	ext::scale_decode::DecodeAsFields,
	extrinsics::ExtrinsicEvents,
	rpcs::{client::RpcParams, RpcClient},
	transactions::DynamicPayload,
	utils::{AccountId32, MultiAddress},
};
use subxt_signer::{sr25519::Keypair, SecretUri};
use tempfile::TempDir;
use tokio::sync::{Semaphore, SemaphorePermit};

pub mod chain;
pub mod governance;

pub use subxt;
pub use subxt_signer;

/// The subxt configuration matching the runtime: `AccountId32`, `MultiAddress`,
/// `MultiSignature` (sr25519 here), `u32` block numbers and BLAKE2-256 hashing.
pub type ChainConfig = subxt::SubstrateConfig;
/// A subxt client connected to a node.
pub type Client = subxt::OnlineClient<ChainConfig>;
/// A subxt client pinned to one block.
pub type AtBlock = subxt::OnlineClientAtBlock<ChainConfig>;
/// The call data of a `Balances.transfer_keep_alive` built dynamically.
pub type TransferCall = DynamicPayload<(MultiAddress<AccountId32, ()>, u128)>;

/// One DPN in plancks (12 decimals).
pub const DPN: u128 = 1_000_000_000_000;
/// A fixed ed25519 node key, used for the bootnode so its peer id is known in advance.
pub const ALICE_NODE_KEY: &str = "0000000000000000000000000000000000000000000000000000000000000001";
/// The peer id that [`ALICE_NODE_KEY`] gives.
pub const ALICE_PEER_ID: &str = "12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";
/// How long to wait for a freshly started node to answer JSON-RPC.
pub const RPC_READY_TIMEOUT: Duration = Duration::from_secs(60);
/// How long `SIGTERM` gets before [`Node::stop_term`] falls back to `SIGKILL`.
pub const TERM_GRACE: Duration = Duration::from_secs(30);
/// How many tests of one test binary may run nodes at the same time (`test-threads` in
/// `.config/nextest.toml`).
pub const TEST_SLOTS: u32 = 4;

const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// Bounds one poll of a wait, so a hung connection cannot stretch the wait's timeout.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);
const LOG_TAIL_LINES: usize = 60;

/// Everything that can go wrong in the harness.
#[derive(Debug)]
pub enum Error {
	/// Starting a process, or reading and writing files.
	Io(io::Error),
	/// The node answered a JSON-RPC request with an error object.
	Rpc(RpcError),
	/// The JSON-RPC connection failed (refused, closed, timed out, bad response).
	Transport(String),
	/// A wait did not reach its goal in time.
	Timeout(String),
	/// The node process exited while it was expected to run.
	Exited(String),
	/// Anything else, described.
	Other(String),
}

impl fmt::Display for Error {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Error::Io(e) => write!(f, "I/O error: {e}"),
			Error::Rpc(e) => write!(f, "JSON-RPC error: {e}"),
			Error::Transport(e) => write!(f, "JSON-RPC transport error: {e}"),
			Error::Timeout(e) => write!(f, "timed out: {e}"),
			Error::Exited(e) => write!(f, "node exited: {e}"),
			Error::Other(e) => f.write_str(e),
		}
	}
}

impl std::error::Error for Error {}

impl From<io::Error> for Error {
	fn from(e: io::Error) -> Self {
		Error::Io(e)
	}
}

/// The harness's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A JSON-RPC error object as the node returned it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcError {
	/// The error code, e.g. 1010 for an invalid transaction.
	pub code: i32,
	/// The short message, e.g. "Invalid Transaction".
	pub message: String,
	/// The optional details; a JSON string is unquoted, anything else kept as JSON text.
	pub data: Option<String>,
}

impl RpcError {
	/// Message and data together, lower-cased, for keyword checks.
	pub fn text(&self) -> String {
		format!("{} {}", self.message, self.data.as_deref().unwrap_or_default()).to_lowercase()
	}
}

impl fmt::Display for RpcError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "{} ({})", self.message, self.code)?;
		if let Some(data) = &self.data {
			write!(f, ": {data}")?;
		}
		Ok(())
	}
}

fn other(context: &str, error: impl fmt::Display) -> Error {
	Error::Other(format!("{context}: {error}"))
}

// ------------------------------------------------------------------------------------------------
// Binary, ports and test slots.

/// The `depin-node` binary under test; an error naming the expected path if it is missing.
pub fn node_binary() -> Result<PathBuf> {
	let path = match std::env::var_os("DEPIN_NODE") {
		Some(path) => PathBuf::from(path),
		None => target_dir()?.join("debug").join("depin-node"),
	};
	if path.is_file() {
		Ok(path)
	} else {
		Err(Error::Other(format!(
			"the depin-node binary is missing at {}: build it first (`cargo build -p depin-node`) \
			 or point DEPIN_NODE at it",
			path.display()
		)))
	}
}

fn target_dir() -> Result<PathBuf> {
	if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
		let dir = PathBuf::from(dir);
		if dir.is_absolute() {
			return Ok(dir);
		}
		// Cargo reads a relative target dir from where it was invoked: the workspace root in
		// this project's scripts.
		let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("."));
		return Ok(workspace.join(dir));
	}
	let home = std::env::var_os("HOME")
		.ok_or_else(|| Error::Other("neither CARGO_TARGET_DIR nor HOME is set".into()))?;
	Ok(PathBuf::from(home).join(".cache").join("depin").join("target"))
}

static HANDED_OUT_PORTS: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());

/// A loopback TCP port that was free a moment ago and that this process has not handed out
/// before.
pub fn free_port() -> Result<u16> {
	for _ in 0..100 {
		let port = TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port();
		let mut taken = HANDED_OUT_PORTS.lock().unwrap_or_else(|e| e.into_inner());
		if taken.insert(port) {
			return Ok(port);
		}
	}
	Err(Error::Other("no free loopback port found".into()))
}

static SLOTS: Semaphore = Semaphore::const_new(TEST_SLOTS as usize);

/// Permission to run nodes; the test holds it until it ends. See the crate docs.
#[must_use = "the slot is released when dropped"]
pub struct TestSlot {
	_permit: Option<SemaphorePermit<'static>>,
}

/// Waits for one of the [`TEST_SLOTS`] slots.
pub async fn test_slot() -> TestSlot {
	TestSlot { _permit: SLOTS.acquire().await.ok() }
}

/// Waits until no other test of this binary runs nodes, then holds all slots.
pub async fn exclusive_test_slot() -> TestSlot {
	TestSlot { _permit: SLOTS.acquire_many(TEST_SLOTS).await.ok() }
}

fn keep_dirs() -> bool {
	std::env::var_os("DEPIN_E2E_KEEP").is_some_and(|v| !v.is_empty() && v != "0")
}

fn new_temp_dir(prefix: &str) -> Result<TempDir> {
	let mut dir = tempfile::Builder::new().prefix(prefix).tempdir()?;
	if keep_dirs() {
		dir.disable_cleanup(true);
	}
	Ok(dir)
}

// ------------------------------------------------------------------------------------------------
// Node configuration and process.

/// How to start a node. Build with [`NodeConfig::dev`] or [`NodeConfig::chain`], then
/// [`NodeConfig::spawn`].
#[derive(Debug, Clone)]
pub struct NodeConfig {
	dev: bool,
	chain: String,
	validator: Option<String>,
	base_path: Option<PathBuf>,
	node_key: Option<String>,
	bootnodes: Vec<String>,
	extra_args: Vec<OsString>,
}

impl NodeConfig {
	/// `--dev`: the dev chain with Alice as its only validator.
	pub fn dev() -> Self {
		Self { dev: true, ..Self::chain("dev") }
	}

	/// `--chain <chain>`: `dev`, `local`, `testnet` or a chain spec path.
	pub fn chain(chain: impl Into<String>) -> Self {
		Self {
			dev: false,
			chain: chain.into(),
			validator: None,
			base_path: None,
			node_key: None,
			bootnodes: Vec::new(),
			extra_args: Vec::new(),
		}
	}

	/// Runs as a validator with a well-known key: `alice` gives `--alice --validator`.
	pub fn validator(mut self, name: impl Into<String>) -> Self {
		self.validator = Some(name.into().to_lowercase());
		self
	}

	/// Uses this base path and leaves it in place afterwards; by default the node gets a
	/// temporary one that is deleted with it.
	pub fn base_path(mut self, path: impl Into<PathBuf>) -> Self {
		self.base_path = Some(path.into());
		self
	}

	/// `--node-key <hex>`: a fixed ed25519 network key, so the peer id is known.
	pub fn node_key(mut self, key: impl Into<String>) -> Self {
		self.node_key = Some(key.into());
		self
	}

	/// Adds a `--bootnodes` address, e.g. from [`Node::bootnode_addr`].
	pub fn bootnode(mut self, addr: impl Into<String>) -> Self {
		self.bootnodes.push(addr.into());
		self
	}

	/// Appends a raw command-line argument.
	pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
		self.extra_args.push(arg.into());
		self
	}

	/// Appends raw command-line arguments.
	pub fn args<I, S>(mut self, args: I) -> Self
	where
		I: IntoIterator<Item = S>,
		S: Into<OsString>,
	{
		self.extra_args.extend(args.into_iter().map(Into::into));
		self
	}

	/// Starts the node and waits until its JSON-RPC answers.
	pub async fn spawn(self) -> Result<Node> {
		let binary = node_binary()?;
		let name = self.validator.clone().unwrap_or_else(|| "node".into());
		let work_dir = new_temp_dir(&format!("depin-e2e-{name}-"))?;
		let base_path = match &self.base_path {
			Some(path) => path.clone(),
			None => work_dir.path().join("base"),
		};
		let mut node = Node {
			log_path: work_dir.path().join(format!("{name}.log")),
			name,
			binary,
			base_path,
			p2p_port: free_port()?,
			rpc_port: free_port()?,
			prometheus_port: free_port()?,
			config: self,
			child: Mutex::new(None),
			rpc: Mutex::new(None),
			work_dir,
		};
		node.launch()?;
		node.rpc().await?;
		Ok(node)
	}
}

/// How a stopped node ended.
#[derive(Debug, Clone, Copy)]
pub struct Stopped {
	/// The process's exit status.
	pub status: ExitStatus,
	/// Whether it exited by itself after `SIGTERM` rather than being killed.
	pub graceful: bool,
}

/// A running (or stopped, restartable) `depin-node` process on loopback ports.
pub struct Node {
	name: String,
	binary: PathBuf,
	config: NodeConfig,
	base_path: PathBuf,
	log_path: PathBuf,
	p2p_port: u16,
	rpc_port: u16,
	prometheus_port: u16,
	child: Mutex<Option<Child>>,
	rpc: Mutex<Option<Rpc>>,
	// Last, so the directory goes after the process is gone.
	work_dir: TempDir,
}

impl Node {
	/// A short label: the validator name or `node`.
	pub fn name(&self) -> &str {
		&self.name
	}

	/// The WebSocket JSON-RPC URL.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// The JSON-RPC port.
	pub fn rpc_port(&self) -> u16 {
		self.rpc_port
	}

	/// The libp2p listening port.
	pub fn p2p_port(&self) -> u16 {
		self.p2p_port
	}

	/// The Prometheus port.
	pub fn prometheus_port(&self) -> u16 {
		self.prometheus_port
	}

	/// The process id while the process runs.
	pub fn pid(&self) -> Option<u32> {
		self.lock_child().as_ref().map(Child::id)
	}

	/// The base path (database, keystore, network key).
	pub fn base_path(&self) -> &Path {
		&self.base_path
	}

	/// The file receiving the process's stdout and stderr, across restarts.
	pub fn log_path(&self) -> &Path {
		&self.log_path
	}

	/// The node's temporary directory (log, and base path unless one was supplied).
	pub fn work_dir(&self) -> &Path {
		self.work_dir.path()
	}

	/// The multiaddr other nodes pass to `--bootnodes`, given this node's peer id.
	pub fn bootnode_addr(&self, peer_id: &str) -> String {
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer_id}", self.p2p_port)
	}

	/// The last `lines` lines of the log.
	pub fn log_tail(&self, lines: usize) -> String {
		log_tail(&self.log_path, lines)
	}

	/// The full command line the node is started with (without the binary).
	pub fn command_args(&self) -> Vec<OsString> {
		let config = &self.config;
		let mut args: Vec<String> = Vec::new();
		if config.dev {
			args.push("--dev".into());
		} else {
			args.extend(["--chain".into(), config.chain.clone()]);
		}
		if let Some(validator) = &config.validator {
			args.extend([format!("--{validator}"), "--validator".into()]);
		}
		args.extend([
			"--listen-addr".into(),
			format!("/ip4/127.0.0.1/tcp/{}", self.p2p_port),
			"--rpc-port".into(),
			self.rpc_port.to_string(),
			"--prometheus-port".into(),
			self.prometheus_port.to_string(),
			"--rpc-cors".into(),
			"all".into(),
		]);
		for flag in ["--no-mdns", "--no-telemetry", "--allow-private-ip", "--discover-local"] {
			args.push(flag.into());
		}
		match &config.node_key {
			Some(key) => args.extend(["--node-key".into(), key.clone()]),
			// Outside `--dev` a validator refuses to start without a network key in its base
			// path; this generates one there, so restarts keep the same peer id.
			None if !config.dev => args.push("--unsafe-force-node-key-generation".into()),
			None => {}
		}
		for bootnode in &config.bootnodes {
			args.extend(["--bootnodes".into(), bootnode.clone()]);
		}
		let mut args: Vec<OsString> = args.into_iter().map(OsString::from).collect();
		args.push("--base-path".into());
		args.push(self.base_path.clone().into_os_string());
		args.extend(config.extra_args.iter().cloned());
		args
	}

	fn lock_child(&self) -> std::sync::MutexGuard<'_, Option<Child>> {
		self.child.lock().unwrap_or_else(|e| e.into_inner())
	}

	fn lock_rpc(&self) -> std::sync::MutexGuard<'_, Option<Rpc>> {
		self.rpc.lock().unwrap_or_else(|e| e.into_inner())
	}

	fn launch(&mut self) -> Result<()> {
		let args = self.command_args();
		let mut log = OpenOptions::new().create(true).append(true).open(&self.log_path)?;
		let shown: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
		writeln!(log, "==== e2e harness: {} {}", self.binary.display(), shown.join(" "))?;
		let stderr = log.try_clone()?;
		let mut command = Command::new(&self.binary);
		command.args(&args).stdin(Stdio::null()).stdout(log).stderr(stderr);
		kill_with_parent(&mut command);
		let child = command
			.spawn()
			.map_err(|e| Error::Other(format!("cannot start {}: {e}", self.binary.display())))?;
		*self.lock_child() = Some(child);
		*self.lock_rpc() = None;
		Ok(())
	}

	/// The exit status if the process has exited (and not yet been collected by a stop).
	pub fn exit_status(&self) -> Option<ExitStatus> {
		self.lock_child().as_mut().and_then(|child| child.try_wait().ok().flatten())
	}

	/// Whether the process is running.
	pub fn is_running(&self) -> bool {
		let mut child = self.lock_child();
		match child.as_mut() {
			Some(child) => matches!(child.try_wait(), Ok(None)),
			None => false,
		}
	}

	/// Sends `SIGTERM` and waits up to [`TERM_GRACE`] for the process to exit, then kills it.
	pub async fn stop_term(&mut self) -> Result<Stopped> {
		*self.lock_rpc() = None;
		let Some(mut child) = self.lock_child().take() else {
			return Err(Error::Other(format!("{} is not running", self.name)));
		};
		if let Some(status) = child.try_wait()? {
			return Ok(Stopped { status, graceful: true });
		}
		send_sigterm(&child)?;
		let deadline = Instant::now() + TERM_GRACE;
		while Instant::now() < deadline {
			if let Some(status) = child.try_wait()? {
				return Ok(Stopped { status, graceful: true });
			}
			tokio::time::sleep(Duration::from_millis(100)).await;
		}
		eprintln!("{}: no exit {TERM_GRACE:?} after SIGTERM, sending SIGKILL", self.name);
		child.kill()?;
		Ok(Stopped { status: child.wait()?, graceful: false })
	}

	/// Sends `SIGKILL` and collects the process.
	pub fn kill(&mut self) -> Result<Stopped> {
		*self.lock_rpc() = None;
		let Some(mut child) = self.lock_child().take() else {
			return Err(Error::Other(format!("{} is not running", self.name)));
		};
		if let Some(status) = child.try_wait()? {
			return Ok(Stopped { status, graceful: true });
		}
		child.kill()?;
		Ok(Stopped { status: child.wait()?, graceful: false })
	}

	/// Starts the node again on the same base path, ports and arguments, stopping it first
	/// with [`Node::stop_term`] if it still runs, and waits until its JSON-RPC answers.
	pub async fn restart(&mut self) -> Result<()> {
		if self.lock_child().is_some() {
			self.stop_term().await?;
		}
		self.launch()?;
		self.rpc().await?;
		Ok(())
	}

	/// A JSON-RPC connection, reused until it fails; waits up to [`RPC_READY_TIMEOUT`] for the
	/// node to answer.
	pub async fn rpc(&self) -> Result<Rpc> {
		self.wait_until("JSON-RPC to answer", RPC_READY_TIMEOUT, |rpc| async move {
			rpc.request("system_chain", Vec::new()).await?;
			Ok::<_, Error>(Some(rpc))
		})
		.await
	}

	/// A subxt client over a new connection, using the runtime's live metadata.
	pub async fn client(&self) -> Result<Client> {
		let rpc = self.rpc().await?;
		Client::from_rpc_client(rpc.client())
			.await
			.map_err(|e| other("cannot create the subxt client", e))
	}

	async fn rpc_once(&self) -> Result<Rpc> {
		if let Some(rpc) = self.lock_rpc().clone() {
			return Ok(rpc);
		}
		let rpc = Rpc::connect(&self.ws_url()).await?;
		*self.lock_rpc() = Some(rpc.clone());
		Ok(rpc)
	}

	/// Polls `check` every half second until it returns `Ok(Some(_))`. Errors are retried
	/// (a transport error also drops the cached connection); fails with the log tail if the
	/// process exits or `timeout` passes.
	pub async fn wait_until<T, F, Fut>(
		&self,
		what: &str,
		timeout: Duration,
		mut check: F,
	) -> Result<T>
	where
		F: FnMut(Rpc) -> Fut,
		Fut: Future<Output = Result<Option<T>>>,
	{
		let started = Instant::now();
		let mut last_error: Option<Error>;
		loop {
			if let Some(status) = self.exit_status() {
				return Err(Error::Exited(format!(
					"{} exited with {status} while waiting for {what}\n{}",
					self.name,
					self.tail_banner()
				)));
			}
			if self.lock_child().is_none() {
				return Err(Error::Other(format!(
					"{} is stopped; cannot wait for {what}",
					self.name
				)));
			}
			let attempt = async {
				let rpc = self.rpc_once().await?;
				check(rpc).await
			};
			match tokio::time::timeout(ATTEMPT_TIMEOUT, attempt).await {
				Ok(Ok(Some(value))) => return Ok(value),
				Ok(Ok(None)) => last_error = None,
				Ok(Err(e)) => {
					if matches!(e, Error::Transport(_)) {
						*self.lock_rpc() = None;
					}
					last_error = Some(e);
				}
				Err(_) => {
					*self.lock_rpc() = None;
					last_error = Some(Error::Timeout(format!(
						"one attempt took longer than {ATTEMPT_TIMEOUT:?}"
					)));
				}
			}
			if started.elapsed() >= timeout {
				let last = last_error.map(|e| format!(" (last error: {e})")).unwrap_or_default();
				return Err(Error::Timeout(format!(
					"{}: {what} not reached within {timeout:?}{last}\n{}",
					self.name,
					self.tail_banner()
				)));
			}
			tokio::time::sleep(POLL_INTERVAL).await;
		}
	}

	fn tail_banner(&self) -> String {
		format!(
			"---- last lines of {} ----\n{}---- end of log ----",
			self.log_path.display(),
			self.log_tail(LOG_TAIL_LINES)
		)
	}

	/// Waits until the finalized block number is at least `number`; returns it.
	pub async fn wait_for_finalized(&self, number: u64, timeout: Duration) -> Result<u64> {
		self.wait_until(&format!("finalized block #{number}"), timeout, |rpc| async move {
			let finalized = rpc.finalized_number().await?;
			Ok::<_, Error>((finalized >= number).then_some(finalized))
		})
		.await
	}

	/// Waits until the best block number is at least `number`; returns it.
	pub async fn wait_for_best(&self, number: u64, timeout: Duration) -> Result<u64> {
		self.wait_until(&format!("best block #{number}"), timeout, |rpc| async move {
			let best = rpc.best_number().await?;
			Ok::<_, Error>((best >= number).then_some(best))
		})
		.await
	}

	/// Waits until `system_health` reports at least `peers` peers; returns the count.
	pub async fn wait_for_peers(&self, peers: u64, timeout: Duration) -> Result<u64> {
		self.wait_until(&format!("{peers} peers"), timeout, |rpc| async move {
			let count = rpc.peers().await?;
			Ok::<_, Error>((count >= peers).then_some(count))
		})
		.await
	}
}

/// Starts the four-validator `local` network, Alice (the bootnode, with [`ALICE_NODE_KEY`]),
/// Bob, Charlie and Dave, and waits until every node has finalized block #2.
pub async fn local_network(timeout: Duration) -> Result<Vec<Node>> {
	let alice =
		NodeConfig::chain("local").validator("alice").node_key(ALICE_NODE_KEY).spawn().await?;
	let bootnode = alice.bootnode_addr(ALICE_PEER_ID);
	let mut nodes = vec![alice];
	for name in ["bob", "charlie", "dave"] {
		nodes.push(NodeConfig::chain("local").validator(name).bootnode(&bootnode).spawn().await?);
	}
	for node in &nodes {
		node.wait_for_finalized(2, timeout).await?;
	}
	Ok(nodes)
}

impl Drop for Node {
	fn drop(&mut self) {
		let child = self.child.get_mut().unwrap_or_else(|e| e.into_inner()).take();
		if let Some(mut child) = child {
			let _ = child.kill();
			let _ = child.wait();
		}
		if std::thread::panicking() {
			eprintln!("{}: the test failed; {}", self.name, self.tail_banner());
		}
		if keep_dirs() {
			eprintln!("{}: kept {}", self.name, self.work_dir.path().display());
		}
	}
}

#[cfg(target_os = "linux")]
fn kill_with_parent(command: &mut Command) {
	use std::os::unix::process::CommandExt;
	const SIGKILL: libc::c_ulong = libc::SIGKILL as libc::c_ulong;
	let unused: libc::c_ulong = 0;
	// SAFETY: `prctl` is async-signal-safe and touches no memory of the parent.
	unsafe {
		command.pre_exec(move || {
			if libc::prctl(libc::PR_SET_PDEATHSIG, SIGKILL, unused, unused, unused) != 0 {
				return Err(io::Error::last_os_error());
			}
			Ok(())
		});
	}
}

#[cfg(not(target_os = "linux"))]
fn kill_with_parent(_command: &mut Command) {}

fn send_sigterm(child: &Child) -> Result<()> {
	let pid = libc::pid_t::try_from(child.id())
		.map_err(|_| Error::Other(format!("pid {} out of range", child.id())))?;
	// SAFETY: plain syscall; the child has not been collected yet, so the pid is still ours.
	if unsafe { libc::kill(pid, libc::SIGTERM) } != 0 {
		return Err(Error::Io(io::Error::last_os_error()));
	}
	Ok(())
}

/// The last `lines` lines of a file, empty if it cannot be read.
pub fn log_tail(path: &Path, lines: usize) -> String {
	let Ok(bytes) = std::fs::read(path) else {
		return String::new();
	};
	let text = String::from_utf8_lossy(&bytes);
	let all: Vec<&str> = text.lines().collect();
	let mut tail = all[all.len().saturating_sub(lines)..].join("\n");
	tail.push('\n');
	tail
}

// ------------------------------------------------------------------------------------------------
// Running the binary to completion (bad input).

/// How a node run with [`run_node_to_exit`] ended.
#[derive(Debug)]
pub struct Exited {
	/// The process's exit status.
	pub status: ExitStatus,
	/// Its stdout followed by its stderr.
	pub output: String,
}

/// Loopback ports and switches that keep a throw-away node off the real network.
pub fn loopback_args() -> Result<Vec<String>> {
	Ok(vec![
		"--listen-addr".into(),
		format!("/ip4/127.0.0.1/tcp/{}", free_port()?),
		"--rpc-port".into(),
		free_port()?.to_string(),
		"--prometheus-port".into(),
		free_port()?.to_string(),
		"--no-mdns".into(),
		"--no-telemetry".into(),
	])
}

/// Runs the binary with `args` and waits up to `timeout` for it to exit by itself; kills it
/// and fails if it does not.
pub async fn run_node_to_exit<I, S>(args: I, timeout: Duration) -> Result<Exited>
where
	I: IntoIterator<Item = S>,
	S: Into<OsString>,
{
	let binary = node_binary()?;
	let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
	let child = tokio::process::Command::new(&binary)
		.args(&args)
		.stdin(Stdio::null())
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.kill_on_drop(true)
		.spawn()
		.map_err(|e| Error::Other(format!("cannot start {}: {e}", binary.display())))?;
	match tokio::time::timeout(timeout, child.wait_with_output()).await {
		Ok(output) => {
			let output = output?;
			let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
			text.push_str(&String::from_utf8_lossy(&output.stderr));
			Ok(Exited { status: output.status, output: text })
		}
		Err(_) => {
			Err(Error::Timeout(format!("depin-node {args:?} still ran after {timeout:?} (killed)")))
		}
	}
}

/// Writes `contents` to `name` inside `dir` and returns the path.
pub fn write_file(dir: &Path, name: &str, contents: &str) -> Result<PathBuf> {
	let path = dir.join(name);
	let mut file = File::create(&path)?;
	file.write_all(contents.as_bytes())?;
	Ok(path)
}

// ------------------------------------------------------------------------------------------------
// JSON-RPC.

/// A JSON-RPC connection to one node (WebSocket, via subxt's RPC client).
#[derive(Clone, Debug)]
pub struct Rpc {
	client: RpcClient,
}

/// What `system_health` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Health {
	/// Connected peers.
	pub peers: u64,
	/// Whether the node is major-syncing.
	pub is_syncing: bool,
}

impl Rpc {
	/// Connects once, without retrying.
	pub async fn connect(url: &str) -> Result<Rpc> {
		let client = RpcClient::from_insecure_url(url).await.map_err(rpc_error)?;
		Ok(Rpc { client })
	}

	/// The underlying client, e.g. to build a subxt [`Client`] on the same connection.
	pub fn client(&self) -> RpcClient {
		self.client.clone()
	}

	/// Calls `method` with positional `params`; a JSON-RPC error object comes back as
	/// [`Error::Rpc`].
	pub async fn request(&self, method: &str, params: Vec<Json>) -> Result<Json> {
		let mut rpc_params = RpcParams::new();
		for param in params {
			rpc_params.push(param).map_err(rpc_error)?;
		}
		self.client.request::<Json>(method, rpc_params).await.map_err(rpc_error)
	}

	/// The best block's number.
	pub async fn best_number(&self) -> Result<u64> {
		let header = self.request("chain_getHeader", Vec::new()).await?;
		header_number(&header)
	}

	/// The finalized block's hash, `0x`-prefixed hex.
	pub async fn finalized_hash(&self) -> Result<String> {
		let hash = self.request("chain_getFinalizedHead", Vec::new()).await?;
		hash.as_str()
			.map(str::to_owned)
			.ok_or_else(|| Error::Other(format!("chain_getFinalizedHead returned {hash}")))
	}

	/// The finalized block's number.
	pub async fn finalized_number(&self) -> Result<u64> {
		let hash = self.finalized_hash().await?;
		let header = self.request("chain_getHeader", vec![Json::String(hash)]).await?;
		header_number(&header)
	}

	/// The hash of block `number` on the best chain, if the node has it.
	pub async fn block_hash(&self, number: u64) -> Result<Option<String>> {
		let hash = self.request("chain_getBlockHash", vec![Json::from(number)]).await?;
		match hash {
			Json::Null => Ok(None),
			Json::String(hash) => Ok(Some(hash)),
			other => Err(Error::Other(format!("chain_getBlockHash returned {other}"))),
		}
	}

	/// Every top-level storage key and its value at block `at` (a hash), read page by page with
	/// `state_getKeysPaged` and `state_queryStorageAt`: a snapshot of the chain's state as
	/// try-runtime's live mode takes it. Keys and values are `0x`-hex.
	pub async fn state_snapshot(&self, at: &str) -> Result<BTreeMap<String, String>> {
		const PAGE: usize = 500;
		let mut snapshot = BTreeMap::new();
		let mut start: Option<String> = None;
		loop {
			let keys = self
				.request(
					"state_getKeysPaged",
					vec![
						Json::from("0x"),
						Json::from(PAGE),
						Json::from(start.clone()),
						Json::from(at),
					],
				)
				.await?;
			let keys: Vec<String> = serde_json::from_value(keys)
				.map_err(|e| other("state_getKeysPaged returned no key list", e))?;
			if keys.is_empty() {
				return Ok(snapshot);
			}
			let changes = self
				.request("state_queryStorageAt", vec![Json::from(keys.clone()), Json::from(at)])
				.await?;
			let pairs = changes[0]["changes"].as_array().ok_or_else(|| {
				Error::Other(format!("state_queryStorageAt returned {changes:.200}"))
			})?;
			for pair in pairs {
				if let (Some(key), Some(value)) = (pair[0].as_str(), pair[1].as_str()) {
					snapshot.insert(key.to_owned(), value.to_owned());
				}
			}
			if keys.len() < PAGE {
				return Ok(snapshot);
			}
			start = keys.last().cloned();
		}
	}

	/// `system_health`.
	pub async fn health(&self) -> Result<Health> {
		let health = self.request("system_health", Vec::new()).await?;
		let peers = health["peers"]
			.as_u64()
			.ok_or_else(|| Error::Other(format!("system_health returned {health}")))?;
		Ok(Health { peers, is_syncing: health["isSyncing"].as_bool().unwrap_or(false) })
	}

	/// The number of connected peers.
	pub async fn peers(&self) -> Result<u64> {
		Ok(self.health().await?.peers)
	}

	/// `author_submitExtrinsic` with raw SCALE bytes; returns the transaction hash.
	pub async fn submit_extrinsic(&self, extrinsic: &[u8]) -> Result<String> {
		let hash =
			self.request("author_submitExtrinsic", vec![Json::String(to_hex(extrinsic))]).await?;
		hash.as_str()
			.map(str::to_owned)
			.ok_or_else(|| Error::Other(format!("author_submitExtrinsic returned {hash}")))
	}

	/// `author_pendingExtrinsics`: the transaction pool's contents, hex-encoded.
	pub async fn pending_extrinsics(&self) -> Result<Vec<String>> {
		let pending = self.request("author_pendingExtrinsics", Vec::new()).await?;
		let list = pending
			.as_array()
			.ok_or_else(|| Error::Other(format!("author_pendingExtrinsics returned {pending}")))?;
		Ok(list.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
	}
}

fn rpc_error(error: subxt::rpcs::Error) -> Error {
	match error {
		subxt::rpcs::Error::User(e) => Error::Rpc(RpcError {
			code: e.code,
			message: e.message,
			data: e.data.map(|raw| match serde_json::from_str::<Json>(raw.get()) {
				Ok(Json::String(text)) => text,
				_ => raw.get().to_owned(),
			}),
		}),
		other => Error::Transport(other.to_string()),
	}
}

fn header_number(header: &Json) -> Result<u64> {
	let number = header["number"]
		.as_str()
		.ok_or_else(|| Error::Other(format!("header without a number: {header}")))?;
	parse_hex_u64(number)
}

/// Parses `0x`-prefixed (or bare) hex into a number.
pub fn parse_hex_u64(text: &str) -> Result<u64> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	u64::from_str_radix(digits, 16).map_err(|e| Error::Other(format!("bad hex number {text}: {e}")))
}

/// `0x`-prefixed lower-case hex.
pub fn to_hex(bytes: &[u8]) -> String {
	let mut text = String::with_capacity(2 + 2 * bytes.len());
	text.push_str("0x");
	for byte in bytes {
		text.push_str(&format!("{byte:02x}"));
	}
	text
}

/// The bytes of `0x`-prefixed (or bare) hex.
pub fn from_hex(text: &str) -> Result<Vec<u8>> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	if !digits.len().is_multiple_of(2) {
		return Err(Error::Other(format!("odd-length hex: {text}")));
	}
	(0..digits.len())
		.step_by(2)
		.map(|i| {
			let pair =
				digits.get(i..i + 2).ok_or_else(|| Error::Other(format!("bad hex: {text}")))?;
			u8::from_str_radix(pair, 16).map_err(|e| Error::Other(format!("bad hex {text}: {e}")))
		})
		.collect()
}

// ------------------------------------------------------------------------------------------------
// Accounts, transactions, storage and events.

/// An sr25519 key pair from a secret URI such as `//Alice` or `//DepinTransferTarget`.
pub fn keypair(uri: &str) -> Result<Keypair> {
	let secret = SecretUri::from_str(uri).map_err(|e| other(uri, e))?;
	Keypair::from_uri(&secret).map_err(|e| other(uri, e))
}

/// The account id of a key pair.
pub fn account_id(pair: &Keypair) -> AccountId32 {
	pair.public_key().to_account_id()
}

/// A dynamic `Balances.transfer_keep_alive(dest, amount)` call.
pub fn transfer_keep_alive(dest: &AccountId32, amount: u128) -> TransferCall {
	subxt::dynamic::tx("Balances", "transfer_keep_alive", (MultiAddress::Id(*dest), amount))
}

/// The parts of `System.Account` the tests look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountState {
	/// The account nonce.
	pub nonce: u64,
	/// The free balance in plancks.
	pub free: u128,
}

/// Reads `System.Account` for `who` at the block `at` is pinned to (zeroes if absent).
pub async fn account_state(at: &AtBlock, who: &AccountId32) -> Result<AccountState> {
	let address = subxt::dynamic::storage::<(AccountId32,), Value>("System", "Account");
	let entry = at
		.storage()
		.fetch(address, (*who,))
		.await
		.map_err(|e| other("cannot read System.Account", e))?;
	let info = entry.decode().map_err(|e| other("cannot decode System.Account", e))?;
	let nonce = info
		.at("nonce")
		.and_then(|v| v.as_u128())
		.ok_or_else(|| Error::Other(format!("System.Account without a nonce: {info}")))?;
	let free = info
		.at("data")
		.at("free")
		.and_then(|v| v.as_u128())
		.ok_or_else(|| Error::Other(format!("System.Account without data.free: {info}")))?;
	let nonce = u64::try_from(nonce).map_err(|e| other("nonce out of range", e))?;
	Ok(AccountState { nonce, free })
}

/// Decodes the fields of every `pallet.name` event of an extrinsic into `E` (for example a
/// tuple such as `(AccountId32, AccountId32, u128)` for `Balances.Transfer`).
pub fn find_events<E: DecodeAsFields>(
	events: &ExtrinsicEvents<ChainConfig>,
	pallet: &str,
	name: &str,
) -> Result<Vec<E>> {
	let mut found = Vec::new();
	for event in events.iter() {
		let event = event.map_err(|e| other("cannot decode an event", e))?;
		if event.pallet_name() == pallet && event.event_name() == name {
			let fields = event
				.decode_fields_unchecked_as::<E>()
				.map_err(|e| other(&format!("cannot decode {pallet}.{name}"), e))?;
			found.push(fields);
		}
	}
	Ok(found)
}

/// Whether the extrinsic emitted a `pallet.name` event.
pub fn has_event(events: &ExtrinsicEvents<ChainConfig>, pallet: &str, name: &str) -> bool {
	events.iter().flatten().any(|e| e.pallet_name() == pallet && e.event_name() == name)
}

/// The byte range of the 64-byte sr25519 signature inside an encoded signed (v4) extrinsic:
/// compact length prefix, version byte `0x84`, `MultiAddress::Id` (`0x00` + 32 bytes), then
/// `MultiSignature::Sr25519` (`0x01` + 64 bytes).
pub fn sr25519_signature_range(extrinsic: &[u8]) -> Result<Range<usize>> {
	let (length, prefix) = decode_compact_prefix(extrinsic)?;
	if prefix + length != extrinsic.len() {
		return Err(Error::Other(format!(
			"length prefix says {length} bytes but {} follow it",
			extrinsic.len() - prefix
		)));
	}
	let version = prefix;
	if extrinsic.get(version) != Some(&0x84) {
		return Err(Error::Other(format!(
			"not a signed v4 extrinsic: version byte {:?}",
			extrinsic.get(version)
		)));
	}
	let address = version + 1;
	if extrinsic.get(address) != Some(&0x00) {
		return Err(Error::Other("the address is not MultiAddress::Id".into()));
	}
	let signature = address + 1 + 32;
	if extrinsic.get(signature) != Some(&0x01) {
		return Err(Error::Other("the signature is not MultiSignature::Sr25519".into()));
	}
	let range = signature + 1..signature + 1 + 64;
	if range.end > extrinsic.len() {
		return Err(Error::Other("extrinsic too short for an sr25519 signature".into()));
	}
	Ok(range)
}

/// Decodes a SCALE compact integer at the start of `bytes`: (value, bytes it took).
fn decode_compact_prefix(bytes: &[u8]) -> Result<(usize, usize)> {
	let truncated = || Error::Other("truncated compact length prefix".into());
	let first = *bytes.first().ok_or_else(truncated)?;
	let little_endian = |n: usize| -> Result<u64> {
		let part = bytes.get(..n).ok_or_else(truncated)?;
		Ok(part.iter().rev().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
	};
	let (value, taken) = match first & 0b11 {
		0b00 => (u64::from(first >> 2), 1),
		0b01 => (little_endian(2)? >> 2, 2),
		0b10 => (little_endian(4)? >> 2, 4),
		_ => {
			let n = usize::from(first >> 2) + 4;
			if n > 8 {
				return Err(Error::Other("compact length prefix too large".into()));
			}
			let value = bytes.get(1..1 + n).ok_or_else(truncated)?;
			(value.iter().rev().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)), 1 + n)
		}
	};
	let value = usize::try_from(value).map_err(|e| other("length out of range", e))?;
	Ok((value, taken))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn compact_prefixes_decode() {
		assert_eq!(decode_compact_prefix(&[0b0000_0100]).ok(), Some((1, 1)));
		// 69 = 0b1_0001_01 -> two-byte mode.
		assert_eq!(decode_compact_prefix(&[0x15, 0x01]).ok(), Some((69, 2)));
		assert_eq!(decode_compact_prefix(&[0x02, 0x00, 0x01, 0x00]).ok(), Some((16384, 4)));
		assert!(decode_compact_prefix(&[0x01]).is_err());
	}

	#[test]
	fn signature_range_is_found() {
		let mut body = vec![0x84, 0x00];
		body.extend([7u8; 32]);
		body.push(0x01);
		body.extend([9u8; 64]);
		body.extend([0u8; 10]);
		// 109 bytes: two-byte compact.
		let length = u16::try_from((body.len() << 2) | 0b01).expect("fits");
		let mut extrinsic = length.to_le_bytes().to_vec();
		extrinsic.extend(&body);
		let range = sr25519_signature_range(&extrinsic).expect("well-formed");
		assert_eq!(range, 2 + 35..2 + 35 + 64);
		assert!(extrinsic[range].iter().all(|b| *b == 9));
	}

	#[test]
	fn hex_round_trips() {
		assert_eq!(to_hex(&[0, 0xab, 0x10]), "0x00ab10");
		assert_eq!(parse_hex_u64("0x1f").ok(), Some(31));
		assert_eq!(from_hex("0x00ab10").ok(), Some(vec![0, 0xab, 0x10]));
		assert!(from_hex("0xabc").is_err());
		assert!(from_hex("0xzz").is_err());
	}
}
