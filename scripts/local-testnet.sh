#!/usr/bin/env bash
# Starts the four-validator local network (Alice, Bob, Charlie, Dave) on loopback and stops it
# cleanly.
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
# Alice's fixed node key makes her peer id known, so the others can bootstrap from her.
alice_key=0000000000000000000000000000000000000000000000000000000000000001
alice_peer=12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp

rpc() {
	curl -s -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":[${3:-}]}" "http://127.0.0.1:$1"
}

stop() {
	local pid
	for name in "${names[@]}"; do
		[ -f "$dir/$name.pid" ] || continue
		pid=$(cat "$dir/$name.pid")
		kill -TERM "$pid" 2>/dev/null || true
	done
	for name in "${names[@]}"; do
		[ -f "$dir/$name.pid" ] || continue
		pid=$(cat "$dir/$name.pid")
		for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
		kill -KILL "$pid" 2>/dev/null || true
		rm -f "$dir/$name.pid"
	done
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

start() {
	"$here/build.sh"
	# shellcheck source=env.sh
	source "$here/env.sh"
	local node="$CARGO_TARGET_DIR/debug/depin-node"
	[ "${DEPIN_LOCAL_KEEP:-0}" = 1 ] || rm -rf "$dir"
	mkdir -p "$dir"
	for i in "${!names[@]}"; do
		local name=${names[$i]} args=()
		if [ "$i" -eq 0 ]; then
			args+=(--node-key "$alice_key")
		else
			args+=(--bootnodes "/ip4/127.0.0.1/tcp/30333/p2p/$alice_peer")
			args+=(--unsafe-force-node-key-generation)
		fi
		"$node" --chain local --"$name" --validator --base-path "$dir/$name" \
			--listen-addr "/ip4/127.0.0.1/tcp/$((30333 + i))" --rpc-port $((9944 + i)) \
			--prometheus-port $((9615 + i)) --no-mdns --no-telemetry "${args[@]}" \
			>"$dir/$name.log" 2>&1 &
		echo $! >"$dir/$name.pid"
		echo "started $name (pid $!): rpc ws://127.0.0.1:$((9944 + i)), log $dir/$name.log"
	done
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
