#!/usr/bin/env bash
# The transaction pool, as on anvil: a nonce gap is queued (not refused)
# until it fills; replacement by fee; txpool_status / txpool_content /
# txpool_inspect; anvil_dropTransaction; five senders sending twenty
# transactions each in parallel and out of order lose none; with automine
# off (evm_setAutomine) transactions wait as pending for evm_mine.
# Usage: tests/txpool.sh path/to/restake
set -uo pipefail; [ -n "${TRACE:-}" ] && set -x
NAME=txpool
RESTAKE=${1:?usage: txpool.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/anvil_lib.bash
[ -n "$CAST" ] || { echo "$NAME: SKIP: cast not found"; exit 77; }
start_node
F=${ACC[1]} K=${KEY[1]} f=$(tr 'A-F' 'a-f' <<<"${ACC[1]}")
DEAD=0x000000000000000000000000000000000000dEaD
mk() { # nonce maxFee tip value [key]
  "$CAST" mktx -r "$R" --private-key "${5:-$K}" --nonce "$1" --gas-price "$2" --priority-gas-price "$3" --gas-limit 21000 $DEAD --value "$4"
}
sendraw() { rpc eth_sendRawTransaction "[\"$1\"]"; }
num() { jget "$(rpc eth_blockNumber)" 'int(v,16)'; }

T1=$(mk 1 3gwei 1gwei 1)
H1=$(sendraw "$T1")
check gap-accepted yes "$(grep -q '^"0x' <<<"$H1" && echo yes || echo no)"
check gap-hash "\"$("$CAST" keccak "$T1")\"" "$H1"
check gap-not-mined 0 "$(num)"
check status-queued '{"pending":"0x0","queued":"0x1"}' "$(rpc txpool_status)"
check pending-nonce-stops-at-gap '"0x0"' "$(rpc eth_getTransactionCount "[\"$F\",\"pending\"]")"
check pool-tx-by-hash 'None 0x1' "$(jget "$(rpc eth_getTransactionByHash "[$H1]")" 'str(v["blockHash"]) + " " + v["nonce"]')"
check pool-tx-no-receipt null "$(rpc eth_getTransactionReceipt "[$H1]")"
check inspect "{\"pending\":{},\"queued\":{\"$f\":{\"1\":\"0x000000000000000000000000000000000000dead: 1 wei + 21000 gas × 3000000000 wei\"}}}" "$(rpc txpool_inspect)"
check content "$(tr -d '"' <<<"$H1") 0x1 0xb2d05e00" "$(jget "$(rpc txpool_content)" "v['queued']['$f']['1']['hash'] + ' ' + v['queued']['$f']['1']['nonce'] + ' ' + v['queued']['$f']['1']['maxFeePerGas']")"
check duplicate-refused "error -32003 transaction already imported" "$(sendraw "$T1")"
# replacement by fee: lower or equal refused with anvil's error, higher replaces
check lower-fee-refused "error -32003 replacement transaction underpriced" "$(sendraw "$(mk 1 2gwei 1gwei 2)")"
check equal-fee-refused "error -32003 replacement transaction underpriced" "$(sendraw "$(mk 1 3gwei 1gwei 4)")"
T3=$(mk 1 4gwei 2gwei 3)
H3=$(sendraw "$T3")
check higher-fee-replaces "\"$("$CAST" keccak "$T3")\"" "$H3"
check replaced-gone null "$(rpc eth_getTransactionByHash "[$H1]")"
check still-one-queued '{"pending":"0x0","queued":"0x1"}' "$(rpc txpool_status)"
# a second gap further on, then the first gap fills: nonce 0 then 1 mined, 3 stays queued
H5=$(sendraw "$(mk 3 3gwei 1gwei 5)")
H0=$(sendraw "$(mk 0 3gwei 1gwei 6)")
check gap-filled-mined 0x1 "$(jget "$(rpc eth_getTransactionReceipt "[$H0]")" 'v["status"]')"
check successor-mined '0x1 2' "$(jget "$(rpc eth_getTransactionReceipt "[$H3]")" 'v["status"] + " " + str(int(v["blockNumber"],16))')"
check successor-value '0x3' "$(jget "$(rpc eth_getTransactionByHash "[$H3]")" 'v["value"]')"
check nonce-after-fill '"0x2"' "$(rpc eth_getTransactionCount "[\"$F\",\"latest\"]")"
check status-after-fill '{"pending":"0x0","queued":"0x1"}' "$(rpc txpool_status)"
check drop "$H5" "$(rpc anvil_dropTransaction "[$H5]")"
check drop-again null "$(rpc anvil_dropTransaction "[$H5]")"
check status-after-drop '{"pending":"0x0","queued":"0x0"}' "$(rpc txpool_status)"

# ---- five senders, eight transactions each, all at once, nonces shuffled --
# (signed first: cast takes a few hundred milliseconds per signature here)
PER=8
for s in 4 5 6 7 8; do
  n0=$(jget "$(rpc eth_getTransactionCount "[\"${ACC[$s]}\",\"latest\"]")" 'int(v,16)')
  for i in $(seq 0 $((PER - 1))); do
    "$CAST" mktx --chain 31337 --private-key "${KEY[$s]}" --nonce $((n0 + i)) --gas-price 3gwei \
      --priority-gas-price 1gwei --gas-limit 21000 $DEAD --value 1
  done
done >"$LOG.txs"
refused=$(python3 - "$R" "$LOG.txs" <<'PY'
import json, random, sys, threading, urllib.request
url, txs = sys.argv[1], open(sys.argv[2]).read().split()
random.shuffle(txs)
out = []
def send(raw):
    req = urllib.request.Request(url, json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction",
                                 "params": [raw]}).encode(), {"content-type": "application/json"})
    out.append(json.load(urllib.request.urlopen(req, timeout=60)))
ts = [threading.Thread(target=send, args=(t,)) for t in txs]
for t in ts: t.start()
for t in ts: t.join()
print(sum(1 for r in out if "error" in r), len(out))
PY
)
rm -f "$LOG.txs"
check parallel-none-refused "0 $((5 * PER))" "$refused"
for s in 4 5 6 7 8; do
  check "parallel-all-mined-$s" "\"$(printf '0x%x' $PER)\"" "$(rpc eth_getTransactionCount "[\"${ACC[$s]}\",\"latest\"]")"
