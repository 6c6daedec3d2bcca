"""The disclosure plan of the public copy: which population and value rows to hide.

Pure functions (frames in, masks out). :func:`plan_suppression` turns the internal tables into
cells and groups (:mod:`indicators.disclosure.groups`), runs :func:`~indicators.disclosure.rules.suppress`
and adds the rate rules; :func:`apply_plan` applies the plan to the tables. Reading the store
and writing the copy is the build's job (``data_layer.build.public_build``).

Example: a parent of 20 residents with children of 2 and 18. The 2 is primary; the 18 is
suppressed as well, otherwise 20 − 18 would reveal it.

>>> pop = pd.DataFrame({"area_id": ["P", "A", "B"], "period": "2024", "sex": "all",
...                     "age_from": 0, "age_to": None, "count": [20.0, 2.0, 18.0]})
>>> areas = pd.DataFrame({"area_id": ["P", "A", "B"], "parent_id": [None, "P", "P"]})
>>> no_values = pd.DataFrame(columns=["indicator_id", "area_id", "period", "value",
...                                   "numerator", "denominator"])
>>> catalogue = pd.DataFrame(columns=["indicator_id", "aggregation", "count_threshold",
...                                   "min_denominator", "derived"])
>>> plan = plan_suppression(pop, no_values, areas, catalogue, DisclosureSettings())
>>> plan.population.tolist()
[False, True, True]
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from indicators.disclosure.attack import AttackReport, attack
from indicators.disclosure.groups import band_groups, combine_groups, hierarchy_groups, sex_groups
from indicators.disclosure.rules import primary_counts, primary_rates, suppress

#: One side of a derived rate: a population band, a count indicator or a public constant (None).
RateTerm = tuple[str, str, int, float | None] | tuple[str, str] | None


class UnprotectedError(ValueError):
    """Some group could not be protected (no visible cell left to suppress)."""


@dataclass(frozen=True)
class DisclosureSettings:
    """Global disclosure settings (data/parameters/disclosure.yaml)."""

    count_threshold: float = 3.0
    min_denominator: float = 300.0
    flag_reason: str = "Geheimhaltung / zu geringe Fallzahl"
    population_links: dict[str, tuple[str, int, float | None]] = field(default_factory=dict)
    relations: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: catalogue units that mean a count of persons: the count threshold applies to such an
    #: indicator whatever its ``aggregation`` (disclosure.yaml ``person_units``)
    person_units: tuple[str, ...] = ("Personen",)
    #: minimal width of a secret cell's feasible interval (attack audit; disclosure.yaml
    #: ``protection_range``)
    protection_range: float = 3.0
    #: derived rates: indicator -> (numerator term, denominator term), each
    #: ``("population", sex, age_from, age_to)``, ``("indicator", id)`` or ``None`` (a public
    #: constant such as the area or facility places); built from the derived definitions
    rate_links: dict[str, tuple[RateTerm, RateTerm]] = field(default_factory=dict)
    raw: str = "{}"  # canonical JSON of the file content (for the data version)


def person_counts(catalogue: pd.DataFrame, settings: DisclosureSettings) -> pd.Series:
    """Per catalogue row: is it a count of persons (``aggregation: sum`` or a person unit)?

    >>> cat = pd.DataFrame({"aggregation": ["sum", "none", "none", "ratio"],
    ...                     "unit": ["Wohnungen", "Personen", "%", "Personen"]})
    >>> person_counts(cat, DisclosureSettings()).tolist()
    [True, True, False, True]
    """
    units = {u.strip().casefold() for u in settings.person_units}
    unit = catalogue["unit"] if "unit" in catalogue.columns else pd.Series("", catalogue.index)
    is_person = unit.fillna("").astype(str).str.strip().str.casefold().isin(units)
    return catalogue["aggregation"].eq("sum") | is_person


# --------------------------------------------------------------------------- cells and groups


def _population_cells(pop: pd.DataFrame, threshold: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Population rows as cells (ids 0..n-1) plus implicit m/f cells, and the m + f = all groups."""
    cells = pop.assign(
        cell_id=np.arange(len(pop), dtype=np.int64),
        value=pop["count"].astype("float64"),
        primary=(primary_counts(pop["count"], threshold) & ~_estimated(pop)).to_numpy(),
        published=pop["count"].notna().to_numpy(),
        age_key=pop["age_to"].astype("float64").fillna(-1.0),
    )
    cells["sex_key"] = cells.groupby(["area_id", "period", "age_from", "age_key"]).ngroup()
    implicit, sgroups = sex_groups(cells.rename(columns={"sex_key": "key"}), len(cells), threshold)
    implicit = implicit.rename(columns={"key": "sex_key"})
    cells = pd.concat([cells, implicit], ignore_index=True)
    cells["primary"] = cells["primary"].astype(bool) & ~_estimated(cells)
    cells["hier_key"] = cells.groupby(["period", "sex", "age_from", "age_key"]).ngroup()
    cells["band_key"] = cells.groupby(["area_id", "period", "sex"]).ngroup()
    return cells, sgroups


