#!/usr/bin/env bash
# Chain controls as anvil answers them: anvil_setBlockTimestampInterval /
# anvil_removeBlockTimestampInterval, anvil_setTime, anvil_nodeInfo.
# Usage: tests/mining_controls.sh path/to/restake
set -uo pipefail
NAME=mining_controls
RESTAKE=${1:?usage: mining_controls.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/anvil_lib.bash
start_node
ts() { jget "$(rpc eth_getBlockByNumber '["latest",false]')" 'int(v["timestamp"],16)'; }
# anvil_setTime: the next block carries exactly that time; the answer is the clock's offset
off=$(rpc anvil_setTime '[1900000000]')
now=$(date +%s)
check set-time-offset yes "$([ $((1900000000 - now - off)) -ge -2 ] && [ $((1900000000 - now - off)) -le 2 ] && echo yes || echo no)"
rpc evm_mine >/dev/null
check set-time-next-block 1900000000 "$(ts)"
check set-time-backwards "error -32602 timestamp is before the latest block's" "$(rpc anvil_setTime '[1800000000]')"
check ts-interval null "$(rpc anvil_setBlockTimestampInterval '[100]')"
rpc evm_mine >/dev/null
rpc evm_mine >/dev/null
check ts-interval-two-blocks 1900000200 "$(ts)"
check ts-interval-removed true "$(rpc anvil_removeBlockTimestampInterval)"
check ts-interval-removed-again false "$(rpc anvil_removeBlockTimestampInterval)"
info=$(rpc anvil_nodeInfo)
check node-info "0x3 1900000200 Prague fifo 0x3b9aca00 31337 0x77359400 None" \
  "$(jget "$info" '" ".join(str(x) for x in [v["currentBlockNumber"], v["currentBlockTimestamp"], v["hardFork"], v["transactionOrder"], v["environment"]["baseFee"], v["environment"]["chainId"], v["environment"]["gasPrice"], v["forkConfig"]["forkUrl"]])')"
check node-info-hash "$(jget "$(rpc eth_getBlockByNumber '["latest",false]')" 'v["hash"]')" "$(jget "$info" 'v["currentBlockHash"]')"
# evm_setIntervalMining: a block every second, empty or not; 0 returns to automine
check interval-mining null "$(rpc evm_setIntervalMining '[1]')"
check automine-off-under-interval false "$(rpc anvil_getAutomine)"
b0=$(jget "$(rpc eth_blockNumber)" 'int(v,16)')
sleep 3
b1=$(jget "$(rpc eth_blockNumber)" 'int(v,16)')
check interval-blocks-come yes "$([ $((b1 - b0)) -ge 2 ] && [ $((b1 - b0)) -le 4 ] && echo yes || echo no)"
h=$(rpc eth_sendTransaction "[{\"from\":\"${ACC[1]}\",\"to\":\"${ACC[2]}\",\"value\":\"0x1\"}]")
check interval-tx-mined 0x1 "$(jget "$(rpc eth_getTransactionReceipt "[$h]")" 'v["status"]')"
check interval-off null "$(rpc evm_setIntervalMining '[0]')"
check automine-back true "$(rpc anvil_getAutomine)"
b2=$(jget "$(rpc eth_blockNumber)" 'int(v,16)')
h=$(rpc eth_sendTransaction "[{\"from\":\"${ACC[1]}\",\"to\":\"${ACC[2]}\",\"value\":\"0x1\"}]")
check automine-tx-own-block $((b2 + 1)) "$(jget "$(rpc eth_getTransactionReceipt "[$h]")" 'int(v["blockNumber"],16)')"
sleep 1.5
check no-blocks-after-off $((b2 + 1)) "$(jget "$(rpc eth_blockNumber)" 'int(v,16)')"
finish
