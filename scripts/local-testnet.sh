#!/usr/bin/env bash
# Starts the four-validator local network (Alice, Bob, Charlie, Dave) on loopback and stops it
# cleanly, through the launcher the end-to-end tests use (`depin-net`, crate tests/launcher).
#
#   scripts/local-testnet.sh          build, start, wait; Ctrl-C stops every node
#   scripts/local-testnet.sh start    build and start in the background
#   scripts/local-testnet.sh stop     stop a network started in the background
#   scripts/local-testnet.sh status   best and finalized block of each node
#
# Node i (0..3) listens for peers on 127.0.0.1:3033(3+i), JSON-RPC on 127.0.0.1:994(4+i) and
# Prometheus on 127.0.0.1:961(5+i). State and logs live in $DEPIN_LOCAL_DIR (default
# /tmp/depin-local-testnet); it is wiped on start unless DEPIN_LOCAL_KEEP=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${DEPIN_LOCAL_DIR:-/tmp/depin-local-testnet}"
names=(alice bob charlie dave)

rpc() {
	curl -s -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":[${3:-}]}" "http://127.0.0.1:$1"
}

# Stops the launcher started in the background; it stops its nodes with SIGTERM first.
stop() {
	local pid
	if [ -f "$dir/depin-net.pid" ]; then
		pid=$(cat "$dir/depin-net.pid")
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
		kill -KILL "$pid" 2>/dev/null || true
		rm -f "$dir/depin-net.pid"
	fi
	echo "local testnet stopped"
}

status() {
	for i in "${!names[@]}"; do
		local port=$((9944 + i)) best hash fin peers
		best=$(rpc "$port" chain_getHeader | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p')
		[ -n "$best" ] || { echo "${names[$i]}: not answering on $port"; continue; }
		hash=$(rpc "$port" chain_getFinalizedHead | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p')
		fin=$(rpc "$port" chain_getHeader "\"$hash\"" | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p')
		peers=$(rpc "$port" system_health | sed -n 's/.*"peers":\([0-9]*\).*/\1/p')
		echo "${names[$i]}: best #$((best)), finalized #$((fin)), $peers peers, rpc 127.0.0.1:$port"
	done
}

# Builds the node and the launcher, starts the launcher in the background and waits until every
# node has finalized block #2 (the launcher writes $dir/ready.json then).
start() {
	"$here/build.sh"
	# shellcheck source=env.sh
	source "$here/env.sh"
	(cd "$here/.." && cargo build --locked -p depin-launcher --bin depin-net)
	local net="$CARGO_TARGET_DIR/debug/depin-net" pid
	[ "${DEPIN_LOCAL_KEEP:-0}" = 1 ] || rm -rf "$dir"
	mkdir -p "$dir"
	rm -f "$dir/ready.json"
	"$net" network --chain local --dir "$dir" --well-known-ports --ready "$dir/ready.json" \
		>"$dir/depin-net.out" 2>"$dir/depin-net.log" &
	pid=$!
	echo "$pid" >"$dir/depin-net.pid"
	until [ -f "$dir/ready.json" ]; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "the network did not start:" >&2
			tail -25 "$dir/depin-net.log" >&2
			rm -f "$dir/depin-net.pid"
			return 1
		fi
		sleep 1
	done
	grep '^depin-net: .* rpc ' "$dir/depin-net.log" || true
	echo "launcher pid $pid, log $dir/depin-net.log"
}

case "${1:-run}" in
start) start ;;
stop) stop ;;
status) status ;;
run)
	start
	trap 'stop; exit 0' INT TERM
	echo "press Ctrl-C to stop"
	while sleep 12; do status; done
	;;
*) echo "usage: $0 [run|start|stop|status]" >&2; exit 2 ;;
esac
