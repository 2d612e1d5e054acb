#!/usr/bin/env bash
# debug_traceTransaction, debug_traceCall and debug_traceBlockByNumber
# against `restake devnet`, with the real cast: the callTracer shows every
# routed frame of native transactions (a failing one whose nested call into
# another core contract reverts, an Error(string) revert with its decoded
# reason, a successful registrar callback with its return data and the
# event it led to), the struct logger reports a native transaction (no EVM
# instructions), and a transaction is traced on the state before it even
# after later blocks changed that state; and a transaction that goes
# EVM -> core -> EVM (tests/data/trace/SelfRegistrar.sol, compiled with solcjs:
# an AVS contract that asks the AllocationManager to make it its own
# registrar, and the AllocationManager calls it back) shows all three frames
# with their input, output, revert data and gas.
# Usage: tests/debug_trace.sh path/to/restake   (cast from $CAST or PATH)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/skip.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/node.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"
RESTAKE=${1:?usage: debug_trace.sh path/to/restake}
CAST=${CAST:-$(command -v cast || true)}
[ -n "$CAST" ] && "$CAST" --version >/dev/null 2>&1 || skip debug_trace "cast not found"
command -v jq >/dev/null || skip debug_trace "jq not found"
cd "$(dirname "$0")/.." || exit 1

LOG=$(mktemp /tmp/restake_debug_trace.XXXXXX)
trap 'node_stop; rm -f "$LOG"' EXIT
node_start "$LOG" "$RESTAKE" devnet --quiet || exit 1
R=$NODE_URL

rpc() { "$CAST" rpc -r "$R" "$@"; }
send() { # key to sig args...: the hash of a transaction sent with a fixed gas limit (failing ones too)
  local key=$1; shift
  "$CAST" send -r "$R" --private-key "$key" --gas-limit 300000 "$@" --json | jq -r .transactionHash
}
status() { "$CAST" receipt -r "$R" "$1" --json | jq -r .status; }
receipt_gas() { "$CAST" receipt -r "$R" "$1" gasUsed; }
hex() { printf '0x%x' "$1"; }

# The devnet genesis (genesis/devnet.json) and test-mnemonic accounts.
AM=0xabe61708fe3b1b18b4a9fb88061d715f1bc1757c
SM=0xd58da4c0a453d6e94b392c9404c96260b977b888
REGISTRAR=0x836f1364fd3746ebd15a005006a34c43f4ae6e43
TKA=0x7b759530bc34393c7275cd91c848069947097906
STRAT=0xbfab43af3da407a51114813d462f25017462e94a
AVS=0x90f79bf6eb2c4f870365e785982e1f101e93b906
AVS_KEY=0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6
STAKER=0x70997970c51812dc3a010c7d01b50e0d17dc79c8
STAKER_KEY=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
CALL_TRACER='{"tracer":"callTracer"}'
SUPPORTS_AVS=$("$CAST" calldata 'supportsAVS(address)' $AVS)

# 1. A failing native transaction: the AllocationManager asks the
#    StrategyManager (set as the AVS's registrar) supportsAVS(avs); the
#    StrategyManager has no such method and reverts, and the revert bubbles.
H1=$(send $AVS_KEY $AM 'setAVSRegistrar(address,address)' $AVS $SM)
check tx1-status 0x0 "$(status "$H1")"
T1=$(rpc debug_traceTransaction "$H1" "$CALL_TRACER")
check top-from $AVS "$(jq -r .from <<<"$T1")"
check top-to $AM "$(jq -r .to <<<"$T1")"
check top-gas 0x493e0 "$(jq -r .gas <<<"$T1")"
check top-gasUsed "$(hex "$(receipt_gas "$H1")")" "$(jq -r .gasUsed <<<"$T1")"
check top-input "$("$CAST" calldata 'setAVSRegistrar(address,address)' $AVS $SM)" "$(jq -r .input <<<"$T1")"
check top-error "execution reverted" "$(jq -r .error <<<"$T1")"
check top-no-output null "$(jq -r .output <<<"$T1")"
check top-type-value "CALL 0x0" "$(jq -r '.type + " " + .value' <<<"$T1")"
check frames 1 "$(jq '.calls | length' <<<"$T1")"
check nested "$AM $SM $SUPPORTS_AVS execution reverted CALL 0x0 0x0" \
  "$(jq -r '.calls[0] | [.from, .to, .input, .error, .type, .gas, .gasUsed] | join(" ")' <<<"$T1")"

