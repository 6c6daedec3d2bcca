"""Static pictures (PNG, SVG) of the choropleth maps, offered in the same export menu as charts.

The pydeck maps are drawn by deck.gl in the browser; the server cannot take a picture of them.
This module draws the same areas as a plotly figure instead:

* one filled ``go.Scatter`` trace per legend class, all its polygons joined by gaps – the legend
  entries are the class texts, so colour is never the only carrier of information;
* areas without a class (no value, too few cases) grey as "keine Angabe";
* highlighted areas with a thick black outline;
* x/y are longitude/latitude; the y axis is stretched by 1 / cos(mean latitude) so that
  shapes keep their true proportions; axes hidden; the axes frame the bulk of the areas
  (``components.maps.frame``): far-flung exclaves and tiny islands lie outside the picture;
* NO basemap and no plotly ``geo`` traces (plotly.js would fetch topojson from the internet);
* title and source line (with data date and data version) through ``charts.style``, so the
  picture carries them like every chart.

A rerun only makes a light :class:`DeferredMapFigure` (title, source, size; cached per view):
the traces are built when the user clicks an image download in ``charts.export_menu``.
"""

from __future__ import annotations

import hashlib
import math
import textwrap
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import charts
from components.formatting import fmt_int
from components.maps import deck as maps
from components.maps.legend import (
    RGB,
    MapLegend,
    area_classes,
    map_table,
)
from components.maps.paths import AreaPaths, area_paths
from components.maps.points import MapPoints, point_traces
from indicators.frame_memo import remember

Feature = maps.Feature
WIDTH = 1100
#: width the legend and margins take from the figure (pixels, for the height estimate)
_LEGEND_PX = 340
#: characters per line of the source line under the map (11 px type over 1 100 px)
SOURCE_CHARS = 170
#: area outline (also the border of the legend swatches, like the on-screen legend)
OUTLINE = "#8c8c8c"
#: white space around the framed areas (share of the frame's width and height)
FRAME_PAD = 0.02


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
    paths: AreaPaths,
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
    fig = charts.style(fig, title=text["title"], source="<br>".join(lines), height=height)
    fig.update_layout(
        width=width,
        margin={"l": 10, "r": 10, "t": 60, "b": 30 + 16 * len(lines)},
        legend={"title": {"text": legend_title}, "x": 1.02, "y": 1, "yanchor": "top"},
        showlegend=True,
        plot_bgcolor="#ffffff",
    )
    # the frame: the bulk of the areas (paths.bounds), far-flung exclaves and islets outside
    minx, miny, maxx, maxy = bounds
    pad_x, pad_y = (maxx - minx) * FRAME_PAD, (maxy - miny) * FRAME_PAD
    fig.update_xaxes(visible=False, showgrid=False, zeroline=False,
                     range=[minx - pad_x, maxx + pad_x])  # fmt: skip
    fig.update_yaxes(visible=False, showgrid=False, zeroline=False, scaleanchor="x",
                     scaleratio=ratio, range=[miny - pad_y, maxy + pad_y])  # fmt: skip
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
    paths: AreaPaths,
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


@st.cache_resource(show_spinner=False, max_entries=24)
def _cached_view(
    digest: str,
    _paths_: AreaPaths,
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
    default: int = -1,
) -> tuple[DeferredMapFigure, pd.DataFrame]:
    """Static figure (deferred) and table of a map view; made once per view (shared, never mutate).

    ``key`` names the area set like ``maps.areas_json`` (same key, same ``features``).
    ``styled`` is the map's styled frame (class by fill colour, see :func:`area_classes`) or,
    cheaper, a mapping area_id → class index; an area missing in the mapping gets ``default``
    (−1 = keine Angabe), so a map of 10 956 Gemeinden passes only its few highlighted ones.
    """
    paths = area_paths(key, features)
    index = remember(paths, "index", lambda: {a: i for i, a in enumerate(paths.ids)})
    if isinstance(styled, pd.DataFrame):
        classes = area_classes(paths.ids, styled, legend)
    else:
        classes = np.full(len(paths.ids), default, dtype=np.int64)
        for area, cls in styled.items():
            at = index.get(area)
            if at is not None:
                classes[at] = cls
    chosen = tuple(sorted(a for a in set(selected) if a in index))
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
    default: int = -1,
) -> None:
    """``charts.export_menu`` for a map: PNG and SVG of the static map, CSV/XLSX of its classes.

    ``key`` is the widget key stem (e.g. ``"soz.map.bild"``); files are rendered on click only.
    ``styled``, ``default``: as for :func:`figure_and_table`; ``points``: facilities drawn over
    the areas.
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
        default=default,
    )
    charts.export_menu(fig, key=key, table=table)
