"""Read queries for the page "Kommunen vergleichen" (inter-municipal benchmarking).

Every value is a bound parameter; identifiers are constants. Each query uses its own
cursor (:func:`data_layer.read.common._df`). In public mode only public indicators are
returned (the flag is bound as a parameter, never spliced into the SQL text).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from data_layer.overview_geometry import overview_frame
from data_layer.read.common import _df
from data_layer.read.db import Conn, is_public_mode

#: Levels the benchmarking page compares (area system ``de2024``).
BENCH_LEVELS: tuple[str, ...] = ("Kreis", "Gemeinde")

#: Levels with overview geometry on the national map (table ``area_geometry_overview``).
OVERVIEW_LEVELS: tuple[str, ...] = ("Land", "Kreis", "Gemeinde")

#: Uninhabited "gemeindefreie Gebiete" are not Kommunen and are never compared.
NOT_A_KOMMUNE = "Gemeindefreies Gebiet"

_AREAS_SQL = """
WITH lv AS (
    SELECT area_id, local_id, name, parent_id, system_code, area_km2, centroid_lon, centroid_lat
    FROM areas WHERE system_code = ? AND level = ?),
attr AS (
    SELECT t.area_id,
           MAX(CASE WHEN t.key = 'land' THEN t.value END) AS land,
           MAX(CASE WHEN t.key IN ('kreis_typ', 'urbanisation') THEN t.value END) AS type,
           MAX(CASE WHEN t.key = 'bez' THEN t.value END) AS bez
    FROM area_attributes t JOIN lv USING (area_id) GROUP BY t.area_id),
pop AS (
    SELECT v.area_id, v.value, v.period, v.flag, v.period_date
    FROM indicator_values v JOIN lv USING (area_id)
    WHERE v.indicator_id = 'pop_total' AND v.value IS NOT NULL),
latest AS (SELECT MAX(period_date) AS pd FROM pop)
SELECT lv.area_id, lv.local_id, lv.name, lv.parent_id, attr.land, land.name AS land_name,
       attr.type, attr.bez, pop.value AS population, pop.period AS population_period,
       COALESCE(pop.flag, 'missing') AS population_flag,
       lv.area_km2, lv.centroid_lon, lv.centroid_lat
FROM lv
LEFT JOIN attr USING (area_id)
LEFT JOIN areas land ON land.area_id = lv.system_code || ':' || attr.land AND land.level = 'Land'
LEFT JOIN pop ON pop.area_id = lv.area_id AND pop.period_date = (SELECT pd FROM latest)
WHERE COALESCE(attr.bez, '') <> ?
ORDER BY lv.area_id
"""

_PERIODS_SQL = """
SELECT v.indicator_id, v.period, v.period_date, COUNT(v.value) AS n_values
FROM indicator_values v JOIN areas a USING (area_id) JOIN indicators i USING (indicator_id)
WHERE a.system_code = ? AND a.level = ? AND (i.public OR NOT ?)
GROUP BY ALL HAVING COUNT(v.value) > 0
ORDER BY v.indicator_id, v.period_date
"""

_INDICATORS_SQL = """
SELECT i.* REPLACE (COALESCE(s.source, i.source) AS source,
                    COALESCE(s.licence, i.licence) AS licence,
                    COALESCE(s.attribution, i.attribution) AS attribution)
FROM indicators i
LEFT JOIN indicator_system_sources s ON s.indicator_id = i.indicator_id AND s.system_code = ?
WHERE (i.public OR NOT ?) AND i.indicator_id IN (
    SELECT DISTINCT v.indicator_id FROM indicator_values v JOIN areas a USING (area_id)
    WHERE a.system_code = ? AND a.level = ? AND v.value IS NOT NULL)
ORDER BY i.domain, i.name
"""

_SNAPSHOT_SQL = """
WITH lv AS (
    SELECT v.area_id, v.indicator_id, v.period, v.period_date, v.value, v.flag
    FROM indicator_values v JOIN areas a USING (area_id) JOIN indicators i USING (indicator_id)
    WHERE a.system_code = ? AND a.level = ? AND (i.public OR NOT ?)),
pick AS (
    SELECT indicator_id, MAX(period_date) AS pd FROM lv
    WHERE period_date <= ? AND value IS NOT NULL GROUP BY indicator_id)
