#!/usr/bin/env bash
# Checks the three ways to run wizer-lite agree: the native binary, the
# wasm32-wasip1 build under Node's WASI, and the npm package (from the
# `npm pack` tarball installed into a temporary directory). Every output
# must be byte-identical to the native one. Prints
# `wasm-build: N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

rustup target add wasm32-wasip1 >/dev/null 2>&1 || true
cargo build --quiet --bin wizer-lite
cargo build --quiet --release --target wasm32-wasip1 --bin wizer-lite
cp target/wasm32-wasip1/release/wizer-lite.wasm npm/wizer-lite.wasm
native=$root/target/debug/wizer-lite
launcher=$root/npm/bin/wizer-lite.js

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/fixture/sub"
printf 'max_items=42\n' > "$work/fixture/config.txt"
printf 'the cat and the dog and THE bird\n' > "$work/fixture/words.txt"

passed=0
failed=0
# check NAME ARGS...: the same arguments through the native binary and the
# wasm build (and, when given, the npm package), outputs compared.
check() {
    local name=$1; shift
    local native_out="$work/$name.native.wasm" wasm_out="$work/$name.wasm.wasm"
    if ! (cd "$work" && "$native" "$@" -o "$native_out" 2>/dev/null); then
        echo "FAIL $name: the native build failed"; failed=$((failed + 1)); return
    fi
    if ! (cd "$work" && node "$launcher" "$@" -o "$wasm_out" 2>"$work/err"); then
        echo "FAIL $name: the wasm build failed: $(cat "$work/err")"; failed=$((failed + 1)); return
    fi
    if cmp -s "$native_out" "$wasm_out"; then
        passed=$((passed + 1))
    else
        echo "FAIL $name: the wasm build's output differs"; failed=$((failed + 1))
    fi
}

check primes "$root/examples/primes.wat"
for program in c-init rust-init; do
    check "$program" --allow-wasi --mapdir data::fixture --env GREETING=hi --deterministic \
        "$root/tests/programs/$program/$program.wasm"
done
# The benchmark programs (deterministic: they draw random bytes for hash
# seeds, which must be the same in both runs to compare the outputs).
for program in regex uap sqlite quickjs bigheap; do
    check "bench-$program" --allow-wasi --deterministic "$root/benches/programs/wasm/$program.wasm"
done
# Relative paths and `--dir` go through the launcher's path mapping.
cp "$root/examples/primes.wat" "$work/relative.wat"
check relative relative.wat
check dir --allow-wasi --dir fixture --deterministic "$root/tests/programs/c-init/c-init.wasm"
# Every case that succeeds with no flags.
for case in "$root"/tests/cases/*.wat; do
    case $case in *.out.wat) continue ;; esac
    grep -qE '^;; (error|args:|stdin|input:|file:|mkdir:)' "$case" && continue
    check "case-$(basename "$case" .wat)" "$case"
done

# The npm package, installed from its tarball.
(cd npm && npm pack --silent --pack-destination "$work" >/dev/null)
mkdir "$work/app"
(cd "$work/app" && npm init -y >/dev/null && npm install --silent "$work"/wizer-lite-*.tgz >/dev/null)
(cd "$work/app" && cp "$root/examples/primes.wat" . && npx --no wizer-lite primes.wat -o npx.wasm)
if cmp -s "$work/app/npx.wasm" "$work/primes.native.wasm"; then
    passed=$((passed + 1))
else
    echo "FAIL npx: the npm package's output differs"; failed=$((failed + 1))
fi
# A failure through the package: exit status 1 and an error report.
set +e
(cd "$work/app" && printf 'not wasm' > bad.wasm && npx --no wizer-lite bad.wasm -o bad.out.wasm 2>err)
status=$?
set -e
if [ "$status" = 1 ] && grep -q '^error: ' "$work/app/err" && [ ! -e "$work/app/bad.out.wasm" ]; then
    passed=$((passed + 1))
else
    echo "FAIL npx-error: status $status: $(cat "$work/app/err")"; failed=$((failed + 1))
fi

echo "wasm-build: $passed passed, $failed failed"
[ "$failed" = 0 ]
