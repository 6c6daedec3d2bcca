"""What makes reruns fast must not change what a user sees (issue #17).

* Map data that is the same on every rerun is loaded once as a file (``components/maps/served.py``):
  the facility points on "Bedarf und Angebot", the grey Gemeinden under the Kommunen map.
* The time series on "Kommunen vergleichen" and the page below the focus on "Bevölkerungsprognose"
  are fragments: choosing an indicator (a scenario) reruns only them,
  and the shared link still holds the whole view – also when the choice is made while the page
  is still loading (the fragment's request then carries an incomplete query string).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, Watched, assert_no_exception, wait_rendered

pytestmark = pytest.mark.e2e

MAP = "[data-testid='stDeckGlJsonChart']"
MUENCHEN = "benchmarking?ebene=Gemeinde&ags=09162000"


def test_facility_points_come_from_a_served_file(server: Server, watched: Watched) -> None:
    page = watched.page
    with page.expect_response(lambda r: "/app/static/deck/" in r.url, timeout=60_000) as info:
        page.goto(f"{server.url}/bedarf_angebot?karten=zwei")
    response = info.value
    assert response.status == 200
    points = json.loads(response.body())
    assert len(points) == 2893  # every Kita of the demo's Kitaliste
    assert {"p", "r", "c", "tip"} <= set(points[0])
    wait_rendered(page)
    assert page.locator(MAP).count() == 2  # both maps draw the points of the one served file
    assert_no_exception(watched)


def _open_view(page, url: str, written: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Open a page and wait until the end of its first run wrote the view (``written``, a URL
    pattern) into the link; returns the link's parameters."""
    page.goto(url)
    wait_rendered(page)
    page.wait_for_url(written)
    wait_rendered(page)
    return _params(page.url)


def _map_box(page) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The first map's box on screen, once deck.gl has drawn (it draws after the element)."""
    chart = page.locator(MAP).first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(2500)
    box = chart.bounding_box()
    assert box is not None
    return dict(box)


