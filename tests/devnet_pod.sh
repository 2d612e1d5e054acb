#!/usr/bin/env bash
# Walks an EigenPod through its life on `restake devnet` using only JSON-RPC
# (cast as the client) and the node's offline beacon chain: two validators
# staked through EigenPodManager.stake, withdrawal credentials, rewards, a
# beacon-chain slash (proven through verifyStaleBalance), an AVS slash, an
# exit, and the withdrawal of the beacon-chain ETH shares; every share, factor
# and wei amount is checked against the value the protocol rules give. Ends
# with evm_snapshot/evm_revert over beacon controls and a restart of a durable
# node with the simulation on.
# Usage: tests/devnet_pod.sh path/to/restake   (cast from $CAST or PATH)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/skip.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/node.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"
RESTAKE=${1:?usage: devnet_pod.sh path/to/restake}
CAST=${CAST:-$(command -v cast || true)}
if [ -z "$CAST" ] || ! "$CAST" --version >/dev/null 2>&1; then
  skip devnet_pod "cast not found (scripts/install-deps installs it)"
fi
cd "$(dirname "$0")/.."

TMP=$(mktemp -d /tmp/restake_devnet_pod.XXXXXX)
# Every start reads the port anew: a restarted node may get another one.
start_node() { # extra devnet args...
  node_start "$TMP/log" "$RESTAKE" devnet --quiet "$@" || exit 1
  R=$NODE_URL
}
stop_node() { node_stop; }
trap 'stop_node; rm -rf "$TMP"' EXIT

