#!/usr/bin/env bash
# scripts/devnet: a fresh chain on every start (the README's session must
# work on a second start), --keep reuses it, and node flags such as
# --in-memory pass through. Runs the built binary (RESTAKE_BIN), so no
# install or build happens here.
# Usage: tests/devnet_script.sh path/to/restake
set -uo pipefail
RESTAKE=$(cd "$(dirname "${1:?usage: devnet_script.sh path/to/restake}")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.." || exit 1
. tests/lib/node.sh
. tests/lib/check.sh
WORK=$(mktemp -d /tmp/restake_devnet_script.XXXXXX)
cp -r scripts "$WORK/"
cd "$WORK" || exit 1
stop() { node_stop; }
trap 'stop; rm -rf "$WORK"' EXIT
start() { # flags...
  R=
  node_start log env RESTAKE_BIN="$RESTAKE" scripts/devnet --quiet "$@" && R=$NODE_URL
}
rpc() { curl -s -H 'content-type: application/json' -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}" "$R"; }
num() { rpc eth_blockNumber '[]' | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["result"],16))'; }

start
rpc anvil_mine '["0x3"]' >/dev/null
check first-start-mined 3 "$(num)"
check data-dir-made yes "$([ -d devnet-data ] && echo yes || echo no)"
stop
start
check second-start-fresh 0 "$(num)"
rpc anvil_mine '["0x2"]' >/dev/null
stop
start --keep
check keep-reuses 2 "$(num)"
stop
start --in-memory
check in-memory-starts 0 "$(num)"
check in-memory-durability yes "$(grep -q 'in memory' log && echo yes || echo no)"
stop
checks_done
