"""Local spatial autocorrelation (Local Moran's I, LISA) for hot-/cold-spot maps.

Queen contiguity (areas sharing at least one boundary vertex are neighbours),
row-standardised weights, conditional permutation inference (esda ``Moran_Local``).
The p-value is esda's folded pseudo p-value ``(m + 1) / (permutations + 1)`` where
``m`` counts permutations at least as extreme as the observed value (as in GeoDa);
areas whose value equals the mean (I = 0 in every permutation) get p = 1.

Areas without a value and areas without a neighbour that has a value ("islands")
get no statistic: category "keine Angabe" (islands are flagged in column ``island``).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

__all__ = ["CLUSTER_CATEGORIES", "SIGNIFICANT_CLUSTERS", "local_moran", "significant"]

#: German cluster categories, in legend order.
CLUSTER_CATEGORIES: tuple[str, ...] = (
    "Hoch-Hoch",
    "Niedrig-Niedrig",
    "Hoch-Niedrig",
    "Niedrig-Hoch",
    "nicht signifikant",
    "keine Angabe",
)
#: The categories of significant clusters (the first four of :data:`CLUSTER_CATEGORIES`).
SIGNIFICANT_CLUSTERS: tuple[str, ...] = CLUSTER_CATEGORIES[:4]
# esda quadrants (geoda_quads=False): 1 HH, 2 LH, 3 LL, 4 HL
_QUADRANT_NAMES = {1: "Hoch-Hoch", 2: "Niedrig-Hoch", 3: "Niedrig-Niedrig", 4: "Hoch-Niedrig"}
MIN_AREAS = 3


def _check(gdf: gpd.GeoDataFrame, value_col: str, permutations: int, alpha: float) -> None:
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise ValueError("Die Gebiete müssen als GeoDataFrame übergeben werden.")
    if value_col not in gdf.columns:
        raise ValueError(f"Spalte {value_col!r} fehlt.")
    if not pd.api.types.is_numeric_dtype(gdf[value_col]):
        raise ValueError(f"Spalte {value_col!r} muss numerisch sein.")
    if isinstance(permutations, bool) or not isinstance(permutations, int) or permutations < 99:
        raise ValueError("Es werden mindestens 99 Permutationen benötigt.")
    if not 0 < alpha < 1:
        raise ValueError("Das Signifikanzniveau muss zwischen 0 und 1 liegen.")
    if gdf.geometry.isna().any() or gdf.geometry.is_empty.any():
        raise ValueError("Alle Gebiete brauchen eine Geometrie.")


def local_moran(
    gdf: gpd.GeoDataFrame,
    value_col: str,
    permutations: int = 999,
    seed: int = 42,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Local Moran's I per area with permutation p-values and a German cluster category.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Polygons (any CRS) with the indicator in ``value_col`` (any unit); NaN = missing.
    value_col : str
        Indicator column.
    permutations : int
        Number of conditional permutations (>= 99).
    seed : int
        Random seed; same input and seed give the same p-values.
    alpha : float
        Significance level; an area is a cluster if ``p_value <= alpha``.

    Returns
    -------
    pd.DataFrame
        Same index as ``gdf``; columns ``I`` (local Moran's I, unitless), ``p_value``,
        ``quadrant`` (1 HH, 2 LH, 3 LL, 4 HL), ``island`` (no neighbour with a value),
        ``n_neighbors`` and ``cluster`` (one of :data:`CLUSTER_CATEGORIES`).
    """
    # PySAL (esda, libpysal, scipy) takes ≈ 1 s to import: loaded when an analysis runs, not
    # with every page that can show one (a cold link to "Sozialräume", #17)
    from esda.moran import Moran_Local
    from libpysal.weights import Queen

    _check(gdf, value_col, permutations, alpha)
    values = gdf[value_col].astype(float)
    has_value = values.notna().to_numpy()
    sub = gdf.loc[has_value, [gdf.geometry.name]].reset_index(drop=True)
    if len(sub) < MIN_AREAS:
        raise ValueError(
            f"Für die Hotspot-Analyse werden mindestens {MIN_AREAS} Gebiete mit Werten benötigt."
        )
    w_all = Queen.from_dataframe(sub, use_index=False, silence_warnings=True)
    cards = np.array([w_all.cardinalities[i] for i in range(len(sub))], dtype=np.int64)
    connected = cards > 0
    if connected.sum() < MIN_AREAS:
        raise ValueError("Zu wenige benachbarte Gebiete mit Werten für die Hotspot-Analyse.")
    y = values.to_numpy()[has_value][connected]
    if np.ptp(y) == 0:
        raise ValueError("Alle Werte sind gleich; es gibt keine räumlichen Muster.")
    w = Queen.from_dataframe(
        sub[connected].reset_index(drop=True), use_index=False, silence_warnings=True
    )
    w.transform = "r"
    with np.errstate(invalid="ignore", divide="ignore"):  # 0/0 in esda's z_sim for constant sims
        lisa = Moran_Local(y, w, permutations=permutations, seed=seed)
    # An area whose value equals the mean has I = 0 in every permutation: never significant.
    p_used = np.where(np.asarray(lisa.seI_sim) > 0, np.asarray(lisa.p_sim, dtype=float), 1.0)
    q_used = np.asarray(lisa.q, dtype=np.int64)
    return _assemble(
        gdf.index,
        has_value,
        connected,
        cards,
        np.asarray(lisa.Is, dtype=float),
        p_used,
        q_used,
        alpha,
    )


def _assemble(
    index: pd.Index,
    has_value: np.ndarray,
    connected: np.ndarray,
    cards: np.ndarray,
    i_used: np.ndarray,
    p_used: np.ndarray,
    q_used: np.ndarray,
    alpha: float,
) -> pd.DataFrame:
    """Scatter the statistics of the analysed areas back to all input rows."""
    n = len(index)
    pos = np.flatnonzero(has_value)
    used = pos[connected]
    moran_i, p_value, quadrant = np.full(n, np.nan), np.full(n, np.nan), np.zeros(n, dtype=np.int64)
    moran_i[used], p_value[used], quadrant[used] = i_used, p_used, q_used
    island = np.zeros(n, dtype=bool)
    island[pos[~connected]] = True
    n_neighbors = np.zeros(n, dtype=np.int64)
    n_neighbors[pos] = cards
    cluster = np.full(n, "keine Angabe", dtype=object)
    cluster[used] = [
        _QUADRANT_NAMES[int(q)] if p <= alpha else "nicht signifikant"
        for q, p in zip(q_used, p_used, strict=True)
    ]
    quad = pd.array(quadrant, dtype="Int64")
    quad[quadrant == 0] = pd.NA
    return pd.DataFrame(
        {
            "I": moran_i,
            "p_value": p_value,
            "quadrant": quad,
            "island": island,
            "n_neighbors": n_neighbors,
            "cluster": pd.array(cluster, dtype="str"),
        },
        index=index,
    )


def significant(result: pd.DataFrame) -> pd.DataFrame:
    """The rows of a :func:`local_moran` result that lie in a significant cluster.

    >>> r = pd.DataFrame({"cluster": ["Hoch-Hoch", "nicht signifikant", "keine Angabe",
    ...                               "Niedrig-Hoch"]}, index=list("abcd"))
    >>> significant(r).index.tolist()
    ['a', 'd']
    """
    if "cluster" not in result.columns:
        raise ValueError("Spalte 'cluster' fehlt.")
    return result[result["cluster"].isin(SIGNIFICANT_CLUSTERS)]
