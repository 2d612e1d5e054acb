#!/usr/bin/env bash
# Roots and proofs from `restake rewards tree` are accepted by processClaim
# through the node: a 3-earner x 2-token distribution is funded by plain
# ERC-20 transfers to the RewardsCoordinator, submitted by the rewards
# updater, activated by moving time, and claimed by each earner with the
# calldata of `restake rewards claim`, signed by the earner and sent with cast.
# Tampered proofs, inflated amounts, a foreign sender and replays must revert
# with the RewardsCoordinator's own errors. A second root, a 1-earner 1-token
# tree (both proofs empty), then pays the cumulative difference.
# Both roots are also rebuilt here from the leaf definitions (keccak by cast),
# so the tree builder is not checked only against the C code it shares with
# the node.
# Usage: tests/node_rewards.sh path/to/restake   (cast from $CAST or PATH)
# Skips (exit 77) when cast is not installed; fails then under RESTAKE_REQUIRE_ALL=1.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/skip.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/node.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"
RESTAKE=${1:?usage: node_rewards.sh path/to/restake}
CAST=${CAST:-$(command -v cast || true)}
if [ -z "$CAST" ] || ! "$CAST" --version >/dev/null 2>&1; then
  skip node_rewards "cast not found (scripts/install-deps installs @foundry-rs/cast-linux-amd64)"
fi
if ! "$RESTAKE" rewards --help >/dev/null 2>&1 || ! "$RESTAKE" devnet --help >/dev/null 2>&1; then
  echo "node_rewards: FAIL: $RESTAKE lacks the rewards or devnet command" >&2
  exit 1
fi

DIR=$(mktemp -d /tmp/restake_node_rewards.XXXXXX)
LOG=$DIR/node.log
trap 'node_stop; rm -rf "$DIR"' EXIT
node_start "$LOG" "$RESTAKE" devnet --in-memory --quiet || exit 1
R=$NODE_URL

# ---- helpers ---------------------------------------------------------------
# cast annotates numbers ("1000 [1e3]"): drop that, one line per value.
call() { # to sig args...
  "$CAST" call -r "$R" "$@" 2>&1 | sed -E 's/ \[[0-9.]+e[0-9]+\]//g' | paste -sd' '
}
balance() { call "$1" 'balanceOf(address)(uint256)' "$2"; }
py() { python3 -c "$@"; }
add() { py "print($1 + $2)"; }
RECEIPT='{}'
receipt() { # python expression over the receipt r
  py "import json, sys; r = json.load(sys.stdin); print($1)" <<<"$RECEIPT" 2>/dev/null
}
tx() { # name key to sig-or-calldata args...
  local name=$1 key=$2; shift 2
  RECEIPT=$("$CAST" send -r "$R" --private-key "$key" "$@" --json 2>&1)
  local status
  status=$(receipt "r['status']")
  check "$name" 0x1 "$status"
  [ "$status" == 0x1 ] || { echo "$RECEIPT" | head -5 >&2; RECEIPT='{}'; }
}
events() { # event signature: how many logs of $RECEIPT carry it
  receipt "len([l for l in r.get('logs', []) if l['topics'][:1] == ['$("$CAST" keccak "$1")']])"
}
# A transaction the protocol refuses: cast must fail before broadcasting and
# the revert data must carry the custom error's selector.
reverts() { # name error-signature key to sig-or-calldata args...
  local name=$1 err=$2 key=$3; shift 3
  local out
  out=$("$CAST" send -r "$R" --private-key "$key" "$@" 2>&1)
  check "$name" yes "$(grep -q "$("$CAST" sig "$err")" <<<"$out" && echo yes || echo "no: $out")"
}
head_ts() { "$CAST" block latest -r "$R" --field timestamp | sed -E 's/ .*//'; }
keccak() { "$CAST" keccak "$1"; }
# The leaves of the reference contract: keccak256(abi.encodePacked(salt, ...)),
# salt 0 for an earner leaf and 1 for a token leaf; inner nodes hash the
# ordered pair, and missing leaves of a level are zero.
token_leaf() { # token amount
  keccak "0x01${1#0x}$(py "print('%064x' % $2)")"
}
earner_leaf() { # earner tokenRoot
  keccak "0x00${1#0x}${2#0x}"
}
node_of() { # left right
  keccak "0x${1#0x}${2#0x}"
}
tree_field() { # tree-json python-expression over t
  py "import json, sys; t = json.load(open('$1')); print($2)"
}
# Flips the low bit of byte `at` of `region` (hex) inside the calldata; the
# region must occur once, so exactly that field changes.
tamper() { # calldata region at
  py "
cd, part, at = '$1', '${2#0x}'.lower(), $3
assert cd.count(part) == 1, 'region not unique in calldata'
bad = part[:2 * at] + '%02x' % (int(part[2 * at:2 * at + 2], 16) ^ 1) + part[2 * at + 2:]
print(cd.replace(part, bad))"
}
# Replaces a 32-byte amount word by amount + 1.
inflate() { # calldata amount
  py "
cd, old = '$1', '%064x' % $2
assert cd.count(old) == 1, 'amount not unique in calldata'
print(cd.replace(old, '%064x' % ($2 + 1)))"
}

