"""Public mode in the app: only public indicators, suppressed values as ".", nothing that writes.

Stores:

* the fixture Datenpaket with ``mss_s4`` (Kinderarmut) marked ``public: false``, built as an
  internal store and as its public copy (a few seconds);
* the public copy of the demo store, built once per session (shared with
  ``test_hostile_urls.py`` through the session's base temp directory).

In the public demo store, ``share_female`` (Frauenanteil) of the Gemeinde Dierfeld (Landkreis
Bernkastel-Wittlich, 07231021) on 31.12.2023 is suppressed: the Gemeinde has so few residents
that women and men are small counts, and the rate would reveal them. (Planungsraum 05300838
Gartenfeld is not suppressed any more: its rate is missing at the source, and its counts 0 and 16
are public anyway.)
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import write_store
from data_layer.build.public_build import write_public
from tests.deck_data import area_features

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DEMO_DB = ROOT / "data" / "planungsatlas.duckdb"
PACKAGE = ROOT / "tests" / "fixtures" / "datenpaket_mitte"
TIMEOUT = 60
PUBLIC_NOTE = "Öffentliche Fassung: nur freigegebene Daten, kleine Fallzahlen geheim gehalten."
REASON = "Geheimhaltung / zu geringe Fallzahl"
DIERFELD = {
    "system": "de2024",
    "ebene": "Gemeinde",
    "land": "de2024:07",
    "indikator": "share_female",
    "gebiet": "de2024:07231021",
}
SLIDE_IMPORT = "Folien importieren (JSON)"
PAGES = [
    None,
    "features/areas/page.py",
    "features/demand_supply/page.py",
    "features/benchmarking/page.py",
    "features/projection/page.py",
    "features/catalogue/page.py",
]


def public_demo_store(factory: pytest.TempPathFactory) -> Path:
    """The public copy of the demo store, built once per test session (≈ 20 s)."""
    path = factory.getbasetemp() / "public_demo.duckdb"
    if not path.is_file():
        write_public(DEMO_DB, path)
    return path


@pytest.fixture(scope="module")
def small_stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(internal, public) stores of the fixture package with mss_s4 marked internal."""
    base = tmp_path_factory.mktemp("intern_extern")
    pkg = base / "paket"
    shutil.copytree(PACKAGE, pkg)
    cat = pkg / "indicators.yaml"
    head, tail = cat.read_text(encoding="utf-8").split("- indicator_id: mss_s4", 1)
    cat.write_text(
        head + "- indicator_id: mss_s4" + tail.replace("public: true", "public: false", 1),
        encoding="utf-8",
    )
    internal, public = base / "internal.duckdb", base / "public.duckdb"
    write_store(internal, [read_package(pkg)])
    write_public(internal, public)
    return internal, public


