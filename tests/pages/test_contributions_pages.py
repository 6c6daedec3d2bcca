"""AppTest: Start lists the contributions (Beiträge); the catalogue names who delivered an
indicator; a chart's source line and its CSV export carry the publisher and Stand."""

from __future__ import annotations

from pathlib import Path

import duckdb
import plotly.graph_objects as go
import pytest

from components import charts, image_export
from components.exports import csv_bytes
from data_layer.build.contributions import read_contribution
from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import write_store
from tests.conftest import FIXTURE_PACKAGE, point_app_at
from tests.pages.conftest import open_page

WHO = "Bezirksamt Beispiel, Jugendamt (Stand 01.03.2026)"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("beitrag_store")
    amt = root / "amt"
    amt.mkdir()
    (amt / "beitrag.yaml").write_text(
        'herausgeber: "Bezirksamt Beispiel, Jugendamt"\nart: Amt\nstand: "01.03.2026"\n'
        'lizenz: "dl-de/by-2-0"\ngebietssystem: mitte\n',
        encoding="utf-8",
    )
    (amt / "kennzahlen.csv").write_text(
        "Kennzahl;Gebiet;Zeitraum;Wert\nmss_s1;01100101;2020-12-31;4,22594\n", encoding="utf-8"
    )
    (amt / "angebote.csv").write_text(
        "Gebiet;Angebot;Anzahl\n01100101;Familienzentrum;1\n01100102;Familienzentrum;2\n",
        encoding="utf-8",
    )
    out = root / "store.duckdb"
    write_store(out, [read_package(FIXTURE_PACKAGE)], contributions=[read_contribution(amt)])
    return out


def test_start_lists_contributions_with_date_and_coverage(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_app_at(store, monkeypatch)
    at = open_page("features/start/page.py")
    assert "Beiträge" in [s.value for s in at.subheader]
    table = next(d.value for d in at.dataframe if "Geliefert von" in d.value.columns)
    assert table.to_dict("records") == [
        {
            "Geliefert von": "Bezirksamt Beispiel, Jugendamt",
            "Art": "Amt",
            "Stand": "01.03.2026",
            "Umfang": "1 Wert, 2 Angebote, 2 Gebiete",
            "Lizenz": "dl-de/by-2-0",
        }
    ]


def test_catalogue_names_the_delivering_amt(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    point_app_at(store, monkeypatch)
    at = open_page("features/catalogue/page.py", {"indikator": "mss_s1"})
    meta = next(t.value for t in at.table)
    rows = dict(zip(meta["Merkmal"], meta["Angabe"], strict=True))
    assert rows["Geliefert von"] == WHO
    assert rows["Quelle"].endswith(f" – geliefert von {WHO}")


def test_chart_and_csv_export_name_the_publisher(store: Path) -> None:
    conn = duckdb.connect(str(store), read_only=True)
    meta = conn.execute("SELECT * FROM indicators WHERE indicator_id = 'mss_s1'").df()
    conn.close()
    line = charts.source_line(meta.iloc[0].to_dict())
    fig = charts.style(go.Figure(go.Bar(x=["a"], y=[1.0])), title="Test", source=line)
    shown = image_export.source_text(fig)  # the note that PNG and SVG exports carry
    assert f"geliefert von {WHO}" in shown
    text = csv_bytes(image_export.figure_table(fig), source=shown, stamp="v").decode("utf-8-sig")
    assert f"geliefert von {WHO}" in text
