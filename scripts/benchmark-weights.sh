#!/usr/bin/env bash
# Regenerates every weight the runtime uses, from one run of a RELEASE node built with the
# benchmarks: each pallet in runtime/src/benchmarks.rs is benchmarked once. A DePIN pallet's
# results become its own pallets/<name>/src/weights.rs (its WeightInfo trait, SubstrateWeight,
# which the runtime uses, and () for its mock), from the committed template
# scripts/frame-weight-template.hbs; an SDK pallet's become runtime/src/weights/<pallet>.rs (the
# CLI's own template). Every file records its date, steps, repeats, host and CPU. `overhead`
# measures an empty block and a block of no-op extrinsics on the dev chain (`benchmark overhead`):
# runtime/src/weights/block_weights.rs and extrinsic_weights.rs, the runtime's
# BlockExecutionWeight and ExtrinsicBaseWeight (every block and every extrinsic is charged them).
#
#   scripts/benchmark-weights.sh                 every pallet, then overhead
#   scripts/benchmark-weights.sh pallet_leases   one or more by name (or overhead)
#
# Run it on a quiet machine (nothing else building or running: the figures are times), never
# with a debug node (about seven times slower). Steps and repeats: STEPS (20) and REPEAT (10).
# The release build goes to ~/.cache/depin/release-target (RELEASE_TARGET_DIR overrides); the raw
# results (JSON) to its benchmarks/ directory.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/setup.sh"
# shellcheck source=env.sh
source "$here/env.sh"
cd "$here/.."
export CARGO_TARGET_DIR="${RELEASE_TARGET_DIR:-$HOME/.cache/depin/release-target}"
cargo build --locked --release -p depin-node --features runtime-benchmarks
node="$CARGO_TARGET_DIR/release/depin-node"
wasm="$CARGO_TARGET_DIR/release/wbuild/depin-runtime/depin_runtime.compact.compressed.wasm"
results="$CARGO_TARGET_DIR/benchmarks"
mkdir -p "$results"

# The DePIN pallets and their crates' directories: their weights go to the pallet's weights.rs.
declare -A own=(
	[pallet_registry]=pallets/registry
	[pallet_coverage]=pallets/coverage
	[pallet_leases]=pallets/leases
	[pallet_bme]=pallets/bme
	[pallet_usage]=pallets/usage
	[pallet_validator_set]=pallets/validator-set
)
pallets=("$@")
if [ ${#pallets[@]} -eq 0 ]; then
	pallets=(
		pallet_registry pallet_coverage pallet_leases pallet_bme pallet_usage pallet_validator_set
		frame_system pallet_balances pallet_timestamp pallet_sudo pallet_utility
		pallet_migrations pallet_transaction_payment pallet_session pallet_collator_selection
		pallet_scheduler pallet_preimage pallet_referenda
		pallet_conviction_voting pallet_whitelist pallet_collective overhead
	)
fi
for pallet in "${pallets[@]}"; do
	start=$(date +%s)
	if [ "$pallet" = overhead ]; then
		"$node" benchmark overhead --dev --wasm-execution compiled \
			--repeat "${REPEAT_OVERHEAD:-100}" --weight-path runtime/src/weights/
		echo "overhead: $(( $(date +%s) - start )) s"
		continue
	fi
	if [ -n "${own[$pallet]:-}" ]; then
		output=(--template scripts/frame-weight-template.hbs --output "${own[$pallet]}/src/weights.rs")
	else
		output=(--output "runtime/src/weights/$pallet.rs")
	fi
	"$node" benchmark pallet --runtime "$wasm" --genesis-builder runtime \
		--genesis-builder-preset development --pallet "$pallet" --extrinsic '*' \
		--steps "${STEPS:-20}" --repeat "${REPEAT:-10}" \
		--json-file "$results/$pallet.json" "${output[@]}"
	echo "$pallet: $(( $(date +%s) - start )) s"
done
