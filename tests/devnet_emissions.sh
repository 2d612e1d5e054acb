#!/usr/bin/env bash
# docs/devnet.md's EIGEN emissions session, run verbatim: the ```sh block
# between <!-- emissions-session --> and <!-- /emissions-session --> is piped
# through bash against a fresh devnet (ETH_RPC_URL names the node), every
# command must succeed, and what the `cast call`s print must be the plain
# ``` block that follows (exact balances).
# Usage: tests/devnet_emissions.sh path/to/restake   (cast from $CAST or PATH)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/skip.sh"
RESTAKE=${1:?usage: devnet_emissions.sh path/to/restake}
CAST=${CAST:-$(command -v cast || true)}
if [ -z "$CAST" ] || ! "$CAST" --version >/dev/null 2>&1; then
  skip devnet_emissions "cast not found (scripts/install-deps installs it)"
fi
cd "$(dirname "$0")/.." || exit 1

section() { awk '/<!-- emissions-session -->/ {on = 1; next} /<!-- \/emissions-session -->/ {on = 0} on' docs/devnet.md; }
session=$(section | awk '/^```sh$/ {on = 1; next} /^```/ {on = 0} on')
expected=$(section | awk '/^```sh$/ {s = 1; next} s == 1 && /^```$/ {s = 2; next}
                          s == 2 && /^```$/ {s = 3; next} s == 3 && /^```$/ {s = 4; next} s == 3')
if [ -z "$session" ] || [ -z "$expected" ]; then
  echo "devnet_emissions: FAIL: docs/devnet.md has no emissions session or no documented output" >&2
  exit 1
fi

TMP=$(mktemp -d /tmp/restake_devnet_emissions.XXXXXX)
# Port 0: the kernel picks a free port; the banner says which.
"$RESTAKE" devnet --port 0 --quiet >"$TMP/log" 2>&1 &
NODE=$!
trap 'kill $NODE 2>/dev/null; wait $NODE 2>/dev/null; rm -rf "$TMP"' EXIT
R=
for _ in $(seq 150); do
  if grep -q "Listening on" "$TMP/log"; then
    R=http://$(sed -nE 's/.*Listening on ([0-9.]+:[0-9]+).*/\1/p' "$TMP/log" | head -1)
    break
  fi
  sleep 0.1
done
if [ -z "$R" ]; then echo "devnet_emissions: node did not start:" >&2; cat "$TMP/log" >&2; exit 1; fi

# Every command must succeed; a `cast send` must also report status 1.
# The output the doc shows is what the `cast call`s print.
cast() {
  local out
  if ! out=$("$CAST" "$@" 2>&1); then echo "devnet_emissions: FAIL: cast $*: $out" >&2; return 1; fi
  case "$1" in
    send) if ! grep -qE '^status +1 \(success\)' <<<"$out"; then
            echo "devnet_emissions: FAIL: cast $*: not successful: $out" >&2; return 1; fi ;;
    call) printf '%s\n' "$out" >>"$TMP/calls" ;;
  esac
}
export -f cast
export CAST TMP ETH_RPC_URL=$R
: >"$TMP/calls"
if ! bash -e <<<"$session" >/dev/null; then
  echo "devnet_emissions: FAIL: the session stopped" >&2
  exit 1
fi
got=$(cat "$TMP/calls")
if [ "$got" != "$expected" ]; then
  echo "devnet_emissions: FAIL: the calls printed" >&2
  echo "$got" >&2
  echo "devnet_emissions: the doc says" >&2
  echo "$expected" >&2
  exit 1
fi
echo "devnet_emissions: the docs/devnet.md session ran verbatim; $(wc -l <"$TMP/calls") balances and epochs as documented"
