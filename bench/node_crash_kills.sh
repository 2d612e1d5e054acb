#!/usr/bin/env bash
# The long crash run: tests/node_crash.sh with 1,000 SIGKILLs (or $1 kills)
# under load from three clients, alternating automine and --block-time 1;
# prints the kills, acknowledged transactions (all must be present), blocks,
# the state root equality with a replay from genesis, and the wall time;
# running totals every 50 kills. With $CRASH_UNTIL (a Unix time) no kill
# starts after that time and the final checks run on the kills done.
# Usage: bench/node_crash_kills.sh path/to/restake [kills]
set -uo pipefail
RESTAKE=${1:?usage: node_crash_kills.sh path/to/restake [kills]}
KILLS=${2:-1000}
cd "$(dirname "$0")/.."
t0=$(date +%s)
bash tests/node_crash.sh "$RESTAKE" "$KILLS"
rc=$?
echo "node_crash_kills: $KILLS kills asked, wall time $(($(date +%s) - t0)) s, exit $rc"
exit "$rc"
