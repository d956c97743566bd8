//! The harness's errors: [`Error`], its [`Result`] and the node's JSON-RPC error objects.

use std::{fmt, io};

/// Everything that can go wrong in the harness.
#[derive(Debug)]
pub enum Error {
	/// Starting a process, or reading and writing files.
	Io(io::Error),
	/// The node answered a JSON-RPC request with an error object.
	Rpc(RpcError),
	/// The JSON-RPC connection failed (refused, closed, timed out, bad response).
	Transport(String),
	/// A wait did not reach its goal in time.
	Timeout(String),
	/// The node process exited while it was expected to run.
	Exited(String),
	/// Anything else, described.
	Other(String),
}

impl fmt::Display for Error {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Error::Io(e) => write!(f, "I/O error: {e}"),
			Error::Rpc(e) => write!(f, "JSON-RPC error: {e}"),
			Error::Transport(e) => write!(f, "JSON-RPC transport error: {e}"),
			Error::Timeout(e) => write!(f, "timed out: {e}"),
			Error::Exited(e) => write!(f, "node exited: {e}"),
			Error::Other(e) => f.write_str(e),
		}
	}
}

impl std::error::Error for Error {}

impl From<io::Error> for Error {
	fn from(e: io::Error) -> Self {
		Error::Io(e)
	}
}

/// The harness's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A JSON-RPC error object as the node returned it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcError {
	/// The error code, e.g. 1010 for an invalid transaction.
	pub code: i32,
	/// The short message, e.g. "Invalid Transaction".
	pub message: String,
	/// The optional details; a JSON string is unquoted, anything else kept as JSON text.
	pub data: Option<String>,
}

impl RpcError {
	/// Message and data together, lower-cased, for keyword checks.
	pub fn text(&self) -> String {
		format!("{} {}", self.message, self.data.as_deref().unwrap_or_default()).to_lowercase()
	}
}

impl fmt::Display for RpcError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "{} ({})", self.message, self.code)?;
		if let Some(data) = &self.data {
			write!(f, ": {data}")?;
		}
		Ok(())
	}
}

/// An [`Error::Other`] naming its context.
pub fn other(context: &str, error: impl fmt::Display) -> Error {
	Error::Other(format!("{context}: {error}"))
}
