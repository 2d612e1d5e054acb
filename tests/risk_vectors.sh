#!/usr/bin/env bash
# The two sources of the risk reports agree on the conformance vectors'
# states (docs/risk.md): for each vector (to its end and to a middle step
# where allocations are pending) a fresh `restake devnet --in-memory
# --genesis VECTOR`, the vector replayed over RPC with the state left in
# place (`restake conformance --rpc URL --keep-state`), then for every
# staker (`restake risk stakers`), every operator (OperatorRegistered logs
# and the stakers' operators) and every operator set (OperatorSetCreated
# logs), `restake risk … --json --rpc URL` (eth_call) must equal `--node`
# (in-process) byte for byte once "source" is removed.
# Usage: tests/risk_vectors.sh path/to/restake   (cast from $CAST or PATH)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/skip.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/node.sh"
RESTAKE=${1:?usage: risk_vectors.sh path/to/restake}
CAST=${CAST:-$(command -v cast || true)}
if [ -z "$CAST" ] || ! "$CAST" --version >/dev/null 2>&1; then
  skip risk_vectors "cast not found (scripts/install-deps installs it)"
fi
cd "$(dirname "$0")/.."
VECTORS=${RESTAKE_VECTORS:-../shared/conformance}
[ -d "$VECTORS" ] || skip risk_vectors "vector directory $VECTORS not found"

TMP=$(mktemp -d /tmp/restake_risk_vectors.XXXXXX)
trap 'node_stop; rm -rf "$TMP"' EXIT
FAILS=0
COMPARED=0

# the report of `risk ARGS` through both sources, "source" removed: equal
same() { # args...
  "$RESTAKE" risk "$@" --rpc "$NODE_URL" --json >"$TMP/rpc.json" 2>"$TMP/rpc.err"
  local rc1=$?
  "$RESTAKE" risk "$@" --rpc "$NODE_URL" --node --json >"$TMP/node.json" 2>"$TMP/node.err"
  local rc2=$?
  if [ "$rc1 $rc2" != "0 0" ]; then
    echo "risk_vectors: FAIL risk $*: exit statuses $rc1 $rc2" >&2
    cat "$TMP/rpc.err" "$TMP/node.err" >&2
    FAILS=$((FAILS + 1))
    return
  fi
  strip() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("source"); print(json.dumps(d, indent=1))' "$1"; }
  if [ "$(strip "$TMP/rpc.json")" == "$(strip "$TMP/node.json")" ]; then COMPARED=$((COMPARED + 1)); else
    echo "risk_vectors: FAIL risk $*: the reports differ:" >&2
    diff <(strip "$TMP/rpc.json") <(strip "$TMP/node.json") | head -20 >&2
    FAILS=$((FAILS + 1))
  fi
}

# every log of `event` emitted by `address`, as JSON
logs() { # address event-signature
  "$CAST" rpc -r "$NODE_URL" eth_getLogs \
    "{\"fromBlock\":\"0x0\",\"toBlock\":\"latest\",\"address\":\"$1\",\"topics\":[\"$("$CAST" keccak "$2")\"]}"
}

one() { # vector step(-1: all)
  local vec=$1 step=$2 args=()
  [ "$step" -ge 0 ] && args=(--step "$step")
  node_start "$TMP/node.log" "$RESTAKE" devnet --in-memory --genesis "$vec" --quiet || { FAILS=$((FAILS + 1)); return; }
  if ! "$RESTAKE" conformance --rpc "$NODE_URL" --keep-state --quiet "${args[@]}" "$vec" >"$TMP/replay" 2>&1; then
    echo "risk_vectors: FAIL replay of $vec:" >&2
    cat "$TMP/replay" >&2
    FAILS=$((FAILS + 1))
  fi
  local before=$COMPARED
  "$CAST" rpc -r "$NODE_URL" restake_addresses >"$TMP/addresses.json"
  local dm am
  dm=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["delegationManager"])' "$TMP/addresses.json")
  am=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["allocationManager"])' "$TMP/addresses.json")
  logs "$dm" 'OperatorRegistered(address,address)' >"$TMP/ops.json"
  logs "$am" 'OperatorSetCreated((address,uint32))' >"$TMP/sets.json"
  "$RESTAKE" risk stakers --rpc "$NODE_URL" --node --json >"$TMP/all.json" 2>/dev/null
  python3 - "$TMP" >"$TMP/list" <<'EOF'
import json, sys
t = sys.argv[1]
stakers = [s["staker"] for s in json.load(open(t + "/all.json"))["stakers"]]
ops = {"0x" + l["topics"][1][-40:] for l in json.load(open(t + "/ops.json"))}
ops |= {s["operator"] for s in json.load(open(t + "/all.json"))["stakers"] if s["operator"]}
sets = {("0x" + l["data"][26:66], int(l["data"][66:130], 16)) for l in json.load(open(t + "/sets.json"))}
for s in stakers: print("staker", s)
for o in sorted(ops): print("operator", o)
for a, i in sorted(sets): print("set", "%s:%d" % (a, i))
for a in sorted({a for a, _ in sets}): print("avs", a)
EOF
  # the replayed state stayed in place: the vector's stakers are there
  if ! grep -q '^staker' "$TMP/list"; then
    echo "risk_vectors: FAIL $vec through step $step: no stakers (was the state kept?)" >&2
    FAILS=$((FAILS + 1))
  fi
  while read -r kind who; do same "$kind" "$who"; done <"$TMP/list"
  same stakers
  echo "risk_vectors: $(basename "$vec") through step $step: $((COMPARED - before)) reports compared" \
    "($(grep -c '^staker' "$TMP/list") stakers, $(grep -c '^operator' "$TMP/list") operators," \
    "$(grep -c '^set' "$TMP/list") sets, $(grep -c '^avs' "$TMP/list") AVSs, and the all report)"
  node_stop
}

"$RESTAKE" conformance --keep-state "$VECTORS/slashing_0001.json" >/dev/null 2>"$TMP/err"
RC=$?
if [ "$RC $(cat "$TMP/err")" != "2 restake conformance: --keep-state needs --rpc and exactly one vector file" ]; then
  echo "risk_vectors: FAIL --keep-state without --rpc: $RC $(cat "$TMP/err")" >&2
  FAILS=$((FAILS + 1))
fi

one "$VECTORS/slashing_0001.json" 40
one "$VECTORS/slashing_0001.json" -1
one "$VECTORS/avs/avs_0001.json" 55
one "$VECTORS/avs/avs_0001.json" -1
one "$VECTORS/vault/vault_0001.json" 124
one "$VECTORS/vault/vault_0001.json" -1

echo "risk_vectors: $COMPARED reports compared byte for byte, $FAILS failed"
[ "$FAILS" == 0 ] && [ "$COMPARED" -gt 0 ]