# 2. An Error(string) revert: a deposit without an allowance.
H2=$(send $STAKER_KEY $SM 'depositIntoStrategy(address,address,uint256)' $STRAT $TKA 1000)
T2=$(rpc debug_traceTransaction "$H2" "$CALL_TRACER")
check revert-reason "ERC20: insufficient allowance" "$(jq -r .revertReason <<<"$T2")"
check revert-data "$("$CAST" abi-encode 'Error(string)' 'ERC20: insufficient allowance' | sed 's/^0x/0x08c379a0/')" \
  "$(jq -r .output <<<"$T2")"

# 3. A successful registrar callback, with the event it led to (withLog):
#    the log comes after the one nested call, so its position is 1.
H3=$(send $AVS_KEY $AM 'setAVSRegistrar(address,address)' $AVS $REGISTRAR)
check tx3-status 0x1 "$(status "$H3")"
T3=$(rpc debug_traceTransaction "$H3" '{"tracer":"callTracer","tracerConfig":{"withLog":true}}')
check callback "$REGISTRAR $SUPPORTS_AVS 0x$(printf '%064x' 1)" \
  "$(jq -r '.calls[0] | [.to, .input, .output] | join(" ")' <<<"$T3")"
check callback-no-error null "$(jq -r .calls[0].error <<<"$T3")"
check log "$AM $("$CAST" keccak 'AVSRegistrarSet(address,address)') 0x0 0x1" \
  "$(jq -r '.logs[0] | [.address, .topics[0], .index, .position] | join(" ")' <<<"$T3")"
check log-data "$("$CAST" abi-encode 'f(address,address)' $AVS $REGISTRAR)" "$(jq -r .logs[0].data <<<"$T3")"
check only-top null "$(rpc debug_traceTransaction "$H3" '{"tracer":"callTracer","tracerConfig":{"onlyTopCall":true}}' | jq -r .calls)"

# 4. Traced on the state before it: transaction 1 fails again although the
#    registrar is set now, and debug_traceCall at its block's parent agrees.
check replay-before "execution reverted" "$(rpc debug_traceTransaction "$H1" "$CALL_TRACER" | jq -r .error)"
B1=$("$CAST" receipt -r "$R" "$H1" blockNumber)
C1=$(rpc debug_traceCall "{\"from\":\"$AVS\",\"to\":\"$AM\",\"data\":\"$("$CAST" calldata 'setAVSRegistrar(address,address)' $AVS $SM)\"}" \
  "$(hex $((B1 - 1)))" "$CALL_TRACER")
check trace-call "execution reverted 0x2faf080 $SM" "$(jq -r '[.error, .gas, .calls[0].to] | join(" ")' <<<"$C1")"
C2=$(rpc debug_traceCall "{\"from\":\"$AVS\",\"to\":\"$AM\",\"data\":\"$("$CAST" calldata 'setAVSRegistrar(address,address)' $AVS $REGISTRAR)\"}" \
  latest "$CALL_TRACER")
check trace-call-ok "none 0x$(printf '%064x' 1)" "$(jq -r '[.error // "none", .calls[0].output] | join(" ")' <<<"$C2")"

# 5. The struct logger: native code runs no EVM instructions.
S1=$(rpc debug_traceTransaction "$H2")
check struct "$(receipt_gas "$H2") true 0" "$(jq -r '[.gas, .failed, (.structLogs | length)] | join(" ")' <<<"$S1")"
check struct-return "$(jq -r .output <<<"$T2")" "$(jq -r .returnValue <<<"$S1")"

# 6. A block: one result per transaction.
BT=$(rpc debug_traceBlockByNumber "$("$CAST" receipt -r "$R" "$H3" blockNumber)" "$CALL_TRACER")
check block "1 $H3 $REGISTRAR" "$(jq -r '[length, .[0].txHash, .[0].result.calls[0].to] | join(" ")' <<<"$BT")"
check unknown-tracer "tracer prestateTracer not found" \
  "$(rpc debug_traceTransaction "$H3" '{"tracer":"prestateTracer"}' 2>&1 | grep -o 'tracer prestateTracer not found')"

