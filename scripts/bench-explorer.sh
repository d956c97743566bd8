#!/usr/bin/env bash
# The explorer's scale benchmark (not a test): puts N located hotspots on a fresh dev node
# (`depin load coverage` sets up its fleet: --witness-pool N hotspots on a ring around New York,
# onboarded and located by sudo-approved makers, then one report a second for a second), builds
# the page, and measures in headless Chromium the time to the first full draw at resolutions 4
# and 8, the JavaScript heap the page holds and the JSON-RPC calls it made
# (explorer/bench/scale.mjs). Prints the measurement as JSON and writes it to REPORT.
#
#   scripts/bench-explorer.sh [--release] [--hotspots N] [--runs N] [REPORT.json]
#
#   --release      the release node (${RELEASE_TARGET_DIR:-~/.cache/depin/release-target}/release,
#                  else $CARGO_TARGET_DIR/release); default the debug node
#   --hotspots N   located hotspots (default 10000)
#   --runs N       page loads per resolution (default 3)
#   REPORT.json    default $CARGO_TARGET_DIR/bench-explorer.json
#
# The node is not built here; the client and the launcher are (debug). Stops what it started.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
source "$here/env.sh"
cd "$here/.."

profile=debug
hotspots=10000
runs=3
report=""
while [ $# -gt 0 ]; do
	case "$1" in
	--release) profile=release ;;
	--hotspots) hotspots=$2; shift ;;
	--runs) runs=$2; shift ;;
	-h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
	-*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
	*) report=$1 ;;
	esac
	shift
done
report=${report:-$CARGO_TARGET_DIR/bench-explorer.json}

if [ "$profile" = release ]; then
	node="${RELEASE_TARGET_DIR:-$HOME/.cache/depin/release-target}/release/depin-node"
	[ -x "$node" ] || node="$CARGO_TARGET_DIR/release/depin-node"
else
	node="${DEPIN_NODE:-$CARGO_TARGET_DIR/debug/depin-node}"
fi
[ -x "$node" ] || { echo "no node at $node: build it first (scripts/build.sh [--release])" >&2; exit 1; }

cargo build --locked -p depin-client --bin depin -p depin-launcher --bin depin-net
depin="$CARGO_TARGET_DIR/debug/depin"
net="$CARGO_TARGET_DIR/debug/depin-net"
npm ci --prefix explorer --no-audit --no-fund >/dev/null
npm run --prefix explorer build >/dev/null

work="$(mktemp -d "${TMPDIR:-/tmp}/depin-bench-explorer.XXXXXX")"
launcher=""
cleanup() {
	if [ -n "$launcher" ]; then
		kill -TERM "$launcher" 2>/dev/null || true
		wait "$launcher" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DEPIN_NODE="$node" "$net" node --dev --dir "$work/net" --ready "$work/ready.json" \
	-- --rpc-max-connections 1000 >/dev/null 2>"$work/net.log" &
launcher=$!
until [ -f "$work/ready.json" ]; do
	kill -0 "$launcher" 2>/dev/null || { tail -20 "$work/net.log" >&2; exit 1; }
	sleep 1
done
url=$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["nodes"][0]["wsUrl"])' "$work/ready.json")
echo "node $node at $url; setting up $hotspots hotspots…" >&2

start=$(date +%s)
"$depin" --url "$url" --wait in-block --json load coverage --sudo --suri //Alice --rate 1 \
	--duration 1 --witnesses 14 --witness-pool "$hotspots" --operators 40 --seed explorer \
	>"$work/load.json" 2>"$work/load.err" || { tail -20 "$work/load.err" >&2; exit 1; }
echo "set up in $(($(date +%s) - start)) s" >&2

node explorer/bench/scale.mjs --node "$url" --runs "$runs" | tee "$work/scale.json" >&2
python3 - "$work/scale.json" "$report" "$node" "$hotspots" <<'PY'
import json, sys
lines = [l for l in open(sys.argv[1]) if l.strip().startswith("{")]
result = json.loads(lines[-1])
result["nodeBinary"] = sys.argv[3]
result["hotspots"] = int(sys.argv[4])
open(sys.argv[2], "w").write(json.dumps(result, indent=2) + "\n")
print(json.dumps(result))
PY
echo "report: $report" >&2
