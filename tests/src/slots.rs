//! Test slots: how many tests of one binary run nodes at once (see the crate docs).

use tokio::sync::{Semaphore, SemaphorePermit};

/// How many tests of one test binary may run nodes at the same time (`test-threads` in
/// `.config/nextest.toml`).
pub const TEST_SLOTS: u32 = 4;

static SLOTS: Semaphore = Semaphore::const_new(TEST_SLOTS as usize);

/// Permission to run nodes; the test holds it until it ends. See the crate docs.
#[must_use = "the slot is released when dropped"]
pub struct TestSlot {
	_permit: Option<SemaphorePermit<'static>>,
}

/// Waits for one of the [`TEST_SLOTS`] slots.
pub async fn test_slot() -> TestSlot {
	TestSlot { _permit: SLOTS.acquire().await.ok() }
}

/// Waits until no other test of this binary runs nodes, then holds all slots.
pub async fn exclusive_test_slot() -> TestSlot {
	TestSlot { _permit: SLOTS.acquire_many(TEST_SLOTS).await.ok() }
}
