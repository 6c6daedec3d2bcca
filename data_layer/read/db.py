"""Opening the store: read-only, path from the environment, public mode enforced here.

``PLANUNGSATLAS_DB`` selects the database file; ``PLANUNGSATLAS_MODE=public``
switches to the public file (``data/planungsatlas_public.duckdb`` unless
``PLANUNGSATLAS_DB`` names another) and refuses any store whose ``meta.mode``
is not ``public`` — so a public server can never serve internal data by mistake.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from data_layer.errors import DataError, PublicModeError
from data_layer.paths import PROJECT_ROOT

#: the connection type every read function takes (a read-only DuckDB connection)
Conn = duckdb.DuckDBPyConnection

ROOT = PROJECT_ROOT
INTERNAL_DB = ROOT / "data" / "planungsatlas.duckdb"
PUBLIC_DB = ROOT / "data" / "planungsatlas_public.duckdb"


def is_public_mode() -> bool:
    """True when the app runs as the public, read-only deployment."""
    return os.environ.get("PLANUNGSATLAS_MODE", "").strip().lower() == "public"


def db_path() -> Path:
    """The database file this process serves."""
    env = os.environ.get("PLANUNGSATLAS_DB", "").strip()
    if env:
        return Path(env)
    return PUBLIC_DB if is_public_mode() else INTERNAL_DB


def connect(path: Path | None = None) -> Conn:
    """Open the store read-only; check that a public deployment got a public store."""
    target = path or db_path()
    if not target.is_file():
        raise DataError(
            f"Die Datenbasis {target.name} fehlt. Bitte zuerst „python -m data_layer.build“ ausführen."
        )
    try:
        conn = duckdb.connect(str(target), read_only=True)
    except duckdb.Error as exc:
        raise DataError(
            f"Die Datenbasis {target.name} kann nicht geöffnet werden ({exc})."
        ) from exc
    if is_public_mode():
        rows = conn.cursor().execute("SELECT value FROM meta WHERE key = 'mode'").fetchall()
        if not rows or rows[0][0] != "public":
            conn.close()
            raise PublicModeError(
                "Öffentlicher Modus: Die Datenbasis ist keine öffentliche Fassung. "
                "Bitte „python -m data_layer.build --public“ ausführen."
            )
    return conn
