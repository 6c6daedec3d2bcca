"""Read queries for the focus on a part of the Kommune (a Bezirk, a Stadtteil, a Kreis …).

A focus area is any area of a level between the system's coarsest level (the Kommune as a
whole) and its finest level. The level names come from the store (``area_levels``), never
from code. Every value is a bound parameter.
"""

from __future__ import annotations

import pandas as pd

from data_layer.read.common import _df
from data_layer.read.db import Conn

#: SQL fragment: the focus area ``?`` and every area below it (via ``parent_id``).
_BELOW = """
    WITH RECURSIVE sub(area_id) AS (
        SELECT area_id FROM areas WHERE area_id = ?
        UNION ALL
        SELECT a.area_id FROM areas a JOIN sub ON a.parent_id = sub.area_id)
"""
#: the ancestor of area ``?`` at level ``?`` (via ``parent_id``)
_ABOVE = """
    WITH RECURSIVE up(area_id) AS (
        SELECT area_id FROM areas WHERE area_id = ?
        UNION ALL
        SELECT a.parent_id FROM areas a JOIN up USING (area_id) WHERE a.parent_id IS NOT NULL)
    SELECT a.area_id FROM areas a JOIN up USING (area_id) WHERE a.level = ?
"""


def focus_areas(conn: Conn, system_code: str) -> pd.DataFrame:
    """Areas a page can be narrowed to: every area of a level that is neither the coarsest
    nor the finest level of the system (which must have at least three levels).

    Columns: ``area_id``, ``name``, ``level``, ``level_rank``, ``parent_name``; sorted by
    level (coarse first), then name.
    """
    return _df(
        conn,
        """
        WITH lv AS (SELECT MIN(level_rank) AS lo, MAX(level_rank) AS hi
                    FROM area_levels WHERE system_code = ?)
        SELECT a.area_id, a.name, a.level, a.level_rank, p.name AS parent_name
        FROM areas a CROSS JOIN lv LEFT JOIN areas p ON p.area_id = a.parent_id
        WHERE a.system_code = ? AND a.level_rank > lv.lo AND a.level_rank < lv.hi
        ORDER BY a.level_rank, a.name, a.area_id""",
        [system_code, system_code],
    )


def areas_below(conn: Conn, focus_id: str, level: str) -> list[str]:
    """Ids of the areas of ``level`` that lie in the focus area (itself, if of that level).

    A level coarser than the focus: the one area of that level that contains the focus.
    """
    sql = (  # constant fragment only; all values are bound
        _BELOW  # noqa: S608
        + """
        SELECT a.area_id FROM areas a JOIN sub USING (area_id)
        WHERE a.level = ?
          AND a.system_code = (SELECT system_code FROM areas WHERE area_id = ?)
        ORDER BY a.area_id"""
    )
    df = _df(conn, sql, [focus_id, level, focus_id])
    if df.empty:
        df = _df(conn, _ABOVE, [focus_id, level])
    return [str(x) for x in df["area_id"]]


def ancestors(conn: Conn, system_code: str, level: str) -> pd.DataFrame:
    """For every area of ``level``: its ancestors at each coarser level (without the root).

    Columns: ``area_id``, ``level``, ``ancestor_id``, ``ancestor_name``, ``level_rank`` (of
    the ancestor). Lets a table show the Bezirk beside the Bezirksregion.
    """
    return _df(
        conn,
        """
        WITH RECURSIVE up(area_id, ancestor_id) AS (
            SELECT area_id, parent_id FROM areas WHERE system_code = ? AND level = ?
            UNION ALL
            SELECT up.area_id, a.parent_id FROM up JOIN areas a ON a.area_id = up.ancestor_id
            WHERE a.parent_id IS NOT NULL)
        SELECT up.area_id, p.level, up.ancestor_id, p.name AS ancestor_name, p.level_rank
        FROM up JOIN areas p ON p.area_id = up.ancestor_id
        WHERE p.level_rank > (SELECT MIN(level_rank) FROM area_levels WHERE system_code = ?)
        ORDER BY p.level_rank, up.area_id""",
        [system_code, level, system_code],
    )