done
check parallel-pool-empty '{"pending":"0x0","queued":"0x0"}' "$(rpc txpool_status)"

# ---- automine off: transactions wait as pending for evm_mine --------------
check get-automine true "$(rpc anvil_getAutomine)"
check set-automine-off null "$(rpc evm_setAutomine '[false]')"
check get-automine-off false "$(rpc anvil_getAutomine)"
b0=$(num)
n0=$(jget "$(rpc eth_getTransactionCount "[\"$F\",\"latest\"]")" 'int(v,16)')
P1=$(sendraw "$(mk $n0 3gwei 1gwei 7)")
P2=$(rpc eth_sendTransaction "[{\"from\":\"$F\",\"to\":\"$DEAD\",\"value\":\"0x8\"}]")
check manual-not-mined "$b0" "$(num)"
check manual-pending '{"pending":"0x2","queued":"0x0"}' "$(rpc txpool_status)"
check manual-pending-nonce "\"$(printf '0x%x' $((n0 + 2)))\"" "$(rpc eth_getTransactionCount "[\"$F\",\"pending\"]")"
check evm-mine '"0x0"' "$(rpc evm_mine)"
check one-block-both "$((b0 + 1)) $((b0 + 1))" "$(jget "$(rpc eth_getTransactionReceipt "[$P1]")" 'int(v["blockNumber"],16)') $(jget "$(rpc eth_getTransactionReceipt "[$P2]")" 'int(v["blockNumber"],16)')"
check manual-drained '{"pending":"0x0","queued":"0x0"}' "$(rpc txpool_status)"
check set-automine-on null "$(rpc evm_setAutomine '[true]')"
check bad-automine "error -32602 invalid params: expected a boolean" "$(rpc evm_setAutomine '["yes"]')"
finish