def _value_cells(
    vals: pd.DataFrame, catalogue: pd.DataFrame, settings: DisclosureSettings, first_id: int
) -> pd.DataFrame:
    """Count-indicator values that take part in suppression, as cells."""
    cat = catalogue.set_index("indicator_id")
    related = set(settings.population_links)
    for total, parts in settings.relations:
        related |= {total, *parts}
    is_count = person_counts(cat, settings) & cat["count_threshold"].gt(0)
    ids = set(cat.index[is_count]) | (related & set(cat.index))
    sub = vals[vals["indicator_id"].isin(sorted(ids))].copy()
    threshold = sub["indicator_id"].map(cat["count_threshold"]).astype("float64")
    v = sub["value"].astype("float64")
    sub["cell_id"] = np.arange(first_id, first_id + len(sub), dtype=np.int64)
    sub["primary"] = ((v > 0) & (v < threshold) & ~_estimated(sub)).to_numpy()
    sub["published"] = v.notna().to_numpy()
    sub["hier_key"] = sub.groupby(["indicator_id", "period"]).ngroup()
    sub["summable"] = sub["indicator_id"].map(cat["aggregation"]).eq("sum").to_numpy()
    return sub.assign(value=v)


def _rate_cells(
    vals: pd.DataFrame, catalogue: pd.DataFrame, settings: DisclosureSettings, first_id: int
) -> pd.DataFrame:
    """Numerators of non-derived person rates (``count_threshold`` > 0), as cells.

    The attacker is assumed to know every rate's denominator (worst case: it is published,
    e.g. the residents as a count indicator), so a published rate is its numerator
    (rate × denominator ÷ scale): the cell counts as published exactly when the rate is.
    Hiding the cell hides the rate. Numerators of ``ratio`` rates are summed over the area
    hierarchy (a parent's numerator is the sum of its children's), which gives the
    hierarchy groups of :func:`_all_groups`. Rows without a numerator take no part.
    """
    cat = catalogue.set_index("indicator_id")
    counts = person_counts(cat, settings)
    t = cat["count_threshold"].astype("float64")
    derived = cat["derived"].astype(bool)
    ids = cat.index[~counts & ~derived & (t > 0)]
    v = vals["value"].astype("float64")
    num = vals["numerator"].astype("float64")
    sub = vals[vals["indicator_id"].isin(list(ids)) & v.notna() & num.notna()].copy()
    sub["value"] = sub["numerator"].astype("float64")
    threshold = sub["indicator_id"].map(t).astype("float64")
    sub["cell_id"] = np.arange(first_id, first_id + len(sub), dtype=np.int64)
    sub["primary"] = ((sub["value"] > 0) & (sub["value"] < threshold)).to_numpy(dtype=bool)
    sub["published"] = True
    sub["hier_key"] = sub.groupby(["indicator_id", "period"]).ngroup()
    sub["summable"] = sub["indicator_id"].map(cat["aggregation"]).eq("ratio").to_numpy()
    return sub


