#!/usr/bin/env bash
# Chain controls as anvil 1.7 answers them: evm_setBlockGasLimit,
# anvil_setNextBlockBaseFeePerGas, anvil_setMinGasPrice, anvil_setCoinbase,
# anvil_reset, anvil_nodeInfo, and the flags --accounts, --gas-limit,
# --base-fee, --gas-price; a durable node keeps each block's environment in
# its header (replayed after a restart) and refuses anvil_reset.
# Usage: tests/chain_controls.sh path/to/restake
set -uo pipefail
NAME=chain_controls
RESTAKE=${1:?usage: chain_controls.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/anvil_lib.bash
blk() { jget "$(rpc eth_getBlockByNumber '["latest",false]')" "$1"; }
send() { # from to gas -> tx hash or error
  rpc eth_sendTransaction "[{\"from\":\"$1\",\"to\":\"$2\",\"value\":\"0x1\",\"gas\":\"$3\"}]"
}
ETH10K=0x21e19e0c9bab2400000

# ---- flags: 12 accounts, base fee 7 wei, 30M gas limit, 5 gwei gas price
start_node --accounts 12 --base-fee 7 --gas-limit 30000000 --gas-price 5000000000
acc=$(rpc eth_accounts)
check accounts-count 12 "$(jget "$acc" 'len(v)')"
check account-10 0xBcd4042DE499D14e55001CcbB24a551F3b954096 "$(jget "$acc" 'v[10]')"
check account-11 0x71bE63f3384f5fb98995898A86B02Fb2426c5788 "$(jget "$acc" 'v[11]')"
check account-11-funded "\"$ETH10K\"" "$(rpc eth_getBalance '["0x71bE63f3384f5fb98995898A86B02Fb2426c5788","latest"]')"
check genesis-env "0x7 0x1c9c380 0x0000000000000000000000000000000000000000" \
  "$(blk 'v["baseFeePerGas"], v["gasLimit"], v["miner"]' | tr -d "(),'")"
check gas-price '"0x12a05f200"' "$(rpc eth_gasPrice)"
info=$(rpc anvil_nodeInfo)
check node-info-env "0x7 31337 0x1c9c380 0x12a05f200 ethereum" \
  "$(jget "$info" '" ".join(str(x) for x in [v["environment"]["baseFee"], v["environment"]["chainId"], v["environment"]["gasLimit"], v["environment"]["gasPrice"], v["network"]])')"
# account 11 signs: it is unlocked like the first ten
h=$(send 0x71bE63f3384f5fb98995898A86B02Fb2426c5788 "${ACC[1]}" 0x5208)
check account-11-sends 0x1 "$(jget "$(rpc eth_getTransactionReceipt "[$h]")" 'v["status"]')"

# ---- evm_setBlockGasLimit: true; a tx above it is refused; blocks carry it
check set-gas-limit true "$(rpc evm_setBlockGasLimit '["0x186a0"]')"
check above-gas-limit "error -32000 exceeds block gas limit" "$(send "${ACC[0]}" "${ACC[1]}" 0x30d40)"
h=$(send "${ACC[0]}" "${ACC[1]}" 0xea60)
check under-gas-limit 0x1 "$(jget "$(rpc eth_getTransactionReceipt "[$h]")" 'v["status"]')"
check block-gas-limit 0x186a0 "$(blk 'v["gasLimit"]')"
check gas-limit-too-low "error -32602 invalid params: gas limit must be 21000 to 1000000000000" \
  "$(rpc evm_setBlockGasLimit '["0x1"]')"

# ---- anvil_setNextBlockBaseFeePerGas: the next blocks' base fee (1 gwei);
# the default tip is 1 gwei, so the tx pays 2 gwei
check set-base-fee null "$(rpc anvil_setNextBlockBaseFeePerGas '["0x3b9aca00"]')"
check gas-price-stays '"0x12a05f200"' "$(rpc eth_gasPrice)"
h=$(send "${ACC[0]}" "${ACC[1]}" 0x5208)
check effective-price 0x77359400 "$(jget "$(rpc eth_getTransactionReceipt "[$h]")" 'v["effectiveGasPrice"]')"
check block-base-fee 0x3b9aca00 "$(blk 'v["baseFeePerGas"]')"
check fee-history-next 0x3b9aca00 "$(jget "$(rpc eth_feeHistory '["0x1","latest",[]]')" 'v["baseFeePerGas"][-1]')"

# ---- anvil_setMinGasPrice: the devnet is EIP-1559, as anvil answers
check min-gas-price "error -32602 anvil_setMinGasPrice is not supported when EIP-1559 is active" \
  "$(rpc anvil_setMinGasPrice '["0x1"]')"

# ---- anvil_setCoinbase: the miner field of the next blocks
CB=0x1111111111111111111111111111111111111111
check set-coinbase null "$(rpc anvil_setCoinbase "[\"$CB\"]")"
rpc evm_mine >/dev/null
check block-miner "$CB" "$(blk 'v["miner"]')"
# COINBASE in EVM code reads the block's miner
rpc anvil_setCode '["0x00000000000000000000000000000000000c0de2","0x4160005260206000f3"]' >/dev/null
check evm-coinbase '"0x0000000000000000000000001111111111111111111111111111111111111111"' \
  "$(rpc eth_call '[{"to":"0x00000000000000000000000000000000000c0de2"},"latest"]')"
check coinbase-bad-address "error -32602 invalid params: address" "$(rpc anvil_setCoinbase '["0x12"]')"

# ---- anvil_reset: back to genesis of the preset
check before-reset 0x4 "$(jget "$(rpc eth_blockNumber)" 'v')"
check reset null "$(rpc anvil_reset)"
check reset-number '"0x0"' "$(rpc eth_blockNumber)"
check reset-balance "\"$ETH10K\"" "$(rpc eth_getBalance "[\"${ACC[0]}\",\"latest\"]")"
check reset-nonce '"0x0"' "$(rpc eth_getTransactionCount "[\"${ACC[0]}\",\"latest\"]")"
check reset-block-1-gone null "$(rpc eth_getBlockByNumber '["0x1",false]')"
check reset-forking "error -32602 anvil_reset: forking is not supported: the devnet has no upstream chain to fork" \
  "$(rpc anvil_reset '[{"forking":{"jsonRpcUrl":"http://127.0.0.1:1","blockNumber":1}}]')"
check reset-empty-object null "$(rpc anvil_reset '[{}]')"
h=$(send "${ACC[0]}" "${ACC[1]}" 0x5208)
check after-reset-mines '"0x1"' "$(rpc eth_blockNumber)"
check after-reset-coinbase-kept "$CB" "$(blk 'v["miner"]')"

# ---- durable node: the header keeps each block's environment; replay after a
# restart checks every block hash, so a wrong environment would not start
DATA=$(mktemp -d /tmp/restake_chain_controls.XXXXXX)
start_node --data "$DATA"
rpc anvil_setCoinbase "[\"$CB\"]" >/dev/null
rpc anvil_setNextBlockBaseFeePerGas '["0x5"]' >/dev/null
rpc evm_setBlockGasLimit '["0x1c9c380"]' >/dev/null
h=$(send "${ACC[0]}" "${ACC[1]}" 0x5208)
hash1=$(blk 'v["hash"]')
check durable-reset "error -32000 anvil_reset is refused on a durable node (--data): it would discard the stored chain; stop the node and remove the data directory, or run --in-memory" \
  "$(rpc anvil_reset)"
start_node --data "$DATA" --replay-from-genesis
check durable-replayed "$hash1 $CB 0x5 0x1c9c380" "$(blk '" ".join([v["hash"], v["miner"], v["baseFeePerGas"], v["gasLimit"]])')"
check durable-controls-from-flags "0x3b9aca00 0xe8d4a51000" \
  "$(jget "$(rpc anvil_nodeInfo)" 'v["environment"]["baseFee"] + " " + v["environment"]["gasLimit"]')"
# new flags on an existing data directory: the stored blocks keep theirs
start_node --data "$DATA" --base-fee 9 --gas-limit 50000
check durable-new-flags "$hash1 0x5 0x9 0xc350" \
  "$(blk 'v["hash"] + " " + v["baseFeePerGas"]') $(jget "$(rpc anvil_nodeInfo)" 'v["environment"]["baseFee"] + " " + v["environment"]["gasLimit"]')"
check durable-genesis-kept 0x3b9aca00 "$(jget "$(rpc eth_getBlockByNumber '["0x0",false]')" 'v["baseFeePerGas"]')"
stop_node
rm -rf "$DATA"

# ---- flag errors
check accounts-zero "restake devnet: --accounts must be 1 to 1000" "$("$RESTAKE" devnet --accounts 0 2>&1)"
check gas-limit-low "restake devnet: --gas-limit must be 21000 to 1000000000000" "$("$RESTAKE" devnet --gas-limit 5 2>&1)"
finish
