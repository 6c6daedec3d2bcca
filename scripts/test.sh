#!/usr/bin/env bash
# Install (with test tools), build the demo Datenbasis if missing, run the whole test suite.
set -euo pipefail
source "$(dirname "$0")/_venv.sh" requirements-dev.txt
if [ ! -f data/planungsatlas.duckdb ]; then
  .venv/bin/python -m data_layer.build
fi
exec .venv/bin/python -m pytest "$@"
