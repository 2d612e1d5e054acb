#!/usr/bin/env bash
# anvil_mine N [interval]: every one of N blocks is mined (no cap below the
# mainnet withdrawal delay of 100,800 blocks), spaced by the interval in
# timestamp as anvil spaces them, and the clock stays advanced afterwards.
# Usage: tests/anvil_mine.sh path/to/restake
set -uo pipefail
NAME=anvil_mine
RESTAKE=${1:?usage: anvil_mine.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/anvil_lib.bash
start_node --preset mainnet
ts() { jget "$(rpc eth_getBlockByNumber "[\"$(printf '0x%x' "$1")\",false]")" 'int(v["timestamp"],16)'; }
num() { jget "$(rpc eth_blockNumber)" 'int(v,16)'; }

check mine-three null "$(rpc anvil_mine '["0x3"]')"
check three-blocks 3 "$(num)"
t0=$(ts 3)
start=$(date +%s.%N)
check mine-withdrawal-delay null "$(rpc anvil_mine '[100800]')"
secs=$(python3 -c "import time; print(round(time.time() - $start, 1))")
check all-blocks-mined 100803 "$(num)"
t0=$(ts 100803)
check mine-interval null "$(rpc anvil_mine '[1000, 12]')"
check interval-blocks-mined 101803 "$(num)"
t1=$(ts 100804) t2=$(ts 100805) tl=$(ts 101803)
check interval-spacing 12 "$((t2 - t1))"
check interval-whole-run $((12 * 999)) "$((tl - t1))"
check interval-first-after-head yes "$([ "$t1" -ge $((t0 + 12)) ] && echo yes || echo no)"
# the clock keeps the advance: the next block is not earlier than the last
rpc evm_mine >/dev/null
check clock-kept yes "$([ "$(ts 101804)" -ge "$tl" ] && echo yes || echo no)"
check hex-count null "$(rpc hardhat_mine '["0x2","0x5"]')"
check hardhat-mine-interval 5 "$(( $(ts 101806) - $(ts 101805) ))"
check too-many "error -32602 invalid params: at most 1000000 blocks per call" "$(rpc anvil_mine '[1000001]')"
check bad-interval "error -32602 invalid params: interval" "$(rpc anvil_mine '[1, "x"]')"
check bad-count "error -32602 invalid params: block count" "$(rpc anvil_mine '["x"]')"
echo "$NAME: 100800 blocks in ${secs}s"
finish
