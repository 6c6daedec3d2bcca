"""The slide handout: per slide one page with its picture, source, Stand, data version and link.

Renders real PNGs through kaleido and the system Chromium (run under the heavy-job lock).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import plotly.graph_objects as go
import pytest
from PIL import Image
from pypdf import PdfReader

from components import meeting_slides as ms
from components.image_export import browser_path

pytestmark = pytest.mark.skipif(browser_path() is None, reason="kein Chromium für kaleido")

DECK = [
    ms.Slide("Kitas in Neukölln", "bedarf", (("ebene", "Bezirk"),)),
    ms.Slide("Bevölkerung bis 2040", "projektion", (("ende", "2040"),)),
    ms.Slide("Nur verlinkt", "sozialraeume", ()),
]


def _chart(title: str, source: str, colour: str) -> go.Figure:
    from components import charts

    fig = go.Figure(go.Bar(x=["A", "B", "C"], y=[3, 1, 2], marker_color=colour))
    return charts.style(fig, title=title, source=source, height=360)


def _pages(raw: bytes) -> list[tuple[str, int]]:
    reader = PdfReader(io.BytesIO(raw))
    return [(" ".join(p.extract_text().split()), len(p.images)) for p in reader.pages]


def test_each_slide_prints_its_picture_source_stand_and_link(demo_env: Path) -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from components import meeting
    from components.layout import data_stamp

    pictures = {
        DECK[0].url: _chart("Plätze je Bezirk", "Quelle: Kita-Register · Stand: 01.03.2026", "red"),
        DECK[1].url: _chart("Einwohner", "Quelle: Melderegister · Stand: 31.12.2024", "blue"),
    }
    raw = meeting.handout_pdf(DECK, "http://atlas.example", pictures)
    pages = _pages(raw)
    stamp = data_stamp()

    def page_of(title: str) -> tuple[str, int]:
        found = [p for p in pages if title in p[0]]
        assert len(found) == 1, f"{title}: {len(found)} Seiten"
        return found[0]

    text, images = page_of("Folie 1: Kitas in Neukölln")
    assert "Ansicht öffnen: http://atlas.example/bedarf?ebene=Bezirk" in text
    assert "Quelle: Kita-Register" in text and "Stand: 01.03.2026" in text
    assert stamp in text
    assert images == 1
    assert "Melderegister" not in text  # the other slide's source is on its own page

    text, images = page_of("Folie 2: Bevölkerung bis 2040")
    assert "Ansicht öffnen: http://atlas.example/projektion?ende=2040" in text
    assert "Quelle: Melderegister" in text and "Stand: 31.12.2024" in text
    assert stamp in text
    assert images == 1

    # a slide restored from a link and not shown yet: no picture, and the handout says so
    text, images = page_of("Folie 3: Nur verlinkt")
    assert "Ansicht öffnen: http://atlas.example/sozialraeume" in text
    assert "Kein Bild gespeichert" in text
    assert "Stand" in text and stamp in text
    assert images == 0

    # the pictures are the slides' charts: the first is mostly red bars, the second blue
    reader = PdfReader(io.BytesIO(raw))
    colours = []
    for page in reader.pages:
        for img in page.images:
            rgb = Image.open(io.BytesIO(img.data)).convert("RGB").resize((80, 40))
            px = list(rgb.get_flattened_data())
            red = sum(1 for r, g, b in px if r > 200 and g < 80 and b < 80)
            blue = sum(1 for r, g, b in px if b > 200 and r < 80 and g < 80)
            colours.append("rot" if red > blue else "blau")
    assert colours == ["rot", "blau"]


def test_saving_or_showing_a_slide_keeps_the_views_main_picture(demo_env: Path) -> None:
    from streamlit.testing.v1 import AppTest

    from components import image_export

    app = str(Path(__file__).resolve().parents[2] / "app.py")
    at = AppTest.from_file(app, default_timeout=90)
    at.run()
    at.switch_page("features/areas/page.py")
    at.query_params.update({"ebene": "Bezirk"})
    at.run()
    at.text_input(key="meet.titel").input("Bezirke").run()
    at.button(key="meet_add").click().run()
    assert not at.exception
    slide = at.session_state["meet.folien"][0]
    picture = at.session_state["meet.bilder"][slide.url]
    # the page's first picture is its map: the map's title and source line travel with it
    assert "Bezirk" in image_export.chart_title(picture)
    assert image_export.source_text(picture).startswith("Quelle")

    # a slide restored from a link has no picture until it is shown in presentation mode
    at2 = AppTest.from_file(app, default_timeout=90)
    at2.query_params.update({"praesentation": "1", "folien": ms.to_param([slide])})
    at2.run()
    assert "meet.bilder" not in at2.session_state
    at2.button(key="meet_next").click().run()
    assert not at2.exception
    shown = at2.session_state["meet.bilder"][slide.url]
    assert image_export.chart_title(shown) == image_export.chart_title(picture)
