#!/usr/bin/env bash
# Rebuilds the failing guest programs of tests/backtrace.rs from their
# sources here. Needs: rustup's wasm32-wasip1 target, Debian's clang, lld,
# wasi-libc and libclang-rt-dev-wasm32. Paths are remapped, so the bytes do
# not depend on where the repository is. Links run without -O: clang would
# run wasm-opt at an optimizing link when binaryen is on PATH.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)

# C: DWARF, names, and a copy with neither (no name section).
C="clang --target=wasm32-wasi -mexec-model=reactor -O0 -g -fdebug-prefix-map=$here=."
$C failing.c -o c-failing.wasm
$C -Wl,--strip-all failing.c -o c-failing-stripped.wasm
$C ctor.c -o c-ctor.wasm

# C++: mangled names in the name section, no DWARF (clang's driver drops
# -Wl,--no-demangle, so the single-dash spelling).
clang++ --target=wasm32-wasi -mexec-model=reactor -O0 -nostdlib++ -fno-exceptions \
    -Wl,-no-demangle mangled.cpp -o cpp-mangled.wasm

# Rust: line tables (profile release) and the name section only (profile
# names).
target=$(mktemp -d)
trap 'rm -rf "$target"' EXIT
export CARGO_TARGET_DIR="$target"
export RUSTFLAGS="--remap-path-prefix=$here/rust-panic=/src --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo"
for profile in release names; do
    cargo build --quiet --manifest-path rust-panic/Cargo.toml --target wasm32-wasip1 \
        --profile "$profile"
done
cp "$target/wasm32-wasip1/release/rust_panic.wasm" rust-panic-dwarf.wasm
cp "$target/wasm32-wasip1/names/rust_panic.wasm" rust-panic-names.wasm
ls -l ./*.wasm
