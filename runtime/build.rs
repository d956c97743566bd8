//! Builds the runtime's WASM blob with substrate-wasm-builder when the `std` feature is on.
//! Also the build script of `runtime/next` (the same runtime as its next version).

fn main() {
	#[cfg(feature = "std")]
	{
		// The WASM build must resolve dependencies from this workspace's Cargo.lock. With the
		// target directory outside the work tree (scripts/env.sh) the builder cannot find the
		// lock file by itself, so point it at the workspace. Set here, not in the environment:
		// other crates' WASM builds (benchmarking's test runtimes) are not in this workspace.
		// Read at run time: a build script binary cached from another checkout of the work
		// tree would otherwise point at that checkout.
		if let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
			let manifest_dir = std::path::Path::new(&manifest_dir);
			let workspace = manifest_dir
				.ancestors()
				.find(|dir| dir.join("Cargo.lock").is_file())
				.unwrap_or(manifest_dir);
			std::env::set_var("WASM_BUILD_WORKSPACE_HINT", workspace);
		}
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
