#!/usr/bin/env bash
# Throughput benchmark: starts a fresh dev node, then the four-validator local network (Alice,
# Bob, Charlie, Dave), all on free loopback ports with temporary base paths through the launcher
# the end-to-end tests use (`depin-net`, crate tests/launcher), on the chains with
# the testnet's timing (`--chain bench` and `--chain bench-local`: 6-second blocks and the
# block weight budget of production; the dev and local chains make 1-second blocks), runs
# `depin load transfers`, `depin load coverage` (reports with 14 witness receipts) and `depin load
# sessions` (data-transfer reports of 64 countersigned sessions) against each at every rate, stops
# every node it started, and writes a Markdown report.
#
#   scripts/bench-throughput.sh [options] [REPORT.md]
#
#   REPORT.md           where the report goes (default $CARGO_TARGET_DIR/bench-throughput.md)
#   --release           use the release node: the one scripts/benchmark-weights.sh builds
#                       (${RELEASE_TARGET_DIR:-~/.cache/depin/release-target}/release, with the
#                       `benchmark` subcommand --block-bench needs), else
#                       $CARGO_TARGET_DIR/release (scripts/build.sh --release)
#   --rates "R1 R2"     transfer rates in transactions/s, one run each (default "100 1000")
#   --coverage-rates "R1 R2"  coverage report rates, one run each (default "50 100"; a run's
#                       rate × duration reports must drain within the 30 blocks a beacon's
#                       entropy lives, about 260 reports a block)
#   --coverage-args "ARGS"  more arguments for every `depin load coverage` run, e.g. a
#                       Helium-like fleet "--witness-pool 280 --operators 40", or "--forged"
#   --session-rates "R1 R2"  data-transfer report rates (64 sessions each), one run each
#                       (default "2 5"; "" runs none)
#   --duration S        seconds of submission per run (default 10)
#   --connections N     WebSocket connections per run (default 4)
#   --accounts N        sending accounts per run (default 256)
#   --only dev|local    run one network only
#   --node-args "ARGS"  more arguments for every node, e.g. "--pool-type fork-aware"
#   --keep-dev DIR      keep the dev node's database in DIR (an archive node), e.g. for
#                       `depin-node benchmark storage --chain bench --base-path DIR --state-version 1`
#   --block-bench       re-execute every dev run's loaded blocks with `depin-node benchmark
#                       block` (a node built with --features runtime-benchmarks) and add their
#                       real execution time against their weight to the report
#
# The node is $DEPIN_NODE, else $CARGO_TARGET_DIR/debug/depin-node (or a release node with
# --release); it is not built here. Only the client and the launcher are built:
# `cargo build -p depin-client --bin depin -p depin-launcher --bin depin-net`. Not part of the
# test suite.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
source "$here/env.sh"
cd "$here/.."

profile=debug
rates="100 1000"
coverage_rates="50 100"
coverage_args=""
session_rates="2 5"
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
	--coverage-args) coverage_args="$2"; shift ;;
	--session-rates) session_rates="$2"; shift ;;
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
if [ "$profile" = release ] && [ -z "${DEPIN_NODE:-}" ]; then
	weights_node="${RELEASE_TARGET_DIR:-$HOME/.cache/depin/release-target}/release/depin-node"
	[ -x "$weights_node" ] && node="$weights_node"
	if [ ! -x "$node" ]; then
		echo "no release node at $weights_node or $node; build one with" \
			"scripts/benchmark-weights.sh (or scripts/build.sh --release)" >&2
		exit 1
	fi
