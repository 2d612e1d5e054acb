#!/usr/bin/env bash
# Runs the duration-vault cast session of docs/devnet.md ("A duration vault,
# by cast") verbatim against a fresh `restake devnet --in-memory` and compares
# everything it prints with the output the page shows after it, byte for byte.
# Usage: tests/devnet_vault.sh path/to/restake   (cast from $CAST or PATH)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/skip.sh"
RESTAKE=${1:?usage: devnet_vault.sh path/to/restake}
CAST=${CAST:-$(command -v cast || true)}
if [ -z "$CAST" ] || ! "$CAST" --version >/dev/null 2>&1; then
  skip devnet_vault "cast not found (scripts/install-deps installs it)"
fi
cd "$(dirname "$0")/.."
DOC=docs/devnet.md

TMP=$(mktemp -d /tmp/restake_devnet_vault.XXXXXX)
NODE=
trap '[ -n "$NODE" ] && kill "$NODE" 2>/dev/null; wait 2>/dev/null; rm -rf "$TMP"' EXIT

# The first fenced block after a marker line of the page.
block_after() { # marker
  awk -v m="<!-- devnet_vault: $1 -->" '
    $0 == m { found = 1; next }
    found && !inside && /^```/ { inside = 1; next }
    inside && /^```/ { exit }
    inside { print }' "$DOC"
}
block_after session >"$TMP/session.sh"
block_after output >"$TMP/expected"
if [ ! -s "$TMP/session.sh" ] || [ ! -s "$TMP/expected" ]; then
  echo "devnet_vault: $DOC has no session or no output block" >&2; exit 1
fi

# Port 0: the kernel picks a free port; the banner says which.
"$RESTAKE" devnet --in-memory --port 0 --quiet >"$TMP/log" 2>&1 &
NODE=$!
for _ in $(seq 150); do grep -q "Listening on" "$TMP/log" && break; sleep 0.1; done
addr=$(sed -nE 's/.*Listening on ([0-9.]+:[0-9]+).*/\1/p' "$TMP/log" | head -1)
[ -n "$addr" ] || { echo "devnet_vault: node did not start:" >&2; cat "$TMP/log" >&2; exit 1; }

# cast from $CAST even when it is not the one on PATH.
mkdir -p "$TMP/bin" && ln -sf "$CAST" "$TMP/bin/cast"
PATH="$TMP/bin:$PATH" ETH_RPC_URL="http://$addr" bash "$TMP/session.sh" >"$TMP/got" 2>"$TMP/err"
rc=$?
if [ $rc -ne 0 ] || [ -s "$TMP/err" ] || ! cmp -s "$TMP/expected" "$TMP/got"; then
  echo "devnet_vault: the session of $DOC (exit $rc) printed other than the page says:" >&2
  diff "$TMP/expected" "$TMP/got" >&2
  cat "$TMP/err" >&2
  exit 1
fi
echo "devnet_vault: $(wc -l <"$TMP/expected") lines as documented"
