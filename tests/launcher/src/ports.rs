//! Free loopback ports, each handed out once per process.

use std::{collections::BTreeSet, net::TcpListener, sync::Mutex};

use crate::error::{Error, Result};

static HANDED_OUT_PORTS: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());

/// A loopback TCP port that was free a moment ago and that this process has not handed out
/// before.
pub fn free_port() -> Result<u16> {
	for _ in 0..100 {
		let port = TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port();
		let mut taken = HANDED_OUT_PORTS.lock().unwrap_or_else(|e| e.into_inner());
		if taken.insert(port) {
			return Ok(port);
		}
	}
	Err(Error::Other("no free loopback port found".into()))
}
