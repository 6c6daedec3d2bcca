"""Plotly charts that read well on a projector, each with source, data date and a table alternative."""

from __future__ import annotations

import functools
import re
import textwrap
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from components import chart_room, image_export, meeting
from components.exports import csv_bytes, xlsx_bytes
from components.layout import data_stamp
from data_layer.read.db import is_public_mode

FONT_SIZE = chart_room.FONT_SIZE
#: Okabe–Ito palette: distinguishable with the common colour-vision deficiencies
QUALITATIVE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
]
HIGHLIGHT = "#D55E00"
NEUTRAL = "#8C8C8C"
#: trace types of the app's charts; :func:`style` sends "plotly_white" with the defaults of
#: these types only (its layout part unchanged), see :func:`_template`
TRACE_TYPES = frozenset({"bar", "scatter", "scattergl", "histogram", "heatmap"})


@functools.lru_cache(maxsize=8)
def _template(types: frozenset[str]) -> go.layout.Template:
    """ "plotly_white" with trace defaults for ``types`` only (shared, never modified).

    The full template carries defaults for 24 trace types (≈ 7 kB JSON per figure) that the
    browser's plotly walks on every redraw; the defaults of types a figure does not contain
    cannot change its look. Handing plotly a template object (instead of the name) also spares
    one validated copy per figure: :func:`style` ≈ 21 → ≈ 12 ms.
    """
    full = pio.templates["plotly_white"]
    return go.layout.Template(
        layout=full.layout, data={t: getattr(full.data, t) for t in sorted(types)}
    )


def source_line(meta: dict[str, Any] | None) -> str:
    """ "Quelle: … · Stand: … · Datenversion …" for captions and exports."""
    if not meta:
        return data_stamp()
    return (
        f"Quelle: {meta.get('source', '–')} · Stand: {meta.get('data_date', '–')} · {data_stamp()}"
    )


def _years_on_x(fig: go.Figure) -> bool:
    """True when every trace's x values are whole numbers between 1800 and 2200 (years).

    >>> _years_on_x(go.Figure(go.Scatter(x=[2024, 2030, 2045], y=[1, 2, 3])))
    True
    >>> _years_on_x(go.Figure(go.Bar(x=[1500.0, 2500.5], y=[1, 2])))
    False
    """
    seen = False
    for trace in fig.data:
        x = getattr(trace, "x", None)
        if x is None or len(x) == 0:
            continue
        try:
            values = np.asarray(x, dtype=float)
        except (TypeError, ValueError):
            return False
        values = values[~np.isnan(values)]
        if not len(values) or not (
            np.all(values == np.round(values)) and values.min() >= 1800 and values.max() <= 2200
        ):
            return False
        seen = True
    return seen


#: characters per line of the source note under a chart (≈ 11 px type: fits ≈ 600 px width)
SOURCE_WRAP = chart_room.SOURCE_WRAP
#: pixels below the plot area kept for x tick labels and the x axis title
AXIS_SPACE_PX = 62
SOURCE_LINE_PX = 15
#: characters per title line (≈ 18 px bold type: fits a 600 px chart, the narrowest on a phone)
TITLE_WRAP = 55
TITLE_LINE_PX = 24


def wrap_title(title: str, width: int = TITLE_WRAP) -> list[str]:
    """A chart title in lines of at most ``width`` characters (plotly never wraps a title).

    >>> wrap_title("Altstadt im Vergleich zu Kommune (grau = ohne Wertung)", 30)
    ['Altstadt im Vergleich zu', 'Kommune (grau = ohne Wertung)']
    """
    if "<br>" in title:  # broken by the caller
        return title.split("<br>")
    return textwrap.wrap(title, width, break_long_words=False, break_on_hyphens=False) or [title]


