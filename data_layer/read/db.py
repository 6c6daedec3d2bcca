"""Opening the store: read-only, path from the environment, public mode enforced here.

``PLANUNGSATLAS_DB`` selects the database file; ``PLANUNGSATLAS_MODE=public``
switches to the public file (``data/planungsatlas_public.duckdb`` unless
``PLANUNGSATLAS_DB`` names another) and refuses any store whose ``meta.mode``
is not ``public`` — so a public server can never serve internal data by mistake.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

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


class StoreIdentity(NamedTuple):
    """What tells one version of the store file from the next: a build replaces the file
    (temporary file + ``os.replace``), so the inode changes; mtime and size catch a copy over it."""

    path: str
    device: int
    inode: int
    mtime_ns: int
    size: int


def store_identity(path: Path | None = None) -> StoreIdentity | None:
    """One ``stat`` of the store file; None when it is missing (then the app keeps what it has)."""
    target = path or db_path()
    try:
        st = target.stat()
    except OSError:
        return None
    return StoreIdentity(str(target), st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


def version_of(conn: Conn) -> tuple[str, str]:
    """(data_version, built_at) of an open store."""
    cur = conn.cursor()
    try:
        rows = dict(
            cur.execute(
                "SELECT key, value FROM meta WHERE key IN ('data_version', 'built_at')"
            ).fetchall()
        )
    finally:
        cur.close()
    return rows.get("data_version", ""), rows.get("built_at", "")


def file_version(path: Path) -> tuple[str, str]:
    """(data_version, built_at) read from the file itself, in a private in-memory database.

    ``duckdb.connect(path)`` hands out the database instance this process already has open for
    that path, even after the file was replaced; ``ATTACH`` in a fresh in-memory database always
    reads the file on disk. Used once per data update to check that a reopened connection
    serves the new file.
    """
    mem = duckdb.connect(":memory:")
    try:
        mem.execute("ATTACH ? AS store (READ_ONLY)", [str(path)])
        rows = dict(
            mem.execute(
                "SELECT key, value FROM store.meta WHERE key IN ('data_version', 'built_at')"
            ).fetchall()
        )
    finally:
        mem.close()
    return rows.get("data_version", ""), rows.get("built_at", "")


def connect_current(path: Path | None = None) -> tuple[Conn, StoreIdentity | None]:
    """Open the store and return it with the identity of the file it serves.

    The identity is None when the connection does not serve the file now on disk: DuckDB
    shares one database instance per path within a process, so while a rerun still in flight
    holds the old connection, a new ``connect`` returns the old data. A None identity makes
    the next :meth:`StoreWatch.poll` drop the caches again, until the old instance is gone.
    """
    target = path or db_path()
    ident = store_identity(target)
    conn = connect(target)
    try:
        if ident is not None and version_of(conn) != file_version(target):
            ident = None
    except duckdb.Error:
        ident = None
    return conn, ident


class StoreWatch:
    """Notices a new store file cheaply: at most one ``stat`` per ``interval_s`` per process.

    :meth:`poll` says when the caches of the old version must go: when the file on disk is not
    the one the connection was opened on, and once more ``settle_s`` after that (a rerun that
    was in flight during the update may have cached results of the old version meanwhile).
    """

    def __init__(
        self,
        interval_s: float = 2.0,
        settle_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        identity: Callable[[], StoreIdentity | None] = store_identity,
    ) -> None:
        self.interval_s = interval_s
        self.settle_s = settle_s
        self._clock = clock
        self._identity = identity
        self._lock = threading.Lock()
        self._opened: StoreIdentity | None = None
        self._known = False
        self._next_check = float("-inf")
        self._settle_at: float | None = None

    def opened(self, identity: StoreIdentity | None) -> None:
        """Record the identity of the file the (new) connection serves (None: not verified)."""
        with self._lock:
            self._opened = identity
            self._known = True

    def poll(self) -> bool:
        """True when the caches must be dropped now (the caller drops them and reconnects)."""
        with self._lock:
            now = self._clock()
            if now < self._next_check:
                return False
            self._next_check = now + self.interval_s
            if not self._known:  # nothing opened yet: nothing to drop
                return False
            current = self._identity()
            if current is not None and current != self._opened:
                self._settle_at = now + self.settle_s
                self._opened = current  # one drop per change; a failed check sets None again
                return True
            if self._settle_at is not None and now >= self._settle_at:
                self._settle_at = None
                return True
            return False


#: the process's watch on its store file (components.cache polls it once per rerun)
WATCH = StoreWatch(float(os.environ.get("PLANUNGSATLAS_RELOAD_CHECK_S", "2") or 2))
