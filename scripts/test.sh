#!/usr/bin/env bash
# The test suite. Installs what is missing, builds the node with its WASM runtime, and runs:
#
#   scripts/test.sh          the full suite (what CI runs): formatting, clippy on every target,
#                            every crate's unit tests, the pallets' benchmark tests, the
#                            end-to-end tests and the client's tests against real depin-node
#                            processes on loopback (one pool, several nodes at a time, the
#                            four-validator tests alone), try-runtime on the upgraded local
#                            network's snapshot, the runtime's call fuzzing (proptest; the
#                            pallets' property tests run with the unit tests), and the
#                            @polkadot/api client test, the explorer's browser test (Vite build,
#                            Debian's Chromium, a simulated fleet), and the operators' packaging and
#                            monitoring checks (scripts/check-packaging.sh, check-monitoring.sh)
#   scripts/test.sh --quick  the developer's tier: formatting, clippy, unit tests and the
#                            single-node end-to-end tests (no four-validator network, no client
#                            tests, no benchmarks, try-runtime or Node.js)
#
# Each step prints how long it took; the end-to-end runner (cargo-nextest, config in
# .config/nextest.toml) prints every test's time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

quick=""
case "${1:-}" in
--quick) quick=1 ;;
"") ;;
-h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
*) echo "unknown option $1: scripts/test.sh [--quick] (see --help)" >&2; exit 2 ;;
esac

"$here/setup.sh"
# shellcheck source=env.sh
source "$here/env.sh"
cd "$here/.."

suite_start=$(date +%s)
step_start=$suite_start
step_name=""
step() {
	step_done
	step_name="$*"
	step_start=$(date +%s)
	printf '\n==> %s\n' "$*"
}
step_done() {
	[ -n "$step_name" ] && printf '<== %s: %d s\n' "$step_name" $(($(date +%s) - step_start))
	return 0
}

if ! cargo nextest --version >/dev/null 2>&1; then
	step "installing cargo-nextest (the end-to-end tests' runner)"
	cargo install --locked cargo-nextest
fi

step "formatting"
cargo fmt --all --check

step "building depin-node"
cargo build --locked -p depin-node

step "clippy, every target, warnings denied"
cargo clippy --locked --workspace --all-targets -- -D warnings

step "unit tests"
cargo test --locked --workspace --exclude depin-e2e --exclude depin-client --exclude depin-launcher

node="$CARGO_TARGET_DIR/debug/depin-node"
if [ -n "$quick" ]; then
	step "single-node end-to-end tests"
	DEPIN_NODE="$node" cargo nextest run --locked -p depin-e2e -p depin-launcher --profile quick
	step_done
	echo "quick tier passed in $(($(date +%s) - suite_start)) s"
	exit 0
fi

step "operators' packaging and monitoring: Dockerfile lint, systemd unit, Prometheus rules"
"$here/check-packaging.sh"
"$here/check-monitoring.sh"

step "the pallets' benchmark tests (runtime-benchmarks)"
cargo test --locked -p pallet-registry -p pallet-coverage -p pallet-leases -p pallet-bme -p pallet-usage \
	--features runtime-benchmarks

step "end-to-end and client tests against real nodes"
# One pool over both test binaries: several single-node tests at a time, the four-validator
# tests alone (.config/nextest.toml). The governance test also writes a snapshot of the upgraded
# local network's state for try-runtime.
snapshot="$CARGO_TARGET_DIR/local-network-snapshot.json"
rm -f "$snapshot"
DEPIN_NODE="$node" DEPIN_SNAPSHOT_OUT="$snapshot" \
	cargo nextest run --locked -p depin-e2e -p depin-client -p depin-launcher --profile ci

step "try-runtime: the runtime upgrade against the local network's snapshot, and the call fuzzing"
# Native build with the try-runtime checks; no WASM needed.
SKIP_WASM_BUILD=1 DEPIN_SNAPSHOT="$snapshot" \
	cargo test --locked -p depin-runtime --features try-runtime --test try_runtime
# Random bytes through the call decoder and random arguments behind every DePIN call, with
# every pallet's invariants checked (runtime/src/tests/fuzz.rs; bounded by its case counts).
SKIP_WASM_BUILD=1 cargo test --locked -p depin-runtime --features try-runtime --lib fuzz

step "standard clients: @polkadot/api from Node.js"
npm ci --prefix tests/js --no-audit --no-fund
DEPIN_NODE="$node" node tests/js/polkadot-api.test.mjs

step "the explorer: built with Vite, driven in Debian's Chromium against a simulated fleet"
# A dev node carrying a simulated fleet, the page served by `depin explorer`, every view checked
# against the chain; screenshots of each view in $CARGO_TARGET_DIR/explorer-screenshots.
cargo build --locked -p depin-client --bin depin
npm ci --prefix explorer --no-audit --no-fund
npm run --prefix explorer build
DEPIN_NODE="$node" DEPIN_CLIENT="$CARGO_TARGET_DIR/debug/depin" DEPIN_EXPLORER_SERVE=1 \
	DEPIN_ARTEFACTS="$CARGO_TARGET_DIR/explorer-screenshots" node explorer/tests/browser.test.mjs

step_done
echo "full suite passed in $(($(date +%s) - suite_start)) s"
