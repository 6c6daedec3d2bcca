"""Per-area Bedarf–Angebot balance (demand vs supply) for one service type.

Demand = residents in the target age band × demand quota (places).
Supply = places of the facilities located in the area (or their number in
count mode). Versorgungsquote = supply / demand × 100 (%); gap = supply −
demand (places, negative = missing places). Coarser levels of a hierarchy
always sum demand and supply of the lowest level; ratios are never averaged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
import pandas as pd

from indicators.access.service_types import MODE_LABELS, CapacityMode, ServiceType
from indicators.frame_memo import remember

POP_COLUMNS = ("area_id", "age_from", "age_to", "count")
FACILITY_COLUMNS = ("facility_id", "service_type", "capacity", "area_id")
PARENT_COLUMNS = ("area_id", "parent_id", "level")
#: Columns of the result of :func:`balance`, in order.
RESULT_COLUMNS = [
    "area_id", "level", "service_id", "mode", "population", "quota", "demand",
    "capacity_share", "n_facilities", "n_without_capacity", "supply_known", "supply",
    "coverage_pct", "gap", "facilities_per_1000", "n_areas_without_population",
]  # fmt: skip
_SUMMED = ["population", "demand", "n_facilities", "n_without_capacity", "supply_known"]


def _require(df: pd.DataFrame, cols: Sequence[str], label: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"{label}: Spalten fehlen: {', '.join(missing)}")


def _check_population(pop: pd.DataFrame) -> None:
    _require(pop, POP_COLUMNS, "Bevölkerungstabelle")
    for col in ("sex", "period"):
        if col in pop.columns and pop[col].nunique(dropna=False) > 1:
            raise ValueError(
                f"Bevölkerungstabelle: Spalte '{col}' hat mehrere Werte; bitte vorher auf einen "
                "Wert filtern (sonst wird doppelt gezählt)."
            )
    if pop["area_id"].isna().any():
        raise ValueError("Bevölkerungstabelle: area_id fehlt in einigen Zeilen.")
    if (pop["count"] < 0).any():
        raise ValueError("Bevölkerungstabelle: negative Einwohnerzahlen.")


#: inside :func:`reusing_bands`: band sums are remembered per population frame object
_REUSE: ContextVar[bool] = ContextVar("reuse_bands", default=False)


@contextmanager
def reusing_bands() -> Iterator[None]:
    """Within the block, each band of a population frame is summed once per frame object.

    A page's rerun asks for the same band of the same population up to seven times (balance,
    place shares, facility snapshots, scenario), and every rerun asks again for the same
    cached population. The sum is remembered for as long as the frame object lives
    (``indicators.frame_memo``): the store's shared caches are summed once per process, not
    once per rerun (#17). The caller promises that no population frame passed in the block is
    ever changed in place; each call still gets its own copy of the sum. Per thread and
    block (``contextvars``): outside a block nothing is remembered.

    >>> pop = pd.DataFrame({"area_id": ["a", "a"], "age_from": [0, 3],
    ...                     "age_to": [3, None], "count": [12.0, 100.0]})
    >>> with reusing_bands():
    ...     first = population_in_band(pop, 0, 3)
    ...     first.loc["a"] = -1.0  # changing a copy does not change the remembered sum
    ...     population_in_band(pop, 0, 3).to_dict()
    {'a': 12.0}
    """
    token = _REUSE.set(True)
    try:
        yield
    finally:
        _REUSE.reset(token)


def population_in_band(
    demand_pop: pd.DataFrame, age_from: float, age_to: float | None
) -> pd.Series:
    """:func:`_in_band`, summed once per frame object and band inside :func:`reusing_bands`."""
    if not _REUSE.get():
        return _in_band(demand_pop, age_from, age_to)
    band = (float(age_from), None if age_to is None else float(age_to))
    total = remember(demand_pop, ("population_in_band", band), lambda: _in_band(demand_pop, *band))
    return total.copy()


def _in_band(demand_pop: pd.DataFrame, age_from: float, age_to: float | None) -> pd.Series:
    """Residents aged ``age_from`` to under ``age_to`` per area (persons).

    Rows must tile the band exactly (no partial overlap, no gaps, no double
    rows); otherwise ``ValueError``. An area with a missing count (NaN) in
    the band gets NaN.

    Examples
    --------
    >>> pop = pd.DataFrame({"area_id": ["a", "a", "a"], "age_from": [0, 1, 3],
    ...                     "age_to": [1, 3, None], "count": [5.0, 7.0, 100.0]})
    >>> _in_band(pop, 0, 3).to_dict()
    {'a': 12.0}
    """
    _check_population(demand_pop)
    hi = np.inf if age_to is None else float(age_to)
    lo_col = demand_pop["age_from"].astype(float)
    hi_col = demand_pop["age_to"].astype(float).fillna(np.inf)
    inside = (lo_col >= age_from) & (hi_col <= hi)
    overlap = (lo_col < hi) & (hi_col > age_from) & ~inside
    band = f"{age_from:g}–{'' if age_to is None else f'{age_to:g}'}"
    if overlap.any():
        raise ValueError(
            f"Altersgruppen schneiden die Zielgruppe {band} Jahre nur teilweise; "
            "bitte feinere Altersgruppen liefern."
        )
    rows = pd.DataFrame(
        {"area_id": demand_pop["area_id"], "lo": lo_col, "hi": hi_col, "n": demand_pop["count"]}
    )[inside].sort_values(["area_id", "lo"])
    first = ~rows["area_id"].duplicated(keep="first")
    last = ~rows["area_id"].duplicated(keep="last")
    ok_start = rows.loc[first, "lo"].eq(age_from).all()
    ok_end = rows.loc[last, "hi"].eq(hi).all()
    ok_chain = rows["lo"].eq(rows["hi"].shift())[~first].all()
    complete = rows["area_id"].nunique() == demand_pop["area_id"].nunique()
    if not (ok_start and ok_end and ok_chain and complete):
        raise ValueError(
            f"Die Altersgruppen decken die Zielgruppe {band} Jahre nicht lückenlos und "
            "überschneidungsfrei ab."
        )
    total = rows.groupby("area_id", sort=True)["n"].sum()
    unknown = rows["n"].isna().groupby(rows["area_id"], sort=True).any()
    return total.mask(unknown).astype(float).rename("population")


def _facilities_for(facilities: pd.DataFrame, service: ServiceType) -> pd.DataFrame:
    _require(facilities, FACILITY_COLUMNS, "Einrichtungstabelle")
    fac = facilities[facilities["service_type"] == service.service_type]
    if fac["area_id"].isna().any():
        n = int(fac["area_id"].isna().sum())
        raise ValueError(
            f"{n} Einrichtungen ({service.service_type}) ohne Gebietszuordnung (area_id fehlt); "
            "bitte zuordnen oder herausfiltern."
        )
    if (fac["capacity"] < 0).any():
        raise ValueError(f"Einrichtungstabelle ({service.service_type}): negative Platzzahlen.")
    return fac


def _supply_by_area(fac: pd.DataFrame, share: float, mode: CapacityMode) -> pd.DataFrame:
    """n_facilities, n_without_capacity, supply_known (places × share) per area."""
    unknown = fac["capacity"].isna() if mode == "places" else pd.Series(False, index=fac.index)
    per = pd.DataFrame(
        {
            "area_id": fac["area_id"],
            "n_facilities": 1,
            "n_without_capacity": unknown.astype(int),
            "supply_known": fac["capacity"].fillna(0.0).astype(float) * share,
        }
    )
    return per.groupby("area_id", sort=True).sum()


def _ancestors(parents: pd.DataFrame, leaves: pd.Index) -> pd.DataFrame:
    """Pairs (leaf, area_id, level, depth): each leaf with itself and all its ancestors."""
    _require(parents, PARENT_COLUMNS, "Hierarchietabelle")
    if parents["area_id"].duplicated().any():
        raise ValueError("Hierarchietabelle: area_id kommt mehrfach vor.")
    up = parents.set_index("area_id")
    known = set(up.index)
    unknown_parents = set(up["parent_id"].dropna()) - known
    if unknown_parents:
        raise ValueError(
            f"Hierarchietabelle: übergeordnete Gebiete ohne eigene Zeile: {sorted(unknown_parents)[:5]}"
        )
    bad = [a for a in leaves if a not in known or a in set(up["parent_id"].dropna())]
    if bad:
        raise ValueError(
            f"Gebiete der untersten Ebene fehlen in der Hierarchie oder sind selbst übergeordnet: {bad[:5]}"
        )
    frames, current = [], pd.Series(leaves, index=leaves)
    for depth in range(50):
        frames.append(
            pd.DataFrame({"leaf": current.index, "area_id": current.values, "depth": depth})
        )
        current = current.map(up["parent_id"]).dropna()
        if current.empty:
            out = pd.concat(frames, ignore_index=True)
            return out.assign(level=out["area_id"].map(up["level"]))
    raise ValueError("Hierarchietabelle: Zyklus in parent_id.")


def _aggregate(tab: pd.DataFrame, anc: pd.DataFrame) -> pd.DataFrame:
    """Sum leaf columns to every area of the hierarchy (leaves first, then coarser)."""
    cols = [*_SUMMED, "n_areas_without_population"]
    grouped = anc.join(tab[cols], on="leaf").groupby("area_id", sort=False)
    sums = grouped[cols].sum(min_count=1)
    sums["level"] = grouped["level"].first()
    sums["depth"] = grouped["depth"].max()  # ragged trees: ordered after all descendants
    return sums.reset_index().sort_values(["depth", "area_id"], kind="stable")


def _finish(tab: pd.DataFrame, mode: CapacityMode) -> pd.DataFrame:
    """Derive supply, coverage, gap, density from summed columns (in place on a copy)."""
    out = tab.copy()
    if mode == "places":
        out["supply"] = out["supply_known"].where(out["n_without_capacity"] == 0)
        pos = out["demand"] > 0
        out["coverage_pct"] = (out["supply"] / out["demand"] * 100.0).where(pos)
        out["gap"] = out["supply"] - out["demand"]
    else:
        out["supply"] = out["n_facilities"].astype(float)
        out["coverage_pct"] = np.nan
        out["gap"] = np.nan
    per = out["n_facilities"] / out["population"] * 1000.0
    out["facilities_per_1000"] = per.where(out["population"] > 0)
    return out


def _resolve_share(service: ServiceType, capacity_share: float | None, mode: CapacityMode) -> float:
    if mode == "count":
        return 1.0
    if capacity_share is None:
        if service.capacity_share is not None:
            raise ValueError(
                f"'{service.name}' teilt sich Plätze mit anderen Leistungsarten "
                f"(Gruppe '{service.capacity_share.group}'): bitte capacity_share angeben "
                "(siehe capacity_shares) oder balance_all verwenden."
            )
        return 1.0
    if not 0.0 < capacity_share <= 1.0:
        raise ValueError("capacity_share muss größer als 0 und höchstens 1 sein.")
    return capacity_share


def balance(
    demand_pop: pd.DataFrame,
    facilities: pd.DataFrame,
    service: ServiceType,
    quota: float | None = None,
    parents: pd.DataFrame | None = None,
    *,
    capacity_share: float | None = None,
    mode: CapacityMode | None = None,
) -> pd.DataFrame:
    """Demand, supply, Versorgungsquote and gap per area (and per coarser level).

    Parameters
    ----------
    demand_pop : DataFrame
        Lowest-level population: ``area_id, age_from, age_to, count`` (persons;
        ``age_to`` exclusive, NaN = open-ended), one sex and one period only.
    facilities : DataFrame
        ``facility_id, service_type, capacity, area_id`` (+ other columns);
        only rows with ``service_type == service.service_type`` are used.
    service : ServiceType
        Target age band, default quota and capacity mode.
    quota : float, optional
        Demand quota as a fraction (overrides ``service.quota``).
    parents : DataFrame, optional
        Hierarchy ``area_id, parent_id, level`` (level of ``area_id``;
        ``parent_id`` NaN at the top). Adds one row per coarser area.
    capacity_share : float, optional
        Share (0–1] of each facility's places attributed to this service;
        required when the service shares places (``service.capacity_share``).
    mode : {"places", "count"}, optional
        Overrides ``service.capacity_mode``; "count" for data without places
        (e.g. OpenStreetMap): supply = number of facilities, no quota/gap.

    Returns
    -------
    DataFrame
        Columns :data:`RESULT_COLUMNS`. ``demand``, ``supply``, ``gap`` in places;
        ``coverage_pct`` in % (NaN if demand is 0 or supply unknown);
        ``supply`` is NaN where any facility lacks a place count
        (``n_without_capacity`` > 0; ``supply_known`` is the lower bound);
        ``facilities_per_1000`` = facilities per 1,000 residents of the target group.
    """
    mode = mode or service.capacity_mode
    if mode not in MODE_LABELS:
        raise ValueError(f"Unbekannter Modus '{mode}' (erlaubt: places, count).")
    q = service.quota if quota is None else quota
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"Die Bedarfsquote muss zwischen 0 und 1 liegen (ist {q}).")
    share = _resolve_share(service, capacity_share, mode)
    pop = population_in_band(demand_pop, service.age_from, service.age_to)
    supply = _supply_by_area(_facilities_for(facilities, service), share, mode)
    leaves = pop.index.union(supply.index)
    tab = pd.DataFrame(index=leaves).join(pop).join(supply)
    for col in ("n_facilities", "n_without_capacity"):
        tab[col] = tab[col].fillna(0).astype(int)
    tab["supply_known"] = tab["supply_known"].fillna(0.0)
    tab["demand"] = tab["population"] * q
    tab["n_areas_without_population"] = tab["population"].isna().astype(int)
    if parents is None:
        tab = tab.rename_axis("area_id").reset_index().assign(level=None)
    else:
        tab = _aggregate(tab, _ancestors(parents, leaves))
    out = _finish(tab, mode)
    out = out.assign(service_id=service.id, mode=MODE_LABELS[mode], quota=q, capacity_share=share)
    return out[RESULT_COLUMNS].reset_index(drop=True)


def capacity_shares(
    demand_pop: pd.DataFrame,
    services: Sequence[ServiceType],
    quotas: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Share of shared places per service id (rule ``demand_share``; 1.0 if not shared).

    share_s = total demand_s / Σ total demand of its group (whole study region,
    areas with unknown population left out); dimensionless, 0–1.
    """
    quotas = quotas or {}
    totals = {
        s.id: float(population_in_band(demand_pop, s.age_from, s.age_to).sum())
        * quotas.get(s.id, s.quota)
        for s in services
        if s.capacity_share is not None
    }
    out: dict[str, float] = {}
    for s in services:
        if s.capacity_share is None:
            out[s.id] = 1.0
            continue
        name = s.capacity_share.group
        group = [t.id for t in services if t.capacity_share and t.capacity_share.group == name]
        denom = sum(totals[g] for g in group)
        if denom <= 0:
            raise ValueError(f"Gruppe '{name}': Gesamtbedarf ist 0; keine Aufteilung möglich.")
        out[s.id] = totals[s.id] / denom
    return out


def balance_all(
    demand_pop: pd.DataFrame,
    facilities: pd.DataFrame,
    services: Sequence[ServiceType],
    quotas: Mapping[str, float] | None = None,
    parents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`balance` for several service types, shared places split by :func:`capacity_shares`."""
    shares = capacity_shares(demand_pop, services, quotas)
    frames = [
        balance(
            demand_pop,
            facilities,
            s,
            (quotas or {}).get(s.id),
            parents,
            capacity_share=shares[s.id] if s.capacity_share is not None else None,
        )
        for s in services
    ]
    return pd.concat(frames, ignore_index=True)
