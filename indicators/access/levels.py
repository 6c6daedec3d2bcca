"""Levels of an area hierarchy for the Bedarf–Angebot analysis: lowest level, leaf → ancestor.

A hierarchy table has one row per area: ``area_id, parent_id, level, level_rank`` (rank 1 =
coarsest; the lowest level has the largest rank), plus ``centroid_lon, centroid_lat`` for
:func:`leaf_centroids`. Demand and supply are computed at the lowest level and summed to the
chosen level through :func:`leaf_to_level`. No Streamlit, no I/O.
"""

from __future__ import annotations

import pandas as pd

#: Hierarchies are never deeper than this (a guard against cycles).
MAX_DEPTH = 50


def lowest_level(hierarchy: pd.DataFrame) -> str:
    """The level with the largest ``level_rank`` (the finest areas).

    >>> h = pd.DataFrame({"level": ["Stadtteil", "Baublock"], "level_rank": [1, 3]})
    >>> lowest_level(h)
    'Baublock'
    """
    ranks = hierarchy["level_rank"].to_numpy()
    if not len(ranks):
        raise ValueError("Die Gebietsgliederung enthält keine Gebiete.")
    return str(hierarchy["level"].to_numpy()[ranks.argmax()])


def down_to(hierarchy: pd.DataFrame, level: str) -> pd.DataFrame:
    """The areas of ``level`` and of every coarser level (``level`` becomes the lowest).

    >>> h = pd.DataFrame({"area_id": ["S", "T", "B"], "level": ["Stadt", "Stadtteil", "Bezirk"],
    ...                   "level_rank": [0, 1, 2]})
    >>> down_to(h, "Stadtteil")["area_id"].tolist()
    ['S', 'T']
    """
    rank = hierarchy.loc[hierarchy["level"] == level, "level_rank"]
    if rank.empty:
        return hierarchy
    out: pd.DataFrame = hierarchy[hierarchy["level_rank"] <= rank.max()]
    return out.reset_index(drop=True)


def ancestor_at(hierarchy: pd.DataFrame, level: str) -> pd.Series:
    """Area id → id of its ancestor (or itself) at ``level``, for every area at or below it.

    >>> h = pd.DataFrame({"area_id": ["S", "T", "B1", "B2"], "parent_id": [None, "S", "T", "T"],
    ...                   "level": ["Stadt", "Stadtteil", "Bezirk", "Bezirk"],
    ...                   "level_rank": [0, 1, 2, 2]})
    >>> ancestor_at(h, "Stadtteil").to_dict()
    {'T': 'T', 'B1': 'T', 'B2': 'T'}
    """
    by_id = hierarchy.set_index("area_id")
    parent, lvl = by_id["parent_id"], by_id["level"]
    current = pd.Series(by_id.index.to_numpy(), index=by_id.index.to_numpy())
    for _ in range(MAX_DEPTH):
        done = current.map(lvl) == level
        if done.all():
            break
        current = current.where(done, current.map(parent)).dropna()
    return current[current.map(lvl) == level]


def level_order(hierarchy: pd.DataFrame) -> list[str]:
    """The levels from coarsest to finest.

    >>> h = pd.DataFrame({"level": ["PLR", "Bezirk", "PLR"], "level_rank": [3, 1, 3]})
    >>> level_order(h)
    ['Bezirk', 'PLR']
    """
    levels = hierarchy.drop_duplicates("level").sort_values("level_rank")["level"]
    return [str(x) for x in levels]


def leaf_to_level(hierarchy: pd.DataFrame, level: str) -> pd.Series:
    """Lowest-level area id → id of its ancestor (or itself) at ``level``.

    Leaves with no ancestor at ``level`` are left out.

    Examples
    --------
    District ``B`` holds the middle areas ``P1`` (small areas ``L1``, ``L2``) and ``P2``
    (``L3``):

    >>> h = pd.DataFrame({
    ...     "area_id": ["B", "P1", "P2", "L1", "L2", "L3"],
    ...     "parent_id": [None, "B", "B", "P1", "P1", "P2"],
    ...     "level": ["Bezirk", "PR", "PR", "PLR", "PLR", "PLR"],
    ...     "level_rank": [1, 2, 2, 3, 3, 3]})
    >>> leaf_to_level(h, "PR").to_dict()
    {'L1': 'P1', 'L2': 'P1', 'L3': 'P2'}
    """
    by_id = hierarchy.set_index("area_id")
    parent, lvl = by_id["parent_id"], by_id["level"]
    leaves = hierarchy.loc[hierarchy["level"] == lowest_level(hierarchy), "area_id"].to_numpy()
    current = pd.Series(leaves, index=leaves)
    for _ in range(MAX_DEPTH):
        done = current.map(lvl) == level
        if done.all():
            break
        current = current.where(done, current.map(parent))
        if current.isna().any():
            current = current.dropna()
    return current[current.map(lvl) == level]


def leaf_centroids(hierarchy: pd.DataFrame) -> pd.DataFrame:
    """``area_id, lon, lat`` of the lowest-level areas (WGS84 degrees): the demand points.

    The point is the stored ``centroid_lon/lat``: a representative point on the surface of
    the area (inside it, not the centroid and not population-weighted, see
    :mod:`indicators.access.catchment`). Points of coarser areas are never used.

    >>> h = pd.DataFrame({"area_id": ["B", "L1"], "level": ["Bezirk", "PLR"],
    ...                   "level_rank": [1, 3], "centroid_lon": [13.4, 13.41],
    ...                   "centroid_lat": [52.5, 52.51]})
    >>> leaf_centroids(h).values.tolist()
    [['L1', 13.41, 52.51]]
    """
    leaves = hierarchy[hierarchy["level"] == lowest_level(hierarchy)]
    out = leaves.rename(columns={"centroid_lon": "lon", "centroid_lat": "lat"})
    return out[["area_id", "lon", "lat"]].reset_index(drop=True)
