#!/usr/bin/env bash
# The start-up banner lists every core contract, predeploy, token and
# strategy address of the genesis (not three), each once, checksummed.
# Usage: tests/devnet_banner.sh path/to/restake
set -uo pipefail
NAME=devnet_banner
RESTAKE=${1:?usage: devnet_banner.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/anvil_lib.bash
# not start_node: the banner is wanted in full (no --quiet)
node_start "$LOG" "$RESTAKE" devnet || exit 1
NODE=$NODE_PID
# every genesis address but implementations, placeholders and the empty contract
missing=$(python3 - "$LOG" <<'PY'
import json, sys
banner = open(sys.argv[1]).read()
c = json.load(open("genesis/devnet.json"))["genesis"]["contracts"]
want = {k: v for k, v in c.items() if not k.startswith("impl_") and "Placeholder" not in k and k != "EmptyContract"}
print(len(want), " ".join(k for k, v in sorted(want.items()) if banner.count(v) != 1))
PY
)
check every-address-once "31 " "$missing"
check strategy-line "strategy TKA:                   0xBfab43aF3dA407a51114813d462f25017462e94a" "$(grep '^strategy TKA:' "$LOG")"
check token-line "token TKD:                      0x979A018472e9b6c8C00dfcA13d184f1368758e2F" "$(grep '^token TKD:' "$LOG")"
finish