call() { # to sig args...
  "$CAST" call -r "$R" "$@" 2>&1 | sed -E 's/ \[[0-9.]+e[0-9]+\]//g' | paste -sd' '
}
rpc() { "$CAST" rpc -r "$R" "$@" 2>&1; }
# Every block gets a timestamp 12 s after the last (one slot), so each one
# runs a beacon epoch and publishes a fresh root (even after a restart,
# which forgets evm_increaseTime offsets).
tick() {
  local ts
  ts=$("$CAST" block latest -f timestamp -r "$R")
  rpc evm_setNextBlockTimestamp $((ts + 12)) >/dev/null
}
mine() { # blocks
  for _ in $(seq "$1"); do tick; rpc evm_mine >/dev/null; done
}
tx() { # name from to sig-or-calldata args...: checks status 0x1, keeps $RECEIPT
  local name=$1 from=$2; shift 2
  tick
  RECEIPT=$("$CAST" send -r "$R" --unlocked --from "$from" "$@" --json 2>&1)
  local status
  status=$(jq -r .status <<<"$RECEIPT" 2>/dev/null)
  check "$name" 0x1 "$status"
  [ "$status" == 0x1 ] || { echo "$RECEIPT" | head -5 >&2; RECEIPT='{}'; }
}
proof_tx() { # name from pod kind [arg]: sends the calldata restake_podProofs returns
  local name=$1 from=$2 pod=$3 kind=$4; shift 4
  local p
  p=$(rpc restake_podProofs "$pod" "$kind" "$@")
  local to data
  to=$(jq -r .to <<<"$p" 2>/dev/null)
  data=$(jq -r .data <<<"$p" 2>/dev/null)
  if [ -z "$data" ] || [ "$data" == null ]; then check "$name-proofs" calldata "$p"; return; fi
  tx "$name" "$from" "$to" "$data"
}
validator() { # pod index field: a field of one of the pod's validators, as decimal when a quantity
  local v
  v=$(rpc restake_beaconValidators "$1" | jq -r --argjson i "$2" --arg f "$3" '.[] | select(.index == ("0x" + ($i | tostring))) | .[$f]')
  if [[ $v == 0x* ]] && [ ${#v} -le 18 ]; then echo $((v)); else echo "$v"; fi
}
block_of() { "$CAST" to-dec "$(jq -r .blockNumber <<<"$RECEIPT")"; }
gas_paid() { echo "$(( $(jq -r .gasUsed <<<"$RECEIPT") )) * $(( $(jq -r .effectiveGasPrice <<<"$RECEIPT") ))" | bc; }
math() { echo "$1" | BC_LINE_LENGTH=0 bc; }  # integer (floor) arithmetic beyond 64 bits

EPM=0x3cD39A99BADA1FBbFCc4102d48Eabc3fD6d2f79D
DM=0x86e5731091Fec2486F072c243dbFd26Bbb5ED38E
AM=0xabe61708FE3b1b18B4A9fB88061d715f1bC1757c
REGISTRAR=0x836F1364fd3746ebD15A005006a34C43F4AE6e43
BEACON=0xbeaC0eeEeeeeEEeEeEEEEeeEEeEeeeEeeEEBEaC0
ZERO=0x0000000000000000000000000000000000000000
ZERO32=0x0000000000000000000000000000000000000000000000000000000000000000
STAKER=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
OPERATOR=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
AVS=0x90F79bf6EB2c4f870365E785982E1f101E93b906
PROVER=0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65
E18=000000000000000000
WAD=1$E18
G=1000000000
GZ=000000000  # gwei written as a suffix: 32$GZ
PK_A=0x$(printf 'a1%.0s' $(seq 48))
PK_B=0x$(printf 'b2%.0s' $(seq 48))
SIG=0x$(printf '5e%.0s' $(seq 96))
ROOT=0x$(printf 'd0%.0s' $(seq 32))

start_node --in-memory
status=$(rpc restake_beaconStatus)
check sim-enabled true "$(jq -r .enabled <<<"$status")"
check pectra-fork 1750000000 "$(call $EPM 'pectraForkTimestamp()(uint64)')"

# ---- operator, pod, two 32 ETH validators -----------------------------------
tx register $OPERATOR $DM 'registerAsOperator(address,uint32,string)' $ZERO 1 'https://example.invalid/op'
tx create-pod $STAKER $EPM 'createPod()'
POD=$(call $EPM 'getPod(address)(address)' $STAKER)
tx stake-a $STAKER $EPM 'stake(bytes,bytes,bytes32)' $PK_A $SIG $ROOT --value 32ether
tx stake-b $STAKER $EPM 'stake(bytes,bytes,bytes32)' $PK_B $SIG $ROOT --value 32ether
mine 1
check validators 2 "$(rpc restake_beaconValidators "$POD" | jq length)"
check a-index 0 "$(validator "$POD" 0 index)"
check a-balance 32$GZ "$(validator "$POD" 0 balanceGwei)"
check a-status active "$(validator "$POD" 0 status)"
check b-credentials 0x010000000000000000000000$(tr 'A-F' 'a-f' <<<"${POD:2}") "$(validator "$POD" 1 withdrawalCredentials)"
check pod-balance-after-stake 0 "$("$CAST" balance "$POD" -r "$R")"

# ---- withdrawal credentials: 2 × 32 ETH of deposit shares --------------------
tx set-submitter $STAKER "$POD" 'setProofSubmitter(address)' $PROVER
proof_tx credentials $PROVER "$POD" credentials
check shares-after-credentials 64$E18 "$(call $EPM 'podOwnerDepositShares(address)(int256)' $STAKER)"
check active-validators 2 "$(call "$POD" 'activeValidatorCount()(uint256)')"
check a-pod-status active "$(validator "$POD" 0 podStatus)"
check a-pod-restaked 32$GZ "$(validator "$POD" 0 podRestakedBalanceGwei)"

tx delegate $STAKER $DM 'delegateTo(address,(bytes,uint256),bytes32)' $OPERATOR '(0x,0)' $ZERO32
check operator-shares-delegated 64$E18 "$(call $DM 'operatorShares(address,address)(uint256)' $OPERATOR $BEACON)"

# ---- rewards: A earns 1 ETH, swept to the pod, checkpointed as +1 ETH -------
check set-balance true "$(rpc restake_beaconSetBalance 0 33$GZ)"
proof_tx start-checkpoint-1 $STAKER "$POD" startCheckpoint
check swept-reward 1$E18 "$("$CAST" balance "$POD" -r "$R")"
check a-balance-after-sweep 32$GZ "$(validator "$POD" 0 balanceGwei)"
proof_tx checkpoint-1 $PROVER "$POD" checkpoint
check shares-after-rewards 65$E18 "$(call $EPM 'podOwnerDepositShares(address)(int256)' $STAKER)"
check operator-shares-after-rewards 65$E18 "$(call $DM 'operatorShares(address,address)(uint256)' $OPERATOR $BEACON)"
check restaked-el-1 1$GZ "$(call "$POD" 'withdrawableRestakedExecutionLayerGwei()(uint64)')"
check bcsf-before-slash $WAD "$(call $EPM 'beaconChainSlashingFactor(address)(uint64)' $STAKER)"

# ---- beacon-chain slash of A (1 ETH penalty): it exits, 31 ETH reach the pod -
check slash true "$(rpc restake_beaconSlash 0 1$GZ)"
mine 1
check a-slashed true "$(validator "$POD" 0 slashed)"
check a-exited exited "$(validator "$POD" 0 status)"
check pod-balance-after-slash 32$E18 "$("$CAST" balance "$POD" -r "$R")"
# Anyone may prove a slashed validator's stale balance; it starts a checkpoint.
proof_tx stale-balance $OPERATOR "$POD" staleBalance
proof_tx checkpoint-2 $PROVER "$POD" checkpoint
# prev restaked = 1 (EL) + 64 (beacon) ETH; delta = 31 (new EL) - 32 (A) = -1 ETH
BCSF=$(math "$WAD * 64$E18 / 65$E18")
check bcsf-after-slash "$BCSF" "$(call $EPM 'beaconChainSlashingFactor(address)(uint64)' $STAKER)"
check bcsf-value 984615384615384615 "$BCSF"
check shares-after-slash 65$E18 "$(call $EPM 'podOwnerDepositShares(address)(int256)' $STAKER)"
OPS=$(math "65$E18 - 65$E18 * ($WAD - $BCSF) / $WAD")
check operator-shares-after-bc-slash "$OPS" "$(call $DM 'operatorShares(address,address)(uint256)' $OPERATOR $BEACON)"
check restaked-el-2 32$GZ "$(call "$POD" 'withdrawableRestakedExecutionLayerGwei()(uint64)')"
check active-after-slash 1 "$(call "$POD" 'activeValidatorCount()(uint256)')"
check a-pod-withdrawn withdrawn "$(validator "$POD" 0 podStatus)"
check withdrawable-after-bc-slash "[$(math "65$E18 * $BCSF / $WAD")] [65$E18]" \
  "$(call $DM 'getWithdrawableShares(address,address[])(uint256[],uint256[])' $STAKER "[$BEACON]")"

# ---- AVS slash: half of a 50% allocation of the beacon-chain ETH strategy ----
SET="($AVS,1)"
tx avs-metadata $AVS $AM 'updateAVSMetadataURI(address,string)' $AVS 'https://example.invalid/avs'
tx avs-registrar $AVS $AM 'setAVSRegistrar(address,address)' $AVS $REGISTRAR
tx create-set $AVS $AM 'createOperatorSets(address,(uint32,address[])[])' $AVS "[(1,[$BEACON])]"
tx register-for-set $OPERATOR $AM 'registerForOperatorSets(address,(address,uint32[],bytes))' $OPERATOR "($AVS,[1],0x)"
tx allocate $OPERATOR $AM 'modifyAllocations(address,((address,uint32),address[],uint64[])[])' $OPERATOR "[($SET,[$BEACON],[5${E18:1}])]"
mine 2
check allocation-effective "(5${E18:1}, 0, 0)" "$(call $AM 'getAllocation(address,(address,uint32),address)((uint64,int128,uint32))' $OPERATOR "$SET" $BEACON)"
tx avs-slash $AVS $AM 'slashOperator(address,(address,uint32,address[],uint256[],string))' $AVS "($OPERATOR,1,[$BEACON],[5${E18:1}],misbehaved)"
check max-magnitude 75${E18:2} "$(call $AM 'getMaxMagnitude(address,address)(uint64)' $OPERATOR $BEACON)"
# operator shares keep ceil(shares × 0.75); the rest become burnable ETH shares
OPS2=$(math "($OPS * 75${E18:2} + $WAD - 1) / $WAD")
check operator-shares-after-avs-slash "$OPS2" "$(call $DM 'operatorShares(address,address)(uint256)' $OPERATOR $BEACON)"
check burnable-eth-shares "$(math "$OPS - $OPS2")" "$(call $EPM 'burnableETHShares()(uint256)')"
SF=$(math "75${E18:2} * $BCSF / $WAD")
WITHDRAWABLE=$(math "65$E18 * $SF / $WAD")
check withdrawable-after-avs-slash "[$WITHDRAWABLE] [65$E18]" \
  "$(call $DM 'getWithdrawableShares(address,address[])(uint256[],uint256[])' $STAKER "[$BEACON]")"

# ---- B exits: 32 ETH reach the pod, the checkpoint changes no shares ---------
check exit true "$(rpc restake_beaconExit 1)"
mine 1
check b-exited exited "$(validator "$POD" 1 status)"
check pod-balance-after-exit 64$E18 "$("$CAST" balance "$POD" -r "$R")"
proof_tx start-checkpoint-3 $STAKER "$POD" startCheckpoint
proof_tx checkpoint-3 $PROVER "$POD" checkpoint
check shares-after-exit 65$E18 "$(call $EPM 'podOwnerDepositShares(address)(int256)' $STAKER)"
check bcsf-after-exit "$BCSF" "$(call $EPM 'beaconChainSlashingFactor(address)(uint64)' $STAKER)"
check restaked-el-3 64$GZ "$(call "$POD" 'withdrawableRestakedExecutionLayerGwei()(uint64)')"
check active-after-exit 0 "$(call "$POD" 'activeValidatorCount()(uint256)')"
check no-more-credentials "" "$(rpc restake_podProofs "$POD" credentials | jq -r '.data // empty' 2>/dev/null)"

# ---- queue and complete the withdrawal of all 65 ETH of deposit shares ------
tx queue $STAKER $DM 'queueWithdrawals((address[],uint256[],address)[])' "[([$BEACON],[65$E18],$STAKER)]"
start=$(block_of)
check operator-shares-after-queue "$(math "$OPS2 - $WITHDRAWABLE")" "$(call $DM 'operatorShares(address,address)(uint256)' $OPERATOR $BEACON)"
check shares-after-queue 0 "$(call $EPM 'podOwnerDepositShares(address)(int256)' $STAKER)"
mine 10
before=$("$CAST" balance $STAKER -r "$R")
W="($STAKER,$OPERATOR,$STAKER,0,$start,[$BEACON],[65$E18])"
tx complete $STAKER $DM 'completeQueuedWithdrawal((address,address,address,uint256,uint32,address[],uint256[]),address[],bool)' "$W" "[$ZERO]" true --gas-limit 3000000
# the pod pays whole gwei: floor(withdrawable / 1 gwei) gwei
PAID=$(math "$WITHDRAWABLE / $G * $G")
check staker-eth-gain "$PAID" "$(math "$("$CAST" balance $STAKER -r "$R") - $before + $(gas_paid)")"
check pod-balance-after-withdrawal "$(math "64$E18 - $PAID")" "$("$CAST" balance "$POD" -r "$R")"
check restaked-el-4 "$(math "64$GZ - $PAID / $G")" "$(call "$POD" 'withdrawableRestakedExecutionLayerGwei()(uint64)')"

# ---- evm_snapshot / evm_revert cover the beacon chain ------------------------
snap=$(rpc evm_snapshot | tr -d '"')
tx stake-c $STAKER $EPM 'stake(bytes,bytes,bytes32)' 0x$(printf 'c3%.0s' $(seq 48)) $SIG $ROOT --value 32ether
mine 1
check validators-in-snapshot 3 "$(( $(rpc restake_beaconStatus | jq -r .validatorCount) ))"
check revert true "$(rpc evm_revert "$snap")"
check validators-after-revert 2 "$(( $(rpc restake_beaconStatus | jq -r .validatorCount) ))"
check unknown-validator "error code -32602: validator 7: no such validator, or it cannot do that now" \
  "$(rpc restake_beaconSlash 7 | sed -n 's/.*response: //p')"
stop_node

# ---- a durable node recovers the beacon chain on restart ---------------------
start_node --data "$TMP/data" --snapshot-blocks 3
tx create-pod-2 $STAKER $EPM 'createPod()'
tx stake-d $STAKER $EPM 'stake(bytes,bytes,bytes32)' $PK_A $SIG $ROOT --value 32ether
mine 1
check set-balance-2 true "$(rpc restake_beaconSetBalance 0 31$GZ)"
root=$(rpc restake_stateRoot)
vals=$(rpc restake_beaconValidators "$POD")
stop_node
# from the latest snapshot (every 3 blocks) plus replay, then from genesis alone
start_node --data "$TMP/data" --snapshot-blocks 3
check restart-root "$root" "$(rpc restake_stateRoot)"
check restart-validators "$vals" "$(rpc restake_beaconValidators "$POD")"
stop_node
start_node --data "$TMP/data" --replay-from-genesis
check replay-root "$root" "$(rpc restake_stateRoot)"
mine 1
check restart-balance 31$GZ "$(validator "$POD" 0 balanceGwei)"
# `restake pod` prints what restake_podProofs answers, and sends it.
check pod-cli-print "$(rpc restake_podProofs "$POD" credentials | jq -r .data)" \
  "$("$RESTAKE" pod credentials --rpc "$R" --pod $STAKER | jq -r .data)"
tick
check pod-cli-send 0 "$("$RESTAKE" pod credentials --rpc "$R" --pod "$POD" --send --from $STAKER >/dev/null; echo $?)"
check pod-cli-nothing-left 1 "$("$RESTAKE" pod credentials --rpc "$R" --pod "$POD" 2>/dev/null; echo $?)"
check shares-after-restart 31$E18 "$(call $EPM 'podOwnerDepositShares(address)(int256)' $STAKER)"
stop_node

checks_done
