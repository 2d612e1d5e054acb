#!/usr/bin/env bash
# A full disk stops the chain, never forks it from its disk. On a small
# tmpfs, in automine and in interval mode: fill the disk, keep sending until
# a write fails, check that the failure is a clear JSON-RPC error, that the
# head does not move past the stored chain while the disk is full and that
# reads are still served; then free the space, send more, restart, and check
# that every acknowledged transaction is present and the chain has no hole
# (a restart and a replay from genesis both succeed and agree).
# Needs root (mount); exit 77 (skipped) otherwise.
# Usage: tests/node_diskfull.sh path/to/restake
set -uo pipefail
RESTAKE=${1:?usage: node_diskfull.sh path/to/restake}
cd "$(dirname "$0")/.."
. tests/lib/node.sh
command -v curl >/dev/null || { echo "node_diskfull: SKIP: curl not found"; exit 77; }
WORK=$(mktemp -d /tmp/restake_diskfull.XXXXXX)
MNT=$WORK/mnt
mkdir -p "$MNT"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=24m tmpfs "$MNT" 2>/dev/null; then
  echo "node_diskfull: SKIP: cannot mount a tmpfs (needs root)"
  rmdir "$MNT"; rm -rf "$WORK"
  exit 77
fi
NODE=
cleanup() {
  [ -n "$NODE" ] && kill -9 "$NODE" 2>/dev/null
  wait 2>/dev/null
  umount "$MNT" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

rpc() { curl -s --max-time 30 -H 'content-type: application/json' -d "$1" "$R"; }
call() { rpc "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":[${2:-}]}"; }
result() { grep -o '"result":"0x[0-9a-f]*"' | cut -d'"' -f4; }
head_number() { echo $(($(call eth_blockNumber | result))); }

# Every start reads the port anew: the restarted node may get another one.
start_node() { # data extra-args...
  local data=$1; shift
  node_start "$WORK/node.log" "$RESTAKE" devnet --data "$data" --quiet "$@" || return 1
  NODE=$NODE_PID R=$NODE_URL
}
stop_node() { kill "$NODE"; wait "$NODE" 2>/dev/null; NODE=; }

TKA=0x7b759530bc34393C7275cd91C848069947097906
CD=0xa9059cbb00000000000000000000000000000000000000000000000000000000000000420000000000000000000000000000000000000000000000000000000000000001
FROM=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
send() { call eth_sendTransaction "{\"from\":\"$FROM\",\"to\":\"$TKA\",\"data\":\"$CD\"}"; }

FAIL=0
fail() { echo "node_diskfull: $MODE: $*" >&2; FAIL=1; }

run_mode() { # mode extra-args...
  MODE=$1; shift
  local data=$MNT/$MODE acked=$WORK/acked.$MODE resp h0 h1 errors=0
  : >"$acked"
  start_node "$data" "$@" || { FAIL=1; return; }
  for _ in 1 2 3; do send | result >>"$acked"; done
  # the rest of the disk taken: the next writes find no room
  dd if=/dev/zero of="$MNT/fill" bs=64k 2>/dev/null
  for i in $(seq 400); do
    h0=$(head_number)
    resp=$(send)
    case $resp in
      *'"result":"0x'*) echo "$resp" | result >>"$acked" ;;
      *'storage write failed'*) errors=1; break ;;
      *) fail "unexpected answer: $resp"; break ;;
    esac
    # grow the write-ahead log faster than one transfer a request
    call anvil_mine 200 | grep -q '"result"' || true
  done
  [ "$errors" = 1 ] || fail "no write failed on a full disk"
  echo "node_diskfull: $MODE: write failed on a full disk after $(wc -l <"$acked") acknowledged transactions: $resp"
  # the chain holds at the last stored block and refuses writes clearly; reads are served
  for _ in 1 2 3; do
    resp=$(send)
    case $resp in *'"result":"0x'*) echo "$resp" | result >>"$acked" ;; *'"error"'*) ;; *) fail "no answer: $resp" ;; esac
  done
  h1=$(head_number)
  call eth_getBalance "\"$FROM\",\"latest\"" | grep -q '"result":"0x' || fail "reads not served on a full disk"
  rm -f "$MNT/fill"
  for _ in $(seq 5); do
    resp=$(send)
    case $resp in *'"result":"0x'*) echo "$resp" | result >>"$acked" ;; *) fail "write refused after space returned: $resp" ;; esac
  done
  local final=$(head_number) root
  stop_node
  # restarted in automine: no interval block moves it while it is checked
  start_node "$data" || { FAIL=1; return; }
  [ "$(head_number)" -ge "$final" ] || fail "head after restart $(head_number) < $final before"
  final=$(head_number)
  root=$(call restake_stateRoot | result)
  local missing=0
  while read -r hash; do
    call eth_getTransactionReceipt "\"$hash\"" | grep -q '"blockNumber"' || missing=$((missing + 1))
  done <"$acked"
  [ "$missing" = 0 ] || fail "$missing acknowledged transactions lost"
  stop_node
  start_node "$data" --replay-from-genesis || { FAIL=1; return; }
  [ "$(call restake_stateRoot | result)" = "$root" ] || fail "replay from genesis differs"
  stop_node
  echo "node_diskfull: $MODE: head held at $h1 while full, $(wc -l <"$acked") acknowledged all present," \
       "restart and replay from genesis agree at block $final"
}

run_mode automine
run_mode interval --block-time 1
exit "$FAIL"
