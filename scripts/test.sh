#!/usr/bin/env bash
# The whole check, locally and in CI: install what is missing, then format, lint, types,
# architecture contracts and every test (browser tests included).
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive Debian's Chromium (never a downloaded browser build).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium fehlt – wird mit apt-get installiert …"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "Chromium fehlt. Bitte installieren: sudo apt-get install chromium fonts-dejavu-core" >&2
    echo "(Die Browser-Tests nutzen den Chromium des Systems unter /usr/bin/chromium.)" >&2
    exit 1
  fi
fi

source scripts/_venv.sh requirements-dev.txt
if ! .venv/bin/python -m data_layer.stale data/planungsatlas.duckdb; then
  .venv/bin/python -m data_layer.build  # missing or built by an older schema
fi

echo "== ruff format --check"; .venv/bin/ruff format --check .
echo "== ruff check";          .venv/bin/ruff check .
echo "== mypy";                .venv/bin/mypy
echo "== lint-imports";        .venv/bin/lint-imports
echo "== pytest"
exec .venv/bin/python -m pytest "$@"
