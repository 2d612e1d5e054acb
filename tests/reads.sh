#!/usr/bin/env bash
# eth_createAccessList, eth_fillTransaction and eth_getProof as the devnet
# answers them (docs/devnet.md), with exact values.
# Usage: tests/reads.sh path/to/restake
set -uo pipefail
NAME=reads
RESTAKE=${1:?usage: reads.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/anvil_lib.bash
start_node
TKA=0x7b759530bc34393C7275cd91C848069947097906
STRAT=0xBfab43aF3dA407a51114813d462f25017462e94a
pad() { printf '%064s' "${1#0x}" | tr ' ' 0; }
DEPOSIT="0xe7a050aa$(pad $STRAT)$(pad $TKA)$(pad de0b6b3a7640000)"
h=$(rpc eth_sendTransaction "[{\"from\":\"${ACC[0]}\",\"to\":\"$TKA\",\"data\":\"0x095ea7b3$(pad $SM)$(pad ffffffffffffffffffff)\"}]")
check approve 0x1 "$(jget "$(rpc eth_getTransactionReceipt "[$h]")" 'v["status"]')"

# ---- eth_createAccessList: native contracts have no EVM slots and make no
# call frames of their own: an empty list; gasUsed = eth_estimateGas
est=$(rpc eth_estimateGas "[{\"from\":\"${ACC[0]}\",\"to\":\"$SM\",\"data\":\"$DEPOSIT\"}]")
check estimate '"0x140ea"' "$est"
check access-list '{"accessList":[],"gasUsed":"0x140ea"}' \
  "$(rpc eth_createAccessList "[{\"from\":\"${ACC[0]}\",\"to\":\"$SM\",\"data\":\"$DEPOSIT\"}]")"
check access-list-latest '{"accessList":[],"gasUsed":"0x140ea"}' \
  "$(rpc eth_createAccessList "[{\"from\":\"${ACC[0]}\",\"to\":\"$SM\",\"data\":\"$DEPOSIT\"},\"latest\"]")"
check access-list-revert '{"accessList":[],"gasUsed":"0x6018","error":"execution reverted: ERC20: insufficient allowance"}' \
  "$(rpc eth_createAccessList "[{\"from\":\"${ACC[1]}\",\"to\":\"$SM\",\"data\":\"$DEPOSIT\"}]")"
check access-list-transfer '{"accessList":[],"gasUsed":"0x5208"}' \
  "$(rpc eth_createAccessList "[{\"from\":\"${ACC[0]}\",\"to\":\"${ACC[1]}\",\"value\":\"0x1\"}]")"
check access-list-bad-tag "error -32602 invalid params: block tag (latest or pending)" \
  "$(rpc eth_createAccessList "[{\"from\":\"${ACC[0]}\",\"to\":\"${ACC[1]}\"},\"0x0\"]")"
check access-list-create "error -32000 contract creation is not supported: the core contracts are predeployed" \
  "$(rpc eth_createAccessList "[{\"from\":\"${ACC[0]}\",\"data\":\"0x00\"}]")"

# ---- eth_fillTransaction: nonce (pending), gas (the estimate), fees, chain id
f=$(rpc eth_fillTransaction "[{\"from\":\"${ACC[0]}\",\"to\":\"$SM\",\"data\":\"$DEPOSIT\"}]")
check fill-tx "0x2 0x1 0x140ea 0xb2d05e00 0x3b9aca00 0x7a69 0x0 0x0 0x0 []" \
  "$(jget "$f" '" ".join(str(v["tx"][k]) for k in ["type","nonce","gas","maxFeePerGas","maxPriorityFeePerGas","chainId","r","s","yParity","accessList"])')"
check fill-raw 0x02f892827a6901843b9aca0084b2d05e00830140ea94d58da4c0a453d6e94b392c9404c96260b977b88880b864e7a050aa000000000000000000000000bfab43af3da407a51114813d462f25017462e94a0000000000000000000000007b759530bc34393c7275cd91c8480699470979060000000000000000000000000000000000000000000000000de0b6b3a7640000c0808080 \
  "$(jget "$f" 'v["raw"]')"
# the filled fields, signed by cast with the same key, are a valid transaction
if [ -n "$CAST" ]; then
  raw=$("$CAST" mktx --private-key "${KEY[0]}" -r "$R" --nonce 1 --gas-limit 0x140ea --priority-gas-price 1000000000 \
        --gas-price 3000000000 "$SM" "$DEPOSIT" 2>&1)
  h=$(rpc eth_sendRawTransaction "[\"$raw\"]")
  check fill-then-send 0x1 "$(jget "$(rpc eth_getTransactionReceipt "[$h]")" 'v["status"]')"
fi
f=$(rpc eth_fillTransaction "[{\"from\":\"${ACC[0]}\",\"to\":\"${ACC[1]}\",\"gasPrice\":\"0x3b9aca00\",\"nonce\":\"0x7\"}]")
check fill-legacy "0x0 0x7 0x5208 0x3b9aca00" "$(jget "$f" '" ".join(v["tx"][k] for k in ["type","nonce","gas","gasPrice"])')"
check fill-no-from "error -32602 invalid params: from is required" "$(rpc eth_fillTransaction "[{\"to\":\"${ACC[1]}\"}]")"
check fill-revert "error 3 execution reverted: ERC20: insufficient allowance" \
  "$(rpc eth_fillTransaction "[{\"from\":\"${ACC[1]}\",\"to\":\"$SM\",\"data\":\"$DEPOSIT\"}]")"
check fill-type-3 "error -32602 invalid params: transaction type 3 is not supported" \
  "$(rpc eth_fillTransaction "[{\"from\":\"${ACC[0]}\",\"to\":\"${ACC[1]}\",\"type\":\"0x3\"}]")"

# ---- one transaction-object parser: every method names the first bad field
check call-bad-gas "error -32602 invalid params: gas" "$(rpc eth_call "[{\"to\":\"${ACC[1]}\",\"gas\":\"0xzz\"}]")"
check send-bad-type "error -32602 invalid params: type" \
  "$(rpc eth_sendTransaction "[{\"from\":\"${ACC[0]}\",\"to\":\"${ACC[1]}\",\"type\":[]}]")"
check access-list-bad-value "error -32602 invalid params: value" \
  "$(rpc eth_createAccessList "[{\"to\":\"${ACC[1]}\",\"value\":\"x\"}]")"
check fill-bad-access-list "error -32602 invalid params: accessList" \
  "$(rpc eth_fillTransaction "[{\"from\":\"${ACC[0]}\",\"to\":\"${ACC[1]}\",\"accessList\":{}}]")"
check trace-call-bad-from "error -32602 invalid params: from" \
  "$(rpc debug_traceCall "[{\"from\":\"0x12\",\"to\":\"${ACC[1]}\"},\"latest\"]")"
check trace-call-not-object "error -32602 invalid params: transaction object" "$(rpc debug_traceCall '["0x1","latest"]')"

# ---- eth_getProof: refused with the reason, after the parameters are checked
check get-proof "error -32000 eth_getProof is not supported: the state root commits to a flat key->word store, not a Merkle-Patricia trie of accounts, so there is no proof to give; read the fields with eth_getBalance, eth_getTransactionCount, eth_getCode and eth_getStorageAt" \
  "$(rpc eth_getProof "[\"${ACC[0]}\",[\"0x0000000000000000000000000000000000000000000000000000000000000000\"],\"latest\"]")"
check get-proof-bad-key "error -32602 invalid params: storage key 0" "$(rpc eth_getProof "[\"${ACC[0]}\",[\"0x1\"],\"latest\"]")"
finish
