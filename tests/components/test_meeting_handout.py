"""Slides survive a reload (URL parameter ``folien``) and print as a handout with links."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from urllib.parse import quote

import pytest
from pypdf import PdfReader

from components import meeting_slides as ms

PAGES = ["start", "sozialraeume", "bedarf"]
DECK = [
    ms.Slide("Kitas in Neukölln", "bedarf", (("ebene", "Bezirk"), ("gebiet", "x:08"))),
    ms.Slide("Kinderarmut", "sozialraeume", (("indikator", "kinderarmut"),)),
]


def test_slide_list_round_trips_through_the_url_value() -> None:
    value = ms.to_param(DECK)
    assert value == quote(value, safe="")  # nothing a URL would have to escape
    back = ms.from_param(value, PAGES)
    assert back == DECK
    assert [s.url for s in back] == [
        "/bedarf?ebene=Bezirk&gebiet=x%3A08",
        "/sozialraeume?indikator=kinderarmut",
    ]
    assert ms.to_param([]) == ""


@pytest.mark.parametrize("value", ["kein base64!", "AAAA", "x" * 7000])
def test_a_broken_url_value_gives_a_german_message(value: str) -> None:
    with pytest.raises(ValueError, match="Folienliste im Link"):
        ms.from_param(value, PAGES)


def test_a_slide_for_an_unknown_page_is_refused() -> None:
    value = ms.to_param([ms.Slide("X", "geheim")])
    with pytest.raises(ValueError, match="Folie 1: Unbekannte Seite"):
        ms.from_param(value, PAGES)


def test_the_slide_list_is_never_saved_inside_a_slide() -> None:
    slide = ms.make_slide("T", "bedarf", {"folien": "abc", "ebene": "Bezirk"}, PAGES)
    assert slide.params == (("ebene", "Bezirk"),)


def test_handout_has_one_entry_per_slide_with_link_and_data_version(demo_env: Path) -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from components import meeting
    from components.layout import data_stamp

    raw = meeting.handout_pdf(DECK, "http://atlas.example")
    reader = PdfReader(io.BytesIO(raw))
    flat = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Folie 1: Kitas in Neukölln" in flat
    assert "Folie 2: Kinderarmut" in flat
    assert "http://atlas.example/bedarf?ebene=Bezirk&gebiet=x%3A08" in flat
    assert "http://atlas.example/sozialraeume?indikator=kinderarmut" in flat
    assert data_stamp() in flat
