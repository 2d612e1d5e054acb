#!/bin/sh
# EVM throughput, restake against revm, in the same run on the same machine.
#
#   bench/evm_vs_revm.sh [BUILD_DIR [FILE...]]   (default: build; use a Release tree)
#
# Programs: every JSON of $RESTAKE_EVM_BENCH (default ../shared/evm-bench/
# benchmarks, main/ and micro/) and of bench/evm/programs/ (ERC-20 transfer,
# storage loop, call chain), each input of each; or only the FILEs given. restake's side is
# BUILD_DIR/bench_evm_world; revm's is forge (npm @foundry-rs/forge-linux-amd64)
# running bench/revm/test/EvmBench.t.sol, which puts the same code at the
# same address (vm.etch) with the same pre-state and calls it with the same
# calldata. Both sides report CPU time per call net of an empty call (code
# `STOP`), so neither counts its harness. Each revm figure is the best of
# $REVM_REPS forge runs (default 2); the call count is sized from restake's
# time so a run lasts about $REVM_TARGET_MS (default 800 ms) of restake time,
# which keeps the forge start-up's variation (tens of ms) small beside it.
#
# Prints one row per program input: restake ns/call, revm ns/call and the
# ratio revm/restake (>= 1.0: restake is at least as fast).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
[ $# -gt 0 ] && shift
bin=$build/bench_evm_world
programs=${RESTAKE_EVM_BENCH:-$here/../../shared/evm-bench/benchmarks}
reps=${REVM_REPS:-2}
target_ms=${REVM_TARGET_MS:-800}

[ -x "$bin" ] || { echo "evm_vs_revm: no $bin (cmake --build $build --target bench_evm_world)" >&2; exit 1; }
command -v forge >/dev/null || { echo "evm_vs_revm: forge not found (npm install -g @foundry-rs/forge-linux-amd64)" >&2; exit 1; }
command -v solcjs >/dev/null || { echo "evm_vs_revm: solcjs not found (npm install -g solc)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "evm_vs_revm: /usr/bin/time not found (apt-get install time)" >&2; exit 1; }
command -v jq >/dev/null || { echo "evm_vs_revm: jq not found" >&2; exit 1; }
(cd "$here/revm" && forge build --offline >/dev/null) || { echo "evm_vs_revm: forge build failed" >&2; exit 1; }

# CPU seconds (user + system) of one forge run of test $1 with the current
# BENCH_* environment and BENCH_N=$2; "fail" when the test does not pass.
# CPU time, not wall time: the machine is shared, and a busy neighbour
# stretches wall time without touching CPU time.
forge_cpu() {
    t=$(mktemp)
    out=$(cd "$here/revm" && BENCH_N=$2 /usr/bin/time -f '%U %S' -o "$t" \
          forge test --offline -j1 --json --match-test "$1" 2>/dev/null) || true
    ok=$(echo "$out" | jq -r --arg t "$1()" '.[].test_results[$t].status' 2>/dev/null) || ok=
    if [ "$ok" = Success ]; then awk '{ printf "%.3f", $1 + $2 }' "$t"; else echo fail; fi
    rm -f "$t"
}

# The called account of test file $1 as jq sees it.
target='(to_entries[0].value) as $t | ($t.transaction.to | ascii_downcase) as $to
        | ($t.pre | to_entries | map(select(.key | ascii_downcase == $to))[0].value)'
pad32='ltrimstr("0x") | if length < 64 then "0x" + ("0" * (64 - length)) + . else "0x" + . end'

# Sets the BENCH_* environment for input $2 of file $1.
bench_env() {
    f=$1; i=$2
    BENCH_CODE=$(jq -r "$target | .code" "$f")
    BENCH_INPUT=$(jq -r --argjson i "$i" 'to_entries[0].value.transaction.data[$i]' "$f")
    BENCH_STORAGE=$(jq -r "$target | [(.storage // {}) | to_entries[] | .key, .value | $pad32] | join(\",\")" "$f")
    # Only our own programs' pre-states name their caller (the harness).
    case "$f" in "$here"/evm/programs/*) BENCH_SENDER=$(jq -r 'to_entries[0].value.transaction.sender // empty' "$f") ;;
    *) BENCH_SENDER= ;; esac
    export BENCH_CODE BENCH_INPUT
    if [ -n "$BENCH_STORAGE" ]; then export BENCH_STORAGE; else unset BENCH_STORAGE; fi
    if [ -n "$BENCH_SENDER" ]; then export BENCH_SENDER; else unset BENCH_SENDER; fi
}

# The harness's fixed cost per forge run (startup, compile-cache check,
# setUp) and per empty call, each the best of $reps runs: a program run of n
# calls costs startup + n * (empty + program).
BENCH_CODE=0x00 BENCH_INPUT=0x
export BENCH_CODE BENCH_INPUT
empty_n=2000000
startup= empty_total=
r=0
while [ "$r" -lt "$reps" ]; do
    s1=$(forge_cpu test_empty 1); s2=$(forge_cpu test_empty "$empty_n")
    [ "$s1" = fail ] || [ "$s2" = fail ] && { echo "evm_vs_revm: the empty harness run fails" >&2; exit 1; }
    startup=$(awk -v a="$s1" -v b="$startup" 'BEGIN { print (b == "" || a < b) ? a : b }')
    empty_total=$(awk -v a="$s2" -v b="$empty_total" 'BEGIN { print (b == "" || a < b) ? a : b }')
    r=$((r + 1))
done
empty_ns=$(awk -v t="$empty_total" -v s="$startup" -v n="$empty_n" 'BEGIN { printf "%.1f", (t - s) * 1e9 / n }')
echo "revm harness: forge run ${startup} s CPU, empty call ${empty_ns} ns" >&2

# revm ns/call of input $2 of file $1 over n calls, net of the harness, the
# best of $reps runs; "fail" when the program fails in revm.
revm_time() {
    bench_env "$1" "$2"
    best=
    r=0
    while [ "$r" -lt "$reps" ]; do
        c=$(forge_cpu test_program "$3")
        [ "$c" = fail ] && { echo fail; return; }
        t=$(awk -v c="$c" -v s="$startup" -v e="$empty_ns" -v n="$3" 'BEGIN { printf "%.1f", (c - s) * 1e9 / n - e }')
        best=$(awk -v a="$t" -v b="$best" 'BEGIN { print (b == "" || a < b) ? a : b }')
        r=$((r + 1))
    done
    echo "$best"
}

printf '%-32s %14s %14s %8s\n' program "restake ns" "revm ns" ratio
[ $# -gt 0 ] || set -- "$programs"/main/*.json "$programs"/micro/*.json "$here"/evm/programs/*.json
for f in "$@"; do
    [ -f "$f" ] || continue
    # bench_evm_world prints: name index net_ns raw_ns empty_ns gas (or name index fail status)
    "$bin" "$f" | while read -r name i rs raw empty gas; do
        if [ "$rs" = fail ]; then
            printf '%-32s %14s %14s %8s\n' "$name/$i" "fail($raw)" - -
            continue
        fi
        n=$(awk -v t="$raw" -v ms="$target_ms" 'BEGIN { n = int(ms * 1e6 / (t > 1 ? t : 1));
            if (n < 3) n = 3; if (n > 2000000) n = 2000000; print n }')
        rv=$(revm_time "$f" "$i" "$n")
        ratio=$(awk -v a="$rv" -v b="$rs" 'BEGIN { if (a == "fail" || b <= 0) print "-"; else printf "%.2f", a / b }')
        printf '%-32s %14s %14s %8s\n' "$name/$i" "$rs" "$rv" "$ratio"
    done
done
