#!/usr/bin/env bash
# The example AVS (examples/avs) compiled with solcjs and driven with cast on
# a fresh devnet by examples/avs/drive.sh, which checks every value exactly.
# Usage: tests/example_avs_cast.sh path/to/restake   (cast from $CAST or PATH)
# Skips (exit 77) without solcjs, node or cast; fails then under RESTAKE_REQUIRE_ALL=1.
set -uo pipefail
RESTAKE=${1:?usage: example_avs_cast.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/lib/example_avs.sh
CAST=${CAST:-$(command -v cast || true)}
[ -n "$CAST" ] && "$CAST" --version >/dev/null 2>&1 || skip example_avs_cast "cast not found"
export CAST
example_avs_start example_avs_cast "$RESTAKE"
CAST=$CAST examples/avs/drive.sh "$AVS_RPC" "$AVS_BUILD"
rc=$?
example_avs_node_clean example_avs_cast || rc=1
exit $rc