def wrap_source(text: str, width: int = SOURCE_WRAP) -> list[str]:
    """The source note in lines of at most ``width`` characters, broken at " · " or spaces.

    Never inside a word or a date: a part longer than ``width`` is broken at its spaces.

    >>> wrap_source("Quelle: Amt A · Stand: 31.12.2024 · Datenversion abc vom 01.12.2026", 40)
    ['Quelle: Amt A · Stand: 31.12.2024 ·', 'Datenversion abc vom 01.12.2026']
    >>> wrap_source("Quelle: ein sehr langer Name einer Quelle", 20)
    ['Quelle: ein sehr', 'langer Name einer', 'Quelle']
    """
    lines: list[str] = []
    current = ""
    for part in (p.strip() for p in text.split(" · ")):
        if not part:
            continue
        candidate = f"{current} · {part}" if current else part
        if len(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current + " ·")
        pieces = textwrap.wrap(part, width, break_long_words=False, break_on_hyphens=False)
        lines += pieces[:-1]
        current = pieces[-1] if pieces else ""
    if current:
        lines.append(current)
    return lines


def style(fig: go.Figure, *, title: str, source: str, height: int = 460) -> go.Figure:
    """Large type, white background, the source line under the plot (it travels with PNG/SVG exports).

    Returns the styled chart as a new figure (``fig`` stays as it was). The source note is
    wrapped (never cut) and placed a fixed number of pixels below the plot; the bottom margin
    grows with its number of lines, so the whole note is inside the image.

    The style is merged into the figure's plain specification (as ``update_layout`` and
    ``update_xaxes`` would do) and the result is not validated again: its traces were validated
    when they were made, the style below is fixed. Validating plotly objects is what made
    styling cost ≈ 13 ms per chart; now ≈ 1 ms (``tests/components/test_charts_style.py``
    checks that the result equals a validated figure).
    """
    # a note the caller already broke into lines (map pictures) is kept as it is
    lines = (
        source.split("<br>")
        if "<br>" in source
        else wrap_source(source, chart_room.note_width(fig))
    )
    spec = plain_spec(fig)
    layout = spec["layout"]
    merge_into(
        layout,
        {
            "title": chart_room.title_layout(title, FONT_SIZE + 3),
            "font": {"size": FONT_SIZE, "family": "Source Sans Pro, Arial, sans-serif"},
            "height": height,
            "margin": {
                "l": 10,
                "r": 10,
                "t": 60,
                "b": AXIS_SPACE_PX + SOURCE_LINE_PX * max(len(lines), 1) + 12,
            },
            "separators": ",.",
            "colorway": list(QUALITATIVE),
        },
    )
    layout["template"] = _template_spec(TRACE_TYPES | {t.type for t in fig.data})
    # German numbers on the axes: 1.234,5 (not "1.2k"; thousands grouped); 2025, not "2.025"
    x_axis = {"separatethousands": True, "exponentformat": "none"}
    if _years_on_x(fig):
        x_axis.update(tickformat="d", separatethousands=False)
    for axis in _axes(layout, "x"):
        merge_into(layout.setdefault(axis, {}), x_axis)
    for axis in _axes(layout, "y"):
        merge_into(
            layout.setdefault(axis, {}), {"separatethousands": True, "exponentformat": "none"}
        )
    layout.setdefault("annotations", []).append(
        {
            "text": "<br>".join(lines),
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 0,
            "yshift": -AXIS_SPACE_PX,
            "xanchor": "left",
            "yanchor": "top",
            "showarrow": False,
            "font": {"size": 11, "color": "#444"},
            "align": "left",
        }
    )
    return unchecked_figure(spec)


