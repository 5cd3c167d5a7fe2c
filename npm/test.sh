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
# The package carries the licence text, as the crate does.
cp LICENSE npm/LICENSE
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

# check_failure NAME ARGS...: init fails the same way in both builds: the
# same report on stderr and in `--report`, and no output.
check_failure() {
    local name=$1; shift
    local n="$work/$name.native" w="$work/$name.wasm"
    if (cd "$work" && "$native" "$@" -o "$n.out" --report "$n.json" 2>"$n.err"); then
        echo "FAIL $name: the native build did not fail"; failed=$((failed + 1)); return
    fi
    if (cd "$work" && node "$launcher" "$@" -o "$w.out" --report "$w.json" 2>"$w.err"); then
        echo "FAIL $name: the wasm build did not fail"; failed=$((failed + 1)); return
    fi
    if [ -e "$n.out" ] || [ -e "$w.out" ]; then
        echo "FAIL $name: a failed run wrote an output"; failed=$((failed + 1))
    elif ! grep -q '^backtrace, innermost first' "$n.err"; then
        echo "FAIL $name: no backtrace: $(cat "$n.err")"; failed=$((failed + 1))
    elif cmp -s "$n.err" "$w.err" && cmp -s "$n.json" "$w.json"; then
        passed=$((passed + 1))
    else
        echo "FAIL $name: the wasm build's failure report differs:"
        diff "$n.err" "$w.err" | head -20
        failed=$((failed + 1))
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

# Components (tests/components): the same snapshots from the wasm build,
# the adapter-built one with WASI on the shim.
for fixture in rust-wasip2.wasm wat/same-name.wat wat/two-instances.wat; do
    check "component-$(basename "$fixture")" "$root/tests/components/$fixture"
done
cp -r "$root/tests/components/config" "$work/config"
check component-adapter --allow-wasi --mapdir /config::config --env FIXTURE_MODE=npm \
    --deterministic "$root/tests/components/rust-adapter.wasm"
check component-wasip2-wasi --allow-wasi --mapdir /config::config --env FIXTURE_MODE=npm \
    --deterministic "$root/tests/components/rust-wasip2-wasi.wasm"

# Failure reports (tests/failing): the same in the wasm build.
check_failure fail-rust-panic "$root/tests/failing/rust-panic-dwarf.wasm"
for init in abort_init oob_init exit_init; do
    check_failure "fail-$init" --allow-wasi -f "$init" "$root/tests/failing/c-failing.wasm"
done
check_failure fail-loop --allow-wasi -f loop_init --fuel 1000000 \
    "$root/tests/failing/c-failing.wasm"
check_failure fail-cpp "$root/tests/failing/cpp-mangled.wasm"

# The npm package, installed from its tarball.
(cd npm && npm pack --silent --pack-destination "$work" >/dev/null)
if tar -tzf "$work"/wizer-lite-*.tgz | grep -qx 'package/LICENSE'; then
    passed=$((passed + 1))
else
    echo "FAIL pack: the npm package has no LICENSE"; failed=$((failed + 1))
fi
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
# A component through the package.
(cd "$work/app" && cp "$root/tests/components/rust-wasip2.wasm" . &&
    npx --no -- wizer-lite rust-wasip2.wasm -o component.wasm)
if cmp -s "$work/app/component.wasm" "$work/component-rust-wasip2.wasm.native.wasm"; then
    passed=$((passed + 1))
else
    echo "FAIL npx-component: the npm package's output differs"; failed=$((failed + 1))
fi
# A failing init through the package: the same report as the native build.
set +e
(cd "$work/app" && cp "$root/tests/failing/c-failing.wasm" . &&
    npx --no -- wizer-lite --allow-wasi -f abort_init c-failing.wasm -o c.out.wasm 2>c.err)
status=$?
set -e
if [ "$status" = 1 ] && cmp -s "$work/app/c.err" "$work/fail-abort_init.native.err"; then
    passed=$((passed + 1))
else
    echo "FAIL npx-failure: status $status: $(cat "$work/app/c.err")"; failed=$((failed + 1))
fi

echo "wasm-build: $passed passed, $failed failed"
[ "$failed" = 0 ]
