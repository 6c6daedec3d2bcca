"""Totals of the Bedarf–Angebot table over all areas of a level (= the whole study region).

Coarser levels sum demand and supply of the lowest level, so the totals are the same at every
level. Ratios are computed from the sums, never averaged. No Streamlit, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class RegionTotals:
    """Residents of the target group, demanded places, places, facilities.

    ``supply`` is NaN when any area's supply is unknown (facilities without place counts).
    """

    population: float
    demand: float
    supply: float
    n_facilities: int

    @property
    def coverage_pct(self) -> float:
        """Supply ÷ demand × 100 (%); NaN without demand."""
        return self.supply / self.demand * 100 if self.demand else math.nan

    @property
    def gap(self) -> float:
        """Supply − demand (places; negative = places missing)."""
        return self.supply - self.demand


def region_totals(table: pd.DataFrame) -> RegionTotals:
    """Sums of ``population, demand, supply, n_facilities`` over the rows of ``table``.

    Examples
    --------
    Two areas: 100 + 50 children, quota 0,4 → 40 + 20 = 60 places demanded; 30 + 45 = 75
    places → coverage 125 %, surplus 15:

    >>> t = pd.DataFrame({"population": [100.0, 50.0], "demand": [40.0, 20.0],
    ...                   "supply": [30.0, 45.0], "n_facilities": [2, 3]})
    >>> r = region_totals(t)
    >>> r.demand, r.supply, r.n_facilities, r.coverage_pct, r.gap
    (60.0, 75.0, 5, 125.0, 15.0)
    """
    supply = float(table["supply"].sum()) if table["supply"].notna().all() else math.nan
    return RegionTotals(
        float(table["population"].sum()),
        float(table["demand"].sum()),
        supply,
        int(table["n_facilities"].sum()),
    )


def supply_change(table: pd.DataFrame, base: pd.DataFrame) -> float:
    """Change of the known supply (``supply`` summed, unknown left out) from ``base`` to ``table``.

    >>> supply_change(pd.DataFrame({"supply": [10.0, 40.5]}), pd.DataFrame({"supply": [10.0, 10.0]}))
    30.5
    """
    return float(table["supply"].sum() - base["supply"].sum())
