//! A node process's surroundings: its temporary directory (kept with `DEPIN_E2E_KEEP=1`), the
//! signals it gets, and its log's tail.

use std::{
	io,
	path::Path,
	process::{Child, Command},
};

use tempfile::TempDir;

use crate::error::{Error, Result};

pub(crate) fn keep_dirs() -> bool {
	std::env::var_os("DEPIN_E2E_KEEP").is_some_and(|v| !v.is_empty() && v != "0")
}

pub(crate) fn new_temp_dir(prefix: &str) -> Result<TempDir> {
	let mut dir = tempfile::Builder::new().prefix(prefix).tempdir()?;
	if keep_dirs() {
		dir.disable_cleanup(true);
	}
	Ok(dir)
}

#[cfg(target_os = "linux")]
pub(crate) fn kill_with_parent(command: &mut Command) {
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
pub(crate) fn kill_with_parent(_command: &mut Command) {}

pub(crate) fn send_sigterm(child: &Child) -> Result<()> {
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
