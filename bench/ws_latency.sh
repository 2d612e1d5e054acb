#!/usr/bin/env bash
# WebSocket request and notification latency on a fresh in-memory devnet
# (bench/ws_latency.mjs; needs node and tests/js/node_modules). Prints the figures.
# Usage: bench/ws_latency.sh path/to/restake
set -uo pipefail
RESTAKE=${1:?usage: ws_latency.sh path/to/restake}
cd "$(dirname "$0")/.."
LOG=$(mktemp /tmp/restake_wsbench.XXXXXX)
PORT=$((20000 + RANDOM % 20000))
"$RESTAKE" devnet --in-memory --port "$PORT" --quiet >"$LOG" 2>&1 &
NODE=$!
trap 'kill $NODE 2>/dev/null; wait $NODE 2>/dev/null; rm -f "$LOG"' EXIT
for _ in $(seq 100); do grep -q "Listening on" "$LOG" && break; sleep 0.1; done
node bench/ws_latency.mjs "$PORT"
