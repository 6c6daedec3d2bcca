"""The start page handles bad URL values like every other page: one German note, default view."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.pages.conftest import APP, open_page

START = "features/start/page.py"


def _notes(at: object) -> list[str]:
    return [str(e.value) for e in [*at.info, *at.warning]]  # type: ignore[attr-defined]


def test_start_names_a_parameter_it_does_not_use_in_the_german_note(demo_env: Path) -> None:
    at = open_page(START, {"indikator": "<script>alert(1)</script>"})
    notes = [n for n in _notes(at) if "Link" in n]
    assert notes == [
        "Der Link enthielt ungültige Angaben („indikator“). Aus dem Link wurde nicht alles "
        "übernommen: „indikator“ wird auf dieser Seite nicht verwendet. Dafür wird die "
        "Standardansicht gezeigt."
    ]
    assert "indikator" not in at.query_params  # the link of the start page is clean again
    assert "<script>" not in " ".join(str(m.value) for m in at.markdown)


def test_start_does_not_echo_a_hostile_parameter_name(demo_env: Path) -> None:
    at = open_page(START, {"[klick](https://example.org)": "1"})
    notes = " ".join(_notes(at))
    assert "„unbekannte Angabe“" in notes
    assert "example.org" not in notes


def test_start_shows_the_note_for_a_bad_presentation_value(demo_env: Path) -> None:
    # "praesentation" is read once per session by the shared presentation mode (a fresh visit)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["praesentation"] = "x" * 100_000
    at.run()
    assert not at.exception
    notes = " ".join(_notes(at))
    assert "„praesentation“ ist länger als 200 Zeichen" in notes
    assert at.query_params.get("praesentation") is None


def test_start_without_parameters_shows_no_note(demo_env: Path) -> None:
    at = open_page(START)
    assert not any("Link" in n for n in _notes(at))
