"""Residents of an age range from the stored age bands (for derived indicators).

A package may publish overlapping bands (0–6, 6–15, 0–18, 95 and over …); an age range is
summed from the fewest bands that tile it exactly, or left missing when none do.
"""

from __future__ import annotations

import pandas as pd

from data_layer.build.hierarchy_sums import combined_flags

#: A band whose upper bound is at least this counts as open-ended (e.g. "95 bis 110").
OPEN_END_AGE = 105


def band_tiling(
    bands: list[tuple[int, float]], lo: int, hi: float
) -> list[tuple[int, float]] | None:
    """Bands that exactly cover ages [lo, hi) (hi = inf: open end), fewest first.

    >>> band_tiling([(0, 6.0), (6, 15.0), (0, float("inf"))], 0, 15.0)
    [(0, 6.0), (6, 15.0)]
    >>> band_tiling([(0, 6.0)], 0, 10.0) is None
    True
    """

    def end(b: tuple[int, float]) -> float:
        return float("inf") if b[1] >= OPEN_END_AGE else b[1]

    chosen: list[tuple[int, float]] = []
    cur: float = lo
    while cur < hi:
        options = [b for b in bands if b[0] == cur and end(b) <= hi]
        if not options:
            return None
        best = max(options, key=end)
        chosen.append(best)
        cur = end(best)
    return chosen


def population_band(pop: pd.DataFrame, sex: str, lo: int, hi: float | None) -> pd.DataFrame:
    """Residents of [lo, hi) per (area_id, period); NaN where bands are incomplete."""
    upper = float("inf") if hi is None else float(hi)
    sub = pop[pop["sex"] == sex]
    parts = []
    for period, grp in sub.groupby("period", sort=False):
        age_to = grp["age_to"].fillna(float("inf"))
        bands = sorted(set(zip(grp["age_from"].astype(int), age_to.astype(float), strict=True)))
        tiling = band_tiling(bands, lo, upper)
        if tiling is None:
            continue
        keys = pd.MultiIndex.from_arrays([grp["age_from"].astype(int), age_to.astype(float)])
        sel = grp[keys.isin(tiling)]
        g = sel.groupby("area_id", sort=False)
        s = g["count"].sum(min_count=len(tiling))
        complete = g["count"].count() == len(tiling)
        flag = combined_flags(sel, ["area_id"])
        parts.append(
            pd.DataFrame(
                {
                    "area_id": s.index,
                    "period": period,
                    "count": s.where(complete).to_numpy(),
                    "flag": flag,
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=["area_id", "period", "count", "flag"])
    return pd.concat(parts, ignore_index=True)
