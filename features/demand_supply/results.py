"""The numbers of one view of "Bedarf und Angebot": areas of the level, balance and access.

The stored facilities are computed once per setting (cached in ``basis.outcome``); a what-if
scenario is computed anew on top and compared with them area by area.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from components.focus import Focus
from features.demand_supply import basis as b
from features.demand_supply import cache as d
from features.demand_supply.context import DemandView
from features.demand_supply.scenario import Scenario
from indicators.access.model import Outcome, compute, scenario_change


@dataclass(frozen=True, eq=False)
class Areas:
    """The areas of the chosen level and how the lowest level maps onto them."""

    hierarchy: pd.DataFrame
    at_level: pd.DataFrame
    names: pd.Series
    leaf_map: pd.Series
    #: the part of the Kommune the tables are narrowed to (sidebar "Fokus"), else None
    focus: Focus | None = None


@dataclass(frozen=True, eq=False)
class Result:
    """Outcome without scenario (``base``), with it (``out``), and the table shown.

    With an active scenario ``table`` has ``gap_change`` and ``acc_gap_change``.
    """

    base: Outcome
    out: Outcome
    table: pd.DataFrame
    scenario: bool


def areas_of(view: DemandView) -> Areas:
    hier = d.hierarchy(view.system)
    at_level = hier[hier["level"] == view.level]
    names = at_level.set_index("area_id")["name"]
    return Areas(hier, at_level, names, d.leaf_to_level(view.system, view.level))


def narrow(res: Result, areas: Areas, focus: Focus | None, level: str) -> tuple[Result, Areas]:
    """Result and areas restricted to the areas of ``level`` in the focus (unchanged without).

    The model is computed for the whole Kommune (catchments cross every border); only what
    is shown and exported – headline figures, ranking, table – is narrowed.
    """
    if focus is None:
        return res, areas
    ids = focus.ids_at(level)

    def keep(t: pd.DataFrame) -> pd.DataFrame:
        return t[t["area_id"].isin(ids)]

    base, out = (
        replace(res.base, table=keep(res.base.table)),
        replace(res.out, table=keep(res.out.table)),
    )
    at_level = areas.at_level[areas.at_level["area_id"].isin(ids)]
    names = areas.names[areas.names.index.isin(ids)]
    return (
        Result(base, out, keep(res.table), res.scenario),
        Areas(areas.hierarchy, at_level, names, areas.leaf_map, focus),
    )


def compute_result(view: DemandView, scen: Scenario, areas: Areas) -> Result:
    """Balance and E2SFCA of the view, with the scenario if there is one."""
    base = b.outcome(
        view.system, view.level, view.service.id, view.snapshot, view.basis.key, view.numbers,
        view.mode,
    )  # fmt: skip
    if not scen.active:
        return Result(base, base, base.table, False)  # shared and read-only (``b.outcome``)
    pop = b.population(view.system, view.bands, view.basis.key)
    dist = d.straight_distances(view.system, view.service.service_type, view.snapshot)
    quota = view.numbers[0]
    share = b.capacity_share(view.system, view.basis.key, view.service.id, quota, view.mode)
    out = compute(
        pop, scen.facilities, d.centroids(view.system), areas.leaf_map, view.settings, dist, share
    )
    return Result(base, out, scenario_change(out.table, base.table), True)
