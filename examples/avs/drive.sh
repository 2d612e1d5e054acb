#!/usr/bin/env bash
# Drives the example AVS on a fresh `restake devnet` with cast alone:
# deploys the four contracts with contract-creating transactions, registers
# the AVS, creates a normal and a redistributing operator set, registers an
# allow-listed operator (and refuses an outsider), allocates, deposits and
# delegates, queues a slash that is vetoed and one that is fulfilled after
# the veto window, clears the slashed funds to the redistribution vault,
# forwards them to the treasury and withdraws what the staker has left.
# Every expected number follows from the protocol's rules (see the comments);
# any mismatch is printed and the script exits 1.
# Usage: examples/avs/drive.sh [RPC_URL] [BUILD_DIR]
#   (defaults http://127.0.0.1:8545 and examples/avs/build; build with examples/avs/build.sh)
set -uo pipefail
R=${1:-http://127.0.0.1:8545}
B=${2:-$(dirname "${BASH_SOURCE[0]}")/build}
CAST=${CAST:-cast}
for c in ServiceManager AllowListRegistrar VetoableSlasher RedistributionVault; do
  [ -s "$B/$c.bin" ] || { echo "drive.sh: $B/$c.bin missing: run examples/avs/build.sh" >&2; exit 2; }
done

# ---- helpers ---------------------------------------------------------------
FAILS=0
PASSES=0
check() { # name expected actual
  if [ "$2" == "$3" ]; then PASSES=$((PASSES + 1)); else
    echo "drive.sh: FAIL $1: expected '$2', got '$3'" >&2; FAILS=$((FAILS + 1)); fi
}
# cast prints "1000 [1e3]" and one line per return value: drop the
# annotations and join the values with spaces.
call() { # to sig args...
  "$CAST" call -r "$R" "$@" 2>&1 | sed -E 's/ \[[0-9.]+e[0-9]+\]//g' | paste -sd' '
}
balance() { call "$1" 'balanceOf(address)(uint256)' "$2"; }
json() { # field of the JSON object on stdin (flat string or number values only)
  sed -nE "s/.*\"$1\": *\"?([^\",}]*)\"?.*/\1/p" | head -1
}
RECEIPT='{}'
# Sends a signed transaction and checks that it succeeded; the receipt stays in $RECEIPT.
tx() { # name key to|--create sig args...
  local name=$1 key=$2; shift 2
  RECEIPT=$("$CAST" send -r "$R" --private-key "$key" "$@" --json 2>&1)
  local status
  status=$(json status <<<"$RECEIPT")
  check "$name" 0x1 "$status"
  [ "$status" == 0x1 ] || echo "$RECEIPT" | head -3 >&2
}
# A transaction the chain refuses: cast fails before broadcasting, and the
# revert data must be exactly the custom error with its arguments.
reverts() { # name expected-revert-data key to sig args...
  local name=$1 want=$2 key=$3; shift 3
  local out
  out=$("$CAST" send -r "$R" --private-key "$key" "$@" 2>&1)
  check "$name" "$want" "$(grep -oE 'data: "0x[0-9a-fA-F]*"' <<<"$out" | head -1 | sed -E 's/data: "(.*)"/\1/')"
}
err() { # error-signature args...: ABI-encoded custom error
  "$CAST" calldata "$@"
}
logs_with() { # topic0-signature: how many logs of $RECEIPT carry it
  grep -o "$("$CAST" keccak "$1")" <<<"$RECEIPT" | wc -l | tr -d ' '
}
last_logs() { # n: "address:topic0" of $RECEIPT's last n logs, in emission order
  grep -oE '"address":"0x[0-9a-fA-F]{40}","topics":\["0x[0-9a-f]{64}"' <<<"$RECEIPT" |
    sed -E 's/"address":"(0x[0-9a-fA-F]{40})","topics":\["(0x[0-9a-f]{64})"/\1:\2/' | tail -n "$1" |
    tr 'A-F' 'a-f' | paste -sd' '
}
log_id() { # address event-signature: as last_logs prints it
  echo "$(tr 'A-F' 'a-f' <<<"$1"):$("$CAST" keccak "$2")"
}
mine() { "$CAST" rpc -r "$R" anvil_mine "$("$CAST" to-hex "$1")" >/dev/null; }
block() { "$CAST" block-number -r "$R"; }
block_of() { "$CAST" to-dec "$(json blockNumber <<<"$RECEIPT")"; }
deploy() { # var key contract ctor-sig args...: deploys and checks the CREATE address and the code size
  local var=$1 key=$2 name=$3; shift 3
  local from nonce want
  from=$("$CAST" wallet address "$key")
  nonce=$("$CAST" nonce -r "$R" "$from")
  want=$("$CAST" compute-address --nonce "$nonce" "$from" | sed 's/.*: //')
  tx "deploy-$name" "$key" --create "0x$(tr -d '\n' <"$B/$name.bin")" "$@"
  if [ "$(json status <<<"$RECEIPT")" != 0x1 ]; then
    echo "drive.sh: $name was not deployed; nothing after it can run" >&2
    exit 1
  fi
  check "$name-address" "$want" "$("$CAST" to-check-sum-address "$(json contractAddress <<<"$RECEIPT")")"
  local code
  code=$("$CAST" code -r "$R" "$want")
  check "$name-code-size" "$(($(tr -d '\n' <"$B/$name.runtime" | wc -c) / 2))" "$(((${#code} - 2) / 2))"
  printf -v "$var" '%s' "$want"
}

# ---- the devnet genesis (genesis/devnet.json) ------------------------------
AM=0xabe61708FE3b1b18B4A9fB88061d715f1bC1757c
DM=0x86e5731091Fec2486F072c243dbFd26Bbb5ED38E
SM=0xd58da4c0A453d6E94B392c9404c96260B977B888
PC=0x19f2B8DC0CfE0641dF4dd9E5dd7fB78C25c49590
TKA=0x7b759530bc34393C7275cd91C848069947097906
STRAT=0xBfab43aF3dA407a51114813d462f25017462e94a
ZERO=0x0000000000000000000000000000000000000000
ZERO32=0x0000000000000000000000000000000000000000000000000000000000000000
# Test-mnemonic accounts, one role each.
OWNER_KEY=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80       # 0: deploys and owns the AVS
STAKER=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
STAKER_KEY=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d     # 1
OPERATOR=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
OPERATOR_KEY=0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a   # 2
OUTSIDER=0x90F79bf6EB2c4f870365E785982E1f101E93b906
OUTSIDER_KEY=0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6   # 3: an operator not on the allow-list
VETOER=0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65
VETOER_KEY=0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a     # 4
APPOINTEE=0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc
APPOINTEE_KEY=0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba  # 5: acts for the AVS by appointment
TREASURY=0x000000000000000000000000000000000000dA05                              # no genesis tokens
E18=000000000000000000
VETO_WINDOW=5

check chain-id 31337 "$("$CAST" chain-id -r "$R")"
check fresh-chain 0 "$(block)"
check treasury-empty 0 "$(balance $TKA $TREASURY)"

# ---- deploy: four contract-creating transactions ----------------------------
deploy AVS $OWNER_KEY ServiceManager 'constructor(address,address)' $AM $PC
deploy REGISTRAR $OWNER_KEY AllowListRegistrar 'constructor(address,address)' $AM "$AVS"
deploy SLASHER $OWNER_KEY VetoableSlasher 'constructor(address,address,address,uint64)' $AM "$AVS" $VETOER $VETO_WINDOW
deploy VAULT $OWNER_KEY RedistributionVault 'constructor(address)' $TREASURY
check avs-owner "$("$CAST" wallet address $OWNER_KEY)" "$(call "$AVS" 'owner()(address)')"
check slasher-window $VETO_WINDOW "$(call "$SLASHER" 'vetoWindow()(uint64)')"
SET0="($AVS,0)"
SET1="($AVS,1)"

# ---- the AVS registers with the core (the ServiceManager calls the AllocationManager)
tx avs-metadata $OWNER_KEY "$AVS" 'updateAVSMetadataURI(string)' 'https://example.invalid/restake-avs.json'
check avs-metadata-event 1 "$(logs_with 'AVSMetadataURIUpdated(address,string)')"
reverts not-owner "$(err 'NotOwner(address)' $STAKER)" $STAKER_KEY "$AVS" 'setAVSRegistrar(address)' "$REGISTRAR"
tx avs-registrar $OWNER_KEY "$AVS" 'setAVSRegistrar(address)' "$REGISTRAR"
check avs-registrar "$REGISTRAR" "$(call $AM 'getAVSRegistrar(address)(address)' "$AVS")"
# Set 0 burns what it slashes; set 1 redistributes to the vault. The slasher contract slashes both.
tx create-set-0 $OWNER_KEY "$AVS" 'createOperatorSet(uint32,address[],address)' 0 "[$STRAT]" "$SLASHER"
tx create-set-1 $OWNER_KEY "$AVS" 'createRedistributingOperatorSet(uint32,address[],address,address)' 1 "[$STRAT]" "$SLASHER" "$VAULT"
check set-created-event 1 "$(logs_with 'OperatorSetCreated((address,uint32))')"
check set-count 2 "$(call $AM 'getOperatorSetCount(address)(uint256)' "$AVS")"
check set0-redistributing false "$(call $AM 'isRedistributingOperatorSet((address,uint32))(bool)' "$SET0")"
check set1-redistributing true "$(call $AM 'isRedistributingOperatorSet((address,uint32))(bool)' "$SET1")"
check set1-recipient "$VAULT" "$(call $AM 'getRedistributionRecipient((address,uint32))(address)' "$SET1")"
check set0-slasher "$SLASHER" "$(call $AM 'getSlasher((address,uint32))(address)' "$SET0")"
check set1-slasher "$SLASHER" "$(call $AM 'getSlasher((address,uint32))(address)' "$SET1")"

# ---- the PermissionController: an appointee acts for the AVS ----------------
UPDATE_SEL=$("$CAST" sig 'updateAVSMetadataURI(address,string)')
reverts appointee-before "$(err 'InvalidPermissions()')" $APPOINTEE_KEY $AM 'updateAVSMetadataURI(address,string)' "$AVS" 'https://example.invalid/v2.json'
tx appoint $OWNER_KEY "$AVS" 'appoint(address,address,bytes4)' $APPOINTEE $AM "$UPDATE_SEL"
check can-call true "$(call $PC 'canCall(address,address,address,bytes4)(bool)' "$AVS" $APPOINTEE $AM "$UPDATE_SEL")"
tx appointee-after $APPOINTEE_KEY $AM 'updateAVSMetadataURI(address,string)' "$AVS" 'https://example.invalid/v2.json'

# ---- operators: the allow-listed one joins both sets, the outsider is refused
tx register-operator $OPERATOR_KEY $DM 'registerAsOperator(address,uint32,string)' $ZERO 1 'https://example.invalid/operator'
tx register-outsider $OUTSIDER_KEY $DM 'registerAsOperator(address,uint32,string)' $ZERO 1 'https://example.invalid/outsider'
tx allow $OWNER_KEY "$REGISTRAR" 'setAllowed(address,bool)' $OPERATOR true
REGISTER='registerForOperatorSets(address,(address,uint32[],bytes))'
tx join $OPERATOR_KEY $AM "$REGISTER" $OPERATOR "($AVS,[0,1],0xc0ffee)"
check joined-event 1 "$(logs_with 'OperatorJoined(address,uint32[],bytes)')"
check added-to-set-events 2 "$(logs_with 'OperatorAddedToOperatorSet(address,(address,uint32))')"
# The AllocationManager adds the operator to both sets, then calls the registrar.
check join-log-order "$(log_id $AM 'OperatorAddedToOperatorSet(address,(address,uint32))') $(log_id "$REGISTRAR" 'OperatorJoined(address,uint32[],bytes)')" "$(last_logs 2)"
check sets-joined 2 "$(call "$REGISTRAR" 'setsJoined(address)(uint256)' $OPERATOR)"
check member-0 true "$(call $AM 'isMemberOfOperatorSet(address,(address,uint32))(bool)' $OPERATOR "$SET0")"
check member-1 true "$(call $AM 'isMemberOfOperatorSet(address,(address,uint32))(bool)' $OPERATOR "$SET1")"
# The registrar's custom error comes back unchanged through the AllocationManager.
reverts outsider-refused "$(err 'OperatorNotAllowed(address)' $OUTSIDER)" $OUTSIDER_KEY $AM "$REGISTER" $OUTSIDER "($AVS,[1],0x)"
check outsider-not-member false "$(call $AM 'isMemberOfOperatorSet(address,(address,uint32))(bool)' $OUTSIDER "$SET1")"
check members-1 "[$OPERATOR]" "$(call $AM 'getMembers((address,uint32))(address[])' "$SET1")"

# ---- the staker deposits 100 TKA and delegates -------------------------------
# First deposit into an empty strategy: shares = amount * (0 + 1e3) / (0 + 1e3).
tx approve $STAKER_KEY $TKA 'approve(address,uint256)' $SM 100$E18
tx deposit $STAKER_KEY $SM 'depositIntoStrategy(address,address,uint256)' $STRAT $TKA 100$E18
check deposit-shares 100$E18 "$(call $SM 'stakerDepositShares(address,address)(uint256)' $STAKER $STRAT)"
tx delegate $STAKER_KEY $DM 'delegateTo(address,(bytes,uint256),bytes32)' $OPERATOR '(0x,0)' $ZERO32
check operator-shares 100$E18 "$(call $DM 'operatorShares(address,address)(uint256)' $OPERATOR $STRAT)"

# ---- allocate 2e17 of the magnitude to set 0 and 5e17 to set 1 ---------------
# The allocation delay of 1 block (set at registration) makes both effective a block later.
tx allocate $OPERATOR_KEY $AM 'modifyAllocations(address,((address,uint32),address[],uint64[])[])' $OPERATOR \
  "[($SET0,[$STRAT],[2${E18:1}]),($SET1,[$STRAT],[5${E18:1}])]"
effect=$(($(block_of) + 1))
check allocation-pending "(0, 5${E18:1}, $effect)" "$(call $AM 'getAllocation(address,(address,uint32),address)((uint64,int128,uint32))' $OPERATOR "$SET1" $STRAT)"
mine 1
# A slash must land in block 11 or later: the DelegationManager looks
# MIN_WITHDRAWAL_DELAY_BLOCKS + 1 = 11 blocks back in its withdrawal history.
check old-enough-to-slash yes "$([ "$(block)" -ge 11 ] && echo yes || echo no)"
check allocation-effective "(5${E18:1}, 0, 0)" "$(call $AM 'getAllocation(address,(address,uint32),address)((uint64,int128,uint32))' $OPERATOR "$SET1" $STRAT)"
check encumbered 7${E18:1} "$(call $AM 'getEncumberedMagnitude(address,address)(uint64)' $OPERATOR $STRAT)"
# Allocated stake = operator shares * allocated magnitude / max magnitude.
check stake-before "[[20$E18]] [[50$E18]]" "$(call $AM 'getAllocatedStake((address,uint32),address[],address[])(uint256[][])' "$SET0" "[$OPERATOR]" "[$STRAT]") $(call $AM 'getAllocatedStake((address,uint32),address[],address[])(uint256[][])' "$SET1" "[$OPERATOR]" "[$STRAT]")"

# ---- slash request 1: queued, then vetoed -------------------------------------
PARAMS="($OPERATOR,1,[$STRAT],[5${E18:1}],double signing)"
tx queue-1 $OWNER_KEY "$SLASHER" 'queueSlash((address,uint32,address[],uint256[],string))' "$PARAMS"
deadline1=$(($(block_of) + VETO_WINDOW))
check queued-1 "$(call "$SLASHER" 'hashParams((address,uint32,address[],uint256[],string))(bytes32)' "$PARAMS") $deadline1 1 0" \
  "$(call "$SLASHER" 'requests(uint256)(bytes32,uint64,uint8,uint256)' 1)"
reverts veto-by-owner "$(err 'NotVetoer(address)' "$("$CAST" wallet address $OWNER_KEY)")" $OWNER_KEY "$SLASHER" 'veto(uint256)' 1
tx veto-1 $VETOER_KEY "$SLASHER" 'veto(uint256)' 1
check vetoed-event 1 "$(logs_with 'SlashVetoed(uint256)')"
mine $VETO_WINDOW
reverts fulfil-vetoed "$(err 'NotQueued(uint256,uint8)' 1 2)" $STAKER_KEY "$SLASHER" 'fulfil(uint256,(address,uint32,address[],uint256[],string))' 1 "$PARAMS"
check no-slash-yet 0 "$(call $AM 'getSlashCount((address,uint32))(uint256)' "$SET1")"

# ---- slash request 2: queued, the window passes, anyone fulfils it ------------
tx queue-2 $OWNER_KEY "$SLASHER" 'queueSlash((address,uint32,address[],uint256[],string))' "$PARAMS"
deadline2=$(($(block_of) + VETO_WINDOW))
FULFIL='fulfil(uint256,(address,uint32,address[],uint256[],string))'
reverts fulfil-early "$(err 'VetoWindowOpen(uint256,uint64)' 2 $deadline2)" $STAKER_KEY "$SLASHER" "$FULFIL" 2 "$PARAMS"
mine $((deadline2 - $(block)))
check at-deadline $deadline2 "$(block)"
# The veto transaction would land in deadline + 1: too late.
reverts veto-late "$(err 'VetoWindowClosed(uint256,uint64)' 2 $deadline2)" $VETOER_KEY "$SLASHER" 'veto(uint256)' 2
reverts fulfil-other-params "$(err 'ParamsMismatch(uint256)' 2)" $STAKER_KEY "$SLASHER" "$FULFIL" 2 "($OPERATOR,1,[$STRAT],[6${E18:1}],double signing)"
# Slashed magnitude = 5e17 * 0.5 (rounded up) = 2.5e17, so max magnitude
# 1e18 -> 7.5e17 and the operator's 100 shares lose 100 - 100*7.5e17/1e18 = 25.
tx fulfil-2 $STAKER_KEY "$SLASHER" "$FULFIL" 2 "$PARAMS"
check fulfilled-event 1 "$(logs_with 'SlashFulfilled(uint256,uint256,uint256[])')"
check operator-slashed-event 1 "$(logs_with 'OperatorSlashed(address,(address,uint32),address[],uint256[],string)')"
# One receipt, emission order: the core's logs, OperatorSlashed last of them, then the slasher's own.
check fulfil-log-order "$(log_id $AM 'OperatorSlashed(address,(address,uint32),address[],uint256[],string)') $(log_id "$SLASHER" 'SlashFulfilled(uint256,uint256,uint256[])')" "$(last_logs 2)"
check fulfilled-request "3 1" "$(call "$SLASHER" 'requests(uint256)(bytes32,uint64,uint8,uint256)' 2 | cut -d' ' -f3-)"
check slash-count 1 "$(call $AM 'getSlashCount((address,uint32))(uint256)' "$SET1")"
check max-magnitude 75${E18:2} "$(call $AM 'getMaxMagnitude(address,address)(uint64)' $OPERATOR $STRAT)"
check allocation-after "(25${E18:2}, 0, 0)" "$(call $AM 'getAllocation(address,(address,uint32),address)((uint64,int128,uint32))' $OPERATOR "$SET1" $STRAT)"
check operator-shares-after 75$E18 "$(call $DM 'operatorShares(address,address)(uint256)' $OPERATOR $STRAT)"
# Allocated stake = shares * (magnitude / max magnitude), the proportion
# floored to 18 decimals first: 75e18 * floor(2e17 * 1e18 / 7.5e17) / 1e18
# = 75e18 * 0.266666666666666666 for set 0 (its allocation untouched) and
# 75e18 * 0.333333333333333333 for set 1: 50 and 25 wei below 20 and 25 TKA.
check stake-after "[[19999999999999999950]] [[24999999999999999975]]" "$(call $AM 'getAllocatedStake((address,uint32),address[],address[])(uint256[][])' "$SET0" "[$OPERATOR]" "[$STRAT]") $(call $AM 'getAllocatedStake((address,uint32),address[],address[])(uint256[][])' "$SET1" "[$OPERATOR]" "[$STRAT]")"
check withdrawable "[75$E18] [100$E18]" "$(call $DM 'getWithdrawableShares(address,address[])(uint256[],uint256[])' $STAKER "[$STRAT]")"
check redistributable "[$STRAT] [25$E18]" "$(call $SM 'getBurnOrRedistributableShares((address,uint32),uint256)(address[],uint256[])' "$SET1" 1)"

# ---- clear the slash to the vault, forward it to the treasury ----------------
# The strategy holds 100 TKA for 100 shares: 25 shares are worth exactly 25 TKA.
tx clear $STAKER_KEY $SM 'clearBurnOrRedistributableShares((address,uint32),uint256)' "$SET1" 1
check vault-balance 25$E18 "$(balance $TKA "$VAULT")"
check strategy-balance 75$E18 "$(balance $TKA $STRAT)"
check cleared "[] []" "$(call $SM 'getBurnOrRedistributableShares((address,uint32),uint256)(address[],uint256[])' "$SET1" 1)"
tx forward $STAKER_KEY "$VAULT" 'forward(address)' $TKA
check forwarded-event 1 "$(logs_with 'Forwarded(address,address,uint256)')"
check treasury-balance 25$E18 "$(balance $TKA $TREASURY)"
check vault-empty 0 "$(balance $TKA "$VAULT")"
check forwarded-total 25$E18 "$(call "$VAULT" 'forwarded(address)(uint256)' $TKA)"
reverts forward-nothing "$(err 'NothingToForward(address)' $TKA)" $STAKER_KEY "$VAULT" 'forward(address)' $TKA

# ---- the operator leaves set 0: the registrar hears of it ---------------------
tx leave $OPERATOR_KEY $AM 'deregisterFromOperatorSets((address,address,uint32[]))' "($OPERATOR,$AVS,[0])"
check left-event 1 "$(logs_with 'OperatorLeft(address,uint32[])')"
check sets-joined-after 1 "$(call "$REGISTRAR" 'setsJoined(address)(uint256)' $OPERATOR)"

# ---- the staker withdraws everything: 100 deposit shares are 75 TKA now -------
tx queue-withdrawal $STAKER_KEY $DM 'queueWithdrawals((address[],uint256[],address)[])' "[([$STRAT],[100$E18],$STAKER)]"
start=$(block_of)
check operator-shares-queued 0 "$(call $DM 'operatorShares(address,address)(uint256)' $OPERATOR $STRAT)"
mine 10
W="($STAKER,$OPERATOR,$STAKER,0,$start,[$STRAT],[100$E18])"
tx complete $STAKER_KEY $DM 'completeQueuedWithdrawal((address,address,address,uint256,uint32,address[],uint256[]),address[],bool)' "$W" "[$TKA]" true
check staker-tokens 999975$E18 "$(balance $TKA $STAKER)"
check staker-shares "[0] [0]" "$(call $DM 'getWithdrawableShares(address,address[])(uint256[],uint256[])' $STAKER "[$STRAT]")"
check strategy-final 0 "$(balance $TKA $STRAT)"

echo "drive.sh: $PASSES checks passed, $FAILS failed"
[ "$FAILS" -eq 0 ]
