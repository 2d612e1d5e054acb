#!/usr/bin/env bash
# The JavaScript clients a developer reaches for first, against a fresh
# in-memory devnet each: tests/js/ethers.test.mjs (ethers 6) and
# tests/js/viem.test.mjs (viem 2), over HTTP and WebSockets on the same port.
# Skipped (77) when node or tests/js/node_modules is missing
# (scripts/install-deps installs them with npm ci).
# Usage: tests/js_clients.sh path/to/restake
set -uo pipefail
NAME=js_clients
RESTAKE=${1:?usage: js_clients.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
command -v node >/dev/null || { echo "$NAME: SKIP: node not found"; exit 77; }
for m in ethers viem; do
  [ -f tests/js/node_modules/$m/package.json ] ||
    { echo "$NAME: SKIP: tests/js/node_modules/$m missing (run scripts/install-deps)"; exit 77; }
done
. tests/anvil_lib.bash
rc=0
for suite in ethers viem; do
  start_node --in-memory
  timeout 300 node tests/js/$suite.test.mjs "$R" || { echo "$NAME: $suite suite failed (node log: $LOG)" >&2; rc=1; FAILS=1; }
done
stop_node
[ $rc = 0 ] && echo "$NAME: ok"
exit $rc
