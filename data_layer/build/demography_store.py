"""Store the life tables and fertility rates (Destatis) for the projection.

The files are read by :mod:`data_layer.build.demography`; this module only writes them.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from data_layer.build.demography import read_asfr_table, read_life_tables
from data_layer.build.store import file_sha256, insert_frame, now_utc

ATTRIBUTION = (
    "© Statistisches Bundesamt (Destatis), 2025, Tabellen 12621-0001 und 12612-0008; dl-de/by-2-0"
)

LIFE_TABLE = "de_life_table_destatis_12621-0001.csv"
ASFR = "de_asfr_single_age_destatis_12612-0008.csv"
LIFE_SOURCE = (
    "Statistisches Bundesamt (Destatis), 2025, Tabelle 12621-0001 (Sterbetafel); dl-de/by-2-0"
)
ASFR_SOURCE = "Statistisches Bundesamt (Destatis), Tabelle 12612-0008 (Lebendgeborene je 1000 Frauen); dl-de/by-2-0"


def write_demography(conn: duckdb.DuckDBPyConnection, folder: Path) -> list[str]:
    """Store Germany's life tables and age-specific fertility rates; return hash parts."""
    life = read_life_tables(folder / LIFE_TABLE).assign(source=LIFE_SOURCE)
    insert_frame(conn, "life_tables", life[["period", "sex", "age", "qx", "lx", "ex", "source"]])
    asfr = read_asfr_table(folder / ASFR).assign(source=ASFR_SOURCE)[
        ["year", "age", "asfr", "source"]
    ]
    insert_frame(conn, "fertility_rates", asfr)
    now = now_utc()
    rows = [
        {
            "file": f"data/raw/demography/{name}",
            "sha256": file_sha256(folder / name),
            "publisher": "Statistisches Bundesamt (Destatis)",
            "licence": "dl-de/by-2-0",
            "attribution": ATTRIBUTION,
            "stand": stand,
            "package": "Demografische Parameter (Destatis)",
            "imported_at": now,
        }
        for name, stand in ((LIFE_TABLE, "09.12.2025"), (ASFR, "20.01.2026"))
    ]
    insert_frame(conn, "data_sources", pd.DataFrame(rows))
    return [f"demography:{r['file']}:{r['sha256']}" for r in rows]
