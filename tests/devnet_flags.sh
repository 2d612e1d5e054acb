#!/usr/bin/env bash
# Command-line options spelled as anvil spells them: --balance (ETH per dev
# account) and --timestamp (the genesis block's time).
# Usage: tests/devnet_flags.sh path/to/restake
set -uo pipefail
NAME=devnet_flags
RESTAKE=${1:?usage: devnet_flags.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/anvil_lib.bash
start_node --balance 123 --timestamp 1800000000
check balance '"0x6aaf7c8516d0c0000"' "$(rpc eth_getBalance "[\"${ACC[3]}\",\"latest\"]")"
check genesis-time '"0x6b49d200"' "$(jget "$(rpc eth_getBlockByNumber '["0x0",false]')" 'json.dumps(v["timestamp"])')"
rpc evm_mine >/dev/null
check clock-after-genesis yes "$([ "$(jget "$(rpc eth_getBlockByNumber '["latest",false]')" 'int(v["timestamp"],16)')" -ge 1800000000 ] && echo yes || echo no)"
check bad-balance 2 "$("$RESTAKE" devnet --balance 0 >/dev/null 2>&1; echo $?)"
finish
