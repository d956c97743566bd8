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
"$CARGO_TARGET_DIR/debug/depin-node" build-spec --chain testnet-preset --raw --disable-default-bootnode \
	>"$tmp" 2>/dev/null
mv "$tmp" "$out"
echo "wrote $(realpath "$out")"
"$here/build.sh"
