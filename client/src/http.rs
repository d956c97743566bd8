//! A small HTTP/1.1 server for loopback services: the explorer's static files (`depin
//! explorer`) and the daemons' `/metrics` and `/health` (`depin provider run`). One request per
//! connection, `GET` and `HEAD` only, heads of at most 8 KiB; the handler answers from the
//! method and target.

use std::future::Future;

use tokio::{
	io::{AsyncReadExt, AsyncWriteExt},
	net::{TcpListener, TcpStream},
};

/// The largest request head read.
const MAX_REQUEST: usize = 8 * 1024;

/// What a handler answers.
pub struct Response {
	/// The status code: 200, 404, 405, 431 or 503.
	pub status: u16,
	/// The media type.
	pub content_type: &'static str,
	/// The body (left out for `HEAD`).
	pub body: Vec<u8>,
}

impl Response {
	/// A plain-text response.
	pub fn text(status: u16, body: impl Into<String>) -> Response {
		Response {
			status,
			content_type: "text/plain; charset=utf-8",
			body: body.into().into_bytes(),
		}
	}
}

/// Serves `listener` with `handler` (given the request's path, without its query) until
/// `shutdown` completes.
pub async fn serve<H>(listener: TcpListener, handler: H, shutdown: impl Future<Output = ()>)
where
	H: Fn(&str) -> Response + Clone + Send + Sync + 'static,
{
	tokio::pin!(shutdown);
	loop {
		tokio::select! {
			() = &mut shutdown => return,
			accepted = listener.accept() => {
				let Ok((stream, _)) = accepted else { continue };
				let handler = handler.clone();
				tokio::spawn(async move {
					let _ = answer(stream, handler).await;
				});
			}
		}
	}
}

/// Reads one request from `stream` and writes `handler`'s response.
async fn answer<H: Fn(&str) -> Response>(mut stream: TcpStream, handler: H) -> std::io::Result<()> {
	let mut head = Vec::with_capacity(1024);
	let mut buffer = [0u8; 1024];
	while !head.windows(4).any(|window| window == b"\r\n\r\n") {
		let read = stream.read(&mut buffer).await?;
		if read == 0 {
			return Ok(());
		}
		head.extend_from_slice(&buffer[..read]);
		if head.len() > MAX_REQUEST {
			return respond(&mut stream, Response::text(431, "request too large"), true).await;
		}
	}
	let text = String::from_utf8_lossy(&head);
	let mut parts = text.lines().next().unwrap_or_default().split_whitespace();
	let (method, target) = (parts.next().unwrap_or_default(), parts.next().unwrap_or("/"));
	let with_body = match method {
		"GET" => true,
		"HEAD" => false,
		_ => return respond(&mut stream, Response::text(405, "only GET and HEAD"), true).await,
	};
	let path = target.split(['?', '#']).next().unwrap_or_default();
	respond(&mut stream, handler(path), with_body).await
}

/// Writes a whole response and closes the connection.
async fn respond(
	stream: &mut TcpStream,
	response: Response,
	with_body: bool,
) -> std::io::Result<()> {
	let reason = match response.status {
		200 => "OK",
		404 => "Not Found",
		405 => "Method Not Allowed",
		503 => "Service Unavailable",
		_ => "Request Header Fields Too Large",
	};
	let head = format!(
		"HTTP/1.1 {} {reason}\r\ncontent-type: {}\r\ncontent-length: {}\r\n\
		 cache-control: no-cache\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\r\n",
		response.status,
		response.content_type,
		response.body.len()
	);
	stream.write_all(head.as_bytes()).await?;
	if with_body {
		stream.write_all(&response.body).await?;
	}
	stream.shutdown().await
}