fi
[ -x "$node" ] || { echo "no node binary at $node (set DEPIN_NODE or build it)" >&2; exit 1; }
node_mib=$(( $(stat -c %s "$node") / 1048576 ))
case "$node" in
*/release/*) node_profile="release build, $node_mib MiB" ;;
*/debug/*) node_profile="debug build, $node_mib MiB" ;;
*) node_profile="build profile unknown, $node_mib MiB: a debug node is about 300 MiB, a release one about 110" ;;
esac

cargo build --locked -p depin-client --bin depin -p depin-launcher --bin depin-net
depin="$CARGO_TARGET_DIR/debug/depin"
net="$CARGO_TARGET_DIR/debug/depin-net"

work="$(mktemp -d "${TMPDIR:-/tmp}/depin-bench.XXXXXX")"
launcher=""
# Stops the running launcher; it stops its nodes with SIGTERM first.
stop_nodes() {
	[ -n "$launcher" ] || return 0
	kill -TERM "$launcher" 2>/dev/null || true
	wait "$launcher" 2>/dev/null || true
	launcher=""
}
cleanup() {
	stop_nodes
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts `depin-net $1 ...` (named $2 in $work) with the remaining arguments and the node
# arguments in the background, and waits until it reports its nodes ready (finalizing); the
# first node's JSON-RPC port goes to $rpc_port.
start_nodes() {
	local what=$1 name=$2
	shift 2
	local extra=()
	read -r -a extra <<<"$node_args"
	DEPIN_NODE="$node" "$net" "$what" --dir "$work/$name" --ready "$work/$name.ready" "$@" \
		-- "${node_extra[@]}" "${extra[@]}" >/dev/null 2>"$work/$name.log" &
	launcher=$!
	until [ -f "$work/$name.ready" ]; do
		if ! kill -0 "$launcher" 2>/dev/null; then
			echo "depin-net $what $* did not start:" >&2
			tail -20 "$work/$name.log" >&2
			exit 1
		fi
		sleep 1
	done
	rpc_port=$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["nodes"][0]["rpcPort"])' "$work/$name.ready")
	echo "started $name: rpc ws://127.0.0.1:$rpc_port, logs in $work/$name" >&2
}

runs=()
load_commands="transfers"
load_help=$("$depin" load --help 2>/dev/null || true)
if grep -qE '^\s+coverage\b' <<<"$load_help"; then
	load_commands="transfers coverage"
fi
if grep -qE '^\s+sessions\b' <<<"$load_help"; then
	load_commands="$load_commands sessions"
fi

# Runs every load at every rate against RPC port $2 of network $1.
bench() {
	local network=$1 port=$2 load rate out
	for load in $load_commands; do
		local load_rates=$rates
		[ "$load" = coverage ] && load_rates=$coverage_rates
		[ "$load" = sessions ] && load_rates=$session_rates
		for rate in $load_rates; do
			out="$work/$network-$load-$rate.json"
			local args=(--url "ws://127.0.0.1:$port" --json load "$load" --rate "$rate"
				--duration "$duration" --connections "$connections" --suri //Alice
				--seed "bench-$network-$rate")
			[ "$load" = transfers ] && args+=(--accounts "$accounts")
			# Dev and local chains have Alice as sudo: she prices DPN and approves the maker.
			[ "$load" = sessions ] && args+=(--sudo)
			if [ "$load" = coverage ]; then
				args+=(--sudo)
				# shellcheck disable=SC2206 # split on purpose: several arguments
				[ -z "$coverage_args" ] || args+=($coverage_args)
			fi
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
	node_extra=()
	dev_args=(--dev --chain bench)
	base_path=""
	if [ -n "$keep_dev" ] || [ -n "$block_bench" ]; then
		base_path="${keep_dev:-$work/dev-db}"
		dev_args+=(--base-path "$base_path")
		node_extra=(--state-pruning archive --blocks-pruning archive)
	fi
	start_nodes node dev "${dev_args[@]}"
	bench dev "$rpc_port"
	stop_nodes
	[ -z "$block_bench" ] || block_bench "$base_path"
	base_path=""
fi

if [ "$only" != dev ]; then
	node_extra=()
	start_nodes network local --chain bench-local
	bench local "$rpc_port"
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
				if "sessionsPerSecond" in s:
				    bound = f"**{s['sessionsPerSecond']} sessions/s** ({s['target']['sessionsPerReport']} a report); " + bound
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
