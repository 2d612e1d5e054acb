#!/usr/bin/env bash
# The websocket server on the JSON-RPC port, byte by byte (tests/ws_protocol.mjs,
# plain node without packages): handshake, framing, subscriptions, protocol
# errors, liveness pings and every websocket limit of include/restake/limits.h that a client
# can reach. Skipped (77) without node.
# Usage: tests/ws_protocol.sh path/to/restake
set -uo pipefail
NAME=ws_protocol
RESTAKE=${1:?usage: ws_protocol.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
command -v node >/dev/null || { echo "$NAME: SKIP: node not found"; exit 77; }
. tests/anvil_lib.bash
start_node --in-memory
timeout 300 node tests/ws_protocol.mjs "$PORT" || { FAILS=1; echo "$NAME: failed (node log: $LOG)" >&2; exit 1; }
