# Sourced by the shell tests (tests/lib/ is not globbed into ctest).
# skip NAME REASON: a test that cannot run here reports it to ctest as skipped
# (exit 77, SKIP_RETURN_CODE in CMakeLists.txt), never as passed. Under
# RESTAKE_REQUIRE_ALL=1 (scripts/test, CI) it fails instead: there every
# prerequisite is installed, so a skip means something is broken.
skip() {
  local name=$1
  shift
  if [ "${RESTAKE_REQUIRE_ALL:-0}" = 1 ]; then
    echo "$name: FAIL: cannot run ($*) and RESTAKE_REQUIRE_ALL=1" >&2
    exit 1
  fi
  echo "$name: SKIP: $*" >&2
  exit 77
}
