#!/usr/bin/env bash
# Create .venv and install storyline into it (editable). Extra arguments name pip extras: eval, bench, test.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
extras=$(IFS=,; echo "$*")
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${extras:+[$extras]}"
