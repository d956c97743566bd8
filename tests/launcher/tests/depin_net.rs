//! `depin-net`, the launcher the scripts run: it reports its ready nodes, which answer
//! JSON-RPC, and stops every node it started when it gets `SIGTERM`; a node that cannot start
//! fails it with the node's own message.

use std::{
	path::Path,
	process::{Command, Stdio},
	time::{Duration, Instant},
};

use depin_launcher::Rpc;
use serde_json::Value as Json;

/// The launcher binary cargo built for these tests.
const DEPIN_NET: &str = env!("CARGO_BIN_EXE_depin-net");

/// Waits up to `timeout` for `path` to exist.
fn wait_for_file(path: &Path, timeout: Duration) -> bool {
	let start = Instant::now();
	while start.elapsed() < timeout {
		if path.exists() {
			return true;
		}
		std::thread::sleep(Duration::from_millis(200));
	}
	false
}

/// Whether process `pid` still exists.
fn alive(pid: u32) -> bool {
	Path::new(&format!("/proc/{pid}")).exists()
}

#[tokio::test]
async fn depin_net_reports_a_ready_node_and_stops_it_on_sigterm() {
	let dir = tempfile::tempdir().expect("a temporary directory");
	let ready = dir.path().join("ready.json");
	let mut launcher = Command::new(DEPIN_NET)
		.args(["node", "--dev", "--dir"])
		.arg(dir.path().join("net"))
		.arg("--ready")
		.arg(&ready)
		.stdout(Stdio::null())
		.stderr(Stdio::piped())
		.spawn()
		.expect("depin-net starts");
	let started = wait_for_file(&ready, Duration::from_secs(180));
	if !started {
		let _ = launcher.kill();
		let output = launcher.wait_with_output().expect("depin-net's output");
		panic!("no ready file; depin-net said: {}", String::from_utf8_lossy(&output.stderr));
	}
	let nodes: Json = serde_json::from_slice(&std::fs::read(&ready).expect("the ready file"))
		.expect("the ready file is JSON");
	let node = &nodes["nodes"][0];
	assert_eq!(nodes["nodes"].as_array().map(Vec::len), Some(1), "{nodes}");
	let pid = u32::try_from(node["pid"].as_u64().expect("a pid")).expect("a pid fits");
	let url = node["wsUrl"].as_str().expect("a WebSocket URL");
	let log = Path::new(node["log"].as_str().expect("a log path"));
	assert!(log.starts_with(dir.path().join("net")), "the log is kept in --dir: {node}");
	let chain = Rpc::connect(url)
		.await
		.expect("the node answers")
		.request("system_chain", Vec::new())
		.await
		.expect("system_chain");
	assert_eq!(chain, "DePIN Development");

	// SAFETY: a plain syscall on our own child, not yet collected.
	let signalled = unsafe { libc::kill(launcher.id() as libc::pid_t, libc::SIGTERM) };
	assert_eq!(signalled, 0, "SIGTERM delivered");
	let status = launcher.wait().expect("depin-net exits");
	assert!(status.success(), "stopped by SIGTERM, depin-net exits 0: {status}");
	assert!(!alive(pid), "the node (pid {pid}) was stopped with the launcher");
	assert!(log.exists(), "the kept log outlives the launcher");
}

#[test]
fn depin_net_fails_with_the_nodes_message_when_the_chain_is_unknown() {
	let output = Command::new(DEPIN_NET)
		.args(["node", "--chain", "no-such-chain", "--timeout", "60"])
		.output()
		.expect("depin-net runs");
	assert_eq!(output.status.code(), Some(1), "a node that cannot start fails depin-net");
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(stderr.contains("no-such-chain"), "the node's own message is shown: {stderr}");
}

#[test]
fn depin_net_refuses_an_unknown_subcommand_as_bad_usage() {
	let output = Command::new(DEPIN_NET).arg("cluster").output().expect("depin-net runs");
	assert_eq!(output.status.code(), Some(2));
}