def _term_cells(
    term: RateTerm, rows: pd.DataFrame, pcells: pd.DataFrame, vcells: pd.DataFrame
) -> pd.Series:
    """Cell id per rate row for one side of a derived rate (missing where no single cell)."""
    if term is None:
        return pd.Series(np.nan, index=rows.index)
    if term[0] == "indicator":
        cand = vcells.loc[vcells["indicator_id"] == term[1], ["area_id", "period", "cell_id"]]
    else:
        _, sex, lo, hi = term  # type: ignore[misc]
        band = pcells["sex"].eq(sex) & pcells["age_from"].eq(lo)
        age_to = pcells["age_to"].astype("float64")
        band &= age_to.isna() if hi is None else age_to.eq(hi)
        cand = pcells.loc[band & pcells["published"].astype(bool), ["area_id", "period", "cell_id"]]
    cand = cand.drop_duplicates(["area_id", "period"])
    m = rows[["area_id", "period"]].merge(cand, on=["area_id", "period"], how="left")
    return pd.Series(m["cell_id"].to_numpy(dtype="float64"), index=rows.index)


def derived_rate_relations(
    vals: pd.DataFrame,
    catalogue: pd.DataFrame,
    settings: DisclosureSettings,
    pcells: pd.DataFrame,
    vcells: pd.DataFrame,
    hidden: npt.NDArray[np.bool_],
    first_id: int,
) -> tuple[npt.NDArray[np.bool_], pd.DataFrame, pd.DataFrame]:
    """Derived rates: hide those on a hidden cell; relations rate × denominator for the rest.

    A derived rate ``r = scale × num ÷ den`` gives the linear relation
    ``scale × num − r × den = 0`` between its numerator and denominator cells (a public
    constant side, such as the area, becomes a known cell with the row's value). A rate one of
    whose cells is hidden is hidden too: published, it would reveal the hidden cell from the
    other one. Sides that are no single cell (an age band made of several bands) are left to
    the build's recomputation of derived values on the public tables.

    Returns (mask of value rows to hide, constant cells, relation groups with ``coef``).
    """
    mask = np.zeros(len(vals), dtype=bool)
    scale = catalogue["scale"] if "scale" in catalogue.columns else 1.0
    scale_of = dict(
        zip(
            catalogue["indicator_id"],
            pd.Series(scale, catalogue.index).astype("float64"),
            strict=True,
        )
    )
    consts: list[pd.DataFrame] = []
    groups: list[pd.DataFrame] = []
    next_id = first_id
    for ind, (num_t, den_t) in settings.rate_links.items():
        if ind not in scale_of:
            continue
        rows = vals[(vals["indicator_id"] == ind) & vals["value"].notna()]
        if rows.empty:
            continue
        num_c = _term_cells(num_t, rows, pcells, vcells)
        den_c = _term_cells(den_t, rows, pcells, vcells)
        if num_t is None and den_t is None:
            continue
        ok = (num_c.notna() | (num_t is None)) & (den_c.notna() | (den_t is None))
        rows, num_c, den_c = rows[ok], num_c[ok], den_c[ok]
        if rows.empty:
            continue
        hid = np.zeros(len(rows), dtype=bool)
        for side in (num_c, den_c):
            have = side.notna().to_numpy()
            hid[have] |= hidden[side[have].to_numpy(dtype=np.int64)]
        mask[vals.index.get_indexer(rows.index[hid])] = True
        rows, num_c, den_c = rows[~hid], num_c[~hid], den_c[~hid]
        n = len(rows)
        if n == 0:
            continue
        gid = np.arange(next_id, next_id + n, dtype=np.int64)
        next_id += n
        sides = []
        for side, col, coef in (
            (num_c, "numerator", np.full(n, scale_of[ind])),
            (den_c, "denominator", -rows["value"].astype("float64").to_numpy()),
        ):
            if side.isna().all():  # public constant: a known cell with the row's value
                ids = np.arange(next_id, next_id + n, dtype=np.int64)
                next_id += n
                consts.append(
                    pd.DataFrame(
                        {
                            "cell_id": ids,
                            "value": rows[col].astype("float64").to_numpy(),
                            "primary": False,
                            "published": True,
                            "hidden": False,
                        }
                    )
                )
            else:
                ids = side.to_numpy(dtype=np.int64)
            sides.append(pd.DataFrame({"group_id": gid, "cell_id": ids, "coef": coef}))
        groups.append(pd.concat(sides, ignore_index=True).assign(is_total=False))
    const = pd.concat(consts, ignore_index=True) if consts else pd.DataFrame(columns=_CELL_COLS)
    rel = (
        pd.concat(groups, ignore_index=True)
        if groups
        else pd.DataFrame(columns=["group_id", "cell_id", "coef", "is_total"])
    )
    return mask, const, rel.assign(kind="Quote × Nenner (abgeleitete Quoten)")


