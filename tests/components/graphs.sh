#!/usr/bin/env bash
# Runs N generated component graphs (default 5000) from seed S (default
# 1000, past the 300 `cargo test` runs) through tests/component_graphs.rs,
# in a release build, and prints how many were snapshotted, wrong and
# refused, with each refusal's reason.
# Usage: tests/components/graphs.sh [N [S]]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d tests/components/node_modules/@bytecodealliance/jco ] ||
    npm ci --prefix tests/components --no-audit --no-fund --loglevel=error
GRAPHS="${1:-5000}" GRAPH_SEED="${2:-1000}" cargo test --release --test component_graphs \
    generated -- --nocapture
