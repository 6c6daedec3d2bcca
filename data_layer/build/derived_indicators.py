"""Derived indicators (data/catalogue/derived_indicators.yaml), computed at every level.

Each definition names a numerator and optionally a denominator:

* ``population: {sex: all, age: [0, 6]}`` – residents aged 0 to under 6 (``null`` = open end);
* ``indicator: pop_foreigners`` – the numerator (or value) of a stored count indicator;
* ``facilities: {service_type: Kita, measure: capacity|count}`` – per facility snapshot
  (``data_date``), compared with the population of the nearest Stichtag;
* ``area_km2: true`` – the area's size.

Numerator and denominator are both sums for the area itself (populations are
already summed up the hierarchy), so rates are never averaged.

``source``, ``licence`` and ``attribution`` of a derived indicator are not taken from the
YAML (which holds only a neutral fallback): :func:`write_derived` fills them from the
sources of the packages whose data the values were actually computed from – the
population (and area) files of every area system with values, and for facility-based
indicators the facility files of that service type – so a store names exactly its own
sources and no other Kommune's.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import yaml

from data_layer.build.age_bands import population_band
from data_layer.build.catalogue import catalogue_frame
from data_layer.build.hierarchy_sums import ancestors
from data_layer.build.package import Package, SourceRef
from data_layer.build.store import insert_frame, insert_values
from data_layer.paths import PROJECT_ROOT

DERIVED_FILE = PROJECT_ROOT / "data" / "catalogue" / "derived_indicators.yaml"
_KEY = ["area_id", "period"]


def load_definitions(path: Path = DERIVED_FILE) -> tuple[pd.DataFrame, dict[str, dict[str, Any]]]:
    """Catalogue frame and the ``compute`` block of every derived indicator."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = [dict(e) for e in raw["indicators"]]
    compute = {e["indicator_id"]: e.pop("compute") for e in entries}
    return catalogue_frame(entries, path.name), compute


def _nearest_period(periods: list[str], target: str) -> str | None:
    if not periods:
        return None
    t = pd.Timestamp(target if len(target) > 4 else f"{target}-12-31")
    dates = [pd.Timestamp(p if len(p) > 4 else f"{p}-12-31") for p in periods]
    return periods[int(np.argmin([abs((d - t).days) for d in dates]))]


class _Inputs:
    """The store content the definitions draw on, read once."""

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self.pop = conn.execute(
            "SELECT area_id, period, sex, age_from, CAST(age_to AS DOUBLE) AS age_to, count, flag FROM population"
        ).df()
        self.areas = conn.execute(
            "SELECT area_id, parent_id, area_km2, system_code FROM areas"
        ).df()
        self.fac = conn.execute(
            "SELECT facility_id, service_type, capacity, area_id, data_date FROM facilities"
        ).df()
        self.vals = conn.execute(
            "SELECT indicator_id, area_id, period, COALESCE(numerator, value) AS count, flag FROM indicator_values"
        ).df()
        self.anc = ancestors(self.areas)

    def term(self, spec: dict[str, Any]) -> pd.DataFrame:
        """Frame (area_id, period, count, flag) for a population or indicator term."""
        if "population" in spec:
            p = spec["population"]
            lo, hi = p.get("age", [0, None])
            return population_band(self.pop, p.get("sex", "all"), int(lo), hi)
        if "indicator" in spec:
            v = self.vals[self.vals["indicator_id"] == spec["indicator"]]
            return pd.DataFrame(v[["area_id", "period", "count", "flag"]])
        raise ValueError(f"unbekannter Term {spec}")

    def facility_terms(self, spec: dict[str, Any]) -> list[tuple[str, pd.DataFrame]]:
        """One (data_date, frame) per snapshot; facilities summed over every ancestor."""
        f = spec["facilities"]
        sub = self.fac[self.fac["service_type"] == f["service_type"]]
        out = []
        for date, grp in sub.groupby("data_date"):
            m = grp.merge(self.anc, on="area_id")
            measure = (
                m["capacity"]
                if f.get("measure", "capacity") == "capacity"
                else pd.Series(1.0, index=m.index)
            )
            s = measure.groupby(m["ancestor_id"]).sum(min_count=1)
            frame = pd.DataFrame({"area_id": s.index, "count": s.to_numpy(), "flag": "derived"})
            out.append((str(date), frame))
        return out


