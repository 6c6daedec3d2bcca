"""Steckbrief PDF: German typography, page numbers, content from the store, attribution."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import duckdb
import geopandas as gpd
import pandas as pd
import pytest
import shapely
from PIL import Image
from pypdf import PdfReader

from components import pdf
from features.profiles import map as steckbrief_map
from features.profiles.parts import projection_table

AREA = "lor2021:10300734"  # Planungsraum Biesdorf Süd (umlaut in the name)


def _text(raw: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(raw))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def test_render_prints_umlauts_euro_and_page_numbers() -> None:
    table = pd.DataFrame({"Größe": ["Kaufkraft je Einwohner (€)"], "Wert": ["25.349,0"]})
    doc = pdf.Document(
        title="Steckbrief: Straße am Fluß – Ölmühle",
        subtitle="Planungsraum 01234567",
        sections=(pdf.Section("Kennzahlen", "Äußerst grob.", table),),
        footer="Planungsatlas · Datenversion abc123 vom 31.12.2024",
        sources=("© Amt für Statistik Berlin-Brandenburg",),
        permalink="http://localhost/sozialraeume?gebiet=x",
    )
    text, pages = _text(pdf.render(doc))
    assert pages == 1
    for piece in ("Straße am Fluß – Ölmühle", "Äußerst grob.", "Kaufkraft je Einwohner (€)",
                  "25.349,0", "Seite 1 von 1", "Datenversion abc123 vom 31.12.2024",
                  "© Amt für Statistik Berlin-Brandenburg", "sozialraeume?gebiet=x"):  # fmt: skip
        assert piece in text, piece


def test_projection_table_hand_worked() -> None:
    bands = pd.DataFrame(
        {
            "area_id": ["a"] * 6 + ["b"] * 2,
            "year": [2024, 2030, 2035] * 2 + [2024, 2035],
            "age_from": [0] * 3 + [80] * 3 + [0, 0],
            "age_to": pd.array([3] * 3 + [None] * 3 + [3, 3], dtype="Int64"),
            "count": [200.0, 150.0, 180.0, 1000.0, 1234.4, 1500.0, 5.0, 6.0],
        }
    )
    table = projection_table(bands, "a", (2030, 2035))
    assert table.to_dict("records") == [
        {"Altersgruppe": "0 bis unter 3 Jahre", "31.12.2024": "200", "31.12.2030": "150",
         "31.12.2035": "180", "Veränderung bis 2035": "−10,0\u00a0%"},
        {"Altersgruppe": "80 Jahre und älter", "31.12.2024": "1.000", "31.12.2030": "1.234",
         "31.12.2035": "1.500", "Veränderung bis 2035": "+50,0\u00a0%"},
    ]  # fmt: skip


def test_map_png_highlights_the_area() -> None:
    frame = gpd.GeoDataFrame(
        {"area_id": ["w", "m", "e"]},
        geometry=[
            shapely.box(13.0, 52.0, 13.1, 52.1),
            shapely.box(13.1, 52.0, 13.2, 52.1),
            shapely.box(13.2, 52.0, 13.3, 52.1),
        ],  # fmt: skip
        crs="EPSG:4326",
    ).set_index("area_id")
    img = Image.open(io.BytesIO(steckbrief_map.map_png(frame, "m", "Mitte")))
    assert img.size == steckbrief_map.SIZE
    w, h = img.size
    assert img.getpixel((w // 2, h // 2 - 100)) == steckbrief_map.HIGHLIGHT  # above the label
    assert img.getpixel((w // 2 - 160, h // 2 - 100)) == steckbrief_map.NEIGHBOUR  # west
    assert img.getpixel((5, 5)) == (255, 255, 255)  # no basemap
    with pytest.raises(ValueError, match="keine Geometrie"):
        steckbrief_map.map_png(frame, "x", "X")


@pytest.fixture()
def quiet_cache() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)


def test_area_steckbrief_from_the_demo_store(demo_env: Path, quiet_cache: None) -> None:
    from features.profiles import area as steckbrief

    with duckdb.connect(str(demo_env), read_only=True) as con:
        version = con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0]
        count = con.execute(
            "SELECT value FROM indicator_values WHERE indicator_id = 'pop_total' "
            "AND area_id = ? AND period = '2024-12-31'",
            [AREA],
        ).fetchone()[0]
    link = "http://localhost:8501/sozialraeume?gebiet=lor2021%3A10300734"
    text, pages = _text(steckbrief.area_pdf("lor2021", "Planungsraum", AREA, link))
    flat = " ".join(text.split())
    assert 1 <= pages <= 3
    assert "Steckbrief: Biesdorf Süd" in flat
    assert f"{int(count):,}".replace(",", ".") + " Einwohner/innen am 31.12.2024" in flat
    assert f"Seite 1 von {pages}" in flat
    assert f"Datenversion {version}" in flat
    assert "Amt für Statistik Berlin-Brandenburg" in flat  # attribution (CC BY 3.0 DE)
    for heading in ("Kennzahlen im Vergleich", "Entwicklung",
                    "Bevölkerungsprognose der Planungsaltersgruppen", "Bedarf und Angebot",
                    "Kita unter 3 Jahren", "Median der Gebiete"):  # fmt: skip
        assert heading in flat, heading
    assert "sozialraeume?gebiet=lor2021%3A10300734" in flat.replace(" ", "")


def test_kommune_steckbrief_names_peers_and_sources(demo_env: Path, quiet_cache: None) -> None:
    from features.profiles import kommune as steckbrief_kommune

    raw = steckbrief_kommune.kommune_pdf("Kreis", "de2024:09162", ["de2024:08111"])
    text, pages = _text(raw)
    flat = " ".join(text.split())
    assert "Steckbrief: München, Landeshauptstadt" in flat
    assert "Vergleichsgruppe (1 Kommunen): Stuttgart, Stadtkreis" in flat
    assert "Median aller Kreise" in flat
    assert f"Seite {pages} von {pages}" in flat
    assert "BBSR Bonn" in flat
    assert "Werte fusionierter Gemeinden geschätzt (≈)" in flat  # estimates are named so
    # the store's projection covers its own Kommune only (paket.yaml kommune), not München
    assert "Bevölkerungsprognose" not in flat


def test_kommune_steckbrief_of_the_own_kommune_has_its_projection(
    demo_env: Path, quiet_cache: None
) -> None:
    """The Kommune named in the store (meta home.kommune_ags) gets the projection section."""
    from components import cache as data
    from features.benchmarking import api as benchmarking_api
    from features.profiles import kommune as steckbrief_kommune

    home = data.home()
    assert home.kommune_ags is not None
    own = benchmarking_api.kommune_id(benchmarking_api.system_code(), home.kommune_ags)
    text, _ = _text(steckbrief_kommune.kommune_pdf("Gemeinde", own, []))
    flat = " ".join(text.split())
    assert "Bevölkerungsprognose der Planungsaltersgruppen" in flat
    assert "mittlere Variante" in flat
