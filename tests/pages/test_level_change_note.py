"""Sozialräume (#15 point 2): a change of level that drops the chosen indicator says so."""

from __future__ import annotations

from pathlib import Path

from tests.pages.conftest import open_page


def test_switching_to_a_level_without_the_indicator_names_it(demo_env: Path) -> None:
    at = open_page(
        "features/areas/page.py",
        {"ebene": "Planungsraum", "indikator": "mss_s4_child_poverty"},
    )
    assert at.selectbox(key="soz.ind").value == "mss_s4_child_poverty"
    assert not any("liegt für die Ebene" in i.value for i in at.info)
    at.selectbox(key="soz.ebene").set_value("Bezirk").run()
    assert not at.exception
    shown = at.selectbox(key="soz.ind").value
    assert shown != "mss_s4_child_poverty"
    notes = [i.value for i in at.info if "liegt für die Ebene" in i.value]
    assert len(notes) == 1
    assert notes[0].startswith("„MSS S4: Kinderarmut“ liegt für die Ebene „Bezirk“ nicht vor.")
    assert "Angezeigt wird stattdessen" in notes[0]
