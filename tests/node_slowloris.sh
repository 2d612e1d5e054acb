#!/usr/bin/env bash
# A few hundred idle or slow sockets cannot exhaust the node: while 512
# silent sockets and 1,000 slowloris connections (a header byte a second,
# reconnecting when closed) are held on loopback for 20 s, a well-behaved
# client's eth_blockNumber keeps answering within 1 s every time.
# Usage: tests/node_slowloris.sh path/to/restake
set -uo pipefail
RESTAKE=${1:?usage: node_slowloris.sh path/to/restake}
cd "$(dirname "$0")/.."
command -v python3 >/dev/null || { echo "node_slowloris: SKIP: python3 not found"; exit 77; }
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge 2048 ] || { echo "node_slowloris: SKIP: cannot raise the fd limit"; exit 77; }
WORK=$(mktemp -d /tmp/restake_slowloris.XXXXXX)
NODE=
cleanup() { [ -n "$NODE" ] && kill -9 "$NODE" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
"$RESTAKE" devnet --port 0 --quiet >"$WORK/node.log" 2>&1 &
NODE=$!
for _ in $(seq 400); do grep -q "Listening on" "$WORK/node.log" && break; sleep 0.05; done
PORT=$(sed -n 's/.*Listening on .*:\([0-9]*\)$/\1/p' "$WORK/node.log")
[ -n "$PORT" ] || { cat "$WORK/node.log" >&2; exit 1; }
python3 tests/slow_clients.py "$PORT" 512 1000 "${SLOWLORIS_SECONDS:-20}"
rc=$?
kill "$NODE"; wait "$NODE" 2>/dev/null; NODE=
exit "$rc"
