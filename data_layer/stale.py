"""Is a store built by an older schema? ``python -m data_layer.stale FILE`` exits 1 when the
file is missing or its ``schema_version`` differs from this code's (the start and test scripts
then rebuild the demo store instead of opening one the pages cannot read), else 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from data_layer.schema import SCHEMA_VERSION


def is_current(path: Path) -> bool:
    """True when ``path`` is a store of this schema version."""
    if not path.is_file():
        return False
    try:
        conn = duckdb.connect(str(path), read_only=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        finally:
            conn.close()
    except duckdb.Error:
        return False
    return row is not None and row[0] == SCHEMA_VERSION


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else Path("data/planungsatlas.duckdb")
    if is_current(path):
        return 0
    print(
        f"{path}: fehlt oder hat eine ältere Schema-Version – die Datenbasis wird neu gebaut.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