# ---- the devnet genesis (genesis/devnet.json) ------------------------------
RC=0x6d27cC0C6F0f533fcB52bdBD0516d831638ca91F
TKA=0x7b759530bc34393C7275cd91C848069947097906
TKB=0x808F1692420E60f23d7E316fBC356F579906543e
# Dev account 0 holds every admin role, the rewards updater included.
UPDATER=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
UPDATER_KEY=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
# Test-mnemonic accounts 6..8 earn; the file lists them out of address order
# so the tree builder's sorting is exercised (sorted: E2 < E3 < E1).
E1=0x976EA74026E726554dB657fA54763abd0C3a0aa9
E1_KEY=0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e
E2=0x14dC79964da2C08b23698B3D3cc7Ca32193d9955
E2_KEY=0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356
E3=0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f
E3_KEY=0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97
declare -A KEY=([$E1]=$E1_KEY [$E2]=$E2_KEY [$E3]=$E3_KEY)
ACTIVATION_DELAY=60
CLAIMED='RewardsClaimed(bytes32,address,address,address,address,uint256)'

check updater "$UPDATER" "$(call $RC 'rewardsUpdater()(address)')"
check activation-delay $ACTIVATION_DELAY "$(call $RC 'activationDelay()(uint32)')"
check no-roots 0 "$(call $RC 'getDistributionRootsLength()(uint256)')"
check coordinator-empty-tka 0 "$(balance $TKA $RC)"
check coordinator-empty-tkb 0 "$(balance $TKB $RC)"

