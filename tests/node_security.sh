#!/usr/bin/env bash
# Safe devnet defaults (docs/security.md): a warning when listening beyond
# loopback; no CORS headers unless --allow-origin; --locked refuses
# impersonation, balance surgery and the unlocked accounts; time travel is
# validated; SIGTERM under a long --block-time seals the pending block,
# answers the waiting client and exits promptly.
# Usage: tests/node_security.sh path/to/restake
set -uo pipefail
RESTAKE=${1:?usage: node_security.sh path/to/restake}
cd "$(dirname "$0")/.."
. tests/lib/node.sh
command -v curl >/dev/null || { echo "node_security: SKIP: curl not found"; exit 77; }
WORK=$(mktemp -d /tmp/restake_security.XXXXXX)
NODE=
cleanup() { [ -n "$NODE" ] && kill -9 "$NODE" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
FAIL=0
fail() { echo "node_security: $*" >&2; FAIL=1; }

start() { # args...: the node's stderr apart, in node.err (its warnings are checked)
  NODE_ERR=$WORK/node.err node_start "$WORK/node.log" "$RESTAKE" devnet --quiet "$@" || return 1
  NODE=$NODE_PID PORT=$NODE_PORT
}
stop() { kill "$NODE"; wait "$NODE" 2>/dev/null; NODE=; }
call() { curl -s --max-time 60 -H 'content-type: application/json' "${@:3}" \
  -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":[${2:-}]}" "http://127.0.0.1:$PORT"; }
acao() { curl -s -o /dev/null -D - --max-time 10 -H 'content-type: application/json' ${1:+-H "Origin: $1"} \
  -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "http://127.0.0.1:$PORT" |
  tr -d '\r' | sed -n 's/^Access-Control-Allow-Origin: //Ip'; }

# ---- listening beyond loopback ----
start --host 0.0.0.0 || exit 1
grep -q "WARNING: listening on 0.0.0.0" "$WORK/node.err" || fail "no warning for --host 0.0.0.0"
stop
start || exit 1
grep -q WARNING "$WORK/node.err" && fail "a warning on loopback"

# ---- CORS ----
[ -z "$(acao http://evil.example)" ] || fail "CORS header sent by default"
stop
start --allow-origin http://localhost:3000 || exit 1
[ "$(acao http://localhost:3000)" = http://localhost:3000 ] || fail "allowed origin not echoed"
[ -z "$(acao http://evil.example)" ] || fail "CORS header for an origin not allowed"
stop
start --allow-origin '*' || exit 1
[ "$(acao http://evil.example)" = '*' ] || fail "--allow-origin * not honoured"

# ---- time travel ----
call evm_increaseTime -5 | grep -q '"error"' || fail "negative evm_increaseTime accepted"
call evm_increaseTime '"0x7fffffffffffffff"' | grep -q '"error"' || fail "overflowing evm_increaseTime accepted"
call evm_increaseTime '"0xffffffffffffffff"' | grep -q '"error"' || fail "evm_increaseTime 2^64-1 accepted"
call evm_setNextBlockTimestamp 1 | grep -q '"error"' || fail "evm_setNextBlockTimestamp in the past accepted"
call evm_setNextBlockTimestamp '"0xffffffffffffffff"' | grep -q '"error"' || fail "evm_setNextBlockTimestamp 2^64-1 accepted"
call evm_increaseTime 60 | grep -q '"result"' || fail "evm_increaseTime 60 refused"
call evm_mine | grep -q '"result"' || fail "evm_mine refused"
ts=$(call eth_getBlockByNumber '"latest",false' | grep -o '"timestamp":"0x[0-9a-f]*"' | cut -d'"' -f4)
[ $((ts)) -lt $((1 << 40)) ] && [ $((ts)) -gt 1600000000 ] || fail "block timestamp $ts out of range"
stop

# ---- --locked ----
DEV=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
start --locked || exit 1
for m in "anvil_setBalance \"$DEV\",\"0x1\"" "anvil_impersonateAccount \"$DEV\"" "anvil_setNonce \"$DEV\",\"0x1\"" \
         "eth_sendTransaction {\"from\":\"$DEV\",\"to\":\"$DEV\"}" "evm_revert \"0x1\""; do
  set -- $m
  call "$1" "$2" | grep -q 'disabled on a --locked node' || fail "--locked did not refuse $1"
done
[ "$(call eth_accounts)" = '{"jsonrpc":"2.0","id":1,"result":[]}' ] || fail "--locked lists unlocked accounts"
call eth_blockNumber | grep -q '"result"' || fail "--locked refused a read"
stop

# ---- SIGTERM with a transaction waiting for a 30 s block ----
start --data "$WORK/data" --block-time 30 || exit 1
TKA=0x7b759530bc34393C7275cd91C848069947097906
CD=0xa9059cbb00000000000000000000000000000000000000000000000000000000000000420000000000000000000000000000000000000000000000000000000000000001
call eth_sendTransaction "{\"from\":\"$DEV\",\"to\":\"$TKA\",\"data\":\"$CD\"}" >"$WORK/tx.out" &
CLIENT=$!
sleep 1
t0=$(date +%s%N)
kill -TERM "$NODE"; wait "$NODE"; rc=$?; NODE=
ms=$((($(date +%s%N) - t0) / 1000000))
wait "$CLIENT"
hash=$(grep -o '"result":"0x[0-9a-f]*"' "$WORK/tx.out" | cut -d'"' -f4)
[ "$rc" = 0 ] || fail "SIGTERM exit status $rc"
[ "$ms" -lt 5000 ] || fail "SIGTERM took $ms ms under --block-time 30"
[ -n "$hash" ] || fail "the waiting client got no answer: $(cat "$WORK/tx.out")"
start --data "$WORK/data" || exit 1
[ -n "$hash" ] && ! call eth_getTransactionReceipt "\"$hash\"" | grep -q blockNumber && fail "answered tx not stored"
stop
[ "$FAIL" = 0 ] && echo "node_security: all checks passed (SIGTERM under --block-time 30: exit in $ms ms, pending tx sealed)"
exit "$FAIL"
