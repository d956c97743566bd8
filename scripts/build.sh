#!/usr/bin/env bash
# Builds the node (with its WASM runtime) and the end-to-end tests. Installs what is missing first.
# Arguments are passed to `cargo build` (e.g. --release).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/setup.sh"
# shellcheck source=env.sh
source "$here/env.sh"
cd "$here/.."
cargo build --locked -p depin-node "$@"
