#!/usr/bin/env bash
# One process per data directory: a second `restake devnet --data DIR` is
# refused at start with a message naming the holder's pid, and the first
# keeps serving; after the first exits, the directory opens again.
# Usage: tests/node_lock.sh path/to/restake
set -uo pipefail
RESTAKE=${1:?usage: node_lock.sh path/to/restake}
cd "$(dirname "$0")/.."
. tests/lib/node.sh
command -v curl >/dev/null || { echo "node_lock: SKIP: curl not found"; exit 77; }
WORK=$(mktemp -d /tmp/restake_lock.XXXXXX)
NODE=
cleanup() { [ -n "$NODE" ] && kill -9 "$NODE" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
start() { node_start "$WORK/node.log" "$RESTAKE" devnet --data "$WORK/data" --quiet && NODE=$NODE_PID; }
FAIL=0
start || { echo "node_lock: first node did not start" >&2; exit 1; }
out=$(timeout 20 "$RESTAKE" devnet --data "$WORK/data" --port 0 --quiet 2>&1)
rc=$?
if [ "$rc" = 0 ] || ! echo "$out" | grep -q "in use by another restake process (pid $NODE)"; then
  echo "node_lock: second process not refused with the holder's pid (rc $rc): $out" >&2
  FAIL=1
fi
curl -s --max-time 10 -H 'content-type: application/json' \
  -d '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}' "$NODE_URL" | grep -q result ||
  { echo "node_lock: first node stopped serving" >&2; FAIL=1; }
kill "$NODE"; wait "$NODE" 2>/dev/null; NODE=
start || { echo "node_lock: directory not reusable after the holder exited" >&2; FAIL=1; }
[ "$FAIL" = 0 ] && echo "node_lock: second process refused: $out"
exit "$FAIL"
