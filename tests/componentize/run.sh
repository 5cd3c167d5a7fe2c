#!/usr/bin/env bash
# ComponentizeJS end to end with wizer-lite as its `--wizer-bin`: each
# program in programs/ is componentized (ComponentizeJS splices its
# SpiderMonkey embedding and runs the wizer on it with the program), the
# component is transpiled by jco and run under Node, and its `run()` must
# return what the same JavaScript returns under Node. `throws` must fail
# the build with its error shown and leave no output behind. The small
# program is built once more with the npm package (the wasm build under
# Node's WASI) as the wizer. Pinned versions: package.json and
# package-lock.json. Prints `componentize: N passed, N failed`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

cargo build --quiet --release --bin wizer-lite
native=$root/target/release/wizer-lite
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
componentize=$here/node_modules/.bin/componentize-js
jco=$here/node_modules/.bin/jco

# Beside node_modules, so that the transpiled components find jco's
# preview2-shim.
work=$(mktemp -d "$here/work.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
fail() {
    echo "FAIL $1"
    failed=$((failed + 1))
}

# build NAME WIZER: componentize programs/NAME with WIZER into $work/NAME.
build() {
    local name=$1 wizer=$2
    mkdir -p "$work/$name"
    cp "$here/programs/$name"/* "$work/$name/"
    (cd "$work/$name" && "$componentize" --wit world.wit --world-name program \
        --wizer-bin "$wizer" -o component.wasm main.js) >"$work/$name.log" 2>&1
}

# check NAME WIZER: build, transpile and run; compare with plain Node.
check() {
    local name=$1 wizer=$2 label=${3:-$1}
    if ! build "$name" "$wizer"; then
        fail "$label: the build failed: $(tail -5 "$work/$name.log")"
        return
    fi
    if ! "$jco" transpile "$work/$name/component.wasm" --name component \
        -o "$work/$name/out" >"$work/$name.jco.log" 2>&1; then
        fail "$label: jco transpile failed: $(tail -5 "$work/$name.jco.log")"
        return
    fi
    echo '{"type":"module"}' >"$work/$name/out/package.json"
    if result=$(node "$here/check.mjs" "$work/$name/out" "$work/$name" 2>&1); then
        echo "ok $label: $result"
        passed=$((passed + 1))
    else
        fail "$label: $result"
    fi
}

check small "$native"
check work "$native"
check file "$native"

# The top level throws: the build fails, the error reaches the user, and
# nothing is left where the component would be.
if build throws "$native"; then
    fail "throws: the build succeeded"
elif ! grep -q "configuration missing: set it before building" "$work/throws.log"; then
    fail "throws: the JavaScript error is not in the output: $(tail -5 "$work/throws.log")"
elif [ -e "$work/throws/component.wasm" ]; then
    fail "throws: a component was left behind"
else
    echo "ok throws: the build failed with the JavaScript error"
    passed=$((passed + 1))
fi

# No native code in the chain: the npm package's launcher runs the wasm
# build of wizer-lite under Node.
cargo build --quiet --release --target wasm32-wasip1 --bin wizer-lite
cp target/wasm32-wasip1/release/wizer-lite.wasm npm/wizer-lite.wasm
rm -rf "$work/small"
check small "$root/npm/bin/wizer-lite.js" "small (npm package)"

echo "componentize: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
