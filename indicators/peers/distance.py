"""Structurally similar areas: k nearest neighbours on z-standardised indicators.

Each chosen feature column is z-standardised over all areas that have a
value in every chosen column: ``z = (x − mean) / sd`` with the population
standard deviation (``ddof=0``). The distance between two areas is the
Euclidean distance of their z-vectors, in z units ("Standardabweichungen").

Missing values never crash the computation; what was done is reported in
German in ``result.attrs["notes"]`` (a list of str):

* a column in which the own area has no value is left out;
* a column with no spread (all values equal) is left out (it cannot
  distinguish areas; if no column has spread, all distances are 0);
* areas without a value in one of the remaining columns are dropped.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

from indicators.frame_memo import remember

RESULT_COLUMNS: tuple[str, ...] = ("area_id", "distance", "rank")


def _check(features: pd.DataFrame, area_id: str, k: int, columns: Sequence[str]) -> None:
    if "area_id" not in features.columns:
        raise ValueError("Spalte 'area_id' fehlt in den Merkmalen.")
    if k < 1:
        raise ValueError("k muss mindestens 1 sein.")
    if not columns:
        raise ValueError("Mindestens ein Merkmal wählen.")
    missing = [c for c in columns if c not in features.columns]
    if missing:
        raise ValueError(f"Merkmale fehlen: {', '.join(missing)}")
    if remember(
        features, "duplicated area_id", lambda: bool(features["area_id"].duplicated().any())
    ):
        raise ValueError("area_id ist in den Merkmalen nicht eindeutig.")
    if not (features["area_id"] == area_id).any():
        raise ValueError(f"Für Gebiet {area_id!r} liegen keine Merkmale vor.")


def _own_columns(
    matrix: np.ndarray, own_row: int, columns: Sequence[str], notes: list[str]
) -> list[int]:
    """Indices of the columns in which the own area has a value."""
    with_own = [j for j in range(len(columns)) if not np.isnan(matrix[own_row, j])]
    for j in sorted(set(range(len(columns))) - set(with_own)):
        notes.append(
            f"Merkmal '{columns[j]}' fehlt für das eigene Gebiet und bleibt unberücksichtigt."
        )
    if not with_own:
        raise ValueError("Für das eigene Gebiet fehlen alle gewählten Merkmale.")
    return with_own


def _standardise(data: np.ndarray, names: Sequence[str], notes: list[str]) -> np.ndarray:
    """z-scores per column (ddof=0); a column without spread becomes 0 (noted)."""
    sd = data.std(axis=0)
    flat = sd == 0
    for name in np.asarray(names, dtype=object)[flat]:
        notes.append(f"Merkmal '{name}' ist überall gleich und bleibt unberücksichtigt.")
    return np.where(flat, 0.0, (data - data.mean(axis=0)) / np.where(flat, 1.0, sd))


def z_distances(features: pd.DataFrame, area_id: str, columns: Sequence[str]) -> pd.DataFrame:
    """Return the z-distance of every other complete area to ``area_id``.

    Parameters
    ----------
    features : pandas.DataFrame
        Wide table: ``area_id`` plus numeric feature columns (any units).
    area_id : str
        The own area.
    columns : sequence of str
        Feature columns to use.

    Returns
    -------
    pandas.DataFrame
        Columns ``area_id``, ``distance`` (z units), unsorted, own area
        excluded; ``attrs["notes"]`` lists German notes on dropped data.

    Examples
    --------
    Values 0, 1, 2, 3 have mean 1.5 and sd √1.25 ≈ 1.118, so one step is
    0.894 z units:

    >>> f = pd.DataFrame({"area_id": list("abcd"), "x": [0.0, 1.0, 2.0, 3.0]})
    >>> z_distances(f, "a", ["x"])["distance"].round(3).tolist()
    [0.894, 1.789, 2.683]
    """
    _check(features, area_id, 1, columns)
    matrix = features[list(columns)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    ids = features["area_id"].to_numpy(dtype=object)
    own_row = int(np.flatnonzero(ids == area_id)[0])
    notes: list[str] = []
    usable = _own_columns(matrix, own_row, columns, notes)
    sub = matrix[:, usable]
    complete = ~np.isnan(sub).any(axis=1)
    n_dropped = int((~complete).sum())
    if n_dropped:
        notes.append(
            "1 Gebiet ohne vollständige Merkmale wurde nicht verglichen."
            if n_dropped == 1
            # German digit grouping (1.461), as everywhere in the UI
            else f"{n_dropped:,} Gebiete ohne vollständige Merkmale wurden nicht verglichen.".replace(
                ",", "."
            )
        )
    if complete.sum() < 2:  # only the own area is complete: nobody to compare with
        notes.append("Kein anderes Gebiet hat vollständige Merkmale.")
        empty = pd.DataFrame(
            {"area_id": pd.Series(dtype=object), "distance": pd.Series(dtype=float)}
        )
        empty.attrs["notes"] = notes
        return empty
    z = _standardise(sub[complete], [columns[j] for j in usable], notes)
    own_z = z[int(np.flatnonzero(ids[complete] == area_id)[0])]
    dist = np.sqrt(((z - own_z) ** 2).sum(axis=1))
    others = ids[complete] != area_id
    out = pd.DataFrame({"area_id": ids[complete][others], "distance": dist[others]})
    out.attrs["notes"] = notes
    return out


def nearest_peers(
    features: pd.DataFrame,
    area_id: str,
    k: int,
    columns: Sequence[str],
    candidates: Collection[str] | None = None,
) -> pd.DataFrame:
    """Return the ``k`` areas most similar to ``area_id``.

    Standardisation uses all complete areas in ``features`` (so distances do
    not depend on ``candidates``); only the selection is restricted.

    Parameters
    ----------
    features : pandas.DataFrame
        Wide table: ``area_id`` plus numeric feature columns.
    area_id : str
        The own area (never part of the result).
    k : int
        Number of peers (fewer if fewer candidates exist).
    columns : sequence of str
        Feature columns.
    candidates : collection of str, optional
        Restrict the result to these area ids.

    Returns
    -------
    pandas.DataFrame
        Columns ``area_id``, ``distance`` (z units), ``rank`` (1 = nearest),
        sorted by distance, ties by ``area_id``; ``attrs["notes"]`` as in
        :func:`z_distances`.

    Examples
    --------
    >>> f = pd.DataFrame({"area_id": list("abcde"),
    ...     "x": [0.0, 1.0, 2.0, 3.0, None], "y": [5.0, 5.0, 6.0, 6.0, 1.0]})
    >>> r = nearest_peers(f, "b", 2, ["x", "y"])
    >>> r["area_id"].tolist(), r.attrs["notes"]
    (['a', 'c'], ['1 Gebiet ohne vollständige Merkmale wurde nicht verglichen.'])
    """
    _check(features, area_id, k, columns)
    dist = z_distances(features, area_id, columns)
    notes = list(dist.attrs["notes"])
    if candidates is not None:
        wanted = set(candidates)  # plain set lookup: much faster than Series.isin on Arrow strings
        keep = np.fromiter((a in wanted for a in dist["area_id"].tolist()), bool, len(dist))
        dist = dist.loc[keep]
    ids = dist["area_id"].to_numpy(dtype=object)
    values = dist["distance"].to_numpy(dtype=float)
    if len(values) > k:
        cut = np.partition(values, k - 1)[k - 1]
        keep = values <= cut  # keeps all ties at the border, trimmed below
        ids, values = ids[keep], values[keep]
    order = np.lexsort((ids.astype(str), values))[:k]
    out = pd.DataFrame(
        {"area_id": ids[order], "distance": values[order], "rank": np.arange(1, len(order) + 1)}
    )
    out.attrs["notes"] = notes
    return out
