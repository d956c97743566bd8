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
cargo test --locked --workspace --exclude depin-e2e

step "end-to-end tests against real nodes"
# Each test starts its own nodes; two at a time keeps the two cores from starving block production.
DEPIN_NODE="$CARGO_TARGET_DIR/debug/depin-node" \
	cargo test --locked -p depin-e2e -- --test-threads 2
