#!/usr/bin/env bash
# Crash safety of `restake devnet --data DIR`: under a stream of transactions
# from several clients, SIGKILL the node at a random moment, restart it, and
# check that every acknowledged transaction is present and that the state
# root of the recovered node equals that of a fresh replay from genesis.
# Usage: tests/node_crash.sh path/to/restake [iterations]
#        (iterations default: $CRASH_ITERATIONS or 100)
# Every 50 kills it prints the running totals (kills, acknowledged, lost,
# head block). With $CRASH_UNTIL (a Unix time), no kill starts after that
# time: the run ends early with its final checks on the kills done.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/skip.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/node.sh"
RESTAKE=${1:?usage: node_crash.sh path/to/restake [iterations]}
ITER=${2:-${CRASH_ITERATIONS:-100}}
cd "$(dirname "$0")/.."
command -v curl >/dev/null || skip node_crash "curl not found"
# The kill moments come from bash's RANDOM, seeded from RESTAKE_SEED (or the
# clock) and printed, so a failing run can be replayed.
SEED=$(( ${RESTAKE_SEED:-$(date +%s%N)} & 0x7fffffff ))
RANDOM=$SEED
echo "node_crash: seed $SEED (replay: RESTAKE_SEED=$SEED)"
if ! "$RESTAKE" devnet --help >/dev/null 2>&1; then
  echo "node_crash: FAIL: $RESTAKE has no devnet command" >&2
  exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-$(dirname "$RESTAKE")}/restake_node_crash.XXXXXX")
DATA=$WORK/data
ACK=$WORK/acked
: >"$ACK"
NODE=
SENDERS=()
cleanup() {
  for p in "${SENDERS[@]}"; do kill "$p" 2>/dev/null; done
  [ -n "$NODE" ] && kill -9 "$NODE" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# Every start reads the port anew: the restarted node may get another one.
start_node() { # extra args... ($NODE_START_TICKS: 50 ms ticks to wait)
  node_start "$WORK/node.log" "$RESTAKE" devnet --data "$DATA" --quiet --snapshot-blocks 150 "$@" || return 1
  NODE=$NODE_PID R=$NODE_URL
}

rpc() { curl -s --max-time 20 -H 'content-type: application/json' -d "$1" "$R"; }

# transfer(0x…42, 1) of the devnet token TKA, from an unlocked dev account.
TKA=0x7b759530bc34393C7275cd91C848069947097906
CD=0xa9059cbb00000000000000000000000000000000000000000000000000000000000000420000000000000000000000000000000000000000000000000000000000000001
ACCOUNTS=(0x70997970C51812dc3A010C7d01b50e0d17dc79C8 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC 0x90F79bf6EB2c4f870365E785982E1f101E93b906)

sender() { # from: sends until the node goes away; records each acknowledged hash
  local from=$1 resp
  while true; do
    resp=$(curl -s --max-time 5 -H 'content-type: application/json' \
      -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_sendTransaction\",\"params\":[{\"from\":\"$from\",\"to\":\"$TKA\",\"data\":\"$CD\"}]}" \
      "$R") || return 0
    case $resp in
      *'"result":"0x'*) echo "$resp" | sed 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/' >>"$ACK" ;;
      *) [ -z "$resp" ] && return 0 ;;
    esac
  done
}

state_root() { rpc '{"jsonrpc":"2.0","id":1,"method":"restake_stateRoot","params":[]}' | sed 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/'; }

# Every acknowledged hash must have a receipt: one batch request per 200 hashes.
check_acked() {
  local missing=0 batch n=0
  while mapfile -t -n 200 chunk && [ ${#chunk[@]} -gt 0 ]; do
    batch=$(printf '{"jsonrpc":"2.0","id":1,"method":"eth_getTransactionReceipt","params":["%s"]},' "${chunk[@]}")
    resp=$(rpc "[${batch%,}]")
    n=$((n + ${#chunk[@]}))
    missing=$((missing + $(echo "$resp" | grep -o '"result":null' | wc -l)))
    [ -z "$resp" ] && missing=$((missing + ${#chunk[@]}))
  done <"$ACK"
  echo "$missing $n"
}

head_block() { printf '%d' "$(rpc '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}' | sed 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/')"; }

FAIL=0
KILLED=0
for i in $(seq "$ITER"); do
  if [ -n "${CRASH_UNTIL:-}" ] && [ "$(date +%s)" -ge "$CRASH_UNTIL" ]; then
    echo "node_crash: stopping early at the deadline, after $KILLED of $ITER kills"
    break
  fi
  extra=()
  [ $((i % 2)) -eq 0 ] && extra=(--block-time 1)
  start_node "${extra[@]}" || { FAIL=1; break; }
  read -r missing total < <(check_acked)
  if [ "$missing" -ne 0 ]; then
    echo "node_crash: iteration $i: $missing of $total acknowledged transactions lost" >&2
    echo "node_crash: head $(rpc '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}'); data dir:" >&2
    ls -la "$DATA" >&2
    cat "$WORK/node.log" >&2
    FAIL=1
    break
  fi
  if [ "$KILLED" -gt 0 ] && [ $((KILLED % 50)) -eq 0 ]; then
    echo "node_crash: running: $KILLED kills, $total acknowledged transactions, $missing lost, head block $(head_block), $(date -u +%H:%M:%S)"
  fi
  SENDERS=()
  for a in "${ACCOUNTS[@]}"; do sender "$a" & SENDERS+=($!); done
  sleep "0.$((RANDOM % 9 + 1))$((RANDOM % 10))"
  [ "${#extra[@]}" -gt 0 ] && sleep 1
  kill -9 "$NODE"
  wait "$NODE" 2>/dev/null
  NODE=
  KILLED=$i
  for p in "${SENDERS[@]}"; do wait "$p" 2>/dev/null; done
  SENDERS=()
done

if [ "$FAIL" -eq 0 ]; then
  start_node || FAIL=1
  read -r missing total < <(check_acked)
  [ "$missing" -eq 0 ] || { echo "node_crash: final: $missing of $total acknowledged transactions lost" >&2; FAIL=1; }
  recovered=$(state_root)
  blocks=$(rpc '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}' | sed 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/')
  kill "$NODE"; wait "$NODE" 2>/dev/null; NODE=
  NODE_START_TICKS=24000 start_node --replay-from-genesis || FAIL=1 # a long chain replays for minutes
  replayed=$(state_root)
  kill "$NODE"; wait "$NODE" 2>/dev/null; NODE=
  if [ -z "$recovered" ] || [ "$recovered" != "$replayed" ]; then
    echo "node_crash: state root after recovery $recovered != fresh replay $replayed" >&2
    FAIL=1
  fi
  echo "node_crash: $KILLED kills, $total acknowledged transactions, $missing lost, $((blocks)) blocks, state root $recovered $([ "$recovered" = "$replayed" ] && echo = || echo '!=') replay $replayed"
fi
exit "$FAIL"
