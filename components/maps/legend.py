"""The classes of a map as texts and colours, and each area's class (for pictures and tables).

A :class:`MapLegend` holds what the on-screen legend shows. :func:`area_classes` finds each
area's class from the fill colour the interactive map gives it, so the static picture and the
table of a map show exactly the classes of the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from components.maps.paths import AreaPaths

RGB = tuple[int, int, int]
NO_DATA_LABEL = "keine Angabe / zu geringe Fallzahl"


@dataclass(frozen=True)
class MapLegend:
    """The classes a map shows: texts and colours as in its on-screen legend.

    ``title`` is the legend heading (e.g. "Quantile (5 Klassen) (%)"). Areas whose fill is not
    one of ``colors`` are drawn grey under ``no_data_label``. ``highlight_label`` names the
    areas drawn with a thick outline (default: their names, or their number if more than 3).
    """

    labels: tuple[str, ...]
    colors: tuple[RGB, ...]
    title: str = ""
    no_data_label: str = NO_DATA_LABEL
    highlight_label: str = ""

    def __post_init__(self) -> None:
        if len(self.labels) != len(self.colors):
            raise ValueError("Jede Legendenklasse braucht genau eine Farbe.")


def legend_of(
    labels: Sequence[str],
    colors: Sequence[Sequence[int]],
    title: str = "",
    *,
    highlight_label: str = "",
) -> MapLegend:
    """A :class:`MapLegend` from the arguments of ``maps.legend`` (colours as lists or tuples)."""
    rgb = tuple(rgb_of(c) for c in colors)
    return MapLegend(tuple(str(x) for x in labels), rgb, title, highlight_label=highlight_label)


def rgb_of(color: Sequence[int]) -> RGB:
    r, g, b = (int(x) for x in tuple(color)[:3])
    return (r, g, b)


def area_classes(ids: Sequence[str], styled: pd.DataFrame, legend: MapLegend) -> np.ndarray:
    """Legend class per area (index into ``legend.labels``; −1 = keine Angabe), by fill colour.

    >>> styled = pd.DataFrame({"area_id": ["a", "b"], "fill": [(9, 9, 9), (1, 2, 3)]})
    >>> area_classes(["a", "b", "c"], styled, MapLegend(("x",), ((1, 2, 3),))).tolist()
    [-1, 0, -1]
    """
    index: dict[Any, int] = {}
    for i, color in enumerate(legend.colors):
        index.setdefault(color, i)
    by_area = {
        a: index[f] if isinstance(f, tuple) and f in index else index.get(rgb_of(f), -1)
        for a, f in zip(styled["area_id"], styled["fill"], strict=True)
    }
    return np.fromiter((by_area.get(a, -1) for a in ids), dtype=np.int64, count=len(ids))


def map_table(paths: AreaPaths, classes: np.ndarray, legend: MapLegend) -> pd.DataFrame:
    """The map as a table (text alternative, CSV/XLSX): area, key, class text."""
    labels = np.array([*legend.labels, legend.no_data_label], dtype=object)
    return pd.DataFrame(
        {
            "Gebiet": list(paths.names),
            "Schlüssel": list(paths.local_ids),
            legend.title or "Klasse": labels[classes],  # −1 → the last entry (keine Angabe)
        }
    )
