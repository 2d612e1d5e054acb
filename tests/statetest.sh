#!/usr/bin/env bash
# Ethereum state tests (GeneralStateTests, Cancun entries): runs every file
# under $RESTAKE_EVM_TESTS (default ../shared/evm-tests/GeneralStateTests next
# to the repository) with `restake statetest`, one process per file, in
# parallel. Passes when every failing entry belongs to a file listed in
# tests/statetest-expected-failures.txt and no process crashed or timed out.
# Exit 77 (skip) when the tests are absent.
#
# A sanitizer build runs 10-50x slower: for it the script runs a fixed
# sample (every RESTAKE_STATETEST_SAMPLE-th file in sorted order, default 10)
# without the files of tests/statetest-slow.txt (minutes each even
# optimised), and says so. RESTAKE_STATETEST_ALL=1 runs every file.
set -u
bin=${1:?usage: statetest.sh RESTAKE_BINARY}
here=$(cd "$(dirname "$0")" && pwd)
dir=${RESTAKE_EVM_TESTS:-$here/../../shared/evm-tests/GeneralStateTests}
[ -d "$dir" ] || { echo "statetest: no state tests at $dir (set RESTAKE_EVM_TESTS); skipping"; exit 77; }
dir=$(cd "$dir" && pwd)
expected="$here/statetest-expected-failures.txt"
slow="$here/statetest-slow.txt"
per_file_timeout=${RESTAKE_STATETEST_TIMEOUT:-1200}
jobs=${RESTAKE_STATETEST_JOBS:-$(nproc)}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Sanitizer reports must not look like the exit status 1 of failing entries.
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-exitcode=87:print_stacktrace=1}

(cd "$dir" && find . -name '*.json' | sed 's|^\./||' | sort) > "$work/files"
if grep -q __asan_init "$bin" 2>/dev/null && [ "${RESTAKE_STATETEST_ALL:-0}" != 1 ]; then
    sample=${RESTAKE_STATETEST_SAMPLE:-10}
    grep -v '^#' "$slow" | sed '/^$/d' > "$work/slow"
    grep -vxF -f "$work/slow" "$work/files" | awk -v k="$sample" 'NR % k == 1 || k == 1' > "$work/files.fast"
    echo "statetest: sanitizer build: running $(wc -l < "$work/files.fast") of $(wc -l < "$work/files") files" \
         "(every ${sample}th, without tests/statetest-slow.txt; RESTAKE_STATETEST_ALL=1 runs all)"
    mv "$work/files.fast" "$work/files"
fi

# One line per entry, prefixed with the file's path relative to $dir; a
# process that dies or times out adds a CRASH line; every file adds a TIME line.
export bin dir per_file_timeout work
xargs -a "$work/files" -P "$jobs" -I{} bash -c '
    f=$1
    t0=$(date +%s.%N)
    out=$(timeout "$per_file_timeout" "$bin" statetest "$dir/$f" 2>/dev/null)
    rc=$?
    t1=$(date +%s.%N)
    printf "%s\n" "$out" | grep -E "^(PASS|FAIL) " | sed "s|^|$f |"
    if [ "$rc" -gt 1 ]; then echo "$f CRASH exit=$rc"; fi
    echo "$(awk -v a="$t0" -v b="$t1" "BEGIN { printf(\"%.1f\", b - a) }") $f" >> "$work/times"
' _ {} > "$work/results"

pass=$(grep -c ' PASS ' "$work/results")
fail=$(grep -c ' FAIL ' "$work/results")
crash=$(grep -c ' CRASH ' "$work/results")
total=$((pass + fail))
echo "state tests (Cancun): $pass/$total passed"
echo "statetest: slowest files (seconds):"
sort -rn "$work/times" | head -5 | sed 's/^/  /'

grep -v '^#' "$expected" | sed '/^$/d' > "$work/expected"
grep -E ' (FAIL|CRASH) ' "$work/results" | awk '{print $1}' | sort -u > "$work/failing_files"
unexpected=$(grep -vxF -f "$work/expected" "$work/failing_files" || true)
status=0
if [ "$crash" -gt 0 ]; then
    echo "statetest: $crash file(s) crashed or timed out:"
    grep ' CRASH ' "$work/results"
    status=1
fi
if [ -n "$unexpected" ]; then
    echo "statetest: unexpected failures in $(printf '%s\n' "$unexpected" | wc -l) file(s):"
    while read -r f; do
        grep -E "^$f (FAIL|CRASH) " "$work/results" | head -3
    done <<< "$unexpected"
    status=1
fi
exit $status
