# Shared by the scripts: create .venv and install pinned dependencies when needed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
want="$(cat requirements.txt ${1:-} constraints.txt | sha256sum | cut -c1-16)"
stamp=".venv/.installed-$want"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "${1:-requirements.txt}" -c constraints.txt
  touch "$stamp"
fi
