#!/usr/bin/env bash
# eth_call / eth_estimateGas state overrides: balance and nonce overrides are
# applied (and rolled back); what the node cannot honour (code or storage of
# a native contract, block overrides) is a clear error, never a silently
# ignored override that gives a wrong answer. Code and storage overrides of
# EVM accounts are tested in tests/evm_node.sh.
# Usage: tests/call_overrides.sh path/to/restake
set -uo pipefail
NAME=call_overrides
RESTAKE=${1:?usage: call_overrides.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/anvil_lib.bash
[ -n "$CAST" ] || { echo "$NAME: SKIP: cast not found"; exit 77; }
start_node
SF=0x4d6e3d073db22c1C6bb00c451dab8bF4d2fD3F57
DATA=$("$CAST" calldata 'balanceOf(address)' ${ACC[1]})
CALL="{\"from\":\"${ACC[0]}\",\"to\":\"$TKA\",\"data\":\"$DATA\"}"
nonce=$(jget "$(rpc eth_getTransactionCount "[\"$SF\",\"latest\"]")" 'int(v,16)')
plain=$(rpc eth_call "[$CALL,\"latest\"]")
check balance-of-million '"0x00000000000000000000000000000000000000000000d3c21bcecceda1000000"' "$plain"
check nonce-override-accepted "$plain" "$(rpc eth_call "[$CALL,\"latest\",{\"$SF\":{\"nonce\":\"0x4d\"}}]")"
check nonce-rolled-back "\"$(printf '0x%x' "$nonce")\"" "$(rpc eth_getTransactionCount "[\"$SF\",\"latest\"]")"
check balance-override-estimate yes "$(rpc eth_estimateGas "[$CALL,\"latest\",{\"${ACC[0]}\":{\"balance\":\"0x1\"}}]" | grep -q '^"0x' && echo yes || echo no)"
check balance-rolled-back '"0x21e19e0c9bab2400000"' "$(rpc eth_getBalance "[\"${ACC[0]}\",\"latest\"]")"
lower() { echo "$1" | tr 'A-F' 'a-f'; }
check code-override-refused "error -32000 state override 'code' of $(lower "$SF") is not supported: it holds the native contract StrategyFactory, which has no EVM code or storage to replace (balance and nonce overrides are)" \
  "$(rpc eth_call "[$CALL,\"latest\",{\"$SF\":{\"code\":\"0x00\"}}]")"
check state-diff-refused "error -32000 state override 'stateDiff' of $(lower "$DM") is not supported: it holds the native contract DelegationManager, which has no EVM code or storage to replace (balance and nonce overrides are)" \
  "$(rpc eth_call "[$CALL,\"latest\",{\"$DM\":{\"stateDiff\":{}}}]")"
check state-refused-in-estimate yes "$(rpc eth_estimateGas "[$CALL,\"latest\",{\"$DM\":{\"state\":{}}}]" | grep -q "^error -32000 state override 'state'" && echo yes || echo no)"
check block-override-refused "error -32000 block overrides are not supported" "$(rpc eth_call "[$CALL,\"latest\",{},{\"number\":\"0x10\"}]")"
check unknown-field "error -32602 invalid params: unknown state override field 'balanse' of $SF" "$(rpc eth_call "[$CALL,\"latest\",{\"$SF\":{\"balanse\":\"0x1\"}}]")"
check bad-key "error -32602 invalid params: state override key 0x12 is not an address" "$(rpc eth_call "[$CALL,\"latest\",{\"0x12\":{}}]")"
check empty-overrides-fine yes "$(rpc eth_call "[$CALL,\"latest\",{},{}]" | grep -q '^"0x' && echo yes || echo no)"
finish
