#!/usr/bin/env bash
# Ethereum state tests (GeneralStateTests, Cancun entries): runs every file
# under $RESTAKE_EVM_TESTS (default ../shared/evm-tests/GeneralStateTests) with
# `restake statetest`, one process per file, in parallel. Passes when every
# failing entry belongs to a file listed in tests/statetest-expected-failures.txt
# and no process crashed or timed out. Exit 77 (skip) when the tests are absent.
set -u
bin=${1:?usage: statetest.sh RESTAKE_BINARY}
here=$(cd "$(dirname "$0")" && pwd)
dir=${RESTAKE_EVM_TESTS:-$here/../../shared/evm-tests/GeneralStateTests}
[ -d "$dir" ] || { echo "statetest: no state tests at $dir (set RESTAKE_EVM_TESTS); skipping"; exit 77; }
dir=$(cd "$dir" && pwd)
expected="$here/statetest-expected-failures.txt"
per_file_timeout=${RESTAKE_STATETEST_TIMEOUT:-900}
jobs=${RESTAKE_STATETEST_JOBS:-$(nproc)}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One line per entry, prefixed with the file's path relative to $dir; a
# process that dies or times out leaves a CRASH line instead.
export bin dir per_file_timeout
(cd "$dir" && find . -name '*.json' | sed 's|^\./||' | sort) > "$work/files"
xargs -a "$work/files" -P "$jobs" -I{} bash -c '
    f=$1
    out=$(timeout "$per_file_timeout" "$bin" statetest "$dir/$f" 2>/dev/null)
    rc=$?
    printf "%s\n" "$out" | grep -E "^(PASS|FAIL) " | sed "s|^|$f |"
    if [ "$rc" -gt 1 ]; then echo "$f CRASH exit=$rc"; fi
' _ {} > "$work/results"

pass=$(grep -c ' PASS ' "$work/results")
fail=$(grep -c ' FAIL ' "$work/results")
crash=$(grep -c ' CRASH ' "$work/results")
total=$((pass + fail))
echo "state tests (Cancun): $pass/$total passed"

grep -v '^#' "$expected" | sed '/^$/d' > "$work/expected"
grep -E ' (FAIL|CRASH) ' "$work/results" | awk '{print $1}' | sort -u > "$work/failing_files"
unexpected=$(grep -vxF -f "$work/expected" "$work/failing_files" || true)
if [ "$crash" -gt 0 ]; then
    echo "statetest: $crash file(s) crashed or timed out:"
    grep ' CRASH ' "$work/results"
fi
if [ -n "$unexpected" ]; then
    echo "statetest: unexpected failures in $(printf '%s\n' "$unexpected" | wc -l) file(s):"
    while read -r f; do
        grep -E "^$f (FAIL|CRASH) " "$work/results" | head -3
    done <<< "$unexpected"
    exit 1
fi
exit 0
