#!/usr/bin/env bash
# Throughput benchmark: starts a fresh dev node, then the four-validator local network (Alice,
# Bob, Charlie, Dave), all on free loopback ports with temporary base paths, on the chains with
# the testnet's timing (`--chain bench` and `--chain bench-local`: 6-second blocks and the
# block weight budget of production; the dev and local chains make 1-second blocks), runs
# `depin load transfers` and `depin load coverage` (reports with 14 witness receipts) against each
# at every rate, stops every node it started, and writes a Markdown report.
#
#   scripts/bench-throughput.sh [options] [REPORT.md]
#
#   REPORT.md           where the report goes (default $CARGO_TARGET_DIR/bench-throughput.md)
#   --release           use $CARGO_TARGET_DIR/release/depin-node (when it exists)
#   --rates "R1 R2"     transfer rates in transactions/s, one run each (default "100 1000")
#   --coverage-rates "R1 R2"  coverage report rates, one run each (default "50 100"; a run's
#                       rate × duration reports must drain within the 30 blocks a beacon's
#                       entropy lives, about 260 reports a block)
#   --duration S        seconds of submission per run (default 10)
#   --connections N     WebSocket connections per run (default 4)
#   --accounts N        sending accounts per run (default 256)
#   --only dev|local    run one network only
#   --node-args "ARGS"  more arguments for every node, e.g. "--pool-type single-state"
#   --keep-dev DIR      keep the dev node's database in DIR (an archive node), e.g. for
#                       `depin-node benchmark storage --chain bench --base-path DIR --state-version 1`
#   --block-bench       re-execute every dev run's loaded blocks with `depin-node benchmark
#                       block` (a node built with --features runtime-benchmarks) and add their
#                       real execution time against their weight to the report
#
# The node is $DEPIN_NODE, else $CARGO_TARGET_DIR/debug/depin-node (or release/ with
# --release); it is not built here. Only the client is built:
# `cargo build -p depin-client --bin depin`. Not part of the test suite.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
source "$here/env.sh"
cd "$here/.."

profile=debug
rates="100 1000"
coverage_rates="50 100"
duration=10
connections=4
accounts=256
only=""
node_args=""
keep_dev=""
block_bench=""
report=""
while [ $# -gt 0 ]; do
	case "$1" in
	--release) profile=release ;;
	--rates) rates="$2"; shift ;;
	--coverage-rates) coverage_rates="$2"; shift ;;
	--duration) duration="$2"; shift ;;
	--connections) connections="$2"; shift ;;
	--accounts) accounts="$2"; shift ;;
	--only) only="$2"; shift ;;
	--node-args) node_args="$2"; shift ;;
	--keep-dev) keep_dev="$2"; shift ;;
	--block-bench) block_bench=1 ;;
	-h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
	-*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
	*) report="$1" ;;
	esac
	shift
done
report="${report:-$CARGO_TARGET_DIR/bench-throughput.md}"

node="${DEPIN_NODE:-$CARGO_TARGET_DIR/$profile/depin-node}"
if [ "$profile" = release ] && [ -z "${DEPIN_NODE:-}" ] && [ ! -x "$node" ]; then
	echo "no release node at $node; build it with scripts/build.sh --release" >&2
	exit 1
