#!/bin/sh
# EVM throughput, restake against revm, in the same run on the same machine.
#
#   bench/evm_vs_revm.sh [BUILD_DIR]     (default: build; use a Release tree)
#
# Programs: every JSON of $RESTAKE_EVM_BENCH (default ../shared/evm-bench/
# benchmarks, main/ and micro/) and of bench/evm/programs/ (ERC-20 transfer,
# storage loop, call chain), each input of each. restake's side is
# BUILD_DIR/bench_evm_world; revm's is forge (npm @foundry-rs/forge-linux-amd64)
# running bench/revm/test/EvmBench.t.sol, which puts the same code at the
# same address (vm.etch) with the same pre-state and calls it with the same
# calldata. Both sides report time per call net of an empty call (code
# `STOP`), so neither counts its harness. Each revm figure is the best of
# $REVM_REPS runs (default 3); the call count is sized from restake's time so
# a run lasts about $REVM_TARGET_MS (default 300 ms) of restake time.
#
# Prints one row per program input: restake ns/call, revm ns/call and the
# ratio revm/restake (>= 1.0: restake is at least as fast).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
bin=$build/bench_evm_world
programs=${RESTAKE_EVM_BENCH:-$here/../../shared/evm-bench/benchmarks}
reps=${REVM_REPS:-3}
target_ms=${REVM_TARGET_MS:-300}

[ -x "$bin" ] || { echo "evm_vs_revm: no $bin (cmake --build $build --target bench_evm_world)" >&2; exit 1; }
command -v forge >/dev/null || { echo "evm_vs_revm: forge not found (npm install -g @foundry-rs/forge-linux-amd64)" >&2; exit 1; }
command -v solcjs >/dev/null || { echo "evm_vs_revm: solcjs not found (npm install -g solc)" >&2; exit 1; }
command -v jq >/dev/null || { echo "evm_vs_revm: jq not found" >&2; exit 1; }
(cd "$here/revm" && forge build --offline >/dev/null) || { echo "evm_vs_revm: forge build failed" >&2; exit 1; }

# "1s 2ms 3µs 4ns" (forge's duration) -> ns
to_ns() {
    echo "$1" | awk '{ t = 0; for (i = 1; i <= NF; i++) { v = $i + 0; u = $i; sub(/^[0-9.]+/, "", u);
        if (u == "s") t += v * 1e9; else if (u == "ms") t += v * 1e6; else if (u == "µs" || u == "us") t += v * 1e3;
        else if (u == "ns") t += v; } printf "%.0f", t }'
}

# The called account of test file $1 as jq sees it.
target='(to_entries[0].value) as $t | ($t.transaction.to | ascii_downcase) as $to
        | ($t.pre | to_entries | map(select(.key | ascii_downcase == $to))[0].value)'
pad32='ltrimstr("0x") | if length < 64 then "0x" + ("0" * (64 - length)) + . else "0x" + . end'

# revm ns/call of input $2 of file $1, given n calls; prints "fail" when the program fails.
revm_time() {
    f=$1; i=$2; n=$3
    BENCH_CODE=$(jq -r "$target | .code" "$f")
    BENCH_INPUT=$(jq -r --argjson i "$i" 'to_entries[0].value.transaction.data[$i]' "$f")
    BENCH_STORAGE=$(jq -r "$target | [(.storage // {}) | to_entries[] | .key, .value | $pad32] | join(\",\")" "$f")
    # Only our own programs' pre-states name their caller (the harness).
    case "$f" in "$here"/evm/programs/*) BENCH_SENDER=$(jq -r 'to_entries[0].value.transaction.sender // empty' "$f") ;;
    *) BENCH_SENDER= ;; esac
    export BENCH_CODE BENCH_INPUT BENCH_N="$n"
    if [ -n "$BENCH_STORAGE" ]; then export BENCH_STORAGE; else unset BENCH_STORAGE; fi
    if [ -n "$BENCH_SENDER" ]; then export BENCH_SENDER; else unset BENCH_SENDER; fi
    best=
    r=0
    while [ "$r" -lt "$reps" ]; do
        out=$(cd "$here/revm" && forge test --offline -j1 --json 2>/dev/null) || true
        res=$(echo "$out" | jq -r '.[].test_results | [.["test_program()"], .["test_empty()"]]
              | if all(.status == "Success") then (map(.duration) | join("|")) else "fail" end' 2>/dev/null) || res=fail
        [ "$res" = fail ] && { echo fail; return; }
        p=$(to_ns "${res%%|*}"); e=$(to_ns "${res#*|}")
        t=$(awk -v p="$p" -v e="$e" -v n="$n" 'BEGIN { printf "%.1f", (p - e) / n }')
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
        r=$((r + 1))
    done
    echo "$best"
}

printf '%-32s %14s %14s %8s\n' program "restake ns" "revm ns" ratio
for f in "$programs"/main/*.json "$programs"/micro/*.json "$here"/evm/programs/*.json; do
    [ -f "$f" ] || continue
    # bench_evm_world prints: name index net_ns raw_ns empty_ns gas (or name index fail status)
    "$bin" "$f" | while read -r name i rs raw empty gas; do
        if [ "$rs" = fail ]; then
            printf '%-32s %14s %14s %8s\n' "$name/$i" "fail($raw)" - -
            continue
        fi
        n=$(awk -v t="$raw" -v ms="$target_ms" 'BEGIN { n = int(ms * 1e6 / (t > 1 ? t : 1));
            if (n < 10) n = 10; if (n > 2000000) n = 2000000; print n }')
        rv=$(revm_time "$f" "$i" "$n")
        ratio=$(awk -v a="$rv" -v b="$rs" 'BEGIN { if (a == "fail" || b <= 0) print "-"; else printf "%.2f", a / b }')
        printf '%-32s %14s %14s %8s\n' "$name/$i" "$rs" "$rv" "$ratio"
    done
done
