"""Named, typed read queries. Every value is a bound parameter; each query uses its own cursor.

In public mode (``PLANUNGSATLAS_MODE=public``) the catalogue and value queries
only ever return indicators marked public, whatever store they run on.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from data_layer.errors import DataError
from data_layer.read.db import Conn, is_public_mode
from data_layer.schema import CATALOGUE_SORT_COLUMNS, allowed


def _df(conn: Conn, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    cur = conn.cursor()
    try:
        return cur.execute(sql, params or []).df()
    except duckdb.Error as exc:
        raise DataError(f"Abfrage fehlgeschlagen: {exc}") from exc
    finally:
        cur.close()


def _public_clause(alias: str = "i") -> str:
    return f" AND {alias}.public" if is_public_mode() else ""


def meta(conn: Conn) -> dict[str, str]:
    """Build metadata: data_version, built_at, mode, schema_version."""
    df = _df(conn, "SELECT key, value FROM meta")
    return dict(zip(df["key"], df["value"], strict=True))


def area_systems(conn: Conn) -> pd.DataFrame:
    """Area systems with their levels and the number of areas per level."""
    return _df(
        conn,
        """
        SELECT s.system_code, s.area_system, s.gebietsstand, l.level, l.level_rank,
               COUNT(a.area_id) AS n_areas
        FROM area_systems s JOIN area_levels l USING (system_code)
        LEFT JOIN areas a ON a.system_code = l.system_code AND a.level = l.level
        GROUP BY ALL ORDER BY s.system_code, l.level_rank""",
    )


def levels(conn: Conn, system_code: str) -> list[str]:
    """Levels of one area system from coarse to fine."""
    df = _df(
        conn,
        "SELECT level FROM area_levels WHERE system_code = ? ORDER BY level_rank",
        [system_code],
    )
    return df["level"].tolist()


def areas(conn: Conn, system_code: str, level: str) -> pd.DataFrame:
    """Areas of one level (without geometry), sorted by name."""
    return _df(
        conn,
        """
        SELECT area_id, local_id, name, search_name, parent_id, area_km2, centroid_lon, centroid_lat
        FROM areas WHERE system_code = ? AND level = ? ORDER BY name, local_id""",
        [system_code, level],
    )


def area_geometries(conn: Conn, system_code: str, level: str) -> pd.DataFrame:
    """Display geometries (WKB) of one level."""
    return _df(
        conn,
        """
        SELECT area_id, local_id, name, geometry_display AS wkb
        FROM areas WHERE system_code = ? AND level = ? ORDER BY area_id""",
        [system_code, level],
    )


def area(conn: Conn, area_id: str) -> dict[str, Any] | None:
    """One area's attributes (no geometry), or None."""
    df = _df(
        conn,
        """SELECT area_id, local_id, name, level, system_code, area_system, gebietsstand,
                             parent_id, area_km2 FROM areas WHERE area_id = ?""",
        [area_id],
    )
    return None if df.empty else {str(k): v for k, v in df.iloc[0].to_dict().items()}


def area_attributes(conn: Conn, system_code: str, key: str) -> pd.DataFrame:
    """One attribute (e.g. ``kreis_typ``) for every area of a system that has it."""
    return _df(
        conn,
        """SELECT t.area_id, t.value FROM area_attributes t JOIN areas a USING (area_id)
                        WHERE a.system_code = ? AND t.key = ?""",
        [system_code, key],
    )


def catalogue(
    conn: Conn, domain: str | None = None, text: str | None = None, order_by: str = "name"
) -> pd.DataFrame:
    """The indicator catalogue, optionally filtered by domain and free text."""
    col = allowed(order_by, CATALOGUE_SORT_COLUMNS)
    sql = "SELECT * FROM indicators i WHERE TRUE" + _public_clause()
    params: list[Any] = []
    if domain:
        sql += " AND domain = ?"
        params.append(domain)
    if text:
        sql += " AND (name ILIKE ? OR short_name ILIKE ? OR definition ILIKE ? OR indicator_id ILIKE ?)"
        params += [f"%{text}%"] * 4
    return _df(conn, sql + f" ORDER BY {col}", params)


def indicator(conn: Conn, indicator_id: str, system_code: str = "") -> dict[str, Any] | None:
    """Full metadata of one indicator, or None if unknown (or internal in public mode).

    With ``system_code``, a derived indicator's source, licence and attribution are those of
    that area system's packages only (``indicator_system_sources``)."""
    df = _df(
        conn,
        """SELECT i.* REPLACE (COALESCE(s.source, i.source) AS source,
                               COALESCE(s.licence, i.licence) AS licence,
                               COALESCE(s.attribution, i.attribution) AS attribution)
           FROM indicators i LEFT JOIN indicator_system_sources s
             ON s.indicator_id = i.indicator_id AND s.system_code = ?
           WHERE i.indicator_id = ?"""
        + _public_clause(),
        [system_code, indicator_id],
    )
    return None if df.empty else {str(k): v for k, v in df.iloc[0].to_dict().items()}


