"""Area profile helpers: deviation from reference values and rankings.

Ranking convention: ``rank`` 1 = **highest value** (independent of polarity, so
"Rang 1" always means "höchster Wert"); ``rank_favourable`` 1 = most favourable value
according to the indicator's polarity (lowest value if higher is worse).  Ties share
the smallest rank ("min" method): 10, 10, 8 -> ranks 1, 1, 3.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Literal

import pandas as pd

__all__ = [
    "DEVIATION_MODES",
    "DeviationMode",
    "deviation_table",
    "rank_areas",
    "ranked_values",
    "suppressed_cells",
]

#: ``"z"``: in standard deviations; ``"percent"``: in per cent of the reference value.
DeviationMode = Literal["z", "percent"]
DEVIATION_MODES: tuple[DeviationMode, ...] = ("z", "percent")
POLARITIES = ("higher_worse", "higher_better", "neutral")


def _check_values(values: pd.DataFrame, area_id: Hashable) -> None:
    if not isinstance(values, pd.DataFrame):
        raise ValueError(
            "Die Werte müssen als pandas.DataFrame übergeben werden (Gebiete × Indikatoren)."
        )
    if area_id not in values.index:
        raise ValueError(f"Gebiet {area_id!r} ist nicht in den Daten enthalten.")
    if not values.index.is_unique:
        raise ValueError("Gebietskennungen müssen eindeutig sein.")
    if any(not pd.api.types.is_numeric_dtype(values[c]) for c in values.columns):
        raise ValueError("Alle Indikatoren müssen numerisch sein.")


def _lookup(mapping: Mapping[str, float] | None, col: str) -> float:
    if mapping is None or col not in mapping or mapping[col] is None:
        return float("nan")
    return float(mapping[col])


def deviation_table(
    values: pd.DataFrame,
    area_id: Hashable,
    reference: Mapping[str, float],
    mode: str = "z",
    parent: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Compare one area with the municipality (Kommune) and its parent area, per indicator.

    Parameters
    ----------
    values : pd.DataFrame
        Areas (index = area id) × indicators, in each indicator's own unit.
    area_id : hashable
        Area to profile.
    reference : mapping
        Indicator -> value for the whole municipality (same unit).
    mode : {"z", "percent"}
        ``"z"``: (area - reference) / SD of the indicator over all areas with a value
        (sample SD) -> SD units.  ``"percent"``: (area - reference) / reference × 100 ->
        per cent of the reference value (NaN if the reference is 0).
    parent : mapping, optional
        Indicator -> value of the parent area (e.g. the district), same unit.

    Returns
    -------
    pd.DataFrame
        Index = indicator; columns ``value``, ``reference``, ``parent``, ``deviation``.

    Examples
    --------
    >>> v = pd.DataFrame({"kinderarmut": [10.0, 20.0, 30.0]}, index=["a", "b", "c"])
    >>> deviation_table(v, "c", {"kinderarmut": 20.0}, mode="percent")["deviation"].tolist()
    [50.0]
    >>> deviation_table(v, "c", {"kinderarmut": 20.0}, mode="z")["deviation"].tolist()
    [1.0]
    """
    _check_values(values, area_id)
    if mode not in DEVIATION_MODES:
        raise ValueError(f"Unbekannter Modus {mode!r}; erlaubt: {list(DEVIATION_MODES)}.")
    row = int(values.index.get_indexer(pd.Index([area_id]))[0])
    rows = []
    for col in values.columns:
        own = float(values[col].to_numpy(dtype=float)[row])
        ref = _lookup(reference, str(col))
        if mode == "z":
            sd = float(values[col].astype(float).std(ddof=1))
            dev = (own - ref) / sd if sd > 0 else float("nan")
        else:
            dev = (own - ref) / ref * 100.0 if ref != 0 else float("nan")
        rows.append(
            {"value": own, "reference": ref, "parent": _lookup(parent, str(col)), "deviation": dev}
        )
    return pd.DataFrame(rows, index=pd.Index(values.columns, name="indicator"), dtype=float)


def _rank_text(rank: pd.Series, n: int) -> pd.Series:
    texts = [f"Rang {int(r)} von {n}" if pd.notna(r) else "keine Angabe" for r in rank]
    return pd.Series(texts, index=rank.index, dtype="str")


