#!/usr/bin/env bash
# The operator daemons' load: one GPU provider service following --leases leases and one hotspot
# service running --hotspots hotspots, started by `depin simulate --services` against a fresh dev
# node with the simulated air between the gateways. Two operators, so the fleet is twice that
# (two services of each kind) and half of what each hotspot hears is the other owner's, whose
# receipts count (an owner's hotspots never earn by witnessing each other); operator 0's
# services are measured.
#
#   scripts/bench-daemons.sh [--leases 100] [--hotspots 50] [--epochs 3]
#
# Samples each service process every second from /proc (resident memory, CPU time) and its
# /metrics (JSON-RPC calls, finalized blocks) while the simulation runs, and prints per service:
# peak and mean RSS, CPU share of one core, RPC calls per finalized block, and what it did.
# The figures are the client's: measure with the release `depin` ($DEPIN_CLIENT, default
# ~/.cache/depin/release-target/release/depin; built if missing) against the node at $DEPIN_NODE
# (default the debug node).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/env.sh
source "$here/env.sh"

leases=100
hotspots=50
epochs=3
while [ $# -gt 0 ]; do
	case "$1" in
	--leases) leases="$2"; shift 2 ;;
	--hotspots) hotspots="$2"; shift 2 ;;
	--epochs) epochs="$2"; shift 2 ;;
	*) echo "bench-daemons: unknown option $1 (--leases N, --hotspots N, --epochs N)" >&2; exit 2 ;;
	esac
done

client="${DEPIN_CLIENT:-$HOME/.cache/depin/release-target/release/depin}"
node="${DEPIN_NODE:-$CARGO_TARGET_DIR/debug/depin-node}"
if [ ! -x "$client" ]; then
	echo "bench-daemons: building the release client ($client)…" >&2
	(cd "$here/.." && CARGO_TARGET_DIR="$(dirname "$(dirname "$client")")" SKIP_WASM_BUILD=1 \
		cargo build --locked --release -p depin-client --bin depin)
fi
[ -x "$node" ] || { echo "bench-daemons: no node at $node (cargo build -p depin-node)" >&2; exit 2; }

work="$(mktemp -d)"
node_pid=""
sim_pid=""
cleanup() {
	[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
	[ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$node" --dev --base-path "$work/node" --rpc-port "$port" --no-prometheus --port 0 \
	>"$work/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 60); do
	curl -sf -H 'content-type: application/json' \
		-d '{"jsonrpc":"2.0","id":1,"method":"system_health"}' "http://127.0.0.1:$port" >/dev/null && break
	sleep 1
done

"$client" --url "ws://127.0.0.1:$port" --json --wait in-block simulate --suri //Alice --sudo \
	--hotspots "$((2 * hotspots))" --operators 2 --gpus "$((2 * leases))" --traffic 0 --radius 3000 \
	--epochs "$epochs" --seed bench-daemons --services "$work/services" \
	>"$work/report.json" 2>"$work/simulate.log" &
sim_pid=$!

# One sampler a service: "pid" once found, then a line a second: rss_kib ticks calls finalized.
sample() {
	local name="$1" out="$work/$1.samples" pid="" listen=""
	while kill -0 "$sim_pid" 2>/dev/null; do
		if [ -z "$pid" ]; then
			pid="$(pgrep -f -- "run --config $work/services/$name.toml" | head -1 || true)"
			listen="$(grep -o 'listen="[^"]*"' "$work/services/$name.log" 2>/dev/null | head -1 | cut -d'"' -f2 || true)"
			[ -n "$pid" ] && [ -n "$listen" ] || { pid=""; sleep 1; continue; }
		fi
		[ -r "/proc/$pid/stat" ] || break
		local rss ticks metrics calls finalized
		rss="$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)"
		ticks="$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"
		metrics="$(curl -sf "http://$listen/metrics" || true)"
		calls="$(awk '$1 ~ /_rpc_calls_total$/ {print $2}' <<<"$metrics")"
		finalized="$(awk '$1 ~ /_finalized_block$/ {print $2}' <<<"$metrics")"
		[ -n "$calls" ] && echo "$(date +%s.%N) $rss $ticks $calls $finalized ${metrics//$'\n'/|}" >>"$out"
		sleep 1
	done
}
sample provider-0 &
samplers=$!
sample operator-0 &
samplers="$samplers $!"
wait "$sim_pid" || { echo "bench-daemons: the simulation failed:" >&2; tail -20 "$work/simulate.log" >&2; exit 1; }
sim_pid=""
# shellcheck disable=SC2086
wait $samplers

clock="$(getconf CLK_TCK)"
report() {
	local name="$1" what="$2" file="$work/$1.samples"
	[ -s "$file" ] || { echo "$what: no samples (see $work/services/$name.log)"; return; }
	python3 - "$file" "$clock" "$what" <<'EOF'
import sys
rows = [line.split(" ", 5) for line in open(sys.argv[1]) if line.strip()]
clock, what = float(sys.argv[2]), sys.argv[3]
# From the first sample after the service's first finalized block to the last.
rows = [r for r in rows if float(r[4]) > 0]
first, last = rows[0], rows[-1]
seconds = float(last[0]) - float(first[0])
cpu = (float(last[2]) - float(first[2])) / clock / seconds * 100 if seconds > 0 else 0
blocks = float(last[4]) - float(first[4])
calls = float(last[3]) - float(first[3])
rss = [int(r[1]) / 1024 for r in rows]
metrics = {}
for line in last[5].split("|"):
    if line and not line.startswith("#"):
        key, _, value = line.rpartition(" ")
        metrics[key] = value
keep = [k for k in metrics if any(w in k for w in ("sent_total", "missed_total", "claims_total", "leases", "refused_total", "hotspots", "heard_total"))]
print(f"{what}: RSS peak {max(rss):.1f} MiB, mean {sum(rss)/len(rss):.1f} MiB; CPU {cpu:.1f} % of one core "
      f"over {seconds:.0f} s; {calls/blocks if blocks else 0:.1f} RPC calls per finalized block ({calls:.0f} over {blocks:.0f} blocks)")
for key in sorted(keep):
    print(f"  {key} {metrics[key]}")
EOF
}
report provider-0 "provider service, $leases leases"
report operator-0 "hotspot service, $hotspots hotspots"
python3 - "$work/report.json" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
for epoch in report["epochs"]:
    print(f"epoch {epoch['epoch']}: {epoch['beacons']} beacons, {epoch['receipts']} receipts, {epoch['heartbeats']} heartbeats")
EOF
