#!/usr/bin/env bash
# Drives `restake devnet` with the real cast binary through the whole
# restaking lifecycle, every transaction signed with a test-mnemonic key:
# approve, deposit, register operator, delegate, create a redistributing
# operator set, register for it, allocation delay, allocate, slash, clear the
# redistributable shares to the recipient, queue and complete a withdrawal.
# Every expected number below follows from the protocol rules (see the
# comment before each step), not from a recording.
# Usage: tests/node_cast.sh path/to/restake   (cast from $CAST or PATH)
# Skips (exit 77) when cast is not installed; fails then under RESTAKE_REQUIRE_ALL=1.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/skip.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/node.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"
RESTAKE=${1:?usage: node_cast.sh path/to/restake}
CAST=${CAST:-$(command -v cast || true)}
if [ -z "$CAST" ] || ! "$CAST" --version >/dev/null 2>&1; then
  skip node_cast "cast not found (scripts/install-deps installs @foundry-rs/cast-linux-amd64)"
fi
if ! "$RESTAKE" devnet --help >/dev/null 2>&1; then
  echo "node_cast: FAIL: $RESTAKE has no devnet command" >&2
  exit 1
fi
cd "$(dirname "$0")/.." || exit 1

LOG=$(mktemp /tmp/restake_node_cast.XXXXXX)
trap 'node_stop; rm -f "$LOG"' EXIT
node_start "$LOG" "$RESTAKE" devnet --quiet || exit 1
R=$NODE_URL

# ---- helpers ---------------------------------------------------------------
# cast prints "1000 [1e3]" and one line per return value: drop the
# annotations and join the values with spaces so one string holds them all.
call() { # to sig args...
  "$CAST" call -r "$R" "$@" 2>&1 | sed -E 's/ \[[0-9.]+e[0-9]+\]//g' | paste -sd' '
}
call_from() { # from to sig args...: eth_call as `from` (preview of a send)
  local from=$1; shift
  call --from "$from" "$@"
}
balance() { # token holder
  call "$1" 'balanceOf(address)(uint256)' "$2"
}
py() { python3 -c "$@"; }  # JSON and 256-bit sums, with the one dependency scripts/install-deps has
# Sends a signed transaction, checks its receipt status is 0x1 and keeps the
# receipt in $RECEIPT for events / block_of.
RECEIPT='{}'
receipt() { # python expression over the receipt r
  py "import json, sys; r = json.load(sys.stdin); print($1)" <<<"$RECEIPT" 2>/dev/null
}
tx() { # name key to sig args...
  local name=$1 key=$2; shift 2
  RECEIPT=$("$CAST" send -r "$R" --private-key "$key" "$@" --json 2>&1)
  local status
  status=$(receipt "r['status']")
  check "$name" 0x1 "$status"
  [ "$status" == 0x1 ] || { echo "$RECEIPT" | head -5 >&2; RECEIPT='{}'; }
}
logs_of() { # event signature: $RECEIPT's logs carrying it as topic0
  echo "[l for l in r.get('logs', []) if l['topics'][:1] == ['$("$CAST" keccak "$1")']]"
}
events() { # event signature: how many logs of $RECEIPT carry it
  receipt "len($(logs_of "$1"))"
}
event_data() { # event-signature types: the decoded data of $RECEIPT's first such log
  "$CAST" abi-decode "f()($2)" "$(receipt "$(logs_of "$1")[0]['data']")" 2>&1 |
    sed -E 's/ \[[0-9.]+e[0-9]+\]//g' | paste -sd' '
}
minus() { py "print($1 - $2)"; }
block_of() { # the block $RECEIPT was mined in, as a decimal
  receipt "int(r['blockNumber'], 16)"
}
# A transaction the protocol refuses: cast must fail before broadcasting,
# and the revert data must start with the custom error's selector.
reverts() { # name error-signature key to sig args...
  local name=$1 err=$2 key=$3; shift 3
  local out
  out=$("$CAST" send -r "$R" --private-key "$key" "$@" 2>&1)
  check "$name" yes "$(grep -q "$("$CAST" sig "$err")" <<<"$out" && echo yes || echo "no: $out")"
}
mine() { # blocks
  "$CAST" rpc anvil_mine "$("$CAST" to-hex "$1")" -r "$R" >/dev/null
}
block() { "$CAST" block-number -r "$R"; }

# ---- the devnet genesis (genesis/devnet.json) ------------------------------
. tests/lib/devnet_roles.sh
SLASHER_KEY=0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba

MILLION=1000000$E18  # every dev account's genesis balance of each test token
SET="($AVS,1)"
WAD=1$E18