def _ratio(num: pd.DataFrame, den: pd.DataFrame | None, scale: float) -> pd.DataFrame:
    if den is None:
        res = num.rename(columns={"count": "numerator"})
        res["denominator"] = np.nan
        res["value"] = res["numerator"] * scale
        return res
    m = num.merge(den, on=_KEY, suffixes=("_n", "_d"))
    m["value"] = m["count_n"] / m["count_d"].replace(0, np.nan) * scale
    m["flag"] = np.where(
        (m["flag_n"] == "estimated") | (m["flag_d"] == "estimated"), "estimated", "derived"
    )
    return m.rename(columns={"count_n": "numerator", "count_d": "denominator"})[
        [*_KEY, "value", "numerator", "denominator", "flag"]
    ]


def compute_one(inputs: _Inputs, spec: dict[str, Any], scale: float) -> pd.DataFrame:
    """All values of one derived indicator."""
    num_spec, den_spec = spec["numerator"], spec.get("denominator")
    if "facilities" in num_spec:
        parts = []
        den_all = inputs.term(den_spec) if den_spec else None
        for date, num in inputs.facility_terms(num_spec):
            if den_all is None:
                num = num.assign(period=date)
                parts.append(_ratio(num, None, scale).assign(flag_reason=""))
                continue
            usable = den_all.dropna(subset=["count"])
            near = _nearest_period(sorted(usable["period"].unique()), date)
            if near is None:
                continue
            den = usable[usable["period"] == near].assign(period=date)
            all_areas = den[["area_id"]].merge(num, on="area_id", how="left")
            all_areas["count"] = all_areas["count"].fillna(0.0)
            all_areas["flag"] = "derived"
            res = _ratio(all_areas.assign(period=date), den, scale)
            parts.append(
                res.assign(flag_reason=f"Einrichtungen Stand {date}, Bevölkerung Stand {near}")
            )
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    num = inputs.term(num_spec)
    if den_spec is None:
        return _ratio(num, None, scale).assign(flag_reason="")
    if den_spec.get("area_km2"):
        den = num[_KEY].merge(inputs.areas[["area_id", "area_km2"]], on="area_id")
        den = den.rename(columns={"area_km2": "count"}).assign(flag="observed")
    else:
        den = inputs.term(den_spec)
    return _ratio(num, den, scale).assign(flag_reason="")


def _role_sources(pkg: Package, role: str, token: str = "") -> list[SourceRef]:
    """The package's sources behind one table (``population``, ``facilities``, ``areas``).

    A source belongs to the table when its file name appears in the package's origin of
    that table (``file_names``); ``token`` narrows facility files to one service type
    when file names tell it (``kita`` in ``kitaliste_2026-01.csv``). Without any match
    every source of the package is named (``paket.yaml``: "erscheint als Namensnennung").
    """
    origin = pkg.file_names.get(role, "")
    hits = [s for s in pkg.sources if Path(s.file).name and Path(s.file).name in origin]
    if token:
        narrow = [s for s in hits if token in Path(s.file).name.lower()]
        hits = narrow or hits
    return hits or list(pkg.sources)


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(i.strip() for i in items if i and i.strip()))


