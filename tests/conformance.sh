#!/usr/bin/env bash
# Replays every conformance vector of each implemented suite through
# `restake conformance` and fails on any difference; then checks that the
# runner itself notices a difference and rejects bad arguments.
# Usage: tests/conformance.sh path/to/restake
set -euo pipefail

restake=${1:?usage: conformance.sh path/to/restake}
here=$(cd "$(dirname "$0")" && pwd)
vectors=${RESTAKE_VECTORS:-$here/../../shared/conformance}
# Every implemented suite of shared/conformance (a newer suite's files sit
# in a folder of its own: avs/avs_*.json).
suites=(liquid slashing eigenpod rewards avs gaps vault)

if [ ! -d "$vectors" ]; then
    echo "conformance: vector directory $vectors not found (set RESTAKE_VECTORS)" >&2
    exit 1
fi

files=()
for s in "${suites[@]}"; do
    before=${#files[@]}
    for f in "$vectors"/"$s"_*.json "$vectors"/"$s"/"$s"_*.json; do
        [ -e "$f" ] && files+=("$f")
    done
    if [ ${#files[@]} -eq "$before" ]; then
        echo "conformance: no $s vectors in $vectors" >&2
        exit 1
    fi
done

fail=0
"$restake" conformance "${files[@]}" || fail=1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A vector with one byte of expected revert data changed must be reported
# (exit 1, the step named) — otherwise the replay above proves nothing.
victim="$vectors/liquid_0001.json"
sed -E '0,/"revertData": ?"0x/s//"revertData":"0xff/' "$victim" > "$tmp/tampered.json"
set +e
out=$("$restake" conformance "$tmp/tampered.json" 2>&1)
rc=$?
set -e
if [ $rc -ne 1 ] || ! grep -q "revertData: expected" <<<"$out" || ! grep -q "first difference at step" <<<"$out"; then
    echo "conformance: a tampered vector was not reported (exit $rc):" >&2
    echo "$out" >&2
    fail=1
fi

expect_usage_error() {
    set +e
    "$restake" conformance "$@" >"$tmp/out" 2>&1
    local rc=$?
    set -e
    if [ $rc -ne 2 ]; then
        echo "conformance: 'restake conformance $*' exited $rc, expected 2" >&2
        cat "$tmp/out" >&2
        fail=1
    fi
}
expect_usage_error
expect_usage_error --bogus "$victim"
expect_usage_error --step x "$victim"
expect_usage_error --rpc http://127.0.0.1:1 "$victim"
expect_usage_error "$tmp/does-not-exist.json"
printf '{"format": "restake-conformance/1"' > "$tmp/broken.json"
expect_usage_error "$tmp/broken.json"

exit $fail