def rank_areas(values: pd.Series, polarity: str) -> pd.DataFrame:
    """Rank areas on one indicator.

    Parameters
    ----------
    values : pd.Series
        Indicator value per area (index = area id); NaN = missing (not ranked).
    polarity : {"higher_worse", "higher_better", "neutral"}
        Meaning of a high value; decides ``rank_favourable``.

    Returns
    -------
    pd.DataFrame
        Columns ``value``, ``rank`` (Int64, 1 = highest value), ``rank_text``
        ("Rang 3 von 542", "keine Angabe") and ``rank_favourable`` (Int64, 1 = most
        favourable; <NA> for neutral indicators).  ``n`` = areas with a value.

    Examples
    --------
    >>> r = rank_areas(pd.Series([10.0, 8.0, 10.0, None], index=list("abcd")), "higher_worse")
    >>> r["rank"].tolist(), r["rank_text"].tolist()[:2], r["rank_favourable"].tolist()
    ([1, 3, 1, <NA>], ['Rang 1 von 3', 'Rang 3 von 3'], [2, 1, 2, <NA>])
    """
    if not isinstance(values, pd.Series) or not pd.api.types.is_numeric_dtype(values):
        raise ValueError("Die Werte müssen eine numerische pandas.Series sein.")
    if polarity not in POLARITIES:
        raise ValueError(f"Unbekannte Polarität {polarity!r}; erlaubt: {list(POLARITIES)}.")
    v = values.astype(float)
    n = int(v.notna().sum())
    rank = v.rank(method="min", ascending=False).astype("Int64")
    if polarity == "neutral":
        fav = pd.Series(pd.array([pd.NA] * len(v), dtype="Int64"), index=v.index)
    else:
        fav = v.rank(method="min", ascending=polarity == "higher_worse").astype("Int64")
    return pd.DataFrame(
        {"value": v, "rank": rank, "rank_text": _rank_text(rank, n), "rank_favourable": fav},
        index=values.index,
    )


def ranked_values(values: pd.DataFrame, polarity: str) -> pd.DataFrame:
    """A table of values per area (column ``area_id``, ``value``, …) with rank columns.

    Indexed by ``area_id``; adds ``rank`` (1 = highest value) and ``rank_text`` of
    :func:`rank_areas`; the other columns are kept.

    >>> v = pd.DataFrame({"area_id": ["a", "b", "c"], "value": [1.0, 3.0, None]})
    >>> r = ranked_values(v, "neutral")
    >>> r["rank"].tolist(), r["rank_text"].tolist()
    ([2, 1, <NA>], ['Rang 2 von 2', 'Rang 1 von 2', 'keine Angabe'])
    """
    if "area_id" not in values.columns or "value" not in values.columns:
        raise ValueError("Die Tabelle braucht die Spalten 'area_id' und 'value'.")
    v = values.set_index("area_id")
    ranks = rank_areas(v["value"].astype(float), polarity)
    return v.join(ranks[["rank", "rank_text"]])


def suppressed_cells(
    series: pd.DataFrame, periods: Mapping[str, str]
) -> frozenset[tuple[str, str]]:
    """(indicator, area) cells hidden by disclosure control at the period shown per indicator.

    ``series``: long table with ``indicator_id``, ``area_id``, ``period`` and ``flag``;
    ``periods``: indicator → the period shown. Other periods do not count.

    >>> s = pd.DataFrame({"indicator_id": ["x", "x", "y"], "area_id": ["a", "b", "a"],
    ...                   "period": ["2024", "2023", "2024"],
    ...                   "flag": ["suppressed", "suppressed", "observed"]})
    >>> sorted(suppressed_cells(s, {"x": "2024", "y": "2024"}))
    [('x', 'a')]
    """
    needed = {"indicator_id", "area_id", "period", "flag"}
    if not needed <= set(series.columns):
        raise ValueError(f"Spalten fehlen: {sorted(needed - set(series.columns))}.")
    shown = series["indicator_id"].map(dict(periods))
    sup = series[(series["flag"] == "suppressed") & (series["period"] == shown)]
    return frozenset(zip(sup["indicator_id"].astype(str), sup["area_id"].astype(str), strict=True))