def merge_into(target: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Merge ``extra`` into ``target`` as plotly's ``update`` does (nested dicts merge, the rest
    replaces); returns ``target``.

    >>> merge_into({"font": {"size": 10, "color": "red"}, "height": 3}, {"font": {"size": 18}})
    {'font': {'size': 18, 'color': 'red'}, 'height': 3}
    """
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge_into(target[key], value)
        else:
            target[key] = value
    return target


def _axes(layout: dict[str, Any], letter: str) -> list[str]:
    """The layout's axes of one direction (``xaxis``, ``xaxis2``, …); ``xaxis`` when it has none
    (plotly's ``update_xaxes`` sets the default axis then too)."""
    found = [k for k in layout if re.fullmatch(f"{letter}axis[0-9]*", k)]
    return found or [f"{letter}axis"]


@functools.lru_cache(maxsize=8)
def _template_spec(types: frozenset[str]) -> dict[str, Any]:
    """:func:`_template` as a plain specification (shared: a figure made from it holds a copy,
    ``test_the_styled_figure_has_its_own_template``)."""
    plain: dict[str, Any] = _template(types).to_plotly_json()
    return plain


def plain_spec(fig: go.Figure) -> dict[str, Any]:
    """Traces and layout of ``fig`` as plain dicts (copies; arrays stay numpy arrays, where
    ``Figure.to_dict`` would encode them for the browser)."""
    return {
        "data": [trace.to_plotly_json() for trace in fig.data],
        "layout": fig.layout.to_plotly_json(),
    }


def unchecked_figure(spec: dict[str, Any]) -> go.Figure:
    """A figure from a plain specification without plotly's validation.

    Only for specifications made of validated parts (:func:`plain_spec`) and fixed style
    entries. ``_validate`` is plotly's own switch (its template code uses it; pinned plotly,
    checked by ``tests/components/test_charts_style.py``).
    """
    return go.Figure(spec, _validate=False)


_FOLD = {ord("ä"): "ae", ord("ö"): "oe", ord("ü"): "ue", ord("ß"): "ss"}


def _slug(text: str) -> str:
    """File-name stem from a title: ``"Kita – Mitte"`` → ``"kita_mitte"``."""
    folded = text.lower().translate(_FOLD)
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:60] or "grafik"


