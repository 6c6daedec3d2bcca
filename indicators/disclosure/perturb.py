"""The cell-key plan of the public copy: perturbed counts instead of suppressed ones.

Pure functions. :func:`plan_cellkey` perturbs every count cell of the internal tables with the
cell-key method (:mod:`indicators.disclosure.cellkey`): population counts, count indicators and
the numerators of person rates. Zeros stay zero; the cells of the top level of each area
system (the official totals, e.g. the whole city) stay unchanged; an estimate moved between
area systems is recomputed from the perturbed inputs with the crosswalk weights (else its
inputs and the public weights would give the originals back); a count indicator equal to a
population cell (``population_links``) shares that cell's key and hence its noise; a rate with
a perturbed numerator is recomputed from the perturbed numerator and, where ``disclosure.yaml``
names it, the perturbed denominator. Derived rates are recomputed by the build from the
perturbed tables. :func:`audit_cellkey` attacks the result (:func:`attack.attack_boxes`).

Example: residents 20 of a city P with parts A (2) and B (18): the city total stays, the parts
get noise from the table (which noise depends on the secret key).

>>> pop = pd.DataFrame({"area_id": ["P", "A", "B"], "period": "2024", "sex": "all",
...                     "age_from": 0, "age_to": None, "count": [20.0, 2.0, 18.0]})
>>> areas = pd.DataFrame({"area_id": ["P", "A", "B"], "parent_id": [None, "P", "P"]})
>>> no_values = pd.DataFrame(columns=["indicator_id", "area_id", "period", "value",
...                                   "numerator", "denominator"])
>>> catalogue = pd.DataFrame(columns=["indicator_id", "aggregation", "count_threshold",
...                                   "min_denominator", "derived"])
>>> plan = plan_cellkey(pop, no_values, areas, catalogue, DisclosureSettings(),
...                     make_ptable(2, 1.0), b"secret")
>>> float(plan.population["count"][0]), bool(abs(plan.population["count"][1] - 2) <= 2)
(20.0, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.disclosure.attack import AttackReport, attack_boxes
from indicators.disclosure.cellkey import cell_keys, original_bounds, perturb
from indicators.disclosure.cellkey import make_ptable as make_ptable  # re-export for doctest
from indicators.disclosure.groups import combine_groups
from indicators.disclosure.plan import (
    DisclosureSettings,
    _all_groups,
    _estimated,
    _population_cells,
    _rate_cells,
    _rate_rules,
    _value_cells,
    crosswalk_groups,
)


@dataclass(frozen=True)
class CellKeyPlan:
    """Perturbed copies of the population and value tables plus the audit's inputs."""

    population: pd.DataFrame
    values: pd.DataFrame
    stats: dict[str, float]
    cells: pd.DataFrame  # cell_id, value (true), published, lo, hi, primary, integer
    groups: pd.DataFrame


def _age(x: object) -> str:
    return "" if x is None or bool(pd.isna(x)) else str(int(float(str(x))))  # type: ignore[call-overload]


def _pop_identity(area: str, period: str, sex: str, lo: object, hi: object) -> str:
    return f"P|{area}|{period}|{sex}|{_age(lo)}|{_age(hi)}"


