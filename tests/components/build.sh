#!/usr/bin/env bash
# Rebuilds the component fixtures of tests/components/cases from the sources
# here, byte for byte. Needs: rustup's wasm32-wasip2 and wasm32-wasip1
# targets, Debian's clang and wasi-libc, and wasm-tools 1.263 (as .ci/run
# installs it).
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
target=$(mktemp -d)
trap 'rm -rf "$target"' EXIT
export CARGO_TARGET_DIR="$target"
export RUSTFLAGS="--remap-path-prefix=$here/rust=/src --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo --remap-path-prefix=$(rustc --print sysroot)=/rustc"

# A wasm32-wasip2 component: rustc links it with wasm-component-ld.
cargo build --quiet --manifest-path rust/Cargo.toml --target wasm32-wasip2 --release
cp "$target/wasm32-wasip2/release/component_fixture.wasm" rust-wasip2.wasm
# The same with an init that reads a preopened file, a variable and the
# preopen's listing, and seeds a map (WASI 0.2 during init).
cargo build --quiet --manifest-path rust/Cargo.toml --target wasm32-wasip2 --release \
    --features wasi-init
cp "$target/wasm32-wasip2/release/component_fixture.wasm" rust-wasip2-wasi.wasm
# The same with an init that prints (WASI 0.2 during init).
cargo build --quiet --manifest-path rust/Cargo.toml --target wasm32-wasip2 --release \
    --features print-init
cp "$target/wasm32-wasip2/release/component_fixture.wasm" rust-wasip2-prints.wasm
# The same with an init that panics (its message goes out through WASI 0.2).
cargo build --quiet --manifest-path rust/Cargo.toml --target wasm32-wasip2 --release \
    --features panic-init
cp "$target/wasm32-wasip2/release/component_fixture.wasm" rust-wasip2-panics.wasm

# The wasi-init program as a core module that imports WASI 0.2 itself
# (`--skip-wit-component`: the linker leaves the `component-type` section
# for `wasm-tools component new`), as Javy-style tools pre-initialize it.
RUSTFLAGS="$RUSTFLAGS -C link-arg=--skip-wit-component" \
    cargo build --quiet --manifest-path rust/Cargo.toml --target wasm32-wasip2 --release \
    --features wasi-init
cp "$target/wasm32-wasip2/release/component_fixture.wasm" rust-wasip2-core.wasm

# The same program for wasm32-wasip1, with an init that reads a preopened
# file and a variable, made a component with the pinned reactor adapter.
cargo build --quiet --manifest-path rust/Cargo.toml --target wasm32-wasip1 --release \
    --features wasi-init
cargo run --quiet --manifest-path adapter/Cargo.toml -- "$target/adapter.wasm"
wasm-tools component new "$target/wasm32-wasip1/release/component_fixture.wasm" \
    --adapt "wasi_snapshot_preview1=$target/adapter.wasm" -o rust-adapter.wasm
# The same with an init that panics after its preview1 calls.
cargo build --quiet --manifest-path rust/Cargo.toml --target wasm32-wasip1 --release \
    --features wasi-init,panic-init
wasm-tools component new "$target/wasm32-wasip1/release/component_fixture.wasm" \
    --adapt "wasi_snapshot_preview1=$target/adapter.wasm" -o rust-adapter-panics.wasm

# A C reactor made a component: its `_initialize` becomes the start
# function of a module wit-component adds.
clang --target=wasm32-wasi -mexec-model=reactor -O1 -fdebug-prefix-map="$here"=. \
    c/reactor.c -o "$target/reactor.wasm"
wasm-tools component embed c/reactor.wit "$target/reactor.wasm" -o "$target/reactor-wit.wasm"
wasm-tools component new "$target/reactor-wit.wasm" -o c-reactor.wasm

for f in rust-wasip2.wasm rust-wasip2-wasi.wasm rust-wasip2-prints.wasm rust-wasip2-panics.wasm rust-wasip2-core.wasm rust-adapter.wasm rust-adapter-panics.wasm c-reactor.wasm; do wasm-tools validate "$f"; done
ls -l ./*.wasm