# ---- the chain -------------------------------------------------------------
check chain-id 31337 "$("$CAST" chain-id -r "$R")"
check client "restake/0.1.0" "$("$CAST" client -r "$R")"
check eth-balance 10000$E18 "$("$CAST" balance $STAKER -r "$R")"
check token-balance $MILLION "$(balance $TKA $STAKER)"
check token-symbol '"TKA"' "$(call $TKA 'symbol()(string)')"
code=$("$CAST" code $DM -r "$R")
check dm-has-code yes "$([ ${#code} -gt 2 ] && echo yes || echo no)"

# ---- docs/cast-session.md, pasted as written on the fresh chain ------------
# The newcomer's session must keep working: run its command blocks through
# bash (cast reads the node from ETH_RPC_URL), then rewind to genesis.
doc_block() { # n: the n-th ```sh block of the doc
  awk -v want="$1" '/^```sh/ {n++; on = (n == want); next} /^```/ {on = 0} on' docs/cast-session.md
}
check doc-five-lines-are-starred "$(doc_block 1)" "$(doc_block 2 | grep -A1 '^# ★' | grep '^cast')"
genesis=$("$CAST" rpc evm_snapshot -r "$R" | tr -d '"')
out=$( (doc_block 2; doc_block 3) | ETH_RPC_URL=$R bash 2>&1)
check doc-sends-succeed "11 0" "$(grep -c '^status *1 (success)' <<<"$out") $(grep -c 'Error' <<<"$out")"
check doc-withdrawable yes "$(grep -qxF '[75000000000000000000 [7.5e19]]' <<<"$out" && echo yes || echo no)"
check doc-recipient yes "$(grep -qxF '1000025000000000000000000 [1e24]' <<<"$out" && echo yes || echo no)"
check doc-rewound true "$("$CAST" rpc evm_revert "$genesis" -r "$R")"
check doc-rewound-block 0 "$(block)"

# ---- approve and deposit 100 TKA -------------------------------------------
# First deposit into an empty strategy: shares = amount * (0 + 1e3) / (0 + 1e3).
tx approve $STAKER_KEY $TKA 'approve(address,uint256)' $SM 1000$E18
check allowance 1000$E18 "$(call $TKA 'allowance(address,address)(uint256)' $STAKER $SM)"
check approval-event 1 "$(events 'Approval(address,address,uint256)')"
tx deposit $STAKER_KEY $SM 'depositIntoStrategy(address,address,uint256)' $STRAT $TKA 100$E18
check deposit-event 1 "$(events 'Deposit(address,address,uint256)')"
check deposit-shares 100$E18 "$(call $SM 'stakerDepositShares(address,address)(uint256)' $STAKER $STRAT)"
check strategy-balance 100$E18 "$(balance $TKA $STRAT)"
check staker-after-deposit 999900$E18 "$(balance $TKA $STAKER)"
# A deposit beyond the remaining 900 TKA allowance reverts with the token's reason, as on anvil.
out=$("$CAST" send -r "$R" --private-key $STAKER_KEY $SM 'depositIntoStrategy(address,address,uint256)' $STRAT $TKA 5000$E18 2>&1)
check over-deposit-reverts yes "$(grep -q 'execution reverted' <<<"$out" && echo yes || echo no)"
check over-deposit-reason yes "$(grep -q 'ERC20: insufficient allowance' <<<"$out" && echo yes || echo no)"
nlogs=$("$CAST" logs --from-block 0 --address $SM "$("$CAST" keccak 'Deposit(address,address,uint256)')" -r "$R" --json | py 'import json, sys; print(len(json.load(sys.stdin)))')
check deposit-logs 1 "$nlogs"

# ---- register the operator (allocation delay 1) and delegate ---------------
# A newly registered operator's allocation delay applies at once.
tx register $OPERATOR_KEY $DM 'registerAsOperator(address,uint32,string)' $ZERO 1 'https://example.invalid/op'
check is-operator true "$(call $DM 'isOperator(address)(bool)' $OPERATOR)"
check allocation-delay-at-registration "true 1" "$(call $AM 'getAllocationDelay(address)(bool,uint32)' $OPERATOR)"
tx delegate $STAKER_KEY $DM 'delegateTo(address,(bytes,uint256),bytes32)' $OPERATOR '(0x,0)' $ZERO32
check delegated-to "$OPERATOR" "$(call $DM 'delegatedTo(address)(address)' $STAKER)"
check operator-shares 100$E18 "$(call $DM 'operatorShares(address,address)(uint256)' $OPERATOR $STRAT)"
check staker-delegated-event 1 "$(events 'StakerDelegated(address,address)')"

