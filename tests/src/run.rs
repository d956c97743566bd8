//! Running the binary to completion, for bad input: its exit status and output.

use std::{
	ffi::OsString,
	fs::File,
	io::Write,
	path::{Path, PathBuf},
	process::{ExitStatus, Stdio},
	time::Duration,
};

use crate::{
	binary::node_binary,
	error::{Error, Result},
	ports::free_port,
};

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
