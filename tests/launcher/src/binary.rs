//! Which `depin-node` binary the tests run (see the crate docs).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

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

/// The build's target directory: `$CARGO_TARGET_DIR`, else `~/.cache/depin/target`.
pub(crate) fn target_dir() -> Result<PathBuf> {
	if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
		let dir = PathBuf::from(dir);
		if dir.is_absolute() {
			return Ok(dir);
		}
		// Cargo reads a relative target dir from where it was invoked: the workspace root (the
		// directory with Cargo.lock) in this project's scripts.
		let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
		let workspace =
			manifest.ancestors().find(|dir| dir.join("Cargo.lock").is_file()).unwrap_or(manifest);
		return Ok(workspace.join(dir));
	}
	let home = std::env::var_os("HOME")
		.ok_or_else(|| Error::Other("neither CARGO_TARGET_DIR nor HOME is set".into()))?;
	Ok(PathBuf::from(home).join(".cache").join("depin").join("target"))
}
