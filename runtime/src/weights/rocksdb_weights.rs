//! THIS FILE WAS AUTO-GENERATED USING THE SUBSTRATE BENCHMARK CLI VERSION 64.0.0
//! DATE: 2026-12-04 (Y/M/D)
//! HOSTNAME: `vm`, CPU: `AMD EPYC`
//!
//! DATABASE: `RocksDb`, RUNTIME: `DePIN Benchmark`
//! BLOCK-NUM: `Number(0)`
//! SKIP-WRITE: `false`, SKIP-READ: `false`, WARMUPS: `1`
//! STATE-VERSION: `V1`, STATE-CACHE-SIZE: ``
//! WEIGHT-PATH: `runtime/src/weights/`
//! METRIC: `Average`, WEIGHT-MUL: `2.0`, WEIGHT-ADD: `0`
//!
//! The state: a million hotspots of 250,000 owners (6.85 million keys, a 3.3 GB database), the
//! raw chain spec written by `scripts/fleet-state.py` from the development spec, read and written
//! with the 4 GiB trie cache every validator runs with (`docs/validator.md`); 200,000 keys, the
//! writes committed 1,000 a batch (a full block's worth, its storage root included). Without the
//! trie cache the same state reads in 28.2 µs and writes in 69.1 µs on average; the development
//! chain's small state, uncached, in 16.3 µs and 19.9 µs (the weights before these).

// Executed Command:
//   /root/.cache/depin/release-target/release/depin-node
//   benchmark
//   storage
//   --chain
//   fleet-1m.json (scripts/fleet-state.py)
//   --base-path
//   DB
//   --state-version
//   1
//   --keys-limit
//   200000
//   --random-seed
//   1
//   --batch-size
//   1000
//   --mul
//   2
//   --enable-trie-cache
//   --trie-cache-size
//   4294967296
//   --disable-pov-recorder
//   --weight-path
//   runtime/src/weights/

/// Storage DB weights for the `DePIN Benchmark` runtime and `RocksDb`.
pub mod constants {
	use frame_support::weights::constants;
	use sp_core::parameter_types;
	use sp_weights::RuntimeDbWeight;

	parameter_types! {
		/// By default, Substrate uses `RocksDB`, so this will be the weight used throughout
		/// the runtime.
		pub const RocksDbWeight: RuntimeDbWeight = RuntimeDbWeight {
			/// Time to read one storage item.
			/// Calculated by multiplying the *Average* of all values with `2.0` and adding `0`.
			///
			/// Stats nanoseconds:
			///   Min, Max: 190, 56_214
			///   Average:  569
			///   Median:   530
			///   Std-Dev:  589.88
			///
			/// Percentiles nanoseconds:
			///   99th: 1_162
			///   95th: 881
			///   75th: 661
			read: 1_138 * constants::WEIGHT_REF_TIME_PER_NANOS,

			/// Time to write one storage item.
			/// Calculated by multiplying the *Average* of all values with `2.0` and adding `0`.
			///
			/// Stats nanoseconds:
			///   Min, Max: 26_929, 163_196
			///   Average:  50_726
			///   Median:   41_993
			///   Std-Dev:  25477.61
			///
			/// Percentiles nanoseconds:
			///   99th: 142_205
			///   95th: 116_253
			///   75th: 50_598
			write: 101_452 * constants::WEIGHT_REF_TIME_PER_NANOS,
		};
	}

	#[cfg(test)]
	mod test_db_weights {
		use super::constants::RocksDbWeight as W;
		use sp_weights::constants;

		/// Checks that all weights exist and have sane values.
		// NOTE: If this test fails but you are sure that the generated values are fine,
		// you can delete it.
		#[test]
		fn bound() {
			// At least 1 µs.
			assert!(
				W::get().reads(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS,
				"Read weight should be at least 1 µs."
			);
			assert!(
				W::get().writes(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS,
				"Write weight should be at least 1 µs."
			);
			// At most 1 ms.
			assert!(
				W::get().reads(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
				"Read weight should be at most 1 ms."
			);
			assert!(
				W::get().writes(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
				"Write weight should be at most 1 ms."
			);
		}
	}
}