def credits(
    spec: dict[str, Any], systems: Sequence[str], packages: Sequence[Package]
) -> dict[str, str] | None:
    """``source``, ``licence`` and ``attribution`` of one derived indicator.

    ``systems`` are the area systems with values; the text names the sources of the
    packages of these systems only (``None`` when no package is known for them).
    """
    by_code = {p.system_code: p for p in packages}
    roles: list[tuple[str, str, str]] = []  # (role, token, kind shown in the text)
    terms = [spec["numerator"], *([spec["denominator"]] if spec.get("denominator") else [])]
    for term in terms:
        if "facilities" in term:
            service = str(term["facilities"]["service_type"])
            roles.append(("facilities", service.lower()[:6], f"Einrichtungsdaten ({service})"))
        elif "area_km2" in term:
            roles.append(("areas", "", "Gebietsflächen"))
        elif "population" in term:
            roles.append(("population", "", "Bevölkerungsdaten"))
        else:
            roles.append(("indicator_values", "", "Indikatorwerte"))
    parts: list[str] = []
    used: list[SourceRef] = []
    for role, token, kind in dict.fromkeys(roles):
        refs = [
            ref
            for code in systems
            if code in by_code
            for ref in _role_sources(by_code[code], role, token)
        ]
        if refs:
            parts.append(f"{kind}: {'; '.join(_unique([r.publisher for r in refs]))}")
            used += refs
    if not used:
        return None
    return {
        "source": "Berechnet vom Planungsatlas aus " + " – ".join(parts),
        "licence": " / ".join(_unique([r.licence for r in used])),
        "attribution": _edited("; ".join(_unique([r.attribution for r in used]))),
    }


def _edited(attribution: str) -> str:
    """Attribution with the licence's "bearbeitet" (derived figures are edited data).

    >>> _edited("© Destatis"), _edited("Quelle X; bearbeitet.")
    ('© Destatis; bearbeitet', 'Quelle X; bearbeitet.')
    """
    return (
        attribution
        if attribution.rstrip(". ").endswith("bearbeitet")
        else f"{attribution}; bearbeitet"
    )


def write_derived(
    conn: duckdb.DuckDBPyConnection,
    packages: Sequence[Package] = (),
    path: Path = DERIVED_FILE,
) -> int:
    """Compute and store every derived indicator; return the number of values written.

    ``packages`` are the store's packages: their sources become the indicator's
    ``source``, ``licence`` and ``attribution`` (:func:`credits`).
    """
    catalogue, compute = load_definitions(path)
    inputs = _Inputs(conn)
    system_of = dict(zip(inputs.areas["area_id"], inputs.areas["system_code"], strict=True))
    written = 0
    present: dict[str, dict[str, str] | None] = {}
    per_system: list[dict[str, str]] = []
    for indicator_id, scale in zip(
        catalogue["indicator_id"].astype(str), catalogue["scale"].astype(float), strict=True
    ):
        res = compute_one(inputs, compute[indicator_id], scale)
        if res.empty:
            continue
        res = res.dropna(subset=["value"])
        res.insert(0, "indicator_id", indicator_id)
        insert_values(conn, res)
        written += len(res)
        systems = sorted({str(system_of[a]) for a in res["area_id"].unique() if a in system_of})
        present[indicator_id] = credits(compute[indicator_id], systems, packages)
        for system in systems:  # and per area system, for pages that show one system only
            own = credits(compute[indicator_id], [system], packages)
            if own is not None:
                per_system.append({"indicator_id": indicator_id, "system_code": system, **own})
    cat = catalogue[catalogue["indicator_id"].isin(list(present))].copy()
    for field in ("source", "licence", "attribution"):
        cat[field] = [
            (present[i] or {}).get(field, fallback)
            for i, fallback in zip(cat["indicator_id"], cat[field], strict=True)
        ]
    cat["public"] = cat["public"].astype(bool)
    cat["derived"] = True
    insert_frame(conn, "indicators", cat)
    if per_system:
        columns = ["indicator_id", "system_code", "source", "licence", "attribution"]
        insert_frame(conn, "indicator_system_sources", pd.DataFrame(per_system)[columns])
    return written
