# Sourced by the shell tests: exact checks and their tally, reported under
# the test's name (the script's, unless CHECK_NAME says otherwise).
# check WHAT EXPECTED ACTUAL: a pass, or the difference on stderr and a failure.
# checks_done: prints the tally; its status is 0 only when nothing failed.
CHECK_NAME=${CHECK_NAME:-$(basename "$0" .sh)}
FAILS=0
PASSES=0
check() { # what expected actual
  if [ "$2" == "$3" ]; then PASSES=$((PASSES + 1)); else
    echo "$CHECK_NAME: FAIL $1: expected '$2', got '$3'" >&2; FAILS=$((FAILS + 1)); fi
}
checks_done() {
  echo "$CHECK_NAME: $PASSES checks passed, $FAILS failed"
  [ "$FAILS" -eq 0 ]
}
