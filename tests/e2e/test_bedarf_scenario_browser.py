"""#15 in a real browser: the projection page's scenario reaches Bedarf through its link, and
the Bedarf ranking is bars or a German note at every level (never empty axes)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import Server, Watched, assert_no_exception, screenshot, wait_rendered
from tests.e2e.test_pages import main_text

pytestmark = pytest.mark.e2e


def _demand(page) -> str:  # type: ignore[no-untyped-def]
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Bedarf (Plätze)").first
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def test_births_scenario_is_carried_into_bedarf(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{server.url}/bedarf_angebot?grundlage=prognose")
    wait_rendered(page)
    default = _demand(page)
    assert "mit den Annahmen dieser Variante" in main_text(page)

    page.goto(f"{server.url}/projektion?tfr=1.00")
    wait_rendered(page)
    link = page.get_by_role("link", name=re.compile("Bedarf und Angebot mit diesem Szenario"))
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url(re.compile(r"/bedarf_angebot\?"), timeout=60_000)
    wait_rendered(page)
    assert_no_exception(watched)
    text = main_text(page)
    assert "Szenario: Geburten 1,00 Kinder je Frau" in text, text[:800]
    assert "variante=szenario" in page.url and "tfr=1.00" in page.url
    carried = _demand(page)
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", carried) and carried != default
    # fewer births: fewer children under 3 in 2030 than in the middle variant
    assert int(carried.replace(".", "")) < int(default.replace(".", ""))
    screenshot(page, "bedarf_szenario")


def test_ranking_is_a_note_at_bezirk_and_bars_below(server: Server, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{server.url}/bedarf_angebot?ebene=Bezirk&ansicht=gebiet")
    wait_rendered(page)
    text = main_text(page)
    assert "Kein Gebiet der Ebene „Bezirk“ hat Fehlbedarf" in text, text[:800]
    assert page.locator("figure.pa-bars").filter(has_text="größter Fehlbedarf").count() == 0
    screenshot(page, "bedarf_rangfolge_bezirk")

    page.goto(f"{server.url}/bedarf_angebot?ebene=Bezirksregion&ansicht=gebiet")
    wait_rendered(page)
    ranking = page.locator("figure.pa-bars").filter(has_text="größter Fehlbedarf").first
    ranking.scroll_into_view_if_needed()
    # drawn bars (px), largest first, each beside its value as text
    widths = ranking.locator(".pa-bar").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().width)"
    )
    values = [int(v.replace(".", "")) for v in ranking.locator(".pa-bar-value").all_inner_texts()]
    assert 1 <= len(widths) <= 15 and len(values) == len(widths)
    assert all(w > 0 for w in widths) and widths == sorted(widths, reverse=True), widths
    assert values == sorted(values, reverse=True) and values[-1] > 0, values
    assert widths[-1] / widths[0] == pytest.approx(values[-1] / values[0], abs=0.02)
    screenshot(page, "bedarf_rangfolge_bezirksregion")
    assert_no_exception(watched)
