"""Read queries of the page "Sozialräume vergleichen" (maps, rankings, profiles, index, typology).

Every SQL text is a constant; values (also the optional "within" area and the public
mode switch) are bound parameters.  Each query runs on its own cursor (``queries._df``).

Display rule applied here, once for all callers: a value whose denominator is below the
indicator's ``min_denominator``, or whose flag is ``suppressed``, is returned as NULL
(column ``value``) with ``status`` = ``below_min`` / ``suppressed``; the stored value
stays available in ``raw_value`` for exports of the internal version only.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from data_layer.read.common import _df
from data_layer.read.db import Conn, is_public_mode

#: SQL fragment: areas below (and including) an optional ancestor ``?``; NULL = no filter.
_WITHIN = """
    WITH RECURSIVE sub(area_id) AS (
        SELECT area_id FROM areas WHERE area_id = ?
        UNION ALL
        SELECT a.area_id FROM areas a JOIN sub ON a.parent_id = sub.area_id)
"""
#: SQL expressions for the display rule (need aliases ``v`` values and ``i`` indicators).
_STATUS = """
    CASE WHEN v.flag = 'suppressed' THEN 'suppressed'
         WHEN v.value IS NULL THEN 'missing'
         WHEN v.denominator IS NOT NULL AND v.denominator < i.min_denominator THEN 'below_min'
         ELSE 'ok' END"""
_SHOWN = """
    CASE WHEN v.flag = 'suppressed' THEN NULL
         WHEN v.denominator IS NOT NULL AND v.denominator < i.min_denominator THEN NULL
         ELSE v.value END"""


def _public() -> bool:
    return is_public_mode()


def level_values(
    conn: Conn,
    indicator_id: str,
    period: str,
    system_code: str,
    level: str,
    within: str | None = None,
) -> pd.DataFrame:
    """One indicator at one period for every area of a level (areas without value included).

    Columns: ``area_id``, ``local_id``, ``name``, ``parent_id``, ``parent_name``, ``value``
    (NULL if missing, suppressed or denominator below the minimum), ``raw_value``,
    ``numerator``, ``denominator``, ``flag`` (``missing`` if no row), ``flag_reason``,
    ``status`` (``ok``, ``missing``, ``below_min``, ``suppressed``), ``min_denominator``.
    ``within`` restricts the areas to those below an ancestor area (e.g. one Land).
    """
    sql = (  # constant fragments only; all values are bound
        _WITHIN  # noqa: S608
        + """
        SELECT a.area_id, a.local_id, a.name, a.parent_id, p.name AS parent_name,
               """
        + _SHOWN
        + """ AS value, v.value AS raw_value, v.numerator, v.denominator,
               COALESCE(v.flag, 'missing') AS flag, v.flag_reason,
               """
        + _STATUS
        + """ AS status, i.min_denominator
        FROM areas a
        JOIN indicators i ON i.indicator_id = ? AND (i.public OR NOT ?)
        LEFT JOIN areas p ON p.area_id = a.parent_id
        LEFT JOIN indicator_values v
               ON v.area_id = a.area_id AND v.indicator_id = i.indicator_id AND v.period = ?
        WHERE a.system_code = ? AND a.level = ?
          AND (? IS NULL OR a.area_id IN (SELECT area_id FROM sub))
        ORDER BY a.area_id"""
    )
    return _df(conn, sql, [within, indicator_id, _public(), period, system_code, level, within])


def level_values_all_periods(
    conn: Conn, indicator_id: str, system_code: str, level: str, within: str | None = None
) -> pd.DataFrame:
    """Displayable values (display rule applied) of one indicator at every period: ``period``, ``value``."""
    sql = (  # constant fragments only; all values are bound
        _WITHIN  # noqa: S608
        + """
        SELECT v.period, v.area_id, """
        + _SHOWN
        + """ AS value
        FROM indicator_values v JOIN areas a USING (area_id)
        JOIN indicators i ON i.indicator_id = v.indicator_id AND (i.public OR NOT ?)
        WHERE v.indicator_id = ? AND a.system_code = ? AND a.level = ?
          AND (? IS NULL OR a.area_id IN (SELECT area_id FROM sub))
        ORDER BY v.period_date, v.area_id"""
    )
    return _df(conn, sql, [within, _public(), indicator_id, system_code, level, within])


def area_value(conn: Conn, indicator_id: str, period: str, area_id: str) -> float | None:
    """The displayable value of one area (e.g. the whole Kommune), or None."""
    sql = (  # constant fragments only; all values are bound
        "SELECT "  # noqa: S608
        + _SHOWN
        + """ AS value FROM indicator_values v
        JOIN indicators i ON i.indicator_id = v.indicator_id AND (i.public OR NOT ?)
        WHERE v.indicator_id = ? AND v.period = ? AND v.area_id = ?"""
    )
    df = _df(conn, sql, [_public(), indicator_id, period, area_id])
    values = df["value"].dropna().astype(float).tolist()
    return float(values[0]) if values else None


def root_area(conn: Conn, system_code: str) -> dict[str, str] | None:
    """The coarsest area of a system (the Kommune as a whole, e.g. Berlin or Deutschland)."""
    df = _df(
        conn,
        """SELECT area_id, name, level FROM areas WHERE system_code = ?
           ORDER BY level_rank, area_id LIMIT 1""",
        [system_code],
    )
    return None if df.empty else {str(k): str(v) for k, v in df.iloc[0].to_dict().items()}


def level_areas(
    conn: Conn, system_code: str, level: str, within: str | None = None
) -> pd.DataFrame:
    """Areas of a level (no geometry) with their parent's id and name, sorted by name."""
    sql = (  # constant fragments only; all values are bound
        _WITHIN  # noqa: S608
        + """
        SELECT a.area_id, a.local_id, a.name, a.parent_id, p.name AS parent_name
        FROM areas a LEFT JOIN areas p ON p.area_id = a.parent_id
        WHERE a.system_code = ? AND a.level = ?
          AND (? IS NULL OR a.area_id IN (SELECT area_id FROM sub))
        ORDER BY a.name, a.local_id"""
    )
    return _df(conn, sql, [within, system_code, level, within])


