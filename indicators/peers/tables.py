"""Reshaping the long indicator tables of a level for the peer maths (no statistics here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from indicators.search import display_name


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


def distinct_names(
    ids: Sequence[str], names: Sequence[object], details: Sequence[object]
) -> dict[str, str]:
    """Area id → short name (designation after the comma dropped); a name that occurs more
    than once carries its detail in brackets (the type of a Kreis, the Kreis of a Gemeinde),
    and its id when even that repeats.

    >>> distinct_names(["03404", "03459", "03454032"],
    ...     ["Osnabrück, Stadt", "Osnabrück", "Lingen (Ems), Stadt"],
    ...     ["kreisfreie Stadt", "Landkreis", "Landkreis Emsland"])
    {'03404': 'Osnabrück (kreisfreie Stadt)', '03459': 'Osnabrück (Landkreis)', '03454032': 'Lingen (Ems)'}
    >>> distinct_names(["1", "2"], ["Au", "Au"], ["Kreis A", "Kreis A"])
    {'1': 'Au (Kreis A, 1)', '2': 'Au (Kreis A, 2)'}
    """
    short = [display_name(str(n)) for n in names]
    counts = pd.Series(short).value_counts()
    labelled = [
        f"{s} ({d})" if counts[s] > 1 and isinstance(d, str) and d else s
        for s, d in zip(short, details, strict=True)
    ]
    repeated = pd.Series(labelled).value_counts()
    out: dict[str, str] = {}
    for key, s, label in zip(ids, short, labelled, strict=True):
        if repeated[label] > 1 and counts[s] > 1:
            label = (
                f"{label[:-1]}, {key})" if label.endswith(")") and label != s else f"{s} ({key})"
            )
        out[str(key)] = label
    return out