@pytest.fixture()
def use_store(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """``use_store(path, public)`` points the app at a store; caches are cleared around it."""

    def use(path: Path, public: bool) -> None:
        monkeypatch.setenv("PLANUNGSATLAS_DB", str(path))
        if public:
            monkeypatch.setenv("PLANUNGSATLAS_MODE", "public")
        else:
            monkeypatch.delenv("PLANUNGSATLAS_MODE", raising=False)
        monkeypatch.chdir(ROOT)
        st.cache_data.clear()
        st.cache_resource.clear()  # one connection per process: a new store needs a new one

    yield use
    st.cache_data.clear()
    st.cache_resource.clear()


def _run(page: str | None, params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if page:
        at.run()  # st.navigation registers the pages' url paths on the first run
        at.switch_page(page)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    return at


def _row(at: AppTest, column: str, value: str) -> dict[str, str]:
    for df in at.dataframe:
        frame = df.value
        if column in frame.columns and (frame[column] == value).any():
            return {str(k): str(v) for k, v in frame[frame[column] == value].iloc[0].items()}
    raise AssertionError(f"keine Tabelle mit {column} = {value}")


# --------------------------------------------------------------------------- catalogue, sidebar


@pytest.mark.parametrize(
    ("public", "caption", "has_mss_s4"),
    [(False, "15 von 15 Indikatoren", True), (True, "14 von 14 Indikatoren", False)],
)
def test_catalogue_lists_only_public_indicators(
    small_stores: tuple[Path, Path], use_store, public: bool, caption: str, has_mss_s4: bool
) -> None:
    internal, public_db = small_stores
    use_store(public_db if public else internal, public)
    at = _run("features/catalogue/page.py")
    assert at.caption[0].value == caption
    names = set(at.dataframe[0].value["Indikator"])
    assert ("Kinderarmut (MSS S4)" in names) is has_mss_s4
    assert "Transferbezug (MSS S3)" in names
    # the internal indicator cannot be opened by a link either
    at = _run("features/catalogue/page.py", {"indikator": "mss_s4"})
    assert (at.selectbox(key="kat.indikator").value == "mss_s4") is has_mss_s4
    sidebar = [c.value for c in at.sidebar.caption]
    assert (PUBLIC_NOTE in sidebar) is public


def test_public_mode_refuses_an_internal_store(small_stores: tuple[Path, Path], use_store) -> None:
    internal, _ = small_stores
    use_store(internal, True)
    at = _run(None)
    errors = [e.value for e in at.error]
    assert any("keine öffentliche Fassung" in e for e in errors), errors
    assert not at.metric  # no figure of the internal store is shown


# --------------------------------------------------------------------------- demo store


@pytest.fixture(scope="module")
def public_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not DEMO_DB.is_file():
        pytest.skip("Demo-Datenbasis fehlt (python -m data_layer.build)")
    return public_demo_store(tmp_path_factory)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_public_and_offers_no_upload(public_demo: Path, use_store, page) -> None:
    """No page offers an import/upload or anything else that writes; the sidebar says 'public'."""
    use_store(public_demo, True)
    at = _run(page)
    assert not at.error, [e.value for e in at.error]
    assert PUBLIC_NOTE in [c.value for c in at.sidebar.caption]
    uploads = [u.label for u in at.get("file_uploader")]
    assert uploads in ([], [SLIDE_IMPORT]), uploads  # see the xfail test below
    buttons = [b.label for b in at.button]
    assert not [b for b in buttons if re.search(r"import|hochladen|speichern in|löschen", b, re.I)]


def test_public_sidebar_offers_no_upload(public_demo: Path, use_store) -> None:
    use_store(public_demo, True)
    at = _run(None)
    assert not at.get("file_uploader")


def test_suppressed_area_is_flagged_in_the_ranking(public_demo: Path, use_store) -> None:
    use_store(public_demo, True)
    at = _run("features/areas/page.py", DIERFELD)
    row = _row(at, "Schlüssel", "07231021")
    assert row["Gebiet"] == "Dierfeld"
    assert REASON in row["Kennzeichnung"]
    assert row["Zähler"] == "–" and row["Nenner"] == "–"  # no part of the hidden value leaks
    assert row["Rang"] == "–"
    caption = " ".join(c.value for c in at.caption)
    assert "Anteil der Frauen · Gemeinde · Stand 31.12.2023 · " in caption
    assert REASON in caption  # the flag of the highlighted area next to the map


def test_suppressed_value_is_a_dot_in_table_tooltip_and_metric(
    public_demo: Path, use_store
) -> None:
    use_store(public_demo, True)
    at = _run("features/areas/page.py", DIERFELD)
    row = _row(at, "Schlüssel", "07231021")
    assert row["Wert"] == "."
    assert row["Kennzeichnung"] == REASON
    assert at.metric[0].value.startswith(".")
    layer = json.loads(at.get("deck_gl_json_chart")[0].proto.json)["layers"][0]
    tips = [f["properties"]["tip"] for f in area_features(layer)]
    (tip,) = [t for t in tips if t.startswith("Dierfeld (07231021)")]
    assert ": . %" in tip and REASON in tip  # plain text: Streamlit escapes markup


def test_suppressed_value_is_a_dot_in_the_profile(public_demo: Path, use_store) -> None:
    use_store(public_demo, True)
    at = _run("features/areas/page.py", {**DIERFELD, "bereich": "profil"})
    row = _row(at, "Indikator", "Anteil der Frauen")
    assert row["Dierfeld"] == "."
    assert row["Bernkastel-Wittlich"] == "50,0"  # only the hidden cell, not the whole row
    assert f". = {REASON}" in [c.value for c in at.caption]


def test_internal_mode_shows_the_value_the_public_copy_hides(use_store) -> None:
    """Counter-check: internally the same row shows numerator and denominator (2 women of 16
    residents, a small count), so the tests above can fail."""
    if not DEMO_DB.is_file():
        pytest.skip("Demo-Datenbasis fehlt")
    use_store(DEMO_DB, False)
    at = _run("features/areas/page.py", DIERFELD)
    row = _row(at, "Schlüssel", "07231021")
    assert (row["Zähler"], row["Nenner"]) == ("2", "16")
    assert REASON not in row["Kennzeichnung"]
    assert PUBLIC_NOTE not in [c.value for c in at.sidebar.caption]
