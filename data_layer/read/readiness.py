"""Which page runs on this store: „läuft“, „läuft mit Schätzungen: …“ or „fehlt: …“.

:func:`readiness` is a pure function of :class:`StoreContents` (what a store holds: levels
with population by age band and Stichtag, facilities with or without places, indicators,
the Germany-wide base, projection scope and rates); :func:`store_contents` reads those from
a store. The build prints the report after every build and for ``--check``; the start page
shows the same table. Every "fehlt" names the file, column, age groups or dates a Datenpaket
must add (docs/datenpaket.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from data_layer.read.common import _df
from data_layer.read.db import Conn
from data_layer.read.home import home
from data_layer.read.projection_scope import home_scope

#: an age band in years: from (inclusive), to (exclusive; ``None`` = open-ended)
Band = tuple[int, int | None]
Status = Literal["läuft", "läuft mit Schätzungen", "fehlt"]

#: the pages the report covers, with their German titles (app.PAGES)
AREAS = "Sozialräume vergleichen"
DEMAND = "Bedarf und Angebot"
BENCH = "Kommunen vergleichen"
PROJECTION = "Bevölkerungsprognose"
CATALOGUE = "Indikatorenkatalog"

#: levels of a Germany-wide base that the page "Kommunen vergleichen" compares
BASE_LEVELS = ("Kreis", "Gemeinde")


@dataclass(frozen=True)
class LevelContents:
    """One level of the Kommune's area system.

    ``bands`` maps each Stichtag (``period``) to the age bands published for both sexes
    (``sex = all``); ``female_periods`` are the Stichtage with a female total (``sex = f``,
    0 and over); ``estimated_population`` are the Stichtage with estimated counts.
    """

    level: str
    n_areas: int
    bands: Mapping[str, tuple[Band, ...]] = field(default_factory=dict)
    female_periods: frozenset[str] = frozenset()
    estimated_population: frozenset[str] = frozenset()
    n_indicators: int = 0  # indicators with at least one value on this level
    n_estimated_values: int = 0


@dataclass(frozen=True)
class ServiceNeed:
    """A service type of ``data/parameters/service_types.yaml`` (what demand needs)."""

    name: str
    service_type: str  # value of facilities.service_type that meets the demand
    age_from: int
    age_to: int | None
    needs_places: bool  # capacity_mode "places"


@dataclass(frozen=True)
class StoreContents:
    """What a store holds, as far as the pages are concerned."""

    system_code: str
    levels: tuple[LevelContents, ...]  # the Kommune's area system, coarse to fine
    facilities: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # type → (n, places)
    services: tuple[ServiceNeed, ...] = ()
    n_catalogue: int = 0
    germany_base: bool = False  # another area system with Kreise/Gemeinden
    n_estimated_base_values: int = 0
    kommune_ags: str | None = None
    kommune_in_base: bool = False
    # (system_code, level) of projection.yaml, block scope; without the block the home's
    projection_scope: tuple[str, str] | None = None
    life_tables: bool = False
    fertility_rates: bool = False


@dataclass(frozen=True)
class PageReadiness:
    """The report line of one page; ``partly_missing`` are parts that do not run."""

    page: str
    status: Status
    details: tuple[str, ...] = ()
    partly_missing: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """What is estimated or missing, and the parts that do not run (German)."""
        out = "; ".join(self.details)
        if self.partly_missing:
            out += (" – " if out else "") + "nicht für: " + "; ".join(self.partly_missing)
        return out

    @property
    def text(self) -> str:
        """„läuft“, „läuft mit Schätzungen: …“ or „fehlt: …“ (German, for the report)."""
        if self.details:
            return f"{self.status}: {self.note}"
        return f"{self.status} – {self.note}" if self.note else self.status


# --------------------------------------------------------------------------- age bands


def band_text(band: Band) -> str:
    """German label of an age band.

    >>> band_text((0, 3)), band_text((80, None))
    ('0 bis unter 3 Jahre', '80 Jahre und älter')
    """
    lo, hi = band
    return f"{lo} Jahre und älter" if hi is None else f"{lo} bis unter {hi} Jahre"


def _top(hi: int | None) -> float:
    return float("inf") if hi is None else float(hi)


def _atoms(bands: Sequence[Band]) -> list[Band]:
    """The bands that contain no other band (the finest partition), sorted; no total."""
    uniq = sorted(set(bands), key=lambda b: (b[0], _top(b[1])))
    out = []
    for lo, hi in uniq:
        inner = [
            b
            for b in uniq
            if b != (lo, hi) and b[0] >= lo and _top(b[1]) <= _top(hi)  # a band inside it
        ]
        if not inner:
            out.append((lo, hi))
    return out


def tiles(bands: Sequence[Band], target: Band) -> bool:
    """True if the finest bands cover ``target`` exactly (sums of published counts).

    >>> tiles([(0, 1), (1, 3), (3, 6), (0, None)], (0, 3)), tiles([(0, 6)], (0, 3))
    (True, False)
    """
    lo, top = target[0], _top(target[1])
    atoms = _atoms(bands)
    if any(a < top and _top(b) > lo and not (a >= lo and _top(b) <= top) for a, b in atoms):
        return False
    inside = [(a, _top(b)) for a, b in atoms if a >= lo and _top(b) <= top]
    return bool(inside) and inside[0][0] == lo and inside[-1][1] == top and _chained(inside)


def covered(bands: Sequence[Band], target: Band) -> bool:
    """True if coarser bands (not the total alone) cover ``target``: it can be estimated.

    >>> covered([(0, 18), (18, 65), (65, None), (0, None)], (0, 3))
    True
    >>> covered([(0, None)], (0, 3)), covered([(0, 18), (65, None)], (15, 25))
    (False, False)
    """
    lo, top = target[0], _top(target[1])
    hit = [(a, _top(b)) for a, b in _atoms(bands) if a < top and _top(b) > lo]
    if not hit or any(a == 0 and b == float("inf") for a, b in hit):
        return False
    return hit[0][0] <= lo and hit[-1][1] >= top and _chained(hit, overlap=True)


def _chained(pairs: list[tuple[int, float]], *, overlap: bool = False) -> bool:
    return all(
        (b0 >= a1) if overlap else (b0 == a1)
        for (_, b0), (a1, _) in zip(pairs, pairs[1:], strict=False)
    )


def partition(bands: Sequence[Band]) -> tuple[bool, Band | None]:
    """Do the bands (without the total) split 0 … open without gaps? ``(True, None)``;
    with exactly one gap and the total published: ``(True, gap)`` (the gap = total − rest,
    estimated); otherwise ``(False, None)``.

    >>> partition([(0, 6), (6, 65), (65, None)])
    (True, None)
    >>> partition([(0, 6), (65, None), (0, None)])
    (True, (6, 65))
    >>> partition([(0, 6), (0, None)]), partition([(0, 6), (10, 15), (65, None), (0, None)])
    ((True, (6, None)), (False, None))
    """
    total = (0, None) in bands
    atoms = [b for b in _atoms([b for b in bands if b != (0, None)])]
    gaps: list[Band] = []
    age = 0.0
    for lo, hi in atoms:
        if lo > age:
            gaps.append((int(age), lo))
        age = max(age, _top(hi))
    if age != float("inf"):
        gaps.append((int(age), None))
    if not gaps:
        return True, None
    if len(gaps) == 1 and total and atoms:
        return True, gaps[0]
    return False, None


def _n(x: int) -> str:
    """German thousands separator: ``_n(136080) == '136.080'``."""
    return f"{x:,}".replace(",", ".")


def _year_end(period: str) -> bool:
    return len(period) == 4 or period.endswith("-12-31")


def _date_text(period: str) -> str:
    if len(period) == 4:
        return period
    y, m, d = period.split("-")
    return f"{d}.{m}.{y}"


# --------------------------------------------------------------------------- pages


def readiness(c: StoreContents) -> tuple[PageReadiness, ...]:
    """One report line per page (see the module docstring)."""
    return (
        _areas(c),
        _demand(c),
        _bench(c),
        _projection(c),
        _catalogue(c),
    )


def _areas(c: StoreContents) -> PageReadiness:
    with_values = [lv for lv in c.levels if lv.n_indicators]
    if not with_values:
        return PageReadiness(
            AREAS,
            "fehlt",
            (
                "Indikatorwerte auf einer Ebene der Kommune: indicator_values.csv mit "
                "indicators.yaml, oder population.csv mit Altersgruppen (daraus berechnet der "
                "Build Anteile, z. B. 0 bis unter 6 Jahre, 65 Jahre und älter)",
            ),
        )
    n_est = sum(lv.n_estimated_values for lv in c.levels)
    if n_est:
        return PageReadiness(
            AREAS,
            "läuft mit Schätzungen",
            (
                f"{_n(n_est)} Indikatorwerte sind geschätzt (z. B. aus anderen Gebietsständen "
                "umgerechnet)",
            ),
        )
    return PageReadiness(AREAS, "läuft")


def _finest_population(c: StoreContents) -> LevelContents | None:
    with_pop = [lv for lv in c.levels if lv.bands]
    return with_pop[-1] if with_pop else None


def _demand(c: StoreContents) -> PageReadiness:
    level = _finest_population(c)
    running: list[str] = []
    estimates: list[str] = []
    missing: list[str] = []
    for s in c.services:
        band = (s.age_from, s.age_to)
        n, places = c.facilities.get(s.service_type, (0, 0))
        lacks = []
        if n == 0:
            lacks.append(f"facilities.csv: Einrichtungen mit service_type „{s.service_type}“")
        elif s.needs_places and places == 0:
            lacks.append(f"facilities.csv: Plätze (Spalte capacity) der „{s.service_type}“")
        bands = level.bands if level is not None else {}
        exact = [p for p, b in bands.items() if tiles(b, band)]
        rough = [p for p, b in bands.items() if covered(b, band)]
        if not exact and not rough:
            lacks.append(
                f"population.csv: Altersgruppe {band_text(band)} "
                f"(age_from {s.age_from}, age_to {'leer' if s.age_to is None else s.age_to})"
            )
        if lacks:
            missing.append(f"{s.name} ({', '.join(lacks)})")
            continue
        running.append(s.name)
        if not exact:
            estimates.append(
                f"{s.name}: Einwohner {band_text(band)} aus gröberen Altersgruppen geschätzt "
                f"(population.csv: die Altersgruppe {band_text(band)} genau liefern)"
            )
    if not c.services:
        return PageReadiness(
            DEMAND, "fehlt", ("Leistungsarten: data/parameters/service_types.yaml",)
        )
    if not running:
        return PageReadiness(DEMAND, "fehlt", tuple(missing))
    if estimates:
        return PageReadiness(DEMAND, "läuft mit Schätzungen", tuple(estimates), tuple(missing))
    return PageReadiness(DEMAND, "läuft", (), tuple(missing))


def _bench(c: StoreContents) -> PageReadiness:
    if not c.germany_base:
        return PageReadiness(
            BENCH,
            "fehlt",
            (
                "die deutschlandweite Grundlage (Kreise und Gemeinden): Datenbasis ohne "
                "--ohne-deutschland bauen",
            ),
        )
    own: tuple[str, ...] = ()
    if c.kommune_ags is None:
        own = ("die eigene Kommune (paket.yaml: Feld kommune mit dem amtlichen Schlüssel fehlt)",)
    elif not c.kommune_in_base:
        own = (
            f"die eigene Kommune (Schlüssel „{c.kommune_ags}“ aus paket.yaml, Feld kommune, "
            "steht nicht in der deutschlandweiten Grundlage)",
        )
    if c.n_estimated_base_values:
        return PageReadiness(
            BENCH,
            "läuft mit Schätzungen",
            (
                f"{_n(c.n_estimated_base_values)} Werte früherer Gebietsstände sind auf den heutigen "
                "umgerechnet (geschätzt)",
            ),
            own,
        )
    return PageReadiness(BENCH, "läuft", (), own)


def _projection(c: StoreContents) -> PageReadiness:
    if c.projection_scope is None:
        return PageReadiness(PROJECTION, "fehlt", ("data/parameters/projection.yaml: Block scope",))
    system, level_name = c.projection_scope
    if system != c.system_code:
        return PageReadiness(
            PROJECTION,
            "fehlt",
            (
                f"data/parameters/projection.yaml: scope.area_system „{system}“ ist nicht das "
                f"Gebietssystem der Kommune („{c.system_code}“, paket.yaml: system_code)",
            ),
        )
    level = next((lv for lv in c.levels if lv.level == level_name), None)
    if level is None:
        return PageReadiness(
            PROJECTION,
            "fehlt",
            (f"data/parameters/projection.yaml: scope.level „{level_name}“ ist keine Ebene",),
        )
    missing: list[str] = []
    estimates: list[str] = []
    usable = []
    guessed = []
    for period in sorted(p for p in level.bands if _year_end(p)):
        ok, gap = partition(level.bands[period])
        if ok:
            usable.append(period)
            if gap is not None:
                estimates.append(
                    f"am {_date_text(period)} die Altersgruppe {band_text(gap)} als Gesamtzahl "
                    "minus übrige Gruppen geschätzt"
                )
            if period in level.estimated_population:
                guessed.append(_date_text(period))
    if guessed:
        when = guessed[0] if len(guessed) == 1 else f"{guessed[0]} bis {guessed[-1]}"
        estimates.append(f"Einwohner an {len(guessed)} Stichtagen ({when}) geschätzt")
    if not usable:
        missing.append(
            f"population.csv: Einwohner der Ebene {level_name} nach Altersgruppen von 0 bis "
            f"„… Jahre und älter“ (höchstens eine Gruppe darf fehlen, dann mit „insgesamt“) an "
            f"einem Stichtag 31.12."
        )
    else:
        if len(usable) == 1:
            estimates.append(
                f"nur ein Stichtag ({_date_text(usable[0])}): ohne Wanderung gerechnet (oder mit "
                "dem Wanderungssaldo aus projection.yaml), keine Rückrechnung möglich – für "
                "Wanderung und Rückrechnung Einwohner an mindestens zwei Stichtagen 31.12."
            )
        if usable[-1] not in level.female_periods:
            estimates.append(
                f"Frauen je Gebiet am {_date_text(usable[-1])} aus dem Frauenanteil der "
                "Sterbetafel geschätzt (population.csv: sex f für genaue Geburten)"
            )
    if not c.life_tables:
        missing.append("Sterbetafeln (data/raw/demography)")
    if not c.fertility_rates:
        missing.append("Geburtenziffern (data/raw/demography)")
    if missing:
        return PageReadiness(PROJECTION, "fehlt", tuple(missing))
    if estimates:
        return PageReadiness(PROJECTION, "läuft mit Schätzungen", tuple(estimates))
    return PageReadiness(PROJECTION, "läuft")


def _catalogue(c: StoreContents) -> PageReadiness:
    if c.n_catalogue:
        return PageReadiness(CATALOGUE, "läuft")
    return PageReadiness(CATALOGUE, "fehlt", ("indicators.yaml (Indikatorenkatalog)",))


def report_lines(rows: Sequence[PageReadiness]) -> list[str]:
    """The report as plain text lines (build output)."""
    width = max(len(r.page) for r in rows)
    return [f"  {r.page.ljust(width)}  {r.text}" for r in rows]


# --------------------------------------------------------------------------- reading


def _band(lo: Any, hi: Any) -> Band:
    return int(lo), None if hi is None or pd.isna(hi) else int(hi)


def _levels(conn: Conn, system_code: str, levels: tuple[str, ...]) -> tuple[LevelContents, ...]:
    areas = _df(
        conn,
        "SELECT level, COUNT(*) AS n FROM areas WHERE system_code = ? GROUP BY level",
        [system_code],
    )
    n_areas = dict(zip(areas["level"], areas["n"], strict=True))
    pop = _df(
        conn,
        """SELECT a.level, p.period, p.sex, p.age_from, p.age_to,
                  BOOL_OR(p.flag = 'estimated') AS estimated
           FROM population p JOIN areas a USING (area_id)
           WHERE a.system_code = ? GROUP BY ALL""",
        [system_code],
    )
    vals = _df(
        conn,
        """SELECT a.level, COUNT(DISTINCT v.indicator_id) AS n,
                  COUNT(*) FILTER (WHERE v.flag = 'estimated') AS n_est
           FROM indicator_values v JOIN areas a USING (area_id)
           WHERE a.system_code = ? AND v.value IS NOT NULL GROUP BY a.level""",
        [system_code],
    )
    n_ind = dict(zip(vals["level"], vals["n"], strict=True))
    n_est = dict(zip(vals["level"], vals["n_est"], strict=True))
    out = []
    for level in levels:
        mine = pop[pop["level"] == level]
        both = mine[mine["sex"] == "all"]
        bands = {
            str(p): tuple(_band(lo, hi) for lo, hi in zip(g["age_from"], g["age_to"], strict=True))
            for p, g in both.groupby("period")
        }
        female = mine[(mine["sex"] == "f") & (mine["age_from"] == 0) & mine["age_to"].isna()]
        out.append(
            LevelContents(
                level=level,
                n_areas=int(n_areas.get(level, 0)),
                bands=bands,
                female_periods=frozenset(str(p) for p in female["period"]),
                estimated_population=frozenset(
                    str(p) for p in both.loc[both["estimated"], "period"]
                ),
                n_indicators=int(n_ind.get(level, 0)),
                n_estimated_values=int(n_est.get(level, 0)),
            )
        )
    return tuple(out)


def _parameter(conn: Conn, name: str) -> dict[str, Any]:
    df = _df(conn, "SELECT content FROM parameters WHERE name = ?", [name])
    if df.empty:
        return {}
    content = json.loads(str(df["content"].iloc[0]))
    return content if isinstance(content, dict) else {}


def _services(conn: Conn) -> tuple[ServiceNeed, ...]:
    out = []
    for s in _parameter(conn, "service_types").get("service_types") or []:
        if not isinstance(s, dict) or "service_type" not in s:
            continue
        out.append(
            ServiceNeed(
                name=str(s.get("name", s["service_type"])),
                service_type=str(s["service_type"]),
                age_from=int(s.get("age_from") or 0),
                age_to=None if s.get("age_to") is None else int(s["age_to"]),
                needs_places=s.get("capacity_mode", "places") == "places",
            )
        )
    return tuple(out)


def _count(conn: Conn, sql: str, params: list[Any] | None = None) -> int:
    df = _df(conn, sql, params or [])
    return int(df.to_numpy()[0, 0]) if not df.empty else 0


def store_contents(conn: Conn) -> StoreContents:
    """Read what the readiness report needs from a store (the Kommune: :func:`home`)."""
    h = home(conn)
    fac = _df(
        conn,
        "SELECT service_type, COUNT(*) AS n, COUNT(capacity) AS places FROM facilities GROUP BY 1",
    )
    base = _df(
        conn,
        """SELECT DISTINCT system_code FROM areas
           WHERE system_code <> ? AND level IN (?, ?)""",
        [h.system_code, *BASE_LEVELS],
    )
    base_codes = [str(x) for x in base["system_code"]]
    n_base_est = 0
    if base_codes:
        n_base_est = _count(
            conn,
            f"""SELECT COUNT(*) FROM indicator_values v JOIN areas a USING (area_id)
                WHERE v.flag = 'estimated' AND v.value IS NOT NULL
                  AND a.system_code IN ({", ".join("?" for _ in base_codes)})""",  # noqa: S608 - placeholders only
            base_codes,
        )
    scope = _parameter(conn, "projection").get("scope", home_scope(h))
    projection_scope = (
        (str(scope["area_system"]), str(scope["level"]))
        if isinstance(scope, dict) and scope.get("area_system") and scope.get("level")
        else None
    )
    return StoreContents(
        system_code=h.system_code,
        levels=_levels(conn, h.system_code, h.levels),
        facilities={
            str(t): (int(n), int(p))
            for t, n, p in zip(fac["service_type"], fac["n"], fac["places"], strict=True)
        },
        services=_services(conn),
        n_catalogue=_count(conn, "SELECT COUNT(*) FROM indicators"),
        germany_base=bool(base_codes),
        n_estimated_base_values=n_base_est,
        kommune_ags=h.kommune_ags,
        kommune_in_base=h.kommune_area_id is not None,
        projection_scope=projection_scope,
        life_tables=_count(conn, "SELECT COUNT(*) FROM life_tables") > 0,
        fertility_rates=_count(conn, "SELECT COUNT(*) FROM fertility_rates") > 0,
    )
