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

TMP=$(mktemp -d /tmp/restake_risk_sources.XXXXXX)
"$RESTAKE" devnet --port 0 --quiet >"$TMP/log" 2>&1 &
NODE=$!
trap 'kill $NODE 2>/dev/null; wait $NODE 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 150); do grep -q "Listening on" "$TMP/log" && break; sleep 0.1; done
R=http://$(sed -nE 's/.*Listening on ([0-9.]+:[0-9]+).*/\1/p' "$TMP/log" | head -1)
[ "$R" != "http://" ] || { echo "risk_sources: node did not start:"; cat "$TMP/log"; exit 1; }

FAILS=0
PASSES=0
check() { # name expected actual
  if [ "$2" == "$3" ]; then PASSES=$((PASSES + 1)); else
    echo "risk_sources: FAIL $1: expected '$2', got '$3'" >&2; FAILS=$((FAILS + 1)); fi
}
tx() { # key to sig args...
  local out
  out=$("$CAST" send -r "$R" --private-key "$@" --json 2>&1)
  check "tx $3" 0x1 "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' <<<"$out" 2>/dev/null)"
}
mine() { "$CAST" rpc anvil_mine "$("$CAST" to-hex "$1")" -r "$R" >/dev/null; }

DM=0x86e5731091Fec2486F072c243dbFd26Bbb5ED38E
SM=0xd58da4c0A453d6E94B392c9404c96260B977B888
AM=0xabe61708FE3b1b18B4A9fB88061d715f1bC1757c
REGISTRAR=0x836F1364fd3746ebD15A005006a34C43F4AE6e43
TKA=0x7b759530bc34393C7275cd91C848069947097906
STRAT=0xBfab43aF3dA407a51114813d462f25017462e94a
ZERO=0x0000000000000000000000000000000000000000
ZERO32=0x0000000000000000000000000000000000000000000000000000000000000000
STAKER=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
STAKER_KEY=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
OPERATOR=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
OPERATOR_KEY=0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a
AVS=0x90F79bf6EB2c4f870365E785982E1f101E93b906
AVS_KEY=0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6
RECIPIENT=0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65
SLASHER=0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc
STAKER2=0x976EA74026E726554dB657fA54763abd0C3a0aa9
STAKER2_KEY=0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e
E18=000000000000000000

# ---- the scenario ----------------------------------------------------------
tx $STAKER_KEY $TKA 'approve(address,uint256)' $SM 100$E18
tx $STAKER_KEY $SM 'depositIntoStrategy(address,address,uint256)' $STRAT $TKA 100$E18
tx $STAKER2_KEY $TKA 'approve(address,uint256)' $SM 50$E18
tx $STAKER2_KEY $SM 'depositIntoStrategy(address,address,uint256)' $STRAT $TKA 50$E18
tx $OPERATOR_KEY $DM 'registerAsOperator(address,uint32,string)' $ZERO 5 https://op.invalid
tx $STAKER_KEY $DM 'delegateTo(address,(bytes,uint256),bytes32)' $OPERATOR "(0x,0)" $ZERO32
tx $AVS_KEY $AM 'updateAVSMetadataURI(address,string)' $AVS https://avs.invalid
tx $AVS_KEY $AM 'setAVSRegistrar(address,address)' $AVS $REGISTRAR
tx $AVS_KEY $AM 'createRedistributingOperatorSets(address,(uint32,address[],address)[],address[])' \
  $AVS "[(1,[$STRAT],$AVS)]" "[$RECIPIENT]"
tx $AVS_KEY $AM 'createOperatorSets(address,(uint32,address[],address)[])' $AVS "[(2,[$STRAT],$SLASHER)]"
tx $OPERATOR_KEY $AM 'registerForOperatorSets(address,(address,uint32[],bytes))' $OPERATOR "($AVS,[1,2],0x)"
tx $OPERATOR_KEY $AM 'modifyAllocations(address,((address,uint32),address[],uint64[])[])' $OPERATOR \
  "[(($AVS,1),[$STRAT],[500000000000000000])]"
mine 6
# a pending deallocation in set 1 and a pending allocation in set 2
tx $OPERATOR_KEY $AM 'modifyAllocations(address,((address,uint32),address[],uint64[])[])' $OPERATOR \
  "[(($AVS,1),[$STRAT],[300000000000000000]),(($AVS,2),[$STRAT],[400000000000000000])]"
# STAKER2 delegates after the allocations
tx $STAKER2_KEY $DM 'delegateTo(address,(bytes,uint256),bytes32)' $OPERATOR "(0x,0)" $ZERO32
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
