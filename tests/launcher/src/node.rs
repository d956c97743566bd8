//! The node launcher: [`NodeConfig`] starts a `depin-node` process on loopback ports, [`Node`]
//! waits on it, stops, restarts and connects to it, and kills it when dropped.

use std::{
	ffi::OsString,
	fs::OpenOptions,
	future::Future,
	io::Write,
	path::{Path, PathBuf},
	process::{Child, Command, ExitStatus, Stdio},
	sync::Mutex,
	time::{Duration, Instant},
};

use tempfile::TempDir;

use crate::{
	binary::node_binary,
	client::Client,
	error::{other, Error, Result},
	ports::free_port,
	process::{keep_dirs, kill_with_parent, log_tail, new_temp_dir, send_sigterm},
	rpc::Rpc,
	specs::{raw_spec, wasm_cache},
};

/// How long to wait for a freshly started node to answer JSON-RPC. A debug node compiles its
/// runtime before it serves; four starting at once on two cores took 61 s here.
pub const RPC_READY_TIMEOUT: Duration = Duration::from_secs(180);
/// How long `SIGTERM` gets before [`Node::stop_term`] falls back to `SIGKILL`.
pub const TERM_GRACE: Duration = Duration::from_secs(30);

const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// Bounds one poll of a wait, so a hung connection cannot stretch the wait's timeout.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);
const LOG_TAIL_LINES: usize = 60;

/// How to start a node. Build with [`NodeConfig::dev`] or [`NodeConfig::chain`], then
/// [`NodeConfig::spawn`].
#[derive(Debug, Clone)]
pub struct NodeConfig {
	dev: bool,
	chain: String,
	by_name: bool,
	wasm_cache: Option<PathBuf>,
	validator: Option<String>,
	base_path: Option<PathBuf>,
	dir: Option<PathBuf>,
	ports: Option<Ports>,
	node_key: Option<String>,
	bootnodes: Vec<String>,
	extra_args: Vec<OsString>,
}

/// A node's three loopback ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports {
	/// libp2p (`--listen-addr /ip4/127.0.0.1/tcp/<port>`).
	pub p2p: u16,
	/// JSON-RPC over WebSocket and HTTP (`--rpc-port`).
	pub rpc: u16,
	/// Prometheus metrics (`--prometheus-port`).
	pub prometheus: u16,
}

impl Ports {
	/// Three ports nobody listens on, chosen by the kernel.
	pub fn free() -> Result<Ports> {
		Ok(Ports { p2p: free_port()?, rpc: free_port()?, prometheus: free_port()? })
	}

	/// The well-known ports of node `index` of a network: p2p 30333, JSON-RPC 9944 and
	/// Prometheus 9615, plus `index`.
	pub fn well_known(index: u16) -> Ports {
		Ports { p2p: 30333 + index, rpc: 9944 + index, prometheus: 9615 + index }
	}
}

impl NodeConfig {
	/// `--dev`: the dev chain with Alice as its only validator.
	pub fn dev() -> Self {
		Self::chain("dev").development()
	}

	/// `--dev` on this node's chain (`--dev --chain bench`): Alice authors alone and every
	/// development default applies.
	pub fn development(mut self) -> Self {
		self.dev = true;
		self
	}

	/// `--chain <chain>`: `dev`, `local`, `testnet` or a chain spec path.
	pub fn chain(chain: impl Into<String>) -> Self {
		Self {
			dev: false,
			chain: chain.into(),
			by_name: false,
			wasm_cache: None,
			validator: None,
			base_path: None,
			dir: None,
			ports: None,
			node_key: None,
			bootnodes: Vec::new(),
			extra_args: Vec::new(),
		}
	}

	/// Passes a preset chain by its name, so the node builds its genesis itself; by default it
	/// gets the preset's raw spec exported once per binary ([`crate::specs`]).
	pub fn by_name(mut self) -> Self {
		self.by_name = true;
		self
	}

	/// Compiles the runtime into `dir` (`--wasm-cache`) instead of the directory all launched
	/// nodes share ([`crate::specs::wasm_cache`]).
	pub fn wasm_cache(mut self, dir: impl Into<PathBuf>) -> Self {
		self.wasm_cache = Some(dir.into());
		self
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

	/// Keeps the node's log (`<dir>/<name>.log`) and, unless [`Self::base_path`] names another,
	/// its base path (`<dir>/<name>`) in `dir`, which outlives the node; by default both live in
	/// a temporary directory deleted with it.
	pub fn dir(mut self, dir: impl Into<PathBuf>) -> Self {
		self.dir = Some(dir.into());
		self
	}

	/// Listens on these ports instead of free ones the kernel picks.
	pub fn ports(mut self, ports: Ports) -> Self {
		self.ports = Some(ports);
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
		let spec = match self.by_name {
			true => None,
			false => raw_spec(&binary, &self.chain)?,
		};
		let wasm_cache = match &self.wasm_cache {
			Some(dir) => dir.clone(),
			None => wasm_cache()?,
		};
		let name = self.validator.clone().unwrap_or_else(|| "node".into());
		let work_dir = match &self.dir {
			Some(dir) => {
				std::fs::create_dir_all(dir)?;
				WorkDir::Kept(dir.clone())
			}
			None => WorkDir::Temp(new_temp_dir(&format!("depin-e2e-{name}-"))?),
		};
		let base_path = match (&self.base_path, &work_dir) {
			(Some(path), _) => path.clone(),
			(None, WorkDir::Kept(dir)) => dir.join(&name),
			(None, WorkDir::Temp(dir)) => dir.path().join("base"),
		};
		let ports = match self.ports {
			Some(ports) => ports,
			None => Ports::free()?,
		};
		let mut node = Node {
			log_path: work_dir.path().join(format!("{name}.log")),
			name,
			binary,
			spec,
			wasm_cache,
			base_path,
			p2p_port: ports.p2p,
			rpc_port: ports.rpc,
			prometheus_port: ports.prometheus,
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
	/// The raw spec file standing in for a preset chain's name, if any.
	spec: Option<PathBuf>,
	/// Where it keeps its compiled runtimes (`--wasm-cache`).
	wasm_cache: PathBuf,
	config: NodeConfig,
	base_path: PathBuf,
	log_path: PathBuf,
	p2p_port: u16,
	rpc_port: u16,
	prometheus_port: u16,
	child: Mutex<Option<Child>>,
	rpc: Mutex<Option<Rpc>>,
	// Last, so the directory goes after the process is gone.
	work_dir: WorkDir,
}

/// Where a node's log (and by default its base path) lives.
enum WorkDir {
	/// A temporary directory, deleted with the node unless `DEPIN_E2E_KEEP=1`.
	Temp(TempDir),
	/// A directory the caller named, left in place.
	Kept(PathBuf),
}

impl WorkDir {
	fn path(&self) -> &Path {
		match self {
			WorkDir::Temp(dir) => dir.path(),
			WorkDir::Kept(dir) => dir,
		}
	}
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

	/// The node's directory (log, and base path unless one was supplied): temporary unless
	/// [`NodeConfig::dir`] named one.
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
		}
		match &self.spec {
			Some(spec) => args.extend(["--chain".into(), spec.display().to_string()]),
			None if !config.dev || config.chain != "dev" => {
				args.extend(["--chain".into(), config.chain.clone()])
			}
			None => {}
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
		args.push("--wasm-cache".into());
		args.push(self.wasm_cache.clone().into_os_string());
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
		writeln!(log, "==== depin-launcher: {} {}", self.binary.display(), shown.join(" "))?;
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