# 7. EVM -> core -> EVM.
SOLC=${SOLCJS:-$(command -v solcjs || true)}
[ -n "$SOLC" ] || skip debug_trace "solcjs not found (the EVM -> core -> EVM trace needs it)"
OUT=$(mktemp -d /tmp/restake_debug_trace_sol.XXXXXX)
trap 'node_stop; rm -rf "$LOG" "$OUT"' EXIT
"$SOLC" --bin --optimize -o "$OUT" tests/data/trace/SelfRegistrar.sol >/dev/null 2>&1
BIN=$(cat "$OUT"/*SelfRegistrar_sol_SelfRegistrar.bin 2>/dev/null)
[ -n "$BIN" ] || { echo "debug_trace: FAIL: SelfRegistrar.sol did not compile" >&2; exit 1; }
C=$("$CAST" send -r "$R" --private-key $AVS_KEY --create "0x$BIN" --json | jq -r .contractAddress)
REGISTER=$("$CAST" calldata 'register(address)' $AM)
SET_SELF=$("$CAST" calldata 'setAVSRegistrar(address,address)' "$C" "$C")
SUPPORTS_C=$("$CAST" calldata 'supportsAVS(address)' "$C")
INVALID=$("$CAST" sig 'InvalidAVSRegistrar()')
#    supported == false: the AllocationManager reverts InvalidAVSRegistrar(),
#    and the contract's call bubbles it to the top.
H7=$(send $AVS_KEY "$C" 'register(address)' $AM)
check tx7-status 0x0 "$(status "$H7")"
T7=$(rpc debug_traceTransaction "$H7" "$CALL_TRACER")
check evm-top "$AVS $C $REGISTER $INVALID execution reverted 0x493e0 $(hex "$(receipt_gas "$H7")")" \
  "$(jq -r '[.from, .to, .input, .output, .error, .gas, .gasUsed] | join(" ")' <<<"$T7")"
check evm-to-core "$C $AM $SET_SELF $INVALID execution reverted CALL" \
  "$(jq -r '.calls[0] | [.from, .to, .input, .output, .error, .type] | join(" ")' <<<"$T7")"
check core-to-evm "$AM $C $SUPPORTS_C 0x$(printf '%064x' 0) none CALL" \
  "$(jq -r '.calls[0].calls[0] | [.from, .to, .input, .output, .error // "none", .type] | join(" ")' <<<"$T7")"
#    The core frame the EVM opened runs on the gas the CALL handed it; the
#    EVM frame it opens gets all but 1/64 of that, and a failed core frame is
#    charged 2,600 + 16 per calldata byte (68) plus the EVM gas below it
#    (docs/evm.md).
read -r MG MU IG IU <<<"$(jq -r '.calls[0] | [.gas, .gasUsed, .calls[0].gas, .calls[0].gasUsed] | join(" ")' <<<"$T7")"
check inner-gas $((MG - MG / 64)) $((IG))
check core-charge $((2600 + 16 * 68 + IU)) $((MU))
#    supported == true: the registration goes through; the event sits in the
#    core frame after its one call.
"$CAST" send -r "$R" --private-key $AVS_KEY "$C" 'setSupported(bool)' true >/dev/null
H8=$(send $AVS_KEY "$C" 'register(address)' $AM)
check tx8-status 0x1 "$(status "$H8")"
T8=$(rpc debug_traceTransaction "$H8" '{"tracer":"callTracer","tracerConfig":{"withLog":true}}')
check evm-core-evm-ok "none none 0x$(printf '%064x' 1) $AM 0x1" \
  "$(jq -r '[.error // "none", .calls[0].error // "none", .calls[0].calls[0].output, .calls[0].logs[0].address, .calls[0].logs[0].position] | join(" ")' <<<"$T8")"
#    The struct logger steps the contract at depth 1 and its callback at
#    depth 3 (the core frame between runs no instructions).
S8=$(rpc debug_traceTransaction "$H8" '{"disableStack":true}')
check struct-depths "1 3" "$(jq -r '[.structLogs[].depth] | unique | map(tostring) | join(" ")' <<<"$S8")"
check struct-gas "$(receipt_gas "$H8") false" "$(jq -r '[.gas, .failed] | join(" ")' <<<"$S8")"

checks_done