def plan_cellkey(
    pop: pd.DataFrame,
    vals: pd.DataFrame,
    areas: pd.DataFrame,
    catalogue: pd.DataFrame,
    settings: DisclosureSettings,
    table: pd.DataFrame,
    secret: bytes,
    crosswalk: pd.DataFrame | None = None,
    rate_denominators: dict[str, str] | None = None,
) -> CellKeyPlan:
    """Perturb the count cells (see the module docstring); the inputs stay untouched."""
    pop, vals = pop.reset_index(drop=True), vals.reset_index(drop=True)
    parent = areas.set_index("area_id")["parent_id"]
    top = set(areas.loc[areas["parent_id"].isna(), "area_id"])
    pcells, sgroups = _population_cells(pop, settings.count_threshold)
    pcells["parent_id"] = pcells["area_id"].map(parent)
    vcells = _value_cells(vals, catalogue, settings, len(pcells))
    vcells["parent_id"] = vcells["area_id"].map(parent)
    rcells = _rate_cells(vals, catalogue, settings, len(pcells) + len(vcells))
    rcells["parent_id"] = rcells["area_id"].map(parent)
    n_pop = len(pop)

    # identities: one key per cell, shared by a count indicator and its population cell
    real = pcells.iloc[:n_pop]
    p_ids = [
        _pop_identity(a, p, s, lo, hi)
        for a, p, s, lo, hi in zip(
            real["area_id"],
            real["period"],
            real["sex"],
            real["age_from"],
            real["age_to"],
            strict=True,
        )
    ]
    linked = vcells["indicator_id"].map(
        {k: v for k, v in settings.population_links.items()}  # noqa: C416
    )
    v_ids = [
        _pop_identity(a, p, *link) if isinstance(link, tuple) else f"I|{ind}|{a}|{p}"
        for ind, a, p, link in zip(
            vcells["indicator_id"], vcells["area_id"], vcells["period"], linked, strict=True
        )
    ]
    r_ids = [
        f"N|{ind}|{a}|{p}"
        for ind, a, p in zip(
            rcells["indicator_id"], rcells["area_id"], rcells["period"], strict=True
        )
    ]
    keys = cell_keys([*p_ids, *v_ids, *r_ids], secret)
    p_key, v_key, r_key = np.split(keys, [len(p_ids), len(p_ids) + len(v_ids)])

    def _perturbable(frame: pd.DataFrame) -> np.ndarray:
        return (~frame["area_id"].isin(top) & ~_estimated(frame)).to_numpy(dtype=bool)

    # population
    p_true = real["value"].to_numpy(dtype="float64")
    p_pub = p_true.copy()
    ok = _perturbable(real)
    p_pub[ok] = perturb(p_true[ok], p_key[ok], table)
    # estimates: recomputed from the perturbed inputs (else perturbed with their own key)
    if crosswalk is not None and len(crosswalk):
        cw = crosswalk_groups(pcells.iloc[:n_pop], crosswalk)
        if len(cw):
            heads = cw[cw["is_total"]]["cell_id"].to_numpy(dtype=np.int64)
            parts = cw[~cw["is_total"]]
            est = (
                pd.Series(
                    p_pub[parts["cell_id"].to_numpy(dtype=np.int64)] * parts["coef"].to_numpy(),
                    index=parts["group_id"].to_numpy(),
                )
                .groupby(level=0)
                .sum()
            )
            p_pub[heads] = est.reindex(heads).to_numpy()
            done = np.zeros(n_pop, dtype=bool)
            done[heads] = True
            rest = (
                _estimated(real).to_numpy(dtype=bool)
                & ~done
                & ~real["area_id"].isin(top).to_numpy()
            )
            p_pub[rest] = perturb(p_true[rest], p_key[rest], table)
    new_pop = pop.copy()
    new_pop["count"] = p_pub

    # count indicators
    v_true = vcells["value"].to_numpy(dtype="float64")
    v_pub = v_true.copy()
    ok_v = _perturbable(vcells)
    v_pub[ok_v] = perturb(v_true[ok_v], v_key[ok_v], table)
    new_vals = vals.copy()
    value = new_vals["value"].to_numpy(dtype="float64").copy()
    value[vcells.index.to_numpy()] = v_pub

    # rates of persons: perturbed numerator over the (perturbed, where named) denominator
    r_true = rcells["value"].to_numpy(dtype="float64")
    r_pub = r_true.copy()
    ok_r = _perturbable(rcells)
    r_pub[ok_r] = perturb(r_true[ok_r], r_key[ok_r], table)
    den = rcells["denominator"].astype("float64").to_numpy().copy()
    for rate, den_ind in (rate_denominators or {}).items():
        sel = (rcells["indicator_id"] == rate).to_numpy()
        if not sel.any():
            continue
        src = vcells[vcells["indicator_id"] == den_ind]
        den_pub = v_pub[vcells.index.get_indexer(src.index)]
        look = dict(zip(zip(src["area_id"], src["period"], strict=True), den_pub, strict=True))
        sub = rcells[sel]
        new = [look.get(k, np.nan) for k in zip(sub["area_id"], sub["period"], strict=True)]
        den[sel] = np.where(np.isnan(new), den[sel], new)
    scale = catalogue.set_index("indicator_id")["scale"] if "scale" in catalogue.columns else None
    factor = (
        rcells["indicator_id"].map(scale).astype("float64").to_numpy()
        if scale is not None
        else np.ones(len(rcells))
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_pub = np.where(den > 0, r_pub / den * factor, np.nan)
    changed_rate = ok_r & (r_pub != r_true)
    value[rcells.index.to_numpy()[changed_rate]] = rate_pub[changed_rate]
    new_vals["value"] = value
    _, strip = _rate_rules(vals, catalogue, settings)
    new_vals.loc[strip, ["numerator", "denominator"]] = np.nan

    # audit inputs: true values, what the attacker knows (boxes), the relations
    implicit = pcells.iloc[n_pop:]
    cells = pd.concat(
        [
            pd.DataFrame(
                {
                    "cell_id": real["cell_id"],
                    "value": p_true,
                    "published": p_pub,
                    "perturbed": ok,
                    "integer": True,
                }
            ),
            pd.DataFrame(
                {
                    "cell_id": implicit["cell_id"],
                    "value": implicit["value"],
                    "published": np.nan,
                    "perturbed": False,
                    "integer": True,
                }
            ),
            pd.DataFrame(
                {
                    "cell_id": vcells["cell_id"],
                    "value": v_true,
                    "published": v_pub,
                    "perturbed": ok_v,
                    "integer": True,
                }
            ),
            pd.DataFrame(
                {
                    "cell_id": rcells["cell_id"],
                    "value": r_true,
                    "published": r_pub,
                    "perturbed": ok_r,
                    "integer": False,
                }
            ),
        ],
        ignore_index=True,
    )
    pert = cells["perturbed"].to_numpy(dtype=bool)
    pub = cells["published"].to_numpy(dtype="float64")
    lo, hi = pub.copy(), pub.copy()  # unchanged cells are known exactly
    b_lo, b_hi = original_bounds(pub[pert], table, cells["integer"].to_numpy(dtype=bool)[pert])
    lo[pert], hi[pert] = b_lo, b_hi
    free = np.isnan(pub)  # not published (implicit cells)
    is_est = np.zeros(len(cells), dtype=bool)
    is_est[:n_pop] = _estimated(real).to_numpy(dtype=bool)
    free |= is_est  # estimates: related to their inputs by the crosswalk relation below
    lo[free], hi[free] = 0.0, np.inf
    true = cells["value"].to_numpy(dtype="float64")
    cells["lo"], cells["hi"] = lo, hi
    # targets: the small originals, 1 … the protection range (and below the count threshold)
    small = (true < settings.count_threshold) | (true <= settings.protection_range)
    cells["primary"] = pert & (true > 0) & small
    cells.loc[free, "primary"] = False
    groups = _all_groups(pcells, vcells, sgroups, settings, rcells)
    if crosswalk is not None and len(crosswalk):
        cw = crosswalk_groups(pcells.iloc[:n_pop], crosswalk)
        groups = combine_groups(groups, cw.assign(kind="Gebietssysteme (Umschlüsselung)"))
    changed = pert & (pub != true)
    n_cells = int(pert.sum() + (~pert & ~free).sum())
    stats: dict[str, float] = {
        "cells": n_cells,
        "perturbed_cells": int(pert.sum()),
        "changed_cells": int(changed.sum()),
        "share_changed": round(float(changed.sum()) / max(n_cells, 1), 6),
        "mean_abs_change": round(
            float(np.abs(pub[pert] - true[pert]).mean()) if pert.any() else 0.0, 4
        ),
        "mean_abs_change_changed": round(
            float(np.abs(pub[changed] - true[changed]).mean()) if changed.any() else 0.0, 4
        ),
        "small_published_as_zero": int((pert & (true > 0) & (pub == 0)).sum()),
    }
    return CellKeyPlan(new_pop, new_vals, stats, cells, groups)


def audit_cellkey(plan: CellKeyPlan, settings: DisclosureSettings) -> AttackReport:
    """Attack the perturbed cells: can a small original count be recovered exactly?"""
    return attack_boxes(plan.cells, plan.groups, settings.protection_range)