def _estimated(frame: pd.DataFrame) -> pd.Series:
    """Rows estimated from other cells (e.g. moved between area systems by weights).

    An estimate is no secret of its own: it is computed from its inputs, so it inherits their
    secrecy through the crosswalk relations (:func:`crosswalk_groups`) instead of being
    suppressed as a small count (which would hide nothing, the inputs and weights being public).
    """
    if "flag" not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame["flag"].eq("estimated")


def crosswalk_groups(pcells: pd.DataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    """Relations estimate = sum(weight * input) for population cells estimated by a crosswalk.

    ``pcells`` needs ``cell_id``, ``area_id``, ``period``, ``sex``, ``age_from``, ``age_key``,
    ``published``, ``flag``; ``crosswalk`` ``from_area``, ``to_area``, ``weight``. A relation is
    made only where every input cell exists (same period, sex and age band).

    >>> pc = pd.DataFrame({"cell_id": [0, 1, 2], "area_id": ["a", "b", "x"], "period": "2015",
    ...     "sex": "all", "age_from": 0, "age_key": -1.0, "published": True,
    ...     "flag": ["observed", "observed", "estimated"]})
    >>> cw = pd.DataFrame({"from_area": ["a", "b"], "to_area": "x", "weight": [0.5, 0.25]})
    >>> crosswalk_groups(pc, cw).to_dict("list")["coef"]
    [-1.0, 0.5, 0.25]
    """
    cols = ["group_id", "cell_id", "is_total", "coef"]
    if crosswalk.empty or "flag" not in pcells.columns:
        return pd.DataFrame(columns=cols)
    key = ["period", "sex", "age_from", "age_key"]
    est = pcells.loc[
        pcells["flag"].eq("estimated") & pcells["published"], ["cell_id", "area_id", *key]
    ]
    m = est.merge(crosswalk, left_on="area_id", right_on="to_area")
    src = pcells.loc[pcells["published"], ["cell_id", "area_id", *key]]
    m = m.merge(
        src,
        left_on=["from_area", *key],
        right_on=["area_id", *key],
        how="left",
        suffixes=("", "_in"),
    )
    complete = m.groupby("cell_id")["cell_id_in"].transform(lambda s: s.notna().all())
    m = m[complete.astype(bool)]
    heads = pd.DataFrame({"group_id": m["cell_id"].unique()})
    heads = heads.assign(cell_id=heads["group_id"], is_total=True, coef=-1.0)
    parts = pd.DataFrame(
        {
            "group_id": m["cell_id"].to_numpy(),
            "cell_id": m["cell_id_in"].astype(np.int64).to_numpy(),
            "is_total": False,
            "coef": m["weight"].astype("float64").to_numpy(),
        }
    )
    out = pd.concat([heads, parts], ignore_index=True)
    return out.sort_values(["group_id", "is_total"], ascending=[True, False], kind="stable")[
        cols
    ].reset_index(drop=True)


def link_groups(
    pcells: pd.DataFrame, vcells: pd.DataFrame, settings: DisclosureSettings
) -> list[pd.DataFrame]:
    """Equalities (count indicator = population cell) and additive relations between indicators.

    Parameters
    ----------
    pcells : DataFrame
        Population cells: ``cell_id``, ``area_id``, ``period``, ``sex``, ``age_from``,
        ``age_to``, ``published``.
    vcells : DataFrame
        Value cells: ``cell_id``, ``indicator_id``, ``area_id``, ``period``.
    settings : DisclosureSettings
        ``population_links`` (indicator → sex, age from, age to) and ``relations``
        (total indicator, part indicators).

    Returns
    -------
    list of DataFrame
        One group frame (``group_id``, ``cell_id``, ``is_total``) per link and per relation;
        a group's id is its total's cell id. A relation with an indicator that has no cell
        at all gives no frame.
    """
    out = []
    age_to = pcells["age_to"].astype("float64")
    for ind, (sex, lo, hi) in settings.population_links.items():
        band = pcells["sex"].eq(sex) & pcells["age_from"].eq(lo)
        band &= age_to.isna() if hi is None else age_to.eq(hi)
        left = pcells.loc[band & pcells["published"], ["area_id", "period", "cell_id"]]
        right = vcells.loc[vcells["indicator_id"] == ind, ["area_id", "period", "cell_id"]]
        m = left.merge(right, on=["area_id", "period"], suffixes=("_t", "_m"))
        out.append(_pairs_to_groups(m["cell_id_t"], [m["cell_id_m"]]))
    for total, parts in settings.relations:
        wide = vcells[vcells["indicator_id"].isin([total, *parts])].pivot_table(
            index=["area_id", "period"], columns="indicator_id", values="cell_id", aggfunc="first"
        )
        if not set([total, *parts]) <= set(wide.columns):
            continue
        wide = wide.dropna(subset=[total, *parts]).astype(np.int64)
        out.append(_pairs_to_groups(wide[total], [wide[p] for p in parts]))
    return out


def _pairs_to_groups(total: pd.Series, members: list[pd.Series]) -> pd.DataFrame:
    gid = np.asarray(total, dtype=np.int64)
    frames = [pd.DataFrame({"group_id": gid, "cell_id": gid, "is_total": True})]
    frames += [
        pd.DataFrame({"group_id": gid, "cell_id": np.asarray(m, dtype=np.int64), "is_total": False})
        for m in members
    ]
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class SuppressionPlan:
    """Which rows of the internal population and value tables the public copy hides."""

    population: np.ndarray  # bool per population row: count suppressed
    values: np.ndarray  # bool per value row: value, numerator, denominator suppressed
    strip_parts: np.ndarray  # bool per value row: numerator and denominator removed
    stats: dict[str, int]
    #: the cells (``cell_id``, ``value``, ``primary``, ``published``, ``hidden``, ``source``:
    #: population, count, rate numerator or constant) and groups
    #: of the plan, for the attack audit (:func:`audit_plan`)
    cells: pd.DataFrame = field(default_factory=pd.DataFrame)
    groups: pd.DataFrame = field(default_factory=pd.DataFrame)


_CELL_COLS = ["cell_id", "value", "primary", "published", "proxy"]


def plan_suppression(
    pop: pd.DataFrame,
    vals: pd.DataFrame,
    areas: pd.DataFrame,
    catalogue: pd.DataFrame,
    settings: DisclosureSettings,
    crosswalk: pd.DataFrame | None = None,
) -> SuppressionPlan:
    """Primary and secondary suppression of counts, then the rate rules (not yet derived rates).

    Parameters
    ----------
    pop : DataFrame
        Population rows: ``area_id``, ``period``, ``sex``, ``age_from``, ``age_to`` (missing =
        open end), ``count`` (persons).
    vals : DataFrame
        Indicator values: ``indicator_id``, ``area_id``, ``period``, ``value``, ``numerator``,
        ``denominator``.
    areas : DataFrame
        ``area_id``, ``parent_id`` (missing at the top).
    catalogue : DataFrame
        ``indicator_id``, ``aggregation`` (``sum`` = count), ``count_threshold``,
        ``min_denominator``, ``derived``, optional ``unit`` (a person unit = count, whatever
        the aggregation; see :func:`person_counts`).
    settings : DisclosureSettings
        Threshold, population links and additive relations.

    Returns
    -------
    SuppressionPlan
        Boolean masks in the row order of ``pop`` and ``vals`` plus counts for the log.
        :class:`UnprotectedError` if a group cannot be protected.
    """
    pop, vals = pop.reset_index(drop=True), vals.reset_index(drop=True)
    parent = areas.set_index("area_id")["parent_id"]
    pcells, sgroups = _population_cells(pop, settings.count_threshold)
    pcells["parent_id"] = pcells["area_id"].map(parent)
    vcells = _value_cells(vals, catalogue, settings, len(pcells))
    vcells["parent_id"] = vcells["area_id"].map(parent)
    rate_mask, strip = _rate_rules(vals, catalogue, settings)
    rcells = _rate_cells(vals, catalogue, settings, len(pcells) + len(vcells))
    rcells["parent_id"] = rcells["area_id"].map(parent)
    # a rate hidden by the rate rules (small denominator) is a hidden numerator already
    rcells["primary"] = rcells["primary"].to_numpy(dtype=bool) | rate_mask[rcells.index.to_numpy()]
    cells = pd.concat(
        [
            pcells.reindex(columns=_CELL_COLS).assign(source="population"),
            vcells.reindex(columns=_CELL_COLS).assign(source="count"),
            rcells.reindex(columns=_CELL_COLS).assign(source="rate numerator"),
        ],
        ignore_index=True,
    )
    cells["published"] = cells["published"].astype(bool)
    cells["primary"] = cells["primary"].astype(bool)
    groups = _all_groups(pcells, vcells, sgroups, settings, rcells)
    if crosswalk is not None:
        cw = crosswalk_groups(pcells, crosswalk).assign(kind="Gebietssysteme (Umschlüsselung)")
        groups = combine_groups(groups, cw)
    result = suppress(cells, groups)
    if result.unresolved_groups:
        raise UnprotectedError("Geheimhaltung: einige Gruppen ließen sich nicht schützen.")
    hidden = np.zeros(len(cells), dtype=bool)
    hidden[_ids(result.suppressed)] = True
    val_mask = np.zeros(len(vals), dtype=bool)
    val_mask[vcells.index.to_numpy()] = hidden[vcells["cell_id"].to_numpy()]
    rate_hidden = np.zeros(len(vals), dtype=bool)
    rate_hidden[rcells.index.to_numpy()] = hidden[rcells["cell_id"].to_numpy()]
    derived_mask, const, rate_rel = derived_rate_relations(
        vals, catalogue, settings, pcells, vcells, hidden, len(cells)
    )
    n_pop, n_counts = len(pop), len(pcells) + len(vcells)
    prim, sec = _ids(result.primary), _ids(result.secondary)
    sec_rates = _secondary_rates(rcells, sec, len(vals))
    stats = {
        "primary_population": int((prim < n_pop).sum()),
        "secondary_population": int((sec < n_pop).sum()),
        "primary_values": int(((prim >= n_pop) & (prim < n_counts)).sum()),
        "secondary_values": int(((sec >= n_pop) & (sec < n_counts)).sum()),
        "rates_primary": int(((rate_mask | rate_hidden) & ~val_mask & ~sec_rates).sum()),
        "rates_secondary": int(sec_rates.sum()),
        "rates_derived": int(derived_mask.sum()),
        "rounds": result.rounds,
    }
    cells["hidden"] = hidden
    const = const.reindex(columns=cells.columns).assign(source="constant")
    audit_cells = pd.concat([cells, const], ignore_index=True)
    audit_cells["hidden"] = audit_cells["hidden"].astype(bool)
    audit_groups = combine_groups(groups, rate_rel) if len(rate_rel) else groups
    return SuppressionPlan(
        hidden[:n_pop],
        val_mask | rate_mask | rate_hidden | derived_mask,
        strip,
        stats,
        audit_cells,
        audit_groups,
    )


def _secondary_rates(
    rcells: pd.DataFrame, secondary: npt.NDArray[np.int64], n_rows: int
) -> npt.NDArray[np.bool_]:
    """Value rows whose rate is hidden as a secondary suppression of its numerator."""
    out = np.zeros(n_rows, dtype=bool)
    is_sec = rcells["cell_id"].isin(secondary).to_numpy()
    out[rcells.index.to_numpy()[is_sec]] = True
    return out


def audit_plan(plan: SuppressionPlan, settings: DisclosureSettings) -> AttackReport:
    """Attack the plan's published cells with all its relations (linear algebra and LP).

    The attacker sees every published cell that is not hidden; implicit cells (a sex only
    given as all − the other) are unknown. Primary cells are the targets.
    """
    cells = plan.cells.assign(known=plan.cells["published"] & ~plan.cells["hidden"])
    return attack(cells, plan.groups, settings.protection_range)


def _all_groups(
    pcells: pd.DataFrame,
    vcells: pd.DataFrame,
    sgroups: pd.DataFrame,
    settings: DisclosureSettings,
    rcells: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every additive relation among the cells: hierarchy, age bands, sexes, links, rates."""
    summable = vcells[vcells["summable"]]
    rates = rcells[rcells["summable"].astype(bool)] if rcells is not None else vcells.iloc[:0]
    return combine_groups(
        hierarchy_groups(pcells.rename(columns={"hier_key": "key"})).assign(
            kind="Gebietshierarchie"
        ),
        band_groups(pcells.rename(columns={"band_key": "key"})).assign(kind="Altersgruppen"),
        sgroups.assign(kind="Geschlecht"),
        hierarchy_groups(summable.rename(columns={"hier_key": "key"})).assign(
            kind="Gebietshierarchie (Indikatoren)"
        ),
        *(g.assign(kind="Indikatorbeziehungen") for g in link_groups(pcells, vcells, settings)),
        hierarchy_groups(rates.rename(columns={"hier_key": "key"})).assign(
            kind="Quote × Nenner (Zähler der Quoten, Gebietshierarchie)"
        ),
    )


def _ids(cell_ids: frozenset[Hashable]) -> npt.NDArray[np.int64]:
    """Integer cell ids (the plan numbers its cells 0..n-1)."""
    return np.fromiter((int(str(c)) for c in cell_ids), dtype=np.int64)


def _rate_rules(
    vals: pd.DataFrame, catalogue: pd.DataFrame, settings: DisclosureSettings
) -> tuple[np.ndarray, np.ndarray]:
    """Rates with a small denominator or numerator; published rates' parts to remove."""
    cat = catalogue.set_index("indicator_id")
    counts = vals["indicator_id"].map(person_counts(cat, settings)).fillna(False).astype(bool)
    t = vals["indicator_id"].map(cat["count_threshold"]).astype("float64")
    md = vals["indicator_id"].map(cat["min_denominator"]).astype("float64")
    derived = vals["indicator_id"].map(cat["derived"]).astype(bool)
    is_rate = ~counts
    # a derived rate is computed from the public tables: it is hidden only when one of its
    # inputs is (the build recomputes it), never as a rate of its own – it would hide nothing
    small = primary_rates(vals["numerator"], vals["denominator"], t, md) & is_rate & ~derived
    ruled = is_rate & ~derived & ((t > 0) | (md > 0))
    return small.to_numpy(dtype=bool), ruled.to_numpy(dtype=bool)


def apply_plan(
    population: pd.DataFrame, values: pd.DataFrame, plan: SuppressionPlan, reason: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Copies of the population and value tables with the plan's cells hidden.

    Hidden counts and values become missing with flag ``suppressed`` (values also get
    ``reason`` as ``flag_reason``); ``strip_parts`` rows lose numerator and denominator.
    """
    pop = population.copy()
    pop.loc[plan.population, "count"] = np.nan
    pop.loc[plan.population, "flag"] = "suppressed"
    vals = values.copy()
    vals.loc[plan.strip_parts, ["numerator", "denominator"]] = np.nan
    vals.loc[plan.values, ["value", "numerator", "denominator"]] = np.nan
    vals.loc[plan.values, "flag"] = "suppressed"
    vals.loc[plan.values, "flag_reason"] = reason
    return pop, vals