fi
[ -x "$node" ] || { echo "no node binary at $node (set DEPIN_NODE or build it)" >&2; exit 1; }
node_mib=$(( $(stat -c %s "$node") / 1048576 ))
case "$node" in
*/release/*) node_profile="release build, $node_mib MiB" ;;
*/debug/*) node_profile="debug build, $node_mib MiB" ;;
*) node_profile="build profile unknown, $node_mib MiB: a debug node is about 300 MiB, a release one about 110" ;;
esac

cargo build --locked -p depin-client --bin depin
depin="$CARGO_TARGET_DIR/debug/depin"

work="$(mktemp -d "${TMPDIR:-/tmp}/depin-bench.XXXXXX")"
pids=()
stop_nodes() {
	local pid
	for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do
		for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	pids=()
}
cleanup() {
	stop_nodes
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A TCP port nobody listens on, on loopback (the kernel picks it).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

rpc() {
	curl -s --max-time 5 -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$2\",\"params\":[${3:-}]}" "http://127.0.0.1:$1"
}

# Waits until the node on RPC port $1 has finalized block $2.
wait_finalized() {
	local port=$1 want=$2 hash number
	for _ in $(seq 1 240); do
		hash=$(rpc "$port" chain_getFinalizedHead | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p') || true
		if [ -n "$hash" ]; then
			number=$(rpc "$port" chain_getHeader "\"$hash\"" | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p') || true
			[ -n "$number" ] && [ $((number)) -ge "$want" ] && return 0
		fi
		sleep 1
	done
	echo "the node on port $port did not finalize block #$want in 4 minutes" >&2
	return 1
}

# Starts a node named $1 with the remaining arguments; its RPC port goes to $rpc_port. Its
# database is $work/$1, or $base_path when set.
start_node() {
	local name=$1
	shift
	rpc_port=$(free_port)
	local extra=()
	read -r -a extra <<<"$node_args"
	"$node" --base-path "${base_path:-$work/$name}" --rpc-port "$rpc_port" --no-prometheus --no-mdns \
		--no-telemetry --allow-private-ip "$@" "${extra[@]}" >"$work/$name.log" 2>&1 &
	pids+=($!)
	echo "started $name (pid $!): rpc ws://127.0.0.1:$rpc_port, log $work/$name.log" >&2
}

runs=()
load_commands="transfers"
load_help=$("$depin" load --help 2>/dev/null || true)
if grep -qE '^\s+coverage\b' <<<"$load_help"; then
	load_commands="transfers coverage"
fi

# Runs every load at every rate against RPC port $2 of network $1.
bench() {
	local network=$1 port=$2 load rate out
	for load in $load_commands; do
		local load_rates=$rates
		[ "$load" = coverage ] && load_rates=$coverage_rates
		for rate in $load_rates; do
			out="$work/$network-$load-$rate.json"
			local args=(--url "ws://127.0.0.1:$port" --json load "$load" --rate "$rate"
				--duration "$duration" --connections "$connections" --suri //Alice
				--seed "bench-$network-$rate")
			[ "$load" = transfers ] && args+=(--accounts "$accounts")
			# Dev and local chains have Alice as sudo: she prices DPN and approves the maker.
			[ "$load" = coverage ] && args+=(--sudo)
			echo "== $network: depin ${args[*]}" >&2
			if "$depin" "${args[@]}" >"$out" 2>"$work/$network-$load-$rate.err"; then
				runs+=("$network|$load|$rate|depin ${args[*]}|$out")
			else
				echo "depin load $load failed on $network at $rate/s:" >&2
				tail -5 "$work/$network-$load-$rate.err" >&2
				runs+=("$network|$load|$rate|depin ${args[*]}|FAILED: $(tail -1 "$work/$network-$load-$rate.err")")
			fi
		done
	done
}

# Re-executes the loaded blocks of every dev run (and the block before, which absorbs the
# runtime's compilation) in the database $1 and appends what `benchmark block` prints to
# $work/blocks.txt.
block_bench() {
	local db=$1 run network load rate command out range from to
	for run in "${runs[@]}"; do
		IFS='|' read -r network load rate command out <<<"$run"
		[ "$network" = dev ] && [ -f "$out" ] || continue
		range=$(python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))["summary"]
if s["firstBlock"] is not None: print(s["firstBlock"], s["lastBlock"])' "$out") || range=""
		[ -n "$range" ] || continue
		read -r from to <<<"$range"
		# The first block re-executed also pays for compiling the runtime: start one early.
		from=$((from - 1))
		echo "== benchmark block: dev $load at $rate/s, blocks #$from..#$to" >&2
		{
			echo "dev, $load at $rate/s: \`$node benchmark block --chain bench --base-path <db> --from $from --to $to --repeat 3\`"
			"$node" benchmark block --chain bench --base-path "$db" --from "$from" --to "$to" --repeat 3 2>&1 |
				sed -n 's/.*\(Block [0-9].*\)/\1/p'
			echo
		} >>"$work/blocks.txt"
	done
}

if [ "$only" != local ]; then
	p2p=$(free_port)
	dev_args=(--dev --chain bench --listen-addr "/ip4/127.0.0.1/tcp/$p2p")
	base_path=""
	if [ -n "$keep_dev" ] || [ -n "$block_bench" ]; then
		base_path="${keep_dev:-$work/dev}"
		dev_args+=(--state-pruning archive --blocks-pruning archive)
	fi
	start_node dev "${dev_args[@]}"
	dev_port=$rpc_port
	wait_finalized "$dev_port" 1
	bench dev "$dev_port"
	stop_nodes
	[ -z "$block_bench" ] || block_bench "$base_path"
	base_path=""
fi

if [ "$only" != dev ]; then
	# Alice's fixed node key makes her peer id known, so the others can bootstrap from her
	# (as scripts/local-testnet.sh does, on fixed ports).
	alice_key=0000000000000000000000000000000000000000000000000000000000000001
	alice_peer=12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp
	alice_p2p=$(free_port)
	start_node alice --chain bench-local --alice --validator --node-key "$alice_key" \
		--listen-addr "/ip4/127.0.0.1/tcp/$alice_p2p"
	alice_port=$rpc_port
	ports=("$alice_port")
	for name in bob charlie dave; do
		start_node "$name" --chain bench-local --"$name" --validator --unsafe-force-node-key-generation \
			--listen-addr "/ip4/127.0.0.1/tcp/$(free_port)" \
			--bootnodes "/ip4/127.0.0.1/tcp/$alice_p2p/p2p/$alice_peer"
		ports+=("$rpc_port")
	done
	for port in "${ports[@]}"; do wait_finalized "$port" 2; done
	bench local "$alice_port"
	stop_nodes
fi

# The report.
mkdir -p "$(dirname "$report")"
cpu=$(sed -n 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1)
{
	echo "# Throughput benchmark"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
	echo
	echo "| machine | |"
	echo "| --- | --- |"
	echo "| CPUs | $(nproc) × ${cpu:-unknown} |"
	echo "| memory | $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) |"
	echo "| node | \`$node\` ($node_profile) |"
	echo "| client | \`$depin\` (debug build) |"
	[ -z "$node_args" ] || echo "| node arguments | \`$node_args\` |"
	echo
	echo "Each run signs rate × $duration s transactions first, then sends them at the rate over" \
		"$connections connections; included/s spans the blocks that carried load (by their" \
		"timestamps), peak/s is the fullest block over the median block time, weight is the" \
		"used share of the block's maximum in those blocks."
	echo
	echo "| network | load | target/s | submitted | sent/s | accepted | included | included/s | peak/block | peak/s | weight mean / max | normal max | bound |"
	echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	for run in "${runs[@]}"; do
		IFS='|' read -r network load rate command out <<<"$run"
		if [ -f "$out" ]; then
			if ! python3 - "$network" "$load" "$rate" "$out" <<-'EOF'
				import json, sys
				network, load, rate, path = sys.argv[1:]
				s = json.load(open(path))
				m, sub = s["summary"], s["submission"]
				pct = lambda x: f"{100 * x:.1f}%"
				bound = "; ".join(m["bound"]).replace("|", "/")
				if "receiptsPerSecond" in s:
				    bound = f"**{s['receiptsPerSecond']} receipts/s** ({s['target']['witnesses']} a report); " + bound
				print(f"| {network} | {load} | {rate} | {m['submitted']} | {sub['rate']} | {m['accepted']} "
				      f"| {m['included']} | {m['includedPerSecond']} | {m['peakPerBlock']} | {m['peakPerSecond']} "
				      f"| {pct(m['weight']['mean'])} / {pct(m['weight']['max'])} | {pct(m['normalWeight']['max'])} | {bound} |")
			EOF
			then
				echo "| $network | $load | $rate | (unreadable report) |"
			fi
		else
			echo "| $network | $load | $rate | | | | | | | | | | ${out//|//} |"
		fi
	done
	echo
	echo "Command lines:"
	echo
	echo '```sh'
	for run in "${runs[@]}"; do
		IFS='|' read -r network load rate command out <<<"$run"
		echo "# $network"
		echo "$command"
	done
	echo '```'
	echo
	if [ -s "$work/blocks.txt" ]; then
		echo "Loaded dev blocks re-executed (\`benchmark block\`: real time against the weight charged):"
		echo
		echo '```'
		cat "$work/blocks.txt"
		echo '```'
		echo
	fi
	echo "dev: \`$node --dev --chain bench\`; local: four validators \`--chain bench-local --alice|--bob|--charlie|--dave" \
		"--validator\`, loads sent to Alice's node."
} >"$report"
echo "report: $report" >&2
cat "$report"
