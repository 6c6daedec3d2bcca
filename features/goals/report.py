"""Zielbericht: the goals' Ampel, the attainment of the chosen goal per area (with a map
picture), its measures and the sources as a PDF (``components.pdf``), plus the map picture.

The map is drawn offline with PIL (no basemap, no internet); states are named in a legend, so
colour is never the only carrier of information.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
from PIL import Image, ImageDraw, ImageFont

from components import cache as data
from components import pdf, pdf_job, steps
from components.formatting import fmt_date
from components.layout import data_stamp
from features.areas import api as areas_api
from indicators.goals.attainment import NO_DATA, OFF_TRACK, ON_TRACK, REACHED

FONT_FILE = Path(__file__).resolve().parents[2] / "assets" / "fonts" / "DejaVuSans.ttf"
SIZE = (1600, 900)
LEGEND_W = 420
PAD = 30
#: Okabe–Ito colours; every state is also written in the legend
FILL = {
    REACHED: (0, 158, 115),
    ON_TRACK: (86, 180, 233),
    OFF_TRACK: (213, 94, 0),
    NO_DATA: (225, 225, 225),
}


def _rings(geom: object) -> Iterable[list[tuple[float, float]]]:
    for poly in getattr(geom, "geoms", [geom]):
        if getattr(poly, "geom_type", "") == "Polygon" and not poly.is_empty:
            yield list(poly.exterior.coords)


def map_png(
    frame: gpd.GeoDataFrame,
    states: dict[str, str],
    title: str,
    points: Sequence[tuple[float, float, str]] = (),
    gaps: Collection[str] = (),
) -> bytes:
    """PNG of the areas of ``frame`` (WGS84, indexed by area_id) filled by their state;
    ``points`` (lon, lat, label): measures with a location, drawn as black dots; ``gaps``:
    areas not on course that no measure reaches, outlined in black (as on the page)."""
    steps.step(f"Karte zeichnen: {title}")
    shown = frame.loc[frame.index.isin(set(states))]
    minx, miny, maxx, maxy = shown.total_bounds
    kx = math.cos(math.radians((miny + maxy) / 2))
    lines = textwrap.wrap(title, 62)[:2] or [""]
    if len(textwrap.wrap(title, 62)) > 2:
        lines[-1] = lines[-1][:59] + " …"
    w, h = SIZE[0] - LEGEND_W - 2 * PAD, SIZE[1] - 2 * PAD - 40 * len(lines) - 10
    scale = min(w / max((maxx - minx) * kx, 1e-9), h / max(maxy - miny, 1e-9))

    def px(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(PAD + (x - minx) * kx * scale, SIZE[1] - PAD - (y - miny) * scale)
                for x, y, *_ in coords]  # fmt: skip

    img = Image.new("RGB", SIZE, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    for area_id, geom in shown.geometry.items():
        for ring in _rings(geom):
            draw.polygon(px(ring), fill=FILL[states[str(area_id)]], outline=(110, 110, 110))
    for area_id in set(gaps) & set(shown.index.astype(str)):
        for ring in _rings(shown.geometry.loc[area_id]):
            draw.line([*px(ring), px(ring)[0]], fill=(0, 0, 0), width=3, joint="curve")
    font = ImageFont.truetype(str(FONT_FILE), 28)
    for lon, lat, _label in points:
        if minx <= lon <= maxx and miny <= lat <= maxy:
            ((x, y),) = px([(lon, lat)])
            draw.ellipse(
                (x - 9, y - 9, x + 9, y + 9), fill=(0, 0, 0), outline=(255, 255, 255), width=3
            )
    for i, line in enumerate(lines):
        draw.text((PAD, PAD + 38 * i), line, fill=(0, 0, 0), font=font)
    x0, y = SIZE[0] - LEGEND_W, 120
    counts = pd.Series(list(states.values())).value_counts()
    for state, rgb in FILL.items():
        draw.rectangle((x0, y, x0 + 40, y + 40), fill=rgb, outline=(110, 110, 110))
        draw.text(
            (x0 + 55, y + 4), f"{state} ({int(counts.get(state, 0))})", fill=(0, 0, 0), font=font
        )
        y += 60
    if gaps:
        draw.rectangle((x0, y, x0 + 40, y + 40), fill=(255, 255, 255), outline=(0, 0, 0), width=3)
        draw.multiline_text((x0 + 55, y - 12), f"nicht auf Kurs,\nkeine Maßnahme ({len(gaps)})",
                            fill=(0, 0, 0), font=font, spacing=4)  # fmt: skip
        y += 80
    if points:
        draw.ellipse((x0 + 11, y + 11, x0 + 29, y + 29), fill=(0, 0, 0))
        draw.multiline_text((x0 + 55, y - 12), f"Maßnahme mit\nStandort ({len(points)})",
                            fill=(0, 0, 0), font=font, spacing=4)  # fmt: skip
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def goal_map(
    areas: pd.DataFrame,
    table: pd.DataFrame,
    title: str,
    points: Sequence[tuple[float, float, str]] = (),
    gaps: Collection[str] = (),
) -> bytes | None:
    """The attainment map of one goal on its most frequent level (None without geometry)."""
    if table.empty or "system_code" not in areas.columns:
        return None
    pair = (areas["system_code"].astype(str) + "\t" + areas["level"].astype(str)).mode()
    system, level = str(pair.iloc[0]).split("\t", 1)
    frame = areas_api.geo_frame(system, level, None)
    states = {str(a): str(s) for a, s in zip(table["area_id"], table["state"], strict=True)}
    states = {a: s for a, s in states.items() if a in frame.index}
    shown_gaps = {a for a in gaps if a in states}
    return map_png(frame, states, f"{title} – {level}", points, shown_gaps) if states else None


def report_document(
    overview: pd.DataFrame,
    title: str,
    details: str,
    areas_table: pd.DataFrame,
    measures: pd.DataFrame,
    sources: Sequence[str],
    goal_maps: Sequence[tuple[str, bytes | None]],
    permalink: str,
) -> pdf.Document:
    """The Zielbericht of the page view: all goals' Ampel, one attainment map per goal
    (``goal_maps``: title, PNG or None without geometry), the chosen goal in detail."""
    shown = areas_table.copy()
    for col in shown.columns:
        shown[col] = shown[col].map(lambda v: "–" if pd.isna(v) else (
            f"{v:.2f}".replace(".", ",") if isinstance(v, float) else str(v)))  # fmt: skip
    sections = [
        pdf.Section(
            "Ampel: alle Ziele",
            "● erreicht · ◐ auf Kurs · ○ nicht auf Kurs · – keine Daten (nie als erreicht "
            "gezählt). Ampel = häufigster Stand der Gebiete.",
            overview,
        ),
        *(
            pdf.Section(
                f"Karte: {name}",
                "" if png else "Keine Karte: für die Gebiete dieses Ziels fehlt die Geometrie.",
                image_png=png,
                image_caption=f"Stand je Gebiet: {name} (Farbe und Legende mit Text; schwarz "
                "umrandet: nicht auf Kurs und keine Maßnahme; schwarze Punkte: Maßnahmen mit "
                "Standort; ohne Hintergrundkarte).",
            )
            for name, png in goal_maps
        ),
        pdf.Section(f"Stand je Gebiet: {title}", details, shown.head(60)),
        pdf.Section(
            "Maßnahmen zu diesem Ziel",
            "Keine Maßnahme erfasst." if measures.empty else "",
            None if measures.empty else measures,
        ),
    ]
    return pdf.Document(
        title="Zielbericht",
        subtitle=f"{title} · Stand {fmt_date(dt.date.today())}",
        sections=tuple(sections),
        footer=f"Planungsatlas · {data_stamp()} · erstellt am {fmt_date(dt.date.today())}",
        sources=(*sources, *data.attribution_lines()),
        permalink=permalink,
    )


def report_pdf(doc: pdf.Document) -> bytes:
    """The Zielbericht as PDF bytes."""
    return pdf.render(doc)


def report_button(make: Callable[[], bytes], key: str, identity: str) -> None:
    """The Zielbericht is made on click with its steps shown, then offered for saving
    (``identity``: the view and goals it was made for)."""
    pdf_job.pdf_download(
        "Zielbericht (PDF)",
        make,
        "zielbericht.pdf",
        key,
        identity=identity,
        help="Alle Ziele mit Ampel, Karten je Ziel, Maßnahmen, Quellen, Datenversion und Link. "
        "Wird beim Klick erstellt (die Schritte werden angezeigt) und dann zum Speichern "
        "angeboten.",
    )
