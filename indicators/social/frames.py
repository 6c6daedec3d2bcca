"""Reshaping long value tables of the Sozialraum views, and counts per category.

A *long* table has one row per (area, indicator[, period]) with the columns ``area_id``,
``indicator_id``, ``period`` and ``value`` (the indicator's own unit; NaN = no value shown).
A *wide* matrix has areas as rows and indicators as columns (floats).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["count_by_category", "latest_periods", "values_by_period", "wide_matrix"]


def _require(long: pd.DataFrame, columns: set[str]) -> None:
    if not isinstance(long, pd.DataFrame):
        raise ValueError("Die Werte müssen als pandas.DataFrame übergeben werden.")
    missing = sorted(columns - set(long.columns))
    if missing:
        raise ValueError(f"Spalten fehlen: {missing}.")


def wide_matrix(
    long: pd.DataFrame,
    indicator_ids: Sequence[str],
    area_ids: Sequence[str] | None = None,
    *,
    drop_absent: bool = False,
) -> pd.DataFrame:
    """Areas × indicators from a long table (first value per cell), as floats.

    Parameters
    ----------
    long : pd.DataFrame
        Columns ``area_id``, ``indicator_id``, ``value``.
    indicator_ids : sequence of str
        Column order of the result; an indicator without rows gives a NaN column …
    area_ids : sequence of str, optional
        Row order of the result (areas without rows get NaN); default: the areas of ``long``.
    drop_absent : bool
        … unless ``drop_absent``: then indicators without any row are left out.

    Examples
    --------
    >>> long = pd.DataFrame({"area_id": ["a", "b", "a"], "indicator_id": ["x", "x", "y"],
    ...                      "value": [1.0, 2.0, 3.0]})
    >>> wide_matrix(long, ["y", "x", "z"], ["b", "a", "c"]).to_dict("list")
    {'y': [nan, 3.0, nan], 'x': [2.0, 1.0, nan], 'z': [nan, nan, nan]}
    >>> list(wide_matrix(long, ["y", "x", "z"], drop_absent=True).columns)
    ['y', 'x']
    """
    _require(long, {"area_id", "indicator_id", "value"})
    wide = long.pivot_table(
        index="area_id", columns="indicator_id", values="value", aggfunc="first", dropna=False
    )
    columns = [i for i in indicator_ids if i in wide.columns] if drop_absent else indicator_ids
    if area_ids is None:
        wide = wide.reindex(columns=list(columns))
    else:
        wide = wide.reindex(index=list(area_ids), columns=list(columns))
    return wide.astype(float)


def latest_periods(long: pd.DataFrame) -> dict[str, str]:
    """Indicator → period of its first row (the period a "latest values" table used).

    >>> latest_periods(pd.DataFrame({"indicator_id": ["x", "x", "y"],
    ...                              "period": ["2024", "2024", "2023"]}))
    {'x': '2024', 'y': '2023'}
    """
    _require(long, {"indicator_id", "period"})
    used = long.drop_duplicates("indicator_id").set_index("indicator_id")["period"]
    return {str(k): str(v) for k, v in used.items()}


def values_by_period(long: pd.DataFrame) -> dict[str, pd.Series]:
    """Values of a long table (columns ``period``, ``value``) split by period, sorted.

    The input of :func:`indicators.social.classify.fixed_breaks_across_periods`.

    >>> long = pd.DataFrame({"period": ["2023", "2021", "2023"], "value": [3.0, 1.0, 4.0]})
    >>> {p: v.tolist() for p, v in values_by_period(long).items()}
    {'2021': [1.0], '2023': [3.0, 4.0]}
    """
    _require(long, {"period", "value"})
    return {
        str(period): group["value"].astype(float).reset_index(drop=True)
        for period, group in long.groupby("period", sort=True)
    }


def count_by_category(categories: pd.Series, labels: Sequence[str]) -> pd.Series:
    """Number of rows in each category of ``labels`` (in that order; 0 if absent).

    Categories not in ``labels`` and missing values are not counted.

    >>> count_by_category(pd.Series(["b", "a", "b", None]), ["a", "b", "c"]).tolist()
    [1, 2, 0]
    """
    counts = categories.value_counts().reindex(list(labels)).fillna(0).astype("int64")
    counts.index = pd.Index(list(labels))
    return counts
