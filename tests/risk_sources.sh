#!/usr/bin/env bash
# The two sources of the risk reports give the same figures (docs/risk.md):
# on `restake devnet`, a scenario is built with cast (deposits, delegation,
# a redistributing and a burning operator set, allocations, a pending
# allocation and a pending deallocation), then every `restake risk … --json`
# read through eth_call/eth_getLogs (--rpc) must equal the node's own
# in-process report (--node) byte for byte once "source" is removed.
# Usage: tests/risk_sources.sh path/to/restake   (cast from $CAST or PATH)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/skip.sh"
RESTAKE=${1:?usage: risk_sources.sh path/to/restake}
CAST=${CAST:-$(command -v cast || true)}
if [ -z "$CAST" ] || ! "$CAST" --version >/dev/null 2>&1; then
  skip risk_sources "cast not found (scripts/install-deps installs it)"
fi
cd "$(dirname "$0")/.."

. tests/lib/node.sh

TMP=$(mktemp -d /tmp/restake_risk_sources.XXXXXX)
trap 'node_stop; rm -rf "$TMP"' EXIT
node_start "$TMP/log" "$RESTAKE" devnet --quiet || { echo "risk_sources: node did not start" >&2; exit 1; }
R=$NODE_URL

FAILS=0
PASSES=0
check() { # name expected actual
  if [ "$2" == "$3" ]; then PASSES=$((PASSES + 1)); else
    echo "risk_sources: FAIL $1: expected '$2', got '$3'" >&2; FAILS=$((FAILS + 1)); fi
}

# ---- the scenario (shared with tests/risk_html.sh) ---------------------------
. tests/lib/risk_scenario.bash
# a pending slasher for set 2, a pending allocation delay, and shares in the
# withdrawal queue (still slashable: the drain bound counts them)
tx $AVS_KEY $AM 'updateSlasher((address,uint32),address)' "($AVS,2)" $RECIPIENT
tx $OPERATOR_KEY $AM 'setAllocationDelay(address,uint32)' $OPERATOR 7
tx $STAKER_KEY $DM 'queueWithdrawals((address[],uint256[],address)[])' "[([$STRAT],[10$E18],$STAKER)]"

# ---- the two sources ---------------------------------------------------------
# every report through the views (--rpc) and through the node (--node), with
# "source" removed, must be the same bytes
same() { # name args...
  local name=$1; shift
  "$RESTAKE" risk "$@" --rpc "$R" --json >"$TMP/rpc.json" 2>"$TMP/rpc.err"
  local rc1=$?
  "$RESTAKE" risk "$@" --rpc "$R" --node --json >"$TMP/node.json" 2>"$TMP/node.err"
  local rc2=$?
  check "$name: exit statuses" "0 0" "$rc1 $rc2"
  [ $rc1 == 0 ] || cat "$TMP/rpc.err" >&2
  [ $rc2 == 0 ] || cat "$TMP/node.err" >&2
  check "$name: sources" "rpc node" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["source"], json.load(open(sys.argv[2]))["source"])' "$TMP/rpc.json" "$TMP/node.json" 2>&1)"
  strip() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("source"); print(json.dumps(d, indent=1))' "$1"; }
  if [ "$(strip "$TMP/rpc.json")" == "$(strip "$TMP/node.json")" ]; then PASSES=$((PASSES + 1)); else
    echo "risk_sources: FAIL $name: the reports differ:" >&2
    diff <(strip "$TMP/rpc.json") <(strip "$TMP/node.json") | head -20 >&2
    FAILS=$((FAILS + 1))
  fi
}
same "staker" staker $STAKER
same "staker2" staker $STAKER2
same "idle account" staker $SLASHER
same "operator" operator $OPERATOR
same "set 1 (redistributing)" set $AVS:1
same "set 2 (burning, pending allocation)" set $AVS:2
same "avs" avs $AVS
same "every staker" stakers
same "whatif now" whatif $AVS:1 $OPERATOR $STRAT=500000000000000000
same "whatif at the deallocation" whatif $AVS:1 $OPERATOR $STRAT=1000000000000000000 --at-block 40
same "whatif set 2" whatif $AVS:2 $OPERATOR $STRAT=250000000000000000 --at-block 30
BLOCK=$("$CAST" block-number -r "$R")
mine 3
same "staker at an earlier block" staker $STAKER --block "$BLOCK"
same "set at an earlier block" set $AVS:1 --block "$BLOCK"

# a figure of the report against the canonical view it is defined by
"$RESTAKE" risk set $AVS:1 --rpc "$R" --json >"$TMP/set.json"
check "set 1 slashable = getMinimumSlashableStake" \
  "$("$CAST" call -r "$R" $AM 'getMinimumSlashableStake((address,uint32),address[],address[],uint32)(uint256[][])' "($AVS,1)" "[$OPERATOR]" "[$STRAT]" "$("$CAST" block-number -r "$R")" | grep -oE '[0-9]{2,}' | head -1)" \
  "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["strategies"][0]["slashableShares"])' "$TMP/set.json")"
# progress on stderr, errors precise
"$RESTAKE" risk stakers --rpc "$R" --json >/dev/null 2>"$TMP/progress"
check "progress line" yes "$(grep -qE '^risk: [0-9]+/[0-9]+ stakers$' "$TMP/progress" && echo yes || cat "$TMP/progress")"
"$RESTAKE" risk set $AVS:9 --rpc "$R" --json >/dev/null 2>"$TMP/err"
RC=$?
check "unknown set (rpc)" "1 restake risk: unknown operator set: avs $(echo $AVS | tr A-F a-f) has no operator set 9" "$RC $(cat "$TMP/err")"
"$RESTAKE" risk set $AVS:9 --rpc "$R" --node --json >/dev/null 2>"$TMP/err"
RC=$?
check "unknown set (node)" "1 restake risk: restake_riskSet: unknown operator set: avs $(echo $AVS | tr A-F a-f) has no operator set 9" "$RC $(cat "$TMP/err")"
"$RESTAKE" risk staker 0x12 --rpc "$R" >/dev/null 2>&1
check "bad address" 1 "$?"
"$RESTAKE" risk bogus --rpc "$R" >/dev/null 2>&1
check "unknown report" 2 "$?"

# the drain bound of set 2 (with 10e18 shares in the withdrawal queue) is
# what its slasher really takes by slashing the operator 100%
SLASHER_KEY=0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba
"$RESTAKE" risk set $AVS:2 --rpc "$R" --json >"$TMP/set2.json"
tx $SLASHER_KEY $AM 'slashOperator(address,(address,uint32,address[],uint256[],string))' $AVS \
  "($OPERATOR,2,[$STRAT],[1000000000000000000],drain)"
check "drain bound = the escrowed shares of a 100% slash" \
  "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["drain"][0]["total"][0]["shares"])' "$TMP/set2.json")" \
  "$("$CAST" call -r "$R" $SM 'getBurnOrRedistributableShares((address,uint32),uint256,address)(uint256)' "($AVS,2)" 1 $STRAT | grep -oE '^[0-9]+')"

echo "risk_sources: $PASSES passed, $FAILS failed"
[ "$FAILS" == 0 ]
