#!/usr/bin/env bash
# The HTML risk report in a real headless Chromium: every fixture report in
# tests/data/risk/ renders to a page whose inline script marks it rendered
# (every chart drew, the embedded report parses), with the expected number of
# charts and its key figures in the DOM, and screenshots at 1280 px wide.
#
# $1: the restake binary (the renderer runs through test_risk_render beside it).
# RESTAKE_UPDATE_DOCS=1 copies the staker screenshot to docs/img/risk-staker.png.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] || { echo "risk_html: $CHROMIUM missing, skipped"; exit 77; }
RENDER="$(dirname "$1")/test_risk_render"
[ -x "$RENDER" ] || { echo "risk_html: $RENDER not built"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

chromium() {
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>>"$work/chromium.log"
}

# The PNG's width from its IHDR chunk (bytes 16..19, big-endian).
png_width() { od -An -tu1 -j16 -N4 "$1" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}'; }

fail=0
check() { # kind charts figure...
  local kind=$1 charts=$2
  shift 2
  local page="$work/$kind.html" dom="$work/$kind.dom" png="$work/$kind.png"
  "$RENDER" --html "tests/data/risk/$kind.json" "$page"
  chromium --dump-dom "file://$page" >"$dom"
  if ! grep -q 'data-rendered="ok"' "$dom"; then
    echo "FAIL $kind: page not marked rendered ($(grep -o 'data-rendered="[^"]*"' "$dom" || echo none))"
    fail=1
  fi
  local got
  got=$(grep -o '<svg class="chart"' "$dom" | wc -l)
  if [ "$got" -ne "$charts" ]; then echo "FAIL $kind: $got charts, want $charts"; fail=1; fi
  for f in "$@"; do
    grep -qF -- "$f" "$dom" || { echo "FAIL $kind: \"$f\" not in the page"; fail=1; }
  done
  chromium --screenshot="$png" --window-size=1280,1600 "file://$page" >/dev/null
  if [ ! -s "$png" ]; then
    echo "FAIL $kind: no screenshot"
    fail=1
  elif [ "$(png_width "$png")" -ne 1280 ]; then
    echo "FAIL $kind: screenshot $(png_width "$png") px wide, want 1280"
    fail=1
  else
    echo "ok   $kind: rendered, $got charts, screenshot $(stat -c %s "$png") bytes"
  fi
}

check staker 2 "7.875 (25.0000%) burnable; 12.6 from block 135" "10.499999999999999989" \
  "block 140: slasher 0x15d3..6a65:3" "withdrawal completes: block 170" "22,837,499,999,999,999,989"
check operator 1 "33.3333% allocated" "Redistributable: yes" "Pending allocation delay: 50 blocks from block 145"
check set 2 "1,000.049382 tokens" "2500.12" "53,333,333,333,333,333,300" "Pending slasher from block: 140"
check avs 1 "53.3333333333333333 tokens redistributable" "1,000.049382" "0xe7f1..0512"
check whatif 1 "loses 11.416666666666666664 of 68.5 tokens" "are redistributed to" "26.66666666666666665"
check all 1 "Risk of 2 stakers" "22,837,499,999,999,999,989"

if [ "${RESTAKE_UPDATE_DOCS:-0}" = 1 ] && [ -s "$work/staker.png" ]; then
  mkdir -p docs/img
  cp "$work/staker.png" docs/img/risk-staker.png
  echo "docs/img/risk-staker.png updated"
fi
exit $fail
