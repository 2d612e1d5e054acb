#!/usr/bin/env bash
# eth_estimateGas without a block tag estimates against the pending block, as
# anvil does: a second staker's queueWithdrawals in the block after the
# first's writes a new withdrawal-queue history entry, so an estimate made in
# the head block's context is short and cast's default send runs out of gas.
# Also: a type-1 transaction's access list is honoured by the estimate.
# Usage: tests/estimate_pending.sh path/to/restake
set -uo pipefail
NAME=estimate_pending
RESTAKE=${1:?usage: estimate_pending.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/anvil_lib.bash
[ -n "$CAST" ] || { echo "$NAME: SKIP: cast not found"; exit 77; }
start_node

A=${ACC[1]} AK=${KEY[1]} B=${ACC[5]} BK=${KEY[5]} OP=${ACC[2]} OPK=${KEY[2]}
check op-register 0x1 "$(send $OPK $DM 'registerAsOperator(address,uint32,string)' 0x0000000000000000000000000000000000000000 1 'https://x' | cut -d' ' -f1)"
for s in "$AK" "$BK"; do
  check approve 0x1 "$(send $s $TKA 'approve(address,uint256)' $SM 100$E18 | cut -d' ' -f1)"
  check deposit 0x1 "$(send $s $SM 'depositIntoStrategy(address,address,uint256)' $STRAT $TKA 100$E18 | cut -d' ' -f1)"
  check delegate 0x1 "$(send $s $DM 'delegateTo(address,(bytes,uint256),bytes32)' $OP '(0x,0)' 0x0000000000000000000000000000000000000000000000000000000000000000 | cut -d' ' -f1)"
done
QW='queueWithdrawals((address[],uint256[],address)[])'
first=$(send $AK $DM "$QW" "[([$STRAT],[10$E18],$A)]")
check first-queue 0x1 "$(cut -d' ' -f1 <<<"$first")"
# estimated with no block tag (what ethers' and viem's default sends ask),
# then sent with that limit exactly
DATA=$("$CAST" calldata "$QW" "[([$STRAT],[10$E18],$B)]")
est=$(jget "$(rpc eth_estimateGas "[{\"from\":\"$B\",\"to\":\"$DM\",\"data\":\"$DATA\"}]")" 'int(v,16)')
second=$(send $BK $DM "$QW" "[([$STRAT],[10$E18],$B)]" --gas-limit "$est")
check second-queue-with-estimate 0x1 "$(cut -d' ' -f1 <<<"$second")"
check second-queue-next-block $(( $(cut -d' ' -f3 <<<"$first") + 1 )) "$(cut -d' ' -f3 <<<"$second")"
# the estimate is the pending block's exact figure (the model charges exactly)
check estimate-equals-used "$est" "$(cut -d' ' -f2 <<<"$second")"

# ---- access lists: a type-1 tx estimated with its list -------------------
# Listing the DelegationManager (and a slot) costs 2400 + 1900 up front, so
# an estimate that ignores the list is short by exactly that.
AL="[{\"address\":\"$DM\",\"storageKeys\":[\"0x0000000000000000000000000000000000000000000000000000000000000001\"]}]"
DATA=$("$CAST" calldata "$QW" "[([$STRAT],[1$E18],$A)]")
call="{\"from\":\"$A\",\"to\":\"$DM\",\"data\":\"$DATA\",\"type\":\"0x1\",\"accessList\":$AL}"
plain="{\"from\":\"$A\",\"to\":\"$DM\",\"data\":\"$DATA\"}"
with=$(rpc eth_estimateGas "[$call]")
without=$(rpc eth_estimateGas "[$plain]")
check access-list-costs-4300 4300 "$(( $(jget "$with" 'int(v,16)') - $(jget "$without" 'int(v,16)') ))"
NONCE=$(rpc eth_getTransactionCount "[\"$A\",\"latest\"]")
signed=$("$CAST" mktx -r "$R" --private-key $AK --legacy --gas-limit "$(jget "$with" 'int(v,16)')" \
  --access-list "$AL" $DM "$QW" "[([$STRAT],[1$E18],$A)]" 2>&1)
# cast builds a type-1 tx when a legacy gas price and an access list are given
hash=$(rpc eth_sendRawTransaction "[\"$signed\"]")
rcpt=$(rpc eth_getTransactionReceipt "[$hash]")
check access-list-tx-type 0x1 "$(jget "$rcpt" 'v["type"]')"
check access-list-tx-succeeds 0x1 "$(jget "$rcpt" 'v["status"]')"
check access-list-tx-used-estimate "$(jget "$with" 'int(v,16)')" "$(jget "$rcpt" 'int(v["gasUsed"],16)')"
finish
