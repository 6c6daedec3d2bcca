"""Long PDFs show their steps while they are made (issue #17 point 6), then offer the file;
a changed view offers "make" again instead of a file of the old view."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components.steps import run_with_steps
from tests.pages.conftest import open_page

AREAS = "features/areas/page.py"
PARAMS = {"bereich": "profil", "gebiet": "lor2021:10300734", "themenfeld": "Demografie"}


def _buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def _downloads(at: AppTest) -> set[str]:
    return {d.proto.label for d in at.get("download_button")}


def test_steckbrief_is_made_with_steps_then_offered(demo_env: Path) -> None:
    at = open_page(AREAS, PARAMS)
    assert "Steckbrief (PDF)" in _buttons(at)
    assert "Steckbrief (PDF) speichern" not in _downloads(at)
    at.button(key="soz.steckbrief_erstellen").click().run()
    assert not at.exception
    assert "Steckbrief (PDF) speichern" in _downloads(at)
    assert "Steckbrief (PDF)" not in _buttons(at)
    caption = " ".join(c.value for c in at.caption)
    assert re.search(r"Erstellt in \d+,\d s · \d+ KB", caption), caption
    # another deviation measure is another view: the file of the first is not offered for it
    at.radio(key="soz.abw").set_value("percent").run()
    assert "Steckbrief (PDF)" in _buttons(at)
    assert "Steckbrief (PDF) speichern" not in _downloads(at)


def test_the_steckbrief_reports_map_charts_and_typesetting(demo_env: Path) -> None:
    """The steps a planner sees: the map, each chart picture, then the typesetting."""
    from features.profiles.area import area_pdf

    seen: list[str] = []
    data = run_with_steps(
        lambda: area_pdf("lor2021", "Planungsraum", "lor2021:10300734"), seen.append
    )
    assert data.startswith(b"%PDF")
    assert seen[0].startswith("Karte zeichnen: ")
    assert seen[-1].startswith("PDF setzen (") and seen[-1].endswith(" Abschnitte)")
    assert len(seen) >= 2
