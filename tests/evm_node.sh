#!/usr/bin/env bash
# EVM bytecode on the devnet next to the native core: a contract-creating
# transaction (cast send --create) with contractAddress and eth_getCode, the
# contract STATICCALLing the native TKA token's balanceOf through eth_call and
# a transaction (its log in the receipt), a reverted creation, the native
# marker code, anvil_setCode / anvil_setStorageAt / eth_getStorageAt, and
# eth_call state overrides of code and storage (refused for native accounts).
# The bytecode is hand-assembled (opcodes below).
# Usage: tests/evm_node.sh path/to/restake
set -uo pipefail
NAME=evm_node
RESTAKE=${1:?usage: evm_node.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/anvil_lib.bash
[ -n "$CAST" ] || { echo "$NAME: SKIP: cast not found"; exit 77; }
start_node
lower() { echo "$1" | tr 'A-F' 'a-f'; }
HOLDER=$(lower "${ACC[1]#0x}")
TOKEN=$(lower "${TKA#0x}")
# runtime: mem[0..36) = balanceOf(HOLDER); STATICCALL TKA; LOG0 mem[0..32); RETURN mem[0..32)
#   PUSH4 70a08231 PUSH1 224 SHL PUSH0 MSTORE  PUSH20 HOLDER PUSH1 4 MSTORE
#   PUSH1 32 PUSH0 PUSH1 36 PUSH0 PUSH20 TKA GAS STATICCALL POP  PUSH1 32 PUSH0 LOG0  PUSH1 32 PUSH0 RETURN
RUNTIME=6370a0823160e01b5f5273${HOLDER}60045260205f60245f73${TOKEN}5afa5060205fa060205ff3
LEN=$(( ${#RUNTIME} / 2 ))
# initcode: PUSH2 LEN DUP1 PUSH1 10 PUSH0 CODECOPY PUSH0 RETURN, then the runtime
INIT=0x61$(printf '%04x' "$LEN")80600a5f395ff3$RUNTIME
BAL=0x00000000000000000000000000000000000000000000d3c21bcecceda1000000

nonce=$("$CAST" nonce -r "$R" "${ACC[0]}")
want=$("$CAST" compute-address --nonce "$nonce" "${ACC[0]}" | awk '{print $NF}')
rcpt=$("$CAST" send -r "$R" --private-key "${KEY[0]}" --create "$INIT" --json)
check create-status 0x1 "$(jget "$rcpt" 'v["status"]')"
C=$(jget "$rcpt" 'v["contractAddress"]')
check contract-address "$(lower "$want")" "$(lower "$C")"
check code "\"0x$RUNTIME\"" "$(rpc eth_getCode "[\"$C\",\"latest\"]")"
check nonce-consumed $((nonce + 1)) "$("$CAST" nonce -r "$R" "${ACC[0]}")"
check call-native-view "\"$BAL\"" "$(rpc eth_call "[{\"to\":\"$C\",\"data\":\"0x\"},\"latest\"]")"
rcpt=$("$CAST" send -r "$R" --private-key "${KEY[2]}" "$C" --json)
check call-tx-status 0x1 "$(jget "$rcpt" 'v["status"]')"
check call-tx-log "$(lower "$C") $BAL" "$(jget "$rcpt" 'v["logs"][0]["address"].lower() + " " + v["logs"][0]["data"]')"
check call-tx-no-contract-address None "$(jget "$rcpt" 'v["contractAddress"]')"

# eth_sendTransaction without `to` from an unlocked dev account
nonce=$("$CAST" nonce -r "$R" "${ACC[4]}")
want=$("$CAST" compute-address --nonce "$nonce" "${ACC[4]}" | awk '{print $NF}')
rcpt=$("$CAST" send -r "$R" --unlocked --from "${ACC[4]}" --create "$INIT" --json)
check send-tx-create "0x1 $(lower "$want")" "$(jget "$rcpt" 'v["status"] + " " + v["contractAddress"].lower()')"
check send-tx-code "\"0x$RUNTIME\"" "$(rpc eth_getCode "[\"$want\",\"latest\"]")"

# a creation whose initcode reverts with 0xcafebabe: mined, status 0, no code, nonce consumed
nonce=$("$CAST" nonce -r "$R" "${ACC[3]}")
bad=$("$CAST" compute-address --nonce "$nonce" "${ACC[3]}" | awk '{print $NF}')
rcpt=$("$CAST" send -r "$R" --private-key "${KEY[3]}" --gas-limit 100000 --create 0x63cafebabe5f526004601cfd --json)
check revert-status 0x0 "$(jget "$rcpt" 'v["status"]')"
check revert-address "$(lower "$bad")" "$(lower "$(jget "$rcpt" 'v["contractAddress"]')")"
check revert-no-code '"0x"' "$(rpc eth_getCode "[\"$bad\",\"latest\"]")"
check revert-nonce $((nonce + 1)) "$("$CAST" nonce -r "$R" "${ACC[3]}")"
check estimate-revert-data 0xcafebabe "$(curl -s -H 'content-type: application/json' -d \
  "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_estimateGas\",\"params\":[{\"from\":\"${ACC[3]}\",\"data\":\"0x63cafebabe5f526004601cfd\"}]}" \
  "$R" | python3 -c 'import json, sys; print(json.load(sys.stdin)["error"]["data"])')"
check call-create-returns-code "\"0x$RUNTIME\"" "$(rpc eth_call "[{\"from\":\"${ACC[3]}\",\"data\":\"$INIT\"},\"latest\"]")"

# native contracts show the marker code
check marker "\"0xfe$(printf 'restake:StrategyManager' | od -An -tx1 | tr -d ' \n')\"" \
  "$(rpc eth_getCode "[\"$SM\",\"latest\"]")"

# anvil_setCode / anvil_setStorageAt
X=0x00000000000000000000000000000000000c0de1
check set-code null "$(rpc anvil_setCode "[\"$X\",\"0x$RUNTIME\"]")"
check set-code-call "\"$BAL\"" "$(rpc eth_call "[{\"to\":\"$X\",\"data\":\"0x\"},\"latest\"]")"
V=0x00000000000000000000000000000000000000000000000000000000000000aa
check set-storage null "$(rpc anvil_setStorageAt "[\"$X\",\"0x5\",\"$V\"]")"
check get-storage "\"$V\"" "$(rpc eth_getStorageAt "[\"$X\",\"0x5\",\"latest\"]")"
check native-storage-zero '"0x0000000000000000000000000000000000000000000000000000000000000000"' \
  "$(rpc eth_getStorageAt "[\"$SM\",\"0x0\",\"latest\"]")"
check set-code-native-refused "error -32602 the account holds a native contract, which has no EVM code or storage to set" \
  "$(rpc anvil_setCode "[\"$SM\",\"0x00\"]")"

# eth_call overrides: code and storage of an EVM account or an empty one
Y=0x00000000000000000000000000000000000c0de2
# runtime2: PUSH1 5 SLOAD PUSH0 MSTORE PUSH1 32 PUSH0 RETURN (returns slot 5)
check override-code-state "\"$V\"" \
  "$(rpc eth_call "[{\"to\":\"$Y\",\"data\":\"0x\"},\"latest\",{\"$Y\":{\"code\":\"0x6005545f5260205ff3\",\"state\":{\"0x0000000000000000000000000000000000000000000000000000000000000005\":\"$V\"}}}]")"
check override-rolled-back '"0x"' "$(rpc eth_getCode "[\"$Y\",\"latest\"]")"
check override-state-diff-of-evm '"0x00000000000000000000000000000000000000000000000000000000000000bb"' \
  "$(rpc eth_call "[{\"to\":\"$X\",\"data\":\"0x\"},\"latest\",{\"$X\":{\"code\":\"0x6005545f5260205ff3\",\"stateDiff\":{\"0x0000000000000000000000000000000000000000000000000000000000000005\":\"0x00000000000000000000000000000000000000000000000000000000000000bb\"}}}]")"
check override-native-refused "error -32000 state override 'code' of $(lower "$SM") is not supported: it holds the native contract StrategyManager, which has no EVM code or storage to replace (balance and nonce overrides are)" \
  "$(rpc eth_call "[{\"to\":\"$SM\",\"data\":\"0x\"},\"latest\",{\"$SM\":{\"code\":\"0x00\"}}]")"

# deep recursion (a contract CALLing itself with all its gas) answers, and the node lives on
Z=0x00000000000000000000000000000000000c0de3
check set-recursive null "$(rpc anvil_setCode "[\"$Z\",\"0x5f5f5f5f5f305af100\"]")"
check deep-recursion '"0x"' "$(rpc eth_call "[{\"to\":\"$Z\",\"data\":\"0x\"},\"latest\"]")"
check deep-recursion-tx 0x1 "$(jget "$("$CAST" send -r "$R" --private-key "${KEY[5]}" --gas-limit 30000000 "$Z" --json)" 'v["status"]')"
check node-alive yes "$(rpc eth_blockNumber | grep -q '^"0x' && echo yes || echo no)"
finish
