"""The Kommune a store belongs to: which area system, level, indicator and Kommune every page
opens on, and the words for them – read from the store, never assumed.

The build writes the choices of the package (``paket.yaml``) into ``meta`` under ``home.*``
keys; what a store does not say is derived from its tables:

* ``home.system_code``: the package's area system; else the area system with the fewest areas
  (a Kommune's own small areas beside a Germany-wide base).
* ``home.level``: the finest level of that system with population figures; else its finest level.
* ``home.indicator``: the first indicator with values on that level, shares (``%``) first.
* ``home.kommune_ags``: the official key (AGS, 5-digit Kreis or 8-digit Gemeinde) of the
  Kommune; ``None`` when the package does not name it.
* ``home.place``: the name of the Kommune (else the name of the system's top area).
"""

from __future__ import annotations

from dataclasses import dataclass

from data_layer.read.common import _df
from data_layer.read.db import Conn

#: the ``meta`` keys a build may write (everything else is derived)
META_KEYS = ("home.system_code", "home.level", "home.indicator", "home.kommune_ags", "home.place")


@dataclass(frozen=True)
class Home:
    """Where the pages open and how they name the Kommune.

    ``levels`` are the levels of ``system_code`` from coarse to fine; ``kommune_area_id`` is the
    Kommune's area id in any other area system of the store that uses its official key as
    local id (e.g. the Germany-wide Gemeinden and Kreise), ``None`` if there is none.
    """

    system_code: str
    area_system: str
    place: str
    levels: tuple[str, ...]
    level: str
    indicator: str | None
    kommune_ags: str | None
    kommune_area_id: str | None
    root_area_id: str | None


def _meta(conn: Conn) -> dict[str, str]:
    df = _df(conn, "SELECT key, value FROM meta WHERE key LIKE 'home.%'")
    return dict(zip(df["key"], df["value"], strict=True))


def _system(conn: Conn, wanted: str | None) -> tuple[str, str]:
    systems = _df(
        conn,
        """
        SELECT s.system_code, s.area_system, COUNT(a.area_id) AS n
        FROM area_systems s LEFT JOIN areas a USING (system_code)
        GROUP BY ALL ORDER BY n, s.system_code""",
    )
    if systems.empty:
        return "", ""
    names = dict(zip(systems["system_code"], systems["area_system"], strict=True))
    code = wanted if wanted is not None and wanted in names else str(systems["system_code"].iloc[0])
    return code, str(names[code])


def _levels(conn: Conn, system_code: str) -> tuple[str, ...]:
    df = _df(
        conn,
        "SELECT level FROM area_levels WHERE system_code = ? ORDER BY level_rank",
        [system_code],
    )
    return tuple(str(x) for x in df["level"])


def _population_level(conn: Conn, system_code: str, levels: tuple[str, ...]) -> str | None:
    df = _df(
        conn,
        """
        SELECT DISTINCT a.level FROM population p JOIN areas a USING (area_id)
        WHERE a.system_code = ?""",
        [system_code],
    )
    have = set(df["level"])
    finest = [lv for lv in levels if lv in have]
    return finest[-1] if finest else None


def _indicator(conn: Conn, system_code: str, level: str) -> str | None:
    df = _df(
        conn,
        """
        SELECT i.indicator_id, i.unit FROM indicators i
        WHERE EXISTS (SELECT 1 FROM indicator_values v JOIN areas a USING (area_id)
                      WHERE v.indicator_id = i.indicator_id AND a.system_code = ?
                        AND a.level = ? AND v.value IS NOT NULL)
        ORDER BY (i.unit <> '%'), i.domain, i.indicator_id""",
        [system_code, level],
    )
    return str(df["indicator_id"].iloc[0]) if not df.empty else None


def _root(conn: Conn, system_code: str) -> tuple[str | None, str | None]:
    df = _df(
        conn,
        """
        SELECT area_id, name FROM areas WHERE system_code = ? AND parent_id IS NULL
        ORDER BY level_rank, area_id""",
        [system_code],
    )
    if len(df) != 1:
        return None, None
    return str(df["area_id"].iloc[0]), str(df["name"].iloc[0])


def _kommune_area(conn: Conn, system_code: str, ags: str | None) -> str | None:
    if not ags:
        return None
    df = _df(
        conn,
        "SELECT area_id FROM areas WHERE local_id = ? AND system_code <> ? ORDER BY area_id",
        [ags, system_code],
    )
    return str(df["area_id"].iloc[0]) if not df.empty else None


def home(conn: Conn) -> Home:
    """The Kommune of this store (see the module docstring for what is read and derived)."""
    meta = _meta(conn)
    system_code, area_system = _system(conn, meta.get("home.system_code"))
    levels = _levels(conn, system_code)
    level = meta.get("home.level")
    if level not in levels:
        level = _population_level(conn, system_code, levels) or (levels[-1] if levels else "")
    indicator = meta.get("home.indicator") or (
        _indicator(conn, system_code, level) if level else None
    )
    root_id, root_name = _root(conn, system_code)
    ags = meta.get("home.kommune_ags") or None
    return Home(
        system_code=system_code,
        area_system=area_system,
        place=meta.get("home.place") or root_name or area_system,
        levels=levels,
        level=level,
        indicator=indicator,
        kommune_ags=ags,
        kommune_area_id=_kommune_area(conn, system_code, ags),
        root_area_id=root_id,
    )
