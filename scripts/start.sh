#!/usr/bin/env bash
# Install, build the demo Datenbasis if it is missing, and start the Planungsatlas.
set -euo pipefail
source "$(dirname "$0")/_venv.sh" requirements.txt
if [ ! -f "${PLANUNGSATLAS_DB:-data/planungsatlas.duckdb}" ]; then
  .venv/bin/python -m data_layer.build
fi
exec .venv/bin/streamlit run app.py --server.port "${PORT:-8501}" "$@"