SELECT lv.area_id, lv.indicator_id, lv.period, lv.value, lv.flag
FROM lv JOIN pick ON lv.indicator_id = pick.indicator_id AND lv.period_date = pick.pd
ORDER BY lv.indicator_id, lv.area_id
"""

_SERIES_SQL = """
SELECT v.area_id, v.period, v.period_date, v.value, v.flag
FROM indicator_values v JOIN areas a USING (area_id) JOIN indicators i USING (indicator_id)
WHERE v.indicator_id = ? AND a.system_code = ? AND a.level = ? AND (i.public OR NOT ?)
ORDER BY v.period_date, v.area_id
"""


def _check_level(level: str) -> None:
    if level not in BENCH_LEVELS:
        raise ValueError(f"Ebene {level!r} wird hier nicht verglichen.")


def bench_areas(conn: Conn, system_code: str, level: str) -> pd.DataFrame:
    """Kommunen of one level with Land, type, latest population and centroid.

    Parameters
    ----------
    conn : duckdb connection
    system_code : str
        Area system, e.g. ``"de2024"``.
    level : str
        ``"Kreis"`` or ``"Gemeinde"``.

    Returns
    -------
    pandas.DataFrame
        ``area_id``, ``local_id`` (AGS), ``name``, ``parent_id``, ``land`` (2-digit key),
        ``land_name``, ``type`` (Kreis type or DEGURBA degree of urbanisation), ``bez``,
        ``population`` (persons, latest ``pop_total`` of the level), ``population_period``,
        ``population_flag``, ``area_km2``, ``centroid_lon``, ``centroid_lat``; sorted by
        ``area_id``. Uninhabited gemeindefreie Gebiete are left out.
    """
    _check_level(level)
    return _df(conn, _AREAS_SQL, [system_code, level, NOT_A_KOMMUNE])


def level_indicators(conn: Conn, system_code: str, level: str) -> pd.DataFrame:
    """Catalogue rows of the indicators with at least one value on the level; a derived
    indicator names the sources of this area system only."""
    _check_level(level)
    return _df(conn, _INDICATORS_SQL, [system_code, is_public_mode(), system_code, level])


def level_periods(conn: Conn, system_code: str, level: str) -> pd.DataFrame:
    """Periods with values per indicator on the level.

    Returns
    -------
    pandas.DataFrame
        ``indicator_id``, ``period``, ``period_date``, ``n_values`` (areas with a value),
        sorted by indicator and date.
    """
    _check_level(level)
    return _df(conn, _PERIODS_SQL, [system_code, level, is_public_mode()])


def level_snapshot(conn: Conn, system_code: str, level: str, until: dt.date) -> pd.DataFrame:
    """Every indicator of the level at its latest period on or before ``until``.

    All areas of an indicator share one period (the latest one that has any value up to
    ``until``), so areas are never compared across different years.

    Returns
    -------
    pandas.DataFrame
        Long table ``area_id``, ``indicator_id``, ``period``, ``value`` (indicator units),
        ``flag``.
    """
    _check_level(level)
    return _df(conn, _SNAPSHOT_SQL, [system_code, level, is_public_mode(), until])


def indicator_level_series(
    conn: Conn, system_code: str, level: str, indicator_id: str
) -> pd.DataFrame:
    """All periods of one indicator for every area of the level.

    Returns
    -------
    pandas.DataFrame
        ``area_id``, ``period``, ``period_date``, ``value`` (indicator units), ``flag``.
    """
    _check_level(level)
    return _df(conn, _SERIES_SQL, [indicator_id, system_code, level, is_public_mode()])


_HAS_OVERVIEW_SQL = """
SELECT COUNT(*) AS n FROM duckdb_tables() WHERE table_name = 'area_geometry_overview'
"""

_OVERVIEW_SQL = """
SELECT a.area_id, a.local_id, a.name, o.geometry AS wkb
FROM areas a JOIN area_geometry_overview o USING (area_id)
WHERE a.system_code = ? AND a.level = ?
ORDER BY a.area_id
"""

_SYSTEM_AREAS_SQL = """
SELECT area_id, local_id, name, level, system_code, level_rank, parent_id, geometry
FROM areas WHERE system_code = ?
ORDER BY level_rank, area_id
"""


def overview_geometries(conn: Conn, system_code: str, level: str) -> pd.DataFrame:
    """Overview geometry (generalised for a map of the whole system) of one level.

    Read from ``area_geometry_overview``; a store written before that table existed (or
    a copy without its rows) gets the same geometry computed here
    (:func:`data_layer.overview_geometry.overview_frame`, about 2 s for Germany).

    Returns
    -------
    pandas.DataFrame
        ``area_id``, ``local_id``, ``name``, ``wkb`` (WKB, EPSG:4326), sorted by ``area_id``.
    """
    if level not in OVERVIEW_LEVELS:
        raise ValueError(f"Ebene {level!r} hat keine Übersichtsgeometrie.")
    if int(_df(conn, _HAS_OVERVIEW_SQL)["n"].iloc[0]) > 0:
        rows = _df(conn, _OVERVIEW_SQL, [system_code, level])
        if not rows.empty:
            return rows
    system = _df(conn, _SYSTEM_AREAS_SQL, [system_code])
    if system.empty:
        return pd.DataFrame({"area_id": [], "local_id": [], "name": [], "wkb": []})
    overview = overview_frame(system).rename(columns={"geometry": "wkb"})
    rows = system.loc[system["level"] == level, ["area_id", "local_id", "name"]]
    rows = rows.merge(overview[["area_id", "wkb"]], on="area_id", how="left")
    return rows.sort_values("area_id").reset_index(drop=True)


def gebietsstand(conn: Conn, system_code: str) -> str | None:
    """Gebietsstand (``area_systems.gebietsstand``, e.g. ``"2024-12-31"``) of the area system,
    ``None`` when the store has no such system or the field is empty."""
    frame = _df(conn, "SELECT gebietsstand FROM area_systems WHERE system_code = ?", [system_code])
    if frame.empty:
        return None
    value = frame["gebietsstand"].iloc[0]
    text = "" if value is None or pd.isna(value) else str(value).strip()
    return text or None
