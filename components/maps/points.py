"""Facility points on the static map pictures (PNG/SVG) of ``components.maps.export``.

On screen the Bedarf–Angebot maps show every facility as a circle whose area grows with its
places, coloured by operator type (``maps.facility_layer``). The picture shows the same points:
one marker trace per operator type (the legend names the type, so colour is not the only
carrier), marker area ∝ places, white rim, drawn over the areas.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.maps import deck as maps

#: marker diameter in pixels for the smallest and the largest facility of the picture
SIZE_PX = (3.0, 10.0)


@dataclass(frozen=True)
class MapPoints:
    """Positions (degrees), marker diameters (pixels) and operator type of each facility."""

    lon: np.ndarray
    lat: np.ndarray
    size: np.ndarray
    group: np.ndarray
    title: str = "Einrichtungen (Fläche ∝ Plätze)"

    def digest(self) -> str:
        """A short fingerprint for the figure cache."""
        h = hashlib.sha256()
        for arr in (self.lon, self.lat, self.size):
            h.update(np.ascontiguousarray(arr, dtype=float).tobytes())
        h.update("\x1f".join(map(str, self.group)).encode("utf-8"))
        h.update(self.title.encode("utf-8"))
        return h.hexdigest()[:16]


def facility_points(fac: pd.DataFrame) -> MapPoints | None:
    """The facilities with a position as :class:`MapPoints` (``None`` if there are none).

    Marker area ∝ places (unknown places count as the smallest); diameters between
    :data:`SIZE_PX`.

    >>> fac = pd.DataFrame({"lon": [13.4, 13.5, None], "lat": [52.5, 52.6, 52.7],
    ...     "capacity": [25.0, 100.0, 50.0], "operator_type": ["öffentlich", "privat", "privat"]})
    >>> pts = facility_points(fac)
    >>> pts.size.tolist(), pts.group.tolist()
    ([3.0, 10.0], ['öffentlich', 'privat'])
    """
    ok = fac["lon"].notna() & fac["lat"].notna()
    part = fac.loc[ok]
    if part.empty:
        return None
    root = np.sqrt(part["capacity"].astype(float).fillna(0.0).clip(lower=0.0).to_numpy())
    lo, hi = float(root.min()), float(root.max())
    share = (root - lo) / (hi - lo) if hi > lo else np.zeros_like(root)
    size = SIZE_PX[0] + share * (SIZE_PX[1] - SIZE_PX[0])
    group = part["operator_type"].fillna("unbekannt").astype(str)
    group = group.where(group.isin(list(maps.OPERATOR_RGB)), "unbekannt")
    return MapPoints(
        part["lon"].to_numpy(dtype=float),
        part["lat"].to_numpy(dtype=float),
        np.round(size, 1),
        group.to_numpy(dtype=object),
    )


def point_traces(points: MapPoints) -> list[go.Scatter]:
    """One marker trace per operator type present, in the order of ``maps.OPERATOR_RGB``."""
    traces = []
    for kind, rgb in maps.OPERATOR_RGB.items():
        mask = points.group == kind
        if not mask.any():
            continue
        traces.append(
            go.Scatter(
                x=points.lon[mask],
                y=points.lat[mask],
                mode="markers",
                name=f"Einrichtung: {kind} ({int(mask.sum())})",
                legendgroup="einrichtungen",
                legendgrouptitle={"text": points.title},
                marker={
                    "size": points.size[mask],
                    "color": "#{:02x}{:02x}{:02x}".format(*rgb),
                    "line": {"color": "#ffffff", "width": 0.5},
                },
                hoverinfo="skip",
            )
        )
    return traces
