#!/usr/bin/env bash
# Rebuilds the component fixtures of tests/component.rs from the sources
# here, byte for byte. Needs: rustup's wasm32-wasip2 and wasm32-wasip1
# targets, and wasm-tools 1.263 (as .ci/run installs it).
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

# The same program for wasm32-wasip1, with an init that reads a preopened
# file and a variable, made a component with the pinned reactor adapter.
cargo build --quiet --manifest-path rust/Cargo.toml --target wasm32-wasip1 --release \
    --features wasi-init
cargo run --quiet --manifest-path adapter/Cargo.toml -- "$target/adapter.wasm"
wasm-tools component new "$target/wasm32-wasip1/release/component_fixture.wasm" \
    --adapt "wasi_snapshot_preview1=$target/adapter.wasm" -o rust-adapter.wasm

for f in rust-wasip2.wasm rust-adapter.wasm; do wasm-tools validate "$f"; done
ls -l ./*.wasm
