"""Read the contributions (Beiträge) of Ämter and Träger: who delivered what, when, for how much.

A store built before contributions existed has no ``contributions`` table; then the list is
empty. In public mode only contributions marked public are in the store (public build) and
only those are returned.
"""

from __future__ import annotations

import pandas as pd

from data_layer.read.common import _df
from data_layer.read.db import Conn, is_public_mode

COLUMNS = [
    "contribution_id", "publisher", "kind", "stand", "licence", "files",
    "n_facilities", "n_values", "n_offers", "n_areas", "n_conflicts", "public",
]  # fmt: skip


def contributions(conn: Conn) -> pd.DataFrame:
    """Every contribution with publisher, kind (Amt/Träger), Stand and coverage, newest first."""
    exists = _df(
        conn, "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ?", ["contributions"]
    )
    if int(exists["n"].iloc[0]) == 0:
        return pd.DataFrame(columns=COLUMNS)
    where = " WHERE public" if is_public_mode() else ""
    return _df(
        conn,
        f"SELECT {', '.join(COLUMNS)} FROM contributions{where} "  # noqa: S608 - constants
        "ORDER BY stand DESC, publisher",
    )


def facility_contributors(conn: Conn, service_type: str, data_date: str) -> pd.DataFrame:
    """Who delivered facilities of one service type and snapshot: publisher, kind (Amt/Träger),
    Stand and the number of facilities, most facilities first (empty when none was contributed
    or the store has no contributions)."""
    columns = ["publisher", "kind", "stand", "n"]
    exists = _df(
        conn, "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ?", ["contributions"]
    )
    if int(exists["n"].iloc[0]) == 0:
        return pd.DataFrame(columns=columns)
    public = " AND c.public" if is_public_mode() else ""
    return _df(
        conn,
        f"""SELECT c.publisher, c.kind, c.stand, count(*) AS n
            FROM facilities f JOIN contributions c USING (contribution_id)
            WHERE f.service_type = ? AND f.data_date = ?{public}
            GROUP BY ALL ORDER BY n DESC, c.publisher""",  # noqa: S608 - constant
        [service_type, data_date],
    )
