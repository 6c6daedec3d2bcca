"""Read queries of the page "Bedarf und Angebot" (named, typed, bound parameters, one cursor each).

Identifiers never come from the caller; every value is a bound ``?`` parameter.
Nothing here writes: the store is opened read-only and a what-if scenario
lives only in the browser session.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from data_layer.errors import DataError
from data_layer.read.common import _df
from data_layer.read.db import Conn


def service_type_parameters(conn: Conn) -> dict[str, Any]:
    """The stored parameter set ``service_types`` (demand quotas, catchments, sources) as a dict.

    Read from the store table ``parameters`` so that a public deployment needs
    no YAML file. Raises ``DataError`` if it is missing or not valid JSON.
    """
    df = _df(conn, "SELECT content FROM parameters WHERE name = ?", ["service_types"])
    if df.empty:
        raise DataError(
            "Die Datenbasis enthält keine Bedarfsparameter (Parameter „service_types“). "
            "Bitte die Datenbasis neu bauen."
        )
    try:
        content = json.loads(str(df.iloc[0, 0]))
    except json.JSONDecodeError as exc:
        raise DataError("Die gespeicherten Bedarfsparameter sind beschädigt.") from exc
    if not isinstance(content, dict):
        raise DataError("Die gespeicherten Bedarfsparameter haben ein unerwartetes Format.")
    return content


def facility_systems(conn: Conn, service_type: str) -> list[str]:
    """Area systems whose (lowest-level) areas hold facilities of ``service_type``."""
    df = _df(
        conn,
        """SELECT DISTINCT a.system_code FROM facilities f JOIN areas a USING (area_id)
           WHERE f.service_type = ? ORDER BY a.system_code""",
        [service_type],
    )
    return df["system_code"].tolist()


def facility_snapshots(conn: Conn, service_type: str) -> list[str]:
    """Data dates (Stand, ``JJJJ-MM-TT``) of the facility snapshots of one type, oldest first."""
    df = _df(
        conn,
        "SELECT DISTINCT data_date FROM facilities WHERE service_type = ? ORDER BY data_date",
        [service_type],
    )
    return [str(d) for d in df["data_date"]]


def hierarchy(conn: Conn, system_code: str) -> pd.DataFrame:
    """All areas of a system: ``area_id, name, level, level_rank, parent_id, centroid_lon/lat``."""
    return _df(
        conn,
        """SELECT area_id, local_id, name, level, level_rank, parent_id, centroid_lon, centroid_lat
           FROM areas WHERE system_code = ? ORDER BY level_rank, area_id""",
        [system_code],
    )


def population_atoms(conn: Conn, system_code: str, level: str, period: str) -> pd.DataFrame:
    """The finest age bands per area of a level at one Stichtag (both sexes).

    A band is kept only if no other band of the same area lies inside it: the
    totals (0 and over) and aggregates (0–6, 65 and over) are dropped when finer
    bands exist, so the rows tile the age range without double counting.
    Columns ``area_id, age_from, age_to, count`` (persons; ``age_to``
    exclusive, NaN = open-ended).
    """
    return _df(
        conn,
        """
        WITH p AS (
            SELECT p.area_id, p.age_from, p.age_to, p.count
            FROM population p JOIN areas a USING (area_id)
            WHERE a.system_code = ? AND a.level = ? AND p.period = ? AND p.sex = 'all')
        SELECT p.area_id, p.age_from, p.age_to, p.count FROM p
        WHERE NOT EXISTS (
            SELECT 1 FROM p AS s
            WHERE s.area_id = p.area_id
              AND s.age_from >= p.age_from
              AND coalesce(s.age_to, 1000) <= coalesce(p.age_to, 1000)
              AND NOT (s.age_from = p.age_from AND s.age_to IS NOT DISTINCT FROM p.age_to))
        ORDER BY p.area_id, p.age_from""",
        [system_code, level, period],
    )


def population_bands(conn: Conn, system_code: str, level: str) -> pd.DataFrame:
    """Which age bands exist at which Stichtag: ``period, age_from, age_to`` (both sexes)."""
    return _df(
        conn,
        """SELECT DISTINCT p.period, p.age_from, p.age_to
           FROM population p JOIN areas a USING (area_id)
           WHERE a.system_code = ? AND a.level = ? AND p.sex = 'all'
           ORDER BY p.period, p.age_from, p.age_to""",
        [system_code, level],
    )


def area_shapes(conn: Conn, system_code: str, level: str) -> pd.DataFrame:
    """Full-resolution boundaries (WKB, EPSG:4326) of one level, for point-in-area look-ups."""
    return _df(
        conn,
        """SELECT area_id, geometry AS wkb FROM areas
           WHERE system_code = ? AND level = ? AND geometry IS NOT NULL ORDER BY area_id""",
        [system_code, level],
    )
