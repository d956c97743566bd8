# The depin-node image for operators: the node binary (with its WASM runtime and the testnet's
# chain spec built in) on a slim Debian, run as the non-root user `depin` (uid/gid 10001) with its
# state in the volume /data.
#
# Build from source (release, `cargo build --locked --release -p depin-node` in the builder stage;
# most of an hour on 2 cores, several GiB of memory). Needs BuildKit, the default builder since
# Docker 23 (`docker buildx build`): it builds only the stages the target needs, where the legacy
# builder would also build `runtime-prebuilt`, whose binary is not in the repository's context.
#
#   docker build -t depin-node:0.1.0 --build-arg GIT_COMMIT="$(git rev-parse --short=11 HEAD)" .
#
# The build context has no .git (.dockerignore), so the commit that `depin-node --version` shows
# comes from GIT_COMMIT ("unknown" if not given). Pin the base images by digest for a reproducible
# build (the builder and the runtime must stay on the same Debian release: the binary links the
# builder's glibc):
#
#   --build-arg RUST_IMAGE=rust:1.95-bookworm@sha256:<digest> \
#   --build-arg RUNTIME_IMAGE=debian:bookworm-slim@sha256:<digest>
#
# Package a binary built elsewhere (CI, or `scripts/build.sh --release`, on Debian bookworm's glibc
# or older) without compiling: a context directory holding only that binary, named depin-node
#
#   mkdir ctx && cp ~/.cache/depin/target/release/depin-node ctx/
#   docker build --target runtime-prebuilt -t depin-node:0.1.0 -f Dockerfile ctx
#
# Run. The image's CMD is a non-validator node of the public testnet; every argument given after
# the image replaces the whole CMD, so keep `--base-path /data` in it:
#
#   docker run -d --name depin --stop-timeout 120 -v depin-data:/data -p 30333:30333 depin-node:0.1.0
#
# A validator replaces the CMD with its chain, name and role, and the settings the runtime's weights
# assume (docs/validator.md): a 4 GiB trie cache, warmed at start (give the container more memory
# than that):
#
#   docker run -d --name depin-validator --stop-timeout 120 --network host \
#     -v depin-data:/data depin-node:0.1.0 \
#     --chain testnet --base-path /data --validator --name my-validator \
#     --trie-cache-size 4294967296 --warm-up-trie-cache \
#     --bootnodes /dns/<bootnode>/tcp/30333/p2p/<peer id>
#
# A validator's RPC stays on loopback (no `--rpc-external`; the node refuses `--rpc-external` with
# `--validator` unless `--rpc-methods unsafe` is also given, which would expose key management).
# With `--network host` that is the host's 127.0.0.1:9944, where the operator calls
# `author_rotateKeysWithOwner`; the container's own loopback otherwise. Public RPC belongs on a
# separate non-validator node with `--rpc-external --rpc-methods safe`, behind a proxy that limits
# and filters it. Prometheus listens on all of the container's interfaces (CMD's
# `--prometheus-external`): publish 9615 only to the monitoring network
# (`-p 127.0.0.1:9615:9615`). A validator needs its network key before its first start:
#
#   docker run --rm -v depin-data:/data depin-node:0.1.0 key generate-node-key --chain testnet --base-path /data
#
# --stop-timeout 120: on SIGTERM the node gives its tasks up to 60 seconds to stop, then closes
# RocksDB (usually all within seconds); Docker's default of 10 seconds can cut a slow shutdown short
# with SIGKILL while the database is open (compose: `stop_grace_period: 2m`).

ARG RUST_IMAGE=rust:1.95-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---------------------------------------------------------------------------------------------
# The runtime base: what the binary needs at run time, the user, the volume, ports and defaults.
FROM ${RUNTIME_IMAGE} AS runtime-base

ARG DEPIN_UID=10001
ARG DEPIN_GID=10001
ARG DEBIAN_FRONTEND=noninteractive

