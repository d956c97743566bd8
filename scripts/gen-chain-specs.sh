#!/usr/bin/env bash
# Regenerates the committed raw chain spec of the public testnet, chain-specs/testnet.raw.json,
# from the runtime's `testnet` genesis preset, then rebuilds the node that embeds it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/build.sh"
# shellcheck source=env.sh
source "$here/env.sh"
out="$here/../chain-specs/testnet.raw.json"
tmp="$(mktemp)"
"$CARGO_TARGET_DIR/debug/depin-node" export-chain-spec --chain testnet-preset --raw --output "$tmp"
mv "$tmp" "$out"
chmod 644 "$out"
echo "wrote $(realpath "$out")"
"$here/build.sh"
