#!/usr/bin/env bash
# The example AVS (examples/avs) compiled with solcjs and driven with ethers 6
# (tests/js/node_modules) on a fresh devnet by examples/avs/ethers/drive.mjs,
# which checks every value exactly.
# Usage: tests/example_avs_ethers.sh path/to/restake
# Skips (exit 77) without solcjs, node or ethers; fails then under RESTAKE_REQUIRE_ALL=1.
set -uo pipefail
RESTAKE=${1:?usage: example_avs_ethers.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/lib/example_avs.sh
[ -d tests/js/node_modules/ethers ] || skip example_avs_ethers "tests/js/node_modules/ethers missing (scripts/install-deps)"
example_avs_start example_avs_ethers "$RESTAKE"
node examples/avs/ethers/drive.mjs "$AVS_RPC" "$AVS_BUILD"
rc=$?
example_avs_node_clean example_avs_ethers || rc=1
exit $rc
