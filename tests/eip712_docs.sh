#!/usr/bin/env bash
# docs/eip712.md against a running devnet: every domain separator and
# typehash the page gives is what the contracts answer, the domain type's
# hash is keccak256 of its string, and the page's typed-data example hashes
# (through eth_signTypedData_v4's signature, recovered) to the digest view.
# Usage: tests/eip712_docs.sh path/to/restake
set -uo pipefail
NAME=eip712_docs
RESTAKE=${1:?usage: eip712_docs.sh path/to/restake}
cd "$(dirname "$0")/.." || exit 1
. tests/lib/skip.sh
. tests/anvil_lib.bash
[ -n "$CAST" ] || skip eip712_docs "cast not found"
start_node
DOC=docs/eip712.md
DM=0x86e5731091Fec2486F072c243dbFd26Bbb5ED38E
AVSD=0xB45f0F1bAA26D3E69bE44fB789629F41258F9006
row() { grep -F "| $1 \`" "$DOC"; }  # the table row of a contract
word() { row "$1" | grep -oE '0x[0-9a-f]{64}' | sed -n "${2}p"; }
view() { "$CAST" call -r "$R" "$@"; }
check domain-typehash "$("$CAST" keccak 'EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)')" \
  "$(grep -A1 '^EIP712Domain(' "$DOC" | grep -oE '0x[0-9a-f]{64}')"
check dm-separator "$(word DelegationManager 1)" "$(view $DM 'domainSeparator()(bytes32)')"
check dm-typehash "$(word DelegationManager 2)" "$(view $DM 'DELEGATION_APPROVAL_TYPEHASH()(bytes32)')"
check sm-separator "$(word StrategyManager 1)" "$(view "$SM" 'domainSeparator()(bytes32)')"
check sm-typehash "$(word StrategyManager 2)" "$(view "$SM" 'DEPOSIT_TYPEHASH()(bytes32)')"
check avsd-separator "$(word AVSDirectory 1)" "$(view $AVSD 'domainSeparator()(bytes32)')"
check avsd-typehash "$(word AVSDirectory 2)" "$(view $AVSD 'OPERATOR_AVS_REGISTRATION_TYPEHASH()(bytes32)')"
check avsd-set-typehash 0x809c5ac049c45b7a7f050a20f00c16cf63797efbf8b1eb8d749fdfa39ff8f929 \
  "$(view $AVSD 'OPERATOR_SET_REGISTRATION_TYPEHASH()(bytes32)')"
check version '"1.9.0-oracle"' "$(view $DM 'version()(string)')"
# each struct string in the table hashes to the typehash beside it
for c in DelegationManager StrategyManager AVSDirectory; do
  s=$(row "$c" | grep -oE '`[A-Za-z]+\([^`]*\)`' | sed -n 1p | tr -d '`')
  check "$c-struct-string" "$(word "$c" 2)" "$("$CAST" keccak "$s")"
done
# the example: signed by the approver (dev account 1), recovered from the digest view
typed=$(python3 -c 'import re,sys,json; t=open(sys.argv[1]).read(); print(json.dumps(json.loads(re.search(r"```json\n(.*?)```", t, re.S).group(1))))' "$DOC")
sig=$(rpc eth_signTypedData_v4 "[\"${ACC[1]}\",$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$typed")]" | tr -d '"')
digest=$(view $DM 'calculateDelegationApprovalDigestHash(address,address,address,bytes32,uint256)(bytes32)' \
  "${ACC[0]}" "${ACC[2]}" "${ACC[1]}" 0x0000000000000000000000000000000000000000000000000000000000000001 4102444800)
check example-recovers "${ACC[1]}" "$("$CAST" wallet verify --no-hash --address "${ACC[1]}" "$digest" "$sig" >/dev/null 2>&1 && echo "${ACC[1]}" ||
  echo "signature $sig does not match the digest view $digest")"
finish
