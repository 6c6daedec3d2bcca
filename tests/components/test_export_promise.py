"""Exports keep their promise: source, Stand and data version are in every file, in full.

Chart images carry the source note inside the picture (wrapped, never cut off) and as PNG
metadata; PDF tables break only between words; the Steckbrief names its comparison areas and
prints a link that reopens the whole view. Everything is read back from the produced files.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image
from pypdf import PdfReader

from components import charts, image_export, pdf
from components.exports import csv_bytes, xlsx_bytes

LONG_SOURCE = (
    "Quelle: Statistisches Landesamt, Einwohnerregisterstatistik und Sozialbericht der "
    "Kommune, Fortschreibung der Bevölkerung nach Altersjahren · Stand: 31.12.2024 · "
    "Datenversion 3f2a9c81d0e4 vom 01.12.2026"
)
AREA = "lor2021:10300734"  # Biesdorf Süd
OTHER = "lor2021:10300731"  # Oberfeldstraße


def _profile_like(height: int) -> go.Figure:
    names = [f"Indikator Nummer {n}" for n in range(12)]
    fig = go.Figure(go.Bar(x=np.linspace(-1, 1, 12), y=names, orientation="h"))
    fig.update_xaxes(title="Standardabweichungen")
    return charts.style(fig, title="Profil", source=LONG_SOURCE, height=height)


def test_source_note_is_wrapped_not_cut_and_the_margin_holds_it() -> None:
    fig = _profile_like(900)
    note = fig.layout.annotations[-1]
    lines = str(note.text).split("<br>")
    assert len(lines) == 3
    assert all(len(line) <= charts.SOURCE_WRAP for line in lines)
    assert lines[1].endswith("· Stand: 31.12.2024 ·")  # the date stays whole on one line
    # the whole text survives (read as the exports read it)
    assert image_export.source_text(fig) == LONG_SOURCE
    # the note starts AXIS_SPACE_PX below the plot and its three lines end above the image edge
    assert note.y == 0 and note.yshift == -charts.AXIS_SPACE_PX
    assert fig.layout.margin.b >= charts.AXIS_SPACE_PX + 3 * charts.SOURCE_LINE_PX


@pytest.mark.skipif(image_export.browser_path() is None, reason="kein Chromium")
def test_png_of_a_tall_chart_shows_the_whole_source_and_carries_it_as_metadata() -> None:
    """A tall profile chart (the old note at y = −0.22 of the plot fell off the image)."""
    fig = _profile_like(900)
    raw = image_export.png_bytes(fig, stamp="Datenversion 3f2a9c81d0e4 vom 01.12.2026", scale=1)
    img = Image.open(io.BytesIO(raw))
    assert img.text["Source"] == LONG_SOURCE
    assert "Stand: 31.12.2024" in img.text["Source"]
    assert img.text["Comment"] == "Datenversion 3f2a9c81d0e4 vom 01.12.2026"
    grey = np.asarray(img.convert("L"), dtype=int)
    h = grey.shape[0]
    assert h == 900
    dark_rows = np.where((grey < 120).sum(axis=1) > 0)[0]
    # text of the note in the bottom margin, and nothing touches the lower edge (not clipped)
    bottom = fig.layout.margin.b
    assert any(r > h - bottom + charts.AXIS_SPACE_PX for r in dark_rows)
    assert dark_rows.max() < h - 4


def test_csv_and_xlsx_read_back_source_stand_and_version() -> None:
    frame = pd.DataFrame({"Gebiet": ["A"], "Wert": [1.5]})
    source = "Quelle: Amt A · Stand: 31.12.2024 · Datenversion abc123 vom 01.12.2026"
    stamp = "Datenversion abc123 vom 01.12.2026"
    text = csv_bytes(frame, source=source, stamp=stamp).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[:2] == ["Gebiet;Wert", "A;1,5"]
    assert "Quelle: Amt A · Stand: 31.12.2024 · Datenversion abc123 vom 01.12.2026" in lines
    assert lines[-1] == stamp
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, source=source, stamp=stamp)))
    info = {row[0]: row[1] for row in book["Quelle"].iter_rows(min_row=2, values_only=True)}
    assert info["Quelle"] == "Amt A · Stand: 31.12.2024 · Datenversion abc123 vom 01.12.2026"
    assert info["Datenversion"] == stamp


def _pdf_text(raw: bytes) -> str:
    reader = PdfReader(io.BytesIO(raw))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_pdf_table_breaks_only_between_words() -> None:
    """Nine columns with long names and dates: no "Schulenburgpar k", no "31.12.202 4"."""
    heads = ["Indikator", "Schulenburgpark", "Hermannstraße", "Rixdorf-Nord",
             "Weiße Siedlung", "Köllnische Heide", "Bezirksdurchschnitt",
             "Median der Gebiete", "Stand"]  # fmt: skip
    row = ["Anteil der Kinder unter sechs Jahren (%)", *["12,3"] * 7, "31.12.2024"]
    table = pd.DataFrame([row, row], columns=heads)
    doc = pdf.Document(
        title="Test", subtitle="", sections=(pdf.Section("Tabelle", "", table),), footer="F"
    )
    flat = _pdf_text(pdf.render(doc))
    for word in ("Schulenburgpark", "Hermannstraße", "Bezirksdurchschnitt", "31.12.2024"):
        assert word in flat, word
    assert "Rixdorf-Nord" in flat or "Rixdorf- Nord" in flat  # a hyphen is a break point


def test_pdf_footer_prints_the_whole_data_version() -> None:
    footer = (
        "Planungsatlas · Datenversion "
        + "a" * 40
        + " vom 01.12.2026 · erstellt am "
        + ("05.12.2026 · " * 8)
    )
    doc = pdf.Document(title="T", subtitle="", sections=(), footer=footer.strip(" ·"))
    flat = _pdf_text(pdf.render(doc))
    assert flat.count("Datenversion " + "a" * 40 + " vom 01.12.2026") >= 2  # footer + sources


def test_steckbrief_names_comparison_areas_and_links_the_full_view(
    demo_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from features.profiles import area as steckbrief

    captured: dict[str, object] = {}
    monkeypatch.setattr(
        steckbrief,
        "pdf_button",
        lambda label, make, file_name, key, **_: captured.update(make=make),
    )
    view = {"indikator": "share_u6", "themenfeld": "Bevölkerung", "vergleich": OTHER}
    steckbrief.area_button("lor2021", "Planungsraum", AREA, "10300734", "k", view, (OTHER,))
    make = captured["make"]
    assert callable(make)
    flat = _pdf_text(make())
    assert "Oberfeldstraße" in flat  # the comparison area is a column of the key figures
    after = flat[flat.index("Link zu dieser Ansicht") :].split("):", 1)[1]
    link = after.split(" Planungsatlas ·")[0].replace(" ", "")
    query = parse_qs(urlsplit(link).query)
    assert query["gebiet"] == [AREA]
    assert query["vergleich"] == [OTHER]
    assert query["indikator"] == ["share_u6"]
    assert query["bereich"] == ["profil"]
