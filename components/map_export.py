"""Static pictures (PNG, SVG) of the choropleth maps, offered in the same export menu as charts.

The pydeck maps are drawn by deck.gl in the browser; the server cannot take a picture of them.
This module draws the same areas as a plotly figure instead:

* one filled ``go.Scatter`` trace per legend class, all its polygons joined by gaps – the legend
  entries are the class texts, so colour is never the only carrier of information;
* areas without a class (no value, too few cases) grey as "keine Angabe";
* highlighted areas with a thick black outline;
* x/y are longitude/latitude; the y axis is stretched by 1 / cos(mean latitude) so that
  shapes keep their true proportions; axes hidden;
* NO basemap and no plotly ``geo`` traces (plotly.js would fetch topojson from the internet);
* title and source line (with data date and data version) through ``charts.style``, so the
  picture carries them like every chart.

A rerun only makes a light :class:`DeferredMapFigure` (title, source, size; cached per view):
the traces are built when the user clicks an image download in ``charts.export_menu``.
"""

from __future__ import annotations

import hashlib
import json
import math
import textwrap
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
import streamlit as st

from components import charts, maps
from components.formatting import fmt_int
from components.map_points import MapPoints, point_traces

Feature = maps.Feature
RGB = tuple[int, int, int]
NO_DATA_LABEL = "keine Angabe / zu geringe Fallzahl"
WIDTH = 1100
#: width the legend and margins take from the figure (pixels, for the height estimate)
_LEGEND_PX = 340
#: characters per line of the source line under the map (11 px type over 1 100 px)
SOURCE_CHARS = 170
#: area outline (also the border of the legend swatches, like the on-screen legend)
OUTLINE = "#8c8c8c"


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
    rgb = tuple(_rgb(c) for c in colors)
    return MapLegend(tuple(str(x) for x in labels), rgb, title, highlight_label=highlight_label)


def _rgb(color: Sequence[int]) -> RGB:
    r, g, b = (int(x) for x in tuple(color)[:3])
    return (r, g, b)


@dataclass(frozen=True)
class _AreaPaths:
    """Outline coordinates per area: x/y with a NaN row after every ring."""

    ids: tuple[str, ...]
    local_ids: tuple[str, ...]
    names: tuple[str, ...]
    xy: tuple[np.ndarray, ...]
    bounds: tuple[float, float, float, float]


def _rings(geometry: dict[str, Any]) -> list[np.ndarray]:
    """Rings of a (multi)polygon; exteriors counter-clockwise, holes clockwise.

    With the non-zero fill rule of SVG paths a hole drawn the other way round stays open.
    """
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon":
        polygons = coords
    else:  # rare (GeometryCollection …): let shapely find the polygons
        geom = shapely.from_geojson(json.dumps(geometry))
        return [r for p in shapely.get_parts(geom) if p.geom_type == "Polygon"
                for r in _rings(json.loads(shapely.to_geojson(p)))]  # fmt: skip
    out = []
    for polygon in polygons or ():
        for n, ring in enumerate(polygon):
            xy = np.asarray(ring, dtype=float)[:, :2]
            if len(xy) < 3:
                continue
            x, y = xy[:, 0], xy[:, 1]
            ccw = float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1])) > 0
            out.append(xy if ccw == (n == 0) else xy[::-1])
    return out


@st.cache_resource(show_spinner=False, max_entries=32)
def _paths(key: Hashable, _features: Sequence[Feature]) -> _AreaPaths:
    """Outlines of the area set ``key`` (same key, same features – as ``maps.areas_json``)."""
    gap = np.full((1, 2), np.nan)
    xy = []
    for feature in _features:
        rings = _rings(feature[3])
        xy.append(np.concatenate([p for r in rings for p in (r, gap)]) if rings else gap[:0])
    every = np.concatenate(xy) if xy else np.zeros((0, 2))
    bounds = (
        tuple(float(v) for v in (*np.nanmin(every, axis=0), *np.nanmax(every, axis=0)))
        if len(every)
        else (0.0, 0.0, 1.0, 1.0)
    )
    return _AreaPaths(
        tuple(f[0] for f in _features),
        tuple(f[1] for f in _features),
        tuple(f[2] for f in _features),
        tuple(xy),
        (bounds[0], bounds[1], bounds[2], bounds[3]),
    )


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
        a: index[f] if isinstance(f, tuple) and f in index else index.get(_rgb(f), -1)
        for a, f in zip(styled["area_id"], styled["fill"], strict=True)
    }
    return np.fromiter((by_area.get(a, -1) for a in ids), dtype=np.int64, count=len(ids))