# ---- root 0: 3 earners x 2 tokens ------------------------------------------
# Distinct, odd amounts so every amount word is unique in the calldata.
declare -A AMT=(
  [$E1.$TKA]=1000000000000000001 [$E1.$TKB]=2500000000000000003
  [$E2.$TKA]=7000000000000000005 [$E2.$TKB]=11
  [$E3.$TKA]=123456789012345678901 [$E3.$TKB]=42000000000000000007
)
earnings() { # earner...: the JSON of those earners' amounts in TKA and TKB
  local sep="" e
  printf '{'
  for e in "$@"; do
    printf '%s"%s": {"%s": "%s", "%s": "%s"}' "$sep" "$e" $TKB "${AMT[$e.$TKB]}" $TKA "${AMT[$e.$TKA]}"
    sep=", "
  done
  printf '}\n'
}
earnings $E1 $E2 $E3 >"$DIR/earnings0.json"
"$RESTAKE" rewards tree "$DIR/earnings0.json" >"$DIR/tree0.json"
check tree0-exit 0 $?
ROOT0=$(tree_field "$DIR/tree0.json" "t['root']")
check tree0-earner-count 3 "$(tree_field "$DIR/tree0.json" "t['earnerCount']")"
check tree0-earner-order "$E2 $E3 $E1" "$(tree_field "$DIR/tree0.json" "' '.join(e['earner'] for e in t['earners'])")"
check tree0-earner-indices "0 1 2" "$(tree_field "$DIR/tree0.json" "' '.join(str(e['earnerIndex']) for e in t['earners'])")"
# 3 earners pad to 4 leaves (2 siblings); 2 tokens make 1 sibling.
check tree0-earner-proof-bytes "64 64 64" \
  "$(tree_field "$DIR/tree0.json" "' '.join(str(len(e['earnerTreeProof']) // 2 - 1) for e in t['earners'])")"
check tree0-token-proof-bytes "32 32 32 32 32 32" \
  "$(tree_field "$DIR/tree0.json" "' '.join(str(len(k['tokenTreeProof']) // 2 - 1) for e in t['earners'] for k in e['tokens'])")"

# The same root from the leaf definitions.
declare -A TOKEN_ROOT
for e in $E2 $E3 $E1; do
  TOKEN_ROOT[$e]=$(node_of "$(token_leaf $TKA "${AMT[$e.$TKA]}")" "$(token_leaf $TKB "${AMT[$e.$TKB]}")")
done
check tree0-token-roots "${TOKEN_ROOT[$E2]} ${TOKEN_ROOT[$E3]} ${TOKEN_ROOT[$E1]}" \
  "$(tree_field "$DIR/tree0.json" "' '.join(e['earnerTokenRoot'] for e in t['earners'])")"
ZERO32=0x0000000000000000000000000000000000000000000000000000000000000000
LEFT=$(node_of "$(earner_leaf $E2 "${TOKEN_ROOT[$E2]}")" "$(earner_leaf $E3 "${TOKEN_ROOT[$E3]}")")
RIGHT=$(node_of "$(earner_leaf $E1 "${TOKEN_ROOT[$E1]}")" $ZERO32)
check tree0-root "$(node_of "$LEFT" "$RIGHT")" "$ROOT0"

# Funds arrive as plain ERC-20 transfers, exactly the distribution's total.
TOTAL_A=$(py "print(${AMT[$E1.$TKA]} + ${AMT[$E2.$TKA]} + ${AMT[$E3.$TKA]})")
TOTAL_B=$(py "print(${AMT[$E1.$TKB]} + ${AMT[$E2.$TKB]} + ${AMT[$E3.$TKB]})")
tx fund-tka $UPDATER_KEY $TKA 'transfer(address,uint256)' $RC "$TOTAL_A"
tx fund-tkb $UPDATER_KEY $TKB 'transfer(address,uint256)' $RC "$TOTAL_B"
check coordinator-funded-tka "$TOTAL_A" "$(balance $TKA $RC)"
check coordinator-funded-tkb "$TOTAL_B" "$(balance $TKB $RC)"

declare -A CALLDATA
for e in $E1 $E2 $E3; do
  CALLDATA[$e]=$("$RESTAKE" rewards claim "$DIR/earnings0.json" --earner "$e")
done

SUBMIT='submitRoot(bytes32,uint32)'
reverts submit-by-earner 'UnauthorizedCaller()' $E1_KEY $RC "$SUBMIT" "$ROOT0" 1
END0=$(($(head_ts) - 1))
reverts submit-end-not-elapsed 'RewardsEndTimestampNotElapsed()' $UPDATER_KEY $RC "$SUBMIT" "$ROOT0" $((END0 + 3600))
reverts claim-without-root 'Panic(uint256)' $E1_KEY $RC "${CALLDATA[$E1]}"
tx submit-root0 $UPDATER_KEY $RC "$SUBMIT" "$ROOT0" $END0
SUBMITTED_AT=$(receipt "int(r['blockNumber'], 16)")
SUBMITTED_TS=$("$CAST" block "$SUBMITTED_AT" -r "$R" --field timestamp | sed -E 's/ .*//')
ACTIVATED0=$((SUBMITTED_TS + ACTIVATION_DELAY))
check root0-event 1 "$(events 'DistributionRootSubmitted(uint32,bytes32,uint32,uint32)')"
check roots-length 1 "$(call $RC 'getDistributionRootsLength()(uint256)')"
# DistributionRoot is (root, rewardsCalculationEndTimestamp, activatedAt, disabled).
check root0-stored "($ROOT0, $END0, $ACTIVATED0, false)" \
  "$(call $RC 'getDistributionRootAtIndex(uint256)((bytes32,uint32,uint32,bool))' 0)"
check curr-end0 $END0 "$(call $RC 'currRewardsCalculationEndTimestamp()(uint32)')"
check root0-index-from-hash 0 "$(call $RC 'getRootIndexFromHash(bytes32)(uint32)' "$ROOT0")"
reverts submit-same-period 'NewRootMustBeForNewCalculatedPeriod()' $UPDATER_KEY $RC "$SUBMIT" "$ROOT0" $END0
reverts claim-not-activated 'RootNotActivated()' $E1_KEY $RC "${CALLDATA[$E1]}"

"$CAST" rpc evm_increaseTime $ACTIVATION_DELAY -r "$R" >/dev/null
"$CAST" rpc evm_mine -r "$R" >/dev/null
check activated0 yes "$([ "$(head_ts)" -ge $ACTIVATED0 ] && echo yes || echo "no: head $(head_ts) < $ACTIVATED0")"
check claimable-root0 "$ROOT0" \
  "$(call $RC 'getCurrentClaimableDistributionRoot()((bytes32,uint32,uint32,bool))' | sed -E 's/^\(([^,]*),.*/\1/')"

# Refusals first, so the claims after them start from an untouched root.
TP1=$(tree_field "$DIR/tree0.json" "[e for e in t['earners'] if e['earner'] == '$E1'][0]['tokens'][1]['tokenTreeProof']")
for e in $E1 $E2 $E3; do
  ep=$(tree_field "$DIR/tree0.json" "[e for e in t['earners'] if e['earner'] == '$e'][0]['earnerTreeProof']")
  # Each 32-byte word of the earner proof, one at a time.
  for w in 0 1; do
    reverts "tampered-earner-proof-$e-word$w" 'InvalidClaimProof()' "${KEY[$e]}" $RC \
      "$(tamper "${CALLDATA[$e]}" "$ep" $((32 * w + 7)))"
  done
done
reverts tampered-token-proof 'InvalidClaimProof()' $E1_KEY $RC "$(tamper "${CALLDATA[$E1]}" "$TP1" 31)"
reverts inflated-amount 'InvalidClaimProof()' $E1_KEY $RC "$(inflate "${CALLDATA[$E1]}" "${AMT[$E1.$TKB]}")"
reverts tampered-token-root 'InvalidClaimProof()' $E1_KEY $RC "$(tamper "${CALLDATA[$E1]}" "${TOKEN_ROOT[$E1]}" 0)"
reverts foreign-sender 'UnauthorizedCaller()' $E2_KEY $RC "${CALLDATA[$E1]}"
check untouched-by-refusals "$TOTAL_A $TOTAL_B" "$(balance $TKA $RC) $(balance $TKB $RC)"

for e in $E1 $E2 $E3; do
  before_a=$(balance $TKA "$e")
  before_b=$(balance $TKB "$e")
  tx "claim-$e" "${KEY[$e]}" $RC "${CALLDATA[$e]}"
  check "claimed-events-$e" 2 "$(events "$CLAIMED")"
  check "gain-tka-$e" "$(add "$before_a" "${AMT[$e.$TKA]}")" "$(balance $TKA "$e")"
  check "gain-tkb-$e" "$(add "$before_b" "${AMT[$e.$TKB]}")" "$(balance $TKB "$e")"
  check "cumulative-claimed-$e" "${AMT[$e.$TKA]} ${AMT[$e.$TKB]}" \
    "$(call $RC 'cumulativeClaimed(address,address)(uint256)' "$e" $TKA) $(call $RC 'cumulativeClaimed(address,address)(uint256)' "$e" $TKB)"
  reverts "replay-$e" 'EarningsNotGreaterThanClaimed()' "${KEY[$e]}" $RC "${CALLDATA[$e]}"
done
check coordinator-drained-tka 0 "$(balance $TKA $RC)"
check coordinator-drained-tkb 0 "$(balance $TKB $RC)"

# ---- root 1: one earner, one token: both proofs empty ----------------------
# E2's cumulative TKA grows by DELTA; the claim pays exactly DELTA.
DELTA=5000000000000000013
CUM=$(add "${AMT[$E2.$TKA]}" $DELTA)
printf '{"%s": {"%s": "%s"}}\n' $E2 $TKA "$CUM" >"$DIR/earnings1.json"
"$RESTAKE" rewards tree "$DIR/earnings1.json" >"$DIR/tree1.json"
check tree1-exit 0 $?
ROOT1=$(tree_field "$DIR/tree1.json" "t['root']")
check tree1-proofs "0x 0x" \
  "$(tree_field "$DIR/tree1.json" "t['earners'][0]['earnerTreeProof'] + ' ' + t['earners'][0]['tokens'][0]['tokenTreeProof']")"
# A single leaf is its tree's root.
check tree1-root "$(earner_leaf $E2 "$(token_leaf $TKA "$CUM")")" "$ROOT1"
CALLDATA1=$("$RESTAKE" rewards claim "$DIR/earnings1.json" --earner $E2 --root-index 1)
tx fund-delta $UPDATER_KEY $TKA 'transfer(address,uint256)' $RC $DELTA
END1=$(($(head_ts) - 1))
tx submit-root1 $UPDATER_KEY $RC "$SUBMIT" "$ROOT1" $END1
SUBMITTED_TS=$("$CAST" block "$(receipt "int(r['blockNumber'], 16)")" -r "$R" --field timestamp | sed -E 's/ .*//')
ACTIVATED1=$(call $RC 'getDistributionRootAtIndex(uint256)((bytes32,uint32,uint32,bool))' 1 | sed -E 's/^\([^,]*, [0-9]+, ([0-9]+),.*/\1/')
check root1-stored "($ROOT1, $END1, $((SUBMITTED_TS + ACTIVATION_DELAY)), false)" \
  "$(call $RC 'getDistributionRootAtIndex(uint256)((bytes32,uint32,uint32,bool))' 1)"
reverts claim1-not-activated 'RootNotActivated()' $E2_KEY $RC "$CALLDATA1"
# A block exactly at activatedAt: the root is claimable from that second on.
"$CAST" rpc evm_mine "$("$CAST" to-hex "$ACTIVATED1")" -r "$R" >/dev/null
check head-at-activation1 "$ACTIVATED1" "$(head_ts)"
check claim1-callable-at-activation "" "$("$CAST" call -r "$R" --from $E2 $RC "$CALLDATA1" 2>&1 | sed 's/^0x$//')"
reverts inflated-amount1 'InvalidClaimProof()' $E2_KEY $RC "$(inflate "$CALLDATA1" "$CUM")"
before=$(balance $TKA $E2)
tx claim1 $E2_KEY $RC "$CALLDATA1"
check claimed1-events 1 "$(events "$CLAIMED")"
check claimed1-amount "$DELTA" "$("$CAST" abi-decode 'f()(bytes32,address,uint256)' \
  "$(receipt "[l for l in r['logs'] if l['topics'][0] == '$("$CAST" keccak "$CLAIMED")'][0]['data']")" |
  tail -1 | sed -E 's/ .*//')"
check gain1 "$(add "$before" $DELTA)" "$(balance $TKA $E2)"
check cumulative-claimed1 "$CUM" "$(call $RC 'cumulativeClaimed(address,address)(uint256)' $E2 $TKA)"
check coordinator-drained1 0 "$(balance $TKA $RC)"
reverts replay1 'EarningsNotGreaterThanClaimed()' $E2_KEY $RC "$CALLDATA1"
# The older root now pays E2 nothing: its TKA total is below what was claimed.
reverts older-root-below-claimed 'EarningsNotGreaterThanClaimed()' $E2_KEY $RC "${CALLDATA[$E2]}"

# The node's stderr goes to $LOG: a sanitizer report there is a failure too.
check node-log-clean 0 "$(grep -c 'runtime error\|AddressSanitizer\|LeakSanitizer' "$LOG")"

checks_done
