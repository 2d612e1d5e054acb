#!/usr/bin/env bash
# Replays conformance vectors over JSON-RPC: for each vector a fresh
# `restake devnet --in-memory --genesis VECTOR` on a free loopback port, then
# `restake conformance --rpc URL VECTOR`; any difference fails the test.
#
# Every liquid_*, slashing_*, eigenpod_*, rewards_*, avs/avs_*, gaps/gaps_* and vault/vault_* vector (53 files);
# RESTAKE_RPC_VECTORS="a.json b.json" replays an explicit list instead.
# Usage: tests/conformance_rpc.sh path/to/restake
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/skip.sh"

restake=${1:?usage: conformance_rpc.sh path/to/restake}
here=$(cd "$(dirname "$0")" && pwd)
vectors=${RESTAKE_VECTORS:-$here/../../shared/conformance}

if ! "$restake" devnet --help >/dev/null 2>&1; then
    skip conformance_rpc "this restake has no devnet command"
fi
if [ ! -d "$vectors" ]; then
    echo "conformance_rpc: vector directory $vectors not found (set RESTAKE_VECTORS)" >&2
    exit 1
fi

files=()
if [ -n "${RESTAKE_RPC_VECTORS:-}" ]; then
    read -r -a files <<<"$RESTAKE_RPC_VECTORS"
else
    for s in liquid slashing eigenpod rewards avs gaps vault; do
        before=${#files[@]}
        for f in "$vectors"/"$s"_*.json "$vectors"/"$s"/"$s"_*.json; do [ -e "$f" ] && files+=("$f"); done
        if [ ${#files[@]} -eq "$before" ]; then
            echo "conformance_rpc: no $s vectors in $vectors" >&2
            exit 1
        fi
    done
fi
if [ ${#files[@]} -eq 0 ]; then
    echo "conformance_rpc: no vectors found in $vectors" >&2
    exit 1
fi

tmp=$(mktemp -d)
. "$here/lib/node.sh"
stop_node() { node_stop; }
trap 'stop_node; rm -rf "$tmp"' EXIT

# A node on port 0 (the kernel picks a free one) with the vector's genesis;
# its URL in $url.
start_node() {
    node_start "$tmp/node.log" "$restake" devnet --in-memory --quiet --genesis "$1" || return 1
    url=$NODE_URL
}

fail=0
start=$SECONDS
for f in "${files[@]}"; do
    if ! start_node "$f"; then
        fail=1
        stop_node
        continue
    fi
    t0=$SECONDS
    if "$restake" conformance --rpc "$url" "$f" >"$tmp/out" 2>&1; then
        echo "$(tail -n 1 "$tmp/out") ($((SECONDS - t0)) s)"
    else
        fail=1
        head -n 40 "$tmp/out" >&2
        echo "conformance_rpc: the node's output:" >&2
        tail -n 40 "$tmp/node.log" >&2
    fi
    stop_node
done

# A tampered vector must be reported over RPC too, or the replay above
# proves nothing: one byte of the first expected revert data changed.
victim=${files[0]}
sed -E '0,/"revertData": ?"0x/s//"revertData":"0xff/' "$victim" >"$tmp/tampered.json"
if start_node "$tmp/tampered.json"; then
    set +e
    out=$("$restake" conformance --rpc "$url" "$tmp/tampered.json" 2>&1)
    rc=$?
    set -e
    if [ $rc -ne 1 ] || ! grep -q "revertData: expected" <<<"$out"; then
        echo "conformance_rpc: a tampered vector was not reported over RPC (exit $rc):" >&2
        echo "$out" >&2
        fail=1
    fi
    # the node was restored to the genesis: a second replay must pass too
    if ! "$restake" conformance --quiet --rpc "$url" "$victim" >"$tmp/again" 2>&1; then
        echo "conformance_rpc: a second replay against the same node failed:" >&2
        cat "$tmp/again" >&2
        fail=1
    fi
    stop_node
else
    fail=1
fi

# Nothing listening: a clear error and exit 2, not a hang or a crash.
set +e
out=$("$restake" conformance --rpc "http://127.0.0.1:1" "$victim" 2>&1)
rc=$?
set -e
if [ $rc -ne 2 ] || ! grep -q "cannot connect" <<<"$out"; then
    echo "conformance_rpc: an unreachable node gave exit $rc:" >&2
    echo "$out" >&2
    fail=1
fi

echo "conformance_rpc: ${#files[@]} vectors over RPC in $((SECONDS - start)) s"
exit $fail
