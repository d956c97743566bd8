#!/usr/bin/env bash
# Regenerates the committed raw chain spec of the public testnet, chain-specs/testnet.raw.json,
# from its operators' file chain-specs/testnet.operators.json (the validators' public keys and
# proofs, the technical committee, the endowments and the bootnodes; docs/launch.md), then
# rebuilds the node that embeds it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
specs="$here/../chain-specs"
DEPIN_NODE="" "$here/spec-from-operators.sh" "$specs/testnet.operators.json" "$specs/testnet.raw.json"
"$here/build.sh"
