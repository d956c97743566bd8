//! The chain's own figures on the node's Prometheus endpoint, for operators: what each finalized
//! block included of the DePIN pallets' work, read from its events.
//!
//! | metric | what |
//! | --- | --- |
//! | `depin_finalized_blocks_counted_total` | finalized blocks whose events were read |
//! | `depin_coverage_beacons_total` | beacons accepted (reports that opened a receipt window) |
//! | `depin_coverage_receipts_counted_total` | witness receipts counted in a window |
//! | `depin_coverage_receipts_refused_total{reason}` | receipts refused, by `WitnessInvalid` reason |
//! | `depin_leases_heartbeats_total` | lease heartbeats received |
//! | `depin_block_coverage_beacons`, `depin_block_coverage_receipts`, `depin_block_leases_heartbeats` | the same in the last finalized block |
//! | `depin_events_undecodable_total` | blocks whose events this node's runtime types cannot decode (a runtime newer than the node: upgrade the node) |
//!
//! Finalized blocks only, each once: a fork's blocks are never counted. The events are decoded
//! with the native runtime's types, which match the chain's until a runtime upgrade changes an
//! event; then the block is counted in `depin_events_undecodable_total` instead.

use crate::service::FullClient;
use codec::Decode;
use depin_runtime::{opaque::Block, RuntimeEvent};
use futures::StreamExt;
use sc_client_api::{BlockchainEvents, StorageProvider};
use sp_core::storage::StorageKey;
use sp_io::hashing::twox_128;
use sp_runtime::traits::Block as BlockT;
use std::sync::Arc;
use substrate_prometheus_endpoint::{
	register, Counter, CounterVec, Gauge, Opts, PrometheusError, Registry, U64,
};

type EventRecord = frame_system::EventRecord<RuntimeEvent, <Block as BlockT>::Hash>;

/// What one block's events show.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BlockFigures {
	/// Beacons accepted.
	pub beacons: u64,
	/// Receipts counted.
	pub receipts_counted: u64,
	/// Receipts refused, by reason.
	pub receipts_refused: Vec<(String, u64)>,
	/// Heartbeats received.
	pub heartbeats: u64,
}

impl BlockFigures {
	/// Counts the DePIN events of one block.
	pub fn of(events: &[EventRecord]) -> Self {
		let mut figures = Self::default();
		for record in events {
			match &record.event {
				RuntimeEvent::Coverage(pallet_coverage::Event::BeaconAccepted { .. }) => {
					figures.beacons += 1
				}
				RuntimeEvent::Coverage(pallet_coverage::Event::ReceiptsCounted {
					counted, ..
				}) => figures.receipts_counted += u64::from(*counted),
				RuntimeEvent::Coverage(pallet_coverage::Event::WitnessInvalid {
					reason, ..
				}) => {
					let reason = format!("{reason:?}");
					match figures.receipts_refused.iter_mut().find(|(r, _)| *r == reason) {
						Some((_, n)) => *n += 1,
						None => figures.receipts_refused.push((reason, 1)),
					}
				}
				RuntimeEvent::Leases(pallet_leases::Event::HeartbeatReceived { .. }) => {
					figures.heartbeats += 1
				}
				_ => {}
			}
		}
		figures
	}
}

/// The metrics, registered on the node's registry.
#[derive(Clone)]
pub struct DepinMetrics {
	blocks: Counter<U64>,
	undecodable: Counter<U64>,
	beacons: Counter<U64>,
	receipts_counted: Counter<U64>,
	receipts_refused: CounterVec<U64>,
	heartbeats: Counter<U64>,
	block_beacons: Gauge<U64>,
	block_receipts: Gauge<U64>,
	block_heartbeats: Gauge<U64>,
}

