//! The raw chain specs of the node's built-in preset chains, exported once per node binary.
//!
//! A node started on a preset chain (`dev`, `local`, `bench`, `bench-local`) builds the chain's
//! genesis in its runtime first: the runtime's WASM compiled twice, about 12 s of CPU for a
//! debug node, on every start. The end-to-end tests start dozens of nodes on the same cores, so
//! the launcher exports each preset's raw spec once for the binary under test
//! (`depin-node export-chain-spec --chain <name> --raw`, kept beside the build in
//! `<target>/e2e-specs/<binary's size and time>/`) and starts nodes with `--chain <that file>`:
//! the same genesis, state root and chain id, so nodes started either way are on one chain.
//! [`crate::NodeConfig::by_name`] keeps the name (the tests of the preset path itself).
//!
//! Every node the launcher starts also compiles its runtime into one shared directory
//! ([`wasm_cache`], the node's `--wasm-cache`), so only the first node of a runtime compiles it.

use std::{
	fs,
	path::{Path, PathBuf},
	process::Command,
	time::UNIX_EPOCH,
};

use crate::{
	binary::target_dir,
	error::{Error, Result},
};

/// The chains the node builds from its runtime's genesis presets.
const PRESETS: [&str; 4] = ["dev", "local", "bench", "bench-local"];

/// The raw spec of preset `chain` for `binary`, exported on first use; `None` for any other
/// chain (a spec file, or `testnet`, which is raw already).
pub fn raw_spec(binary: &Path, chain: &str) -> Result<Option<PathBuf>> {
	if !PRESETS.contains(&chain) {
		return Ok(None);
	}
	let built = fs::metadata(binary)?;
	let modified = built.modified()?.duration_since(UNIX_EPOCH).map_or(0, |age| age.as_nanos());
	let root = target_dir()?.join("e2e-specs");
	let dir = root.join(format!("{}-{modified}", built.len()));
	let path = dir.join(format!("{chain}.raw.json"));
	if path.is_file() {
		return Ok(Some(path));
	}
	fs::create_dir_all(&dir)?;
	// Older binaries' specs go (best effort: another test may be removing them too).
	for old in fs::read_dir(&root)?.flatten() {
		if old.path() != dir {
			let _ = fs::remove_dir_all(old.path());
		}
	}
	let output =
		Command::new(binary).args(["export-chain-spec", "--chain", chain, "--raw"]).output()?;
	if !output.status.success() {
		return Err(Error::Other(format!(
			"{} export-chain-spec --chain {chain} --raw failed: {}",
			binary.display(),
			String::from_utf8_lossy(&output.stderr).trim()
		)));
	}
	// Written aside and renamed into place, so a concurrent start reads a whole file or none.
	let mut file = tempfile::NamedTempFile::new_in(&dir)?;
	std::io::Write::write_all(&mut file, &output.stdout)?;
	file.persist(&path).map_err(|error| Error::Io(error.error))?;
	Ok(Some(path))
}

/// The directory every launched node keeps its compiled runtimes in (`--wasm-cache`), beside the
/// build: `<target>/e2e-wasm-cache`.
pub fn wasm_cache() -> Result<PathBuf> {
	Ok(target_dir()?.join("e2e-wasm-cache"))
}