# ---- the AVS creates redistributing operator set 1 -------------------------
# Sets need the AVS's metadata first; registration calls the AVS's registrar,
# which must be a contract that supports the AVS (the genesis mock does).
CREATE='createRedistributingOperatorSets(address,(uint32,address[],address)[],address[])'
reverts create-before-metadata 'NonexistentAVSMetadata()' $AVS_KEY $AM "$CREATE" $AVS "[(1,[$STRAT],$SLASHER)]" "[$RECIPIENT]"
tx avs-metadata $AVS_KEY $AM 'updateAVSMetadataURI(address,string)' $AVS 'https://example.invalid/avs'
check avs-metadata-event 1 "$(events 'AVSMetadataURIUpdated(address,string)')"
tx avs-registrar $AVS_KEY $AM 'setAVSRegistrar(address,address)' $AVS $REGISTRAR
check avs-registrar "$REGISTRAR" "$(call $AM 'getAVSRegistrar(address)(address)' $AVS)"
reverts burn-address-recipient 'InvalidRedistributionRecipient()' $AVS_KEY $AM "$CREATE" $AVS "[(1,[$STRAT],$SLASHER)]" "[0x00000000000000000000000000000000000E16E4]"
tx create-set $AVS_KEY $AM "$CREATE" $AVS "[(1,[$STRAT],$SLASHER)]" "[$RECIPIENT]"
check set-created-event 1 "$(events 'OperatorSetCreated((address,uint32))')"
check redistribution-event 1 "$(events 'RedistributionAddressSet((address,uint32),address)')"
check is-redistributing true "$(call $AM 'isRedistributingOperatorSet((address,uint32))(bool)' "$SET")"
check recipient "$RECIPIENT" "$(call $AM 'getRedistributionRecipient((address,uint32))(address)' "$SET")"
check slasher "$SLASHER" "$(call $AM 'getSlasher((address,uint32))(address)' "$SET")"
check set-strategies "[$STRAT]" "$(call $AM 'getStrategiesInOperatorSet((address,uint32))(address[])' "$SET")"

# ---- the operator registers for the set ------------------------------------
tx register-for-set $OPERATOR_KEY $AM 'registerForOperatorSets(address,(address,uint32[],bytes))' $OPERATOR "($AVS,[1],0x)"
check added-to-set-event 1 "$(events 'OperatorAddedToOperatorSet(address,(address,uint32))')"
check is-member true "$(call $AM 'isMemberOfOperatorSet(address,(address,uint32))(bool)' $OPERATOR "$SET")"
check is-slashable true "$(call $AM 'isOperatorSlashable(address,(address,uint32))(bool)' $OPERATOR "$SET")"

# ---- a later allocation delay waits ALLOCATION_CONFIGURATION_DELAY + 1 = 11 blocks
tx set-allocation-delay $OPERATOR_KEY $AM 'setAllocationDelay(address,uint32)' $OPERATOR 5
check delay-set-event "$OPERATOR 5 $(($(block_of) + 11))" "$(event_data 'AllocationDelaySet(address,uint32,uint32)' 'address,uint32,uint32')"
check allocation-delay-pending "true 1" "$(call $AM 'getAllocationDelay(address)(bool,uint32)' $OPERATOR)"
mine 11
check allocation-delay-effective "true 5" "$(call $AM 'getAllocationDelay(address)(bool,uint32)' $OPERATOR)"

# ---- allocate half the magnitude (5e17 of 1e18); it takes effect 5 blocks later
ALLOC='modifyAllocations(address,((address,uint32),address[],uint64[])[])'
tx allocate $OPERATOR_KEY $AM "$ALLOC" $OPERATOR "[($SET,[$STRAT],[5${E18:1}])]"
effect=$(($(block_of) + 5))
check allocation-updated-event 1 "$(events 'AllocationUpdated(address,(address,uint32),address,uint64,uint32)')"
check allocation-pending "(0, 5${E18:1}, $effect)" "$(call $AM 'getAllocation(address,(address,uint32),address)((uint64,int128,uint32))' $OPERATOR "$SET" $STRAT)"
check max-magnitude-before $WAD "$(call $AM 'getMaxMagnitude(address,address)(uint64)' $OPERATOR $STRAT)"
check encumbered 5${E18:1} "$(call $AM 'getEncumberedMagnitude(address,address)(uint64)' $OPERATOR $STRAT)"
check allocatable 5${E18:1} "$(call $AM 'getAllocatableMagnitude(address,address)(uint64)' $OPERATOR $STRAT)"
check allocated-stake-before-effect "[[0]]" "$(call $AM 'getAllocatedStake((address,uint32),address[],address[])(uint256[][])' "$SET" "[$OPERATOR]" "[$STRAT]")"
mine 5
check allocation-effective "(5${E18:1}, 0, 0)" "$(call $AM 'getAllocation(address,(address,uint32),address)((uint64,int128,uint32))' $OPERATOR "$SET" $STRAT)"
# Allocated stake = operator shares * allocated / max magnitude = 100 * 0.5.
check allocated-stake "[[50$E18]]" "$(call $AM 'getAllocatedStake((address,uint32),address[],address[])(uint256[][])' "$SET" "[$OPERATOR]" "[$STRAT]")"

