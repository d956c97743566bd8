#!/usr/bin/env bash
# Installs what is missing, builds the node and starts a development chain: one validator (Alice),
# JSON-RPC on ws/http://127.0.0.1:9944, Prometheus metrics on 127.0.0.1:9615. State is kept in a
# temporary directory and discarded on exit. Extra arguments go to depin-node.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/build.sh"
# shellcheck source=env.sh
source "$here/env.sh"
exec "$CARGO_TARGET_DIR/debug/depin-node" --dev --rpc-port 9944 --prometheus-port 9615 "$@"
