//! `depin explorer`: serves the explorer web page (`explorer/`, built with `npm run build`) over
//! HTTP on loopback and says which address to open and which node flag the page needs.
//!
//! A small static server: `GET` and `HEAD` of files under the build folder, `index.html` for
//! `/`, one request per connection. Paths that leave the folder, other methods and oversized
//! requests are refused with their HTTP status.

use std::path::{Component, Path, PathBuf};

use tokio::{
	io::{AsyncReadExt, AsyncWriteExt},
	net::{TcpListener, TcpStream},
};

use super::Context;
use crate::errors::{Error, Result};

/// The largest request head read.
const MAX_REQUEST: usize = 8 * 1024;

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
	loop {
		let (stream, _) = listener
			.accept()
			.await
			.map_err(|error| Error::Other(format!("accepting a connection: {error}")))?;
		let root = root.clone();
		tokio::spawn(async move {
			let _ = serve(stream, &root).await;
		});
	}
}

/// Answers one request on `stream` from the files under `root`.
async fn serve(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
	let mut head = Vec::with_capacity(1024);
	let mut buffer = [0u8; 1024];
	while !head.windows(4).any(|window| window == b"\r\n\r\n") {
		let read = stream.read(&mut buffer).await?;
		if read == 0 {
			return Ok(());
		}
		head.extend_from_slice(&buffer[..read]);
		if head.len() > MAX_REQUEST {
			return respond(&mut stream, 431, "text/plain", b"request too large", true).await;
		}
	}
	let text = String::from_utf8_lossy(&head);
	let mut parts = text.lines().next().unwrap_or_default().split_whitespace();
	let (method, target) = (parts.next().unwrap_or_default(), parts.next().unwrap_or("/"));
	let with_body = match method {
		"GET" => true,
		"HEAD" => false,
		_ => return respond(&mut stream, 405, "text/plain", b"only GET and HEAD", true).await,
	};
	let Some(file) = resolve(root, target) else {
		return respond(&mut stream, 404, "text/plain", b"not found", with_body).await;
	};
	match tokio::fs::read(&file).await {
		Ok(body) => respond(&mut stream, 200, content_type(&file), &body, with_body).await,
		Err(_) => respond(&mut stream, 404, "text/plain", b"not found", with_body).await,
	}
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

/// Writes a whole response and closes the connection.
async fn respond(
	stream: &mut TcpStream,
	status: u16,
	content_type: &str,
	body: &[u8],
	with_body: bool,
) -> std::io::Result<()> {
	let reason = match status {
		200 => "OK",
		404 => "Not Found",
		405 => "Method Not Allowed",
		_ => "Request Header Fields Too Large",
	};
	let head = format!(
		"HTTP/1.1 {status} {reason}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\
		 cache-control: no-cache\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\r\n",
		body.len()
	);
	stream.write_all(head.as_bytes()).await?;
	if with_body {
		stream.write_all(body).await?;
	}
	stream.shutdown().await
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
