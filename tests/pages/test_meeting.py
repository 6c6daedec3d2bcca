"""Meeting mode (AppTest): URL switch, slides saved and stepped through, export/import file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import meeting_slides as ms

TIMEOUT = 90
APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ["start", "sozialraeume", "bedarf_angebot", "benchmarking", "projektion", "indikatoren"]


def _param(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def _labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def _bar_text(at: AppTest) -> str:
    return next(
        (m.value for m in at.markdown if "Folie" in m.value or "Präsentationsmodus" in m.value), ""
    )


def test_url_switches_meeting_mode_on_and_the_button_off(demo_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["praesentation"] = "1"
    at.run()
    assert not at.exception
    assert at.toggle(key="meet.aktiv").value is True
    assert {"◀ Zurück", "Weiter ▶", "Präsentation beenden"} <= set(_labels(at))
    assert "noch keine Folien gespeichert" in _bar_text(at)
    assert at.button(key="meet_next").disabled
    at.button(key="meet_stop").click().run()
    assert at.toggle(key="meet.aktiv").value is False
    assert "Präsentation beenden" not in _labels(at)
    assert _param(at, "praesentation") is None


@pytest.mark.parametrize("hostile", ["2", "1; DROP TABLE meta", "x" * 500, "<script>"])
def test_hostile_meeting_parameter_falls_back(demo_env: Path, hostile: str) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["praesentation"] = hostile
    at.run()
    assert not at.exception
    assert at.toggle(key="meet.aktiv").value is False
    assert "Präsentation beenden" not in _labels(at)


def test_slides_are_saved_and_stepped_through(demo_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("features/areas/page.py")
    at.query_params.update({"ebene": "Bezirk", "indikator": "share_65plus"})
    at.run()
    at.text_input(key="meet.titel").input("Ältere je Bezirk").run()
    at.button(key="meet_add").click().run()
    assert any("Folie 1 gespeichert: Ältere je Bezirk" in c.value for c in at.caption)
    at.selectbox(key="soz.ebene").set_value("Prognoseraum").run()
    at.text_input(key="meet.titel").input("Prognoseräume").run()
    at.button(key="meet_add").click().run()
    slides = at.session_state["meet.folien"]
    assert [s.title for s in slides] == ["Ältere je Bezirk", "Prognoseräume"]
    assert dict(slides[0].params)["ebene"] == "Bezirk"
    assert dict(slides[1].params)["ebene"] == "Prognoseraum"
    assert "praesentation" not in dict(slides[1].params)

    at.toggle(key="meet.aktiv").set_value(True).run()
    assert _param(at, "praesentation") == "1"
    assert "2 Folien" in _bar_text(at)
    at.button(key="meet_next").click().run()
    assert not at.exception
    assert _bar_text(at) == "**Folie 1 von 2: Ältere je Bezirk**"
    assert at.selectbox(key="soz.ebene").value == "Bezirk"
    assert at.selectbox(key="soz.ind").value == "share_65plus"
    assert _param(at, "praesentation") == "1"
    at.button(key="meet_next").click().run()
    assert _bar_text(at) == "**Folie 2 von 2: Prognoseräume**"
    assert at.selectbox(key="soz.ebene").value == "Prognoseraum"
    at.button(key="meet_prev").click().run()
    assert _bar_text(at) == "**Folie 1 von 2: Ältere je Bezirk**"
    assert at.selectbox(key="soz.ebene").value == "Bezirk"


def test_slide_file_round_trip() -> None:
    slides = [
        ms.Slide("Kitas – Mitte", "bedarf_angebot", (("ebene", "Bezirk"),)),
        ms.Slide("München", "benchmarking", (("ags", "09162"), ("dazu", "08111,06412"))),
    ]
    raw = ms.to_json(slides)
    doc = json.loads(raw)
    assert doc["folien"][1] == {
        "titel": "München",
        "url": "/benchmarking?ags=09162&dazu=08111%2C06412",
    }
    assert ms.from_json(raw, PAGES) == slides


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"not json", "kein JSON"),
        (b'{"format": "andere"}', "keine Folienliste"),
        (b'{"format": "planungsatlas-folien", "folien": {}}', "fehlt"),
        (
            b'{"format": "planungsatlas-folien", "folien": [{"titel": "x"}]}',
            "Folie 1 hat keinen Link",
        ),
        (
            b'{"format": "planungsatlas-folien", "folien": [{"url": "/admin?x=1"}]}',
            "Unbekannte Seite",
        ),
        (b"{" + b" " * 300_000 + b"}", "zu groß"),
    ],
)
def test_bad_slide_files_are_refused(raw: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ms.from_json(raw, PAGES)


def test_imported_slides_are_cleaned() -> None:
    raw = json.dumps(
        {
            "format": "planungsatlas-folien",
            "folien": [
                {
                    "titel": "A\u0000" + "b" * 500,
                    "url": "https://evil.example/sozialraeume?ebene=Bezirk&praesentation=1"
                    "&zeit=2024';DROP&Bad-Key=1",
                }
            ],
        }
    ).encode()
    (slide,) = ms.from_json(raw, PAGES)
    assert slide.page == "sozialraeume"
    assert slide.params == (("ebene", "Bezirk"),)
    assert slide.title == ("A " + "b" * 500)[: ms.MAX_TITLE]
    assert slide.url == "/sozialraeume?ebene=Bezirk"


def _download_labels(at: AppTest) -> list[str]:
    return [d.proto.label for d in at.get("download_button")]


def test_steckbrief_and_export_buttons_are_offered(demo_env: Path) -> None:
    """Steckbrief on the area profile and for the own Kommune; every chart has its export menu."""
    params = {"bereich": "profil", "gebiet": "lor2021:10300734", "themenfeld": "Demografie"}
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("features/areas/page.py")
    at.query_params.update(params)
    at.run()
    assert not at.exception
    labels = _download_labels(at)
    assert _labels(at).count("Steckbrief (PDF)") == 1  # made on click, then offered
    assert {"Bild (PNG)", "Vektorgrafik (SVG)", "Tabelle (CSV)", "Tabelle (Excel)"} <= set(labels)
    at.switch_page("features/benchmarking/page.py")
    at.run()
    assert not at.exception
    assert "Steckbrief (PDF)" in _labels(at)


def test_after_a_reload_the_pictures_for_the_handout_are_taken_in_one_walk(
    demo_env: Path,
) -> None:
    """Slides restored from the link have no pictures; one button shows each slide once and
    comes back to the view the planner was on, with every chart slide's picture kept."""
    deck = [
        ms.Slide("Ältere je Bezirk", "sozialraeume", (("ebene", "Bezirk"),)),
        ms.Slide("Kommunen", "benchmarking", ()),
        ms.Slide("Katalog", "indikatoren", ()),
    ]
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["folien"] = ms.to_param(deck)
    at.run()
    assert not at.exception
    assert [s.title for s in at.session_state["meet.folien"]] == [s.title for s in deck]
    button = at.button(key="meet_collect")
    assert button.label == "Bilder für das Handout aufnehmen (3 Folien)"
    button.click().run()
    assert not at.exception
    pictures = at.session_state["meet.bilder"]
    assert set(pictures) == {deck[0].url, deck[1].url}  # the catalogue has no chart
    assert "je Bezirk" in str(pictures[deck[0].url].layout.title.text)  # the slide's own view
    assert pictures[deck[1].url].layout.title.text == "Wo steht Berlin?"
    assert "meet.sammeln" not in at.session_state
    assert any(
        "Bilder von 2 Folien aufgenommen" in c.value and "1 Folien zeigen keine" in c.value
        for c in at.caption
    ), [c.value for c in at.caption]
    assert [t.value for t in at.title] == ["Planungsatlas"]  # back on the start page
    assert _param(at, "folien") == ms.to_param(deck)
