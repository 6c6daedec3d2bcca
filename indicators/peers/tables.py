"""Reshaping the long indicator tables of a level for the peer maths (no statistics here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd


def calendar_years(periods: Iterable[object]) -> list[int]:
    """The calendar years of stored periods (``"2021"``, ``"2023-12-31"``), ascending, unique.

    >>> calendar_years(["2023-12-31", "2021", "2023-06-30"])
    [2021, 2023]
    """
    return sorted({int(str(p)[:4]) for p in periods})


def feature_matrix(snapshot: pd.DataFrame, area_ids: Sequence[str]) -> pd.DataFrame:
    """Wide table ``area_id`` × indicator of a long snapshot, one row per ``area_ids`` item.

    Parameters
    ----------
    snapshot : pandas.DataFrame
        Long table ``area_id``, ``indicator_id``, ``value`` (one value per pair).
    area_ids : sequence of str
        Rows of the result, in this order; areas without values get NaN.

    Examples
    --------
    >>> snap = pd.DataFrame({"area_id": ["a", "a", "b"], "indicator_id": ["x", "y", "x"],
    ...     "value": [1.0, 2.0, 3.0]})
    >>> feature_matrix(snap, ["b", "a", "c"]).to_dict("list")
    {'area_id': ['b', 'a', 'c'], 'x': [3.0, 1.0, nan], 'y': [nan, 2.0, nan]}
    """
    wide = snapshot.pivot(index="area_id", columns="indicator_id", values="value")
    wide = wide.reindex(list(area_ids))
    return wide.rename_axis(index="area_id", columns=None).reset_index()