# ---- slash 50% of the allocation --------------------------------------------
# Slashed magnitude = 5e17 * 0.5 (rounded up) = 2.5e17, so max magnitude
# 1e18 -> 7.5e17 and the operator's 100 shares lose 100 - 100*7.5e17/1e18 = 25.
SLASH='slashOperator(address,(address,uint32,address[],uint256[],string))'
SLASH_PARAMS="($OPERATOR,1,[$STRAT],[5${E18:1}],misbehaved)"
reverts slash-by-avs 'InvalidCaller()' $AVS_KEY $AM "$SLASH" $AVS "$SLASH_PARAMS"
check slash-preview "1 [25$E18]" "$(call_from $SLASHER $AM "$SLASH(uint256,uint256[])" $AVS "$SLASH_PARAMS")"
tx slash $SLASHER_KEY $AM "$SLASH" $AVS "$SLASH_PARAMS"
check operator-slashed-event 1 "$(events 'OperatorSlashed(address,(address,uint32),address[],uint256[],string)')"
# wadSlashed = slashed magnitude / previous max magnitude = 2.5e17 / 1e18.
check operator-slashed-data "$OPERATOR ($AVS, 1) [$STRAT] [25${E18:2}] \"misbehaved\"" \
  "$(event_data 'OperatorSlashed(address,(address,uint32),address[],uint256[],string)' 'address,(address,uint32),address[],uint256[],string')"
check shares-slashed-event 1 "$(events 'OperatorSharesSlashed(address,address,uint256)')"
check max-magnitude 75${E18:2} "$(call $AM 'getMaxMagnitude(address,address)(uint64)' $OPERATOR $STRAT)"
check allocation-after-slash "(25${E18:2}, 0, 0)" "$(call $AM 'getAllocation(address,(address,uint32),address)((uint64,int128,uint32))' $OPERATOR "$SET" $STRAT)"
check slash-count 1 "$(call $AM 'getSlashCount((address,uint32))(uint256)' "$SET")"
check operator-shares-after-slash 75$E18 "$(call $DM 'operatorShares(address,address)(uint256)' $OPERATOR $STRAT)"
# Deposit shares stay 100; withdrawable = 100 * dsf(1) * 7.5e17/1e18 = 75.
check withdrawable-after-slash "[75$E18] [100$E18]" "$(call $DM 'getWithdrawableShares(address,address[])(uint256[],uint256[])' $STAKER "[$STRAT]")"
check redistributable-shares "[$STRAT] [25$E18]" "$(call $SM 'getBurnOrRedistributableShares((address,uint32),uint256)(address[],uint256[])' "$SET" 1)"

# ---- clear the 25 slashed shares to the recipient --------------------------
# The strategy still holds 100 TKA against 100 shares, so 25 shares are
# worth exactly 25 TKA: (100e18 + 1e3) * 25e18 / (100e18 + 1e3).
CLEAR='clearBurnOrRedistributableShares((address,uint32),uint256)'
check clear-preview "[25$E18]" "$(call_from $RECIPIENT $SM "$CLEAR(uint256[])" "$SET" 1)"
before=$(balance $TKA $RECIPIENT)
check recipient-before $MILLION "$before"
tx clear $RECIPIENT_KEY $SM "$CLEAR" "$SET" 1
check recipient-gain 25$E18 "$(minus "$(balance $TKA $RECIPIENT)" "$before")"
check recipient-after 1000025$E18 "$(balance $TKA $RECIPIENT)"
check strategy-after-clear 75$E18 "$(balance $TKA $STRAT)"
check cleared-event 1 "$(events 'BurnOrRedistributableSharesDecreased((address,uint32),uint256,address,uint256)')"
# Clearing removes the strategy from the slash's map, so nothing is left to clear.
check redistributable-cleared "[] []" "$(call $SM 'getBurnOrRedistributableShares((address,uint32),uint256)(address[],uint256[])' "$SET" 1)"
check redistributable-count 0 "$(call $SM 'getBurnOrRedistributableCount((address,uint32),uint256)(uint256)' "$SET" 1)"
check clear-twice-sends-nothing "[]" "$(call_from $RECIPIENT $SM "$CLEAR(uint256[])" "$SET" 1)"

