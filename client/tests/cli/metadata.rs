//! The committed `client/metadata.scale`, from which the client's interface is generated, is
//! the metadata of the runtime this workspace builds. Refresh it after changing the runtime:
//!
//! ```sh
//! DEPIN_WRITE_METADATA=1 SKIP_WASM_BUILD=1 cargo test -p depin-client --test cli metadata::
//! ```

use std::path::PathBuf;

/// The metadata version the client is generated from: the latest stable one that both the
/// runtime and subxt 0.51 support.
const METADATA_VERSION: u32 = 16;

#[test]
fn committed_metadata_is_the_runtimes() {
	let metadata = sp_io::TestExternalities::new_empty()
		.execute_with(|| depin_runtime::Runtime::metadata_at_version(METADATA_VERSION))
		.expect("the runtime has metadata V16");
	let fresh: &[u8] = &metadata;
	let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("metadata.scale");
	if std::env::var_os("DEPIN_WRITE_METADATA").is_some() {
		std::fs::write(&path, fresh).expect("client/metadata.scale is writable");
		println!("wrote {} ({} bytes)", path.display(), fresh.len());
		return;
	}
	let committed = std::fs::read(&path).unwrap_or_default();
	assert!(
		committed == fresh,
		"client/metadata.scale ({} bytes) is not the runtime's metadata V{METADATA_VERSION} ({} \
		 bytes). Refresh it and rebuild the client:\n  DEPIN_WRITE_METADATA=1 SKIP_WASM_BUILD=1 \
		 cargo test -p depin-client --test cli metadata::",
		committed.len(),
		fresh.len(),
	);
}
