"""Straight-line distances between area centroids and facilities for the E2SFCA.

A :class:`Distances` matrix is computed once per facility snapshot (the expensive part of a
rerun) and reused: :func:`aligned_distances` picks the rows and columns one setting needs and
computes only the planned facilities of a what-if scenario anew. No Streamlit, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.access.catchment import FloatArray, haversine_m


@dataclass(frozen=True)
class Distances:
    """Straight-line distances in metres: rows = lowest-level areas, columns = facilities."""

    row_ids: pd.Index
    col_ids: pd.Index
    metres: FloatArray


def _haversine_grid(centroids: pd.DataFrame, fac: pd.DataFrame) -> FloatArray:
    """Metres between every centroid (``lon, lat``) and every facility (``lon, lat``)."""
    return haversine_m(
        centroids["lon"].to_numpy(float)[:, None],
        centroids["lat"].to_numpy(float)[:, None],
        fac["lon"].to_numpy(float)[None, :],
        fac["lat"].to_numpy(float)[None, :],
    )


def centroid_distances(centroids: pd.DataFrame, fac: pd.DataFrame) -> Distances:
    """Distances (m) of every centroid (``area_id, lon, lat``) to every facility.

    Parameters
    ----------
    centroids : DataFrame
        ``area_id, lon, lat`` (WGS84 degrees), e.g. the lowest-level areas.
    fac : DataFrame
        ``facility_id, lon, lat`` (WGS84 degrees).

    Examples
    --------
    One degree of latitude north and one degree of longitude east at the equator are both
    π/180 × 6 371 008,8 m ≈ 111 195 m:

    >>> cen = pd.DataFrame({"area_id": ["a"], "lon": [0.0], "lat": [0.0]})
    >>> fac = pd.DataFrame({"facility_id": ["n", "e"], "lon": [0.0, 1.0], "lat": [1.0, 0.0]})
    >>> d = centroid_distances(cen, fac)
    >>> list(d.row_ids), list(d.col_ids), d.metres.round().tolist()
    (['a'], ['n', 'e'], [[111195.0, 111195.0]])
    """
    return Distances(
        pd.Index(centroids["area_id"]),
        pd.Index(fac["facility_id"]),
        _haversine_grid(centroids, fac),
    )


def _is_identity(index: np.ndarray, size: int) -> bool:
    """Whether positions ``index`` pick all ``size`` rows in their order."""
    return len(index) == size and bool((index == np.arange(size)).all())


def aligned_distances(
    dist: Distances, area_ids: pd.Index, fac: pd.DataFrame, centroids: pd.DataFrame
) -> FloatArray:
    """Distances (m) for ``area_ids`` × rows of ``fac``; planned facilities are computed anew.

    For all stored areas and facilities in stored order the result is the stored matrix itself,
    read-only (callers scale it into a new array).

    >>> d = Distances(pd.Index(["a"]), pd.Index(["f"]), np.array([[100.0]]))
    >>> fac = pd.DataFrame({"facility_id": ["plan:1", "f"], "lon": [13.0, 0.0], "lat": [53.0, 0.0]})
    >>> cen = pd.DataFrame({"area_id": ["a"], "lon": [13.0], "lat": [52.0]})
    >>> aligned_distances(d, pd.Index(["a"]), fac, cen).round().tolist()
    [[111195.0, 100.0]]
    """
    rows = dist.row_ids.get_indexer(area_ids)
    if (rows < 0).any():
        raise ValueError("Für einige Gebiete fehlen Entfernungen.")
    cols = dist.col_ids.get_indexer(pd.Index(fac["facility_id"]))
    if _is_identity(rows, dist.metres.shape[0]) and _is_identity(cols, dist.metres.shape[1]):
        # the stored areas and facilities as they are (the usual case): no 12 MB copy per rerun
        whole: FloatArray = dist.metres.view()
        whole.flags.writeable = False
        return whole
    picked = dist.metres if _is_identity(rows, dist.metres.shape[0]) else dist.metres[rows]
    out: FloatArray = (
        np.take(picked, np.clip(cols, 0, None), axis=1) if len(cols) else np.empty((len(rows), 0))
    )
    new = np.flatnonzero(cols < 0)
    if len(new):
        c = centroids.set_index("area_id").loc[area_ids]
        out[:, new] = _haversine_grid(c, fac.iloc[new])
    return out