def test_kommunen_map_rest_is_served_and_hover_names_the_role(
    server: Server, watched: Watched
) -> None:
    page = watched.page
    with page.expect_response(lambda r: "/app/static/deck/" in r.url, timeout=60_000) as info:
        page.goto(f"{server.url}/{MUENCHEN}&teil=karte")
    rest = json.loads(info.value.body())
    # every area of Bayern (2 056 Gemeinden and the gemeindefreie Gebiete), all grey
    assert len(rest["features"]) == 2227
    assert {tuple(f["properties"]["fill"]) for f in rest["features"]} == {(216, 216, 216)}
    assert all(
        f["properties"]["tip"].endswith(" · nicht in der Vergleichsgruppe")
        for f in rest["features"]
    )
    wait_rendered(page)
    box = _map_box(page)
    tips = []
    for dx, dy in ((0.45, 0.3), (0.55, 0.4), (0.5, 0.5), (0.6, 0.6), (0.4, 0.5)):
        page.mouse.move(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
        page.wait_for_timeout(600)
        tip = page.locator(".deck-tooltip")
        if tip.count() and tip.first.is_visible():
            tips.append(tip.first.inner_text())
    assert any(t.endswith("· nicht in der Vergleichsgruppe") for t in tips), tips
    assert_no_exception(watched)


def _params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def test_indicator_chosen_while_loading_keeps_the_whole_view_in_the_link(
    server: Server, watched: Watched
) -> None:
    page = watched.page
    page.goto(f"{server.url}/{MUENCHEN}&teil=entwicklung")
    box = page.get_by_role("combobox", name="Indikator")
    box.wait_for(timeout=60_000)  # as soon as the part is there, before the map is
    box.scroll_into_view_if_needed()
    box.click()
    option = page.get_by_role("option").nth(2)
    label = option.inner_text()
    option.click()
    wait_rendered(page)
    page.wait_for_timeout(1000)
    params = _params(page.url)
    assert params["indikator"] != "pop_total"  # the demo's default indicator
    for key in ("ebene", "ags", "gruppe", "k", "bereich", "jahr", "karte", "von", "bis"):
        assert key in params, (key, page.url)
    main = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert label.split(" (")[0] in main
    assert page.get_by_role("tab").count() == 3  # the rest of the full run is still there
    # a second choice, now on the loaded page: only the part reruns, the link stays whole
    box.click()
    page.get_by_role("option").nth(1).click()
    wait_rendered(page)
    again = _params(page.url)
    assert again["indikator"] not in (params["indikator"], "")
    assert {k: v for k, v in again.items() if k != "indikator"} == {
        k: v for k, v in params.items() if k != "indikator"
    }
    assert_no_exception(watched)


def test_planning_panel_reruns_alone_and_its_button_updates_the_page(
    server: Server, watched: Watched
) -> None:
    page = watched.page
    page.goto(f"{server.url}/bedarf_angebot")
    wait_rendered(page)
    page.wait_for_url("**leistung=**")  # the end of the first run wrote the view
    places = page.get_by_role("spinbutton", name="Plätze")
    places.scroll_into_view_if_needed()
    url = page.url
    places.fill("250")
    places.press("Enter")
    wait_rendered(page)
    assert page.url == url  # a value typed into the form is no scenario yet
    assert "plan" not in _params(page.url)
    page.get_by_role("button", name="Geplante Einrichtung hinzufügen").click()
    wait_rendered(page)
    params = _params(page.url)
    assert params["plan"].count(";") == 0 and ",250," in params["plan"], params["plan"]
    assert {"leistung", "karten"} <= set(params)  # the rest of the view stays in the link
    main = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "Planungsszenario aktiv: 1 geplante, 0 geschlossene" in main  # the whole page reran
    assert_no_exception(watched)


def test_sozialraeume_classes_rerun_the_map_part_and_a_map_click_the_page(
    server: Server, watched: Watched
) -> None:
    page = watched.page
    before = _open_view(page, f"{server.url}/sozialraeume", "**bereich=karte**")
    legend = page.locator(".pa-legend").first.locator("[role='listitem']")
    legend.first.wait_for()
    assert legend.count() == 5 + 1  # five classes and "keine Angabe"
    slider = page.get_by_role("slider", name="Klassen")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**klassen=6**")
    wait_rendered(page)
    after = _params(page.url)
    assert after == before | {"klassen": "6"}  # the whole view stays in the link
    assert legend.count() == 6 + 1  # the map part reran: six classes
    # a click on the map (inside the map part) selects the area for the whole page
    box = _map_box(page)
    for dx in (0.5, 0.45, 0.55, 0.4, 0.6):  # the middle of the Kommune; some point hits an area
        page.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * 0.5)
        page.wait_for_timeout(1500)
        if "gebiet" in _params(page.url):
            break
    wait_rendered(page)
    chosen = _params(page.url)
    assert chosen.get("gebiet"), page.url
    assert chosen["klassen"] == "6"
    combo = page.get_by_role("combobox", name="Gebiet hervorheben (oder auf die Karte klicken)")
    assert combo.input_value() or combo.inner_text()
    assert_no_exception(watched)


def _metric(page, label: str) -> str:  # type: ignore[no-untyped-def]
    box = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return str(box.locator("[data-testid='stMetricValue']").inner_text())


