# The risk scenario on a running devnet, sourced by tests/risk_html.sh and
# tests/risk_sources.sh:
# two stakers in one strategy, an operator registered in a redistributing
# set (1) and a burning set (2) of one AVS, an allocation that took effect,
# then a pending deallocation in set 1 and a pending allocation in set 2.
# Needs R (the node's URL), CAST, and a check NAME WANT GOT function.
tx() { # key to sig args...
  local out
  out=$("$CAST" send -r "$R" --private-key "$@" --json 2>&1)
  check "tx $3" 0x1 "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' <<<"$out" 2>/dev/null)"
}
mine() { "$CAST" rpc anvil_mine "$("$CAST" to-hex "$1")" -r "$R" >/dev/null; }

. tests/lib/devnet_roles.sh  # the scripts that source this run in the repository root

# ---- the scenario ----------------------------------------------------------
tx $STAKER_KEY $TKA 'approve(address,uint256)' $SM 100$E18
tx $STAKER_KEY $SM 'depositIntoStrategy(address,address,uint256)' $STRAT $TKA 100$E18
tx $STAKER2_KEY $TKA 'approve(address,uint256)' $SM 50$E18
tx $STAKER2_KEY $SM 'depositIntoStrategy(address,address,uint256)' $STRAT $TKA 50$E18
tx $OPERATOR_KEY $DM 'registerAsOperator(address,uint32,string)' $ZERO 5 https://op.invalid
tx $STAKER_KEY $DM 'delegateTo(address,(bytes,uint256),bytes32)' $OPERATOR "(0x,0)" $ZERO32
tx $AVS_KEY $AM 'updateAVSMetadataURI(address,string)' $AVS https://avs.invalid
tx $AVS_KEY $AM 'setAVSRegistrar(address,address)' $AVS $REGISTRAR
tx $AVS_KEY $AM 'createRedistributingOperatorSets(address,(uint32,address[],address)[],address[])' \
  $AVS "[(1,[$STRAT],$AVS)]" "[$RECIPIENT]"
tx $AVS_KEY $AM 'createOperatorSets(address,(uint32,address[],address)[])' $AVS "[(2,[$STRAT],$SLASHER)]"
tx $OPERATOR_KEY $AM 'registerForOperatorSets(address,(address,uint32[],bytes))' $OPERATOR "($AVS,[1,2],0x)"
tx $OPERATOR_KEY $AM 'modifyAllocations(address,((address,uint32),address[],uint64[])[])' $OPERATOR \
  "[(($AVS,1),[$STRAT],[500000000000000000])]"
mine 6
# a pending deallocation in set 1 and a pending allocation in set 2
tx $OPERATOR_KEY $AM 'modifyAllocations(address,((address,uint32),address[],uint64[])[])' $OPERATOR \
  "[(($AVS,1),[$STRAT],[300000000000000000]),(($AVS,2),[$STRAT],[400000000000000000])]"
# STAKER2 delegates after the allocations
tx $STAKER2_KEY $DM 'delegateTo(address,(bytes,uint256),bytes32)' $OPERATOR "(0x,0)" $ZERO32
