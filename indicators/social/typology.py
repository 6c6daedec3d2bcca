"""Area typology: cluster areas on standardised indicators (k-means or Ward).

Determinism: rows are put in a canonical order (sorted by their values) before
standardising and clustering, so the same set of rows gives the same partition
regardless of the input row order.  Types are numbered by the mean z-score of the
first indicator, ascending (type 1 = lowest value of the first indicator; ties by
larger size first), so type numbers are stable between runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

import numpy as np
import pandas as pd

__all__ = ["CLUSTER_METHODS", "ClusterMethod", "TypologyResult", "cluster_areas"]

#: A clustering method (keys of :data:`CLUSTER_METHODS`).
ClusterMethod = Literal["kmeans", "ward"]
CLUSTER_METHODS: dict[ClusterMethod, str] = {"kmeans": "k-Means", "ward": "Ward (hierarchisch)"}


@dataclass(frozen=True, eq=False)
class TypologyResult:
    """Result of :func:`cluster_areas`.

    Attributes
    ----------
    labels : pd.Series
        Type number ``1 .. k`` per input row (Int64); ``<NA>`` = missing values ("keine Angabe").
    profile : pd.DataFrame
        One row per type (index ``1 .. k``): mean z-score (SD units) of every indicator
        and ``size`` (number of areas).
    method_label : str
        German description, e.g. ``"k-Means, 4 Typen"``.
    n_missing : int
        Number of rows left out because of missing values.
    """

    labels: pd.Series = field(repr=False)
    profile: pd.DataFrame = field(repr=False)
    method_label: str
    n_missing: int


def _check(df: pd.DataFrame, columns: Sequence[str], k: int, method: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise ValueError("Die Daten müssen als pandas.DataFrame übergeben werden.")
    if not columns:
        raise ValueError("Mindestens ein Indikator wird benötigt.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"Spalten fehlen: {missing}.")
    if len(set(columns)) != len(columns):
        raise ValueError("Indikatoren dürfen nicht doppelt vorkommen.")
    if any(not pd.api.types.is_numeric_dtype(df[c]) for c in columns):
        raise ValueError("Alle Indikatoren müssen numerisch sein.")
    if method not in CLUSTER_METHODS:
        raise ValueError(f"Unbekanntes Verfahren {method!r}; erlaubt: {sorted(CLUSTER_METHODS)}.")
    if isinstance(k, bool) or not isinstance(k, int) or k < 2:
        raise ValueError("Die Zahl der Typen muss eine ganze Zahl ab 2 sein.")


def _canonical(values: pd.DataFrame) -> np.ndarray:
    """Positions of ``values`` rows sorted by their values (first column is primary key)."""
    arr = values.to_numpy(dtype=float)
    return np.lexsort(arr.T[::-1])


def _standardise(arr: np.ndarray) -> np.ndarray:
    sd = arr.std(axis=0, ddof=1)
    sd[sd == 0] = 1.0  # constant indicator: z = 0 everywhere
    return np.asarray((arr - arr.mean(axis=0)) / sd, dtype=float)


def _fit(z: np.ndarray, k: int, method: str, seed: int) -> np.ndarray:
    # scikit-learn takes ≈ 1 s to import: loaded when a typology is computed, not with every
    # page that can show one (a cold link to "Sozialräume", #17)
    from sklearn.cluster import AgglomerativeClustering, KMeans

    if method == "kmeans":
        model = KMeans(n_clusters=k, n_init=10, random_state=seed)
        return np.asarray(model.fit_predict(z))
    return np.asarray(AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(z))


def _renumber(z: np.ndarray, raw: np.ndarray) -> np.ndarray:
    """Map raw cluster ids to 1..k ordered by mean of column 0, then size (desc), then first row."""
    keys = []
    for c in np.unique(raw):
        members = raw == c
        keys.append(
            (round(float(z[members, 0].mean()), 9), -int(members.sum()), int(np.argmax(members)), c)
        )
    order = {c: rank + 1 for rank, (*_, c) in enumerate(sorted(keys))}
    return np.array([order[c] for c in raw], dtype=np.int64)


def cluster_areas(
    df: pd.DataFrame,
    columns: Sequence[str],
    k: int,
    method: str = "kmeans",
    seed: int = 42,
) -> TypologyResult:
    """Group areas into ``k`` types with similar indicator profiles.

    Parameters
    ----------
    df : pd.DataFrame
        One row per area; ``columns`` are numeric indicators (any unit, they are
        z-standardised with the sample SD over the complete rows first).
    columns : sequence of str
        Indicators to cluster on.
    k : int
        Number of types (2 .. number of distinct complete rows).
    method : {"kmeans", "ward"}
        k-means (10 starts, ``seed``) or Ward's hierarchical clustering.
    seed : int
        Random seed for k-means.

    Examples
    --------
    >>> d = pd.DataFrame({"a": [0.0, 0.1, 5.0, 5.1, None], "b": [1.0, 1.0, 3.0, 3.0, 2.0]})
    >>> r = cluster_areas(d, ["a", "b"], 2)
    >>> r.labels.tolist(), r.profile["size"].tolist()
    ([1, 1, 2, 2, <NA>], [2, 2])
    """
    _check(df, columns, k, method)
    values = df[list(columns)].astype(float)
    complete = values.notna().all(axis=1).to_numpy()
    sub = values[complete]
    n_distinct = len(sub.drop_duplicates())
    if k > n_distinct:
        raise ValueError(f"Zu wenige unterschiedliche Gebiete ({n_distinct}) für {k} Typen.")
    order = _canonical(sub)
    z = _standardise(sub.to_numpy(dtype=float)[order])
    types_sorted = _renumber(z, _fit(z, k, method, seed))
    types = np.empty_like(types_sorted)
    types[order] = types_sorted
    z_orig = np.empty_like(z)
    z_orig[order] = z
    labels = pd.Series(pd.array([pd.NA] * len(df), dtype="Int64"), index=df.index)
    labels[complete] = types
    prof = pd.DataFrame(z_orig, columns=list(columns)).groupby(types).mean()
    prof["size"] = pd.Series(types).value_counts().sort_index()
    prof.index = pd.Index(prof.index.astype(int), name="type")
    return TypologyResult(
        labels=labels,
        profile=prof,
        method_label=f"{CLUSTER_METHODS[cast(ClusterMethod, method)]}, {k} Typen",
        n_missing=int((~complete).sum()),
    )
