#!/usr/bin/env bash
# Makes a live network's raw chain spec from its operators' file (format: docs/launch.md):
#
#   scripts/spec-from-operators.sh OPERATORS.json OUT.raw.json
#
# Builds the node if needed (release builds are used when DEPIN_NODE names one), checks the file
# (no well-known development key, no duplicate, every validator's session keys proven) and writes
# the spec; on a bad file it stops with a message naming the entry and writes nothing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -ne 2 ]; then
	echo "usage: scripts/spec-from-operators.sh OPERATORS.json OUT.raw.json" >&2
	exit 2
fi
operators="$1"
out="$2"
if [ ! -f "$operators" ]; then
	echo "operators' file $operators not found" >&2
	exit 2
fi
node="${DEPIN_NODE:-}"
if [ -z "$node" ]; then
	"$here/build.sh" >&2
	# shellcheck source=env.sh
	source "$here/env.sh"
	node="$CARGO_TARGET_DIR/debug/depin-node"
fi
tmp="$(mktemp "${out}.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
"$node" spec-from-operators --operators "$operators" --output "$tmp"
chmod 644 "$tmp"
mv "$tmp" "$out"
echo "wrote $out" >&2
