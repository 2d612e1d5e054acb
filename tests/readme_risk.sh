#!/usr/bin/env bash
# The README's `restake risk` commands, run verbatim on a fresh devnet: the
# first ```bash block after "## Risk". Only the node's URL is substituted
# (the README names the default http://127.0.0.1:8545; the test's node
# listens on a port the kernel picks), and `restake` is this build's binary.
# Every command must exit 0 and print a report; the --json ones must parse
# with the report's kind; the --html one must write the page.
# Usage: tests/readme_risk.sh path/to/restake
set -uo pipefail
RESTAKE=${1:?usage: readme_risk.sh path/to/restake}
RESTAKE=$(cd "$(dirname "$RESTAKE")" && pwd)/$(basename "$RESTAKE")
cd "$(dirname "$0")/.." || exit 1
. tests/lib/node.sh
. tests/lib/check.sh

block=$(awk '/^## Risk$/ {risk = 1; next} risk && /^```bash$/ {on = 1; next} on && /^```/ {exit} on' README.md)
[ -n "$block" ] || { echo "readme_risk: README.md has no \`\`\`bash block under ## Risk" >&2; exit 1; }

TMP=$(mktemp -d /tmp/restake_readme_risk.XXXXXX)
trap 'node_stop; rm -rf "$TMP"' EXIT
node_start "$TMP/node.log" "$RESTAKE" devnet --in-memory --quiet || exit 1

n=0
while IFS= read -r line; do
  [ -n "$line" ] || continue
  cmd=${line%%#*}                                     # the README's comment
  cmd=${cmd//http:\/\/127.0.0.1:8545/$NODE_URL}
  case "$cmd" in *--rpc*) ;; *) cmd="$cmd --rpc $NODE_URL" ;; esac   # the node to read (or ask, with --node)
  [ "${cmd#restake risk }" != "$cmd" ] || { echo "readme_risk: not a restake risk command: $line" >&2; exit 1; }
  n=$((n + 1))
  out=$(cd "$TMP" && eval "\"$RESTAKE\" ${cmd#restake }" 2>"$TMP/err")
  rc=$?
  check "exit status of: $line" 0 "$rc"
  [ $rc -eq 0 ] || cat "$TMP/err" >&2
  case "$cmd" in
    *--json*)
      kind=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["kind"])' <<<"$out" 2>/dev/null)
      want=$(awk '{print $3}' <<<"$cmd"); [ "$want" = stakers ] && want=all
      check "report kind of: $line" "$want" "$kind" ;;
    *)
      first=$(head -1 <<<"$out" | awk '{print $1}')
      case $(awk '{print $3}' <<<"$cmd") in staker) want=Staker ;; operator) want=Operator ;; avs) want=AVS ;;
        *) want="a table title" ;; esac
      check "table title of: $line" "$want" "$first" ;;
  esac
done <<<"$block"

check "commands in the block" 6 "$n"
check "staker.html written" yes "$([ -s "$TMP/staker.html" ] && grep -q 'id="report"' "$TMP/staker.html" && echo yes)"
checks_done