impl DepinMetrics {
	/// Registers every metric on `registry`.
	pub fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		let counter = |name: &str, help: &str| register(Counter::new(name, help)?, registry);
		let gauge = |name: &str, help: &str| register(Gauge::new(name, help)?, registry);
		Ok(Self {
			blocks: counter(
				"depin_finalized_blocks_counted_total",
				"Finalized blocks whose DePIN events were counted",
			)?,
			undecodable: counter(
				"depin_events_undecodable_total",
				"Finalized blocks whose events the node's runtime types cannot decode",
			)?,
			beacons: counter("depin_coverage_beacons_total", "Coverage beacons accepted")?,
			receipts_counted: counter(
				"depin_coverage_receipts_counted_total",
				"Witness receipts counted in a beacon's window",
			)?,
			receipts_refused: register(
				CounterVec::new(
					Opts::new(
						"depin_coverage_receipts_refused_total",
						"Witness receipts refused, by reason",
					),
					&["reason"],
				)?,
				registry,
			)?,
			heartbeats: counter("depin_leases_heartbeats_total", "Lease heartbeats received")?,
			block_beacons: gauge(
				"depin_block_coverage_beacons",
				"Coverage beacons accepted in the last finalized block",
			)?,
			block_receipts: gauge(
				"depin_block_coverage_receipts",
				"Witness receipts counted in the last finalized block",
			)?,
			block_heartbeats: gauge(
				"depin_block_leases_heartbeats",
				"Lease heartbeats received in the last finalized block",
			)?,
		})
	}

	fn observe(&self, figures: &BlockFigures) {
		self.blocks.inc();
		self.beacons.inc_by(figures.beacons);
		self.receipts_counted.inc_by(figures.receipts_counted);
		for (reason, n) in &figures.receipts_refused {
			self.receipts_refused.with_label_values(&[reason.as_str()]).inc_by(*n);
		}
		self.heartbeats.inc_by(figures.heartbeats);
		self.block_beacons.set(figures.beacons);
		self.block_receipts.set(figures.receipts_counted);
		self.block_heartbeats.set(figures.heartbeats);
	}
}

/// The events of a block, if its state is still there and they decode.
fn events_at(
	client: &FullClient,
	hash: <Block as BlockT>::Hash,
) -> Option<Option<Vec<EventRecord>>> {
	// `System::Events`: a plain storage value under twox128("System") ++ twox128("Events").
	let key = StorageKey([twox_128(b"System"), twox_128(b"Events")].concat());
	let data = client.storage(hash, &key).ok()??;
	Some(Vec::<EventRecord>::decode(&mut &data.0[..]).ok())
}

/// Counts every newly finalized block's events until the node stops.
pub async fn run(client: Arc<FullClient>, metrics: DepinMetrics) {
	let mut finality = client.finality_notification_stream();
	while let Some(finalized) = finality.next().await {
		for hash in finalized.tree_route.iter().chain(std::iter::once(&finalized.hash)) {
			match events_at(&client, *hash) {
				Some(Some(events)) => metrics.observe(&BlockFigures::of(&events)),
				Some(None) => metrics.undecodable.inc(),
				// The state was pruned before we got to it: nothing to count.
				None => {}
			}
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use frame_system::Phase;

	fn record(event: RuntimeEvent) -> EventRecord {
		EventRecord { phase: Phase::ApplyExtrinsic(1), event, topics: vec![] }
	}

	#[test]
	fn a_blocks_figures_count_beacons_receipts_refusals_by_reason_and_heartbeats() {
		use pallet_coverage::{Event as Coverage, WitnessInvalid};
		let refused = |reason| {
			record(RuntimeEvent::Coverage(Coverage::WitnessInvalid {
				beacon_id: Default::default(),
				witness: 7,
				reason,
			}))
		};
		let events = vec![
			record(RuntimeEvent::Coverage(Coverage::ReceiptsCounted {
				beacon_id: Default::default(),
				counted: 13,
			})),
			refused(WitnessInvalid::TooClose),
			refused(WitnessInvalid::BadSignature),
			refused(WitnessInvalid::TooClose),
			record(RuntimeEvent::Leases(pallet_leases::Event::HeartbeatReceived {
				lease: 1,
				interval: 2,
			})),
			record(RuntimeEvent::System(frame_system::Event::NewAccount {
				account: [9u8; 32].into(),
			})),
		];
		let figures = BlockFigures::of(&events);
		assert_eq!(figures.beacons, 0);
		assert_eq!(figures.receipts_counted, 13);
		assert_eq!(figures.heartbeats, 1);
		assert_eq!(
			figures.receipts_refused,
			vec![("TooClose".to_string(), 2), ("BadSignature".to_string(), 1)]
		);

		let registry = Registry::new();
		let metrics = DepinMetrics::register(&registry).expect("registered");
		metrics.observe(&figures);
		metrics.observe(&figures);
		assert_eq!(metrics.receipts_counted.get(), 26);
		assert_eq!(metrics.receipts_refused.with_label_values(&["TooClose"]).get(), 4);
		assert_eq!(metrics.block_receipts.get(), 13);
		assert_eq!(metrics.blocks.get(), 2);
	}
}
