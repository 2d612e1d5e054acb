#!/usr/bin/env bash
# State files (src/node/state_file.h): anvil_dumpState / anvil_loadState and
# --dump-state / --load-state / --state restore balances, nonces, protocol
# storage and the head's number and time; a corrupt, truncated, wrong-version
# or other-chain file is refused with a precise error and changes nothing.
# Usage: tests/state_file.sh path/to/restake
set -uo pipefail
NAME=state_file
RESTAKE=${1:?usage: state_file.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/anvil_lib.bash
TMP=$(mktemp -d /tmp/restake_state_file.XXXXXX)
trap 'stop_node; rm -rf "$TMP"; [ "$FAILS" = 0 ] && rm -f "$LOG"' EXIT
TKA=0x7b759530bc34393C7275cd91C848069947097906
pad() { printf '%064s' "${1#0x}" | tr ' ' 0; }
tka_of() { jget "$(rpc eth_call "[{\"to\":\"$TKA\",\"data\":\"0x70a08231$(pad "$1")\"},\"latest\"]")" 'int(v,16)'; }
unhex() { python3 -c 'import json,sys; open(sys.argv[1],"wb").write(bytes.fromhex(json.loads(sys.stdin.read())[2:]))' "$1"; }
head_of() { jget "$(rpc eth_getBlockByNumber '["latest",false]')" 'str(int(v["number"],16)) + " " + str(int(v["timestamp"],16))'; }
state_of() { # what a restored node must show
  echo "$(tka_of "${ACC[5]}") $(rpc eth_getTransactionCount "[\"${ACC[7]}\",\"latest\"]") $(rpc eth_getBalance "[\"${ACC[8]}\",\"latest\"]") $(rpc eth_getTransactionCount "[\"${ACC[0]}\",\"latest\"]")"
}
WANT='1000005000000000000000000 "0x2a" "0x1234" "0x1"'

# ---- a chain with a token transfer, surgery and time travel; dumped by RPC
start_node
rpc eth_sendTransaction "[{\"from\":\"${ACC[0]}\",\"to\":\"$TKA\",\"data\":\"0xa9059cbb$(pad "${ACC[5]}")$(pad 4563918244f40000)\"}]" >/dev/null
rpc anvil_setNonce "[\"${ACC[7]}\",\"0x2a\"]" >/dev/null
rpc anvil_setBalance "[\"${ACC[8]}\",\"0x1234\"]" >/dev/null
rpc anvil_setCode '["0x00000000000000000000000000000000000c0de1","0x602a60005260206000f3"]' >/dev/null
rpc anvil_setStorageAt '["0x00000000000000000000000000000000000c0de1","0x7","0x0000000000000000000000000000000000000000000000000000000000000063"]' >/dev/null
rpc anvil_mine '["0x2"]' >/dev/null
rpc evm_mine '[2000000002]' >/dev/null
check state-before "$WANT" "$(state_of)"
check head-before "4 2000000002" "$(head_of)"
dump=$(rpc anvil_dumpState)
unhex "$TMP/a.state" <<<"$dump"
check magic "7273737461746500 00000001 0000000000007a69 0000000000000004 0000000077359402" \
  "$(od -An -tx1 -N36 "$TMP/a.state" | tr -d ' \n' | sed -E 's/^(.{16})(.{8})(.{16})(.{16})(.{16}).*/\1 \2 \3 \4 \5/')"
check dump-flag-ok "$dump" "$(rpc anvil_dumpState '[true]')"
check dump-flag-bad "error -32602 invalid params: preserveHistoricalStates is a boolean" "$(rpc anvil_dumpState '["x"]')"

# ---- --load-state at start: the same state, head number and time; dumping
# again gives the same bytes
start_node --load-state "$TMP/a.state"
check loaded-state "$WANT" "$(state_of)"
check loaded-head "4 2000000002" "$(head_of)"
check loaded-evm-code '"0x602a60005260206000f3"' "$(rpc eth_getCode '["0x00000000000000000000000000000000000c0de1","latest"]')"
check loaded-evm-storage '"0x0000000000000000000000000000000000000000000000000000000000000063"' \
  "$(rpc eth_getStorageAt '["0x00000000000000000000000000000000000c0de1","0x7","latest"]')"
check loaded-evm-call '"0x000000000000000000000000000000000000000000000000000000000000002a"' \
  "$(rpc eth_call '[{"to":"0x00000000000000000000000000000000000c0de1"},"latest"]')"
check redump-identical "$dump" "$(rpc anvil_dumpState)"
h=$(rpc eth_sendTransaction "[{\"from\":\"${ACC[0]}\",\"to\":\"${ACC[1]}\",\"value\":\"0x1\"}]")
check mines-after-load '"0x5" "0x1"' "$(rpc eth_blockNumber) $(jget "$(rpc eth_getTransactionReceipt "[$h]")" '"\"" + v["status"] + "\""')"
check nonce-continues '"0x2"' "$(rpc eth_getTransactionCount "[\"${ACC[0]}\",\"latest\"]")"

# ---- anvil_loadState into a running chain already past the file's head:
# a new block holds the state (a chain never goes back)
check load-rpc true "$(rpc anvil_loadState "[$dump]")"
check load-rpc-head '"0x6"' "$(rpc eth_blockNumber)"
check load-rpc-state "$WANT" "$(state_of)"

# ---- refusals change nothing
root=$(rpc restake_stateRoot)
bad() { python3 - "$@" <<'PY'
import sys
src, dst, what = sys.argv[1], sys.argv[2], sys.argv[3]
b = bytearray(open(src, "rb").read())
if what == "flip": b[100] ^= 1
elif what == "version": b[11] = 2
elif what == "truncate": b = b[:-7]
elif what == "magic": b[0:8] = b"notstate"
open(dst, "wb").write(bytes(b))
PY
}
hexof() { python3 -c 'import sys; print("\"0x" + open(sys.argv[1],"rb").read().hex() + "\"")' "$1"; }
bad "$TMP/a.state" "$TMP/flip.state" flip
bad "$TMP/a.state" "$TMP/v2.state" version
bad "$TMP/a.state" "$TMP/trunc.state" truncate
bad "$TMP/a.state" "$TMP/magic.state" magic
size=$(stat -c %s "$TMP/a.state")
check rpc-corrupt "error -32602 state file: checksum mismatch (corrupt file)" "$(rpc anvil_loadState "[$(hexof "$TMP/flip.state")]")"
check rpc-version "error -32602 state file version 2 is not supported (this build reads version 1)" \
  "$(rpc anvil_loadState "[$(hexof "$TMP/v2.state")]")"
check rpc-truncated "error -32602 state file: $((size - 7)) bytes where the header says $size (truncated or extended)" \
  "$(rpc anvil_loadState "[$(hexof "$TMP/trunc.state")]")"
check rpc-magic "error -32602 not a restake state file (no \"rsstate\" header)" "$(rpc anvil_loadState '["0x1234"]')"
check rpc-not-hex "error -32602 invalid params: state (hex bytes)" "$(rpc anvil_loadState '["zz"]')"
check unchanged-root "$root" "$(rpc restake_stateRoot)"
check unchanged-head '"0x6"' "$(rpc eth_blockNumber)"
stop_node
startup() { "$RESTAKE" devnet --port 0 --quiet "$@" 2>&1 | head -1; }
check start-corrupt "restake devnet: $TMP/flip.state: state file: checksum mismatch (corrupt file)" \
  "$(startup --load-state "$TMP/flip.state")"
check start-magic "restake devnet: $TMP/magic.state: not a restake state file (no \"rsstate\" header)" \
  "$(startup --load-state "$TMP/magic.state")"
check start-chain-id "restake devnet: $TMP/a.state: state file is for chain id 31337; this node runs chain id 5" \
  "$(startup --chain-id 5 --load-state "$TMP/a.state")"
check start-missing "restake devnet: cannot read $TMP/none.state: No such file or directory" \
  "$(startup --load-state "$TMP/none.state")"
check with-data "restake devnet: --load-state/--dump-state/--state keep an in-memory chain; a --data directory already keeps the chain (anvil_dumpState still works)" \
  "$(startup --data "$TMP/d" --state "$TMP/a.state")"

# ---- --dump-state on SIGTERM and SIGINT; --state loads then dumps
start_node --dump-state "$TMP/b.state"
rpc anvil_setBalance "[\"${ACC[9]}\",\"0x99\"]" >/dev/null
kill -TERM "$NODE"; wait "$NODE"; NODE=
check sigterm-dump yes "$([ -s "$TMP/b.state" ] && echo yes || echo no)"
start_node --state "$TMP/b.state"
check state-loaded '"0x99"' "$(rpc eth_getBalance "[\"${ACC[9]}\",\"latest\"]")"
rpc anvil_setBalance "[\"${ACC[9]}\",\"0x98\"]" >/dev/null
kill -INT "$NODE"; wait "$NODE"; NODE=
start_node --state "$TMP/b.state"
check sigint-dump '"0x98"' "$(rpc eth_getBalance "[\"${ACC[9]}\",\"latest\"]")"
start_node --state "$TMP/fresh.state"
check state-first-run '"0x0"' "$(rpc eth_blockNumber)"
stop_node
check state-first-run-written yes "$([ -s "$TMP/fresh.state" ] && echo yes || echo no)"

# ---- a durable node: anvil_loadState is a block with a snapshot; it
# survives a restart (recovery starts from that snapshot)
start_node --data "$TMP/d"
check durable-load true "$(rpc anvil_loadState "[$dump]")"
start_node --data "$TMP/d"
check durable-after-restart "$WANT 4 2000000002" "$(state_of) $(head_of)"
finish
