#!/usr/bin/env bash
# The long fault simulation: 10^4 seeds (or $2) split over $3 processes
# (default 2), each printing its totals; exit 1 when any seed failed.
# Usage: bench/fault_sim.sh path/to/build [seeds] [jobs] [first]
set -uo pipefail
BUILD=${1:?usage: fault_sim.sh path/to/build [seeds] [jobs] [first]}
SEEDS=${2:-10000} JOBS=${3:-2} FIRST=${4:-1}
cd "$(dirname "$0")/.."
per=$(((SEEDS + JOBS - 1) / JOBS))
t0=$(date +%s)
pids=()
for j in $(seq 0 $((JOBS - 1))); do
  start=$((FIRST + j * per)); n=$per
  [ $((start + n)) -gt $((FIRST + SEEDS)) ] && n=$((FIRST + SEEDS - start))
  [ "$n" -gt 0 ] || continue
  "$BUILD/bench_fault_sim" "$start" "$n" 2>/dev/null &
  pids+=($!)
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
echo "fault_sim: $SEEDS seeds in $(($(date +%s) - t0)) s, exit $rc"
exit "$rc"