def test_prognose_scenario_reruns_its_part_and_the_sidebar_focus_the_page(
    server: Server, watched: Watched
) -> None:
    """Bevölkerungsprognose: below the sidebar's focus the page is one part (a fragment). A
    scenario slider reruns it with the whole view kept in the link; the focus in the sidebar
    (outside the part) still narrows the whole page."""
    page = watched.page
    before = _open_view(page, f"{server.url}/projektion", "**tfr=**")
    end = before["ende"]
    persons = _metric(page, f"Einwohner 31.12.{end}")
    slider = page.get_by_role("slider", name="Geburten (Kinder je Frau)")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(lambda url: _params(url).get("tfr") != before["tfr"])
    wait_rendered(page)
    after = _params(page.url)
    assert float(after["tfr"]) > float(before["tfr"])
    assert after == before | {"tfr": after["tfr"]}  # the whole view stays in the link
    assert _metric(page, f"Einwohner 31.12.{end}") != persons  # the part reran with more births
    box = page.locator("[data-testid='stSidebar']").get_by_role("combobox", name="Fokus")
    box.click()
    page.get_by_role("option").filter(has_text="(Bezirk)").first.click()
    page.wait_for_url("**fokus=**")
    wait_rendered(page)
    focused = _params(page.url)
    assert focused["tfr"] == after["tfr"]  # the scenario is kept
    in_focus = _number(_metric(page, f"Einwohner 31.12.{end}"))
    assert 0 < in_focus < _number(persons)  # the Bezirk only: the whole page reran
    main = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "Bevölkerungsprognose" in main
    assert_no_exception(watched)


def _number(text: str) -> int:
    """A German whole number as shown in a metric: ``"3.912.345"`` → 3912345."""
    return int(text.replace(".", "").strip())


def test_kommunen_draws_only_the_open_tab(server: Server, watched: Watched) -> None:
    """A click on a tab of "Kommunen vergleichen" draws that part alone; the link names it."""
    page = watched.page
    page.goto(f"{server.url}/{MUENCHEN}")
    wait_rendered(page)
    page.wait_for_url("**teil=lage**")
    plots = page.locator(".js-plotly-plot")
    # plotly draws its chart after Streamlit's run has ended: wait for the drawn charts, then
    # check that nothing of the other tabs was drawn as well
    expect(plots).to_have_count(1, timeout=60_000)  # the position overview
    wait_rendered(page)
    assert (plots.count(), page.locator(MAP).count()) == (1, 0)
    page.get_by_role("tab", name="Karte").click()
    page.wait_for_url("**teil=karte**")
    page.locator(MAP).wait_for(timeout=60_000)
    wait_rendered(page)
    assert (plots.count(), page.locator(MAP).count()) == (0, 1)
    page.get_by_role("tab", name="Zeitreihe und Entwicklung").click()
    page.wait_for_url("**teil=entwicklung**")
    page.get_by_role("combobox", name="Indikator").wait_for()
    expect(plots).to_have_count(2, timeout=60_000)  # series and change
    wait_rendered(page)
    assert (plots.count(), page.locator(MAP).count()) == (2, 0)
    selected = page.get_by_role("tab", selected=True)
    assert selected.inner_text() == "Zeitreihe und Entwicklung"
    assert_no_exception(watched)


def test_bedarf_table_download_is_built_on_click_for_the_shown_view(
    server: Server, watched: Watched
) -> None:
    """The CSV of "Bedarf und Angebot" is made when the button is clicked (not on every rerun,
    #17) and holds the view on screen: the 12 Bezirke, the quota of the link, source and date."""
    page = watched.page
    page.goto(f"{server.url}/bedarf_angebot?leistung=kita_u3&ebene=Bezirk&quote=50")
    wait_rendered(page)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Tabelle als CSV").click()
    assert info.value.suggested_filename == "bedarf_angebot_kita_u3_bezirk.csv"
    lines = Path(info.value.path()).read_bytes().decode("utf-8-sig").split("\r\n")
    header = lines[0].split(";")
    rows = [line.split(";") for line in lines[1:13]]
    assert lines[13] == ""  # 12 Bezirke, then the source lines
    assert {r[header.index("Gebiet")] for r in rows} >= {"Mitte", "Pankow", "Neukölln"}
    assert {r[header.index("Bedarfsquote (%)")] for r in rows} == {"50"}
    assert lines[14].startswith("Quelle: ") and lines[15].startswith("Datenstand: ")
    assert_no_exception(watched)
