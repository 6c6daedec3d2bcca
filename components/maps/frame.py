"""The extent a map frames: the bulk of the Kommune, not its far-flung exclaves and islets.

A Kommune may own a forest 40 km away or a few tiny islands far out at sea; framing the
bounding box of *every* part would shrink the Kommune itself to a corner of the map. The rule
(:func:`framing_bounds`, pure, hand-worked tests in tests/components/test_maps_outlines.py):

1. Every polygon part of every area counts with its surface (x scaled by cos(latitude), so
   that a degree of longitude counts as much as on the ground).
2. The *core*: the largest parts that together hold ``core_share`` (90 %) of the surface.
3. The frame is the bounding box of the core, grown by every part that lies within ``reach``
   (25 %) of the frame's larger side – repeated until no part is added. Neighbouring areas,
   small or large, are always reached; a part farther out is left outside the frame (it is
   still drawn, the user can pan to it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely

Bounds = tuple[float, float, float, float]
#: the extent of Germany: the fallback frame of a map without areas
GERMANY: Bounds = (5.0, 47.0, 15.0, 55.0)
CORE_SHARE = 0.9
REACH = 0.25


def framing_bounds(
    geometries: Sequence[Any] | np.ndarray,
    *,
    core_share: float = CORE_SHARE,
    reach: float = REACH,
) -> Bounds:
    """(minx, miny, maxx, maxy) in degrees of the bulk of ``geometries`` (see module docstring).

    >>> main, islet = shapely.box(0, 0, 10, 10), shapely.box(50, 0, 51, 1)
    >>> framing_bounds([main, islet])
    (0.0, 0.0, 10.0, 10.0)
    >>> framing_bounds([main, shapely.box(10, 0, 12, 2)])  # a small neighbour stays in
    (0.0, 0.0, 12.0, 10.0)
    """
    geoms = np.asarray(list(geometries), dtype=object)
    geoms = geoms[~shapely.is_missing(geoms)] if len(geoms) else geoms
    if not len(geoms):
        return GERMANY
    parts = shapely.get_parts(geoms)
    parts = parts[~shapely.is_empty(parts)]
    if not len(parts):
        return GERMANY
    box = shapely.bounds(parts)  # n × 4
    lat = (float(np.nanmin(box[:, 1])) + float(np.nanmax(box[:, 3]))) / 2
    scale = max(math.cos(math.radians(lat)), 1e-6)
    surface = shapely.area(parts) * scale
    if not np.nansum(surface) > 0:  # points or lines only: all of them
        return _as_bounds(box)
    order = np.argsort(-surface, kind="stable")
    cumulative = np.cumsum(surface[order])
    n_core = int(np.searchsorted(cumulative, core_share * cumulative[-1], side="left")) + 1
    taken = np.zeros(len(parts), dtype=bool)
    taken[order[:n_core]] = True
    while True:
        frame = _as_bounds(box[taken])
        margin_x = reach * max((frame[2] - frame[0]), (frame[3] - frame[1]) / scale)
        margin_y = margin_x * scale
        near = (
            (box[:, 0] <= frame[2] + margin_x)
            & (box[:, 2] >= frame[0] - margin_x)
            & (box[:, 1] <= frame[3] + margin_y)
            & (box[:, 3] >= frame[1] - margin_y)
        )
        grown = taken | near
        if (grown == taken).all():
            return frame
        taken = grown


def _as_bounds(box: np.ndarray) -> Bounds:
    return (
        float(np.min(box[:, 0])),
        float(np.min(box[:, 1])),
        float(np.max(box[:, 2])),
        float(np.max(box[:, 3])),
    )
