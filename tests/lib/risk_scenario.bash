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

DM=0x86e5731091Fec2486F072c243dbFd26Bbb5ED38E
SM=0xd58da4c0A453d6E94B392c9404c96260B977B888
AM=0xabe61708FE3b1b18B4A9fB88061d715f1bC1757c
REGISTRAR=0x836F1364fd3746ebD15A005006a34C43F4AE6e43
TKA=0x7b759530bc34393C7275cd91C848069947097906
STRAT=0xBfab43aF3dA407a51114813d462f25017462e94a
ZERO=0x0000000000000000000000000000000000000000
ZERO32=0x0000000000000000000000000000000000000000000000000000000000000000
STAKER=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
STAKER_KEY=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
OPERATOR=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
OPERATOR_KEY=0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a
AVS=0x90F79bf6EB2c4f870365E785982E1f101E93b906
AVS_KEY=0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6
RECIPIENT=0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65
SLASHER=0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc
STAKER2=0x976EA74026E726554dB657fA54763abd0C3a0aa9
STAKER2_KEY=0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e
E18=000000000000000000

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