# The node links dynamically only glibc (libc, libm; symbols up to GLIBC_2.34), libgcc_s and
# libstdc++ (RocksDB; up to GLIBCXX_3.4.30, gcc 12's, bookworm's) -- `ldd depin-node`. The rest
# (RocksDB and its compressors, OpenSSL for litep2p's WebRTC, vendored) is linked in statically.
# libc6 and libgcc-s1 are in every Debian image; ca-certificates for TLS (telemetry, wss
# bootnodes). The RUN of `depin-node --version` in the final stages fails the build if a library
# is missing. Unpinned package versions (DL3008): the image is reproducible through RUNTIME_IMAGE's
# digest; pinning Debian versions here would break every build after a security update replaces
# them in the archive.
# hadolint ignore=DL3008
RUN apt-get update \
	&& apt-get install -y --no-install-recommends ca-certificates libstdc++6 \
	&& rm -rf /var/lib/apt/lists/* \
	&& groupadd --gid "${DEPIN_GID}" depin \
	&& useradd --uid "${DEPIN_UID}" --gid depin --home-dir /data --no-create-home --no-log-init \
		--shell /usr/sbin/nologin depin \
	&& mkdir -p /data \
	&& chown depin:depin /data \
	&& chmod 0750 /data

# The default base path is the user's home, /data, too: a CMD that forgets `--base-path /data`
# still keeps its state in the volume (under /data/.local/share/depin-node).
VOLUME ["/data"]
WORKDIR /data
# Numeric, so that Kubernetes' runAsNonRoot can check it.
USER ${DEPIN_UID}:${DEPIN_GID}

# p2p, JSON-RPC (HTTP and WebSocket), Prometheus.
EXPOSE 30333 9944 9615

# The health check without curl or any other extra tool: bash (Essential in Debian, so in every
# Debian image) posts `system_health` to the node's JSON-RPC on the container's loopback through
# /dev/tcp and the check passes when the node answers with a result. A node that is syncing or has
# no peers yet is healthy (it runs); whether it keeps up is Prometheus' to tell. The Host header
# is one the RPC server's host filter accepts. A node run with another `--rpc-port` sets
# DEPIN_HEALTHCHECK_RPC_PORT to it (`docker run -e`); one without RPC runs with --no-healthcheck.
ENV DEPIN_HEALTHCHECK_RPC_PORT=9944
HEALTHCHECK --interval=30s --timeout=10s --start-period=2m --retries=3 \
	CMD ["/bin/bash", "-c", "p=${DEPIN_HEALTHCHECK_RPC_PORT:-9944}; b='{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system_health\",\"params\":[]}'; exec 3<>\"/dev/tcp/127.0.0.1/$p\" || exit 1; printf 'POST / HTTP/1.1\\r\\nHost: 127.0.0.1:%s\\r\\nContent-Type: application/json\\r\\nContent-Length: %s\\r\\nConnection: close\\r\\n\\r\\n%s' \"$p\" \"${#b}\" \"$b\" >&3 && grep -q '\"result\"' <&3"]

ENTRYPOINT ["/usr/local/bin/depin-node"]
# A non-validator node of the public testnet (chain spec built into the binary). Operators
# override all of it; see the top of this file for a validator's arguments.
CMD ["--chain", "testnet", "--base-path", "/data", "--prometheus-external"]

ARG RUNTIME_IMAGE
ARG VERSION=0.1.0
ARG GIT_COMMIT=unknown
ARG SOURCE_URL=https://example.invalid/depin-chain
LABEL org.opencontainers.image.title="depin-node" \
	org.opencontainers.image.description="The DePIN chain's node (Substrate, polkadot-sdk stable2609): Aura + GRANDPA, libp2p, RocksDB, JSON-RPC" \
	org.opencontainers.image.version="${VERSION}" \
	org.opencontainers.image.revision="${GIT_COMMIT}" \
	org.opencontainers.image.source="${SOURCE_URL}" \
	org.opencontainers.image.url="${SOURCE_URL}" \
	org.opencontainers.image.licenses="Apache-2.0" \
	org.opencontainers.image.vendor="DePIN chain developers" \
	org.opencontainers.image.base.name="${RUNTIME_IMAGE}"

# ---------------------------------------------------------------------------------------------
# A binary from the build context (see the top of this file): `--target runtime-prebuilt`.
# Before the builder so that even the legacy builder, which builds every stage up to the target,
# builds this one without compiling anything.
FROM runtime-base AS runtime-prebuilt
ARG NODE_BINARY=depin-node
COPY ${NODE_BINARY} /usr/local/bin/depin-node
RUN ["/usr/local/bin/depin-node", "--version"]

# ---------------------------------------------------------------------------------------------
# The builder: Rust 1.95 with the wasm32v1-none target (the WASM runtime) and what RocksDB,
# bindgen and libp2p need to compile (scripts/setup.sh's list).
FROM ${RUST_IMAGE} AS builder

ARG DEBIAN_FRONTEND=noninteractive
# Unpinned package versions (DL3008): see the runtime base; pin RUST_IMAGE's digest instead.
# hadolint ignore=DL3008
RUN apt-get update \
	&& apt-get install -y --no-install-recommends \
		protobuf-compiler clang libclang-dev build-essential pkg-config \
	&& rm -rf /var/lib/apt/lists/*
RUN rustup target add wasm32v1-none \
	&& rustc --version \
	&& rustc --print target-libdir --target wasm32v1-none

WORKDIR /src
COPY . .

# The commit `depin-node --version` reports (substrate-build-script-utils reads
# SUBSTRATE_CLI_GIT_COMMIT_HASH when there is no git repository).
ARG GIT_COMMIT=unknown
ENV SUBSTRATE_CLI_GIT_COMMIT_HASH=${GIT_COMMIT} \
	CARGO_INCREMENTAL=0 \
	CARGO_TERM_COLOR=never
RUN cargo build --locked --release -p depin-node \
	&& install -m 0755 target/release/depin-node /usr/local/bin/depin-node \
	&& /usr/local/bin/depin-node --version

# ---------------------------------------------------------------------------------------------
# The default target: the runtime base with the binary the builder compiled.
FROM runtime-base AS runtime
COPY --from=builder /usr/local/bin/depin-node /usr/local/bin/depin-node
RUN ["/usr/local/bin/depin-node", "--version"]
