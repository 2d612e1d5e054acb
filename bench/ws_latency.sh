#!/usr/bin/env bash
# WebSocket request and notification latency on a fresh in-memory devnet
# (bench/ws_latency.mjs; needs node and tests/js/node_modules). Prints the figures.
# Usage: bench/ws_latency.sh path/to/restake
set -uo pipefail
RESTAKE=${1:?usage: ws_latency.sh path/to/restake}
cd "$(dirname "$0")/.."
. tests/lib/node.sh
LOG=$(mktemp /tmp/restake_wsbench.XXXXXX)
trap 'node_stop; rm -f "$LOG"' EXIT
node_start "$LOG" "$RESTAKE" devnet --in-memory --quiet || exit 1
node bench/ws_latency.mjs "$NODE_PORT"
