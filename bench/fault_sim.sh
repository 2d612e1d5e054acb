#!/usr/bin/env bash
# The long fault simulation: 10^4 seeds (or $2) split over $3 processes
# (default 1, so a shared machine keeps its other core), each printing its
# totals; prints the sum (seeds, faults injected by kind, kills and
# restarts, acknowledged transactions, lost, divergent) and the wall time;
# exit 1 when any seed failed. Each process's output is kept in
# $FAULT_SIM_LOG.N (default /tmp/fault_sim.N.log): it has a progress line
# every 500 seeds, so an interrupted run still gives figures.
# Usage: bench/fault_sim.sh path/to/build [seeds] [jobs] [first] [steps]
#        (steps: client actions per seed, default 50)
set -uo pipefail
BUILD=${1:?usage: fault_sim.sh path/to/build [seeds] [jobs] [first] [steps]}
SEEDS=${2:-10000} JOBS=${3:-1} FIRST=${4:-1} STEPS=${5:-50}
LOG=${FAULT_SIM_LOG:-/tmp/fault_sim}
BUILD=$(cd "$BUILD" && pwd)
cd "$(dirname "$0")/.."
per=$(((SEEDS + JOBS - 1) / JOBS))
t0=$(date +%s)
pids=() logs=()
for j in $(seq 0 $((JOBS - 1))); do
  start=$((FIRST + j * per)); n=$per
  [ $((start + n)) -gt $((FIRST + SEEDS)) ] && n=$((FIRST + SEEDS - start))
  [ "$n" -gt 0 ] || continue
  "$BUILD/bench_fault_sim" "$start" "$n" "$STEPS" >"$LOG.$j.log" 2>/dev/null &
  pids+=($!) logs+=("$LOG.$j.log")
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
wall=$(($(date +%s) - t0))
grep -h "FAILED" "${logs[@]}"
# Sum the key=value totals lines of the processes.
grep -h "^bench_fault_sim totals:" "${logs[@]}" | awk -v wall="$wall" -v procs="${#pids[@]}" -v steps="$STEPS" '
  { for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] != "steps") sum[kv[1]] += kv[2] } }
  END {
    printf "fault_sim: %d seeds (%d process(es), %d actions each) in %d s wall\n", sum["seeds"], procs, steps, wall
    printf "fault_sim: faults injected: %d ENOSPC, %d EIO writes, %d torn writes, %d lost fsyncs, %d read EIO\n", \
      sum["enospc"], sum["eio_write"], sum["torn"], sum["lost_fsync"], sum["read_eio"]
    printf "fault_sim: %d kills with power cuts (%d unsynced writes lost, %d kept), %d restarts\n", \
      sum["kills"], sum["cut_lost"], sum["cut_kept"], sum["restarts"]
    printf "fault_sim: %d transactions acknowledged; %d write errors answered to clients; %d I/O operations\n", \
      sum["acked"], sum["write_errors"], sum["io_ops"]
    printf "fault_sim: seeds failed %d: lost %d, divergent %d, not reopening %d\n", \
      sum["failed"], sum["lost"], sum["divergent"], sum["unopenable"]
    printf "fault_sim: wall time by phase: %.0f s recoveries, %.0f s client actions, %.0f s checks, %.0f s replays\n", \
      sum["s_open"], sum["s_act"], sum["s_check"], sum["s_replay"]
  }'
echo "fault_sim: exit $rc"
exit "$rc"
