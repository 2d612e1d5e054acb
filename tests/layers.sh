#!/usr/bin/env bash
# Every #include in src/ and include/ points down the layers (docs/layers.md).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v python3 >/dev/null || { echo "SKIP: python3 not found"; exit 77; }
scripts/check-layers
