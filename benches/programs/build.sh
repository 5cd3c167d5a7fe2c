#!/usr/bin/env bash
# Rebuilds the benchmark programs into wasm/: for each program NAME,
# NAME.wasm exports `wizer.initialize` (the input to snapshot) and
# NAME-control.wasm runs the same initialization inside its first `run`.
# The built files are committed, so benchmarks and tests need no wasm
# toolchain. Needs:
#   rustup target add wasm32-wasip1
#   apt-get install clang-14 lld-14 llvm-14 wasi-libc libclang-rt-14-dev-wasm32
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p wasm
CLANG=$(command -v clang-14 || command -v clang)
AR=$(command -v llvm-ar-14 || command -v llvm-ar)

# rquickjs-sys builds QuickJS with the C compiler it is given; Debian's
# clang 14 knows wasm32-wasi, not wasm32-wasip1, and finds wasi-libc there.
export RQUICKJS_SYS_NO_WASI_SDK=1 CC_wasm32_wasip1="$CLANG" AR_wasm32_wasip1="$AR" \
    CFLAGS_wasm32_wasip1="--target=wasm32-wasi"
for program in regex uap quickjs bigheap; do
    for variant in control wizer; do
        features=()
        [[ $variant == wizer ]] && features=(--features wizer)
        cargo build --quiet --release --target wasm32-wasip1 -p "bench-$program" "${features[@]}"
        suffix=""
        [[ $variant == control ]] && suffix="-control"
        cp "target/wasm32-wasip1/release/bench_$program.wasm" "wasm/$program$suffix.wasm"
    done
done

# SQLite: the amalgamation shipped in the libsqlite3-sys package.
cargo fetch --quiet
manifest=$(cargo metadata --format-version 1 |
    grep -o '"manifest_path":"[^"]*/libsqlite3-sys-0.40.0/Cargo.toml"' | cut -d'"' -f4)
src="$(dirname "$manifest")/sqlite3"
flags=(--target=wasm32-wasi -O2 -I"$src"
    -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DLONGDOUBLE_TYPE=double
    -D_WASI_EMULATED_MMAN -D_WASI_EMULATED_GETPID -D_WASI_EMULATED_SIGNAL
    -D_WASI_EMULATED_PROCESS_CLOCKS)
libs=(-lwasi-emulated-mman -lwasi-emulated-getpid -lwasi-emulated-signal
    -lwasi-emulated-process-clocks)
mkdir -p target/sqlite
[[ target/sqlite/sqlite3.o -nt "$src/sqlite3.c" ]] ||
    "$CLANG" "${flags[@]}" -c "$src/sqlite3.c" -o target/sqlite/sqlite3.o
"$CLANG" "${flags[@]}" -mexec-model=reactor -Wall -Werror sqlite/app.c target/sqlite/sqlite3.o "${libs[@]}" \
    -o wasm/sqlite-control.wasm
"$CLANG" "${flags[@]}" -mexec-model=reactor -Wall -Werror -DWIZER sqlite/app.c target/sqlite/sqlite3.o "${libs[@]}" \
    -o wasm/sqlite.wasm
ls -l wasm

# Inputs, from a fixed seed; uap's are user agents from uaparser's tests.
uaparser=$(cargo metadata --format-version 1 |
    grep -o '"manifest_path":"[^"]*/uaparser-0.6.4/Cargo.toml"' | cut -d'"' -f4)
python3 inputs.py "$(dirname "$uaparser")/src/core/tests/test_ua.yaml"
ls -l inputs
