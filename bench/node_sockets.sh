#!/usr/bin/env bash
# Latency of a well-behaved client's eth_blockNumber while 10,000 idle
# sockets and 1,000 slowloris connections are held on loopback (each
# reconnecting when the node closes it). Prints the figures.
# Usage: bench/node_sockets.sh path/to/restake [idle] [slowloris] [seconds]
set -uo pipefail
RESTAKE=${1:?usage: node_sockets.sh path/to/restake [idle] [slowloris] [seconds]}
IDLE=${2:-10000} SLOW=${3:-1000} SECS=${4:-30}
cd "$(dirname "$0")/.."
. tests/lib/node.sh
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
WORK=$(mktemp -d /tmp/restake_sockets.XXXXXX)
NODE=
cleanup() { [ -n "$NODE" ] && kill -9 "$NODE" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
node_start "$WORK/node.log" "$RESTAKE" devnet --quiet || exit 1
NODE=$NODE_PID PORT=$NODE_PORT
echo "node_sockets: fd limit $(ulimit -n)"
python3 tests/slow_clients.py "$PORT" "$IDLE" "$SLOW" "$SECS"
rc=$?
echo "node_sockets: node RSS $(awk '/VmRSS/ {print $2, $3}' /proc/$NODE/status), threads $(awk '/Threads/ {print $2}' /proc/$NODE/status)"
exit "$rc"
