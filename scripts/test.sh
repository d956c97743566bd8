#!/usr/bin/env bash
# Installs what is missing, builds the node with its WASM runtime, and runs the whole test suite:
# formatting, unit tests of every crate, then the end-to-end tests that start real depin-node
# binaries on loopback.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/setup.sh"
# shellcheck source=env.sh
source "$here/env.sh"
cd "$here/.."

step() { printf '\n==> %s\n' "$*"; }

if cargo fmt --version >/dev/null 2>&1; then
	step "formatting"
	cargo fmt --all --check
fi

step "building depin-node"
start=$(date +%s)
cargo build --locked -p depin-node
echo "built in $(($(date +%s) - start)) s"

step "unit tests"
cargo test --locked --workspace --exclude depin-e2e --exclude depin-client

step "building the next runtime (spec_version + 1) for the upgrade test"
# The same runtime with `next-spec-version`: the code the governance test upgrades the local
# network to. It is built into the same WASM output as the node's runtime; the next build of the
# node sees the file change and builds its own runtime again.
cargo build --locked -p depin-runtime --features next-spec-version
next_runtime="$CARGO_TARGET_DIR/depin_runtime_next.wasm"
cp "$CARGO_TARGET_DIR/debug/wbuild/depin-runtime/depin_runtime.wasm" "$next_runtime"

step "end-to-end tests against real nodes"
# Each test starts its own nodes; two at a time keeps the two cores from starving block production.
# The governance test also writes a snapshot of the local network's state for try-runtime.
snapshot="$CARGO_TARGET_DIR/local-network-snapshot.json"
rm -f "$snapshot"
start=$(date +%s)
DEPIN_NODE="$CARGO_TARGET_DIR/debug/depin-node" \
	DEPIN_NEXT_RUNTIME="$next_runtime" \
	DEPIN_SNAPSHOT_OUT="$snapshot" \
	cargo test --locked -p depin-e2e -- --test-threads 2
echo "end-to-end tests in $(($(date +%s) - start)) s"

step "the depin client against real nodes"
start=$(date +%s)
DEPIN_NODE="$CARGO_TARGET_DIR/debug/depin-node" cargo test --locked -p depin-client
echo "client tests in $(($(date +%s) - start)) s"

step "try-runtime: the runtime upgrade against the local network's snapshot"
# Native build with the try-runtime checks; no WASM needed.
SKIP_WASM_BUILD=1 DEPIN_SNAPSHOT="$snapshot" \
	cargo test --locked -p depin-runtime --features try-runtime --test try_runtime

step "standard clients: @polkadot/api from Node.js"
npm ci --prefix tests/js --no-audit --no-fund
DEPIN_NODE="$CARGO_TARGET_DIR/debug/depin-node" node tests/js/polkadot-api.test.mjs
