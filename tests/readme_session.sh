#!/usr/bin/env bash
# The README's cast session, run verbatim: every ```sh block of README.md is
# piped through bash against a fresh devnet (cast finds the node through
# ETH_RPC_URL, as the README's commands name no --rpc-url), every `cast send`
# must succeed, and the session's output must end with the plain ``` block
# that follows the last ```sh block (the README's documented final output).
# Usage: tests/readme_session.sh path/to/restake   (cast from $CAST or PATH)
set -uo pipefail
RESTAKE=${1:?usage: readme_session.sh path/to/restake}
CAST=${CAST:-$(command -v cast || true)}
if [ -z "$CAST" ] || ! "$CAST" --version >/dev/null 2>&1; then
  echo "readme_session: SKIP: cast not found"
  exit 77
fi
cd "$(dirname "$0")/.." || exit 1
. tests/lib/node.sh
CASTDIR=$(dirname "$CAST")

# ```sh blocks, in order, and the first untagged block after the last of them.
sh_blocks() { awk '/^```sh$/ {on = 1; next} /^```/ {on = 0} on' README.md; }
documented_output() {
  awk '/^```sh$/ {state = 1; next}
       state == 1 && /^```$/ {state = 2; next}
       state == 2 && /^```$/ {state = 3; delete out; n = 0; next}
       state == 3 && /^```$/ {state = 4; next}
       state == 3 {out[++n] = $0}
       END {for (i = 1; i <= n; i++) print out[i]}' README.md
}
session=$(sh_blocks)
expected=$(documented_output)
if [ -z "$session" ] || [ -z "$expected" ]; then
  echo "readme_session: FAIL: README.md has no \`\`\`sh session or no documented output block after it" >&2
  exit 1
fi

LOG=$(mktemp /tmp/restake_readme.XXXXXX)
trap 'node_stop; rm -f "$LOG"' EXIT
node_start "$LOG" "$RESTAKE" devnet --quiet || exit 1

# The README's commands name no node (cast's default is the devnet's 8545):
# only ETH_RPC_URL points them at this one.
out=$(PATH="$CASTDIR:$PATH" ETH_RPC_URL=$NODE_URL bash -e <<<"$session" 2>&1)
rc=$?
FAILS=0
sends=$(grep -c '^cast send' <<<"$session")
ok=$(grep -c '^status *1 (success)' <<<"$out")
if [ "$rc" != 0 ] || [ "$sends" != "$ok" ] || grep -q 'Error' <<<"$out"; then
  echo "readme_session: FAIL: the session did not run cleanly (exit $rc, $ok of $sends sends succeeded):" >&2
  echo "$out" | grep -v '^\(blockHash\|blockNumber\|contractAddress\|cumulativeGasUsed\|effectiveGasPrice\|from\|gasUsed\|logs\|logsBloom\|root\|to\|transactionHash\|transactionIndex\|type\|blobGasPrice\|blobGasUsed\|status\)' | tail -20 >&2
  FAILS=$((FAILS + 1))
fi
got=$(tail -n "$(wc -l <<<"$expected")" <<<"$out")
if [ "$got" != "$expected" ]; then
  echo "readme_session: FAIL: the session ends with" >&2
  echo "$got" >&2
  echo "but the README documents" >&2
  echo "$expected" >&2
  FAILS=$((FAILS + 1))
fi
[ "$FAILS" = 0 ] && echo "readme_session: ok ($sends sends, documented output matched)"
exit $((FAILS > 0))
