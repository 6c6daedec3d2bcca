#!/usr/bin/env bash
# Install, build the demo Datenbasis if it is missing or outdated, and start the Planungsatlas.
set -euo pipefail
source "$(dirname "$0")/_venv.sh" requirements.txt
# the demo store: missing, or built by an older version of the schema → (re)build it
# (a Kommune's own store, PLANUNGSATLAS_DB, is built by its operator: docs/datenpaket.md)
if [ -z "${PLANUNGSATLAS_DB:-}" ] && ! .venv/bin/python -m data_layer.stale data/planungsatlas.duckdb; then
  .venv/bin/python -m data_layer.build
fi
exec .venv/bin/streamlit run app.py --server.port "${PORT:-8501}" "$@"
