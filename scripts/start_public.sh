#!/usr/bin/env bash
# Start the public, read-only Planungsatlas (operator guide: docs/betrieb.md).
#
#   bash scripts/start_public.sh                 # serves data/planungsatlas_public.duckdb on :8501
#   PORT=8600 PLANUNGSATLAS_DB=/srv/atlas/public.duckdb bash scripts/start_public.sh
#
# Every security-relevant setting is passed as a command-line flag (flags override
# ./.streamlit/config.toml, which is the internal configuration); the same settings are in
# deploy/public/.streamlit/config.toml for the container image.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PLANUNGSATLAS_MODE=public
export PLANUNGSATLAS_DB="${PLANUNGSATLAS_DB:-$ROOT/data/planungsatlas_public.duckdb}"
if [ ! -f "$PLANUNGSATLAS_DB" ]; then
  echo "Öffentliche Datenbasis fehlt: $PLANUNGSATLAS_DB" >&2
  echo "Bitte zuerst bauen: python -m data_layer.build --public" >&2
  exit 1
fi
STREAMLIT="${STREAMLIT:-$ROOT/.venv/bin/streamlit}"
exec "$STREAMLIT" run app.py \
  --server.port "${PORT:-8501}" \
  --server.address "${ADDRESS:-0.0.0.0}" \
  --server.headless true \
  --server.runOnSave false \
  --server.fileWatcherType none \
  --server.maxUploadSize 1 \
  --server.maxMessageSize 50 \
  --server.enableXsrfProtection true \
  --server.enableCORS true \
  --server.enableStaticServing true \
  --server.scriptHealthCheckEnabled true \
  --browser.gatherUsageStats false \
  --runner.magicEnabled false \
  --runner.postScriptGC false \
  --client.toolbarMode viewer \
  --client.showErrorDetails none \
  --global.developmentMode false \
  "$@"
