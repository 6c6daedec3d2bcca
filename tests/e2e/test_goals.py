"""Browser: draft a goal in internal mode, see its Ampel, export the Zielbericht and read it."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader

from data_layer.build.package_reader import read_package
from data_layer.build.pipeline import write_store
from tests.e2e.conftest import Server, start_server, stop_server, wait_rendered

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "tests" / "fixtures" / "datenpaket_mitte"
GOALS = ROOT / "tests" / "fixtures" / "ziele_mitte"


@pytest.fixture()
def goals_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    pkg = tmp_path / "paket"
    shutil.copytree(PACKAGE, pkg)
    for f in GOALS.iterdir():
        shutil.copy(f, pkg / f.name)
    db = tmp_path / "goals.duckdb"
    write_store(db, [read_package(pkg)])
    monkeypatch.setenv("PLANUNGSATLAS_ZIELE_ENTWURF", str(tmp_path / "entwurf.yaml"))
    server = start_server(db)
    yield server
    stop_server(server)


def test_draft_goal_and_zielbericht(goals_server: Server, browser: Browser, tmp_path: Path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{goals_server.url}/ziele?ziel=test_kinderarmut")
    wait_rendered(page)
    # the page's own content, not just the shared sidebar (a cold server may still be warming up)
    page.get_by_text("Ampel: alle Ziele auf einen Blick").wait_for(timeout=60_000)
    page.get_by_text("Neues Ziel entwerfen (interner Modus)").click()
    page.get_by_label("Titel", exact=True).fill("Arbeitslosigkeit unter fünf Prozent")
    page.get_by_label("Verantwortlich (Amt/Dezernat)").fill("Jobcenter")
    page.get_by_role("button", name="Entwurf speichern").click()
    wait_rendered(page)
    assert "status: entwurf" in (tmp_path / "entwurf.yaml").read_text(encoding="utf-8")
    # the draft reopens by its link like every stored goal
    page.goto(f"{goals_server.url}/ziele?ziel=entwurf_arbeitslosigkeit_unter_f_nf_prozent")
    wait_rendered(page)
    draft_heading = page.get_by_role(
        "heading", name="Arbeitslosigkeit unter fünf Prozent (Entwurf)"
    )
    draft_heading.wait_for(timeout=60_000)
    assert draft_heading.count() == 1
    # the interactive attainment map of the draft (deck.gl canvas, no basemap)
    heading = page.get_by_role("heading", name="Karte: Stand je Gebiet und Maßnahmen")
    heading.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    assert heading.count() == 1
    assert page.locator("[data-testid='stDeckGlJsonChart'] canvas").count() >= 1
    page.get_by_role("button", name="Zielbericht (PDF)").click()  # made with its steps shown
    save = page.get_by_role("button", name="Zielbericht (PDF) speichern")
    save.wait_for(timeout=90_000)
    assert page.get_by_text(re.compile(r"Erstellt in \d+,\d s · \d+ KB")).count() == 1
    with page.expect_download(timeout=60_000) as info:
        save.click()
    data = Path(info.value.path()).read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Zielbericht" in text
    assert "Arbeitslosigkeit unter fünf Prozent (Entwurf)" in text
    assert "Ampel: alle Ziele" in text and "Kinderarmut" in text
    assert "/ziele?ziel=entwurf_arbeitslosigkeit_unter_f" in text
    # the draft's Ampel: the form's defaults (first indicator of the catalogue, ≥ 0) are met in
    # all 16 Planungsräume of the fixture: 16 areas, 16 erreicht, 0 auf Kurs, 0 nicht, 0 keine Daten
    flat = re.sub(r"\s+", " ", text)
    assert re.search(
        r"● erreicht Arbeitslosigkeit unter fünf Prozent \(Entwurf\) .{0,80}? Jobcenter "
        r"16 16 0 0 0",
        flat,
    ), flat[:1500]
    # one attainment map per goal (three goals: two stored, the draft)
    assert "Karte: Arbeitslosigkeit unter fünf Prozent (Entwurf)" in flat
    reader = PdfReader(io.BytesIO(data))
    assert sum(len(p.images) for p in reader.pages) == 3
    page.close()
