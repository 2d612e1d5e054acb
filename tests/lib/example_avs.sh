# Sourced by tests/example_avs_*.sh: compiles examples/avs into a private
# directory (tests may run in parallel) and starts a fresh in-memory devnet on
# a free port. After `example_avs_start NAME RESTAKE`: $AVS_BUILD, $AVS_RPC,
# and an EXIT trap that stops the node and removes both.
. "$(dirname "${BASH_SOURCE[0]}")/skip.sh"
. "$(dirname "${BASH_SOURCE[0]}")/node.sh"
example_avs_start() { # name restake-binary
  local name=$1 restake=$2
  command -v solcjs >/dev/null 2>&1 || skip "$name" "solcjs not found (scripts/install-deps installs npm solc)"
  command -v node >/dev/null 2>&1 || skip "$name" "node not found"
  if ! "$restake" devnet --help >/dev/null 2>&1; then
    echo "$name: FAIL: $restake has no devnet command" >&2
    exit 1
  fi
  AVS_BUILD=$(mktemp -d /tmp/restake_example_avs.XXXXXX)
  AVS_LOG=$AVS_BUILD/node.log
  trap 'example_avs_stop' EXIT
  if ! examples/avs/build.sh "$AVS_BUILD" >"$AVS_BUILD/build.log" 2>&1; then
    echo "$name: FAIL: examples/avs/build.sh:" >&2
    cat "$AVS_BUILD/build.log" >&2
    exit 1
  fi
  node_start "$AVS_LOG" "$restake" devnet --in-memory --quiet || { echo "$name: FAIL: node did not start" >&2; exit 1; }
  AVS_RPC=$NODE_URL
}
example_avs_stop() {
  node_stop
  rm -rf "$AVS_BUILD"
}
# The node's stderr goes to its log: a sanitizer report there fails the test.
example_avs_node_clean() { # name
  if grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$AVS_LOG"; then
    echo "$1: FAIL: the node reported:" >&2
    cat "$AVS_LOG" >&2
    return 1
  fi
}
