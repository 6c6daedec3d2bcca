"""AppTest: the start and catalogue pages show what the store holds and react to input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

TIMEOUT = 60
APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _app(page: str | None = None, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page)
        for k, v in (params or {}).items():
            at.query_params[k] = v
        at.run()
    return at


def test_start_page_shows_holdings(app_env: Path) -> None:
    at = _app()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Gebietssysteme"] == "1"
    assert metrics["Indikatoren"] == "15"
    assert "Datenversion" not in metrics  # the hash is in the footer, not a headline figure
    assert any(re.search(r"Datenversion [0-9a-f]{12},", c.value) for c in at.caption)
    levels = at.dataframe[0].value
    assert set(levels["Ebene"]) == {"Prognoseraum", "Bezirksregion", "Planungsraum"}
    assert levels.loc[levels["Ebene"] == "Planungsraum", "Anzahl"].iloc[0] == "16"
    text = " ".join(m.value for m in at.markdown)
    assert "Amt für Statistik Berlin-Brandenburg" in text  # attribution required by CC BY 3.0 DE


def test_start_page_says_which_page_runs(app_env: Path) -> None:
    at = _app()
    table = next(d.value for d in at.dataframe if "Seite" in d.value.columns)
    status = dict(zip(table["Seite"], table["Stand"], strict=True))
    assert status == {
        "Sozialräume vergleichen": "läuft",
        "Bedarf und Angebot": "läuft",  # Kitas with places, fine age bands
        "Kommunen vergleichen": "fehlt",  # the fixture store has no Germany base
        "Bevölkerungsprognose": "fehlt",  # data/parameters scope is another area system
        "Indikatorenkatalog": "läuft",
    }
    notes = dict(zip(table["Seite"], table["Hinweis"], strict=True))
    assert "--ohne-deutschland" in notes["Kommunen vergleichen"]
    assert "„Pflegeheim“" in notes["Bedarf und Angebot"]
    assert "Die Seiten öffnen auf: Zentrum" in [c.value for c in at.caption]


def test_catalogue_filters_by_domain_and_search(app_env: Path) -> None:
    at = _app("features/catalogue/page.py")
    assert not at.exception
    assert at.caption[0].value == "15 von 15 Indikatoren"
    at.selectbox(key="kat.bereich").set_value("Sozialmonitoring").run()
    assert at.caption[0].value == "3 von 15 Indikatoren"
    assert set(at.dataframe[0].value["Indikator"]) == {
        "Arbeitslosigkeit (MSS S1)",
        "Transferbezug (MSS S3)",
        "Kinderarmut (MSS S4)",
    }
    at.text_input(key="kat.suche").set_value("Kinderarmut").run()
    assert at.caption[0].value == "1 von 15 Indikatoren"
    assert (
        at.query_params["bereich"] == ["Sozialmonitoring"]
        or at.query_params["bereich"] == "Sozialmonitoring"
    )


def test_catalogue_shows_full_metadata_and_coverage(app_env: Path) -> None:
    at = _app("features/catalogue/page.py")
    at.selectbox(key="kat.indikator").set_value("share_u6").run()
    meta = at.table[0].value
    facts = dict(zip(meta["Merkmal"], meta["Angabe"], strict=True))
    assert facts["Einheit"] == "%"
    assert facts["Zusammenfassung auf gröbere Ebenen"].startswith("Zähler und Nenner")
    assert facts["Herkunft"] == "vom Planungsatlas berechnet"
    cov = at.dataframe[1].value
    assert set(cov["Ebene"]) == {"Prognoseraum", "Bezirksregion", "Planungsraum"}
    assert cov["bis"].iloc[0] == "31.12.2024"


def test_catalogue_download_is_german_csv(app_env: Path) -> None:
    at = _app("features/catalogue/page.py")
    btn = at.get("download_button")[0]
    assert btn.proto.label == "Katalog als CSV herunterladen"


@pytest.mark.parametrize(
    "bad", ["'; DROP TABLE indicators; --", "x" * 500, "<script>alert(1)</script>"]
)
def test_bad_url_parameters_fall_back_with_note(app_env: Path, bad: str) -> None:
    at = _app("features/catalogue/page.py", {"bereich": bad, "indikator": bad, "suche": bad})
    assert not at.exception
    assert any("ungültige Angaben" in i.value for i in at.info)
    assert at.caption[0].value == "15 von 15 Indikatoren"


def test_url_reproduces_catalogue_view(app_env: Path) -> None:
    at = _app("features/catalogue/page.py", {"bereich": "Demografie", "indikator": "pop_density"})
    assert not at.exception
    assert at.selectbox(key="kat.bereich").value == "Demografie"
    assert at.selectbox(key="kat.indikator").value == "pop_density"
    assert at.subheader[0].value == "Einwohnerdichte"
