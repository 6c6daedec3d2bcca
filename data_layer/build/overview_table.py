"""Write the table ``area_geometry_overview`` (the geometry itself: :mod:`data_layer.overview_geometry`)."""

from __future__ import annotations

import duckdb

from data_layer.build.store import insert_frame
from data_layer.overview_geometry import overview_frame

#: Part of the data version: bump when the method changes.
OVERVIEW_VERSION = "1"
TABLE = "area_geometry_overview"

_AREAS_SQL = """
SELECT area_id, system_code, level_rank, parent_id, geometry
FROM areas ORDER BY system_code, level_rank, area_id
"""


def write_overview_geometry(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Fill ``area_geometry_overview`` from ``areas``; return the data-version part."""
    areas = conn.execute(_AREAS_SQL).df()
    insert_frame(conn, TABLE, overview_frame(areas))
    return [f"overview:{OVERVIEW_VERSION}"]
