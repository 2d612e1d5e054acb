#!/usr/bin/env bash
# A few hundred idle or slow sockets cannot exhaust the node: while 512
# silent sockets and 1,000 slowloris connections (a header byte a second,
# reconnecting when closed) are held on loopback for 20 s, a well-behaved
# client's eth_blockNumber keeps answering within 1 s every time.
# Usage: tests/node_slowloris.sh path/to/restake
set -uo pipefail
RESTAKE=${1:?usage: node_slowloris.sh path/to/restake}
cd "$(dirname "$0")/.."
. tests/lib/node.sh
command -v python3 >/dev/null || { echo "node_slowloris: SKIP: python3 not found"; exit 77; }
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge 2048 ] || { echo "node_slowloris: SKIP: cannot raise the fd limit"; exit 77; }
WORK=$(mktemp -d /tmp/restake_slowloris.XXXXXX)
NODE=
cleanup() { [ -n "$NODE" ] && kill -9 "$NODE" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
node_start "$WORK/node.log" "$RESTAKE" devnet --quiet || exit 1
NODE=$NODE_PID
python3 tests/slow_clients.py "$NODE_PORT" 512 1000 "${SLOWLORIS_SECONDS:-20}"
rc=$?
kill "$NODE"; wait "$NODE" 2>/dev/null; NODE=
exit "$rc"