def latest_values(
    conn: Conn,
    indicator_ids: Sequence[str],
    system_code: str,
    level: str,
    extra_area_ids: Sequence[str] = (),
) -> pd.DataFrame:
    """Each indicator at its latest period with values on the level, long format.

    Returns ``area_id``, ``indicator_id``, ``period``, ``value`` (display rule applied)
    for every area of the level and, at the same periods, for ``extra_area_ids``
    (e.g. the Kommune and the parent area).
    """
    if not indicator_ids:
        return pd.DataFrame(columns=["area_id", "indicator_id", "period", "value"])
    sql = (  # constant fragments only; all values are bound
        "WITH lp AS ("  # noqa: S608
        + """
            SELECT v.indicator_id, MAX(v.period_date) AS pd
            FROM indicator_values v JOIN areas a USING (area_id)
            WHERE a.system_code = ? AND a.level = ? AND list_contains(?, v.indicator_id)
              AND v.value IS NOT NULL
            GROUP BY v.indicator_id)
        SELECT v.area_id, v.indicator_id, v.period, """
        + _SHOWN
        + """ AS value
        FROM indicator_values v JOIN lp ON lp.indicator_id = v.indicator_id AND lp.pd = v.period_date
        JOIN areas a USING (area_id)
        JOIN indicators i ON i.indicator_id = v.indicator_id AND (i.public OR NOT ?)
        WHERE (a.system_code = ? AND a.level = ?) OR list_contains(?, v.area_id)
        ORDER BY v.indicator_id, v.area_id"""
    )
    params = [
        system_code,
        level,
        list(indicator_ids),
        _public(),
        system_code,
        level,
        list(extra_area_ids),
    ]
    return _df(conn, sql, params)


def values_at(
    conn: Conn, indicator_ids: Sequence[str], period: str, system_code: str, level: str
) -> pd.DataFrame:
    """Several indicators at one period for the areas of a level, long format.

    Returns ``area_id``, ``indicator_id``, ``value`` (display rule applied).
    """
    if not indicator_ids:
        return pd.DataFrame(columns=["area_id", "indicator_id", "value"])
    sql = (  # constant fragments only; all values are bound
        "SELECT v.area_id, v.indicator_id, "  # noqa: S608
        + _SHOWN
        + """ AS value
        FROM indicator_values v JOIN areas a USING (area_id)
        JOIN indicators i ON i.indicator_id = v.indicator_id AND (i.public OR NOT ?)
        WHERE list_contains(?, v.indicator_id) AND v.period = ?
          AND a.system_code = ? AND a.level = ?
        ORDER BY v.indicator_id, v.area_id"""
    )
    return _df(conn, sql, [_public(), list(indicator_ids), period, system_code, level])


def common_periods(
    conn: Conn, indicator_ids: Sequence[str], system_code: str, level: str
) -> list[str]:
    """Periods at which every given indicator has at least one value on the level, oldest first."""
    if not indicator_ids:
        return []
    df = _df(
        conn,
        """
        SELECT v.period, MIN(v.period_date) AS pd FROM indicator_values v JOIN areas a USING (area_id)
        WHERE list_contains(?, v.indicator_id) AND a.system_code = ? AND a.level = ?
          AND v.value IS NOT NULL
        GROUP BY v.period HAVING COUNT(DISTINCT v.indicator_id) = ?
        ORDER BY pd""",
        [list(indicator_ids), system_code, level, len(set(indicator_ids))],
    )
    return [str(p) for p in df["period"]]


def series(conn: Conn, indicator_ids: Sequence[str], area_ids: Sequence[str]) -> pd.DataFrame:
    """Time series of indicators for some areas: ``indicator_id``, ``area_id``, ``period``,
    ``period_date``, ``value`` (display rule applied), ``flag``."""
    if not indicator_ids or not area_ids:
        return pd.DataFrame(
            columns=["indicator_id", "area_id", "period", "period_date", "value", "flag"]
        )
    sql = (  # constant fragments only; all values are bound
        "SELECT v.indicator_id, v.area_id, v.period, v.period_date, "  # noqa: S608
        + _SHOWN
        + """ AS value, v.flag
        FROM indicator_values v
        JOIN indicators i ON i.indicator_id = v.indicator_id AND (i.public OR NOT ?)
        WHERE list_contains(?, v.indicator_id) AND list_contains(?, v.area_id)
        ORDER BY v.indicator_id, v.area_id, v.period_date"""
    )
    return _df(conn, sql, [_public(), list(indicator_ids), list(area_ids)])


def area_wkb(conn: Conn, system_code: str, level: str) -> pd.DataFrame:
    """Display geometry (WKB, EPSG:4326) with id, key and name of every area of a level."""
    return _df(
        conn,
        """SELECT area_id, local_id, name, geometry_display AS wkb
           FROM areas WHERE system_code = ? AND level = ? ORDER BY area_id""",
        [system_code, level],
    )
