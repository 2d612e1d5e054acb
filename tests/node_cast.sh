#!/usr/bin/env bash
# Drives `restake devnet` with the real cast binary through the restaking
# lifecycle (approve, deposit, register operator, delegate, queue and
# complete a withdrawal) and asserts the values `cast call` reads back.
# Usage: tests/node_cast.sh path/to/restake   (cast from $CAST or PATH)
# Skips (exit 0, with a message) when cast is not installed.
set -uo pipefail
RESTAKE=${1:?usage: node_cast.sh path/to/restake}
CAST=${CAST:-$(command -v cast || true)}
if [ -z "$CAST" ] || ! "$CAST" --version >/dev/null 2>&1; then
  echo "node_cast: SKIP: cast not found (scripts/install-deps installs @foundry-rs/cast-linux-amd64)"
  exit 0
fi
if ! "$RESTAKE" devnet --help >/dev/null 2>&1; then
  echo "node_cast: FAIL: $RESTAKE has no devnet command" >&2
  exit 1
fi
cd "$(dirname "$0")/.."

PORT=$((20000 + RANDOM % 20000))
R=http://127.0.0.1:$PORT
LOG=$(mktemp /tmp/restake_node_cast.XXXXXX)
"$RESTAKE" devnet --port "$PORT" --quiet >"$LOG" 2>&1 &
NODE=$!
trap 'kill $NODE 2>/dev/null; wait $NODE 2>/dev/null; rm -f "$LOG"' EXIT
for _ in $(seq 100); do grep -q "Listening on" "$LOG" && break; sleep 0.1; done
grep -q "Listening on" "$LOG" || { echo "node_cast: node did not start:"; cat "$LOG"; exit 1; }

FAILS=0
PASSES=0
check() { # name expected actual
  if [ "$2" == "$3" ]; then PASSES=$((PASSES + 1)); else
    echo "node_cast: FAIL $1: expected '$2', got '$3'" >&2; FAILS=$((FAILS + 1)); fi
}
first() { awk '{print $1}'; }  # cast prints "1000 [1e3]": keep the number

DM=0x86e5731091Fec2486F072c243dbFd26Bbb5ED38E
SM=0xd58da4c0A453d6E94B392c9404c96260B977B888
TKA=0x7b759530bc34393C7275cd91C848069947097906
STRAT=0xBfab43aF3dA407a51114813d462f25017462e94a
STAKER=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
STAKER_KEY=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
OPERATOR=0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
OPERATOR_KEY=0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a
ZERO=0x0000000000000000000000000000000000000000

send() { # key to sig args...: prints the receipt status
  local key=$1; shift
  "$CAST" send -r "$R" --private-key "$key" "$@" --json 2>&1 | sed -n 's/.*"status":"\(0x[0-9a-f]*\)".*/\1/p'
}

check chain-id 31337 "$("$CAST" chain-id -r "$R")"
check client "restake/0.1.0" "$("$CAST" client -r "$R")"
check eth-balance 10000000000000000000000 "$("$CAST" balance $STAKER -r "$R")"
check token-balance 1000000000000000000000000 "$("$CAST" call $TKA 'balanceOf(address)(uint256)' $STAKER -r "$R" | first)"
check token-symbol '"TKA"' "$("$CAST" call $TKA 'symbol()(string)' -r "$R")"
code=$("$CAST" code $DM -r "$R")
check dm-has-code yes "$([ ${#code} -gt 2 ] && echo yes || echo no)"

# The operator registers.
check register-status 0x1 "$(send $OPERATOR_KEY $DM 'registerAsOperator(address,uint32,string)' $ZERO 0 'https://example.invalid/op')"
check is-operator true "$("$CAST" call $DM 'isOperator(address)(bool)' $OPERATOR -r "$R")"

