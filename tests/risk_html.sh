#!/usr/bin/env bash
# The HTML risk report in a real headless Chromium: every fixture report in
# tests/data/risk/ renders to a page whose inline script marks it rendered
# (every chart drew, the embedded report parses), with the expected number of
# charts and its key figures in the DOM, and screenshots at 1280 px wide.
# Then (with cast) the same for `restake risk … --html` on a devnet scenario
# (tests/lib/risk_scenario.bash).
#
# $1: the restake binary (fixtures render through test_risk_render beside it).
# RESTAKE_UPDATE_DOCS=1 copies the devnet staker page's screenshot to
# docs/img/risk-staker.png (the README's example).
set -euo pipefail
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] || { echo "risk_html: $CHROMIUM missing, skipped"; exit 77; }
RENDER="$(dirname "$1")/test_risk_render"
[ -x "$RENDER" ] || { echo "risk_html: $RENDER not built"; exit 1; }

RESTAKE=$1
cd "$(dirname "$0")/.."
work=$(mktemp -d)
NODE=
trap '[ -z "$NODE" ] || { kill $NODE 2>/dev/null; wait $NODE 2>/dev/null; }; rm -rf "$work"' EXIT

chromium() {
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>>"$work/chromium.log"
}

# The PNG's width from its IHDR chunk (bytes 16..19, big-endian).
png_width() { od -An -tu1 -j16 -N4 "$1" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}'; }

fail=0
fails() { echo "FAIL $*"; fail=1; }
check() { # name: a scenario step that must hold (tests/lib/risk_scenario.bash)
  [ "$2" == "$3" ] || fails "$1: expected '$2', got '$3'"
}

# check_page NAME CHARTS FIGURE...: $work/NAME.html in Chromium.
check_page() {
  local name=$1 charts=$2
  shift 2
  local page="$work/$name.html" dom="$work/$name.dom" png="$work/$name.png"
  chromium --dump-dom "file://$page" >"$dom"
  grep -q 'data-rendered="ok"' "$dom" ||
    fails "$name: page not marked rendered ($(grep -o 'data-rendered="[^"]*"' "$dom" || echo none))"
  local got
  got=$(grep -o '<svg class="chart"' "$dom" | wc -l)
  [ "$got" -eq "$charts" ] || fails "$name: $got charts, want $charts"
  for f in "$@"; do
    grep -qF -- "$f" "$dom" || fails "$name: \"$f\" not in the page"
  done
  chromium --screenshot="$png" --window-size=1280,1600 "file://$page" >/dev/null
  if [ ! -s "$png" ]; then
    fails "$name: no screenshot"
  elif [ "$(png_width "$png")" -ne 1280 ]; then
    fails "$name: screenshot $(png_width "$png") px wide, want 1280"
  else
    echo "ok   $name: rendered, $got charts, screenshot $(stat -c %s "$png") bytes"
  fi
}

# check KIND CHARTS FIGURE...: the fixture report of KIND.
check_fixture() {
  local kind=$1
  shift
  "$RENDER" --html "tests/data/risk/$kind.json" "$work/$kind.html"
  check_page "$kind" "$@"
}

check_fixture staker 2 "7.875 (25.0000%) burnable; 12.6 from block 135" "10.499999999999999989" \
  "block 140: slasher 0x15d3..6a65:3" "withdrawal completes: block 170" "22,837,499,999,999,999,989"
check_fixture operator 1 "33.3333% allocated" "Redistributable: yes" "Pending allocation delay: 50 blocks from block 145"
check_fixture set 2 "1,000.049382 tokens" "2500.12" "53,333,333,333,333,333,300" "Pending slasher from block: 140"
check_fixture avs 1 "53.3333333333333333 tokens redistributable" "1,000.049382" "0xe7f1..0512"
check_fixture whatif 1 "loses 11.416666666666666664 of 68.5 tokens" "are redistributed to" "26.66666666666666665"
check_fixture all 1 "Risk of 2 stakers" "22,837,499,999,999,999,989"


# ---- restake risk --html on a devnet ----------------------------------------
CAST=${CAST:-$(command -v cast || true)}
if [ -z "$CAST" ]; then
  echo "risk_html: cast not found, the devnet pages are not checked"
  exit $fail
fi
"$RESTAKE" devnet --port 0 --quiet >"$work/node.log" 2>&1 &
NODE=$!
for _ in $(seq 150); do grep -q "Listening on" "$work/node.log" && break; sleep 0.1; done
R=http://$(sed -nE 's/.*Listening on ([0-9.]+:[0-9]+).*/\1/p' "$work/node.log" | head -1)
[ "$R" != "http://" ] || { echo "risk_html: node did not start:"; cat "$work/node.log"; exit 1; }
. tests/lib/risk_scenario.bash

live() { # name charts args... -- figures...
  local name=$1 charts=$2 args=()
  shift 2
  while [ "$1" != "--" ]; do args+=("$1"); shift; done
  shift
  if ! "$RESTAKE" risk "${args[@]}" --rpc "$R" --html "$work/$name.html" >"$work/$name.txt" 2>"$work/$name.err"; then
    fails "$name: restake risk ${args[*]}: $(cat "$work/$name.err")"
    return
  fi
  check_page "$name" "$charts" "$@"
}
live devnet-staker 2 staker $STAKER -- "50 (50.0000%) redistributable; 30 from block 30" \
  "block 24: allocation 0x90f7..b906:2" "block 30: deallocation 0x90f7..b906:1" "withdrawal completes: block 32"
live devnet-set 2 set $AVS:2 -- "Drain bound" "60,000,000,000,000,000,000"
live devnet-whatif 1 whatif $AVS:1 $OPERATOR $STRAT=500000000000000000 -- "loses 25 of 100 tokens"
live devnet-stakers 1 stakers -- "Risk of 2 stakers"

if [ "${RESTAKE_UPDATE_DOCS:-0}" = 1 ] && [ -s "$work/devnet-staker.png" ]; then
  cp "$work/devnet-staker.png" docs/img/risk-staker.png
  echo "docs/img/risk-staker.png updated"
fi
exit $fail
