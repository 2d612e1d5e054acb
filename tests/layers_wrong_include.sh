#!/usr/bin/env bash
# scripts/check-layers catches an include that runs up the layers: a copy of
# the tree where a protocol file includes the RPC server's header must fail,
# naming the file and the line; the untouched copy must pass.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r src include "$tmp/"
scripts/check-layers "$tmp" >/dev/null || { echo "FAIL: the untouched copy does not pass"; exit 1; }

victim=src/protocol/erc20.c
line=$(grep -n '^#include' "$tmp/$victim" | tail -1 | cut -d: -f1)
sed -i "${line}a #include \"rpc/rpc.h\"" "$tmp/$victim"
bad=$((line + 1))
if out=$(scripts/check-layers "$tmp"); then
  echo "FAIL: an upward include passed the check"; exit 1
fi
echo "$out"
grep -q "^$victim:$bad: layer protocol includes \"rpc/rpc.h\" of layer rpc" <<<"$out" ||
  { echo "FAIL: the message does not name $victim:$bad"; exit 1; }

# The interpreter sees only base headers: the evm layer may not include the
# protocol, even though the protocol is listed above it.
mkdir -p "$tmp/src/evm"
printf '#include "restake/host.h"\n#include "protocol/erc20.h"\n' >"$tmp/src/evm/probe.c"
sed -i "${bad}d" "$tmp/$victim"
if out=$(scripts/check-layers "$tmp"); then
  echo "FAIL: the evm layer may include the protocol"; exit 1
fi
echo "$out"
grep -q '^src/evm/probe.c:2: layer evm includes "protocol/erc20.h"' <<<"$out" ||
  { echo "FAIL: the message does not name src/evm/probe.c:2"; exit 1; }
grep -q 'probe.c:1' <<<"$out" && { echo "FAIL: host.h was refused to the evm layer"; exit 1; }
echo "ok"
