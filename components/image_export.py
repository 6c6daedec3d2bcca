"""Static chart images (PNG, SVG) through kaleido and the system Chromium – nothing is downloaded.

Images are only made on demand (a click on a download button); a Chromium start costs a few
seconds. The chart's source line (an annotation added by ``charts.style``) is part of the
picture; PNG and SVG also carry source, data date and data version as file metadata.
No streamlit import: usable from tests and scripts.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import threading
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components import steps
from components.formatting import fmt_date

#: Chromium installed by the system package manager (Debian: ``chromium``)
SYSTEM_BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
PNG_SCALE = 2
_TAGS = re.compile(r"<[^>]+>")


def browser_path() -> str | None:
    """The Chromium kaleido should drive: ``BROWSER_PATH`` if set, else a system install."""
    configured = os.environ.get("BROWSER_PATH")
    if configured and os.path.isfile(configured):
        return configured
    for candidate in SYSTEM_BROWSERS:
        if os.path.isfile(candidate):
            return candidate
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found


#: Each image starts a headless Chromium on the server; one at a time keeps a busy (or hostile)
#: public audience from exhausting the machine. Others wait their turn.
_RENDER_SLOT = threading.BoundedSemaphore(1)


def _render(fig: go.Figure, fmt: str, scale: float) -> bytes:
    with _RENDER_SLOT:
        return _render_now(fig, fmt, scale)


def _render_now(fig: go.Figure, fmt: str, scale: float) -> bytes:
    path = browser_path()
    if path is None:
        raise RuntimeError(
            "Für den Bildexport wird Chromium benötigt (Debian: apt-get install chromium)."
        )
    os.environ["BROWSER_PATH"] = path  # read by choreographer when kaleido starts the browser
    width = fig.layout.width or 1100
    height = fig.layout.height or 500
    return bytes(fig.to_image(format=fmt, width=width, height=height, scale=scale))


def source_text(fig: go.Figure) -> str:
    """The chart's source line (the annotation starting with "Quelle" or "Datenversion")."""
    for ann in fig.layout.annotations or ():
        text = " ".join(_TAGS.sub(" ", str(ann.text or "")).split())
        if text.startswith(("Quelle", "Datenversion")):
            return text
    return ""


def chart_title(fig: go.Figure) -> str:
    """Plain-text title of a figure ("Grafik" when it has none)."""
    text = fig.layout.title.text if fig.layout.title else None
    return _TAGS.sub(" ", str(text)).strip() if text else "Grafik"


def _png_with_metadata(png: bytes, meta: dict[str, str]) -> bytes:
    """Add ``iTXt`` chunks (UTF-8: umlauts survive) with title, source and version."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    for key, value in meta.items():
        if value:
            info.add_itxt(key, value)
    with Image.open(io.BytesIO(png)) as img:
        out = io.BytesIO()
        img.save(out, format="PNG", pnginfo=info, optimize=False)
    return out.getvalue()


def png_bytes(fig: go.Figure, *, stamp: str = "", scale: float = PNG_SCALE) -> bytes:
    """The chart as PNG (``scale`` × the layout size) with title/source/version metadata."""
    steps.step(f"Grafik zeichnen: {chart_title(fig)}")
    png = _render(fig, "png", scale)
    meta = {
        "Title": chart_title(fig),
        "Source": source_text(fig),
        "Comment": stamp,
        "Software": "Planungsatlas",
    }
    return _png_with_metadata(png, meta)


def svg_bytes(fig: go.Figure, *, stamp: str = "") -> bytes:
    """The chart as SVG; ``<title>``, ``<desc>`` and ``<metadata>`` name title, source, version."""
    svg = _render(fig, "svg", 1).decode("utf-8")
    title, source = escape(chart_title(fig)), escape(source_text(fig))
    block = (
        f"<title>{title}</title><desc>{source}</desc>"
        f'<metadata><planungsatlas source="{source}" version="{escape(stamp)}"/></metadata>'
    )
    head_end = svg.find(">", svg.find("<svg")) + 1
    return (svg[:head_end] + block + svg[head_end:]).encode("utf-8")


def _readable(value: object) -> object:
    """Dates as TT.MM.JJJJ (exports are read by people); everything else unchanged."""
    if isinstance(value, dt.date | pd.Timestamp | np.datetime64):
        return fmt_date(pd.Timestamp(value))
    return value


def figure_table(fig: go.Figure) -> pd.DataFrame:
    """The plotted data as a long table (series, x, y) for charts without their own table."""
    rows: list[dict[str, object]] = []
    for n, trace in enumerate(fig.data, start=1):
        name = str(getattr(trace, "name", None) or f"Reihe {n}")
        raw_x = getattr(trace, "x", None)
        raw_y = getattr(trace, "y", None)
        if raw_x is None and raw_y is None:
            continue
        ys: list[Any] = list(raw_y) if raw_y is not None else []
        xs: list[Any] = list(raw_x) if raw_x is not None else list(range(len(ys)))
        if raw_y is None:
            ys = [None] * len(xs)
        for x, y in zip(xs, ys, strict=False):
            rows.append({"Reihe": name, "x": _readable(x), "y": _readable(y)})
    frame = pd.DataFrame(rows, columns=["Reihe", "x", "y"])
    xt = fig.layout.xaxis.title.text if fig.layout.xaxis and fig.layout.xaxis.title else None
    yt = fig.layout.yaxis.title.text if fig.layout.yaxis and fig.layout.yaxis.title else None
    return frame.rename(columns={"x": str(xt or "x"), "y": str(yt or "Wert")})