def _hex(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _trace(xy: list[np.ndarray], name: str, ids: list[str], **style: Any) -> go.Scatter:
    # a class without areas keeps one gap point: plotly leaves traces without data out of the
    # legend, and the legend should list every class as on screen
    arr = np.concatenate(xy) if xy else np.full((1, 2), np.nan)
    return go.Scatter(
        x=arr[:, 0],
        y=arr[:, 1],
        mode="lines",
        name=name,
        meta={"area_ids": ids},
        hoverinfo="name",
        **style,
    )


def map_figure(
    paths: _AreaPaths,
    classes: np.ndarray,
    legend: MapLegend,
    *,
    title: str,
    source: str,
    selected: Sequence[str] = (),
    points: MapPoints | None = None,
) -> go.Figure:
    """The static map: one trace per class (+ "keine Angabe" if needed, + the highlighted areas,
    + facility points by operator type)."""
    thin = {"color": OUTLINE, "width": 0.5}  # grey: very light classes stay visible
    traces = []
    groups = [(i, lab, legend.colors[i]) for i, lab in enumerate(legend.labels)]
    if (classes < 0).any():
        groups.append((-1, legend.no_data_label, maps.NO_DATA_RGB))
    for i, label, color in groups:
        members = np.flatnonzero(classes == i)
        traces.append(
            _trace(
                [paths.xy[m] for m in members],
                label,
                [paths.ids[m] for m in members],
                fill="toself",
                fillcolor=_hex(color),
                line=thin,
            )
        )
    chosen = [n for n, a in enumerate(paths.ids) if a in set(selected)]
    if chosen:
        traces.append(
            _trace(
                [paths.xy[n] for n in chosen],
                legend.highlight_label or _highlight_text([paths.names[n] for n in chosen]),
                [paths.ids[n] for n in chosen],
                line={"color": "#000000", "width": 3},
            )
        )
    if points is not None:
        traces.extend(point_traces(points))
    fig = go.Figure(traces)
    return _layout(fig, paths.bounds, legend.title, title=title, source=source)


def _highlight_text(names: Sequence[str]) -> str:
    """Legend text of the outlined areas.

    >>> _highlight_text(["Mitte"]), _highlight_text(["a", "b", "c", "d"])
    ('hervorgehoben: Mitte', 'hervorgehoben: 4 Gebiete')
    """
    shown = ", ".join(names) if len(names) <= 3 else f"{fmt_int(len(names))} Gebiete"
    return f"hervorgehoben: {shown}"


def _size(bounds: tuple[float, float, float, float]) -> tuple[int, int, float]:
    """(width, height) in pixels and the y scale ratio 1 / cos(mean latitude)."""
    minx, miny, maxx, maxy = bounds
    ratio = 1 / math.cos(math.radians((miny + maxy) / 2))
    aspect = max(maxy - miny, 1e-6) * ratio / max(maxx - minx, 1e-6)
    height = int(min(max((WIDTH - _LEGEND_PX) * aspect + 150, 420), 1200))
    return WIDTH, height, ratio


def _layout(
    fig: go.Figure, bounds: tuple[float, float, float, float], legend_title: str, **text: str
) -> go.Figure:
    width, height, ratio = _size(bounds)
    lines = textwrap.wrap(text["source"], SOURCE_CHARS) or [""]
    charts.style(fig, title=text["title"], source="<br>".join(lines), height=height)
    fig.update_layout(
        width=width,
        margin={"l": 10, "r": 10, "t": 60, "b": 30 + 16 * len(lines)},
        legend={"title": {"text": legend_title}, "x": 1.02, "y": 1, "yanchor": "top"},
        showlegend=True,
        plot_bgcolor="#ffffff",
    )
    fig.update_xaxes(visible=False, showgrid=False, zeroline=False)
    fig.update_yaxes(visible=False, showgrid=False, zeroline=False, scaleanchor="x",
                     scaleratio=ratio)  # fmt: skip
    # the source line (wrapped) right under the map; charts.style places it for axis labels
    fig.update_annotations(y=0, yshift=-12)
    return fig


class DeferredMapFigure(go.Figure):  # type: ignore[misc]
    """A map figure that carries title, source line and size at once and draws its areas late.

    ``charts.export_menu`` reads title and source on every rerun but renders a picture only on
    a click; rendering serialises the figure (``to_image`` → ``to_dict``), and only then are
    the traces and the styled layout built (≈ 30 ms that a rerun would otherwise pay for every
    new view). :meth:`full` returns the complete figure.
    """

    def __init__(self, layout: dict[str, Any], build: Callable[[], go.Figure]) -> None:
        super().__init__(layout=layout)
        self._build = build

    def full(self) -> go.Figure:
        """The complete static map (built anew on each call)."""
        return self._build()

    def to_dict(self) -> dict[str, Any]:
        """The complete figure's dict – what every plotly export (PNG, SVG, JSON) serialises."""
        return dict(self._build().to_dict())


def deferred_figure(
    paths: _AreaPaths,
    classes: np.ndarray,
    legend: MapLegend,
    *,
    title: str,
    source: str,
    selected: Sequence[str] = (),
    points: MapPoints | None = None,
) -> DeferredMapFigure:
    """:func:`map_figure` that is only built when serialised (see :class:`DeferredMapFigure`)."""
    width, height, _ = _size(paths.bounds)
    shell = {
        "title": {"text": title},
        "annotations": [{"text": source, "xref": "paper", "yref": "paper", "x": 0, "y": 0,
                         "showarrow": False}],
        "width": width,
        "height": height,
    }  # fmt: skip
    return DeferredMapFigure(
        shell,
        lambda: map_figure(
            paths, classes, legend, title=title, source=source, selected=selected, points=points
        ),
    )


def map_table(paths: _AreaPaths, classes: np.ndarray, legend: MapLegend) -> pd.DataFrame:
    """The map as a table (text alternative, CSV/XLSX): area, key, class text."""
    labels = np.array([*legend.labels, legend.no_data_label], dtype=object)
    return pd.DataFrame(
        {
            "Gebiet": list(paths.names),
            "Schlüssel": list(paths.local_ids),
            legend.title or "Klasse": labels[classes],  # −1 → the last entry (keine Angabe)
        }
    )


@st.cache_resource(show_spinner=False, max_entries=24)
def _cached_view(
    digest: str,
    _paths_: _AreaPaths,
    _classes: np.ndarray,
    _legend: MapLegend,
    _text: tuple[str, str],
    _selected: tuple[str, ...],
    _points: MapPoints | None = None,
) -> tuple[DeferredMapFigure, pd.DataFrame]:
    fig = deferred_figure(
        _paths_,
        _classes,
        _legend,
        title=_text[0],
        source=_text[1],
        selected=_selected,
        points=_points,
    )
    return fig, map_table(_paths_, _classes, _legend)


def figure_and_table(
    key: Hashable,
    features: Sequence[Feature],
    styled: pd.DataFrame | Mapping[str, int],
    legend: MapLegend,
    *,
    title: str,
    source: str,
    selected: Sequence[str] = (),
    points: MapPoints | None = None,
) -> tuple[DeferredMapFigure, pd.DataFrame]:
    """Static figure (deferred) and table of a map view; made once per view (shared, never mutate).

    ``key`` names the area set like ``maps.areas_json`` (same key, same ``features``).
    ``styled`` is the map's styled frame (class by fill colour, see :func:`area_classes`) or,
    cheaper, a mapping area_id → class index (−1 or missing = keine Angabe).
    """
    paths = _paths(key, features)
    if isinstance(styled, pd.DataFrame):
        classes = area_classes(paths.ids, styled, legend)
    else:
        classes = np.fromiter((styled.get(a, -1) for a in paths.ids), np.int64, len(paths.ids))
    chosen = tuple(sorted(set(selected) & set(paths.ids)))
    head = repr((key, legend, title, source, chosen, points and points.digest())).encode("utf-8")
    digest = hashlib.sha256(head + classes.tobytes()).hexdigest()
    return _cached_view(digest, paths, classes, legend, (title, source), chosen, points)


def export_menu(
    key: str,
    area_key: Hashable,
    features: Sequence[Feature],
    styled: pd.DataFrame | Mapping[str, int],
    legend: MapLegend,
    *,
    title: str,
    source: str,
    selected: Sequence[str] = (),
    points: MapPoints | None = None,
) -> None:
    """``charts.export_menu`` for a map: PNG and SVG of the static map, CSV/XLSX of its classes.

    ``key`` is the widget key stem (e.g. ``"soz.map.bild"``); files are rendered on click only.
    ``styled``: as for :func:`figure_and_table`; ``points``: facilities drawn over the areas.
    """
    fig, table = figure_and_table(
        area_key,
        features,
        styled,
        legend,
        title=title,
        source=source,
        selected=selected,
        points=points,
    )
    charts.export_menu(fig, key=key, table=table)