# The staker approves and deposits 100 TKA.
check approve-status 0x1 "$(send $STAKER_KEY $TKA 'approve(address,uint256)' $SM 1000000000000000000000)"
check allowance 1000000000000000000000 "$("$CAST" call $TKA 'allowance(address,address)(uint256)' $STAKER $SM -r "$R" | first)"
check deposit-status 0x1 "$(send $STAKER_KEY $SM 'depositIntoStrategy(address,address,uint256)' $STRAT $TKA 100000000000000000000)"
check deposit-shares 100000000000000000000 "$("$CAST" call $SM 'stakerDepositShares(address,address)(uint256)' $STAKER $STRAT -r "$R" | first)"
check strategy-balance 100000000000000000000 "$("$CAST" call $TKA 'balanceOf(address)(uint256)' $STRAT -r "$R" | first)"
check staker-after-deposit 999900000000000000000000 "$("$CAST" call $TKA 'balanceOf(address)(uint256)' $STAKER -r "$R" | first)"

# A deposit beyond the allowance reverts with the token's reason, as on anvil.
out=$("$CAST" send -r "$R" --private-key $STAKER_KEY $SM 'depositIntoStrategy(address,address,uint256)' $STRAT $TKA 5000000000000000000000 2>&1)
check over-deposit-reverts yes "$(echo "$out" | grep -q 'execution reverted' && echo yes || echo no)"
check over-deposit-reason yes "$(echo "$out" | grep -q 'ERC20: insufficient allowance' && echo yes || echo no)"

# The staker delegates to the operator (no approver: empty signature).
check delegate-status 0x1 "$(send $STAKER_KEY $DM 'delegateTo(address,(bytes,uint256),bytes32)' $OPERATOR '(0x,0)' 0x0000000000000000000000000000000000000000000000000000000000000000)"
check delegated-to "$OPERATOR" "$("$CAST" call $DM 'delegatedTo(address)(address)' $STAKER -r "$R")"
check operator-shares 100000000000000000000 "$("$CAST" call $DM 'operatorShares(address,address)(uint256)' $OPERATOR $STRAT -r "$R" | first)"

# Deposit event visible through eth_getLogs (topic0 = Deposit(address,address,uint256)).
topic=$("$CAST" keccak 'Deposit(address,address,uint256)')
nlogs=$("$CAST" logs --from-block 0 --address $SM "$topic" -r "$R" --json | grep -o '"transactionHash"' | wc -l)
check deposit-logs 1 "$nlogs"

# Queue a withdrawal of 40 shares, wait out the devnet delay, complete it as tokens.
check queue-status 0x1 "$(send $STAKER_KEY $DM 'queueWithdrawals((address[],uint256[],address)[])' "[([$STRAT],[40000000000000000000],$STAKER)]")"
check operator-shares-after-queue 60000000000000000000 "$("$CAST" call $DM 'operatorShares(address,address)(uint256)' $OPERATOR $STRAT -r "$R" | first)"
start=$("$CAST" block-number -r "$R")
"$CAST" rpc anvil_mine 0xb -r "$R" >/dev/null
check mined $((start + 11)) "$("$CAST" block-number -r "$R")"
W="($STAKER,$OPERATOR,$STAKER,0,$start,[$STRAT],[40000000000000000000])"
check complete-status 0x1 "$(send $STAKER_KEY $DM 'completeQueuedWithdrawal((address,address,address,uint256,uint32,address[],uint256[]),address[],bool)' "$W" "[$TKA]" true)"
check staker-after-withdrawal 999940000000000000000000 "$("$CAST" call $TKA 'balanceOf(address)(uint256)' $STAKER -r "$R" | first)"

# Devnet methods through cast rpc.
snap=$("$CAST" rpc evm_snapshot -r "$R" | tr -d '"')
before=$("$CAST" block-number -r "$R")
"$CAST" rpc anvil_mine 0x5 -r "$R" >/dev/null
check snapshot-mined $((before + 5)) "$("$CAST" block-number -r "$R")"
check revert true "$("$CAST" rpc evm_revert "$snap" -r "$R")"
check reverted-block "$before" "$("$CAST" block-number -r "$R")"
"$CAST" rpc anvil_setBalance 0x000000000000000000000000000000000000dEaD 0x3e8 -r "$R" >/dev/null
check set-balance 1000 "$("$CAST" balance 0x000000000000000000000000000000000000dEaD -r "$R")"

echo "node_cast: $PASSES checks passed, $FAILS failed"
[ "$FAILS" -eq 0 ]
