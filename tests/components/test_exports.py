"""Every export format read back: content, German formats and attribution (source, data version)."""

from __future__ import annotations

import io
import re
import struct

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image

from components import charts, image_export
from components.exports import csv_bytes, xlsx_bytes

SOURCE = (
    "Quelle: Amt für Statistik Berlin-Brandenburg · Stand: 31.12.2024 · Datenversion abc123def456"
)
STAMP = "Datenversion abc123def456 vom 25.11.2026"
TABLE = pd.DataFrame(
    {"Gebiet": ["Gesundbrunnen", "Schöneberg-Süd"], "Anteil unter 6 J. (%)": [1234.5, 6.25]}
)


def _figure() -> go.Figure:
    fig = go.Figure(go.Bar(x=TABLE["Gebiet"], y=TABLE["Anteil unter 6 J. (%)"], name="Anteil"))
    fig = charts.style(fig, title="Kinder unter 6 – Größenvergleich", source=SOURCE, height=400)
    return fig.update_layout(width=700)


def test_csv_has_bom_semicolon_decimal_comma_and_source() -> None:
    raw = csv_bytes(TABLE, source=SOURCE, stamp=STAMP, data_date="31.12.2024")
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Gebiet;Anteil unter 6 J. (%)"
    assert lines[1] == "Gesundbrunnen;1234,5"
    assert lines[2] == "Schöneberg-Süd;6,25"
    assert (
        "Quelle: Amt für Statistik Berlin-Brandenburg · Stand: 31.12.2024 · Datenversion abc123def456"
        in lines
    )
    assert not [line for line in lines if "Quelle: Quelle" in line]
    assert "Datenstand: 31.12.2024" in lines
    assert STAMP in lines


def test_xlsx_has_table_and_source_sheet() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(TABLE, source=SOURCE, stamp=STAMP)))
    assert book.sheetnames == ["Daten", "Quelle"]
    rows = list(book["Daten"].iter_rows(values_only=True))
    assert rows == [
        ("Gebiet", "Anteil unter 6 J. (%)"),
        ("Gesundbrunnen", 1234.5),
        ("Schöneberg-Süd", 6.25),
    ]
    info = dict(list(book["Quelle"].iter_rows(values_only=True))[1:])
    assert info["Quelle"] == SOURCE.removeprefix("Quelle: ")
    assert info["Datenversion"] == STAMP


def test_figure_table_is_long_and_readable() -> None:
    fig = go.Figure(go.Scatter(x=[pd.Timestamp("2024-12-31"), pd.Timestamp("2023-12-31")],
                               y=[1.5, 2.0], name="Mitte"))  # fmt: skip
    fig.update_yaxes(title="%")
    frame = image_export.figure_table(fig)
    assert frame.to_dict("records") == [
        {"Reihe": "Mitte", "x": "31.12.2024", "%": 1.5},
        {"Reihe": "Mitte", "x": "31.12.2023", "%": 2.0},
    ]


def test_source_text_and_title_from_figure() -> None:
    fig = _figure()
    assert image_export.source_text(fig) == SOURCE
    assert image_export.chart_title(fig) == "Kinder unter 6 – Größenvergleich"
    assert image_export.source_text(go.Figure()) == ""


@pytest.fixture(scope="module")
def images() -> dict[str, bytes]:
    """One Chromium start per format (a few seconds each)."""
    if image_export.browser_path() is None:
        pytest.skip("kein Chromium installiert")
    fig = _figure()
    return {
        "png": image_export.png_bytes(fig, stamp=STAMP),
        "svg": image_export.svg_bytes(fig, stamp=STAMP),
    }


def test_png_is_a_plausible_png_with_metadata(images: dict[str, bytes]) -> None:
    png = images["png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1400, 800)  # 700×400 at scale 2
    assert 20_000 < len(png) < 2_000_000
    with Image.open(io.BytesIO(png)) as img:
        img.load()
        assert img.text["Source"] == SOURCE
        assert img.text["Comment"] == STAMP
        assert img.text["Title"] == "Kinder unter 6 – Größenvergleich"
        colours = img.convert("RGB").resize((100, 57)).getcolors(10_000) or []
        assert len(colours) > 5  # really drawn, not blank


def test_svg_contains_source_title_and_metadata(images: dict[str, bytes]) -> None:
    svg = images["svg"].decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "Amt für Statistik Berlin-Brandenburg" in svg  # the drawn source line
    assert "<title>Kinder unter 6 – Größenvergleich</title>" in svg
    assert f'version="{STAMP}"' in svg
    ticks = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "1.200" in ticks  # German thousands separator on the axis (charts.style)
    assert ">Schöneberg-Süd<" in svg
