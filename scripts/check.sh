#!/usr/bin/env bash
# The one local check: format, lint, types, layering rule and all tests.
set -euo pipefail
source "$(dirname "$0")/_venv.sh" requirements-dev.txt
.venv/bin/ruff format --check .
.venv/bin/ruff check .
.venv/bin/mypy
exec bash scripts/test.sh "$@"
