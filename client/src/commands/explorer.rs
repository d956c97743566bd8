//! `depin explorer`: serves the explorer web page (`explorer/`, built with `npm run build`) over
//! HTTP on loopback and says which address to open and which node flag the page needs.
//!
//! The files are served by [`crate::http`]: `index.html` for `/`, paths that leave the folder
//! refused.

use std::path::{Component, Path, PathBuf};

use tokio::net::TcpListener;

use super::Context;
use crate::{
	errors::{Error, Result},
	http::{self, Response},
};

/// Serves `dir` on `listen` until the process is stopped.
pub async fn run(context: &Context, dir: &Path, listen: &str) -> Result<()> {
	if !dir.join("index.html").is_file() {
		return Err(Error::Usage(format!(
			"no explorer build in {}: build it with `npm ci --prefix explorer && npm run build \
			 --prefix explorer`, or pass --dir with the folder holding index.html",
			dir.display()
		)));
	}
	let root = dir
		.canonicalize()
		.map_err(|error| Error::Usage(format!("--dir {}: {error}", dir.display())))?;
	let listener = TcpListener::bind(listen)
		.await
		.map_err(|error| Error::Usage(format!("--listen {listen}: {error}")))?;
	let address = listener
		.local_addr()
		.map_err(|error| Error::Other(format!("the listening address: {error}")))?;
	let origin = format!("http://{address}");
	println!("explorer at {origin}/?node={}", context.url);
	println!(
		"the page talks to the node over its WebSocket, which depin-node opens to pages of any \
		 origin (--rpc-cors governs browsers' HTTP requests only): a node on this machine needs \
		 no flag; one elsewhere must listen where the browser reaches it (--rpc-external, behind \
		 a firewall you control), with --rpc-cors {origin} (or all) for HTTP clients of this page"
	);
	let handler = move |path: &str| match resolve(&root, path) {
		Some(file) => match std::fs::read(&file) {
			Ok(body) => Response { status: 200, content_type: content_type(&file), body },
			Err(_) => Response::text(404, "not found"),
		},
		None => Response::text(404, "not found"),
	};
	http::serve(listener, handler, std::future::pending()).await;
	Ok(())
}

/// The file under `root` that the request target names (`index.html` for a folder), or
/// `None` when the path leaves `root` or names nothing.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
	let path = target.split(['?', '#']).next().unwrap_or_default();
	let mut file = root.to_path_buf();
	for component in Path::new(path.trim_start_matches('/')).components() {
		match component {
			Component::Normal(part) => file.push(part),
			Component::CurDir => {}
			_ => return None,
		}
	}
	if file.is_dir() {
		file.push("index.html");
	}
	let file = file.canonicalize().ok()?;
	(file.starts_with(root) && file.is_file()).then_some(file)
}

/// The media type of `file`, by its extension.
fn content_type(file: &Path) -> &'static str {
	match file.extension().and_then(|ext| ext.to_str()).unwrap_or_default() {
		"html" => "text/html; charset=utf-8",
		"js" | "mjs" => "text/javascript; charset=utf-8",
		"css" => "text/css; charset=utf-8",
		"json" | "map" => "application/json",
		"svg" => "image/svg+xml",
		"png" => "image/png",
		"ico" => "image/x-icon",
		"wasm" => "application/wasm",
		"woff2" => "font/woff2",
		_ => "application/octet-stream",
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn paths_resolve_inside_the_build_folder_only() {
		let dir = tempfile::tempdir().expect("a temporary folder");
		let root = dir.path().canonicalize().expect("a folder");
		std::fs::write(root.join("index.html"), "<html>").expect("a test file");
		std::fs::create_dir(root.join("assets")).expect("a test file");
		std::fs::write(root.join("assets/app.js"), "").expect("a test file");
		assert_eq!(resolve(&root, "/"), Some(root.join("index.html")));
		assert_eq!(resolve(&root, "/?node=ws://x"), Some(root.join("index.html")));
		assert_eq!(resolve(&root, "/assets/app.js"), Some(root.join("assets/app.js")));
		assert_eq!(resolve(&root, "/../etc/passwd"), None);
		assert_eq!(resolve(&root, "/assets/../../x"), None);
		assert_eq!(resolve(&root, "/missing.js"), None);
		assert_eq!(content_type(Path::new("a.js")), "text/javascript; charset=utf-8");
	}
}