def indicator_coverage(conn: Conn, indicator_id: str) -> pd.DataFrame:
    """Where and when an indicator has values: area system, level, period, number of areas."""
    return _df(
        conn,
        """
        SELECT a.area_system, a.level, a.level_rank, v.period, COUNT(*) AS n_values,
               COUNT(v.value) AS n_with_value
        FROM indicator_values v JOIN areas a USING (area_id) JOIN indicators i USING (indicator_id)
        WHERE v.indicator_id = ?"""
        + _public_clause()
        + """
        GROUP BY ALL ORDER BY a.area_system, a.level_rank, v.period""",
        [indicator_id],
    )


def indicators_for(conn: Conn, system_code: str, level: str) -> pd.DataFrame:
    """Catalogue rows of the indicators that have values on a system and level."""
    return _df(
        conn,
        """
        SELECT i.* FROM indicators i WHERE indicator_id IN (
            SELECT DISTINCT v.indicator_id FROM indicator_values v JOIN areas a USING (area_id)
            WHERE a.system_code = ? AND a.level = ?)"""
        + _public_clause()
        + " ORDER BY domain, name",
        [system_code, level],
    )


def periods(conn: Conn, indicator_id: str, system_code: str, level: str) -> list[str]:
    """Periods with values, oldest first."""
    df = _df(
        conn,
        """
        SELECT DISTINCT v.period, v.period_date FROM indicator_values v JOIN areas a USING (area_id)
        WHERE v.indicator_id = ? AND a.system_code = ? AND a.level = ? ORDER BY v.period_date""",
        [indicator_id, system_code, level],
    )
    return df["period"].tolist()


def indicator_values(
    conn: Conn, indicator_id: str, period: str, system_code: str, level: str
) -> pd.DataFrame:
    """Values of one indicator for every area of a level (areas without a value included)."""
    return _df(
        conn,
        """
        SELECT a.area_id, a.local_id, a.name, a.parent_id, v.value, v.numerator, v.denominator,
               COALESCE(v.flag, 'missing') AS flag, v.flag_reason
        FROM areas a
        LEFT JOIN indicator_values v ON v.area_id = a.area_id AND v.indicator_id = ? AND v.period = ?
        WHERE a.system_code = ? AND a.level = ? ORDER BY a.area_id""",
        [indicator_id, period, system_code, level],
    )


def domain_counts(conn: Conn) -> pd.DataFrame:
    """Number of indicators per domain."""
    return _df(
        conn,
        "SELECT domain, COUNT(*) AS n FROM indicators i WHERE TRUE"
        + _public_clause()
        + " GROUP BY domain ORDER BY n DESC, domain",
    )


def period_range(conn: Conn) -> pd.DataFrame:
    """Earliest and latest period per area system."""
    return _df(
        conn,
        """
        SELECT a.area_system, MIN(v.period_date) AS first, MAX(v.period_date) AS last,
               COUNT(DISTINCT v.period) AS n_periods
        FROM indicator_values v JOIN areas a USING (area_id) GROUP BY ALL ORDER BY a.area_system""",
    )


def sources(conn: Conn) -> pd.DataFrame:
    """Every source file with publisher, licence, attribution line and Stand."""
    return _df(
        conn,
        """SELECT file, publisher, licence, attribution, stand, sha256, package
                        FROM data_sources ORDER BY package, file""",
    )


def attribution_lines(conn: Conn) -> list[str]:
    """The distinct attribution lines the licences require."""
    df = _df(conn, "SELECT DISTINCT attribution FROM data_sources ORDER BY attribution")
    return df["attribution"].tolist()


def population(
    conn: Conn, system_code: str, level: str, period: str, sex: str = "all"
) -> pd.DataFrame:
    """Population by age band for every area of a level at one Stichtag."""
    return _df(
        conn,
        """
        SELECT p.area_id, p.age_from, p.age_to, p.count, p.flag FROM population p JOIN areas a USING (area_id)
        WHERE a.system_code = ? AND a.level = ? AND p.period = ? AND p.sex = ?
        ORDER BY p.area_id, p.age_from, p.age_to""",
        [system_code, level, period, sex],
    )


def population_periods(conn: Conn, system_code: str) -> list[str]:
    """Stichtage with population data for an area system."""
    df = _df(
        conn,
        """SELECT DISTINCT p.period, p.period_date FROM population p JOIN areas a USING (area_id)
                      WHERE a.system_code = ? ORDER BY p.period_date""",
        [system_code],
    )
    return df["period"].tolist()


def facilities(conn: Conn, service_type: str, data_date: str | None = None) -> pd.DataFrame:
    """Facilities of one type (optionally one snapshot)."""
    sql = """SELECT facility_id, service_type, name, capacity, operator, operator_type, lon, lat, area_id, data_date
             FROM facilities WHERE service_type = ?"""
    params: list[Any] = [service_type]
    if data_date:
        sql += " AND data_date = ?"
        params.append(data_date)
    return _df(conn, sql + " ORDER BY facility_id", params)


def parameter(conn: Conn, name: str) -> str | None:
    """A stored parameter set as JSON text."""
    df = _df(conn, "SELECT content FROM parameters WHERE name = ?", [name])
    return None if df.empty else str(df.iloc[0, 0])
