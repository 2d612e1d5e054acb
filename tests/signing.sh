#!/usr/bin/env bash
# Signing by the unlocked dev accounts, checked against cast's own signer
# (the same signatures anvil returns): eth_sign, personal_sign,
# eth_signTypedData_v4 (EIP-712 with nested structs and arrays),
# eth_signTransaction; sending without a signature: eth_sendUnsignedTransaction
# and anvil_autoImpersonateAccount.
# Usage: tests/signing.sh path/to/restake
set -uo pipefail
NAME=signing
RESTAKE=${1:?usage: signing.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/anvil_lib.bash
[ -n "$CAST" ] || { echo "$NAME: SKIP: cast not found"; exit 77; }
start_node
A=${ACC[1]} K=${KEY[1]}
want=$("$CAST" wallet sign --private-key $K "hello restake")
hex=0x$(printf 'hello restake' | od -An -tx1 | tr -d ' \n')
check eth-sign "\"$want\"" "$(rpc eth_sign "[\"$A\",\"$hex\"]")"
check personal-sign "\"$want\"" "$(rpc personal_sign "[\"$hex\",\"$A\"]")"
check sign-not-unlocked "error -32000 no signer for 0x000000000000000000000000000000000000bEEF: not one of the node's unlocked dev accounts" \
  "$(rpc eth_sign "[\"0x000000000000000000000000000000000000bEEF\",\"$hex\"]")"

TD=$(mktemp /tmp/restake_typed.XXXXXX)
cat >"$TD" <<JSON
{"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
 "Person":[{"name":"name","type":"string"},{"name":"wallets","type":"address[]"}],
 "Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person[]"},{"name":"contents","type":"string"},{"name":"salt","type":"bytes32"},{"name":"amount","type":"int256"},{"name":"ok","type":"bool"},{"name":"blob","type":"bytes"}]},
 "primaryType":"Mail",
 "domain":{"name":"DelegationManager","version":"v1.9.0","chainId":31337,"verifyingContract":"$DM"},
 "message":{"from":{"name":"Cow","wallets":["0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826","0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF"]},
  "to":[{"name":"Bob","wallets":["0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"]}],
  "contents":"Hello, Bob!","salt":"0x0000000000000000000000000000000000000000000000000000000000000007","amount":"-12345","ok":true,"blob":"0x0102"}}
JSON
want=$("$CAST" wallet sign --private-key $K --data --from-file "$TD")
td_string=$(python3 -c 'import json, sys; print(json.dumps(json.dumps(json.load(open(sys.argv[1])))))' "$TD")
td_object=$(python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$TD")
check typed-data-string "\"$want\"" "$(rpc eth_signTypedData_v4 "[\"$A\",$td_string]")"
check typed-data-object "\"$want\"" "$(rpc eth_signTypedData_v4 "[\"$A\",$td_object]")"
check typed-data-bad "error -32602 invalid params: typed data: primaryType Nope is not in types" \
  "$(rpc eth_signTypedData_v4 "[\"$A\",{\"types\":{\"EIP712Domain\":[]},\"primaryType\":\"Nope\",\"domain\":{},\"message\":{}}]")"
rm -f "$TD"

# eth_signTransaction: filled like eth_sendTransaction, and the raw tx is accepted as it is
DEAD=0x000000000000000000000000000000000000dEaD
raw=$(rpc eth_signTransaction "[{\"from\":\"$A\",\"to\":\"$DEAD\",\"value\":\"0x7\"}]")
dec=$(jget "$("$CAST" decode-transaction "$(jget "$raw" v)")" v)  # cast prints the JSON as a JSON string
check signed-tx-from "$(tr A-F a-f <<<"$A")" "$(jget "$dec" 'v["signer"]')"
check signed-tx-fields "0x0 0x5208 0x7 0x2" "$(jget "$dec" 'v["nonce"] + " " + v["gas"] + " " + v["value"] + " " + v["type"]')"
hash=$(rpc eth_sendRawTransaction "[$raw]")
check signed-tx-mined 0x1 "$(jget "$(rpc eth_getTransactionReceipt "[$hash]")" 'v["status"]')"

# eth_sendUnsignedTransaction: any sender, no impersonation needed
STRANGER=0x1111111111111111111111111111111111111111
rpc anvil_setBalance "[\"$STRANGER\",\"0xde0b6b3a7640000\"]" >/dev/null
h=$(rpc eth_sendUnsignedTransaction "[{\"from\":\"$STRANGER\",\"to\":\"$DEAD\",\"value\":\"0x9\"}]")
rc=$(rpc eth_getTransactionReceipt "[$h]")
check unsigned-mined "0x1 $STRANGER" "$(jget "$rc" 'v["status"] + " " + v["from"]')"
check refused-before-auto "error -32000 no signer for from: not a dev account and not impersonated" \
  "$(rpc eth_sendTransaction "[{\"from\":\"$STRANGER\",\"to\":\"$DEAD\"}]")"
check auto-impersonate null "$(rpc anvil_autoImpersonateAccount '[true]')"
h=$(rpc eth_sendTransaction "[{\"from\":\"$STRANGER\",\"to\":\"$DEAD\",\"value\":\"0x1\"}]")
check auto-impersonated-send 0x1 "$(jget "$(rpc eth_getTransactionReceipt "[$h]")" 'v["status"]')"
check auto-impersonate-off null "$(rpc anvil_autoImpersonateAccount '[false]')"
check refused-after-auto "error -32000 no signer for from: not a dev account and not impersonated" \
  "$(rpc eth_sendTransaction "[{\"from\":\"$STRANGER\",\"to\":\"$DEAD\"}]")"
finish
