#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and test the chain: the C/C++ toolchain for
# RocksDB and libp2p, protoc, Node.js for the JavaScript client test, Chromium for the
# explorer's browser test, and a Rust compiler able
# to build the WASM runtime (target wasm32v1-none). Idempotent: a second run does nothing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

log() { echo "setup: $*" >&2; }

sudo_if_needed() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
	local missing=()
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
			missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	sudo_if_needed apt-get update -qq
	sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
}

apt_install protobuf-compiler clang libclang-dev build-essential pkg-config curl
# Node.js and npm run the @polkadot/api client test (tests/js); any Node.js >= 18 does.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	apt_install nodejs npm
fi
# Debian's Chromium runs the explorer's browser test (explorer/tests, playwright-core drives
# it; nothing downloads a browser).
apt_install chromium

# shellcheck source=env.sh
source "$here/env.sh"
if depin_has_wasm_target /usr/bin/rustc ||
	{ [ "${DEPIN_WASM_ROUTE:-}" != debian ] && depin_has_wasm_target rustc; }; then
	log "a compiler with the wasm32v1-none target is installed"
	exit 0
fi

# The ordinary route. DEPIN_WASM_ROUTE=debian skips it, to test the fallback.
if [ "${DEPIN_WASM_ROUTE:-}" != debian ] && command -v rustup >/dev/null && timeout 120 rustup target add wasm32v1-none &&
	depin_has_wasm_target rustc; then
	log "wasm32v1-none installed with rustup"
	exit 0
fi

# The fallback: Debian's rustc-web, whose sysroot we complete with wasm32v1-none's core, alloc and
# compiler_builtins, built once from the installed library sources with embedded bitcode so the
# runtime's LTO works.
log "rustup cannot install wasm32v1-none here; using Debian's rustc-web"
apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld-22

sysroot="$(/usr/bin/rustc --print sysroot)"
dest="$sysroot/lib/rustlib/wasm32v1-none/lib"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cat >"$work/Cargo.toml" <<'TOML'
[package]
name = "wasm-sysroot"
version = "0.0.0"
edition = "2021"

[lib]
crate-type = ["cdylib"]
path = "src/lib.rs"

[profile.release]
panic = "abort"
TOML
cat >"$work/src/lib.rs" <<'RS'
#![no_std]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
	loop {}
}
RS
(
	cd "$work"
	env -u CARGO_TARGET_DIR PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
		RUSTFLAGS="-C embed-bitcode=yes" \
		/usr/bin/cargo build --release --target wasm32v1-none -Zbuild-std=core,alloc \
		--target-dir "$work/target"
)
deps="$work/target/wasm32v1-none/release/deps"
sudo_if_needed mkdir -p "$dest"
for lib in core alloc compiler_builtins; do
	found=$(compgen -G "$deps/lib$lib-*.rlib" | head -n1) || true
	[ -n "$found" ] || { log "build-std did not produce lib$lib"; exit 1; }
	sudo_if_needed cp "$found" "$dest/"
done
depin_has_wasm_target /usr/bin/rustc || { log "wasm32v1-none still missing in $dest"; exit 1; }
log "wasm32v1-none installed into $dest"
