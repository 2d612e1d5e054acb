#!/bin/sh
# Recompiles bench/evm/src/*.sol with solcjs (npm `solc`, version pinned by
# what is installed; the committed hex is what the bench runs) and prints
# each contract's runtime bytecode as hex. Usage: compile.sh Name.sol
set -eu
f=$1
name=$(basename "$f" .sol)
jq -n --arg src "$(cat "$f")" --arg f "$name.sol" '{
  language: "Solidity",
  sources: {($f): {content: $src}},
  settings: {optimizer: {enabled: true, runs: 200}, evmVersion: "cancun",
             outputSelection: {"*": {"*": ["evm.deployedBytecode.object"]}}}}' |
    solcjs --standard-json 2>/dev/null | sed '/^>>>/d' |
    jq -er --arg f "$name.sol" --arg c "$name" '.contracts[$f][$c].evm.deployedBytecode.object'
