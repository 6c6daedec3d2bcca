"""Where the project's files are, for the build and the read side alike."""

from __future__ import annotations

from pathlib import Path

#: the repository root (``app.py``, ``data/``, ``assets/``)
PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
