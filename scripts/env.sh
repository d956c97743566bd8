# Sourced by every script that builds: picks the toolchain that can build the WASM runtime and
# puts the build cache outside the work tree. Users never set these by hand.
#
# Overridable: CARGO_TARGET_DIR (default ~/.cache/depin/target).

# The toolchain with a wasm32v1-none standard library: rustup's when it has the target, otherwise
# Debian's rustc-web in /usr/bin, whose sysroot scripts/setup.sh completes.
depin_has_wasm_target() {
	local libdir
	libdir=$("$1" --print target-libdir --target wasm32v1-none 2>/dev/null) || return 1
	compgen -G "$libdir/libcore-*.rlib" >/dev/null
}

if ! depin_has_wasm_target rustc && depin_has_wasm_target /usr/bin/rustc; then
	export PATH="/usr/bin:$PATH"
	# rustup's proxies would otherwise choose rustup's rustc for build scripts.
	export RUSTC=/usr/bin/rustc
	export CARGO=/usr/bin/cargo
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depin/target}"
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

