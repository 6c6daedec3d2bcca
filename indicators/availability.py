"""Where and when an indicator has values: the coverage of the catalogue, summarised per level."""

from __future__ import annotations

import pandas as pd

_LEVEL = ["area_system", "level", "level_rank"]


def availability(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per area system and level: first and last period, number of periods, areas with a value.

    Parameters
    ----------
    coverage : DataFrame
        One row per area system, level and period: ``area_system``, ``level``,
        ``level_rank`` (0 = coarsest), ``period`` (``"JJJJ"`` or ``"JJJJ-MM-TT"``) and
        ``n_with_value`` (areas of the level with a value in that period).

    Returns
    -------
    DataFrame
        ``area_system``, ``level``, ``level_rank``, ``first_period``, ``last_period``,
        ``n_periods`` (distinct periods) and ``max_areas`` (most areas with a value in one
        period); sorted by area system and level rank (coarse to fine).

    Examples
    --------
    >>> cov = pd.DataFrame({"area_system": "LOR", "level": ["PLR", "PLR", "BZR"],
    ...                     "level_rank": [2, 2, 1], "period": ["2024", "2023", "2024"],
    ...                     "n_with_value": [540, 542, 143]})
    >>> availability(cov)[["level", "first_period", "last_period", "n_periods", "max_areas"]]
      level first_period last_period  n_periods  max_areas
    0   BZR         2024        2024          1        143
    1   PLR         2023        2024          2        542
    """
    ordered = coverage.sort_values([*_LEVEL, "period"], kind="stable")
    summary = ordered.groupby(_LEVEL, sort=False).agg(
        first_period=("period", "first"),
        last_period=("period", "last"),
        n_periods=("period", "nunique"),
        max_areas=("n_with_value", "max"),
    )
    out = summary.reset_index().sort_values(["area_system", "level_rank"], kind="stable")
    return out.reset_index(drop=True)