def export_menu(fig: go.Figure, *, key: str, table: pd.DataFrame | None = None) -> None:
    """An "Exportieren" popover: PNG and SVG of the chart, CSV and XLSX of its table.

    Every file is generated only when the user clicks (deferred download); a rerun
    costs four button registrations, no rendering.
    """
    meeting.remember_figure(fig)  # the view's first picture goes into the slide handout
    stamp = data_stamp()
    source = image_export.source_text(fig) or stamp
    stem = _slug(image_export.chart_title(fig))
    frame = table

    def _table() -> pd.DataFrame:
        return frame if frame is not None else image_export.figure_table(fig)

    files = {
        "png": ("Bild (PNG)", lambda: image_export.png_bytes(fig, stamp=stamp), "image/png"),
        "svg": ("Vektorgrafik (SVG)", lambda: image_export.svg_bytes(fig, stamp=stamp),
                "image/svg+xml"),
        "csv": ("Tabelle (CSV)", lambda: csv_bytes(_table(), source=source, stamp=stamp),
                "text/csv"),
        "xlsx": ("Tabelle (Excel)", lambda: xlsx_bytes(_table(), source=source, stamp=stamp),
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    }  # fmt: skip
    with st.popover("Exportieren", icon=":material/download:", key=f"{key}.export"):
        for ext, (label, make, mime) in files.items():
            st.download_button(
                label,
                make,
                file_name=f"{stem}.{ext}",
                mime=mime,
                key=f"{key}.dl_{ext}",
                on_click="ignore",
                width="stretch",
            )
        st.caption(
            "Jede Datei nennt Quelle, Stand und Datenversion. Bilder entstehen erst beim "
            "Klick (einige Sekunden)."
        )
        if is_public_mode():
            st.caption(
                "Öffentliche Fassung: Exporte enthalten nur freigegebene Daten mit "
                "Geheimhaltung – die öffentliche Datenbasis enthält nichts anderes."
            )


def _present(values: Any) -> npt.NDArray[np.bool_]:
    """Per value: given (a finite number, a text, a date), not None or NaN.

    >>> _present([1.0, None, float("nan"), "Mitte", float("inf")]).tolist()
    [True, False, False, True, False]
    """
    if values is None:
        return np.zeros(0, dtype=bool)
    items = list(np.ravel(np.asarray(values, dtype=object)))
    numbers = pd.to_numeric(pd.Series(items, dtype=object), errors="coerce").to_numpy(float)
    text = np.array([isinstance(v, str) and v != "" for v in items], dtype=bool)
    dates = np.array([hasattr(v, "year") for v in items], dtype=bool)
    present: npt.NDArray[np.bool_] = np.isfinite(numbers) | text | dates
    return present


def has_marks(fig: go.Figure) -> bool:
    """Whether a chart draws something worth showing.

    False when it has no bar with a value, fewer than two points with values in its
    line/scatter traces, or only missing values (heatmaps etc.). Bars count their value
    axis (``x`` of horizontal bars, else ``y``).

    >>> has_marks(go.Figure(go.Bar(x=[], y=[])))
    False
    >>> has_marks(go.Figure(go.Bar(x=[5.0], y=["Mitte"], orientation="h")))
    True
    >>> has_marks(go.Figure(go.Scatter(x=[2020], y=[1.0])))
    False
    >>> has_marks(go.Figure(go.Scatter(x=[2020, 2021], y=[1.0, None])))
    False
    >>> has_marks(go.Figure(go.Scatter(x=[2020, 2021], y=[1.0, 2.0])))
    True
    """
    bars = points = other = 0
    for trace in fig.data:
        if trace.type in {"bar", "histogram"}:
            horizontal = getattr(trace, "orientation", None) == "h"
            values = trace.x if horizontal else trace.y
            bars += int(_present(values).sum()) if values is not None else 0
        elif trace.type in {"scatter", "scattergl"}:
            x, y = _present(trace.x), _present(trace.y)
            if len(x) and len(y):
                n = min(len(x), len(y))
                points += int((x[:n] & y[:n]).sum())
            else:
                points += int(x.sum() + y.sum())
        else:
            other += int(_present(getattr(trace, "z", None)).sum())
            for attr in ("y", "values"):
                other += int(_present(getattr(trace, attr, None)).sum())
    return bars > 0 or points >= 2 or other > 0


def show_or_note(
    fig: go.Figure,
    note: str,
    *,
    key: str,
    table: pd.DataFrame | None = None,
    table_label: str = "Tabelle zur Grafik",
) -> bool:
    """:func:`show` the chart if it has marks (:func:`has_marks`), else the German ``note``.

    ``note`` says in words (with the number, if there is one) what the empty chart would
    have shown. Returns whether the chart was drawn.
    """
    if not has_marks(fig):
        st.info(note)
        return False
    show(fig, key=key, table=table, table_label=table_label)
    return True


def on_screen(fig: go.Figure) -> go.Figure:
    """``fig`` with a long title broken into lines (a copy; short titles: ``fig`` itself).

    The page's chart may be as narrow as a phone (600 px); exported files keep their width
    and their one-line title.
    """
    title = fig.layout.title.text if fig.layout.title else None
    if not title or "<br>" in str(title) or len(str(title)) <= TITLE_WRAP:
        return fig
    heads = wrap_title(str(title))
    out = unchecked_figure(plain_spec(fig))  # a copy of a valid figure (plotly's copy: ≈ 5 ms)
    top = out.layout.margin.t if out.layout.margin.t is not None else 60
    extra = TITLE_LINE_PX * (len(heads) - 1)
    out.update_layout(title_text="<br>".join(heads), margin_t=top + extra)
    if out.layout.height:  # the plot keeps its room: rows of a bar chart keep their labels
        out.update_layout(height=int(out.layout.height) + extra)
    return chart_room.place_legend(out)  # a legend above the plot moves down with the title


def show(
    fig: go.Figure,
    *,
    key: str,
    table: pd.DataFrame | None = None,
    table_label: str = "Tabelle zur Grafik",
    table_below: bool = False,
) -> None:
    """Render a chart, its export menu and its data as a table (text alternative).

    ``table_below``: the page shows the chart's table right below it itself; the export menu
    offers ``table`` but it is not repeated in an expander.
    """
    shown = on_screen(meeting.projector_figure(fig) if meeting.is_active() else fig)
    st.plotly_chart(
        shown,
        key=key,
        config={"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}},
    )
    export_menu(fig, key=key, table=table)
    if table is not None and not table_below:
        with st.expander(table_label):
            st.dataframe(table, hide_index=True, width="stretch")
