"""Projection results summed to coarser areas (no streamlit, no I/O).

The projection runs on the finest level of the area system (the projected areas).
Coarser levels are sums of those areas: an *owner* Series maps every finest area to
its ancestor on the chosen level (:func:`ancestors`), and every table here groups by it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.projection.cohort import PLANNING_BANDS, ProjectionResult


def ancestors(tree: pd.DataFrame, level: str) -> pd.Series:
    """Map every area of the finest level to its ancestor on ``level`` (itself if finest).

    Parameters
    ----------
    tree
        ``area_id, level, level_rank, parent_id`` of one area system.
    level
        The level to sum to.

    Returns
    -------
    pandas.Series
        Index: area ids of the finest level; values: their ancestor's id (NaN if none).

    Examples
    --------
    >>> tree = pd.DataFrame({"area_id": ["L", "b1", "p1", "p2"],
    ...     "level": ["Land", "Bezirk", "PLR", "PLR"], "level_rank": [0, 1, 2, 2],
    ...     "parent_id": [None, "L", "b1", "b1"]})
    >>> ancestors(tree, "Bezirk").to_dict()
    {'p1': 'b1', 'p2': 'b1'}
    """
    finest = tree.loc[tree["level_rank"] == tree["level_rank"].max(), "area_id"]
    parent = tree.set_index("area_id")["parent_id"]
    lvl = tree.set_index("area_id")["level"]
    current = pd.Series(finest.to_numpy(), index=finest.to_numpy())
    for _ in range(int(tree["level_rank"].max()) + 1):
        done = current.map(lvl) == level
        if done.all():
            return current
        current = current.where(done, current.map(parent))
    return current.where(current.map(lvl) == level)


def _groups(result: ProjectionResult, owner: pd.Series) -> np.ndarray:
    """The owner of each projected area, in the order of ``result.area_ids``."""
    return owner.reindex(list(result.area_ids)).to_numpy()


def totals_by_area(result: ProjectionResult, owner: pd.Series) -> pd.DataFrame:
    """Persons per year (rows) and owning area (columns)."""
    totals = result.population.sum(axis=(2, 3))
    frame = pd.DataFrame(totals.T, index=_groups(result, owner), columns=list(result.years))
    return frame.groupby(level=0).sum().T


def long_totals(totals: pd.DataFrame) -> pd.DataFrame:
    """The wide table of :func:`totals_by_area` as long rows ``year, area_id, persons``.

    >>> long_totals(pd.DataFrame({"X": [1.0, 2.0]}, index=[2024, 2025])).values.tolist()
    [[2024, 'X', 1.0], [2025, 'X', 2.0]]
    """
    return _long(totals, ("year", "area_id"), "persons")


def _long(wide: pd.DataFrame, names: tuple[str, str], value: str) -> pd.DataFrame:
    """Row-major long form of a wide table (as ``DataFrame.stack``, every cell kept)."""
    n_rows, n_cols = wide.shape
    return pd.DataFrame(
        {
            names[0]: np.repeat(wide.index.to_numpy(), n_cols),
            names[1]: np.tile(wide.columns.to_numpy(), n_rows),
            value: wide.to_numpy().ravel(),
        }
    )


def variant_fan(fan: pd.DataFrame, area_id: str | None = None) -> pd.DataFrame:
    """Persons per year (rows) and variant (columns) for one area (None: all areas summed).

    ``fan``: long rows ``variant, area_id, year, persons``.

    >>> fan = pd.DataFrame({"variant": ["low", "low", "high", "high"],
    ...     "area_id": ["X", "Y", "X", "Y"], "year": 2030, "persons": [1.0, 2.0, 3.0, 4.0]})
    >>> variant_fan(fan).to_dict("index"), variant_fan(fan, "Y").to_dict("index")
    ({2030: {'high': 7.0, 'low': 3.0}}, {2030: {'high': 4.0, 'low': 2.0}})
    """
    part = fan if area_id is None else fan.loc[fan["area_id"] == area_id]
    wide = part.pivot_table(index="year", columns="variant", values="persons", aggfunc="sum")
    return wide.rename_axis(columns="variant")


def variant_total(fan: pd.DataFrame, variant: str, year: int) -> float:
    """Persons of all areas in ``year`` under ``variant`` (rows of :func:`variant_fan`'s input).

    >>> fan = pd.DataFrame({"variant": ["middle", "middle", "low"], "area_id": ["X", "Y", "X"],
    ...     "year": [2030, 2030, 2030], "persons": [1.5, 2.0, 9.0]})
    >>> variant_total(fan, "middle", 2030)
    3.5
    """
    chosen = (fan["variant"] == variant) & (fan["year"] == year)
    return float(fan.loc[chosen, "persons"].to_numpy(dtype=float).sum())


def change_frame(
    totals: pd.DataFrame, base_year: int, end_year: int, min_size: float
) -> pd.DataFrame:
    """Per area: ``area_id, base, end, change, change_pct, uncertain`` (base below ``min_size``).

    >>> t = pd.DataFrame({"X": [200.0, 210.0], "Y": [0.0, 5.0]}, index=[2024, 2030])
    >>> change_frame(t, 2024, 2030, 100.0).to_dict("records")[0]
    {'area_id': 'X', 'base': 200.0, 'end': 210.0, 'change': 10.0, 'change_pct': 5.0, 'uncertain': False}
    """
    base = pd.Series(totals.loc[base_year].to_numpy(dtype=float), index=totals.columns)
    end = pd.Series(totals.loc[end_year].to_numpy(dtype=float), index=totals.columns)
    pct = (end - base) / base.where(base > 0) * 100.0
    frame = pd.DataFrame(
        {
            "base": base,
            "end": end,
            "change": end - base,
            "change_pct": pct,
            "uncertain": base < min_size,
        }
    )
    return frame.rename_axis("area_id").reset_index()


@dataclass(frozen=True)
class ChangeSummary:
    """All areas of a :func:`change_frame` together: persons at base and end, uncertain areas."""

    base: float
    end: float
    n_uncertain: int


def change_summary(change: pd.DataFrame) -> ChangeSummary:
    """Sum of all areas and the number of uncertain ones.

    >>> change_summary(pd.DataFrame({"base": [200.0, 50.0], "end": [210.0, 40.0],
    ...     "uncertain": [False, True]}))
    ChangeSummary(base=250.0, end=250.0, n_uncertain=1)
    """
    return ChangeSummary(
        float(change["base"].to_numpy(dtype=float).sum()),
        float(change["end"].to_numpy(dtype=float).sum()),
        int(change["uncertain"].to_numpy(dtype=bool).sum()),
    )


def long_age_bands(
    result: ProjectionResult,
    owner: pd.Series,
    bands: Sequence[tuple[int, int | None]] = PLANNING_BANDS,
) -> pd.DataFrame:
    """``area_id, year, age_from, age_to, count`` summed to the owners (``age_to`` <NA> = open)."""
    by_age = result.population.sum(axis=2)
    groups = _groups(result, owner)
    frames = []
    for lo, hi in bands:
        values = by_age[..., lo : 101 if hi is None else hi].sum(axis=-1)
        wide = pd.DataFrame(values.T, index=groups, columns=list(result.years))
        long = _long(wide.groupby(level=0).sum(), ("area_id", "year"), "count")
        frames.append(long.assign(age_from=lo, age_to=hi))
    out = pd.concat(frames, ignore_index=True)
    out["age_to"] = out["age_to"].astype("Int64")
    out["year"] = out["year"].astype(int)
    return out.loc[:, ["area_id", "year", "age_from", "age_to", "count"]]