# ---- queue 40 deposit shares, wait MIN_WITHDRAWAL_DELAY_BLOCKS, complete ---
# 40 deposit shares are worth 40 * 0.75 = 30 withdrawable shares, which leave
# the operator at once (75 -> 45); after clearing the strategy holds 75 TKA
# for 75 shares, so completing pays exactly 30 TKA.
tx queue $STAKER_KEY $DM 'queueWithdrawals((address[],uint256[],address)[])' "[([$STRAT],[40$E18],$STAKER)]"
start=$(block_of)
QUEUED='SlashingWithdrawalQueued(bytes32,(address,address,address,uint256,uint32,address[],uint256[]),uint256[])'
check withdrawal-queued-event 1 "$(events "$QUEUED")"
# The event carries scaled shares (40 * dsf 1) and the 30 shares to withdraw.
check withdrawal-queued-data "($STAKER, $OPERATOR, $STAKER, 0, $start, [$STRAT], [40$E18]) [30$E18]" \
  "$(event_data "$QUEUED" 'bytes32,(address,address,address,uint256,uint32,address[],uint256[]),uint256[]' | cut -d' ' -f2-)"
check operator-shares-after-queue 45$E18 "$(call $DM 'operatorShares(address,address)(uint256)' $OPERATOR $STRAT)"
check withdrawable-after-queue "[45$E18] [60$E18]" "$(call $DM 'getWithdrawableShares(address,address[])(uint256[],uint256[])' $STAKER "[$STRAT]")"
W="($STAKER,$OPERATOR,$STAKER,0,$start,[$STRAT],[40$E18])"
COMPLETE='completeQueuedWithdrawal((address,address,address,uint256,uint32,address[],uint256[]),address[],bool)'
# The withdrawal completes once block.number > start + 10.
mine 9
reverts complete-too-early 'WithdrawalDelayNotElapsed()' $STAKER_KEY $DM "$COMPLETE" "$W" "[$TKA]" true
mine 1
check mined $((start + 10)) "$(block)"
# cast estimates gas on the "pending" block, which anvil executes as block
# start + 11; the node runs it on the head (start + 10) and refuses. Until
# that is fixed, say so and send with a fixed gas limit (no estimate), which
# still proves the protocol boundary: the transaction lands in start + 11.
if ! "$CAST" estimate -r "$R" --block pending --from $STAKER $DM "$COMPLETE" "$W" "[$TKA]" true >/dev/null 2>&1; then
  echo "node_cast: NOTE: eth_estimateGas on \"pending\" ran at the head block, not head + 1 as anvil does" >&2
fi
tx complete $STAKER_KEY $DM "$COMPLETE" "$W" "[$TKA]" true --gas-limit 1000000
check completed-in-block $((start + 11)) "$(block_of)"
check withdrawal-completed-event 1 "$(events 'SlashingWithdrawalCompleted(bytes32)')"
check staker-after-withdrawal 999930$E18 "$(balance $TKA $STAKER)"
check strategy-after-withdrawal 45$E18 "$(balance $TKA $STRAT)"
check withdrawable-after-complete "[45$E18] [60$E18]" "$(call $DM 'getWithdrawableShares(address,address[])(uint256[],uint256[])' $STAKER "[$STRAT]")"

# ---- devnet methods through cast rpc ---------------------------------------
snap=$("$CAST" rpc evm_snapshot -r "$R" | tr -d '"')
before=$(block)
mine 5
check snapshot-mined $((before + 5)) "$(block)"
check revert true "$("$CAST" rpc evm_revert "$snap" -r "$R")"
check reverted-block "$before" "$(block)"
"$CAST" rpc anvil_setBalance 0x000000000000000000000000000000000000dEaD 0x3e8 -r "$R" >/dev/null
check set-balance 1000 "$("$CAST" balance 0x000000000000000000000000000000000000dEaD -r "$R")"

# The node's stderr goes to $LOG: a sanitizer report there is a failure too.
check node-log-clean 0 "$(grep -c 'runtime error\|AddressSanitizer\|LeakSanitizer' "$LOG")"

checks_done
